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

KeyMatcher::KeyMatcher(const std::vector<std::string>& keys) {
  for (const std::string& k : keys) {
    if (k.empty()) {
      has_empty_ = true;
      continue;
    }
    by_first_[static_cast<unsigned char>(k[0])].push_back(static_cast<uint32_t>(keys_.size()));
    keys_.push_back(k);
  }
}

size_t KeyMatcher::LongestAt(std::string_view s, size_t pos, size_t end) const {
  end = std::min(end, s.size());
  size_t best = has_empty_ && pos <= end ? pos : std::string_view::npos;
  if (pos >= end) return best;
  for (uint32_t index : by_first_[static_cast<unsigned char>(s[pos])]) {
    const std::string& k = keys_[index];
    size_t i = pos;
    size_t j = 0;
    bool ok = true;
    while (j < k.size()) {
      if (k[j] == ' ') {
        // A run of n spaces in the key: n or more in the text, all of them taken
        // (the key goes on with a non-space or ends, and the longest match wins).
        size_t n = 0;
        while (j < k.size() && k[j] == ' ') ++j, ++n;
        size_t m = 0;
        while (i < end && s[i] == ' ') ++i, ++m;
        if (m < n) {
          ok = false;
          break;
        }
      } else {
        if (i >= end || s[i] != k[j]) {
          ok = false;
          break;
        }
        ++i;
        ++j;
      }
    }
    if (ok && (best == std::string_view::npos || i > best)) best = i;
  }
  return best;
}

KeyEndFilter::KeyEndFilter(const std::vector<std::string>& keys) : bits_(65536 / 64, 0) {
  auto set = [&](unsigned a, unsigned b) { bits_[(a << 8 | b) >> 6] |= uint64_t{1} << (b & 63); };
  for (const std::string& k : keys) {
    if (k.empty()) continue;
    unsigned last = static_cast<unsigned char>(k.back());
    if (k.size() == 1) {
      for (unsigned a = 0; a < 256; ++a) set(a, last);
    } else {
      set(static_cast<unsigned char>(k[k.size() - 2]), last);
    }
  }
}

}  // namespace newsintel
