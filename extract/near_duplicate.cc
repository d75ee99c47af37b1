#include "extract/near_duplicate.h"

#include <algorithm>
#include <string>
#include <unordered_set>

#include "extract/normalize.h"

namespace newsintel {
namespace {

constexpr int kShingleWords = 3;

uint64_t Mix(uint64_t x) {  // splitmix64 finalizer
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

uint64_t HashWord(std::string_view w) {
  uint64_t h = 0xCBF29CE484222325ull;  // FNV-1a
  for (char c : w) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001B3ull;
  }
  return Mix(h);
}

bool IsWordByte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

// Distinct shingle hashes of the folded text.
std::vector<uint64_t> ShingleHashes(std::string_view text) {
  std::string folded = FoldKey(text);
  std::vector<uint64_t> words;
  size_t i = 0;
  while (i < folded.size()) {
    while (i < folded.size() && !IsWordByte(static_cast<unsigned char>(folded[i]))) ++i;
    size_t b = i;
    while (i < folded.size() && IsWordByte(static_cast<unsigned char>(folded[i]))) ++i;
    if (i > b) words.push_back(HashWord(std::string_view(folded).substr(b, i - b)));
  }
  std::vector<uint64_t> out;
  if (words.empty()) return out;
  size_t n = words.size() >= kShingleWords ? words.size() - kShingleWords + 1 : 1;
  size_t width = std::min<size_t>(kShingleWords, words.size());
  out.reserve(n);
  for (size_t s = 0; s < n; ++s) {
    uint64_t h = 0;
    for (size_t k = 0; k < width; ++k) h = Mix(h * 31 + words[s + k]);
    out.push_back(h);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

uint64_t SimHashOfShingles(const std::vector<uint64_t>& shingles) {
  if (shingles.empty()) return 0;
  int counts[64] = {0};
  for (uint64_t h : shingles) {
    for (int b = 0; b < 64; ++b) counts[b] += ((h >> b) & 1) ? 1 : -1;
  }
  uint64_t out = 0;
  for (int b = 0; b < 64; ++b) {
    if (counts[b] > 0) out |= 1ull << b;
  }
  return out;
}

}  // namespace

TextFingerprint FingerprintOf(std::string_view text) {
  TextFingerprint f;
  std::vector<uint64_t> shingles = ShingleHashes(text);
  f.shingles = static_cast<uint32_t>(shingles.size());
  f.simhash = SimHashOfShingles(shingles);
  f.minhash.fill(UINT32_MAX);
  for (uint64_t h : shingles) {
    for (int k = 0; k < TextFingerprint::kMinHashes; ++k) {
      auto v = static_cast<uint32_t>(Mix(h ^ (0xA0761D6478BD642Full * static_cast<uint64_t>(k + 1))) >> 32);
      if (v < f.minhash[k]) f.minhash[k] = v;
    }
  }
  return f;
}

uint64_t SimHashOf(std::string_view text) { return SimHashOfShingles(ShingleHashes(text)); }

int HammingDistance(uint64_t a, uint64_t b) { return __builtin_popcountll(a ^ b); }

std::array<uint16_t, 4> SimHashBlocks(uint64_t simhash) {
  return {static_cast<uint16_t>(simhash), static_cast<uint16_t>(simhash >> 16), static_cast<uint16_t>(simhash >> 32),
          static_cast<uint16_t>(simhash >> 48)};
}

double EstimatedJaccard(const TextFingerprint& a, const TextFingerprint& b) {
  if (a.shingles == 0 || b.shingles == 0) return a.shingles == b.shingles ? 1.0 : 0.0;
  int same = 0;
  for (int k = 0; k < TextFingerprint::kMinHashes; ++k) same += a.minhash[k] == b.minhash[k];
  return static_cast<double>(same) / TextFingerprint::kMinHashes;
}

double EstimatedContainment(const TextFingerprint& a, const TextFingerprint& b) {
  if (a.shingles == 0 || b.shingles == 0) return a.shingles == b.shingles ? 1.0 : 0.0;
  // |A n B| = J (|A| + |B|) / (1 + J)
  double j = EstimatedJaccard(a, b);
  double common = j * (static_cast<double>(a.shingles) + b.shingles) / (1 + j);
  return std::min(1.0, common / std::min(a.shingles, b.shingles));
}

bool NearDuplicate(const TextFingerprint& a, const TextFingerprint& b, const NearDuplicateOptions& options) {
  if (a.shingles == 0 || b.shingles == 0) return false;
  if (std::min(a.shingles, b.shingles) < options.min_shingles) return a.simhash == b.simhash;
  if (HammingDistance(a.simhash, b.simhash) <= options.max_hamming) return true;
  return EstimatedContainment(a, b) >= options.min_containment;
}

bool NearDuplicate(std::string_view a, std::string_view b) { return NearDuplicate(FingerprintOf(a), FingerprintOf(b)); }

uint64_t NearDuplicateIndex::BandKey(const TextFingerprint& f, int band) {
  uint64_t h = Mix(static_cast<uint64_t>(band) + 1);
  for (int r = 0; r < kRows; ++r) h = Mix(h ^ f.minhash[band * kRows + r]);
  return h;
}

void NearDuplicateIndex::Add(int64_t id, const TextFingerprint& fingerprint) {
  auto index = static_cast<uint32_t>(entries_.size());
  entries_.push_back({id, fingerprint});
  if (fingerprint.shingles == 0) return;
  exact_[fingerprint.simhash].push_back(index);
  for (int band = 0; band < kBands; ++band) bands_[BandKey(fingerprint, band)].push_back(index);
}

std::vector<int64_t> NearDuplicateIndex::Find(const TextFingerprint& fingerprint) const {
  std::vector<uint32_t> candidates;
  if (fingerprint.shingles == 0) return {};
  auto exact = exact_.find(fingerprint.simhash);
  if (exact != exact_.end()) candidates = exact->second;
  for (int band = 0; band < kBands; ++band) {
    auto it = bands_.find(BandKey(fingerprint, band));
    if (it != bands_.end()) candidates.insert(candidates.end(), it->second.begin(), it->second.end());
  }
  std::sort(candidates.begin(), candidates.end());
  candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
  std::vector<int64_t> out;
  for (uint32_t c : candidates) {
    if (NearDuplicate(entries_[c].fingerprint, fingerprint, options_)) out.push_back(entries_[c].id);
  }
  return out;
}

}  // namespace newsintel
