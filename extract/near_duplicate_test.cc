#include "extract/near_duplicate.h"

#include <gtest/gtest.h>

#include <string>

namespace newsintel {
namespace {

// A made-up wire story and a different story on a related subject.
const char kStory[] =
    "The regional water board said on Thursday that reservoir levels had fallen to their lowest point in "
    "twelve years after an unusually dry spring, and it asked households to cut their daily use by a fifth. "
    "Officials said the restrictions would apply from the first of June and would remain in place until the "
    "reservoirs recovered, which could take most of the autumn. Farmers in the valley, who depend on the same "
    "supply for irrigation, will be allowed to draw water only at night under the new rules. The board's chief "
    "engineer told reporters that two new boreholes would be drilled near the river this summer, at a cost of "
    "about six million euros, and that leaks in the old network were being repaired street by street. "
    "Environmental groups welcomed the measures but said they came too late, arguing that warnings about the "
    "falling water table had been ignored for years. A spokeswoman for the farmers' union said her members "
    "understood the need for restraint but feared losses on crops that were planted before the announcement. "
    "The board will publish weekly figures on its website so that residents can follow the recovery.";

const char kOtherStory[] =
    "Heavy rain caused the river to burst its banks on Sunday night, flooding dozens of homes in the lower "
    "town and forcing the closure of the main bridge for several hours. Firefighters used boats to reach "
    "elderly residents who had stayed upstairs, and the council opened the sports hall as a shelter. The "
    "water board said the storm had not changed the longer trend and that reservoirs remained below their "
    "usual level for the season. Insurers expect hundreds of claims, and shop owners on the quay began "
    "clearing mud on Monday morning while engineers inspected the bridge for damage.";

std::string Replace(std::string s, const std::string& from, const std::string& to) {
  size_t p = s.find(from);
  if (p != std::string::npos) s.replace(p, from.size(), to);
  return s;
}

TEST(NearDuplicateTest, IdenticalAfterFolding) {
  std::string copy = "THE REGIONAL WATER BOARD said on Thursday " + std::string(kStory).substr(42);
  copy = Replace(copy, "board's", "board\xE2\x80\x99s");
  copy = Replace(copy, "  ", " ");
  EXPECT_EQ(SimHashOf(copy), SimHashOf(kStory));
  EXPECT_TRUE(NearDuplicate(copy, kStory));
}

TEST(NearDuplicateTest, LightlyEditedSyndicatedCopy) {
  std::string copy = "VALLEY TOWN (Wire) - " + std::string(kStory);
  copy = Replace(copy, "on Thursday", "on Thursday evening");
  copy = Replace(copy, "a fifth", "20 percent");
  copy = Replace(copy, "six million euros", "6 million euros");
  copy = Replace(copy, "The board will publish weekly figures on its website so that residents can follow "
                       "the recovery.", "");
  TextFingerprint a = FingerprintOf(kStory), b = FingerprintOf(copy);
  EXPECT_LE(HammingDistance(a.simhash, b.simhash), 10);
  EXPECT_GT(EstimatedJaccard(a, b), 0.6);
  EXPECT_TRUE(NearDuplicate(a, b));
}

TEST(NearDuplicateTest, AbridgedCopyIsContainedInTheOriginal) {
  std::string story = kStory;
  std::string abridged = story.substr(0, story.find("Environmental groups"));
  TextFingerprint a = FingerprintOf(story), b = FingerprintOf(abridged);
  EXPECT_GT(EstimatedContainment(a, b), 0.8);
  EXPECT_TRUE(NearDuplicate(a, b));
}

TEST(NearDuplicateTest, DifferentStoriesAreNotDuplicates) {
  TextFingerprint a = FingerprintOf(kStory), b = FingerprintOf(kOtherStory);
  EXPECT_GT(HammingDistance(a.simhash, b.simhash), 16);
  EXPECT_LT(EstimatedContainment(a, b), 0.3);
  EXPECT_FALSE(NearDuplicate(a, b));
  EXPECT_FALSE(NearDuplicate("", kStory));
  EXPECT_FALSE(NearDuplicate("", ""));
  EXPECT_FALSE(NearDuplicate("water board", "river bridge"));
}

TEST(NearDuplicateTest, BlocksMatchForSmallDistances) {
  uint64_t h = SimHashOf(kStory);
  uint64_t near = h ^ (1ull << 3) ^ (1ull << 20) ^ (1ull << 50);
  auto a = SimHashBlocks(h), b = SimHashBlocks(near);
  int same = 0;
  for (int k = 0; k < 4; ++k) same += a[k] == b[k];
  EXPECT_GE(same, 1);
  EXPECT_EQ(HammingDistance(h, near), 3);
}

TEST(NearDuplicateTest, IndexFindsTheOriginal) {
  NearDuplicateIndex index;
  index.Add(1, FingerprintOf(kStory));
  index.Add(2, FingerprintOf(kOtherStory));
  std::string copy = Replace("CITY (Agency) - " + std::string(kStory), "twelve years", "12 years");
  std::vector<int64_t> found = index.Find(FingerprintOf(copy));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0], 1);
  index.Add(3, FingerprintOf(copy));
  found = index.Find(FingerprintOf(kStory));
  EXPECT_EQ(found, (std::vector<int64_t>{1, 3}));
  EXPECT_TRUE(index.Find(FingerprintOf("Something else entirely, about a chess tournament held in the old "
                                        "library last weekend with forty players."))
                  .empty());
}

}  // namespace
}  // namespace newsintel
