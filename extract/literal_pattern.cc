#include "extract/literal_pattern.h"

#include <algorithm>
#include <unordered_set>

#include <re2/re2.h>

namespace newsintel {

std::string LiteralPattern(std::string_view folded) {
  std::string quoted = re2::RE2::QuoteMeta(re2::StringPiece(folded.data(), folded.size()));
  std::string out;
  out.reserve(quoted.size());
  for (size_t i = 0; i < quoted.size(); ++i) {
    if (quoted[i] == '\\' && i + 1 < quoted.size() && quoted[i + 1] == ' ') {
      out += " +";
      ++i;
    } else {
      out += quoted[i];
    }
  }
  return out;
}

std::string LongestFirst(std::vector<std::string> patterns) {
  std::stable_sort(patterns.begin(), patterns.end(),
                   [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  std::unordered_set<std::string> seen;
  std::string alt;
  for (const std::string& p : patterns) {
    if (!seen.insert(p).second) continue;
    if (!alt.empty()) alt += '|';
    alt += p;
  }
  return alt;
}

std::string CollapseSpaces(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (c == ' ' && !out.empty() && out.back() == ' ') continue;
    out.push_back(c);
  }
  return out;
}

}  // namespace newsintel
