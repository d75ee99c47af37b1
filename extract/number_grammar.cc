#include "extract/number_grammar.h"

#include <re2/re2.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>
#include <limits>


#include "extract/byte_masks.h"
#include "extract/lexicon.h"
#include "extract/per_thread.h"

namespace newsintel {

using WordKind = NumberGrammar::WordKind;
using WordInfo = NumberGrammar::WordInfo;

namespace {

constexpr size_t kMaxAtoms = 40;
constexpr size_t kLiteralWindow = 96;  // longest numeric literal looked for

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsLetter(char c) { return c >= 'a' && c <= 'z'; }
bool IsAlnum(char c) { return IsDigit(c) || IsLetter(c); }

bool ParseWordKind(const std::string& s, WordKind* kind) {
  static const std::pair<const char*, WordKind> kKinds[] = {
      {"unit", WordKind::kUnit}, {"teen", WordKind::kTeen}, {"tens", WordKind::kTens},
      {"hundred", WordKind::kHundred}, {"scale", WordKind::kScale},
      {"ordinal", WordKind::kOrdinal}, {"denominator", WordKind::kDenominator},
      {"dozen", WordKind::kDozen}, {"article", WordKind::kArticle}, {"and", WordKind::kAnd},
      {"point", WordKind::kPoint}, {"negative", WordKind::kNegative}, {"over", WordKind::kOver},
      {"pronoun_before", WordKind::kPronounBefore}};
  for (const auto& k : kKinds) {
    if (s == k.first) {
      *kind = k.second;
      return true;
    }
  }
  return false;
}

// Language slots a lexicon row applies to: "en" -> {0}, "fr" -> {1}, "*" -> both.
bool LanguageSlots(const std::string& lang, bool slots[2]) {
  slots[0] = lang == "en" || lang == "*";
  slots[1] = lang == "fr" || lang == "*";
  return slots[0] || slots[1];
}

// 10^k for the number of trailing zeros of a positive integer value, else 1.
double TrailingZerosPrecision(double v) {
  v = std::fabs(v);
  if (v < 1 || v != std::floor(v) || v > 1e18) return 1;
  double p = 1;
  while (std::fmod(v, p * 10) == 0) p *= 10;
  return p;
}

// Precision of a non-integer value: 10^-d for the fewest decimals (<= 6) that write it.
double DecimalPrecision(double v) {
  if (v == std::floor(v)) return TrailingZerosPrecision(v);
  double p = 1;
  for (int d = 0; d < 6; ++d) {
    p /= 10;
    double scaled = v / p;
    if (std::fabs(scaled - std::round(scaled)) < 1e-9 * std::max(1.0, std::fabs(scaled))) break;
  }
  return p;
}

bool IsOrdinalSuffix(std::string_view s, NumberLanguage lang) {
  static const char* const kEn[] = {"st", "nd", "rd", "th"};
  static const char* const kFr[] = {"er", "re", "ere", "e", "eme", "ieme", "em", "nde"};
  if (lang != NumberLanguage::kFrench) {
    for (const char* x : kEn) if (s == x) return true;
  }
  if (lang != NumberLanguage::kEnglish) {
    for (const char* x : kFr) if (s == x) return true;
  }
  return false;
}

// A numeric literal's value: grouping and decimal marks read per language.
struct Literal {
  bool ok = false;
  double value = 0;
  double precision = 1;
  bool integer = true;
  bool plain = true;  // digits only
  bool fraction = false;
};

Literal ParseLiteral(std::string_view lit, NumberLanguage lang) {
  Literal out;
  // Split off an exponent or power.
  std::string_view mant = lit, power;
  enum { kNone, kExp, kPow, kTimesTen } power_kind = kNone;
  size_t x10 = lit.find("x10^");
  size_t caret = lit.find('^');
  size_t e = lit.find('e');
  if (x10 != std::string_view::npos) {
    mant = lit.substr(0, x10);
    power = lit.substr(x10 + 4);
    power_kind = kTimesTen;
  } else if (caret != std::string_view::npos) {
    mant = lit.substr(0, caret);
    power = lit.substr(caret + 1);
    power_kind = kPow;
  } else if (e != std::string_view::npos) {
    mant = lit.substr(0, e);
    power = lit.substr(e + 1);
    power_kind = kExp;
  }
  size_t slash = mant.find('/');
  size_t slash_len = 1;
  if (slash == std::string_view::npos) {
    slash = mant.find("\xE2\x81\x84");  // U+2044 FRACTION SLASH, from NFKD of 3/4 signs
    slash_len = 3;
  }
  if (slash != std::string_view::npos) {
    double num = std::strtod(std::string(mant.substr(0, slash)).c_str(), nullptr);
    double den = std::strtod(std::string(mant.substr(slash + slash_len)).c_str(), nullptr);
    if (den == 0) return out;
    out.ok = true;
    out.value = num / den;
    out.fraction = true;
    out.integer = false;
    out.plain = false;
    out.precision = DecimalPrecision(out.value);
    return out;
  }
  int commas = 0, dots = 0, spaces = 0;
  size_t last_comma = 0, last_dot = 0;
  for (size_t i = 0; i < mant.size(); ++i) {
    if (mant[i] == ',') { ++commas; last_comma = i; }
    if (mant[i] == '.') { ++dots; last_dot = i; }
    if (mant[i] == ' ') ++spaces;
  }
  // Which mark, if any, is the decimal one.
  long decimal_at = -1;
  auto grouping_like = [&](size_t at) {
    size_t after = mant.size() - at - 1;
    return after == 3 && at >= 1 && at <= 3 && mant[0] != '0';
  };
  if (commas > 0 && dots > 0) {
    decimal_at = static_cast<long>(std::max(last_comma, last_dot));
  } else if (commas == 1 && spaces == 0) {
    bool group = lang != NumberLanguage::kFrench && grouping_like(last_comma);
    if (!group) decimal_at = static_cast<long>(last_comma);
  } else if (dots == 1 && spaces == 0) {
    bool group = lang == NumberLanguage::kFrench && grouping_like(last_dot);
    if (!group) decimal_at = static_cast<long>(last_dot);
  } else if (spaces > 0 && (commas + dots) == 1) {
    decimal_at = static_cast<long>(commas ? last_comma : last_dot);
  }
  std::string int_digits, frac_digits;
  for (size_t i = 0; i < mant.size(); ++i) {
    char c = mant[i];
    if (!IsDigit(c)) continue;
    if (decimal_at >= 0 && static_cast<long>(i) > decimal_at) {
      frac_digits.push_back(c);
    } else {
      int_digits.push_back(c);
    }
  }
  if (int_digits.empty()) int_digits = "0";
  out.plain = commas == 0 && dots == 0 && spaces == 0 && power_kind == kNone;
  // Exact: integer of all digits scaled by a power of ten.
  // Up to 15 digits, the integer is exact in a double: no strtod needed.
  double all;
  if (int_digits.size() + frac_digits.size() <= 15) {
    uint64_t digits = 0;
    for (char c : int_digits) digits = digits * 10 + static_cast<uint64_t>(c - '0');
    for (char c : frac_digits) digits = digits * 10 + static_cast<uint64_t>(c - '0');
    all = static_cast<double>(digits);
  } else {
    all = std::strtod((int_digits + frac_digits).c_str(), nullptr);
  }
  double value = all / std::pow(10.0, static_cast<double>(frac_digits.size()));
  if (!frac_digits.empty()) {
    out.precision = std::pow(10.0, -static_cast<double>(frac_digits.size()));
    out.integer = false;
  } else {
    out.precision = TrailingZerosPrecision(value);
    if (value == 0) out.precision = 1;
  }
  if (power_kind != kNone) {
    int sign = 1;
    size_t i = 0;
    while (i < power.size() && (power[i] == '-' || power[i] == '+')) {
      if (power[i] == '-') sign = -sign;
      ++i;
    }
    double p = sign * std::strtod(std::string(power.substr(i)).c_str(), nullptr);
    if (power_kind == kPow) {
      value = std::pow(value, p);
    } else {
      value = value * std::pow(10.0, p);
    }
    out.integer = value == std::floor(value);
    out.precision = DecimalPrecision(value);
  }
  if (!std::isfinite(value)) return out;
  out.ok = true;
  out.value = value;
  return out;
}

}  // namespace

// One token of a number: a numeric literal or a number word.
struct NumberGrammar::Atom {
  bool digits = false;
  WordKind kind = WordKind::kUnit;  // when !digits
  double value = 0;
  uint32_t begin = 0, end = 0;
  bool hyphen_before = false;
  const WordInfo* info = nullptr;  // number words only
  bool synthetic_alone = false;    // an ordinal read as the cardinal it orders
  bool after_pronoun = false;      // "this one": the word one is a pronoun
  bool is_one_word = false;        // the English word "one"
  // Numeric literals.
  double precision = 1;
  bool integer = true;
  bool plain = false;
  bool negative = false;
  bool fraction_literal = false;
  bool ordinal = false;
  bool glued_letters = false;
};

// The value of a run of atoms read as one cardinal number.
struct NumberGrammar::Cardinal {
  bool ok = false;
  double value = 0;
  double precision = 1;
  bool spelled = false;
  bool has_scale = false;
  bool ends_with_scale = false;
  double last_scale = 0;
  bool has_and = false;
  bool article_only = false;
  double scale = 1;
};

// Reads atoms and turns them into numbers. One per Find() call; not shared.
class NumberGrammar::Scanner {
 public:
  Scanner(const NumberGrammar& g, const FoldedText& text, std::string_view original,
          NumberLanguage lang)
      : g_(g), text_(text), s_(text.str()), original_(original), lang_(lang),
        french_(lang == NumberLanguage::kFrench) {}

