// QuantityRecognizer: numbers with their units, currencies, percentages,
// approximation markers and ranges, in English and French text.
//
//   Result<std::unique_ptr<QuantityRecognizer>> r = QuantityRecognizer::Create("lexicons");
//   FoldedText folded = FoldedText::Fold(text);
//   for (const Quantity& q : (*r)->Find(folded, text, "fr", {})) {
//     Span s = folded.ToOriginal(q.begin, q.end);  // "environ 209 milliards de dollars" -> the
//     Use(q.value, q.unit, q.kind, q.approx);      // bytes of "209 milliards de dollars",
//   }                                              // 209e9, "USD", "currency", true
//
// Units come from lexicons/units.tsv, markers from lexicons/approx_markers.tsv and the
// number grammar from lexicons/number_words.tsv and lexicons/scales.tsv.
#ifndef NEWSINTEL_EXTRACT_QUANTITY_RECOGNIZER_H_
#define NEWSINTEL_EXTRACT_QUANTITY_RECOGNIZER_H_

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "extract/literal_pattern.h"
#include "extract/normalize.h"
#include "extract/number_grammar.h"
#include "extract/status.h"

namespace re2 {
class RE2;
}

namespace newsintel {

template <typename T>
class PerThread;

// A number and what it counts or measures.
struct Quantity {
  NumberMatch number;        // the number alone
  double value = 0;          // with the unit multiplier and a minor amount (15 dollars 50)
  double precision = 1;      // in the same unit as value
  std::string unit;          // USD, percent, gpu, km...; empty for a bare number
  std::string kind = "number";  // number, percent, currency, dimension, duration, temperature
  uint32_t begin = 0, end = 0;  // folded range: prefix unit, number and unit; not the marker
  bool approx = false;
  uint32_t approx_begin = 0, approx_end = 0;  // folded range of the marker when approx
  int range_id = -1;         // quantities of one range share an id
  bool unit_from_range = false;  // unit taken from the other end of a range
};

struct RecognizeOptions {
  // Give the first end of a range the unit and scale of the second when it has none
  // ("entre 5 et 10 millions de dollars"). Default off: report what is written.
  bool propagate_ranges = false;
  // Report lone "un"/"a" before a currency ("un penny"). Default on.
  bool article_currency = true;
};

// Built once from the lexicon directory; immutable, Find() is thread-safe.
class QuantityRecognizer {
 public:
  static Result<std::unique_ptr<QuantityRecognizer>> Create(const std::string& lexicon_dir);
  ~QuantityRecognizer();
  QuantityRecognizer(const QuantityRecognizer&) = delete;
  QuantityRecognizer& operator=(const QuantityRecognizer&) = delete;

  // Every number of `text` (ordinals excluded) with its unit when it has one.
  // `original` is the text `text` was folded from; `lang` is "fr", "en" or "".
  std::vector<Quantity> Find(const FoldedText& text, std::string_view original,
                             std::string_view lang, const RecognizeOptions& options) const;

  const NumberGrammar& numbers() const { return *numbers_; }

  // A unit written at folded `pos` (after optional spaces or a hyphen), whatever
  // comes before it: "H800 GPU-hours" after a chip name. Sets *unit, *kind and
  // the folded *end of the unit.
  bool UnitAt(const FoldedText& text, std::string_view original, size_t pos, std::string_view lang,
              std::string* unit, std::string* kind, size_t* end) const;

  struct UnitEntry {
    std::string unit, kind;
    bool langs[2] = {true, true};  // en, fr
    bool pre = false, post = true;
    double multiplier = 1;
    bool cond_scale = false, cond_noscale = false, cond_minor = false, cond_lower = false;
    double minor_factor = 0;
    std::string minor_unit;
    bool minor_optional = false;
  };

 private:
  QuantityRecognizer();
  struct UnitHit;
  bool MatchPostUnit(const FoldedText& text, std::string_view original, size_t pos,
                     const NumberMatch* number, int lang_slot, bool as_minor, UnitHit* hit) const;
  bool MatchPreUnit(const FoldedText& text, std::string_view original, size_t pos, size_t floor,
                    const NumberMatch& number, int lang_slot, UnitHit* hit) const;
  bool MatchApprox(const std::string& s, size_t pos, size_t floor, int lang_slot,
                   uint32_t* begin, uint32_t* end) const;

  std::unique_ptr<NumberGrammar> numbers_;
  std::unordered_map<std::string, std::vector<UnitEntry>> units_;  // by folded surface
  std::unordered_map<std::string, int> approx_langs_;  // marker -> bit 1 en, bit 2 fr
  std::unique_ptr<KeyMatcher> post_keys_;     // a unit right after a number (surfaces)
  std::unique_ptr<PerThread<re2::RE2>> pre_units_;   // a unit right before a number: $, USD, TPP de
  std::unique_ptr<PerThread<re2::RE2>> approx_;      // a marker right before a quantity
  std::unique_ptr<PerThread<re2::RE2>> range_open_;  // entre, between, de, from before a range
  // Exact prefilters built from the same keys as the patterns above.
  std::unique_ptr<KeyEndFilter> pre_end_, approx_end_, range_open_end_;
};

}  // namespace newsintel

#endif  // NEWSINTEL_EXTRACT_QUANTITY_RECOGNIZER_H_
