#include "extract/lexicon.h"

#include <dirent.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include <unicode/uchar.h>

namespace newsintel {
namespace {

constexpr uint64_t kFnvOffset = 14695981039346656037ull;
constexpr uint64_t kFnvPrime = 1099511628211ull;
constexpr uint64_t kBreak = 0x9e3779b97f4a7c15ull;  // hash of a line-break token (odd: no word)

uint64_t Combine(uint64_t h, uint64_t token) {
  h ^= token + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
  return h * kFnvPrime;
}

std::string Trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\r' || s[b] == '\t')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\r' || s[e - 1] == '\t')) --e;
  return std::string(s.substr(b, e - b));
}

bool IsAlnumCodePoint(uint32_t c) {
  if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  return u_isalnum(static_cast<UChar32>(c)) != 0;
}

// Letters and digits of `s` as written, in order.
std::string AlnumOf(std::string_view s) {
  std::string out;
  size_t pos = 0;
  while (pos < s.size()) {
    size_t start = pos;
    uint32_t c = NextCodePoint(s, &pos);
    if (IsAlnumCodePoint(c)) out.append(s.substr(start, pos - start));
  }
  return out;
}

// AlnumOf(s) == alnum, without building AlnumOf(s).
bool AlnumEquals(std::string_view s, std::string_view alnum) {
  size_t matched = 0;
  size_t pos = 0;
  while (pos < s.size()) {
    size_t start = pos;
    uint32_t c = NextCodePoint(s, &pos);
    if (!IsAlnumCodePoint(c)) continue;
    size_t n = pos - start;
    if (alnum.size() - matched < n || s.compare(start, n, alnum.substr(matched, n)) != 0) {
      return false;
    }
    matched += n;
  }
  return matched == alnum.size();
}

// a == b, without a call for the short strings tokens are.
bool SameBytes(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i] != b[i]) return false;
  }
  return true;
}

bool IsSeparator(char c) { return c == ' ' || c == '-'; }

// ASCII letters and digits.
constexpr struct AsciiAlnumTable {
  bool v[256] = {};
  constexpr AsciiAlnumTable() {
    for (int c = '0'; c <= '9'; ++c) v[c] = true;
    for (int c = 'a'; c <= 'z'; ++c) v[c] = true;
    for (int c = 'A'; c <= 'Z'; ++c) v[c] = true;
  }
  constexpr bool operator[](unsigned char c) const { return v[c]; }
} kAsciiAlnum;

bool ValidType(const std::string& t) {
  return t == "PER" || t == "ORG" || t == "LOC" || t == "MODEL" || t == "EVENT" || t == "MISC";
}

bool ValidWikidataId(const std::string& id) {
  if (id.size() < 2 || id[0] != 'Q' || id[1] == '0') return false;
  return std::all_of(id.begin() + 1, id.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

Status LexiconError(const std::string& path, int line, const std::string& reason) {
  return Status::InvalidArgument(path + ":" + std::to_string(line) + ": " + reason);
}

Result<std::vector<TsvRow>> ReadTsvFile(const std::string& path, size_t min_fields,
                                        size_t max_fields) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IOError(path + ": cannot open lexicon file");
  std::vector<TsvRow> rows;
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::string trimmed = Trim(line);
    if (trimmed.empty() || trimmed[0] == '#') continue;
    std::string copy = line;
    if (SanitizeUtf8(&copy)) return LexiconError(path, number, "invalid UTF-8");
    TsvRow row;
    row.line = number;
    size_t start = 0;
    while (true) {
      size_t tab = line.find('\t', start);
      row.fields.push_back(Trim(std::string_view(line).substr(
          start, tab == std::string::npos ? std::string::npos : tab - start)));
      if (tab == std::string::npos) break;
      start = tab + 1;
    }
    while (row.fields.size() > min_fields && row.fields.back().empty()) row.fields.pop_back();
    if (row.fields.size() < min_fields || row.fields.size() > max_fields) {
      std::ostringstream msg;
      msg << "expected " << min_fields;
      if (max_fields != min_fields) msg << " to " << max_fields;
      msg << " tab-separated fields, found " << row.fields.size();
      return LexiconError(path, number, msg.str());
    }
    row.fields.resize(max_fields);
    rows.push_back(std::move(row));
  }
  if (in.bad()) return Status::IOError(path + ": read error");
  return rows;
}

std::vector<std::string> SplitAliases(std::string_view field) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= field.size()) {
    size_t bar = field.find('|', start);
    if (bar == std::string_view::npos) bar = field.size();
    std::string part = Trim(field.substr(start, bar - start));
    if (!part.empty()) out.push_back(std::move(part));
    start = bar + 1;
  }
  return out;
}

