// robots.txt: any body parses; decisions are stable and /robots.txt is allowed.
#include <cstddef>
#include <cstdint>

#include "crawler/robots.h"
#include "fuzz/fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view body(reinterpret_cast<const char*>(data), size);
  newsintel::RobotsTxt robots = newsintel::RobotsTxt::Parse(body, "newsintel");
  FUZZ_CHECK(robots.IsAllowed("/robots.txt"));
  // Paths taken from the body itself exercise the wildcard matcher.
  size_t at = body.find('/');
  if (at != std::string_view::npos) {
    std::string path(body.substr(at, 64));
    bool first = robots.IsAllowed(path);
    FUZZ_CHECK(first == robots.IsAllowed(path));
  }
  return 0;
}
