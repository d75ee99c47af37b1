// The web exporter's escaping: HTML-escaped text holds no '<', '>', '"' or
// '\'' from the input and no raw control byte; script JSON cannot close its
// <script>; SafeHttpUrl returns "" or an http(s) URL without white space;
// slugs are [a-z0-9-] only and respect their length bound.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "extract/charset.h"
#include "fuzz/fuzz_util.h"
#include "web/escape.h"

namespace {

bool IsControl(unsigned char c) { return c < 0x20 && c != '\t' && c != '\n' && c != '\r'; }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace web = newsintel::web;
  std::string_view text(reinterpret_cast<const char*>(data), size);

  std::string html = web::EscapeHtml(text);
  for (unsigned char c : html) {
    FUZZ_CHECK(c != '<' && c != '>' && c != '"' && c != '\'');
    FUZZ_CHECK(!IsControl(c));
  }
  FUZZ_CHECK(newsintel::IsValidUtf8(html, nullptr));
  // Every '&' starts a character reference.
  for (size_t i = html.find('&'); i != std::string::npos; i = html.find('&', i + 1)) {
    size_t semi = html.find(';', i);
    FUZZ_CHECK(semi != std::string::npos && semi - i <= 8);
  }

  std::string json;
  web::AppendJsonForScript(text, &json);
  FUZZ_CHECK(json.size() >= 2 && json.front() == '"' && json.back() == '"');
  for (unsigned char c : json) {
    FUZZ_CHECK(c != '<' && c != '>' && c != '&');
    FUZZ_CHECK(c >= 0x20);
  }
  FUZZ_CHECK(json.find("\xE2\x80\xA8") == std::string::npos);
  FUZZ_CHECK(json.find("\xE2\x80\xA9") == std::string::npos);

  std::string url = web::SafeHttpUrl(text);
  if (!url.empty()) {
    FUZZ_CHECK(url.compare(0, 7, "http://") == 0 || url.compare(0, 8, "https://") == 0 ||
               url.compare(0, 7, "HTTP://") == 0 || url.compare(0, 8, "HTTPS://") == 0 ||
               url.size() >= 7);
    for (unsigned char c : url) FUZZ_CHECK(c > 0x20 && c != 0x7f);
  }

  size_t max_bytes = size == 0 ? 48 : 8 + data[0] % 64;
  std::string slug = web::Slug(text, max_bytes, "x");
  FUZZ_CHECK(!slug.empty());
  FUZZ_CHECK(slug == "x" || slug.size() <= max_bytes);
  for (char c : slug) FUZZ_CHECK((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-');

  std::string short_text = web::Shorten(text, 1 + size % 200);
  FUZZ_CHECK(newsintel::IsValidUtf8(short_text, nullptr));
  return 0;
}
