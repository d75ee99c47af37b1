// Shared helpers for the libFuzzer targets: invariant checks that abort.
#ifndef NEWSINTEL_FUZZ_FUZZ_UTIL_H_
#define NEWSINTEL_FUZZ_FUZZ_UTIL_H_

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#define FUZZ_CHECK(cond)                                                     \
  do {                                                                       \
    if (!(cond)) {                                                           \
      std::fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #cond); \
      std::abort();                                                          \
    }                                                                        \
  } while (0)

namespace newsintel {
namespace fuzz {

// The lexicon directory for targets that need one: $NEWSINTEL_LEXICONS or the
// source tree's lexicons/.
inline std::string LexiconDir() {
  const char* env = std::getenv("NEWSINTEL_LEXICONS");
  return env != nullptr ? env : NEWSINTEL_FUZZ_LEXICON_DIR;
}

// Checks that [start, end) lies inside `text` and that text there equals `item`.
inline void CheckSpan(std::string_view text, uint32_t start, uint32_t end, std::string_view item) {
  FUZZ_CHECK(start <= end);
  FUZZ_CHECK(end <= text.size());
  FUZZ_CHECK(text.substr(start, end - start) == item);
}

}  // namespace fuzz
}  // namespace newsintel

#endif  // NEWSINTEL_FUZZ_FUZZ_UTIL_H_
