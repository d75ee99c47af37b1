#include "extract/sentences.h"

#include <gtest/gtest.h>

namespace newsintel {
namespace {

std::vector<std::string> SplitToStrings(const std::string& text, const std::string& lang) {
  SentenceSplitter splitter;
  std::vector<std::string> out;
  for (Span s : splitter.Split(text, lang)) out.push_back(text.substr(s.start, s.end - s.start));
  return out;
}

TEST(SentenceSplitterTest, FrenchAbbreviationsDoNotEndSentences) {
  auto s = SplitToStrings("M. Dupont a parl\xC3\xA9 avec Mme Durand. Elle a r\xC3\xA9pondu.", "fr");
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[0], "M. Dupont a parl\xC3\xA9 avec Mme Durand.");
}

TEST(SentenceSplitterTest, EnglishAbbreviations) {
  auto s = SplitToStrings("The U.S. Commerce Dept. said so. Dr. Smith disagreed.", "en");
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[1], "Dr. Smith disagreed.");
}

TEST(SentenceSplitterTest, LineBreaksEndSentences) {
  auto s = SplitToStrings("A headline without a period\nThe body starts here.", "en");
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[0], "A headline without a period");
}

TEST(SentenceSplitterTest, EmptyText) { EXPECT_TRUE(SplitToStrings("", "fr").empty()); }

}  // namespace
}  // namespace newsintel
