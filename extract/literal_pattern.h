// Regular-expression fragments built from folded lexicon keys.
//
//   std::string alt = LongestFirst({LiteralPattern("milliards"), LiteralPattern("md")});
//   RE2 re("(?:" + alt + ")");   // "milliards|md": a key wins over its own prefix
//
// Lexicon keys are literal folded text; a space in a key matches a run of spaces.
#ifndef NEWSINTEL_EXTRACT_LITERAL_PATTERN_H_
#define NEWSINTEL_EXTRACT_LITERAL_PATTERN_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace newsintel {

// `folded` as an RE2 fragment matching it literally, each space matching one or more spaces.
std::string LiteralPattern(std::string_view folded);

// The patterns as one alternation, the longest first (RE2 takes the first
// alternative that matches, so a longer key beats its own prefix), patterns of
// equal length in the order given, repeated patterns dropped.
std::string LongestFirst(std::vector<std::string> patterns);

// `s` with each run of spaces made one space.
std::string CollapseSpaces(std::string_view s);

// Key numbers grouped by a hash of two bytes of the key (KeyMatcher: its first
// two, KeyEndFilter: its last two). Immutable after Build(); thread-safe.
class KeyBuckets {
 public:
  static size_t Of(unsigned char a, unsigned char b) { return (size_t{a} * 257 + b) & (kBuckets - 1); }
  // `entries` are (Of(...), key number) pairs; a bucket keeps its keys in the
  // order given. REQUIRES: called once.
  void Build(std::vector<std::pair<size_t, uint32_t>> entries);
  // The key numbers of `bucket`: [begin(bucket), end(bucket)).
  const uint32_t* begin(size_t bucket) const { return keys_.data() + start_[bucket]; }
  const uint32_t* end(size_t bucket) const { return keys_.data() + start_[bucket + 1]; }

 private:
  static constexpr size_t kBuckets = 4096;
  std::vector<uint32_t> start_ = std::vector<uint32_t>(kBuckets + 1, 0);  // per bucket, into keys_
  std::vector<uint32_t> keys_;
};

// An exact prefilter for "(?:^|[^a-z0-9])(?:KEYS) *$" run on a window: rules out,
// without a regex run, a window that cannot end with a key and spaces (no key,
// its spaces stretched to runs, ends where the trailing spaces start). Built from
// the same keys as the pattern; immutable, thread-safe.
class KeyEndFilter {
 public:
  explicit KeyEndFilter(const std::vector<std::string>& keys);
  // False only if s[begin, end) cannot end with a key followed by spaces.
  bool MayEndWithKey(std::string_view s, size_t begin, size_t end) const;

 private:
  bool always_ = false;           // an empty key (or one of spaces): anything may match
  std::vector<std::string> keys_;  // trailing spaces removed
  KeyBuckets buckets_;  // keys of two bytes or more, by their last two bytes
  bool single_[256] = {};  // a one-byte key ends with this byte
};

// Keys matched by hand at a position exactly as RE2 with longest_match matches the
// alternation of their LiteralPattern()s anchored there: the end of the longest key
// that matches, a run of n spaces in a key matching a run of n or more spaces.
// Immutable, thread-safe.
class KeyMatcher {
 public:
  explicit KeyMatcher(const std::vector<std::string>& keys);
  // The end of the longest key matching s[pos, end) from `pos`, or npos if none does.
  size_t LongestAt(std::string_view s, size_t pos, size_t end) const;

 private:
  std::vector<std::string> keys_;
  KeyBuckets buckets_;  // keys of two bytes or more but those starting with a space, by their first two bytes
  std::vector<uint32_t> single_[256];  // one-byte keys but " ", by their byte
  std::vector<uint32_t> spaced_;        // keys that start with a space (a run matches)
  bool has_empty_ = false;
};

}  // namespace newsintel

#endif  // NEWSINTEL_EXTRACT_LITERAL_PATTERN_H_
