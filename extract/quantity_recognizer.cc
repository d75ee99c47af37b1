#include "extract/quantity_recognizer.h"

#include <re2/re2.h>

#include <algorithm>
#include <cmath>

#include "extract/lexicon.h"
#include "extract/literal_pattern.h"
#include "extract/per_thread.h"

namespace newsintel {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsLetter(char c) { return c >= 'a' && c <= 'z'; }
bool IsAlnum(char c) { return IsDigit(c) || IsLetter(c); }

// The keys as literal patterns, longest first.
std::string Alternation(const std::vector<std::string>& keys) {
  std::vector<std::string> patterns;
  patterns.reserve(keys.size());
  for (const std::string& k : keys) patterns.push_back(LiteralPattern(k));
  return LongestFirst(std::move(patterns));
}

// Moves `pos` forward to the start of a UTF-8 character and out of a word.
size_t WindowStart(const std::string& s, size_t pos) {
  while (pos < s.size() && (static_cast<unsigned char>(s[pos]) & 0xC0) == 0x80) ++pos;
  if (pos > 0 && pos < s.size() && IsAlnum(s[pos - 1])) {
    while (pos < s.size() && IsAlnum(s[pos])) ++pos;
  }
  return pos;
}

// A match of "(?:^|[^a-z0-9])(?:SURFACES) *$": the surface without the boundary
// character and the trailing spaces, found by asking `known` for the key with and
// without the first character (a surface may itself start with "$" or "(").
template <typename Known>
bool SplitBoundaryMatch(const std::string& s, re2::StringPiece match, size_t* begin, size_t* end,
                        Known known) {
  size_t b = static_cast<size_t>(match.data() - s.data());
  size_t e = b + match.size();
  while (e > b && s[e - 1] == ' ') --e;
  if (e <= b) return false;
  std::string key = CollapseSpaces(std::string_view(s.data() + b, e - b));
  if (known(key)) {
    *begin = b;
    *end = e;
    return true;
  }
  if (e - b < 2) return false;
  key = CollapseSpaces(std::string_view(s.data() + b + 1, e - b - 1));
  if (!known(key)) return false;
  *begin = b + 1;
  *end = e;
  return true;
}

bool KnownKind(const std::string& k) {
  return k == "currency" || k == "percent" || k == "dimension" || k == "duration" ||
         k == "temperature" || k == "number";
}

// Trimmed folded text between two offsets.
std::string_view Trimmed(const std::string& s, size_t b, size_t e) {
  while (b < e && s[b] == ' ') ++b;
  while (e > b && s[e - 1] == ' ') --e;
  return std::string_view(s.data() + b, e - b);
}

bool EndsWithWord(std::string_view text, std::string_view word) {
  if (text.size() < word.size() || text.substr(text.size() - word.size()) != word) return false;
  if (text.size() == word.size()) return true;
  char before = text[text.size() - word.size() - 1];
  return !IsAlnum(before) || !IsAlnum(word[0]);
}

}  // namespace

struct QuantityRecognizer::UnitHit {
  const UnitEntry* entry = nullptr;
  size_t begin = 0, end = 0;
  bool spaced = false;
};

QuantityRecognizer::QuantityRecognizer() = default;
QuantityRecognizer::~QuantityRecognizer() = default;

