// CueFinder: finds where a list of RE2 patterns match inside ranges (sentences)
// of a text, without running every pattern over every range.
//
//   CueFinder finder(options);
//   std::string error;
//   if (finder.Add("selon", kFrench, &error) < 0) return Fail(error);
//   if (!finder.Compile()) return Fail("cannot compile");
//   std::vector<CueFinder::Hit> hits;
//   finder.Find(folded, sentence_begin, sentence_end, kFrench, &hits);
//
// Each pattern is wrapped as \b(?:pattern)\b. The result of Find() is the one
// of the plain method (FindPlain): an RE2::Set run over the range alone tells
// which patterns occur in it, then each of those patterns' RE2 finds its
// leftmost-first, non-overlapping matches in the range, seen in the context of
// the whole text. Find() gets the same hits from the byte strings a match can
// start with, derived from each pattern when it is added (MatchPrefixes): it
// tries an anchored match only at word boundaries where one of them occurs,
// and none at all for a pattern that is a small set of whole strings. A
// pattern whose starts cannot be derived (or would not fit the size budget)
// falls back to the plain method.
#ifndef NEWSINTEL_EXTRACT_CUE_FINDER_H_
#define NEWSINTEL_EXTRACT_CUE_FINDER_H_

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include <re2/re2.h>
#include <re2/set.h>

#include "extract/per_thread.h"

namespace newsintel {

// Computes a set of non-empty byte strings, each at most `max_len` bytes (16
// at most), such that every string the RE2 `pattern` can match starts with one
// of them (empty-width assertions are taken as always true, so the set may be
// larger than needed, never smaller). Returns false when the pattern can match the
// empty string or start with an arbitrary character, uses syntax the analysis
// does not model (flags, \Q, \x, POSIX classes...), or needs more than
// `max_strings` strings; `out` is then unspecified. If `exact` is given, it
// tells whether `out` is exactly the set of strings the pattern matches when
// its assertions hold; `assertions` counts the assertions in the pattern text.
bool MatchPrefixes(std::string_view pattern, size_t max_len, size_t max_strings,
                   std::vector<std::string>* out, bool* exact = nullptr,
                   int* assertions = nullptr);

// The bytes of `eight` (byte i at bits 8i..8i+7) that are RE2 word characters
// [0-9A-Za-z_]: 0x80 in those bytes of the result, 0 elsewhere.
inline uint64_t WordByteMask(uint64_t eight) {
  constexpr uint64_t kOnes = 0x0101010101010101ull, kHighs = kOnes * 0x80;
  // For bytes below 0x80: the high bit of each byte of y + (0x80 - lo) tells y >= lo.
  auto at_least = [](uint64_t y, uint64_t lo) { return (y + kOnes * (0x80 - lo)) & kHighs; };
  uint64_t y = eight & (kOnes * 0x7F);
  uint64_t lower = y | (kOnes * 0x20);
  uint64_t letter = at_least(lower, 'a') & ~at_least(lower, 'z' + 1);
  uint64_t digit = at_least(y, '0') & ~at_least(y, '9' + 1);
  uint64_t underscore = ~((y ^ (kOnes * '_')) + kOnes * 0x7F) & kHighs;
  return (letter | digit | underscore) & ~eight & kHighs;
}

// Byte strings tagged with ids, looked up at a position of a text. Immutable
// after Build(); Build() and Add() are not thread-safe, lookups are. Built as
// a double array: the children of a node sit at cells base_[node] + class of
// their byte, each cell naming its parent, so the table holds about one cell
// an edge (a table of every node by every byte class held 30 times more, and
// its megabytes were most of the start-up's page faults).
class PrefixTrie {
 public:
  // `whole`: the string is a whole match of `id`, kept even if a shorter
  // string of `id` is its prefix. Empty strings are ignored.
  void Add(std::string_view prefix, uint32_t id, bool whole);
  void Build();

  // True if some string starts with byte `c`.
  bool MayStart(unsigned char c) const {
    uint16_t k = byte_class_[c];
    return k != 0 && cells_[base_[0] + k].parent == 0;
  }

  // Calls f(id << 1 | whole, length) for the strings that are prefixes of
  // text.substr(pos), shortest first; once per id for strings not whole.
  // REQUIRES: Build() was called.
  template <typename F>
  void ForEachAt(std::string_view text, size_t pos, F&& f) const {
    uint32_t node = 0;
    for (size_t p = pos; p < text.size(); ++p) {
      const Cell& cell = cells_[base_[node] + byte_class_[static_cast<unsigned char>(text[p])]];
      if (cell.parent != node) return;
      node = cell.child & ~kHasIds;
      if ((cell.child & kHasIds) == 0) continue;
      for (uint32_t i = ids_begin_[node]; i < ids_begin_[node + 1]; ++i) f(ids_[i], p - pos + 1);
    }
  }

