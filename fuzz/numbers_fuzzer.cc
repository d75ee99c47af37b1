// The number, unit and currency grammar: every quantity's folded range lies
// inside the folded text and maps back inside the original.
#include <cstddef>
#include <cstdint>
#include <memory>

#include "extract/normalize.h"
#include "extract/quantity_recognizer.h"
#include "fuzz/fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const newsintel::QuantityRecognizer* recognizer = [] {
    auto r = newsintel::QuantityRecognizer::Create(newsintel::fuzz::LexiconDir());
    FUZZ_CHECK(r.ok());
    return std::move(*r).release();
  }();
  std::string_view text(reinterpret_cast<const char*>(data), size);
  newsintel::FoldedText folded = newsintel::FoldedText::Fold(text);
  for (const char* lang : {"fr", "en"}) {
    for (const newsintel::Quantity& q : recognizer->Find(folded, text, lang, {})) {
      FUZZ_CHECK(q.begin <= q.end);
      FUZZ_CHECK(q.end <= folded.size());
      if (q.end > q.begin) {
        newsintel::Span s = folded.ToOriginal(q.begin, q.end);
        FUZZ_CHECK(s.end <= size);
      }
    }
  }
  return 0;
}
