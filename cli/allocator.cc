#include "cli/allocator.h"

#include <cstddef>

// gperftools' C interface (malloc_extension_c.h; Debian ships the library
// without the header). Weak: null when tcmalloc is not linked in.
extern "C" int MallocExtension_SetNumericProperty(const char* property, size_t value) __attribute__((weak));
extern "C" void MallocExtension_ReleaseFreeMemory() __attribute__((weak));

namespace newsintel {
namespace cli {

void ConfigureAllocator() {
  if (MallocExtension_SetNumericProperty == nullptr) return;
  MallocExtension_SetNumericProperty("tcmalloc.max_total_thread_cache_bytes", size_t{2} << 20);
}

void ReleaseFreeMemory() {
  if (MallocExtension_ReleaseFreeMemory != nullptr) MallocExtension_ReleaseFreeMemory();
}

}  // namespace cli
}  // namespace newsintel
