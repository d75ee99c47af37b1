#include "extract/sentences.h"

#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/ures.h>

#include <cctype>
#include <cstdint>
#include <unordered_set>
#include <vector>


#include "extract/byte_masks.h"
#include "extract/normalize.h"

namespace newsintel {
namespace {

// Sentence_Break property values (UAX #29) of the code points, as ICU gives
// them; the Basic Multilingual Plane from a table (64 KB, built once).
class BreakClasses {
 public:
  BreakClasses() : bmp_(0x10000) {
    for (UChar32 c = 0; c < 0x10000; ++c) bmp_[c] = static_cast<uint8_t>(u_getIntPropertyValue(c, UCHAR_SENTENCE_BREAK));
    auto may_end = [](uint8_t c) {
      return c == U_SB_ATERM || c == U_SB_STERM || c == U_SB_SEP || c == U_SB_CR || c == U_SB_LF;
    };
    for (int b = 0; b < 256; ++b) may_end_[b] = b >= 0x80 || may_end(bmp_[b]);
    for (int c = 0; c < 0x800; ++c) quiet2_[c] = !may_end(bmp_[c]);
    for (int b = 0; b < 0x80; ++b) {
      bool listed = b == '.' || b == '!' || b == '?' || b == '\n' || b == '\r';
      if (may_end_[b] != listed) usual_ascii_ = false;
    }
  }
  // The first position from `pos` on where a character starts that may end
  // a sentence or a paragraph (or a character that is not well-formed, or
  // beyond U+07FF); `n` if none: skips the ASCII bytes and the two-byte
  // characters that cannot end anything.
  size_t SkipQuiet(const unsigned char* s, size_t pos, size_t n) const {
    for (;;) {
#ifdef __SSE2__
      if (usual_ascii_) {
        for (; pos + 16 <= n; pos += 16) {
          const __m128i v = Load16(s + pos);
          __m128i stop = _mm_or_si128(BytesEqual(v, '.'), BytesEqual(v, '\n'));
          stop = _mm_or_si128(stop, _mm_or_si128(BytesEqual(v, '!'), BytesEqual(v, '?')));
          stop = _mm_or_si128(stop, BytesEqual(v, '\r'));
          const unsigned mask = Mask16(_mm_or_si128(stop, NonAscii(v)));
          if (mask != 0) {
            pos += static_cast<size_t>(__builtin_ctz(mask));
            break;
          }
        }
      }
#endif
      while (pos < n && !may_end_[s[pos]]) ++pos;
      if (pos >= n) return n;
      const unsigned char b = s[pos];
      if (b < 0xC2 || b > 0xDF || pos + 1 >= n || (s[pos + 1] & 0xC0) != 0x80) return pos;
      if (!quiet2_[(b & 0x1Fu) << 6 | (s[pos + 1] & 0x3Fu)]) return pos;
      pos += 2;
    }
  }
  uint8_t Of(uint32_t c) const {
    return c < 0x10000 ? bmp_[c] : static_cast<uint8_t>(u_getIntPropertyValue(static_cast<UChar32>(c), UCHAR_SENTENCE_BREAK));
  }

 private:
  std::vector<uint8_t> bmp_;
  bool may_end_[256];  // false for the ASCII bytes that cannot end anything
  bool quiet2_[0x800];  // per code point below U+0800: cannot end anything
  bool usual_ascii_ = true;  // may_end_ holds for . ! ? LF CR only (and non-ASCII)
};

const BreakClasses& Classes() {
  static const BreakClasses kClasses;
  return kClasses;
}

bool IsParaSep(uint8_t c) { return c == U_SB_SEP || c == U_SB_CR || c == U_SB_LF; }
bool IsTerm(uint8_t c) { return c == U_SB_ATERM || c == U_SB_STERM; }
bool Ignorable(uint8_t c) { return c == U_SB_EXTEND || c == U_SB_FORMAT; }

// Walks the text one character at a time, where a character absorbs the
// Extend and Format code points that follow it (rule SB5).
class Cursor {
 public:
  explicit Cursor(std::string_view text) : text_(text), classes_(Classes()) {}

  // The class of the character before `pos`, Extend and Format skipped
  // (U_SB_SEP at the start of the text, as if after a paragraph).
  uint8_t Before(size_t pos) const {
    while (pos > 0) {
      size_t q = pos - 1;
      while (q > 0 && pos - q < 4 && (static_cast<unsigned char>(text_[q]) & 0xC0) == 0x80) --q;
      size_t e;
      uint8_t c = Decode(q, &e);
      if (e != pos) return U_SB_OTHER;  // ill-formed UTF-8: U+FFFD
      if (!Ignorable(c)) return c;
      pos = q;
    }
    return U_SB_SEP;
  }

