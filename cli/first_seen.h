// FirstSeen: for 64-bit keys met at indices 0..n-1 (file hashes, URL hashes),
// the index at which each key was first met, in 13 to 18 bytes an index
// (std::unordered_map takes over 40).
//
//   FirstSeen seen(files.size());
//   size_t first = seen.Insert(std::hash<std::string>()(url), i);
//   if (first != i) Report(i, "same URL as", first);
#ifndef NEWSINTEL_CLI_FIRST_SEEN_H_
#define NEWSINTEL_CLI_FIRST_SEEN_H_

#include <cstddef>
#include <cstdint>
#include <vector>

namespace newsintel {
namespace cli {

// Open addressing over the indices themselves: the table holds index + 1 (0
// when empty) and the key of every index is kept beside it. Allocated at the
// first Insert() for all n indices; never grows. Not thread-safe.
class FirstSeen {
 public:
  // REQUIRES: n < 2^31.
  explicit FirstSeen(size_t n) : n_(n) {}

  // Records that `key` was met at `index`; returns the first index it was met
  // at (`index` itself when the key is new).
  // REQUIRES: index < n; each index given at most once.
  size_t Insert(uint64_t key, size_t index);

 private:
  size_t n_;
  std::vector<uint64_t> keys_;   // key met at each index (valid where recorded)
  std::vector<uint32_t> slots_;  // index + 1, or 0; size a power of two >= 1.25 n
};

}  // namespace cli
}  // namespace newsintel

#endif  // NEWSINTEL_CLI_FIRST_SEEN_H_