Result<std::unique_ptr<QuantityRecognizer>> QuantityRecognizer::Create(const std::string& lexicon_dir) {
  std::unique_ptr<QuantityRecognizer> r(new QuantityRecognizer());
  auto numbers = NumberGrammar::Create(lexicon_dir);
  if (!numbers.ok()) return numbers.status();
  r->numbers_ = std::move(*numbers);

  const std::string units_path = lexicon_dir + "/units.tsv";
  auto units = ReadTsvFile(units_path, 5, 8);
  if (!units.ok()) return units.status();
  std::vector<std::string> post_keys, pre_keys;
  for (const TsvRow& row : *units) {
    UnitEntry e;
    const std::string& lang = row.fields[0];
    if (lang != "en" && lang != "fr" && lang != "*") return LexiconError(units_path, row.line, "language must be en, fr or *");
    e.langs[0] = lang != "fr";
    e.langs[1] = lang != "en";
    std::string key = FoldKey(row.fields[1]);
    if (key.empty()) return LexiconError(units_path, row.line, "empty surface");
    e.unit = row.fields[2];
    e.kind = row.fields[3];
    if (!KnownKind(e.kind)) return LexiconError(units_path, row.line, "unknown kind '" + e.kind + "'");
    const std::string& position = row.fields[4];
    if (position != "pre" && position != "post" && position != "both") {
      return LexiconError(units_path, row.line, "position must be pre, post or both");
    }
    e.pre = position != "post";
    e.post = position != "pre";
    if (!row.fields[5].empty() && row.fields[5] != "-" &&
        (!ParseLexiconNumber(row.fields[5], &e.multiplier) || e.multiplier <= 0)) {
      return LexiconError(units_path, row.line, "multiplier is not a positive number");
    }
    if (!row.fields[6].empty() && row.fields[6] != "-") {
      std::string conds = row.fields[6] + ",";
      size_t start = 0, comma;
      while ((comma = conds.find(',', start)) != std::string::npos) {
        std::string c = conds.substr(start, comma - start);
        start = comma + 1;
        if (c == "scale") e.cond_scale = true;
        else if (c == "noscale") e.cond_noscale = true;
        else if (c == "minor") e.cond_minor = true;
        else if (c == "lower") e.cond_lower = true;
        else return LexiconError(units_path, row.line, "unknown cond '" + c + "'");
      }
    }
    if (!row.fields[7].empty() && row.fields[7] != "-") {
      std::string minor = row.fields[7];
      size_t colon = minor.find(':');
      if (colon == std::string::npos || !ParseLexiconNumber(minor.substr(0, colon), &e.minor_factor) ||
          e.minor_factor <= 1) {
        return LexiconError(units_path, row.line, "minor must be FACTOR:UNIT, e.g. 100:cent?");
      }
      e.minor_unit = minor.substr(colon + 1);
      if (!e.minor_unit.empty() && e.minor_unit.back() == '?') {
        e.minor_optional = true;
        e.minor_unit.pop_back();
      }
      if (e.minor_unit.empty()) return LexiconError(units_path, row.line, "minor unit is empty");
    }
    if (e.post) post_keys.push_back(key);
    if (e.pre) pre_keys.push_back(key);
    r->units_[key].push_back(e);
  }
  const std::string markers_path = lexicon_dir + "/approx_markers.tsv";
  auto markers = ReadTsvFile(markers_path, 2, 2);
  if (!markers.ok()) return markers.status();
  std::vector<std::string> marker_keys;
  for (const TsvRow& row : *markers) {
    const std::string& lang = row.fields[0];
    if (lang != "en" && lang != "fr" && lang != "*") return LexiconError(markers_path, row.line, "language must be en, fr or *");
    std::string key = FoldKey(row.fields[1]);
    if (key.empty()) return LexiconError(markers_path, row.line, "empty marker");
    r->approx_langs_[key] |= (lang != "fr" ? 1 : 0) | (lang != "en" ? 2 : 0);
    marker_keys.push_back(key);
  }
  r->post_keys_ = std::make_unique<KeyMatcher>(post_keys);
  r->pre_end_ = std::make_unique<KeyEndFilter>(pre_keys);
  r->approx_end_ = std::make_unique<KeyEndFilter>(marker_keys);
  const std::vector<std::string> range_openers = {"entre", "between", "de", "du", "from", "d'"};
  r->range_open_end_ = std::make_unique<KeyEndFilter>(range_openers);
  re2::RE2::Options options;
  options.set_log_errors(false);
  options.set_longest_match(true);
  // Patterns without capturing groups: callers ask for the whole match only, which
  // RE2 finds with its DFA; the parts are read back by hand.
  auto pre_units = std::make_unique<re2::RE2>("(?:^|[^a-z0-9])(?:" + Alternation(pre_keys) + ") *$", options);
  auto approx = std::make_unique<re2::RE2>("(?:^|[^a-z0-9])(?:" + Alternation(marker_keys) + ") *$", options);
  auto range_open =
      std::make_unique<re2::RE2>("(?:^|[^a-z0-9])(" + Alternation(range_openers) + ")( *)$", options);
  for (const auto* re : {pre_units.get(), approx.get(), range_open.get()}) {
    if (!re->ok()) return Status::Internal("unit pattern: " + re->error());
  }
  r->pre_units_ = PerThreadRE2(std::move(pre_units));
  r->approx_ = PerThreadRE2(std::move(approx));
  r->range_open_ = PerThreadRE2(std::move(range_open));
  return r;
}

