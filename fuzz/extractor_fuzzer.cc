// The whole extractor (entities, chips, figures, claims) on arbitrary text:
// every span lies inside the text and equals the item's bytes.
#include <cstddef>
#include <cstdint>
#include <memory>

#include "extract/document.h"
#include "extract/extractor.h"
#include "fuzz/fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using newsintel::fuzz::CheckSpan;
  static const newsintel::Extractor* extractor = [] {
    newsintel::ExtractorOptions options;
    options.lexicon_dir = newsintel::fuzz::LexiconDir();
    auto x = newsintel::Extractor::Create(options);
    FUZZ_CHECK(x.ok());
    return std::move(*x).release();
  }();
  std::string bytes(reinterpret_cast<const char*>(data), size);
  newsintel::Document doc = newsintel::DocumentFromText("fuzz", std::move(bytes), {});
  newsintel::Extraction x = extractor->Extract(doc);
  const std::string& t = x.document.text;
  for (const auto& e : x.entities) CheckSpan(t, e.start, e.end, e.text);
  for (const auto& c : x.chips) CheckSpan(t, c.start, c.end, c.text);
  for (const auto& f : x.figures) CheckSpan(t, f.start, f.end, f.text);
  for (const auto& c : x.claims) CheckSpan(t, c.start, c.end, c.text);
  return 0;
}
