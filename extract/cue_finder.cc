#include "extract/cue_finder.h"

#include <algorithm>
#include <bitset>
#include <cstring>
#include <utility>

namespace newsintel {

namespace {

// The strings a regexp node can start with: `open` ones are whole matches
// shorter than the limit (what follows may extend them), `done` ones are
// truncated at the limit or before a character the analysis cannot list.
// A string of at most kMaxPrefix bytes packed in an integer (byte i at bits 8i).
constexpr size_t kMaxPrefix = 16;
struct Str {
  unsigned __int128 bytes = 0;
  size_t len = 0;
  bool operator<(const Str& o) const { return bytes != o.bytes ? bytes < o.bytes : len < o.len; }
  bool operator==(const Str& o) const { return bytes == o.bytes && len == o.len; }
};

// x then y, cut at k bytes. REQUIRES: x.len < kMaxPrefix.
Str Cat(const Str& x, const Str& y, size_t k) {
  Str r;
  r.len = std::min(x.len + y.len, k);
  r.bytes = x.bytes | (y.bytes << (8 * x.len));
  if (r.len < kMaxPrefix) r.bytes &= (static_cast<unsigned __int128>(1) << (8 * r.len)) - 1;
  return r;
}

struct Prefixes {
  std::vector<Str> open, done;  // sorted, unique
  bool operator==(const Prefixes& o) const { return open == o.open && done == o.done; }
  size_t size() const { return open.size() + done.size(); }
};

void SortUnique(std::vector<Str>* v) {
  std::sort(v->begin(), v->end());
  v->erase(std::unique(v->begin(), v->end()), v->end());
}

constexpr bool kLittleEndian = __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__;

bool IsWordByte(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

// A recursive-descent reading of RE2 syntax computing Prefixes; fails on
// anything it does not model.
class PrefixAnalyzer {
 public:
  PrefixAnalyzer(std::string_view pattern, size_t max_len, size_t max_strings)
      : p_(pattern), k_(max_len), cap_(max_strings) {}

  bool Run(std::vector<std::string>* out, bool* exact, int* assertions) {
    Prefixes r = ParseAlt();
    if (failed_ || i_ != p_.size()) return false;
    if (exact != nullptr) *exact = exact_ && r.done.empty();
    if (assertions != nullptr) *assertions = assertions_;
    out->clear();
    for (const std::vector<Str>* s : {&r.open, &r.done}) {
      for (const Str& x : *s) {
        if (x.len == 0) return false;
        std::string text;
        for (size_t i = 0; i < x.len; ++i) text.push_back(static_cast<char>(x.bytes >> (8 * i)));
        out->push_back(std::move(text));
      }
    }
    return true;
  }

 private:
  static constexpr int kMaxRepeatSteps = 64;

  bool Fail() {
    failed_ = true;
    return false;
  }
  bool TooBig(const Prefixes& r) {
    if (r.size() > cap_) Fail();
    return failed_;
  }

  Prefixes Empty() {
    Prefixes r;
    r.open.emplace_back();
    return r;
  }
  Prefixes Wild() {
    if (k_ > 0) exact_ = false;
    Prefixes r;
    r.done.emplace_back();
    return r;
  }
  Prefixes Literal(std::string_view s) {
    Prefixes r;
    if (k_ == 0) return Wild();  // not needed
    Str x;
    x.len = std::min(s.size(), k_);
    for (size_t i = 0; i < x.len; ++i) {
      x.bytes |= static_cast<unsigned __int128>(static_cast<unsigned char>(s[i])) << (8 * i);
    }
    (s.size() >= k_ ? r.done : r.open).push_back(x);
    return r;
  }
  Prefixes Bytes(const std::bitset<128>& set) {
    Prefixes r;
    for (int c = 0; c < 128; ++c) {
      if (set[c]) {
        Prefixes one = Literal(std::string(1, static_cast<char>(c)));
        r.open.insert(r.open.end(), one.open.begin(), one.open.end());
        r.done.insert(r.done.end(), one.done.begin(), one.done.end());
      }
    }
    SortUnique(&r.open);
    SortUnique(&r.done);
    return r;
  }

  Prefixes Concat(const Prefixes& a, const Prefixes& b) {
    Prefixes r;
    r.done = a.done;
    for (const Str& x : a.open) {
      for (const Str& y : b.open) {
        Str s = Cat(x, y, k_);
        (s.len >= k_ ? r.done : r.open).push_back(s);
      }
      for (const Str& y : b.done) r.done.push_back(Cat(x, y, k_));
      if (r.size() > 2 * cap_) {  // too big even with most duplicates removed
        Fail();
        return r;
      }
    }
    Normalize(&r);
    return r;
  }

  // The union, sorted only if `normalize` (else call Normalize later).
  Prefixes Union(Prefixes a, const Prefixes& b, bool normalize) {
    a.open.insert(a.open.end(), b.open.begin(), b.open.end());
    a.done.insert(a.done.end(), b.done.begin(), b.done.end());
    if (a.size() > 2 * cap_) Fail();
    if (normalize) Normalize(&a);
    return a;
  }
  void Normalize(Prefixes* a) {
    if (failed_) return;
    SortUnique(&a->open);
    SortUnique(&a->done);
    TooBig(*a);
  }

  // a{min,max}; max < 0: unbounded. Powers of `a` stop changing after a few
  // steps since strings are cut at k_.
  Prefixes Repeat(const Prefixes& a, int min, int max) {
    if (max < 0 && k_ > 0) exact_ = false;
    Prefixes power = Empty();
    for (int n = 0; n < min && !failed_; ++n) {
      Prefixes next = Concat(power, a);
      if (failed_) return next;
      bool stable = next == power;
      power = std::move(next);
      if (stable) break;
      if (n > kMaxRepeatSteps) Fail();
    }
    Prefixes result = power;
    Prefixes cur = power;
    for (int n = min; (max < 0 || n < max) && !failed_; ++n) {
      Prefixes next = Concat(cur, a);
      if (failed_) return next;
      bool stable = next == cur;
      cur = std::move(next);
      result = Union(std::move(result), cur, false);
      if (stable) break;
      if (n - min > kMaxRepeatSteps) Fail();
    }
    Normalize(&result);
    return result;
  }

  bool At(char c) const { return i_ < p_.size() && p_[i_] == c; }
  // An ASCII character that stands for itself outside a class.
  static bool IsPlain(char c) {
    return static_cast<unsigned char>(c) < 0x80 &&
           std::string_view("\\.[]()|*+?{}^$").find(c) == std::string_view::npos;
  }
  static bool IsQuantifierStart(char c) { return c == '*' || c == '+' || c == '?' || c == '{'; }

  Prefixes ParseAlt() {
    Prefixes r = ParseConcat();
    while (!failed_ && At('|')) {
      ++i_;
      r = Union(std::move(r), ParseConcat(), false);
    }
    Normalize(&r);
    return r;
  }

  // Each atom is read with the limit of what the strings before it still
  // need: the shortest open one, or nothing once all are done.
  Prefixes ParseConcat() {
    Prefixes acc = Empty();
    size_t limit = k_;
    while (!failed_ && i_ < p_.size() && !At('|') && !At(')')) {
      size_t shortest = limit;
      for (const Str& x : acc.open) shortest = std::min(shortest, x.len);
      k_ = acc.open.empty() ? 0 : limit - shortest;
      // A run of plain characters no quantifier applies to is one literal.
      size_t run = i_;
      while (run < p_.size() && IsPlain(p_[run]) &&
             (run + 1 >= p_.size() || !IsQuantifierStart(p_[run + 1]))) {
        ++run;
      }
      Prefixes atom = run > i_ + 1 ? Literal(p_.substr(i_, run - i_)) : ParseRepeat();
      if (run > i_ + 1) i_ = run;
      k_ = limit;
      if (failed_) break;
      acc = Concat(acc, atom);
    }
    return acc;
  }

  // Reads "{n}", "{n,}" or "{n,m}" at i_; anything else is a literal '{'.
  bool ReadBraces(int* min, int* max) {
    size_t j = i_ + 1;
    auto number = [&](int* v) {
      size_t start = j;
      long n = 0;
      while (j < p_.size() && p_[j] >= '0' && p_[j] <= '9' && j - start < 5) n = n * 10 + (p_[j++] - '0');
      *v = static_cast<int>(n);
      return j > start;
    };
    if (!number(min)) return false;
    if (j < p_.size() && p_[j] == '}') {
      *max = *min;
    } else if (j < p_.size() && p_[j] == ',') {
      ++j;
      if (j < p_.size() && p_[j] == '}') {
        *max = -1;
      } else if (!number(max) || j >= p_.size() || p_[j] != '}') {
        return false;
      }
    } else {
      return false;
    }
    i_ = j + 1;
    return true;
  }

  Prefixes ParseRepeat() {
    Prefixes a = ParseAtom();
    while (!failed_ && i_ < p_.size()) {
      int min = 0, max = 0;
      char c = p_[i_];
      if (c == '*') {
        ++i_, min = 0, max = -1;
      } else if (c == '+') {
        ++i_, min = 1, max = -1;
      } else if (c == '?') {
        ++i_, min = 0, max = 1;
      } else if (c != '{' || !ReadBraces(&min, &max)) {
        break;
      }
      if (At('?')) ++i_;  // non-greedy: same strings
      a = Repeat(a, min, max);
    }
    return a;
  }

  Prefixes ParseAtom() {
    unsigned char c = static_cast<unsigned char>(p_[i_]);
    switch (c) {
      case '(': {
        ++i_;
        if (At('?')) {
          if (i_ + 1 < p_.size() && p_[i_ + 1] == ':') {
            i_ += 2;
          } else if (i_ + 2 < p_.size() && p_[i_ + 1] == 'P' && p_[i_ + 2] == '<') {
            size_t close = p_.find('>', i_);
            if (close == std::string_view::npos) return Fail(), Empty();
            i_ = close + 1;
          } else {
            return Fail(), Empty();  // flags
          }
        }
        Prefixes r = ParseAlt();
        if (!At(')')) return Fail(), r;
        ++i_;
        return r;
      }
      case '[':
        return ParseClass();
      case '.':
        ++i_;
        return Wild();
      case '^':
      case '$':
        ++i_;
        ++assertions_;
        return Empty();
      case '\\':
        return ParseEscape();
      case '*':
      case '+':
      case '?':
      case '|':
      case ')':
        return Fail(), Empty();
      default:
        break;
    }
    if (c >= 0x80) {
      size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
      if (len == 0 || i_ + len > p_.size()) return Fail(), Empty();
      std::string_view s = p_.substr(i_, len);
      i_ += len;
      return Literal(s);
    }
    ++i_;
    return Literal(std::string(1, static_cast<char>(c)));
  }

  // A backslash escape outside a class: sets *ch to a single character, or
  // adds a class to *set, or sets *wild; returns false if not modelled.
  bool ReadEscape(int* ch, std::bitset<128>* set, bool* wild, bool* empty) {
    if (i_ + 1 >= p_.size()) return false;
    char c = p_[i_ + 1];
    i_ += 2;
    switch (c) {
      case 'b': case 'B': case 'A': case 'z':
        *empty = true;
        return true;
      case 'd':
        for (int x = '0'; x <= '9'; ++x) set->set(x);
        return true;
      case 's':
        for (int x : {'\t', '\n', '\f', '\r', ' '}) set->set(x);
        return true;
      case 'w':
        for (int x = 0; x < 128; ++x) {
          if (IsWordByte(static_cast<unsigned char>(x))) set->set(x);
        }
        return true;
      case 'D': case 'S': case 'W': case 'C':
        *wild = true;
        return true;
      case 'p': case 'P':
        if (At('{')) {
          size_t close = p_.find('}', i_);
          if (close == std::string_view::npos) return false;
          i_ = close + 1;
        } else if (i_ < p_.size()) {
          ++i_;
        }
        *wild = true;
        return true;
      case 'n': *ch = '\n'; return true;
      case 't': *ch = '\t'; return true;
      case 'r': *ch = '\r'; return true;
      case 'f': *ch = '\f'; return true;
      case 'v': *ch = '\v'; return true;
      case 'a': *ch = '\a'; return true;
      default:
        break;
    }
    unsigned char u = static_cast<unsigned char>(c);
    if (u < 0x80 && !IsWordByte(u)) {  // escaped punctuation
      *ch = u;
      return true;
    }
    return false;
  }

  Prefixes ParseEscape() {
    int ch = -1;
    std::bitset<128> set;
    bool wild = false, empty = false;
    if (!ReadEscape(&ch, &set, &wild, &empty)) return Fail(), Empty();
    if (empty) {
      ++assertions_;
      return Empty();
    }
    if (wild) return Wild();
    if (ch >= 0) set.set(ch);
    return Bytes(set);
  }

  Prefixes ParseClass() {
    ++i_;  // '['
    bool negated = At('^');
    if (negated) ++i_;
    std::bitset<128> set;
    bool wild = false;
    bool first = true;
    // One class member: a character (>= 0) or -1 after a class escape.
    auto member = [&](int* ch) {
      *ch = -1;
      if (i_ >= p_.size()) return false;
      unsigned char c = static_cast<unsigned char>(p_[i_]);
      if (c == '[' && i_ + 1 < p_.size() && p_[i_ + 1] == ':') return false;
      if (c == '\\') {
        bool empty = false;
        if (!ReadEscape(ch, &set, &wild, &empty) || empty) return false;
        return true;
      }
      if (c >= 0x80) {
        wild = true;
        ++i_;
        while (i_ < p_.size() && (static_cast<unsigned char>(p_[i_]) & 0xC0) == 0x80) ++i_;
        return true;
      }
      *ch = c;
      ++i_;
      return true;
    };
    while (true) {
      if (i_ >= p_.size()) return Fail(), Empty();
      if (At(']') && !first) {
        ++i_;
        break;
      }
      first = false;
      int lo;
      if (!member(&lo)) return Fail(), Empty();
      if (lo >= 0 && At('-') && i_ + 1 < p_.size() && p_[i_ + 1] != ']') {
        ++i_;
        int hi;
        bool was_wild = wild;
        if (!member(&hi)) return Fail(), Empty();
        if (hi < 0 && wild == was_wild) return Fail(), Empty();  // a class as range end
        if (hi < 0) hi = 127;  // up to a non-ASCII character: wild already
        for (int x = lo; x <= hi && x < 128; ++x) set.set(x);
      } else if (lo >= 0) {
        set.set(lo);
      }
    }
    if (negated || wild) return Wild();
    if (set.none()) return Fail(), Empty();
    return Bytes(set);
  }

  std::string_view p_;
  size_t i_ = 0;
  size_t k_, cap_;
  bool failed_ = false;
  bool exact_ = true;   // no character class was cut short, no unbounded repeat
  int assertions_ = 0;  // empty-width assertions read
};

// True if no string of `strings` is a proper prefix of another one at a word
// boundary: with \b after each, at most one of them matches at a position.
bool OneMatchPerPosition(const std::vector<std::string>& strings) {
  std::vector<std::string_view> all(strings.begin(), strings.end());
  std::sort(all.begin(), all.end());
  for (const std::string& s : strings) {
    for (size_t n = 1; n < s.size(); ++n) {
      bool boundary = IsWordByte(static_cast<unsigned char>(s[n - 1])) !=
                      IsWordByte(static_cast<unsigned char>(s[n]));
      if (boundary && std::binary_search(all.begin(), all.end(), std::string_view(s).substr(0, n))) {
        return false;
      }
    }
  }
  return true;
}

}  // namespace

bool MatchPrefixes(std::string_view pattern, size_t max_len, size_t max_strings,
                   std::vector<std::string>* out, bool* exact, int* assertions) {
  if (max_len == 0) return false;
  max_len = std::min(max_len, kMaxPrefix);
  PrefixAnalyzer a(pattern, max_len, max_strings);
  return a.Run(out, exact, assertions);
}

void PrefixTrie::Add(std::string_view prefix, uint32_t id, bool whole) {
  if (prefix.empty()) return;
  pending_.push_back({static_cast<uint32_t>(pending_bytes_.size()), static_cast<uint32_t>(prefix.size()),
                      id << 1 | (whole ? 1u : 0u)});
  pending_bytes_.append(prefix);
}

void PrefixTrie::Build() {
  auto text = [this](const Pending& e) { return std::string_view(pending_bytes_).substr(e.offset, e.size); };
  classes_ = 1;
  std::fill(std::begin(byte_class_), std::end(byte_class_), 0);
  for (char c : pending_bytes_) {
    uint16_t& k = byte_class_[static_cast<unsigned char>(c)];
    if (k == 0) k = static_cast<uint16_t>(classes_++);
  }
  // The nodes (the root and each distinct prefix of a string), from the
  // strings in byte order: a string shares the nodes of the prefix it has in
  // common with the one before it.
  struct Edge {
    uint32_t parent, cls, child;
  };
  std::vector<Edge> edges;
  uint32_t nodes = 1;
  {
    std::vector<uint32_t> order(pending_.size());
    for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(),
              [&](uint32_t x, uint32_t y) { return text(pending_[x]) < text(pending_[y]); });
    std::vector<uint32_t> path(1, 0);  // path[d]: the node of the first d bytes
    std::string_view prev;
    for (uint32_t i : order) {
      std::string_view s = text(pending_[i]);
      size_t shared = 0;
      while (shared < prev.size() && shared < s.size() && prev[shared] == s[shared]) ++shared;
      path.resize(shared + 1);
      for (size_t d = shared; d < s.size(); ++d) {
        edges.push_back({path[d], byte_class_[static_cast<unsigned char>(s[d])], nodes});
        path.push_back(nodes++);
      }
      prev = s;
    }
  }
  // Each node's children in cells base + class, first fit.
  std::vector<uint32_t> first(nodes + 1, 0);  // edges of node n: by_parent[first[n], first[n + 1])
  for (const Edge& e : edges) ++first[e.parent + 1];
  for (uint32_t n = 0; n < nodes; ++n) first[n + 1] += first[n];
  std::vector<uint32_t> by_parent(edges.size());
  {
    std::vector<uint32_t> at(first.begin(), first.end() - 1);
    for (uint32_t i = 0; i < edges.size(); ++i) by_parent[at[edges[i].parent]++] = i;
  }
  base_.assign(nodes, 0);
  cells_.assign(classes_, Cell());
  size_t free_from = 1;  // no free cell below but cell 0 (only a child of class 0 could use it)
  size_t end = 0;        // no used cell from here on
  for (uint32_t n = 0; n < nodes; ++n) {
    if (first[n] == first[n + 1]) continue;
    uint32_t low = classes_;
    for (uint32_t k = first[n]; k < first[n + 1]; ++k) low = std::min(low, edges[by_parent[k]].cls);
    // A few places from the lowest free cell, else past the used cells
    // (trying them all would take quadratic time).
    size_t b = free_from > low ? free_from - low : 0;
    for (int tries = 0;; ++tries, ++b) {
      if (tries == 64) b = std::max(b, end > low ? end - low : size_t{0});
      if (cells_.size() < b + classes_) cells_.resize(std::max(b + classes_, cells_.size() * 2), Cell());
      bool fits = true;
      for (uint32_t k = first[n]; k < first[n + 1] && fits; ++k) {
        fits = cells_[b + edges[by_parent[k]].cls].parent == kFree;
      }
      if (!fits) continue;
      base_[n] = static_cast<uint32_t>(b);
      for (uint32_t k = first[n]; k < first[n + 1]; ++k) {
        const Edge& e = edges[by_parent[k]];
        cells_[b + e.cls] = {n, e.child};
        end = std::max(end, b + e.cls + 1);
      }
      break;
    }
    while (free_from < cells_.size() && cells_[free_from].parent != kFree) ++free_from;
  }
  size_t used = 0;
  for (uint32_t n = 0; n < nodes; ++n) used = std::max<size_t>(used, base_[n] + classes_);
  cells_.resize(used);
  cells_.shrink_to_fit();
  // The ids, shortest strings first so that a string can see a shorter one of
  // its id on its path (in order of Add() among strings of one length).
  constexpr uint32_t kNone = ~0u;
  struct Link {
    uint32_t entry, next;
  };
  std::vector<Link> links;
  std::vector<uint32_t> head(nodes, kNone), tail(nodes, kNone);
  std::vector<uint32_t> by_length(pending_.size());
  for (uint32_t i = 0; i < by_length.size(); ++i) by_length[i] = i;
  std::stable_sort(by_length.begin(), by_length.end(),
                   [&](uint32_t x, uint32_t y) { return pending_[x].size < pending_[y].size; });
  for (uint32_t i : by_length) {
    const Pending& e = pending_[i];
    uint32_t node = 0;
    Cell* cell = nullptr;
    bool covered = false;  // a shorter string of the same id is on the path
    for (char c : text(e)) {
      cell = &cells_[base_[node] + byte_class_[static_cast<unsigned char>(c)]];
      node = cell->child & ~kHasIds;
      if ((e.entry & 1) != 0) continue;
      for (uint32_t l = head[node]; l != kNone && !covered; l = links[l].next) covered = links[l].entry == e.entry;
      if (covered) break;
    }
    if (covered) continue;
    uint32_t l = static_cast<uint32_t>(links.size());
    links.push_back({e.entry, kNone});
    (tail[node] == kNone ? head[node] : links[tail[node]].next) = l;
    tail[node] = l;
    cell->child |= kHasIds;
  }
  ids_begin_.assign(nodes + 1, 0);
  ids_.clear();
  ids_.reserve(links.size());
  for (uint32_t n = 0; n < nodes; ++n) {
    ids_begin_[n] = static_cast<uint32_t>(ids_.size());
    for (uint32_t l = head[n]; l != kNone; l = links[l].next) ids_.push_back(links[l].entry);
  }
  ids_begin_[nodes] = static_cast<uint32_t>(ids_.size());
  pending_.clear();
  pending_.shrink_to_fit();
  pending_bytes_.clear();
  pending_bytes_.shrink_to_fit();
}

CueFinder::CueFinder(const RE2::Options& options) : options_(options) {}
CueFinder::~CueFinder() = default;

int CueFinder::Add(const std::string& pattern, uint32_t mask, std::string* error) {
  std::string wrapped = "\\b(?:" + pattern + ")\\b";
  auto re = std::make_unique<RE2>(wrapped, options_);
  if (!re->ok()) {
    *error = re->error();
    return -1;
  }
  int id = static_cast<int>(res_.size());
  // Prefixes of up to 16 bytes (enough to see the verb after "auraient "),
  // 8 or fewer when there would be too many. Whole
  // strings without other assertions than the wrapping ones are matched
  // without RE2.
  std::vector<std::string> prefixes;
  bool exact = false;
  int assertions = 0;
  // The trie's size is bounded by the bytes of all the prefixes.
  size_t bytes = 0;
  auto fits = [&]() {
    bytes = 0;
    for (const std::string& p : prefixes) bytes += p.size();
    return prefix_bytes_ + bytes <= kMaxPrefixBytes;
  };
  bool found = MatchPrefixes(wrapped, 16, 1500, &prefixes, &exact, &assertions) && fits();
  bool whole = found && exact && assertions == 2 && OneMatchPerPosition(prefixes);
  for (size_t len = 8; len >= 2 && !found; --len) {
    found = MatchPrefixes(wrapped, len, 1000, &prefixes) && fits();
  }
  if (found) {
    prefix_bytes_ += bytes;
    for (const std::string& p : prefixes) trie_.Add(p, static_cast<uint32_t>(id), whole);
  }
  has_prefixes_.push_back(found);
  res_.push_back(std::move(re));
  masks_.push_back(mask);
  return id;
}

bool CueFinder::Compile() {
  auto fallback = std::make_unique<RE2::Set>(options_, RE2::UNANCHORED);
  std::vector<std::string> fallback_patterns;
  fallback_ids_.clear();
  for (size_t id = 0; id < res_.size(); ++id) {
    std::string error;
    if (!has_prefixes_[id]) {
      fallback_patterns.push_back(res_[id]->pattern());
      if (fallback->Add(fallback_patterns.back(), &error) < 0) return false;
      fallback_ids_.push_back(static_cast<int>(id));
    }
  }
  fallback_set_ = nullptr;
  if (!fallback_ids_.empty()) {
    if (!fallback->Compile()) return false;
    fallback_set_ = PerThreadSet(std::move(fallback), std::move(fallback_patterns), options_, RE2::UNANCHORED);
  }
  size_t count = res_.size();
  lanes_ = PerThread<Lane>::Create(std::make_unique<Lane>(), [count] {
    auto lane = std::make_unique<Lane>();
    lane->shared = false;
    lane->res.resize(count);
    return lane;
  });
  trie_.Build();
  for (int c = 0; c < 256; ++c) {
    scan_[c] = (IsWordByte(static_cast<unsigned char>(c)) ? kWord : 0) |
               (trie_.MayStart(static_cast<unsigned char>(c)) ? kMayStart : 0);
    nonword_may_start_ |= scan_[c] == kMayStart;
  }
  return true;
}

const RE2& CueFinder::Re(const Lane& lane, int id) const {
  if (lane.shared) return *res_[id];
  std::unique_ptr<RE2>& copy = lane.res[id];
  if (copy == nullptr) {
    copy = std::make_unique<RE2>(res_[id]->pattern(), res_[id]->options());
    if (!copy->ok()) copy = nullptr;  // as res_[id], which compiled: not expected
  }
  return copy != nullptr ? *copy : *res_[id];
}

void CueFinder::AllMatches(const Lane& lane, int id, std::string_view text, uint32_t begin,
                           uint32_t end, std::vector<Hit>* hits) const {
  re2::StringPiece whole(text.data(), text.size());
  size_t pos = begin;
  re2::StringPiece m;
  const RE2& re = Re(lane, id);
  while (pos <= end && re.Match(whole, pos, end, RE2::UNANCHORED, &m, 1)) {
    size_t b = static_cast<size_t>(m.data() - text.data());
    size_t e = b + m.size();
    if (e > b) hits->push_back({id, static_cast<uint32_t>(b), static_cast<uint32_t>(e)});
    pos = e > b ? e : b + 1;
  }
}

void CueFinder::FindPlain(std::string_view text, uint32_t begin, uint32_t end, uint32_t mask,
                          std::vector<Hit>* hits) const {
  if (begin >= end) return;
  std::call_once(plain_once_, [this]() {
    auto set = std::make_unique<RE2::Set>(options_, RE2::UNANCHORED);
    std::string error;
    for (const auto& re : res_) set->Add(re->pattern(), &error);
    if (set->Compile()) plain_set_ = std::move(set);
  });
  std::vector<int> ids;
  if (plain_set_ == nullptr) return;
  if (!plain_set_->Match(re2::StringPiece(text.data() + begin, end - begin), &ids)) return;
  for (int id : ids) {
    if (masks_[id] & mask) AllMatches(lanes_->original(), id, text, begin, end, hits);
  }
}

void CueFinder::Find(std::string_view text, uint32_t begin, uint32_t end, uint32_t mask,
                     std::vector<Hit>* hits) const {
  if (begin >= end) return;
  const Lane& lane = lanes_->Get();
  // Candidates: a match starts at a word boundary (the \b of the wrapping)
  // with one of its pattern's prefixes; a whole string is a match when a word
  // boundary follows it inside the range.
  struct Candidate {
    uint32_t id, start, len;  // len 0: to be checked with the pattern's RE2
    bool operator<(const Candidate& o) const {
      return id != o.id ? id < o.id : start != o.start ? start < o.start : len < o.len;
    }
  };
  std::vector<Candidate> cands;
  cands.reserve(64);
  auto word = [&](size_t p) { return IsWordByte(static_cast<unsigned char>(text[p])); };
  auto visit = [&](uint32_t p) {
    trie_.ForEachAt(text, p, [&](uint32_t entry, size_t len) {
      uint32_t id = entry >> 1;
      if ((masks_[id] & mask) == 0) return;
      if ((entry & 1) == 0) {
        cands.push_back({id, p, 0});
        return;
      }
      size_t e = p + len;
      if (e <= end && word(e - 1) != (e < text.size() && word(e))) {
        cands.push_back({id, p, static_cast<uint32_t>(len)});
      }
    });
  };
  // Word boundaries: the first byte of each run of word or non-word bytes.
  const unsigned char* bytes = reinterpret_cast<const unsigned char*>(text.data());
  uint32_t p = begin;
  bool in_word = begin > 0 && (scan_[bytes[begin - 1]] & kWord) != 0;
  if (!nonword_may_start_ && kLittleEndian) {
    // Only the first bytes of word runs can start a match: 8 bytes at a time.
    uint64_t before = in_word ? 0x80 : 0;  // in byte 0: the byte before is \w
    for (; p + 8 <= end; p += 8) {
      uint64_t eight;
      std::memcpy(&eight, bytes + p, 8);
      uint64_t word_bytes = WordByteMask(eight);
      uint64_t starts = word_bytes & ~(word_bytes << 8 | before);
      before = word_bytes >> 56;
      for (; starts != 0; starts &= starts - 1) {
        uint32_t q = p + static_cast<uint32_t>(__builtin_ctzll(starts) >> 3);
        if ((scan_[bytes[q]] & kMayStart) != 0) visit(q);
      }
    }
    in_word = before != 0;
  }
  while (p < end) {
    if (in_word) {
      while (p < end && (scan_[bytes[p]] & kWord) != 0) ++p;
    } else {
      while (p < end && (scan_[bytes[p]] & kWord) == 0) ++p;
    }
    if (p >= end) break;
    if ((scan_[bytes[p]] & kMayStart) != 0) visit(p);
    in_word = !in_word;
    ++p;
  }
  std::sort(cands.begin(), cands.end());
  re2::StringPiece whole(text.data(), text.size());
  re2::StringPiece alone(text.data() + begin, end - begin);
  for (size_t i = 0; i < cands.size();) {
    uint32_t id = cands[i].id;
    size_t group_end = i;
    while (group_end < cands.size() && cands[group_end].id == id) ++group_end;
    // The leftmost match from `pos` starts at the first candidate where an
    // anchored match succeeds.
    size_t first_hit = hits->size();
    bool seen_alone = false;  // a match known to hold in the range taken alone
    uint32_t pos = begin;
    for (; i < group_end; ++i) {
      uint32_t p = cands[i].start;
      if (p < pos) continue;
      uint32_t e = p + cands[i].len;
      if (cands[i].len == 0) {
        re2::StringPiece m;
        if (!Re(lane, id).Match(whole, p, end, RE2::ANCHOR_START, &m, 1)) continue;
        e = p + static_cast<uint32_t>(m.size());
        seen_alone |= p > begin && e < end;
      } else {
        // A whole string: only its two \b read outside it.
        seen_alone |= word(p) != (p > begin && word(p - 1)) &&
                      word(e - 1) != (e < end && word(e));
      }
      if (e > p) hits->push_back({static_cast<int>(id), p, e});
      pos = e > p ? e : p + 1;
    }
    // FindPlain keeps a pattern's hits only if it matches the range taken
    // alone; a match strictly inside the range is one such match (the
    // assertions it reads see the same bytes), otherwise ask the pattern.
    if (hits->size() > first_hit && !seen_alone &&
        !Re(lane, id).Match(alone, 0, alone.size(), RE2::UNANCHORED, nullptr, 0)) {
      hits->resize(first_hit);
    }
  }
  if (fallback_set_ != nullptr) {
    std::vector<int> ids;
    if (fallback_set_->Get().Match(alone, &ids)) {
      std::sort(ids.begin(), ids.end());
      for (int f : ids) {
        int id = fallback_ids_[f];
        if (masks_[id] & mask) AllMatches(lane, id, text, begin, end, hits);
      }
    }
  }
}

}  // namespace newsintel