  size_t nodes() const { return base_.size(); }
  size_t cells() const { return cells_.size(); }

 private:
  static constexpr uint32_t kHasIds = 1u << 31;  // in Cell::child: the child has ids
  static constexpr uint32_t kFree = ~0u;         // Cell::parent of a free cell
  struct Cell {
    uint32_t parent = kFree;
    uint32_t child = 0;  // | kHasIds
  };
  struct Pending {
    uint32_t offset, size, entry;  // bytes in pending_bytes_; id << 1 | whole
  };
  std::string pending_bytes_;
  std::vector<Pending> pending_;
  uint16_t byte_class_[256] = {};  // 0: a byte no string holds (no node has a child of class 0)
  uint32_t classes_ = 1;
  std::vector<uint32_t> base_ = std::vector<uint32_t>(1, 0);  // by node
  std::vector<Cell> cells_ = std::vector<Cell>(1);  // at least max(base_) + classes_ of them
  std::vector<uint32_t> ids_begin_;
  std::vector<uint32_t> ids_;
};

// A list of patterns compiled once; Find() and FindPlain() are const and may
// be called from several threads at once.
class CueFinder {
 public:
  struct Hit {
    int pattern = 0;          // index returned by Add()
    uint32_t begin = 0, end = 0;  // bytes of the text, end > begin
  };

  explicit CueFinder(const RE2::Options& options);
  ~CueFinder();

  // Adds \b(?:pattern)\b, enabled in Find() calls whose `mask` shares a bit
  // with `mask`. Returns its index, or -1 with a message in *error.
  int Add(const std::string& pattern, uint32_t mask, std::string* error);
  bool Compile();
  size_t size() const { return res_.size(); }
  // Number of patterns Find() searches through the plain method.
  size_t fallback_count() const { return fallback_ids_.size(); }

  // Appends the hits in text[begin, end), grouped by pattern, each pattern's
  // hits by position. REQUIRES: Compile() succeeded;
  // begin <= end <= text.size().
  void Find(std::string_view text, uint32_t begin, uint32_t end, uint32_t mask,
            std::vector<Hit>* hits) const;
  // The same hits by the plain method (groups in another order).
  void FindPlain(std::string_view text, uint32_t begin, uint32_t end, uint32_t mask,
                 std::vector<Hit>* hits) const;

 private:
  // A thread's own copies of the patterns it matched: a search reads and
  // writes its RE2's lock, which two cores searching the same pattern would
  // hand back and forth. Few patterns are matched often, so each copy is
  // compiled on the thread's first use of its pattern. `res` is written and
  // read only by the thread owning this lane; the first thread's lane is
  // `shared`, and it uses res_ itself.
  struct Lane {
    bool shared = true;
    mutable std::vector<std::unique_ptr<RE2>> res;
  };
  // Pattern `id` for the thread owning `lane`.
  const RE2& Re(const Lane& lane, int id) const;
  // Appends the matches of pattern `id` in [begin, end) searched from `begin`.
  void AllMatches(const Lane& lane, int id, std::string_view text, uint32_t begin, uint32_t end,
                  std::vector<Hit>* hits) const;

  RE2::Options options_;
  std::vector<std::unique_ptr<RE2>> res_;  // one a pattern, by index
  std::unique_ptr<PerThread<Lane>> lanes_;  // made by Compile()
  std::vector<uint32_t> masks_;
  std::vector<bool> has_prefixes_;
  mutable std::once_flag plain_once_;
  mutable std::unique_ptr<RE2::Set> plain_set_;  // all patterns, built by FindPlain
  std::unique_ptr<PerThread<RE2::Set>> fallback_set_;  // patterns without prefixes
  std::vector<int> fallback_ids_;           // fallback_set_ index -> pattern
  PrefixTrie trie_;
  // Bytes of all the prefixes in trie_; beyond the limit, patterns fall back.
  static constexpr size_t kMaxPrefixBytes = 1 << 19;
  size_t prefix_bytes_ = 0;
  static constexpr uint8_t kWord = 1, kMayStart = 2;
  uint8_t scan_[256] = {};  // per byte: kWord (\w) | kMayStart (a prefix starts with it)
  bool nonword_may_start_ = false;  // some prefix starts with a byte that is not \w
};

}  // namespace newsintel

#endif  // NEWSINTEL_EXTRACT_CUE_FINDER_H_
