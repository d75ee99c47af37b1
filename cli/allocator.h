// Settings of the memory allocator: tcmalloc's (gperftools) when the binary
// is linked with it, as the newsintel binary is when libtcmalloc-minimal4 is
// installed; otherwise these do nothing.
//
//   ConfigureAllocator();   // first thing in main()
//   ...
//   ReleaseFreeMemory();    // between two phases of a long command
#ifndef NEWSINTEL_CLI_ALLOCATOR_H_
#define NEWSINTEL_CLI_ALLOCATOR_H_

namespace newsintel {
namespace cli {

// Limits tcmalloc's per-thread caches of freed objects to 2 MiB in all
// (default 32 MiB). Ingest frees on its writer thread what the extraction
// threads allocated, and with the default those caches kept growing with the
// number of documents. Call before starting threads.
void ConfigureAllocator();

// Returns to the system the free pages tcmalloc holds. Freed memory is split
// into spans of many sizes; a phase that then allocates large blocks (the
// derived tables after the articles) would otherwise take fresh pages on top.
void ReleaseFreeMemory();

}  // namespace cli
}  // namespace newsintel

#endif  // NEWSINTEL_CLI_ALLOCATOR_H_
