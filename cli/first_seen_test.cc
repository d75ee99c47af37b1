#include "cli/first_seen.h"

#include <cstdint>
#include <random>
#include <unordered_map>

#include "gtest/gtest.h"

namespace newsintel {
namespace cli {
namespace {

TEST(FirstSeenTest, ReturnsTheFirstIndexOfEachKey) {
  FirstSeen seen(6);
  EXPECT_EQ(seen.Insert(42, 0), 0u);
  EXPECT_EQ(seen.Insert(7, 1), 1u);
  EXPECT_EQ(seen.Insert(42, 2), 0u);
  EXPECT_EQ(seen.Insert(0, 3), 3u);  // key 0 is a key like any other
  EXPECT_EQ(seen.Insert(0, 4), 3u);
  EXPECT_EQ(seen.Insert(7, 5), 1u);
}

TEST(FirstSeenTest, AgreesWithAMapOnManyKeys) {
  // Sequential keys, keys differing only in their high bits, random keys,
  // each repeated: the table must neither lose nor merge any.
  const size_t n = 50000;
  std::mt19937_64 random(5);
  FirstSeen seen(n);
  std::unordered_map<uint64_t, size_t> first;
  for (size_t i = 0; i < n; ++i) {
    uint64_t key;
    switch (i % 4) {
      case 0: key = i / 8; break;
      case 1: key = static_cast<uint64_t>(i / 8) << 40; break;
      case 2: key = random() % 5000; break;
      default: key = random(); break;
    }
    size_t expected = first.emplace(key, i).first->second;
    ASSERT_EQ(seen.Insert(key, i), expected) << "index " << i;
  }
}

}  // namespace
}  // namespace cli
}  // namespace newsintel
