#include "extract/literal_pattern.h"

#include <gtest/gtest.h>
#include <re2/re2.h>

namespace newsintel {
namespace {

TEST(LiteralPatternTest, QuotesMetacharactersAndStretchesSpaces) {
  EXPECT_EQ(LiteralPattern("u.s. $"), "u\\.s\\. +\\$");
  RE2 re(LiteralPattern("h20 (nvidia)"));
  ASSERT_TRUE(re.ok());
  EXPECT_TRUE(RE2::FullMatch("h20   (nvidia)", re));
  EXPECT_FALSE(RE2::FullMatch("h20(nvidia)", re));
  EXPECT_FALSE(RE2::FullMatch("h20 xnvidiax", re));
}

TEST(LiteralPatternTest, LongestFirstPutsLongerKeysBeforeTheirPrefixes) {
  EXPECT_EQ(LongestFirst({"md", "milliards", "mds", "md", "m"}), "milliards|mds|md|m");
  RE2 re("(" + LongestFirst({LiteralPattern("heure"), LiteralPattern("heures gpu"), LiteralPattern("heures")}) + ")");
  std::string m;
  ASSERT_TRUE(RE2::PartialMatch("2 millions d'heures  gpu", re, &m));
  EXPECT_EQ(m, "heures  gpu");
}

TEST(LiteralPatternTest, EqualLengthsKeepTheirOrder) {
  EXPECT_EQ(LongestFirst({"bb", "aa", "cc", "aa"}), "bb|aa|cc");
  EXPECT_EQ(LongestFirst({}), "");
}

TEST(LiteralPatternTest, CollapseSpaces) {
  EXPECT_EQ(CollapseSpaces("2   048  puces "), "2 048 puces ");
  EXPECT_EQ(CollapseSpaces(""), "");
}

}  // namespace
}  // namespace newsintel
