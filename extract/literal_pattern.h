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
  static constexpr size_t kBuckets = 4096;
  static size_t Bucket(unsigned char before, unsigned char last) {
    return (size_t{last} * 257 + before) & (kBuckets - 1);
  }
  bool always_ = false;           // an empty key (or one of spaces): anything may match
  std::vector<std::string> keys_;  // trailing spaces removed
  // Keys of two bytes or more by a hash of their last two bytes: those of bucket b
  // are keys_[bucket_keys_[i]] for i in [bucket_start_[b], bucket_start_[b + 1]).
  std::vector<uint32_t> bucket_start_, bucket_keys_;
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
  static constexpr size_t kBuckets = 4096;
  static size_t Bucket(unsigned char first, unsigned char second) {
    return (size_t{first} * 257 + second) & (kBuckets - 1);
  }
  std::vector<std::string> keys_;
  // Keys of two bytes or more by a hash of their first two bytes: those of bucket b
  // are keys_[bucket_keys_[i]] for i in [bucket_start_[b], bucket_start_[b + 1]).
  std::vector<uint32_t> bucket_start_, bucket_keys_;
  std::vector<uint32_t> single_[256];  // one-byte keys but " ", by their byte
  std::vector<uint32_t> spaced_;        // keys that start with a space (a run matches)
  bool has_empty_ = false;
};

}  // namespace newsintel

#endif  // NEWSINTEL_EXTRACT_LITERAL_PATTERN_H_