bool QuantityRecognizer::MatchPostUnit(const FoldedText& text, std::string_view original, size_t pos,
                                       const NumberMatch* number, int lang_slot, bool as_minor,
                                       UnitHit* hit) const {
  const std::string& s = text.str();
  bool scaled = number != nullptr && number->has_scale;
  // The surfaces are matched by hand as RE2 would match " *(?:de +|of +|d')(?:SURFACES)"
  // (pass 0) and " *(?:- *)?(?:SURFACES)" (pass 1) anchored at pos, within 96 bytes.
  const size_t window_end = std::min(s.size(), pos + 96);
  auto skip_spaces = [&](size_t q) {
    while (q < window_end && s[q] == ' ') ++q;
    return q;
  };
  for (int pass = 0; pass < 2; ++pass) {
    if (pass == 0 && !(scaled || (number != nullptr && number->fraction))) continue;
    size_t end = std::string::npos;
    const size_t q = skip_spaces(pos);
    if (pass == 0) {
      if (q + 2 > window_end) continue;
      if (s.compare(q, 2, "d'") == 0) {
        end = post_keys_->LongestAt(s, q + 2, window_end);
      } else if (s.compare(q, 2, "de") == 0 || s.compare(q, 2, "of") == 0) {
        if (q + 2 >= window_end || s[q + 2] != ' ') continue;
        end = post_keys_->LongestAt(s, skip_spaces(q + 2), window_end);
      }
    } else if (q < window_end) {
      end = post_keys_->LongestAt(s, q, window_end);
      if (s[q] == '-') {
        size_t after_hyphen = post_keys_->LongestAt(s, skip_spaces(q + 1), window_end);
        if (after_hyphen != std::string::npos && (end == std::string::npos || after_hyphen > end)) {
          end = after_hyphen;
        }
      }
    }
    if (end == std::string::npos) continue;
    size_t begin = pos;
    while (begin < end && s[begin] == ' ') ++begin;
    bool spaced = begin > pos;
    if (pass == 0) {
      if (s.compare(begin, 2, "d'") == 0) {
        begin += 2;
      } else {
        begin += 2;  // "de" or "of"
        while (begin < end && s[begin] == ' ') ++begin;
      }
      spaced = true;
    } else if (begin < end && s[begin] == '-') {
      ++begin;
      while (begin < end && s[begin] == ' ') ++begin;
      spaced = true;
    }
    if (begin >= end) continue;
    std::string_view surface(s.data() + begin, end - begin);
    char last = s[end - 1];
    if (end < s.size()) {
      char next = s[end];
      if (IsAlnum(last) && (IsAlnum(next) || next == '\'')) continue;
      if (next == '-' && end + 1 < s.size() && IsDigit(s[end + 1])) continue;  // L-202
    }
    auto it = units_.find(CollapseSpaces(surface));
    if (it == units_.end()) continue;
    for (const UnitEntry& e : it->second) {
      if (!e.post) continue;
      if (lang_slot >= 0 && !e.langs[lang_slot]) continue;
      if (e.cond_minor && !as_minor) continue;
      if (e.cond_scale && !scaled) continue;
      if (e.cond_noscale && scaled) continue;
      if (e.cond_lower) {
        Span os = text.ToOriginal(begin, end);
        bool lower = true;
        for (uint32_t k = os.start; k < os.end; ++k) {
          if (original[k] >= 'A' && original[k] <= 'Z') lower = false;
        }
        if (!lower) continue;
      }
      hit->entry = &e;
      hit->begin = begin;
      hit->end = end;
      hit->spaced = spaced;
      return true;
    }
  }
  return false;
}

bool QuantityRecognizer::UnitAt(const FoldedText& text, std::string_view original, size_t pos,
                                std::string_view lang, std::string* unit, std::string* kind,
                                size_t* end) const {
  NumberLanguage nl = NumberLanguageFromCode(lang);
  int slot = nl == NumberLanguage::kEnglish ? 0 : nl == NumberLanguage::kFrench ? 1 : -1;
  UnitHit hit;
  if (!MatchPostUnit(text, original, pos, nullptr, slot, false, &hit)) return false;
  *unit = hit.entry->unit;
  *kind = hit.entry->kind;
  *end = hit.end;
  return true;
}

