// Claims on arbitrary text (quotes, cues, pronouns, unbalanced quotation
// marks): every claim and speaker span lies inside the text and equals its
// bytes, the modality is one of the five, and `about` names found entities.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <set>
#include <string>

#include "extract/document.h"
#include "extract/extractor.h"
#include "fuzz/fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const newsintel::Extractor* extractor = [] {
    newsintel::ExtractorOptions options;
    options.lexicon_dir = newsintel::fuzz::LexiconDir();
    auto x = newsintel::Extractor::Create(options);
    FUZZ_CHECK(x.ok());
    return std::move(*x).release();
  }();
  static const std::set<std::string> kModalities = {"asserted", "alleged", "denied", "doubted",
                                                    "declined"};
  std::string bytes(reinterpret_cast<const char*>(data), size);
  newsintel::Document doc = newsintel::DocumentFromText("fuzz", std::move(bytes), {});
  newsintel::Extraction x = extractor->Extract(doc);
  const std::string& t = x.document.text;
  std::set<std::string> entities;
  for (const auto& e : x.entities) entities.insert(e.name);
  for (const auto& c : x.claims) {
    newsintel::fuzz::CheckSpan(t, c.start, c.end, c.text);
    FUZZ_CHECK(kModalities.count(c.modality) == 1);
    FUZZ_CHECK(c.speaker_start <= c.speaker_end && c.speaker_end <= t.size());
    for (const auto& a : c.about) FUZZ_CHECK(entities.count(a) == 1);
  }
  return 0;
}
