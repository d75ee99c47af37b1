// Sentence boundaries: SentenceBoundaries() gives exactly ICU's sentence
// BreakIterator boundaries (root rules) on any text, and Split() returns
// ordered, trimmed spans inside the text.
#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/utext.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "extract/document.h"
#include "extract/sentences.h"
#include "fuzz/fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const newsintel::SentenceSplitter* splitter = new newsintel::SentenceSplitter();
  static icu::BreakIterator* icu_iterator = [] {
    UErrorCode status = U_ZERO_ERROR;
    icu::BreakIterator* it = icu::BreakIterator::createSentenceInstance(icu::Locale::getRoot(), status);
    FUZZ_CHECK(U_SUCCESS(status));
    return it;
  }();
  // Documents reach the splitter as valid UTF-8 (SanitizeUtf8); ICU and the
  // rules may cut ill-formed bytes differently.
  std::string text(reinterpret_cast<const char*>(data), size);
  newsintel::SanitizeUtf8(&text);

  UErrorCode status = U_ZERO_ERROR;
  UText* ut = utext_openUTF8(nullptr, text.data(), static_cast<int64_t>(text.size()), &status);
  FUZZ_CHECK(U_SUCCESS(status));
  icu_iterator->setText(ut, status);
  FUZZ_CHECK(U_SUCCESS(status));
  std::vector<size_t> expected;
  for (int32_t b = icu_iterator->first(); b != icu::BreakIterator::DONE; b = icu_iterator->next()) {
    expected.push_back(static_cast<size_t>(b));
  }
  utext_close(ut);
  FUZZ_CHECK(newsintel::SentenceBoundaries(text) == expected);

  for (const char* lang : {"fr", "en"}) {
    uint32_t last_end = 0;
    for (newsintel::Span s : splitter->Split(text, lang)) {
      FUZZ_CHECK(s.start < s.end);
      FUZZ_CHECK(s.end <= text.size());
      FUZZ_CHECK(s.start >= last_end);
      last_end = s.end;
    }
  }
  return 0;
}
