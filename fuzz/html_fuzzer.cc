// HTML article extraction and charset conversion: never crashes, and the
// offset map has one entry per text byte plus one, each inside the page.
#include <cstddef>
#include <cstdint>

#include "extract/charset.h"
#include "extract/html_article.h"
#include "fuzz/fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string page(reinterpret_cast<const char*>(data), size);
  auto utf8 = newsintel::DecodePage(page, "");
  if (utf8.ok() && !utf8->to_source.empty()) {
    FUZZ_CHECK(utf8->to_source.size() == utf8->utf8.size() + 1);
  }
  newsintel::HtmlOptions options;
  auto doc = newsintel::DocumentFromHtml(page, options);
  if (!doc.ok()) return 0;
  if (!doc->source_offsets.empty()) {
    FUZZ_CHECK(doc->source_offsets.size() == doc->text.size() + 1);
  }
  return 0;
}
