// URL canonicalization: a canonical URL canonicalizes to itself.
#include <cstddef>
#include <cstdint>

#include "extract/url.h"
#include "fuzz/fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto once = newsintel::CanonicalizeUrl(text);
  if (!once.ok()) return 0;
  auto twice = newsintel::CanonicalizeUrl(*once);
  FUZZ_CHECK(twice.ok());
  FUZZ_CHECK(*twice == *once);
  return 0;
}
