// JSON string escaping: the output is valid UTF-8 and never contains a raw
// '<', '>' or control byte, so it is safe inside an HTML <script> element.
#include <cstddef>
#include <cstdint>

#include "extract/charset.h"
#include "extract/json.h"
#include "fuzz/fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view s(reinterpret_cast<const char*>(data), size);
  std::string out;
  newsintel::AppendJsonString(s, &out);
  FUZZ_CHECK(out.size() >= 2 && out.front() == '"' && out.back() == '"');
  FUZZ_CHECK(newsintel::IsValidUtf8(out, nullptr));
  for (char c : out) {
    FUZZ_CHECK(c != '<' && c != '>');
    FUZZ_CHECK(static_cast<unsigned char>(c) >= 0x20);
  }
  return 0;
}
