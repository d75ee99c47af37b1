// Charset detection and conversion with every kind of label: the result is
// valid UTF-8 without NUL, and its offset map is monotonic, one entry per
// UTF-8 byte plus one, each inside the input.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "extract/charset.h"
#include "fuzz/fuzz_util.h"

namespace {

// Labels the HTTP header may carry, including unknown and hostile ones.
constexpr std::string_view kLabels[] = {
    "", "utf-8", "UTF8", "iso-8859-1", "latin1", "windows-1252", "us-ascii", "utf-16",
    "utf-16le", "utf-16be", "shift_jis", "euc-kr", "gb18030", "koi8-r", "x-unknown",
    "utf-7", "replacement", "\"utf-8\"", "iso-2022-jp", "big5",
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::string_view label = kLabels[data[0] % (sizeof(kLabels) / sizeof(kLabels[0]))];
  std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  auto page = newsintel::DecodePage(bytes, label);
  FUZZ_CHECK(page.ok());
  FUZZ_CHECK(newsintel::IsValidUtf8(page->utf8, nullptr));
  FUZZ_CHECK(page->utf8.find('\0') == std::string::npos);
  FUZZ_CHECK(!page->charset.empty());
  if (!page->to_source.empty()) {
    FUZZ_CHECK(page->to_source.size() == page->utf8.size() + 1);
    for (size_t i = 0; i < page->to_source.size(); ++i) {
      FUZZ_CHECK(page->to_source[i] <= bytes.size());
      if (i > 0) FUZZ_CHECK(page->to_source[i - 1] <= page->to_source[i]);
    }
  } else {
    FUZZ_CHECK(page->utf8.size() + page->shift <= bytes.size());
  }
  newsintel::SniffMetaCharset(bytes);
  newsintel::CanonicalCharset(bytes.substr(0, 64));
  return 0;
}