bool QuantityRecognizer::MatchPreUnit(const FoldedText& text, std::string_view original, size_t pos,
                                      size_t floor, const NumberMatch& number, int lang_slot,
                                      UnitHit* hit) const {
  const std::string& s = text.str();
  size_t ws = WindowStart(s, std::max(floor, pos > 48 ? pos - 48 : size_t{0}));
  if (ws >= pos || !pre_end_->MayEndWithKey(s, ws, pos)) return false;
  re2::StringPiece window(s.data() + ws, pos - ws);
  re2::StringPiece match;
  if (!pre_units_->Get().Match(window, 0, window.size(), re2::RE2::UNANCHORED, &match, 1)) return false;
  size_t begin, end;
  auto it = units_.end();
  if (!SplitBoundaryMatch(s, match, &begin, &end, [&](std::string_view key) {
        it = units_.find(std::string(key));
        return it != units_.end();
      })) {
    return false;
  }
  bool spaced = end < pos;
  for (const UnitEntry& e : it->second) {
    if (!e.pre) continue;
    if (lang_slot >= 0 && !e.langs[lang_slot]) continue;
    if (e.cond_minor) continue;
    if (e.cond_scale && !number.has_scale) continue;
    if (e.cond_noscale && number.has_scale) continue;
    if (e.cond_lower) {
      Span os = text.ToOriginal(begin, end);
      bool lower = true;
      for (uint32_t k = os.start; k < os.end; ++k) {
        if (original[k] >= 'A' && original[k] <= 'Z') lower = false;
      }
      if (!lower) continue;
    }
    hit->entry = &e;
    hit->begin = begin;
    hit->end = end;
    hit->spaced = spaced;
    return true;
  }
  return false;
}

bool QuantityRecognizer::MatchApprox(const std::string& s, size_t pos, size_t floor, int lang_slot,
                                     uint32_t* begin, uint32_t* end) const {
  size_t ws = WindowStart(s, std::max(floor, pos > 40 ? pos - 40 : size_t{0}));
  if (ws >= pos || !approx_end_->MayEndWithKey(s, ws, pos)) return false;
  re2::StringPiece window(s.data() + ws, pos - ws);
  re2::StringPiece match;
  if (!approx_->Get().Match(window, 0, window.size(), re2::RE2::UNANCHORED, &match, 1)) return false;
  size_t b, e;
  int langs = 0;
  if (!SplitBoundaryMatch(s, match, &b, &e, [&](std::string_view key) {
        auto it = approx_langs_.find(std::string(key));
        if (it == approx_langs_.end()) return false;
        langs = it->second;
        return true;
      })) {
    return false;
  }
  if (lang_slot >= 0 && (langs & (1 << lang_slot)) == 0) return false;
  *begin = static_cast<uint32_t>(b);
  *end = static_cast<uint32_t>(e);
  return true;
}

