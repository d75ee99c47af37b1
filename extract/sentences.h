// Sentence segmentation: the Unicode sentence-break rules (UAX #29, as ICU's
// sentence BreakIterator applies them), the abbreviations of ICU's locale data
// ("ss=standard") and a list of our own, French and English aware.
//
//   SentenceSplitter splitter;
//   for (Span s : splitter.Split(doc.text, "fr")) Use(doc.text.substr(s.start, s.end - s.start));
//
// Abbreviations such as "M.", "Mme", "Dr.", "U.S.", "etc." and single initials
// do not end a sentence; a line break always does.
#ifndef NEWSINTEL_EXTRACT_SENTENCES_H_
#define NEWSINTEL_EXTRACT_SENTENCES_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "extract/document.h"

namespace newsintel {

// The sentence boundaries of `text` by the UAX #29 rules alone (no
// abbreviations): byte offsets, starting with 0 and ending with text.size()
// (just {0} for an empty text). Gives the same boundaries as ICU's sentence
// BreakIterator for the root locale, in a single pass over the bytes.
std::vector<size_t> SentenceBoundaries(std::string_view text);

// Holds the abbreviation lists; Split() is const and safe to call from
// several threads at once.
class SentenceSplitter {
 public:
  // Loads ICU's sentence-break exceptions for French and English.
  SentenceSplitter();
  ~SentenceSplitter();
  SentenceSplitter(const SentenceSplitter&) = delete;
  SentenceSplitter& operator=(const SentenceSplitter&) = delete;

  // Sentences of `text` as byte spans, trimmed of surrounding white space;
  // empty sentences are dropped. `lang` is "fr", "en" or "" (French rules).
  std::vector<Span> Split(std::string_view text, const std::string& lang) const;

 private:
  // True if ICU's exceptions for `lang` suppress the boundary at `b`.
  bool IcuException(std::string_view text, size_t b, bool english) const;

  // ICU's exceptions ("Mr.", "U.S."), French then English, by the byte
  // before their final period.
  std::vector<std::string> exceptions_[2][256];
};

}  // namespace newsintel

#endif  // NEWSINTEL_EXTRACT_SENTENCES_H_