  // Collects the atoms of a number run starting at `pos`; returns where it stopped.
  size_t Collect(size_t pos, std::vector<Atom>* atoms) const;

  // Parses atoms[i...] into one number; returns the index after it (> i).
  size_t ParseOne(const std::vector<Atom>& atoms, size_t i, NumberMatch* out, bool* found) const;

  Cardinal ParseCardinal(const Atom* a, size_t n) const;

  bool ReadLiteral(size_t q, Atom* atom, size_t* end) const;

 private:
  struct Fraction {
    bool ok = false;
    double value = 0;
    size_t end = 0;
    bool has_scale = false;
  };
  Fraction ParseFraction(const std::vector<Atom>& atoms, size_t i, bool bare_ok) const;
  bool OrdinalCompound(const std::vector<Atom>& atoms, size_t i, size_t* end) const;
  static Atom AsCardinal(const Atom& ordinal);
  bool IsScaleAtom(const Atom& a) const { return !a.digits && a.kind == WordKind::kScale; }

  const NumberGrammar& g_;
  const FoldedText& text_;
  const std::string& s_;
  std::string_view original_;
  NumberLanguage lang_;
  bool french_;
};

NumberGrammar::Atom NumberGrammar::Scanner::AsCardinal(const Atom& ordinal) {
  Atom a = ordinal;
  double v = ordinal.value;
  if (v < 10) {
    a.kind = WordKind::kUnit;
  } else if (v < 20) {
    a.kind = WordKind::kTeen;
  } else if (v < 100) {
    a.kind = WordKind::kTens;
  } else if (v == 100) {
    a.kind = WordKind::kHundred;
  } else {
    a.kind = WordKind::kScale;
  }
  a.info = nullptr;
  a.synthetic_alone = true;
  return a;
}

NumberGrammar::Cardinal NumberGrammar::Scanner::ParseCardinal(const Atom* a, size_t n) const {
  Cardinal c;
  if (n == 0) return c;
  enum Prev { kPNone, kPDigits, kPUnit, kPTeen, kPTens, kPHundred, kPScale, kPAnd, kPArticle };
  enum Sub { kNone, kUnitS, kTeenS, kTensS, kDigitsS };
  double total = 0, group = 0, sub = 0;
  Sub st = kNone;
  bool hundred = false;
  double last_scale = std::numeric_limits<double>::infinity(), last_chunk = 0;
  Prev prev = kPNone;
  bool digits_first = a[0].digits;
  bool multipliers_only = true;  // after a first literal, only scale words
  double multiplier = 1;
  double last_word = -1;  // value of the previous number word
  for (size_t k = 0; k < n; ++k) {
    const Atom& x = a[k];
    double this_word = x.digits ? -1 : x.value;
    if (x.digits) {
      if (x.fraction_literal || x.ordinal) return c;
      if (x.glued_letters && k + 1 < n) return c;
      if (k > 0 && x.negative) return c;
      if (k == 0) {
        sub = x.value;
      } else {
        if (!x.integer || st != kNone) return c;
        bool ok = (prev == kPScale && x.value < last_scale) ||
                  (!french_ && (prev == kPHundred || prev == kPAnd) && x.value < 100);
        if (!ok) return c;
        sub = x.value;
        multipliers_only = false;
      }
      st = kDigitsS;
      prev = kPDigits;
      last_word = this_word;
      continue;
    }
    c.spelled = true;
    double v = x.value;
    switch (x.kind) {
      case WordKind::kUnit:
        multipliers_only = false;
        if (v == 0 && n != 1) return c;
        if (st == kNone && prev != kPDigits) {
          sub = v;
        } else if (st == kTensS && std::fmod(sub, 10) == 0 && v >= 1) {
          sub += v;
        } else if (french_ && st == kTeenS && last_word == 10 && v >= 1) {
          sub += v;  // dix-sept, quatre-vingt-dix-neuf
        } else {
          return c;
        }
        st = kUnitS;
        prev = kPUnit;
        break;
      case WordKind::kTeen:
        multipliers_only = false;
        if (st == kNone && prev != kPDigits) {
          sub = v;
        } else if (french_ && st == kTensS && (sub == 60 || sub == 80)) {
          sub += v;
        } else {
          return c;
        }
        st = kTeenS;
        prev = kPTeen;
        break;
      case WordKind::kTens:
        multipliers_only = false;
        if (st == kNone && prev != kPDigits) {
          sub = v;
        } else if (french_ && st == kUnitS && sub == 4 && v == 20) {
          sub = 80;
        } else {
          return c;
        }
        st = kTensS;
        prev = kPTens;
        break;
      case WordKind::kHundred: {
        if (hundred) return c;
        double m;
        if (st == kNone) {
          if (!(k == 0 || prev == kPArticle || prev == kPScale)) return c;
          m = 1;
        } else if (st == kDigitsS) {
          if (french_ || sub >= 100 || sub <= 0) return c;
          m = sub;
        } else {
          if (sub < 1) return c;
          m = sub;
        }
        if (digits_first && multipliers_only) multiplier *= 100;
        group = m * 100;
        sub = 0;
        st = kNone;
        hundred = true;
        prev = kPHundred;
        break;
      }
      case WordKind::kScale: {
        double chunk = group + sub;
        bool empty = st == kNone && !hundred;
        if (empty) {
          if (prev == kPScale) {  // stacked scales: three lakh crore
            total -= last_chunk;
            last_chunk *= v;
            total += last_chunk;
            last_scale *= v;
            if (digits_first && multipliers_only) multiplier *= v;
            prev = kPScale;
            c.has_scale = true;
            break;
          }
          bool alone = x.synthetic_alone || (x.info != nullptr && x.info->alone);
          if ((k == 0 && alone) || prev == kPArticle) {
            chunk = 1;
          } else {
            return c;
          }
        }
        if (chunk <= 0 || v >= last_scale) return c;
        if (digits_first && multipliers_only) multiplier *= v;
        last_chunk = chunk * v;
        total += last_chunk;
        last_scale = v;
        group = 0;
        sub = 0;
        st = kNone;
        hundred = false;
        prev = kPScale;
        c.has_scale = true;
        break;
      }
      case WordKind::kAnd: {
        if (k + 1 >= n) return c;
        const Atom& y = a[k + 1];
        if (french_) {
          bool ok = st == kTensS && !y.digits &&
                    ((y.kind == WordKind::kUnit && y.value == 1) ||
                     (y.kind == WordKind::kTeen && y.value == 11));
          if (!ok) return c;
        } else {
          if (!(prev == kPHundred || prev == kPScale)) return c;
          bool small = y.digits ? (y.integer && y.value < 100)
                                : (y.kind == WordKind::kUnit || y.kind == WordKind::kTeen ||
                                   y.kind == WordKind::kTens);
          if (!small) return c;
        }
        c.has_and = true;
        multipliers_only = false;
        prev = kPAnd;
        break;
      }
      case WordKind::kDozen: {
        if (k + 1 != n) return c;
        double base = total + group + sub;
        if (prev == kPArticle) base = 1;
        if (base <= 0) return c;
        if (digits_first && multipliers_only) multiplier *= 12;
        total = base * 12;
        group = sub = 0;
        st = kNone;
        prev = kPScale;
        break;
      }
      case WordKind::kArticle: {
        if (k != 0 || n < 2 || a[1].digits) return c;
        WordKind next = a[1].kind;
        if (next != WordKind::kHundred && next != WordKind::kScale && next != WordKind::kDozen) return c;
        prev = kPArticle;
        break;
      }
      default:
        return c;
    }
    last_word = this_word;
  }
  if (prev == kPAnd || prev == kPArticle) return c;
  c.ok = true;
  c.value = total + group + sub;
  c.ends_with_scale = prev == kPScale;
  c.last_scale = std::isinf(last_scale) ? 0 : last_scale;
  c.article_only = n == 1 && !a[0].digits && a[0].info != nullptr && a[0].info->article;
  if (digits_first && multipliers_only) {
    c.scale = multiplier;
    c.precision = a[0].precision * multiplier;
  } else {
    c.precision = DecimalPrecision(c.value);
  }
  return c;
}

NumberGrammar::Scanner::Fraction NumberGrammar::Scanner::ParseFraction(
    const std::vector<Atom>& atoms, size_t i, bool bare_ok) const {
  Fraction f;
  size_t n = atoms.size();
  if (i >= n || atoms[i].digits) return f;
  const Atom& x = atoms[i];
  if (x.kind == WordKind::kDenominator) {  // half million, quart de million, moitié, et demi
    f.value = 1.0 / x.value;
    f.end = i + 1;
    if (f.end < n && IsScaleAtom(atoms[f.end])) {
      f.value *= atoms[f.end].value;
      ++f.end;
      f.has_scale = true;
    }
    f.ok = f.has_scale || bare_ok || (x.info != nullptr && x.info->alone);
    return f;
  }
  if (!(x.kind == WordKind::kUnit || x.kind == WordKind::kTeen || x.kind == WordKind::kTens ||
        x.kind == WordKind::kHundred || x.kind == WordKind::kScale ||
        x.kind == WordKind::kArticle)) {
    return f;
  }
  size_t m = i + 1;
  for (; m < n; ++m) {
    const Atom& y = atoms[m];
    if (y.digits) return f;
    if (y.kind == WordKind::kOrdinal || y.kind == WordKind::kDenominator) break;
    if (!(y.kind == WordKind::kUnit || y.kind == WordKind::kTeen || y.kind == WordKind::kTens ||
          y.kind == WordKind::kHundred || y.kind == WordKind::kScale || y.kind == WordKind::kAnd)) {
      return f;
    }
  }
  if (m >= n) return f;
  const Atom& d = atoms[m];
  size_t ordinal_end = 0;
  bool ordinal_compound = OrdinalCompound(atoms, i, &ordinal_end) && ordinal_end == m + 1;
  for (size_t k = i + 1; k <= m; ++k) {
    // Never split a hyphenated compound, except before the ordinal itself when the
    // whole is not an ordinal: one-fourth, five - eighths (but thirty-fifth).
    if (atoms[k].hyphen_before && (k != m || ordinal_compound)) continue;
    // Never between a number and its multiplier (one | hundred), but French "cent"
    // and "mille" take no "un": "un | cent cinquième" is 1/105.
    bool french_un = french_ && atoms[k - 1].value == 1 && !atoms[k - 1].digits &&
                     atoms[k - 1].kind == WordKind::kUnit &&
                     (atoms[k].kind == WordKind::kHundred ||
                      (atoms[k].info != nullptr && atoms[k].info->alone));
    if (k < m && !french_un &&
        (atoms[k].kind == WordKind::kHundred || atoms[k].kind == WordKind::kScale ||
         atoms[k].kind == WordKind::kAnd)) {
      continue;
    }
    double num;
    const Atom& first = atoms[i];
    if (k == i + 1 && (first.kind == WordKind::kArticle ||
                       (first.kind == WordKind::kUnit && first.value == 1))) {
      num = 1;
    } else {
      Cardinal c = ParseCardinal(&atoms[i], k - i);
      if (!c.ok || c.has_and) continue;
      num = c.value;
    }
    double den;
    if (d.kind == WordKind::kDenominator) {
      if (k != m) continue;
      den = d.value;
    } else {
      std::vector<Atom> tmp(atoms.begin() + static_cast<long>(k), atoms.begin() + static_cast<long>(m));
      tmp.push_back(AsCardinal(d));
      Cardinal c = ParseCardinal(tmp.data(), tmp.size());
      if (!c.ok) continue;
      den = c.value;
      if (den < 3) continue;
    }
    f.ok = true;
    f.value = num / den;
    f.end = m + 1;
    // "trois quarts de million": "de" was skipped while collecting.
    if (f.end < n && IsScaleAtom(atoms[f.end])) {
      f.value *= atoms[f.end].value;
      ++f.end;
      f.has_scale = true;
    }
    return f;
  }
  return f;
}

bool NumberGrammar::Scanner::OrdinalCompound(const std::vector<Atom>& atoms, size_t i,
                                             size_t* end) const {
  size_t n = atoms.size();
  for (size_t m = i; m < n; ++m) {
    const Atom& y = atoms[m];
    if (y.digits) return false;
    if (y.kind == WordKind::kOrdinal) {
      std::vector<Atom> tmp(atoms.begin() + static_cast<long>(i), atoms.begin() + static_cast<long>(m));
      tmp.push_back(AsCardinal(y));
      if (!ParseCardinal(tmp.data(), tmp.size()).ok) return false;
      *end = m + 1;
      return true;
    }
    if (!(y.kind == WordKind::kUnit || y.kind == WordKind::kTeen || y.kind == WordKind::kTens ||
          y.kind == WordKind::kHundred || y.kind == WordKind::kScale || y.kind == WordKind::kAnd)) {
      return false;
    }
  }
  return false;
}

size_t NumberGrammar::Scanner::ParseOne(const std::vector<Atom>& atoms, size_t i,
                                        NumberMatch* out, bool* found) const {
  *found = false;
  size_t n = atoms.size();
  size_t start = i;
  bool neg = false;
  if (!atoms[i].digits && atoms[i].kind == WordKind::kNegative) {
    if (i + 1 >= n) return i + 1;
    neg = true;
    ++i;
  }
  const Atom& x = atoms[i];
  NumberMatch m;
  size_t end = i + 1;
  double value = 0;
  bool ok = false;
  if (x.digits && x.ordinal) {
    m.ordinal = true;
    value = x.value;
    ok = true;
  } else if (x.digits && x.fraction_literal) {
    value = x.value;
    m.fraction = true;
    m.precision = x.precision;
    ok = true;
  } else if (x.digits && x.integer && !x.glued_letters && i + 1 < n && atoms[i + 1].digits &&
             atoms[i + 1].fraction_literal && !atoms[i + 1].hyphen_before &&
             !atoms[i + 1].negative && atoms[i + 1].value < 1) {
    value = x.value + atoms[i + 1].value;  // 1 4/5
    m.fraction = true;
    m.precision = atoms[i + 1].precision;
    end = i + 2;
    ok = true;
  }
  if (!ok) {
    // Candidates: a fraction, an ordinal, a cardinal with its tails; the longest wins.
    size_t best_end = 0;
    Fraction f = ParseFraction(atoms, i, false);
    if (f.ok) {
      best_end = f.end;
      value = f.value;
      m.fraction = true;
      m.spelled = true;
      m.has_scale = f.has_scale;
      m.precision = DecimalPrecision(value);
    }
    size_t ord_end = 0;
    if (!x.digits && OrdinalCompound(atoms, i, &ord_end) && ord_end > best_end) {
      best_end = ord_end;
      m = NumberMatch();
      m.ordinal = true;
      m.spelled = true;
    }
    // Valid cardinal prefixes, longest first.
    bool longest_done = false;
    for (size_t j = n; j > i; --j) {
      Cardinal c = ParseCardinal(&atoms[i], j - i);
      if (!c.ok) continue;
      if (j < n && !atoms[j].digits &&
          (atoms[j].kind == WordKind::kHundred || atoms[j].kind == WordKind::kScale ||
           atoms[j].kind == WordKind::kDozen)) {
        continue;  // would leave a multiplier with nothing to multiply
      }
      // X and a half, one hundred and three and two thirds.
      if (j + 1 < n && !atoms[j].digits && atoms[j].kind == WordKind::kAnd) {
        Fraction g = ParseFraction(atoms, j + 1, true);
        if (g.ok && g.end > best_end) {
          best_end = g.end;
          double add = g.value;
          if (c.ends_with_scale && !g.has_scale && c.last_scale > 0) add *= c.last_scale;
          m = NumberMatch();
          value = c.value + add;
          m.fraction = true;
          m.spelled = true;
          m.has_scale = c.has_scale || g.has_scale;
          m.precision = DecimalPrecision(value);
        }
      }
      if (longest_done) continue;
      longest_done = true;
      size_t c_end = j;
      double c_value = c.value;
      bool tail_fraction = false;
      double c_precision = c.precision;
      if (j + 1 < n && !atoms[j].digits && atoms[j].kind == WordKind::kPoint) {
        // two hundred point seventy-one, nine point nought four, cinq virgule cinq
        size_t p = j + 1;
        std::string digits;
        while (p < n && !atoms[p].digits && atoms[p].kind == WordKind::kUnit &&
               (p == j + 1 || !atoms[p].hyphen_before)) {
          digits.push_back(static_cast<char>('0' + static_cast<int>(atoms[p].value)));
          ++p;
        }
        if (digits.size() < 2) {
          digits.clear();
          for (size_t q = n; q > j + 1; --q) {
            Cardinal d = ParseCardinal(&atoms[j + 1], q - j - 1);
            if (d.ok && d.value == std::floor(d.value) && d.value >= 0) {
              char buf[32];
              std::snprintf(buf, sizeof buf, "%.0f", d.value);
              digits = buf;
              p = q;
              break;
            }
          }
        }
        if (!digits.empty()) {
          c_value += std::strtod(("0." + digits).c_str(), nullptr);
          c_precision = std::pow(10.0, -static_cast<double>(digits.size()));
          c_end = p;
        }
      } else if (j + 1 < n && !atoms[j].digits && atoms[j].kind == WordKind::kOver) {
        for (size_t q = n; q > j + 1; --q) {
          Cardinal d = ParseCardinal(&atoms[j + 1], q - j - 1);
          if (!d.ok || d.value == 0) continue;
          if (atoms[j].info != nullptr && atoms[j].info->le && c.value > d.value) break;
          c_value = c.value / d.value;
          c_end = q;
          tail_fraction = true;
          c_precision = DecimalPrecision(c_value);
          break;
        }
      }
      if (c_end > best_end) {
        best_end = c_end;
        m = NumberMatch();
        value = c_value;
        m.spelled = c.spelled;
        m.has_scale = c.has_scale;
        m.scale = c.scale;
        m.fraction = tail_fraction;
        m.precision = c_precision;
        m.article_only = c.article_only && c_end == i + 1 && !neg;
        m.plain_integer = c_end == i + 1 && x.digits && x.plain && !x.negative;
        m.glued_letters = atoms[c_end - 1].digits && atoms[c_end - 1].glued_letters;
        if (c_end == i + 1 && x.after_pronoun && x.is_one_word) return c_end;  // "this one"
      }
    }
    if (best_end == 0) return i + 1;
    end = best_end;
    ok = true;
  }
  if (!m.ordinal) {
    bool negative = neg != (x.digits && x.negative);
    m.value = negative ? -value : value;
    if (m.value == 0) m.value = 0;  // no -0
  } else {
    m.value = value;
  }
  m.begin = atoms[start].begin;
  m.end = atoms[end - 1].end;
  if (m.precision <= 0) m.precision = DecimalPrecision(m.value);
  *out = m;
  *found = true;
  return end;
}

bool NumberGrammar::Scanner::ReadLiteral(size_t q, Atom* atom, size_t* end) const {
  re2::StringPiece sub;
  re2::StringPiece whole(s_);
  // A bounded window keeps RE2 on its fast small-text engines.
  size_t window_end = std::min(s_.size(), q + kLiteralWindow);
  if (!g_.literal_->Get().Match(whole, q, window_end, re2::RE2::ANCHOR_START, &sub, 1)) return false;
  size_t e = q + sub.size();
  std::string_view lit(s_.data() + q, sub.size());
  bool has_slash = lit.find('/') != std::string_view::npos ||
                   lit.find("\xE2\x81\x84") != std::string_view::npos;
  if (has_slash) {
    bool chained = (e < s_.size() && (s_[e] == '/') && e + 1 < s_.size() && IsDigit(s_[e + 1])) ||
                   (q >= 2 && s_[q - 1] == '/' && IsDigit(s_[q - 2]));
    if (chained) {  // 17/05/2018: three numbers, not a fraction
      if (!g_.literal_no_fraction_->Get().Match(whole, q, window_end, re2::RE2::ANCHOR_START, &sub, 1)) {
        return false;
      }
      e = q + sub.size();
      lit = std::string_view(s_.data() + q, sub.size());
      has_slash = false;
    }
  }
  // "423 0000": a group of three digits followed by more digits is not a group.
  while (e < s_.size() && IsDigit(s_[e]) && lit.find(' ') != std::string_view::npos) {
    lit = lit.substr(0, lit.rfind(' '));
    e = q + lit.size();
  }
  // A list written with commas (22,24,26): the comma separates.
  size_t mark = lit.find_first_of(",.");
  if (!has_slash && mark != std::string_view::npos &&
      lit.find_first_of(",.", mark + 1) == std::string_view::npos && lit.find(' ') == std::string_view::npos &&
      lit.find_first_of("e^") == std::string_view::npos &&
      ((e + 1 < s_.size() && s_[e] == lit[mark] && IsDigit(s_[e + 1])) ||
       (q >= 2 && s_[q - 1] == lit[mark] && IsDigit(s_[q - 2])))) {
    e = q + mark;
    lit = lit.substr(0, mark);
  }
  Literal l = ParseLiteral(lit, lang_);
  if (!l.ok) return false;
  atom->digits = true;
  atom->value = l.value;
  atom->precision = l.precision;
  atom->integer = l.integer;
  atom->plain = l.plain;
  atom->fraction_literal = l.fraction;
  atom->begin = static_cast<uint32_t>(q);
  atom->end = static_cast<uint32_t>(e);
  *end = e;
  return true;
}

size_t NumberGrammar::Scanner::Collect(size_t pos, std::vector<Atom>* atoms) const {
  size_t p = pos;
  const size_t size = s_.size();
  while (atoms->size() < kMaxAtoms) {
    size_t q = p;
    bool hyphen = false;
    if (!atoms->empty()) {
      while (q < size && s_[q] == ' ') ++q;
      if (q < size && s_[q] == '-') {
        ++q;
        while (q < size && s_[q] == ' ') ++q;
        hyphen = true;
      }
    }
    if (q >= size) break;
    char c = s_[q];
    const Atom* prev = atoms->empty() ? nullptr : &atoms->back();
    if (IsDigit(c) || (c == '.' && q + 1 < size && IsDigit(s_[q + 1]) && atoms->empty())) {
      if (hyphen) break;
      if (prev != nullptr && q == p) break;  // glued to the previous atom
      Atom a;
      size_t e;
      if (!ReadLiteral(q, &a, &e)) break;
      a.hyphen_before = hyphen;
      // A sign right before the first literal: -1, - 10 k, +1.
      if (atoms->empty() && q == pos) {
        size_t sp = q;
        if (sp >= 1 && (s_[sp - 1] == '-' || s_[sp - 1] == '+')) {
          sp -= 1;
        } else if (sp >= 2 && s_[sp - 1] == ' ' && s_[sp - 2] == '-') {
          sp -= 2;
        }
        if (sp < q) {
          size_t b = sp;
          while (b > 0 && s_[b - 1] == ' ') --b;
          char before = b > 0 ? s_[b - 1] : '\n';
          bool glued_before = sp > 0 && s_[sp - 1] != ' ' && s_[sp - 1] != '\n' && s_[sp - 1] != '(' &&
                              s_[sp - 1] != '"' && s_[sp - 1] != '[';
          if (!glued_before && !IsDigit(before) && before != '%' && before != '-') {
            a.negative = s_[sp] == '-';
            a.begin = static_cast<uint32_t>(sp);
          }
        }
      }
      // Letters glued to the digits: scale, ordinal suffix, or something else.
      if (e < size && IsLetter(s_[e])) {
        size_t w = e;
        while (w < size && IsLetter(s_[w])) ++w;
        bool boundary = w >= size || !IsDigit(s_[w]);
        std::string_view suffix(s_.data() + e, w - e);
        if (boundary && !a.fraction_literal && IsOrdinalSuffix(suffix, lang_) &&
            (w >= size || !IsLetter(s_[w]))) {
          a.ordinal = true;
          a.end = static_cast<uint32_t>(w);
          atoms->push_back(a);
          return w;
        }
        const WordInfo* info = boundary ? g_.LookupWord(suffix, lang_) : nullptr;
        Span os = text_.ToOriginal(e, w);
        const ScaleAbbrev* ab =
            boundary ? g_.LookupAbbrev(suffix, original_.substr(os.start, os.end - os.start), true, lang_)
                     : nullptr;
        if (ab != nullptr || (info != nullptr && info->kind == WordKind::kScale)) {
          atoms->push_back(a);
          Atom sc;
          sc.kind = WordKind::kScale;
          sc.value = ab != nullptr ? ab->multiplier : info->value;
          sc.info = ab != nullptr ? nullptr : info;
          sc.begin = static_cast<uint32_t>(e);
          sc.end = static_cast<uint32_t>(w);
          atoms->push_back(sc);
          p = w;
          continue;
        }
        a.glued_letters = true;
        atoms->push_back(a);
        return e;
      }
      atoms->push_back(a);
      p = e;
      continue;
    }
    if (!IsLetter(c)) break;
    if (prev != nullptr && q == p) break;
    size_t w = q;
    while (w < size && IsLetter(s_[w])) ++w;
    if (w < size && IsDigit(s_[w])) break;
    std::string_view word(s_.data() + q, w - q);
    const WordInfo* info = g_.LookupWord(word, lang_);
    // Multi-word "over" phrases (out of).
    if (info == nullptr && prev != nullptr) {
      int slot = french_ ? 1 : 0;
      for (int t = 0; t < 2 && info == nullptr; ++t) {
        if (lang_ != NumberLanguage::kUnknown && t != slot) continue;
        for (const auto& ph : g_.phrases_[t]) {
          if (s_.compare(q, ph.first.size(), ph.first) == 0 &&
              (q + ph.first.size() >= size || !IsAlnum(s_[q + ph.first.size()]))) {
            info = &ph.second;
            w = q + ph.first.size();
            break;
          }
        }
      }
    }
    if (info == nullptr) {
      if (prev != nullptr && prev->digits && !hyphen) {
        Span os = text_.ToOriginal(q, w);
        const ScaleAbbrev* ab =
            g_.LookupAbbrev(word, original_.substr(os.start, os.end - os.start), false, lang_);
        if (ab != nullptr) {
          Atom sc;
          sc.kind = WordKind::kScale;
          sc.value = ab->multiplier;
          sc.begin = static_cast<uint32_t>(q);
          sc.end = static_cast<uint32_t>(w);
          atoms->push_back(sc);
          p = w;
          continue;
        }
      }
      // "quart de million": skip "de" between a fraction word and a scale.
      if (prev != nullptr && !prev->digits && !hyphen &&
          (prev->kind == WordKind::kDenominator || prev->kind == WordKind::kOrdinal) &&
          (word == "de" || word == "d")) {
        size_t r = w;
        if (r < size && s_[r] == '\'') ++r;
        while (r < size && s_[r] == ' ') ++r;
        size_t r2 = r;
        while (r2 < size && IsLetter(s_[r2])) ++r2;
        const WordInfo* next = g_.LookupWord(std::string_view(s_.data() + r, r2 - r), lang_);
        if (next != nullptr && next->kind == WordKind::kScale) {
          Atom sc;
          sc.kind = WordKind::kScale;
          sc.value = next->value;
          sc.info = next;
          sc.begin = static_cast<uint32_t>(r);
          sc.end = static_cast<uint32_t>(r2);
          atoms->push_back(sc);
          p = r2;
          continue;
        }
      }
      break;
    }
    if (info->kind == WordKind::kPronounBefore) break;
    // French writes 300 as "trois cents", never "3 cents": after digits, cents is money.
    if (french_ && info->kind == WordKind::kHundred && prev != nullptr && prev->digits) break;
    bool connector = info->kind == WordKind::kAnd || info->kind == WordKind::kPoint ||
                     info->kind == WordKind::kOver;
    if (connector && prev == nullptr) break;
    if (info->kind == WordKind::kNegative && prev != nullptr) break;
    if (info->kind == WordKind::kArticle && prev != nullptr &&
        (prev->digits || prev->kind != WordKind::kAnd)) {
      break;  // an article inside a number only after "and": one and a half
    }
    Atom a;
    a.kind = info->kind;
    a.value = info->value;
    a.info = info;
    a.begin = static_cast<uint32_t>(q);
    a.end = static_cast<uint32_t>(w);
    a.hyphen_before = hyphen;
    a.is_one_word = word == "one";
    atoms->push_back(a);
    p = w;
  }
  // Connectors are tentative: drop trailing ones.
  while (!atoms->empty() && !atoms->back().digits &&
         (atoms->back().kind == WordKind::kAnd || atoms->back().kind == WordKind::kPoint ||
          atoms->back().kind == WordKind::kOver)) {
    atoms->pop_back();
  }
  return atoms->empty() ? pos : atoms->back().end;
}

bool ParseLexiconNumber(const std::string& field, double* value) {
  if (field.empty()) return false;
  char* end = nullptr;
  double v = std::strtod(field.c_str(), &end);
  if (end != field.c_str() + field.size() || !std::isfinite(v)) return false;
  *value = v;
  return true;
}

NumberLanguage NumberLanguageFromCode(std::string_view code) {
  if (code.size() >= 2 && (code.substr(0, 2) == "fr")) return NumberLanguage::kFrench;
  if (code.size() >= 2 && (code.substr(0, 2) == "en")) return NumberLanguage::kEnglish;
  return NumberLanguage::kUnknown;
}

NumberGrammar::NumberGrammar() = default;
NumberGrammar::~NumberGrammar() = default;

Result<std::unique_ptr<NumberGrammar>> NumberGrammar::Create(const std::string& lexicon_dir) {
  std::unique_ptr<NumberGrammar> g(new NumberGrammar());
  const std::string words_path = lexicon_dir + "/number_words.tsv";
  auto words = ReadTsvFile(words_path, 4, 5);
  if (!words.ok()) return words.status();
  std::vector<std::string> trigger_words;
  for (const TsvRow& row : *words) {
    bool slots[2];
    if (!LanguageSlots(row.fields[0], slots)) return LexiconError(words_path, row.line, "language must be en, fr or *");
    WordInfo info;
    if (!ParseWordKind(row.fields[2], &info.kind)) return LexiconError(words_path, row.line, "unknown kind '" + row.fields[2] + "'");
    if (!ParseLexiconNumber(row.fields[3], &info.value)) return LexiconError(words_path, row.line, "value is not a number");
    const std::string& flags = row.fields[4];
    info.alone = flags.find("alone") != std::string::npos;
    info.plural = flags.find("plural") != std::string::npos;
    info.article = flags.find("article") != std::string::npos;
    info.le = flags == "le";
    std::string key = FoldKey(row.fields[1]);
    if (key.empty()) return LexiconError(words_path, row.line, "empty word");
    bool phrase = key.find(' ') != std::string::npos;
    if (phrase && info.kind != WordKind::kOver) return LexiconError(words_path, row.line, "only 'over' entries may have several words");
    for (int t = 0; t < 2; ++t) {
      if (!slots[t]) continue;
      if (phrase) {
        g->phrases_[t].emplace_back(key, info);
      } else if (!g->words_[t].emplace(key, info).second) {
        return LexiconError(words_path, row.line, "duplicate word '" + key + "'");
      }
    }
    bool trigger = !phrase && info.kind != WordKind::kArticle && info.kind != WordKind::kAnd &&
                   info.kind != WordKind::kPoint && info.kind != WordKind::kOver &&
                   info.kind != WordKind::kPronounBefore && info.kind != WordKind::kNegative;
    if (trigger) {
      for (char ch : key) {
        if (!IsLetter(ch)) return LexiconError(words_path, row.line, "number words must be letters a-z once folded");
      }
      trigger_words.push_back(key);
    }
  }
  const std::string scales_path = lexicon_dir + "/scales.tsv";
  auto scales = ReadTsvFile(scales_path, 5, 5);
  if (!scales.ok()) return scales.status();
  for (const TsvRow& row : *scales) {
    bool slots[2];
    if (!LanguageSlots(row.fields[0], slots)) return LexiconError(scales_path, row.line, "language must be en, fr or *");
    ScaleAbbrev ab;
    ab.exact = row.fields[1];
    if (!ParseLexiconNumber(row.fields[2], &ab.multiplier) || ab.multiplier <= 0) {
      return LexiconError(scales_path, row.line, "multiplier is not a positive number");
    }
    const std::string& cs = row.fields[3];
    if (cs != "any" && cs != "exact") return LexiconError(scales_path, row.line, "case must be any or exact");
    ab.exact_case = cs == "exact";
    const std::string& at = row.fields[4];
    if (at != "glued" && at != "spaced" && at != "both") return LexiconError(scales_path, row.line, "attach must be glued, spaced or both");
    ab.glued = at != "spaced";
    ab.spaced = at != "glued";
    std::string key = FoldKey(ab.exact);
    for (char ch : key) {
      if (!IsLetter(ch)) return LexiconError(scales_path, row.line, "abbreviations must be letters a-z");
    }
    for (int t = 0; t < 2; ++t) {
      if (slots[t]) g->abbrevs_[t].emplace(key, ab);
    }
  }
  std::sort(trigger_words.begin(), trigger_words.end(),
            [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  trigger_words.erase(std::unique(trigger_words.begin(), trigger_words.end()), trigger_words.end());
  g->trigger_words_ = std::move(trigger_words);
  std::vector<std::string> table_words;
  for (const std::string& w : g->trigger_words_) {
    table_words.push_back(w);
    table_words.push_back(w + "s");
  }
  g->trigger_index_ = StringIndex(table_words);
  for (int t = 0; t < 2; ++t) {
    std::vector<std::string> keys;
    for (const auto& [key, info] : g->words_[t]) {
      keys.push_back(key);
      g->word_infos_[t].push_back(&info);
    }
    g->word_index_[t] = StringIndex(keys);
  }
  for (const std::string& w : g->trigger_words_) {
    g->trigger_max_ = std::max(g->trigger_max_, w.size());
    // Lengths of the word and of its plural, by first byte.
    for (size_t len : {w.size(), w.size() + 1}) {
      g->trigger_first_[static_cast<unsigned char>(w[0])] |= uint64_t{1} << std::min<size_t>(len, 63);
    }
  }
  re2::RE2::Options options;
  options.set_log_errors(false);
  const std::string number =
      "(?:[0-9]{1,3}(?: [0-9]{3})+(?:[.,][0-9]+)?"
      "|[0-9]{1,3}(?:,[0-9]{3})+(?:\\.[0-9]+)?"
      "|[0-9]{1,3}(?:\\.[0-9]{3})+(?:,[0-9]+)?"
      "|[0-9]+(?:[.,][0-9]+)?"
      "|\\.[0-9]+";
  const std::string power = ")(?:e[-+]?[0-9]+|\\^[-+]*[0-9]+|x10\\^[-+]?[0-9]+)?";
  re2::RE2::Options longest = options;
  longest.set_longest_match(true);
  auto literal = std::make_unique<re2::RE2>(
      number + "|[0-9]{1,3}(?:/|\\x{2044})[0-9]{1,3}" + power, longest);
  auto literal_no_fraction = std::make_unique<re2::RE2>(number + power, longest);
  auto url = std::make_unique<re2::RE2>(
      "(?:https?://|www\\.)[^ \\n\"<>]+|[a-z0-9._%+-]+@[a-z0-9.-]+\\.[a-z]{2,}", options);
  for (const auto* re : {literal.get(), literal_no_fraction.get(), url.get()}) {
    if (!re->ok()) return Status::Internal("number grammar pattern: " + re->error());
  }
  g->literal_ = PerThreadRE2(std::move(literal));
  g->literal_no_fraction_ = PerThreadRE2(std::move(literal_no_fraction));
  g->url_ = PerThreadRE2(std::move(url));
  return g;
}

const WordInfo* NumberGrammar::LookupWord(std::string_view word, NumberLanguage lang) const {
  auto find = [&](int t) -> const WordInfo* {
    int k = word_index_[t].Find(word);
    if (k >= 0) return word_infos_[t][k];
    // Plural of ordinals and fraction words: fifths, cinquiemes, quarts.
    if (word.size() > 3 && word.back() == 's') {
      k = word_index_[t].Find(word.substr(0, word.size() - 1));
      if (k >= 0 && (word_infos_[t][k]->kind == WordKind::kOrdinal ||
                     word_infos_[t][k]->kind == WordKind::kDenominator)) {
        return word_infos_[t][k];
      }
    }
    return nullptr;
  };
  if (lang == NumberLanguage::kEnglish) return find(0);
  if (lang == NumberLanguage::kFrench) return find(1);
  const WordInfo* w = find(0);
  return w != nullptr ? w : find(1);
}

const NumberGrammar::ScaleAbbrev* NumberGrammar::LookupAbbrev(std::string_view folded_word,
                                                             std::string_view original_word,
                                                             bool glued, NumberLanguage lang) const {
  for (int t = 0; t < 2; ++t) {
    if (lang == NumberLanguage::kEnglish && t != 0) continue;
    if (lang == NumberLanguage::kFrench && t != 1) continue;
    auto range = abbrevs_[t].equal_range(std::string(folded_word));
    for (auto it = range.first; it != range.second; ++it) {
      const ScaleAbbrev& ab = it->second;
      if (glued ? !ab.glued : !ab.spaced) continue;
      if (ab.exact_case && original_word != ab.exact) continue;
      return &ab;
    }
  }
  return nullptr;
}

bool NumberGrammar::MatchScaleAt(const FoldedText& text, std::string_view original, size_t pos,
                                 NumberLanguage lang, double* multiplier, size_t* end) const {
  const std::string& s = text.str();
  size_t q = pos;
  while (q < s.size() && s[q] == ' ') ++q;
  size_t w = q;
  while (w < s.size() && IsLetter(s[w])) ++w;
  if (w == q || (w < s.size() && IsDigit(s[w]))) return false;
  std::string_view word(s.data() + q, w - q);
  const WordInfo* info = LookupWord(word, lang);
  if (info != nullptr && info->kind == WordKind::kScale) {
    *multiplier = info->value;
    *end = w;
    return true;
  }
  Span os = text.ToOriginal(q, w);
  const ScaleAbbrev* ab = LookupAbbrev(word, original.substr(os.start, os.end - os.start), q == pos, lang);
  if (ab == nullptr) return false;
  *multiplier = ab->multiplier;
  *end = w;
  return true;
}

size_t NumberGrammar::NextTrigger(std::string_view s, size_t pos) const {
  // Byte classes: 0 other, 1 letter or '_', 2 digit, 3 '.'.
  static const std::array<uint8_t, 256> kClass = [] {
    std::array<uint8_t, 256> t{};
    for (int c = 'a'; c <= 'z'; ++c) t[c] = 1;
    for (int c = 'A'; c <= 'Z'; ++c) t[c] = 1;
    t['_'] = 1;
    for (int c = '0'; c <= '9'; ++c) t[c] = 2;
    t['.'] = 3;
    return t;
  }();
  const auto* b = reinterpret_cast<const unsigned char*>(s.data());
  const size_t n = s.size();
  auto word = [&](size_t at) { return kClass[b[at]] == 1 || kClass[b[at]] == 2; };
  // Whether the word s[at, at + len) is a trigger word or its plural.
  auto trigger = [&](size_t at, size_t len) {
    return len <= trigger_max_ + 1 && (trigger_first_[b[at]] >> std::min<size_t>(len, 63) & 1) != 0 &&
           trigger_index_.Find(s.substr(at, len), n - at) >= 0;
  };
  size_t i = pos;
#ifdef __SSE2__
  // 48 bytes at a time, from masks of 64: the last 16 show where the words
  // that start in the 48 end and whether a '.' is before a digit.
  while (i + 64 <= n) {
    uint64_t words = 0, digits = 0, dots = 0;
    for (int k = 0; k < 4; ++k) {
      const __m128i v = Load16(b + i + 16 * k);
      const __m128i digit = AsciiDigits(v);
      const __m128i word_byte = _mm_or_si128(_mm_or_si128(AsciiLetters(v), digit), BytesEqual(v, '_'));
      const int shift = 16 * k;
      words |= uint64_t{Mask16(word_byte)} << shift;
      digits |= uint64_t{Mask16(digit)} << shift;
      dots |= uint64_t{Mask16(BytesEqual(v, '.'))} << shift;
    }
    const uint64_t before = i > 0 && word(i - 1) ? 1 : 0;
    const uint64_t starts = words & ~(words << 1 | before);
    // Bit 63 cleared: a run of word bytes ends in it by bit 63, and the
    // loop below reads on from byte 63 if needed.
    const uint64_t ended = words & ~(uint64_t{1} << 63);
    uint64_t candidates = (starts | (dots & digits >> 1)) & ((uint64_t{1} << 48) - 1);
    while (candidates != 0) {
      const int at = __builtin_ctzll(candidates);
      candidates &= candidates - 1;
      const size_t j = i + static_cast<size_t>(at);
      if ((digits >> at & 1) != 0 || (dots >> at & 1) != 0) return j;
      // A word of letters (digits and '_' after the first allowed).
      size_t len = static_cast<size_t>(__builtin_ctzll(~(ended >> at)));
      if (j + len == i + 63) {
        while (j + len < n && word(j + len)) ++len;
      }
      if (trigger(j, len)) return j;
    }
    i += 48;
  }
#endif
  // Inside a word at `i`: no trigger before its end.
  if (i > 0 && i < n && word(i - 1)) {
    while (i < n && word(i)) ++i;
  }
  while (i < n) {
    uint8_t k = kClass[b[i]];
    if (k == 0) {
      ++i;
      continue;
    }
    if (k == 3) {
      if (i + 1 < n && kClass[b[i + 1]] == 2) return i;
      ++i;
      continue;
    }
    // A word starts at i (the byte before is not a word character).
    if (k == 2) return i;
    size_t e = i + 1;
    while (e < n && word(e)) ++e;
    if (trigger(i, e - i)) return i;
    i = e;
  }
  return n;
}

std::vector<NumberMatch> NumberGrammar::Find(const FoldedText& text, std::string_view original,
                                             NumberLanguage lang) const {
  std::vector<NumberMatch> out;
  const std::string& s = text.str();
  re2::StringPiece whole(s);
  // URLs and e-mail addresses hold digits that are not numbers.
  std::vector<std::pair<size_t, size_t>> urls;
  if (s.find("://") != std::string::npos || s.find("www.") != std::string::npos ||
      s.find('@') != std::string::npos) {
    re2::StringPiece input(s);
    re2::StringPiece m;
    size_t at = 0;
    const re2::RE2& url = url_->Get();
    while (at < s.size() && url.Match(whole, at, s.size(), re2::RE2::UNANCHORED, &m, 1)) {
      size_t b = static_cast<size_t>(m.data() - s.data());
      urls.emplace_back(b, b + m.size());
      at = b + std::max<size_t>(m.size(), 1);
    }
  }
  Scanner scanner(*this, text, original, lang);
  size_t url_index = 0;
  size_t pos = 0;
  std::vector<Atom> atoms;
  while (pos < s.size()) {
    size_t t = NextTrigger(s, pos);
    if (t >= s.size()) break;
    while (url_index < urls.size() && urls[url_index].second <= t) ++url_index;
    if (url_index < urls.size() && urls[url_index].first <= t) {
      pos = urls[url_index].second;
      continue;
    }
    char c = s[t];
    if (c == '.' || IsDigit(c)) {
      size_t d = c == '.' ? t + 1 : t;
      // Part of an identifier or of a word: H800, GPT-4o, scp-173, 3.5 after a digit.
      bool identifier = (t > 0 && IsAlnum(s[t - 1])) ||
                        (t >= 2 && (s[t - 1] == '-' || s[t - 1] == '.' || s[t - 1] == '_') &&
                         IsLetter(s[t - 2])) ||
                        (c == '.' && t > 0 && IsDigit(s[t - 1]));
      if (identifier) {
        size_t e = d;
        while (e < s.size() && (IsAlnum(s[e]) || s[e] == '-' || s[e] == '.') &&
               !(s[e] == '.' && (e + 1 >= s.size() || !IsAlnum(s[e + 1])))) {
          ++e;
        }
        pos = std::max(e, t + 1);
        continue;
      }
    }
    // A negative word or an article just before: "minus five", "a fifth", "négatif un".
    size_t start = t;
    bool after_pronoun = false;
    if (t >= 2 && s[t - 1] == ' ') {
      size_t b = t - 1;
      while (b > 0 && s[b - 1] == ' ') --b;
      size_t wb = b;
      while (wb > 0 && IsLetter(s[wb - 1])) --wb;
      if (wb < b && (wb == 0 || !IsAlnum(s[wb - 1]))) {
        const WordInfo* prev = LookupWord(std::string_view(s.data() + wb, b - wb), lang);
        if (prev != nullptr && (prev->kind == WordKind::kNegative || prev->kind == WordKind::kArticle) &&
            wb >= pos) {
          start = wb;
        }
        after_pronoun = prev != nullptr && prev->kind == WordKind::kPronounBefore;
      }
    }
    atoms.clear();
    if (start != t) {
      // Read the article or negative word as the first atom.
      size_t w = start;
      while (w < s.size() && IsLetter(s[w])) ++w;
      const WordInfo* info = LookupWord(std::string_view(s.data() + start, w - start), lang);
      Atom a;
      a.kind = info->kind;
      a.value = info->value;
      a.info = info;
      a.begin = static_cast<uint32_t>(start);
      a.end = static_cast<uint32_t>(w);
      atoms.push_back(a);
      scanner.Collect(w, &atoms);
      if (atoms.size() == 1) atoms.clear();
    }
    if (atoms.empty()) scanner.Collect(t, &atoms);
    if (atoms.empty()) {
      pos = t + 1;
      continue;
    }
    for (Atom& a : atoms) {
      if (a.begin == t) a.after_pronoun = after_pronoun;
    }
    size_t i = 0;
    while (i < atoms.size()) {
      NumberMatch nm;
      bool found = false;
      i = scanner.ParseOne(atoms, i, &nm, &found);
      if (found) out.push_back(nm);
    }
    pos = std::max<size_t>(atoms.back().end, t + 1);
  }
  return out;
}

}  // namespace newsintel
