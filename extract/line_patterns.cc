#include "extract/line_patterns.h"

#include <algorithm>
#include <cstring>

#include "extract/cue_finder.h"

namespace newsintel {

bool AnchoredAtStart(std::string_view p) {
  if (p.empty() || p[0] != '^') return false;
  int depth = 0;
  for (size_t i = 1; i < p.size(); ++i) {
    char c = p[i];
    if (c == '\\') {
      ++i;
    } else if (c == '[') {
      // A ']' right after "[" or "[^" is a member. Nested "[:...:]" may end
      // the scan early: a '|' then seen outside only makes the answer false.
      size_t j = i + 1;
      if (j < p.size() && p[j] == '^') ++j;
      if (j < p.size() && p[j] == ']') ++j;
      while (j < p.size() && p[j] != ']') j += p[j] == '\\' ? 2 : 1;
      i = j;
    } else if (c == '(') {
      if (i + 1 < p.size() && p[i + 1] == '?' &&
          !(i + 2 < p.size() && (p[i + 2] == ':' || p[i + 2] == 'P'))) {
        return false;  // flags
      }
      ++depth;
    } else if (c == ')') {
      --depth;
    } else if (c == '|' && depth <= 0) {
      return false;
    }
  }
  return true;
}

LinePatterns::LinePatterns(const RE2::Options& options)
    : options_(options),
      start_(std::make_unique<RE2::Set>(options, RE2::ANCHOR_START)),
      rest_(std::make_unique<RE2::Set>(options, RE2::UNANCHORED)) {}
LinePatterns::~LinePatterns() = default;

int LinePatterns::Add(const std::string& pattern, std::string* error) {
  // With posix_syntax and not one_line, '^' also matches after a newline.
  bool anchored = AnchoredAtStart(pattern) && (!options_.posix_syntax() || options_.one_line());
  if ((anchored ? start_ : rest_)->Add(pattern, error) < 0) return -1;
  int id = static_cast<int>(patterns_.size());
  patterns_.push_back(pattern);
  (anchored ? start_ids_ : rest_ids_).push_back(id);
  if (!anchored) {
    // The byte analysis reads the pattern as case-sensitive UTF-8 syntax.
    std::vector<std::string> first;
    if (!options_.case_sensitive() || options_.literal() ||
        !MatchPrefixes(pattern, 1, 256, &first)) {
      rest_always_ = true;
    } else {
      for (const std::string& b : first) rest_first_[static_cast<unsigned char>(b[0])] = true;
    }
  }
  return id;
}

bool LinePatterns::Compile() {
  if (std::count(std::begin(rest_first_), std::end(rest_first_), true) == 1) {
    rest_single_ = static_cast<int>(std::find(std::begin(rest_first_), std::end(rest_first_), true) -
                                    std::begin(rest_first_));
  }
  auto ready = [&](std::unique_ptr<RE2::Set>* set, const std::vector<int>& ids, RE2::Anchor anchor,
                   std::unique_ptr<PerThread<RE2::Set>>* out) {
    if (ids.empty()) return true;
    if (!(*set)->Compile()) return false;
    std::vector<std::string> patterns;
    for (int id : ids) patterns.push_back(patterns_[id]);
    *out = PerThreadSet(std::move(*set), std::move(patterns), options_, anchor);
    return true;
  };
  bool ok = ready(&start_, start_ids_, RE2::ANCHOR_START, &start_set_) &&
            ready(&rest_, rest_ids_, RE2::UNANCHORED, &rest_set_);
  start_ = nullptr;
  rest_ = nullptr;
  return ok;
}

bool LinePatterns::Match(std::string_view line, std::vector<int>* ids) const {
  ids->clear();
  re2::StringPiece text(line.data(), line.size());
  if (start_set_ != nullptr && start_set_->Get().Match(text, ids)) {
    for (int& id : *ids) id = start_ids_[id];
  }
  if (rest_set_ != nullptr) {
    bool may = rest_always_;
    if (!may && rest_single_ >= 0) {
      may = std::memchr(line.data(), rest_single_, line.size()) != nullptr;
    } else {
      for (size_t i = 0; i < line.size() && !may; ++i) {
        may = rest_first_[static_cast<unsigned char>(line[i])];
      }
    }
    std::vector<int> more;
    if (may && rest_set_->Get().Match(text, &more)) {
      for (int id : more) ids->push_back(rest_ids_[id]);
    }
  }
  std::sort(ids->begin(), ids->end());
  return !ids->empty();
}

bool LinePatterns::MatchPlain(std::string_view line, std::vector<int>* ids) const {
  ids->clear();
  RE2::Set plain(options_, RE2::UNANCHORED);
  std::string error;
  for (const std::string& p : patterns_) plain.Add(p, &error);
  if (patterns_.empty() || !plain.Compile()) return false;
  plain.Match(re2::StringPiece(line.data(), line.size()), ids);
  std::sort(ids->begin(), ids->end());
  return !ids->empty();
}

}  // namespace newsintel
