// ICU folding with its offset map: every folded range maps inside the input,
// and spans never run backwards.
#include <cstddef>
#include <cstdint>

#include "extract/normalize.h"
#include "fuzz/fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  newsintel::FoldedText f = newsintel::FoldedText::Fold(text);
  for (size_t i = 0; i < f.size(); i += 1 + i / 4) {
    for (size_t j = i + 1; j <= f.size(); j += 1 + j / 3) {
      newsintel::Span s = f.ToOriginal(i, j);
      FUZZ_CHECK(s.start <= s.end);
      FUZZ_CHECK(s.end <= size);
    }
  }
  newsintel::FoldKey(text);
  return 0;
}
