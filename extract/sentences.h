// Sentence segmentation with ICU's BreakIterator, French and English aware.
//
//   SentenceSplitter splitter;
//   for (Span s : splitter.Split(doc.text, "fr")) Use(doc.text.substr(s.start, s.end - s.start));
//
// Abbreviations such as "M.", "Mme", "Dr.", "U.S.", "etc." and single initials
// do not end a sentence; a line break always does.
#ifndef NEWSINTEL_EXTRACT_SENTENCES_H_
#define NEWSINTEL_EXTRACT_SENTENCES_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <unicode/uversion.h>

#include "extract/document.h"

U_NAMESPACE_BEGIN
class BreakIterator;
U_NAMESPACE_END

namespace newsintel {

// Holds compiled break rules; Split() is const and safe to call from several
// threads at once (each call works on its own clone of the rules).
class SentenceSplitter {
 public:
  SentenceSplitter();
  ~SentenceSplitter();
  SentenceSplitter(const SentenceSplitter&) = delete;
  SentenceSplitter& operator=(const SentenceSplitter&) = delete;

  // Sentences of `text` as byte spans, trimmed of surrounding white space;
  // empty sentences are dropped. `lang` is "fr", "en" or "".
  std::vector<Span> Split(std::string_view text, const std::string& lang) const;

 private:
  std::unique_ptr<icu::BreakIterator> french_;
  std::unique_ptr<icu::BreakIterator> english_;
};

}  // namespace newsintel

#endif  // NEWSINTEL_EXTRACT_SENTENCES_H_
