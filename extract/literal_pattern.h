// Regular-expression fragments built from folded lexicon keys.
//
//   std::string alt = LongestFirst({LiteralPattern("milliards"), LiteralPattern("md")});
//   RE2 re("(?:" + alt + ")");   // "milliards|md": a key wins over its own prefix
//
// Lexicon keys are literal folded text; a space in a key matches a run of spaces.
#ifndef NEWSINTEL_EXTRACT_LITERAL_PATTERN_H_
#define NEWSINTEL_EXTRACT_LITERAL_PATTERN_H_

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

}  // namespace newsintel

#endif  // NEWSINTEL_EXTRACT_LITERAL_PATTERN_H_