TokenizedText TokenizedText::Build(const FoldedText& folded, std::string_view original) {
  TokenizedText t;
  t.folded_ = &folded;
  t.original_ = original;
  const std::string& s = folded.str();
  // s.data()[s.size()] is '\0', which ends a word like any other non-letter.
  const unsigned char* data = reinterpret_cast<const unsigned char*>(s.data());
  const size_t size = s.size();
  t.tokens_.reserve(size / 3 + 1);
  size_t pos = 0;
  while (pos < size) {
    unsigned char c = data[pos];
    if (IsSeparator(static_cast<char>(c))) {
      ++pos;
      continue;
    }
    if (c == '\n') {
      // Consecutive breaks collapse into one token.
      if (t.tokens_.empty() || t.tokens_.back().hash != kBreak) {
        Token tok;
        tok.begin = static_cast<uint32_t>(pos);
        tok.end = static_cast<uint32_t>(pos + 1);
        tok.hash = kBreak;
        t.tokens_.push_back(tok);
      }
      ++pos;
      continue;
    }
    size_t start = pos;
    // FNV-1a of the token's bytes; the low bit is set unless it is a word.
    uint64_t h = kFnvOffset;
    bool word;
    if (kAsciiAlnum[c]) {
      word = true;  // hashed by the loop below
    } else if (c < 0x80) {
      word = false;
      h = (h ^ c) * kFnvPrime;
      ++pos;
    } else {
      word = IsAlnumCodePoint(NextCodePoint(s, &pos));
      for (size_t k = start; k < pos; ++k) h = (h ^ data[k]) * kFnvPrime;
    }
    if (word) {
      while (true) {
        const unsigned char* p = data + pos;
        while (kAsciiAlnum[*p]) {
          h = (h ^ *p) * kFnvPrime;
          ++p;
        }
        pos = static_cast<size_t>(p - data);
        if (*p < 0x80 || pos >= size) break;
        size_t after = pos;
        if (!IsAlnumCodePoint(NextCodePoint(s, &after))) break;
        for (; pos < after; ++pos) h = (h ^ data[pos]) * kFnvPrime;
      }
    }
    h = word ? (h & ~uint64_t{1}) : (h | 1);
    Token tok;
    tok.hash = h == kBreak ? h ^ 2 : h;
    tok.begin = static_cast<uint32_t>(start);
    tok.end = static_cast<uint32_t>(pos);
    t.tokens_.push_back(tok);
  }
  return t;
}

bool TokenizedText::Adjacent(size_t i) const {
  if (i + 1 >= tokens_.size()) return false;
  const std::string& s = folded_->str();
  for (uint32_t p = tokens_[i].end; p < tokens_[i + 1].begin; ++p) {
    if (s[p] == '\n') return false;
  }
  return tokens_[i].hash != kBreak && tokens_[i + 1].hash != kBreak;
}

std::string PhraseKey(std::string_view phrase) {
  FoldedText folded = FoldedText::Fold(phrase);
  TokenizedText t = TokenizedText::Build(folded, phrase);
  std::string key;
  for (size_t i = 0; i < t.tokens().size(); ++i) {
    if (t.tokens()[i].hash == kBreak) continue;
    if (!key.empty()) key.push_back(' ');
    key.append(t.FoldedToken(i));
  }
  return key;
}

AliasCase DefaultAliasCase(std::string_view alias) {
  size_t count = 0;
  size_t pos = 0;
  while (pos < alias.size()) {
    if (IsAlnumCodePoint(NextCodePoint(alias, &pos))) ++count;
  }
  return count <= 3 ? AliasCase::kExact : AliasCase::kFolded;
}

AliasMatcher::Slot* AliasMatcher::InsertSlot(uint64_t key) {
  if ((used_slots_ + 1) * 2 > slots_.size()) {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(old.empty() ? 64 : old.size() * 2, Slot());
    slot_mask_ = slots_.size() - 1;
    int log2 = 0;
    while ((size_t{1} << log2) < slots_.size()) ++log2;
    slot_shift_ = 64 - log2;
    used_slots_ = 0;
    for (const Slot& s : old) {
      if (s.used) *InsertSlot(s.key) = s;
    }
  }
  for (size_t i = key >> slot_shift_;; i = (i + 1) & slot_mask_) {
    Slot& s = slots_[i];
    if (s.used && s.key == key) return &s;
    if (!s.used) {
      s.used = true;
      s.key = key;
      ++used_slots_;
      return &s;
    }
  }
}

