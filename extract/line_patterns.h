// LinePatterns: tells which of a list of RE2 patterns match somewhere in a
// line, as one unanchored RE2::Set does (MatchPlain), at less cost (Match):
// the patterns anchored at the start ("^...") run in a start-anchored set,
// which stops as soon as none of them can match, and the others run only on
// lines holding a byte one of them can start with.
//
//   LinePatterns lines(options);
//   if (lines.Add("^lire aussi\\s*:", &error) < 0) return Fail(error);
//   if (!lines.Compile()) return Fail("cannot compile");
//   std::vector<int> ids;
//   if (lines.Match(line, &ids)) Use(ids);
#ifndef NEWSINTEL_EXTRACT_LINE_PATTERNS_H_
#define NEWSINTEL_EXTRACT_LINE_PATTERNS_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <re2/re2.h>
#include <re2/set.h>

#include "extract/per_thread.h"

namespace newsintel {

// True if `pattern` can only match at the start of the text: it starts with
// '^' and has no '|' outside parentheses and classes, nor flags.
bool AnchoredAtStart(std::string_view pattern);

// Immutable after Compile(); Match() and MatchPlain() are const and
// thread-safe.
class LinePatterns {
 public:
  explicit LinePatterns(const RE2::Options& options);
  ~LinePatterns();

  // Returns the pattern's index (0, 1, ...), or -1 with a message in *error.
  // REQUIRES: Compile() was not called.
  int Add(const std::string& pattern, std::string* error);
  // REQUIRES: called once.
  bool Compile();
  size_t size() const { return patterns_.size(); }

  // Sets *ids to the indices of the patterns matching in `line`, sorted;
  // returns false if there are none. REQUIRES: Compile() succeeded.
  bool Match(std::string_view line, std::vector<int>* ids) const;
  // The same with one unanchored set of all the patterns, compiled at each
  // call (for tests).
  bool MatchPlain(std::string_view line, std::vector<int>* ids) const;

 private:
  RE2::Options options_;
  std::vector<std::string> patterns_;
  std::unique_ptr<RE2::Set> start_;       // the anchored ones, anchored at the start
  std::unique_ptr<RE2::Set> rest_;        // the others, unanchored
  // start_ and rest_ once compiled (null when empty).
  std::unique_ptr<PerThread<RE2::Set>> start_set_, rest_set_;
  std::vector<int> start_ids_, rest_ids_;  // set index -> pattern index
  bool rest_always_ = false;  // some pattern of rest_ may start with any byte
  bool rest_first_[256] = {};  // bytes a match of a pattern of rest_ can start with
  int rest_single_ = -1;       // the only such byte, if there is one
};

}  // namespace newsintel

#endif  // NEWSINTEL_EXTRACT_LINE_PATTERNS_H_
