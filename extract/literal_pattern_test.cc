#include "extract/literal_pattern.h"

#include <gtest/gtest.h>
#include <re2/re2.h>

#include <random>
#include <string>
#include <vector>

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

// Random key sets (runs of spaces anywhere, prefixes of each other, UTF-8) matched
// at every place of random texts: KeyMatcher ends where RE2's longest match does.
TEST(KeyMatcherTest, AgreesWithTheLongestMatchOfTheAlternation) {
  const std::vector<std::string> alphabet = {"a", "b", " ", "d", "$", ".", "'", "\xC3\xA9"};
  std::mt19937 rng(9);
  int matches = 0;
  for (int set = 0; set < 400; ++set) {
    std::vector<std::string> keys;
    int n = 1 + static_cast<int>(rng() % 6);
    for (int i = 0; i < n; ++i) {
      std::string k;
      int len = static_cast<int>(rng() % 5);
      for (int j = 0; j < len; ++j) k += alphabet[rng() % alphabet.size()];
      if (!keys.empty() && rng() % 4 == 0) k = keys[rng() % keys.size()] + k;  // a longer key
      keys.push_back(k);
    }
    std::vector<std::string> patterns;
    for (const std::string& k : keys) patterns.push_back(LiteralPattern(k));
    RE2::Options options;
    options.set_longest_match(true);
    RE2 re("(?:" + LongestFirst(patterns) + ")", options);
    ASSERT_TRUE(re.ok()) << re.error();
    KeyMatcher matcher(keys);
    std::vector<std::string> pieces = keys;
    for (const std::string& a : alphabet) pieces.push_back(a);
    pieces.push_back("   ");
    for (int round = 0; round < 40; ++round) {
      std::string text;
      int parts = static_cast<int>(rng() % 7);
      for (int i = 0; i < parts; ++i) text += pieces[rng() % pieces.size()];
      re2::StringPiece whole(text);
      for (size_t pos = 0; pos <= text.size(); ++pos) {
        for (size_t end = pos; end <= text.size(); end += 1 + rng() % 3) {
          re2::StringPiece m;
          size_t want = re.Match(whole, pos, end, RE2::ANCHOR_START, &m, 1) ? pos + m.size() : std::string::npos;
          if (want != std::string::npos) ++matches;
          ASSERT_EQ(matcher.LongestAt(text, pos, end), want)
              << "keys " << LongestFirst(patterns) << " text '" << text << "' [" << pos << ", " << end << ")";
        }
      }
    }
  }
  EXPECT_GT(matches, 1000);
}

// Random key sets (spaces inside, one-byte keys, symbols, UTF-8) and texts made of
// their pieces: wherever the pattern the filter stands for matches, it says maybe.
TEST(KeyEndFilterTest, NeverRulesOutAMatchOfItsPattern) {
  const std::vector<std::string> alphabet = {"a", "b", "d", "e", "s", "$", "%", "-", "'", "\xE2\x82\xAC", "1"};
  std::mt19937 rng(3);
  auto random_key = [&] {
    std::string k;
    int n = 1 + static_cast<int>(rng() % 4);
    for (int i = 0; i < n; ++i) {
      if (rng() % 5 == 0) k += rng() % 2 == 0 ? " " : "  ";
      k += alphabet[rng() % alphabet.size()];
    }
    if (rng() % 20 == 0) k += ' ';                      // trailing spaces
    if (rng() % 50 == 0) k = rng() % 2 == 0 ? "" : " ";  // matches after any boundary
    return k;
  };
  int ruled_out = 0, matched = 0;
  for (int set = 0; set < 300; ++set) {
    std::vector<std::string> keys;
    int n = 1 + static_cast<int>(rng() % 6);
    for (int i = 0; i < n; ++i) keys.push_back(random_key());
    std::vector<std::string> patterns;
    for (const std::string& k : keys) patterns.push_back(LiteralPattern(k));
    std::string alt = LongestFirst(patterns);
    RE2::Options options;
    options.set_longest_match(true);
    RE2 end_re("(?:^|[^a-z0-9])(?:" + alt + ") *$", options);
    ASSERT_TRUE(end_re.ok()) << alt;
    KeyEndFilter end_filter(keys);
    std::vector<std::string> pieces = keys;
    for (const std::string& a : alphabet) pieces.push_back(a);
    for (const char* extra : {" ", "  ", "x", "z", "-"}) pieces.push_back(extra);
    for (int round = 0; round < 200; ++round) {
      std::string text;
      int parts = static_cast<int>(rng() % 8);
      for (int i = 0; i < parts; ++i) text += pieces[rng() % pieces.size()];
      for (size_t b = 0; b <= text.size(); ++b) {
        for (size_t e = b; e <= text.size(); ++e) {
          re2::StringPiece window(text.data() + b, e - b);
          bool match = end_re.Match(window, 0, window.size(), RE2::UNANCHORED, nullptr, 0);
          bool maybe = end_filter.MayEndWithKey(text, b, e);
          if (match) ++matched;
          if (!maybe) ++ruled_out;
          ASSERT_TRUE(!match || maybe) << "keys " << alt << " window '" << std::string(window) << "'";
        }
      }
    }
  }
  EXPECT_GT(matched, 1000);
  EXPECT_GT(ruled_out, 1000);  // the filter does rule windows out
}

}  // namespace
}  // namespace newsintel