  // The class of the character at `pos`; sets *end past it and the code
  // points it absorbs. REQUIRES: pos < text size
  uint8_t At(size_t pos, size_t* end) const {
    uint8_t cls = Decode(pos, end);
    if (IsParaSep(cls)) return cls;
    while (*end < text_.size() && static_cast<unsigned char>(text_[*end]) >= 0x80) {
      size_t next;
      if (!Ignorable(Decode(*end, &next))) break;
      *end = next;
    }
    return cls;
  }

 private:
  uint8_t Decode(size_t pos, size_t* end) const {
    auto b = static_cast<unsigned char>(text_[pos]);
    if (b < 0x80) {
      *end = pos + 1;
      return classes_.Of(b);
    }
    *end = pos;
    return classes_.Of(NextCodePoint(text_, end));
  }

  std::string_view text_;
  const BreakClasses& classes_;
};

// Rule SB8: after ATerm Close* Sp*, no break when the first letter-like
// character ahead is lower case.
bool LowerAhead(const Cursor& cur, std::string_view text, size_t pos) {
  while (pos < text.size()) {
    size_t end;
    uint8_t c = cur.At(pos, &end);
    if (c == U_SB_LOWER) return true;
    if (c == U_SB_OLETTER || c == U_SB_UPPER || IsParaSep(c) || IsTerm(c)) return false;
    pos = end;
  }
  return false;
}

// Folded abbreviations (without their final period) that do not end a sentence.
const std::unordered_set<std::string>& Abbreviations() {
  static const std::unordered_set<std::string> kAbbreviations = {
      "m", "mm", "mme", "mmes", "mlle", "mlles", "dr", "pr", "me", "mgr", "st", "ste",
      "mr", "mrs", "ms", "prof", "sen", "rep", "gov", "gen", "col", "lt", "sgt", "jr", "sr",
      "etc", "cf", "vs", "env", "av", "apr", "j.-c", "no", "nos", "p", "pp", "vol", "chap",
      "fig", "art", "al", "inc", "corp", "ltd", "co", "u.s", "u.k", "u.n", "e.g", "i.e",
      "jan", "feb", "fev", "mar", "avr", "jun", "jul", "juil", "aug", "sep", "sept", "oct",
      "nov", "dec", "approx", "min", "max", "ref", "dept", "depts", "est", "n.b"};
  return kAbbreviations;
}

bool IsSpace(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; }

// True when the sentence [start, end) of `text` ends with an abbreviation or a
// single initial followed by a period.
bool EndsWithAbbreviation(std::string_view text, size_t start, size_t end) {
  size_t e = end;
  while (e > start && IsSpace(text[e - 1])) --e;
  if (e == start || text[e - 1] != '.') return false;
  size_t w = e - 1;
  while (w > start && !IsSpace(text[w - 1]) && text[w - 1] != '(' && text[w - 1] != '"') --w;
  std::string_view raw = text.substr(w, e - 1 - w);
  if (raw.empty() || raw.size() > 24) return false;  // longer than any abbreviation, folded or not
  // A single capital initial ("J. Moolenar").
  if (raw.size() == 1 && std::isupper(static_cast<unsigned char>(raw[0]))) return true;
  bool ascii = true;
  std::string word;
  for (char c : raw) {
    if (static_cast<unsigned char>(c) >= 0x80) ascii = false;
    word.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  if (!ascii) word = FoldKey(raw);
  return !word.empty() && Abbreviations().count(word) > 0;
}

// ICU's sentence-break exceptions ("Mr.", "U.S.") for `locale`, UTF-8; empty
// when the data is missing.
std::vector<std::string> LoadIcuExceptions(const char* locale) {
  std::vector<std::string> out;
  UErrorCode status = U_ZERO_ERROR;
  UResourceBundle* bundle = ures_open(U_ICUDATA_NAME "-brkitr", locale, &status);
  UResourceBundle* exceptions = ures_getByKey(bundle, "exceptions", nullptr, &status);
  UResourceBundle* breaks = ures_getByKey(exceptions, "SentenceBreak", nullptr, &status);
  if (U_SUCCESS(status)) {
    int32_t n = ures_getSize(breaks);
    for (int32_t i = 0; i < n; ++i) {
      UErrorCode s = U_ZERO_ERROR;
      int32_t len = 0;
      const UChar* u = ures_getStringByIndex(breaks, i, &len, &s);
      if (U_FAILURE(s) || len == 0) continue;
      std::string utf8;
      icu::UnicodeString(u, len).toUTF8String(utf8);
      out.push_back(std::move(utf8));
    }
  }
  ures_close(breaks);
  ures_close(exceptions);
  ures_close(bundle);
  return out;
}

}  // namespace

std::vector<size_t> SentenceBoundaries(std::string_view text) {
  std::vector<size_t> bounds = {0};
  const BreakClasses& classes = Classes();
  Cursor cur(text);
  size_t n = text.size();
  size_t pos = 0;
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  while (pos < n) {
    // Only terminators and paragraph separators start the rules' work.
    pos = classes.SkipQuiet(bytes, pos, n);
    if (pos == n) break;
    size_t end;
    uint8_t c = cur.At(pos, &end);
    if (IsParaSep(c)) {  // SB3, SB4
      if (c == U_SB_CR && end < n && text[end] == '\n') ++end;
      if (end < n) bounds.push_back(end);
      pos = end;
      continue;
    }
    if (!IsTerm(c)) {
      pos = end;
      continue;
    }
    // SATerm Close* Sp*: no break inside (SB9, SB10).
    size_t term_end = end;
    size_t q = end;
    while (q < n && cur.At(q, &end) == U_SB_CLOSE) q = end;
    while (q < n && cur.At(q, &end) == U_SB_SP) q = end;
    if (q >= n) break;
    uint8_t x = cur.At(q, &end);
    if (!IsParaSep(x)) {  // before a ParaSep, SB4 breaks after it
      bool keep = x == U_SB_SCONTINUE || IsTerm(x);  // SB8a
      if (!keep && c == U_SB_ATERM) {
        if (q == term_end && x == U_SB_NUMERIC) keep = true;  // SB6
        if (q == term_end && x == U_SB_UPPER) {               // SB7
          uint8_t before = cur.Before(pos);
          keep = before == U_SB_UPPER || before == U_SB_LOWER;
        }
        if (!keep) keep = LowerAhead(cur, text, q);  // SB8
      }
      if (!keep) bounds.push_back(q);  // SB11
    }
    pos = q;
  }
  if (n > 0) bounds.push_back(n);
  return bounds;
}

SentenceSplitter::SentenceSplitter() {
  const char* locales[] = {"fr", "en"};
  for (int i = 0; i < 2; ++i) {
    for (std::string& e : LoadIcuExceptions(locales[i])) {
      // The checks expect a final period after at least one byte.
      if (e.size() < 2 || e.back() != '.') continue;
      exceptions_[i][static_cast<unsigned char>(e[e.size() - 2])].push_back(std::move(e));
    }
  }
}

SentenceSplitter::~SentenceSplitter() = default;

bool SentenceSplitter::IcuException(std::string_view text, size_t b, bool english) const {
  size_t p = b;
  if (p > 0 && text[p - 1] == ' ') --p;
  if (p < 2 || text[p - 1] != '.') return false;
  const auto& candidates = exceptions_[english ? 1 : 0][static_cast<unsigned char>(text[p - 2])];
  for (const std::string& e : candidates) {
    size_t len = e.size();
    if (len > p || text.compare(p - len, len, e) != 0) continue;
    size_t s = p - len;
    // The exception must start a word.
    if (s > 0 && std::isalnum(static_cast<unsigned char>(text[s - 1]))) continue;
    return true;
  }
  return false;
}

std::vector<Span> SentenceSplitter::Split(std::string_view text, const std::string& lang) const {
  bool english = lang == "en";
  std::vector<size_t> bounds = SentenceBoundaries(text);
  if (bounds.size() < 2) return {};
  // Merge across abbreviations, unless the break is a line break.
  std::vector<Span> merged;
  size_t cur = bounds[0];
  for (size_t i = 1; i < bounds.size(); ++i) {
    size_t b = bounds[i];
    if (i + 1 < bounds.size()) {
      bool line_break = text[b - 1] == '\n' || text[b - 1] == '\r';
      if (!line_break && (IcuException(text, b, english) || EndsWithAbbreviation(text, cur, b))) continue;
    }
    merged.push_back(Span{static_cast<uint32_t>(cur), static_cast<uint32_t>(b)});
    cur = b;
  }
  // Trim white space; drop empty sentences.
  std::vector<Span> out;
  for (Span s : merged) {
    while (s.start < s.end && IsSpace(text[s.start])) ++s.start;
    while (s.end > s.start && IsSpace(text[s.end - 1])) --s.end;
    if (s.end > s.start) out.push_back(s);
  }
  return out;
}

}  // namespace newsintel
