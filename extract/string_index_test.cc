#include "extract/string_index.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <unordered_map>
#include <vector>

namespace newsintel {
namespace {

TEST(StringIndexTest, FindsKeysByTheirPlace) {
  StringIndex index({"deux", "trois", "", "deux", "quatre-vingt-dix-neuf"});
  EXPECT_EQ(index.Find("deux"), 0);
  EXPECT_EQ(index.Find("trois"), 1);
  EXPECT_EQ(index.Find(""), 2);
  EXPECT_EQ(index.Find("quatre-vingt-dix-neuf"), 4);
  EXPECT_EQ(index.Find("quatre-vingt-dix-neu"), -1);
  EXPECT_EQ(index.Find("troi"), -1);
  EXPECT_EQ(index.Find("deuxs"), -1);
  EXPECT_EQ(StringIndex().Find("deux"), -1);
}

// Random keys (every length up to 20, any byte) against std::unordered_map, looked
// up alone and inside longer text, where the first eight bytes are loaded at once.
TEST(StringIndexTest, AgreesWithAHashMapOnRandomKeys) {
  std::mt19937 rng(7);
  for (int round = 0; round < 200; ++round) {
    const int alphabet = round % 2 == 0 ? 4 : 256;
    auto random_string = [&] {
      std::string s(rng() % 21, ' ');
      for (char& c : s) c = static_cast<char>(alphabet == 4 ? 'a' + rng() % 4 : rng() % 256);
      return s;
    };
    std::vector<std::string> keys;
    std::unordered_map<std::string, int> expected;
    const int n = static_cast<int>(rng() % 300);
    for (int i = 0; i < n; ++i) {
      keys.push_back(random_string());
      expected.emplace(keys.back(), i);
    }
    StringIndex index(keys);
    std::vector<std::string> probes = keys;
    for (int i = 0; i < 300; ++i) probes.push_back(random_string());
    for (const std::string& k : keys) {
      if (!k.empty()) probes.push_back(k.substr(0, k.size() - 1));
      probes.push_back(k + "s");
    }
    for (const std::string& probe : probes) {
      auto it = expected.find(probe);
      const int want = it == expected.end() ? -1 : it->second;
      ASSERT_EQ(index.Find(probe), want) << "round " << round;
      const std::string text = "xy" + probe + random_string() + "0123456789";
      ASSERT_EQ(index.Find(std::string_view(text).substr(2, probe.size()), text.size() - 2), want)
          << "round " << round;
    }
  }
}

}  // namespace
}  // namespace newsintel
