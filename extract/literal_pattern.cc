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

void KeyBuckets::Build(std::vector<std::pair<size_t, uint32_t>> entries) {
  std::stable_sort(entries.begin(), entries.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  keys_.reserve(entries.size());
  for (const auto& [bucket, index] : entries) {
    ++start_[bucket + 1];
    keys_.push_back(index);
  }
  for (size_t b = 0; b < kBuckets; ++b) start_[b + 1] += start_[b];
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
  std::vector<std::pair<size_t, uint32_t>> in_bucket;
  for (const std::string& k : keys) {
    if (k.empty()) {
      has_empty_ = true;
      continue;
    }
    const auto index = static_cast<uint32_t>(keys_.size());
    keys_.push_back(k);
    if (k[0] == ' ') {
      spaced_.push_back(index);
    } else if (k.size() == 1) {
      single_[static_cast<unsigned char>(k[0])].push_back(index);
    } else {
      in_bucket.emplace_back(KeyBuckets::Of(static_cast<unsigned char>(k[0]), static_cast<unsigned char>(k[1])), index);
    }
  }
  buckets_.Build(std::move(in_bucket));
}

size_t KeyMatcher::LongestAt(std::string_view s, size_t pos, size_t end) const {
  end = std::min(end, s.size());
  size_t best = has_empty_ && pos <= end ? pos : std::string_view::npos;
  if (pos >= end) return best;
  const auto first = static_cast<unsigned char>(s[pos]);
  if (!single_[first].empty()) best = pos + 1;  // a one-byte key
  // The keys that may match: those starting with a space when the text does,
  // else those starting with the text's first two bytes.
  const uint32_t* candidates = nullptr;
  size_t count = 0;
  if (first == ' ') {
    candidates = spaced_.data();
    count = spaced_.size();
  } else if (pos + 1 < end) {
    const size_t bucket = KeyBuckets::Of(first, static_cast<unsigned char>(s[pos + 1]));
    candidates = buckets_.begin(bucket);
    count = static_cast<size_t>(buckets_.end(bucket) - candidates);
  }
  for (size_t c = 0; c < count; ++c) {
    const std::string& k = keys_[candidates[c]];
    size_t at = pos;
    size_t j = 0;
    bool ok = true;
    while (j < k.size()) {
      if (k[j] == ' ') {
        // A run of n spaces in the key: n or more in the text, all of them taken
        // (the key goes on with a non-space or ends, and the longest match wins).
        size_t n = 0;
        while (j < k.size() && k[j] == ' ') ++j, ++n;
        size_t m = 0;
        while (at < end && s[at] == ' ') ++at, ++m;
        if (m < n) {
          ok = false;
          break;
        }
      } else {
        if (at >= end || s[at] != k[j]) {
          ok = false;
          break;
        }
        ++at;
        ++j;
      }
    }
    if (ok && (best == std::string_view::npos || at > best)) best = at;
  }
  return best;
}

KeyEndFilter::KeyEndFilter(const std::vector<std::string>& keys) {
  std::vector<std::pair<size_t, uint32_t>> in_bucket;
  for (const std::string& key : keys) {
    // "ab +" ends where "ab" does, before the trailing spaces.
    std::string k = key;
    while (!k.empty() && k.back() == ' ') k.pop_back();
    if (k.empty()) {
      always_ = true;
      continue;
    }
    if (k.size() == 1) {
      single_[static_cast<unsigned char>(k[0])] = true;
      continue;
    }
    in_bucket.emplace_back(KeyBuckets::Of(static_cast<unsigned char>(k.back()), static_cast<unsigned char>(k[k.size() - 2])),
                           static_cast<uint32_t>(keys_.size()));
    keys_.push_back(k);
  }
  buckets_.Build(std::move(in_bucket));
}

bool KeyEndFilter::MayEndWithKey(std::string_view s, size_t begin, size_t end) const {
  if (always_) return true;
  end = std::min(end, s.size());
  while (end > begin && s[end - 1] == ' ') --end;
  if (end <= begin) return false;
  const auto last = static_cast<unsigned char>(s[end - 1]);
  if (single_[last]) return true;
  if (end < begin + 2) return false;
  const size_t bucket = KeyBuckets::Of(last, static_cast<unsigned char>(s[end - 2]));
  for (const uint32_t* key = buckets_.begin(bucket); key != buckets_.end(bucket); ++key) {
    // Matched backwards from `end`; a run of n spaces in the key takes the whole run
    // of the text, which must be n or more long.
    const std::string& k = keys_[*key];
    size_t at = end;
    size_t j = k.size();
    bool ok = true;
    while (j > 0) {
      if (k[j - 1] == ' ') {
        size_t n = 0;
        while (j > 0 && k[j - 1] == ' ') --j, ++n;
        size_t m = 0;
        while (at > begin && s[at - 1] == ' ') --at, ++m;
        if (m < n) {
          ok = false;
          break;
        }
      } else {
        if (at <= begin || s[at - 1] != k[j - 1]) {
          ok = false;
          break;
        }
        --at;
        --j;
      }
    }
    if (ok) return true;
  }
  return false;
}

}  // namespace newsintel
