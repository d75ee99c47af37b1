// Near-duplicate texts: syndicated copies of one wire story, lightly edited,
// re-cased, re-accented, with a dateline added or the last paragraphs cut.
//
//   TextFingerprint a = FingerprintOf(original_text), b = FingerprintOf(copy_text);
//   if (NearDuplicate(a, b)) LinkToOriginal(...);
//
//   NearDuplicateIndex index;               // many documents
//   index.Add(17, FingerprintOf(text17));
//   std::vector<int64_t> originals = index.Find(FingerprintOf(new_text));
//
// Texts are folded (lower case, no accents, typographic quotes unified) and cut
// into words (runs of letters and digits); shingles are runs of 3 words. Two
// sketches are kept: a 64-bit SimHash (close to identical texts are a few bits
// apart; unrelated ones about 32) and a 64-value MinHash, which estimates the
// Jaccard similarity and the containment of one shingle set in the other (an
// abridged copy is contained in its original). Store `simhash` in a database
// as a signed 64-bit integer and look it up by SimHashBlocks() for distances up
// to 3, or keep a NearDuplicateIndex in memory.
#ifndef NEWSINTEL_EXTRACT_NEAR_DUPLICATE_H_
#define NEWSINTEL_EXTRACT_NEAR_DUPLICATE_H_

#include <array>
#include <cstdint>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace newsintel {

// Sketches of one text. Plain value.
struct TextFingerprint {
  static constexpr int kMinHashes = 64;
  uint64_t simhash = 0;
  uint32_t shingles = 0;  // distinct shingles seen
  std::array<uint32_t, kMinHashes> minhash{};
};

struct NearDuplicateOptions {
  // SimHash bits that may differ. Default 10: edits to ~5% of the shingles.
  int max_hamming = 10;
  // Estimated share of the shorter text's shingles found in the longer one.
  // Default 0.8.
  double min_containment = 0.8;
  // Texts with fewer shingles are compared by SimHash == only. Default 8.
  uint32_t min_shingles = 8;
};

TextFingerprint FingerprintOf(std::string_view text);

// The SimHash part alone.
uint64_t SimHashOf(std::string_view text);

int HammingDistance(uint64_t a, uint64_t b);

// The four 16-bit blocks of a SimHash; two hashes within Hamming distance 3
// share at least one block at the same position (pigeonhole).
std::array<uint16_t, 4> SimHashBlocks(uint64_t simhash);

// Estimated Jaccard similarity of the two shingle sets, in [0, 1].
double EstimatedJaccard(const TextFingerprint& a, const TextFingerprint& b);

// Estimated share of the smaller shingle set that is in the larger, in [0, 1].
double EstimatedContainment(const TextFingerprint& a, const TextFingerprint& b);

bool NearDuplicate(const TextFingerprint& a, const TextFingerprint& b,
                   const NearDuplicateOptions& options = NearDuplicateOptions());
bool NearDuplicate(std::string_view a, std::string_view b);

// Finds, among the fingerprints added so far, the near-duplicates of a text
// (candidates by MinHash bands, then checked with NearDuplicate). Not
// thread-safe for Add; Find is const and may run concurrently with other Finds.
class NearDuplicateIndex {
 public:
  explicit NearDuplicateIndex(NearDuplicateOptions options = NearDuplicateOptions()) : options_(options) {}

  void Add(int64_t id, const TextFingerprint& fingerprint);

  // Ids of the near-duplicates of `fingerprint`, in the order they were added
  // (the first one is the earliest: the likely original).
  std::vector<int64_t> Find(const TextFingerprint& fingerprint) const;

  size_t size() const { return entries_.size(); }

 private:
  static constexpr int kRows = 2;  // MinHash values per band
  static constexpr int kBands = TextFingerprint::kMinHashes / kRows;
  struct Entry {
    int64_t id;
    TextFingerprint fingerprint;
  };
  static uint64_t BandKey(const TextFingerprint& f, int band);

  NearDuplicateOptions options_;
  std::vector<Entry> entries_;
  std::unordered_map<uint64_t, std::vector<uint32_t>> bands_;  // (band, values) -> entries
  std::unordered_map<uint64_t, std::vector<uint32_t>> exact_;  // simhash -> entries
};

}  // namespace newsintel

#endif  // NEWSINTEL_EXTRACT_NEAR_DUPLICATE_H_
