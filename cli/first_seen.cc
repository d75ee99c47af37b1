#include "cli/first_seen.h"

namespace newsintel {
namespace cli {

size_t FirstSeen::Insert(uint64_t key, size_t index) {
  if (slots_.empty()) {
    size_t capacity = 16;
    while (capacity < n_ + n_ / 4) capacity *= 2;
    slots_.assign(capacity, 0);
    keys_.assign(n_, 0);
  }
  const size_t mask = slots_.size() - 1;
  // Multiplicative hashing, so that keys that differ only in high bits spread.
  size_t slot = static_cast<size_t>((key * 0x9E3779B97F4A7C15ULL) >> 32) & mask;
  while (slots_[slot] != 0) {
    size_t other = slots_[slot] - 1;
    if (keys_[other] == key) return other;
    slot = (slot + 1) & mask;
  }
  keys_[index] = key;
  slots_[slot] = static_cast<uint32_t>(index + 1);
  return index;
}

}  // namespace cli
}  // namespace newsintel
