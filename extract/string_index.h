// StringIndex: an immutable map from strings to their place in a list, for hot
// lookups of string_views (no std::string built, one multiply for the first eight
// bytes, open addressing).
//
//   StringIndex index({"deux", "trois"});
//   int i = index.Find("trois");   // 1
//   int j = index.Find("quatre");  // -1
#ifndef NEWSINTEL_EXTRACT_STRING_INDEX_H_
#define NEWSINTEL_EXTRACT_STRING_INDEX_H_

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace newsintel {

// Built once from a list of keys; immutable, so Find() may run on several threads.
class StringIndex {
 public:
  StringIndex() = default;
  // Key k gets number k; a repeated key keeps its first number.
  explicit StringIndex(const std::vector<std::string>& keys);

  // The number of `key`, or -1 if it is not a key.
  int Find(std::string_view key) const { return Find(key, key.size()); }
  // As Find(key). REQUIRES: `readable` >= key.size() bytes from key.data() may be
  // read (eight or more let the first eight be loaded at once).
  int Find(std::string_view key, size_t readable) const {
    if (slots_.empty()) return -1;
    const auto* p = reinterpret_cast<const unsigned char*>(key.data());
    const size_t n = key.size();
    uint64_t packed;
    if (kLittleEndian && readable >= 8) {
      std::memcpy(&packed, p, 8);
      if (n < 8) packed &= (uint64_t{1} << (8 * n)) - 1;
    } else {
      packed = Pack(p, n);
    }
    const uint64_t h = Hash(packed, p, n);
    const size_t mask = slots_.size() - 1;
    const auto* bytes = reinterpret_cast<const unsigned char*>(bytes_.data());
    for (size_t k = static_cast<size_t>(h >> shift_); slots_[k].value >= 0; k = (k + 1) & mask) {
      const Slot& slot = slots_[k];
      if (slot.hash != h || slot.size != n) continue;
      const unsigned char* w = bytes + slot.offset;
      size_t j = 0;
      while (j < n && w[j] == p[j]) ++j;
      if (j == n) return slot.value;
    }
    return -1;
  }

 private:
  static constexpr bool kLittleEndian = __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__;
  static constexpr uint64_t kMultiplier = 0x9E3779B97F4A7C15ull;
  // The first min(n, 8) bytes of p as a little-endian number.
  static uint64_t Pack(const unsigned char* p, size_t n) {
    uint64_t x = 0;
    for (size_t i = 0; i < n && i < 8; ++i) x |= uint64_t{p[i]} << (8 * i);
    return x;
  }
  // The first eight bytes packed in one number, then multiply-add of the rest (the
  // top bits are the best mixed).
  static uint64_t Hash(uint64_t packed, const unsigned char* p, size_t n) {
    uint64_t h = (packed ^ n) * kMultiplier;
    for (size_t i = 8; i < n; ++i) h = (h + p[i]) * kMultiplier;
    return h;
  }

  struct Slot {
    uint64_t hash = 0;
    uint32_t offset = 0, size = 0;  // the key is bytes_.substr(offset, size)
    int32_t value = -1;             // -1: an empty slot
  };
  std::vector<Slot> slots_;  // a power of two, at most a quarter full; slot = hash >> shift_
  std::string bytes_;
  int shift_ = 64;
};

}  // namespace newsintel

#endif  // NEWSINTEL_EXTRACT_STRING_INDEX_H_
