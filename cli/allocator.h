// Settings of the memory allocator the newsintel binary is linked with
// (cli/CMakeLists.txt: jemalloc, tcmalloc or glibc's malloc); what an
// allocator does not have does nothing.
//
//   ConfigureAllocator();   // first thing in main()
//   ...
//   ReleaseFreeMemory();    // between two phases of a long command
//   UseSmallPages();        // at the start of a long command
#ifndef NEWSINTEL_CLI_ALLOCATOR_H_
#define NEWSINTEL_CLI_ALLOCATOR_H_

namespace newsintel {
namespace cli {

// With tcmalloc, limits its per-thread caches of freed objects to 2 MiB in
// all (default 32 MiB). Ingest frees on its writer thread what the extraction
// threads allocated, and with the default those caches kept growing with the
// number of documents (jemalloc's caches are bounded by default). Call before
// starting threads.
void ConfigureAllocator();

// Returns to the system the free pages the allocator holds (tcmalloc,
// jemalloc; glibc's malloc trims its heap by itself). Freed memory is split
// into spans of many sizes; a phase that then allocates large blocks (the
// derived tables after the articles) would otherwise take fresh pages on top.
void ReleaseFreeMemory();

// Stops the kernel from giving this process transparent huge pages (which
// the binary asks jemalloc for: fewer page faults at start-up), for the long
// commands whose peak memory must stay flat as inputs grow (ingest, crawl):
// memory then comes and goes 4 KiB at a time. Call before they allocate much.
void UseSmallPages();

}  // namespace cli
}  // namespace newsintel

#endif  // NEWSINTEL_CLI_ALLOCATOR_H_