const AliasMatcher::Slot* AliasMatcher::FindSlot(uint64_t key) const {
  if (used_slots_ == 0) return nullptr;
  const Slot* slots = slots_.data();
  for (size_t i = key >> slot_shift_;; i = (i + 1) & slot_mask_) {
    const Slot& s = slots[i];
    if (!s.used) return nullptr;
    if (s.key == key) return &s;
  }
}

bool AliasMatcher::Add(std::string_view phrase, int value, AliasCase mode) {
  FoldedText folded = FoldedText::Fold(phrase);
  TokenizedText t = TokenizedText::Build(folded, phrase);
  Phrase p;
  p.mode = mode;
  p.value = value;
  uint64_t h = 0;
  uint64_t first_hash = 0;
  std::vector<uint64_t> hashes;
  for (size_t i = 0; i < t.tokens().size(); ++i) {
    const Token& tok = t.tokens()[i];
    if (tok.hash == kBreak) continue;
    if (p.tokens.empty()) first_hash = tok.hash;
    p.tokens.emplace_back(t.FoldedToken(i));
    h = Combine(h, tok.hash);
    hashes.push_back(h);
  }
  if (p.tokens.empty()) return false;
  if (mode != AliasCase::kFolded) p.exact = AlnumOf(phrase);
  if (const Slot* slot = FindSlot(h)) {
    for (int idx = slot->phrase; idx >= 0; idx = next_[idx]) {
      const Phrase& q = phrases_[idx];
      if (q.tokens == p.tokens && q.mode == p.mode && q.exact == p.exact) return false;
    }
  }
  for (size_t i = 0; i + 1 < hashes.size(); ++i) InsertSlot(hashes[i])->prefix = true;
  uint64_t bit = FirstBit(first_hash);
  first_bits_[bit >> 6] |= uint64_t{1} << (bit & 63);
  int32_t index = static_cast<int32_t>(phrases_.size());
  Slot* slot = InsertSlot(h);
  if (slot->phrase < 0) {
    slot->phrase = index;
  } else {
    int32_t tail = slot->phrase;
    while (next_[tail] >= 0) tail = next_[tail];
    next_[tail] = index;  // earlier phrases are tried first
  }
  next_.push_back(-1);
  max_tokens_ = std::max(max_tokens_, p.tokens.size());
  phrases_.push_back(std::move(p));
  return true;
}

int AliasMatcher::Lookup(std::string_view phrase) const {
  FoldedText folded = FoldedText::Fold(phrase);
  TokenizedText t = TokenizedText::Build(folded, phrase);
  std::vector<std::string> tokens;
  uint64_t h = 0;
  for (size_t i = 0; i < t.tokens().size(); ++i) {
    if (t.tokens()[i].hash == kBreak) continue;
    tokens.emplace_back(t.FoldedToken(i));
    h = Combine(h, t.tokens()[i].hash);
  }
  const Slot* slot = FindSlot(h);
  for (int idx = slot != nullptr ? slot->phrase : -1; idx >= 0; idx = next_[idx]) {
    if (phrases_[idx].tokens == tokens) return phrases_[idx].value;
  }
  return -1;
}

bool AliasMatcher::CaseHolds(const Phrase& p, const TokenizedText& text, Span original) const {
  if (p.mode == AliasCase::kFolded) return true;
  std::string_view written = text.OriginalText(original);
  if (p.mode == AliasCase::kExact) return AlnumEquals(written, p.exact);
  size_t pos = 0;
  while (pos < written.size()) {
    unsigned char byte = static_cast<unsigned char>(written[pos]);
    if (byte < 0x80) {  // ICU's answers for ASCII
      if (byte >= 'A' && byte <= 'Z') return true;
      if (byte >= 'a' && byte <= 'z') return false;
      ++pos;
      continue;
    }
    uint32_t c = NextCodePoint(written, &pos);
    if (u_isalpha(static_cast<UChar32>(c))) {
      return u_isupper(static_cast<UChar32>(c)) || u_istitle(static_cast<UChar32>(c));
    }
  }
  return false;
}