std::vector<Quantity> QuantityRecognizer::Find(const FoldedText& text, std::string_view original,
                                               std::string_view lang,
                                               const RecognizeOptions& options) const {
  const std::string& s = text.str();
  NumberLanguage nl = NumberLanguageFromCode(lang);
  int slot = nl == NumberLanguage::kEnglish ? 0 : nl == NumberLanguage::kFrench ? 1 : -1;
  std::vector<NumberMatch> nums = numbers_->Find(text, original, nl);
  std::vector<Quantity> out;
  size_t consumed = 0;
  for (size_t idx = 0; idx < nums.size(); ++idx) {
    const NumberMatch& n = nums[idx];
    if (n.begin < consumed || n.ordinal) continue;
    Quantity q;
    q.number = n;
    q.value = n.value;
    q.precision = n.precision;
    q.begin = n.begin;
    q.end = n.end;
    UnitHit post, pre;
    bool has_post = MatchPostUnit(text, original, n.end, &n, slot, false, &post);
    // "1 $10": a symbol glued to the next number belongs to it.
    if (has_post && post.entry->pre && post.spaced && post.end < s.size() && IsDigit(s[post.end])) {
      has_post = false;
    }
    if (n.glued_letters && (!has_post || post.spaced)) continue;  // 5090D, 4o, 3A090
    bool has_pre = !has_post && MatchPreUnit(text, original, n.begin, consumed, n, slot, &pre);
    const UnitEntry* u = has_post ? post.entry : has_pre ? pre.entry : nullptr;
    if (n.article_only && (u == nullptr || u->kind != "currency" || !options.article_currency)) continue;
    if (u != nullptr) {
      q.unit = u->unit;
      q.kind = u->kind;
      q.value *= u->multiplier;
      q.precision *= u->multiplier;
      if (has_post) {
        q.end = static_cast<uint32_t>(post.end);
      } else {
        q.begin = static_cast<uint32_t>(pre.begin);
      }
      double mult;
      size_t scale_end;
      if (has_post && !n.has_scale && u->kind == "currency" &&
          numbers_->MatchScaleAt(text, original, q.end, nl, &mult, &scale_end)) {
        q.value *= mult;  // 75 USD million
        q.precision *= mult;
        q.end = static_cast<uint32_t>(scale_end);
      } else if (has_post && u->minor_factor > 0 && !n.has_scale && n.value == std::floor(n.value) &&
                 idx + 1 < nums.size()) {
        // 15 dollars 50, thirteen dollars and forty-five cents, 5 ft 2 in
        size_t p = q.end;
        while (p < s.size() && s[p] == ' ') ++p;
        for (const char* conj : {"and ", "et "}) {
          size_t len = std::char_traits<char>::length(conj);
          if (s.compare(p, len, conj) == 0) {
            p += len;
            while (p < s.size() && s[p] == ' ') ++p;
          }
        }
        NumberMatch m2 = nums[idx + 1];
        // "quinze euros et vingt cents": after money, "N cents" is N cents, not N hundred.
        if (m2.spelled && m2.value >= 100 && std::fmod(m2.value, 100) == 0 && m2.end >= 5 &&
            s.compare(m2.end - 5, 5, "cents") == 0 && m2.value / 100 < u->minor_factor) {
          m2.value /= 100;
          m2.end -= 5;
          while (m2.end > m2.begin && s[m2.end - 1] == ' ') --m2.end;
        }
        if (m2.begin == p && !m2.ordinal && !m2.article_only && m2.value == std::floor(m2.value) &&
            m2.value > 0 && m2.value < u->minor_factor) {
          UnitHit mh;
          bool minor_unit = MatchPostUnit(text, original, m2.end, &m2, slot, true, &mh);
          bool ok = minor_unit ? mh.entry->unit == u->minor_unit : u->minor_optional;
          if (ok) {
            q.value += m2.value / u->minor_factor * u->multiplier;
            q.precision = u->multiplier / u->minor_factor;
            q.end = static_cast<uint32_t>(minor_unit ? mh.end : m2.end);
          }
        }
      }
    }
    uint32_t ab, ae;
    if (MatchApprox(s, q.begin, consumed, slot, &ab, &ae)) {
      q.approx = true;
      q.approx_begin = ab;
      q.approx_end = ae;
    }
    consumed = q.end;
    out.push_back(std::move(q));
  }
  // Ranges: entre 5 et 10, de 9 % [fin 2022] à 22 %, between 2 and 3 km, 10-20 %.
  int next_range = 0;
  for (size_t a = 0; a < out.size(); ++a) {
    if (out[a].range_id >= 0) continue;
    bool opened = false;
    {
      size_t ws = WindowStart(s, out[a].begin > 24 ? out[a].begin - 24 : 0);
      if (ws < out[a].begin && range_open_end_->MayEndWithKey(s, ws, out[a].begin)) {
        re2::StringPiece window(s.data() + ws, out[a].begin - ws);
        opened = range_open_->Get().Match(window, 0, window.size(), re2::RE2::UNANCHORED, nullptr, 0);
      }
    }
    for (size_t b = a + 1; b < out.size() && out[b].begin <= out[a].end + 48; ++b) {
      std::string_view gap = Trimmed(s, out[a].end, out[b].begin);
      if (gap.find_first_of(".;:!?()\n") != std::string_view::npos) break;
      bool closes = false, connector_only = false;
      for (const char* c : {"-", "a", "to", "et", "and", "au", "jusqu'a", "through"}) {
        if (EndsWithWord(gap, c)) closes = true;
        if (gap == c) connector_only = true;
      }
      if (!closes) continue;
      if (out[b].range_id >= 0) break;
      bool same_unit = out[a].unit == out[b].unit;
      const NumberMatch& na = out[a].number;
      bool year_like = na.plain_integer && na.value >= 1000 && na.value <= 2100;
      bool fills = out[a].unit.empty() && !out[b].unit.empty() && !year_like &&
                   (opened || gap == "-");
      bool range = false;
      if (connector_only) {
        range = (opened || gap == "-" || gap == "to" || gap == "a") && (same_unit || fills);
      } else {
        range = opened && same_unit && !out[a].unit.empty();
      }
      if (!range) continue;
      if (fills && connector_only && options.propagate_ranges && out[b].kind != "temperature") {
        Quantity& qa = out[a];
        const Quantity& qb = out[b];
        double unit_mult = qb.number.value != 0 ? qb.value / qb.number.value : 1;
        double scale = qa.number.has_scale ? 1 : qb.number.scale;
        qa.value = qa.number.value * scale * unit_mult;
        qa.precision = qa.number.precision * scale * unit_mult;
        qa.unit = qb.unit;
        qa.kind = qb.kind;
        qa.unit_from_range = true;
      }
      out[a].range_id = out[b].range_id = next_range++;
      break;
    }
  }
  return out;
}

}  // namespace newsintel
