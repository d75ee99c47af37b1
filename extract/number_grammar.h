// NumberGrammar: finds the numbers of an English or French text, written in
// digits or in words, and computes their exact values.
//
//   Result<std::unique_ptr<NumberGrammar>> g = NumberGrammar::Create("lexicons");
//   FoldedText folded = FoldedText::Fold(text);
//   for (const NumberMatch& n : (*g)->Find(folded, text, NumberLanguage::kFrench)) {
//     Span s = folded.ToOriginal(n.begin, n.end);   // "2,8 millions", "quatre-vingt-dix-neuf"
//     Use(n.value, n.precision);                    // 2800000, 100000
//   }
//
// Digits: French and English grouping (2 048, 2,048, 2.048 in French, 1 234 567,89),
// decimal comma or point, signs, exponents (1.2e6, 1.1^23), fractions (3/4, 1 4/5) and
// scale abbreviations (10k, 2,5 Md, 1.2bn). Words: cardinals (quatre-vingt-dix-neuf,
// two hundred and two thousand), scale words (mille, millions, milliard), fractions
// (a fifth, trois quarts, 1 over 3, un sur trois), decimals (five point two), dozens,
// negatives. Ordinals (fifth, 3e, deuxième) are found but flagged, never values.
#ifndef NEWSINTEL_EXTRACT_NUMBER_GRAMMAR_H_
#define NEWSINTEL_EXTRACT_NUMBER_GRAMMAR_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "extract/normalize.h"
#include "extract/status.h"
#include "extract/string_index.h"

namespace re2 {
class RE2;
}

namespace newsintel {

template <typename T>
class PerThread;

enum class NumberLanguage { kEnglish, kFrench, kUnknown };

// "fr" -> kFrench, "en" -> kEnglish, anything else -> kUnknown (both word lists,
// English meanings first).
NumberLanguage NumberLanguageFromCode(std::string_view code);

// Parses a whole lexicon field as a finite double ("1e6", "0.5"); false if it is not one.
bool ParseLexiconNumber(const std::string& field, double* value);

// One number found in a folded text.
struct NumberMatch {
  uint32_t begin = 0, end = 0;  // folded byte range [begin, end)
  double value = 0;
  double precision = 1;         // unit of the last stated digit: 2,8 millions -> 100000
  bool ordinal = false;         // "fifth", "3e", "deuxième": a rank, not a quantity
  bool spelled = false;         // written with number words
  bool has_scale = false;       // a scale word or abbreviation was applied (millions, k)
  double scale = 1;             // the multiplier of those words after written digits (10 millions: 1e6)
  bool fraction = false;        // 3/4, a fifth, two over three
  bool article_only = false;    // a lone "un"/"une": a number only before a currency
  bool plain_integer = false;   // digits only, no separator, no sign, no scale: 2024
  bool glued_letters = false;   // digits directly followed by letters that are not a
                                // scale or ordinal suffix (29km, 5090D): the caller keeps
                                // the number only if a unit ends exactly at a word boundary
};

// Built once from lexicons/number_words.tsv and lexicons/scales.tsv; immutable, so
// Find() may run on several threads at once.
class NumberGrammar {
 public:
  static Result<std::unique_ptr<NumberGrammar>> Create(const std::string& lexicon_dir);
  ~NumberGrammar();
  NumberGrammar(const NumberGrammar&) = delete;
  NumberGrammar& operator=(const NumberGrammar&) = delete;

  // Every number of `text`, left to right, not overlapping. `original` is the text
  // `text` was folded from (for case-sensitive abbreviations such as M and m).
  std::vector<NumberMatch> Find(const FoldedText& text, std::string_view original,
                                NumberLanguage lang) const;

  // Where a number may start in folded text `s`, at or after `pos`: a digit
  // starting a word, a '.' before a digit, or a whole word that is a number
  // word (plural 's' allowed); s.size() if none. Word characters are ASCII
  // letters, digits and '_'.
  size_t NextTrigger(std::string_view s, size_t pos) const;
  // The number words NextTrigger() looks for, folded.
  const std::vector<std::string>& trigger_words() const { return trigger_words_; }

  // A scale word or abbreviation starting at folded `pos` after optional spaces
  // ("75 USD million"): sets *multiplier and *end and returns true.
  bool MatchScaleAt(const FoldedText& text, std::string_view original, size_t pos,
                    NumberLanguage lang, double* multiplier, size_t* end) const;

  // The kinds of number words (see lexicons/number_words.tsv).
  enum class WordKind {
    kUnit, kTeen, kTens, kHundred, kScale, kOrdinal, kDenominator, kDozen, kArticle,
    kAnd, kPoint, kNegative, kOver, kPronounBefore
  };
  struct WordInfo {
    WordKind kind = WordKind::kUnit;
    double value = 0;
    bool alone = false;    // a scale that is a number by itself (mille)
    bool plural = false;   // millions: vague without a number before it
    bool article = false;  // un/une
    bool le = false;       // over: only when numerator <= denominator
  };
  struct ScaleAbbrev {
    std::string exact;   // as written in the lexicon (for case exact)
    double multiplier = 1;
    bool exact_case = false, glued = true, spaced = true;
  };

 private:
  NumberGrammar();
  struct Atom;
  struct Cardinal;
  class Scanner;

  const WordInfo* LookupWord(std::string_view word, NumberLanguage lang) const;
  const ScaleAbbrev* LookupAbbrev(std::string_view folded_word, std::string_view original_word,
                                  bool glued, NumberLanguage lang) const;

  std::unordered_map<std::string, WordInfo> words_[2];          // [0] en, [1] fr
  std::vector<std::pair<std::string, WordInfo>> phrases_[2];     // multi-word: "out of"
  std::unordered_multimap<std::string, ScaleAbbrev> abbrevs_[2];
  std::vector<std::string> trigger_words_;
  StringIndex trigger_index_;  // the trigger words and their plurals ('s' added)
  // words_[t] again, for lookups without a std::string: word k of word_index_[t]
  // has word_infos_[t][k] (pointers into words_[t]).
  StringIndex word_index_[2];
  std::vector<const WordInfo*> word_infos_[2];
  size_t trigger_max_ = 0;                              // longest trigger word, in bytes
  uint64_t trigger_first_[256] = {};  // by first byte: bit n set if a word or its plural is n bytes
  std::unique_ptr<PerThread<re2::RE2>> literal_;  // a numeric literal, fractions included
  std::unique_ptr<PerThread<re2::RE2>> literal_no_fraction_;
  std::unique_ptr<PerThread<re2::RE2>> url_;      // URLs and e-mail addresses, skipped
};

}  // namespace newsintel

#endif  // NEWSINTEL_EXTRACT_NUMBER_GRAMMAR_H_