bool AliasMatcher::MatchFrom(const TokenizedText& text, size_t first, AliasMatch* match) const {
  const std::vector<Token>& tokens = text.tokens();
  if (tokens[first].hash == kBreak) return false;
  uint64_t h = 0;
  bool found = false;
  for (size_t n = 1; n <= max_tokens_ && first + n <= tokens.size(); ++n) {
    size_t last = first + n - 1;
    if (tokens[last].hash == kBreak) break;
    h = Combine(h, tokens[last].hash);
    const Slot* slot = FindSlot(h);
    if (slot == nullptr) break;
    for (int idx = slot->phrase; idx >= 0; idx = next_[idx]) {
      const Phrase& p = phrases_[idx];
      if (p.tokens.size() != n) continue;
      bool same = true;
      for (size_t k = 0; k < n && same; ++k) same = SameBytes(text.FoldedToken(first + k), p.tokens[k]);
      if (!same) continue;
      Span original = text.OriginalSpan(first, last);
      if (p.mode != AliasCase::kFolded && !CaseHolds(p, text, original)) continue;
      match->first_token = first;
      match->last_token = last;
      match->original = original;
      match->value = p.value;
      found = true;
      break;
    }
    if (!slot->prefix) break;
  }
  return found;
}

std::vector<AliasMatch> AliasMatcher::FindAll(const TokenizedText& text) const {
  std::vector<AliasMatch> out;
  const Token* tokens = text.tokens().data();
  const size_t n = text.tokens().size();
  const uint64_t* bits = first_bits_.data();
  AliasMatch m;
  for (size_t i = 0; i < n; ++i) {
    uint64_t bit = FirstBit(tokens[i].hash);
    if (((bits[bit >> 6] >> (bit & 63)) & 1) == 0 || !MatchFrom(text, i, &m)) continue;
    out.push_back(m);
    i = m.last_token;
  }
  return out;
}

bool AddLexiconAlias(std::string_view alias, int value, const LexiconEntry& entry,
                     AliasMatcher* matcher) {
  AliasCase mode;
  bool capitalized = entry.capitalized;
  if (entry.exact) {
    if (!alias.empty() && (alias[0] == '=' || alias[0] == '^')) alias.remove_prefix(1);
    mode = AliasCase::kExact;
  } else if (!alias.empty() && alias[0] == '=') {
    alias.remove_prefix(1);
    mode = AliasCase::kExact;
  } else if (!alias.empty() && alias[0] == '^') {
    alias.remove_prefix(1);
    mode = AliasCase::kCapitalized;
  } else {
    mode = DefaultAliasCase(alias);
    if (capitalized && mode == AliasCase::kFolded) mode = AliasCase::kCapitalized;
  }
  return matcher->Add(alias, value, mode);
}

Result<std::vector<LexiconEntry>> ReadEntityLexicon(const std::string& path) {
  Result<std::vector<TsvRow>> rows = ReadTsvFile(path, 2, 5);
  if (!rows.ok()) return rows.status();
  std::vector<LexiconEntry> out;
  for (TsvRow& row : *rows) {
    LexiconEntry e;
    e.type = row.fields[0];
    e.name = row.fields[1];
    e.id = row.fields[2];
    e.file = path;
    e.line = row.line;
    if (!ValidType(e.type)) {
      return LexiconError(path, row.line,
                          "type '" + e.type + "' is not one of PER ORG LOC MODEL EVENT MISC");
    }
    if (e.name.empty() || e.name[0] == '=' || e.name[0] == '^') {
      return LexiconError(path, row.line, "empty or marked canonical name");
    }
    if (!e.id.empty() && !ValidWikidataId(e.id)) {
      return LexiconError(path, row.line, "Wikidata id '" + e.id + "' is not Q followed by digits");
    }
    e.aliases = SplitAliases(row.fields[3]);
    for (const std::string& a : e.aliases) {
      std::string_view bare = a;
      if (bare[0] == '=' || bare[0] == '^') bare.remove_prefix(1);
      if (AlnumOf(bare).empty()) {
        return LexiconError(path, row.line, "alias '" + a + "' has no letter or digit");
      }
    }
    const std::string& flags = row.fields[4];
    if (flags == "cap") {
      e.capitalized = true;
    } else if (flags == "exact") {
      e.exact = true;
    } else if (!flags.empty()) {
      return LexiconError(path, row.line, "unknown flag '" + flags + "' (known: cap, exact)");
    }
    out.push_back(std::move(e));
  }
  return out;
}

std::vector<std::string> ListTsvFiles(const std::string& dir) {
  std::vector<std::string> out;
  DIR* d = opendir(dir.c_str());
  if (d == nullptr) return out;
  while (dirent* ent = readdir(d)) {
    std::string name = ent->d_name;
    if (name.size() > 4 && name.compare(name.size() - 4, 4, ".tsv") == 0 && name[0] != '.') {
      out.push_back(dir + "/" + name);
    }
  }
  closedir(d);
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace newsintel
