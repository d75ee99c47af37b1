#include "extract/string_index.h"

namespace newsintel {

StringIndex::StringIndex(const std::vector<std::string>& keys) {
  size_t slots = 16;
  int shift = 60;
  while (slots < 4 * keys.size()) {
    slots *= 2;
    --shift;
  }
  slots_.assign(slots, Slot{});
  shift_ = shift;
  for (size_t i = 0; i < keys.size(); ++i) {
    const std::string& key = keys[i];
    if (Find(key) >= 0) continue;  // a repeated key keeps its first number
    const auto* p = reinterpret_cast<const unsigned char*>(key.data());
    Slot slot;
    slot.hash = Hash(Pack(p, key.size()), p, key.size());
    slot.offset = static_cast<uint32_t>(bytes_.size());
    slot.size = static_cast<uint32_t>(key.size());
    slot.value = static_cast<int32_t>(i);
    bytes_ += key;
    size_t at = static_cast<size_t>(slot.hash >> shift_);
    while (slots_[at].value >= 0) at = (at + 1) & (slots - 1);
    slots_[at] = slot;
  }
}

}  // namespace newsintel
