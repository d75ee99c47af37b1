#include "kb/figure_groups.h"

#include <algorithm>
#include <map>

#include "gtest/gtest.h"

namespace newsintel {
namespace kb {
namespace {

// `subject` is a literal: GroupInput only points at it.
GroupInput F(int64_t id, int64_t article, double value, const char* subject, double precision = 1) {
  GroupInput in;
  in.id = id;
  in.article_id = article;
  in.value = value;
  in.subject = subject;
  in.precision = precision;
  return in;
}

// Resolves subjects through a small table of entities; others stay phrases.
SubjectResolver Table(std::map<std::string, std::pair<std::string, std::string>> entities) {
  return [entities](const std::string& subject) {
    SubjectRef ref;
    std::string key;
    for (char c : subject) key.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    auto it = entities.find(key);
    if (it != entities.end()) {
      ref.key = key;
      ref.type = it->second.first;
      ref.name = it->second.second;
    } else {
      ref.key = key;
      ref.name = subject;
    }
    return ref;
  };
}

TEST(EffectivePrecisionTest, TrailingZerosWidenPrecision) {
  EXPECT_EQ(EffectivePrecision(2048, 1), 1);
  EXPECT_EQ(EffectivePrecision(2000, 1), 1000);
  EXPECT_EQ(EffectivePrecision(2780000, 10000), 10000);
  EXPECT_EQ(EffectivePrecision(2800000, 10000), 100000);
  EXPECT_EQ(EffectivePrecision(6000000, 1), 1000000);
  EXPECT_DOUBLE_EQ(EffectivePrecision(2.5, 0.1), 0.1);
  EXPECT_EQ(EffectivePrecision(0, 1), 1);
}

TEST(JudgeGroupTest, RoundingAndConflict) {
  std::vector<GroupInput> f = {F(1, 1, 2780000, "x", 10000), F(2, 2, 2800000, "x", 100000),
                               F(3, 3, 2048, "x"), F(4, 4, 2000, "x"), F(5, 5, 5600000, "x", 100000),
                               F(6, 6, 6000000, "x", 1000000), F(7, 7, 1e12, "x"), F(8, 8, 2e12, "x"),
                               F(9, 9, 2048, "x")};
  EXPECT_EQ(JudgeGroup(f, {0, 1}), "rounding");
  EXPECT_EQ(JudgeGroup(f, {2, 3, 8}), "rounding");
  EXPECT_EQ(JudgeGroup(f, {4, 5}), "rounding");
  EXPECT_EQ(JudgeGroup(f, {6, 7}), "conflict");
  EXPECT_EQ(JudgeGroup(f, {2, 8}), "");  // same value twice: no contradiction
  // 2.78 M and 2.84 M, both to the ten thousand: neither is the other rounded.
  std::vector<GroupInput> g = {F(1, 1, 2780000, "x", 10000), F(2, 2, 2840000, "x", 10000)};
  EXPECT_EQ(JudgeGroup(g, {0, 1}), "conflict");
}

TEST(JudgeGroupTest, DifferencesInsideOneArticleAreNotContradictions) {
  std::vector<GroupInput> f = {F(1, 7, 10, "x"), F(2, 7, 12, "x")};
  EXPECT_EQ(JudgeGroup(f, {0, 1}), "");
}

TEST(FamilyTest, PrefixUpToANonLetter) {
  EXPECT_TRUE(IsFamilyPrefix("deepseek", "deepseek-v3"));
  EXPECT_TRUE(IsFamilyPrefix("mistral", "mistral 7b"));
  EXPECT_FALSE(IsFamilyPrefix("deep", "deepseek-v3"));
  EXPECT_FALSE(IsFamilyPrefix("deepseek-v3", "deepseek-v3"));
  EXPECT_FALSE(IsFamilyPrefix("", "x"));
}

TEST(SimilarPhrasesTest, SharedWords) {
  EXPECT_TRUE(SimilarPhrases("us tech stocks", "us stock market"));
  EXPECT_TRUE(SimilarPhrases("chip exports", "chip export"));
  EXPECT_FALSE(SimilarPhrases("us tech stocks", "european banks"));
  EXPECT_FALSE(SimilarPhrases("data centres", "us big tech"));
}

TEST(GroupFiguresTest, OrganisationJoinsItsOnlyModel) {
  auto resolve = Table({{"deepseek-v3", {"MODEL", "DeepSeek-V3"}}, {"deepseek", {"ORG", "DeepSeek"}}});
  std::vector<GroupInput> f = {F(1, 1, 2048, "DeepSeek-V3"), F(2, 2, 2000, "DeepSeek"), F(3, 3, 2048, "DeepSeek-V3")};
  std::vector<FigureGroup> groups = GroupFigures(f, resolve);
  ASSERT_EQ(groups.size(), 1u);
  EXPECT_EQ(groups[0].subject, "DeepSeek-V3");
  EXPECT_EQ(groups[0].members, (std::vector<size_t>{0, 1, 2}));
  EXPECT_EQ(groups[0].verdict, "rounding");
}

TEST(GroupFiguresTest, OrganisationWithTwoModelsStaysApart) {
  auto resolve = Table({{"acme-1", {"MODEL", "Acme-1"}}, {"acme-2", {"MODEL", "Acme-2"}}, {"acme", {"ORG", "Acme"}}});
  std::vector<GroupInput> f = {F(1, 1, 100, "Acme-1"), F(2, 2, 300, "Acme-2"), F(3, 3, 200, "Acme")};
  std::vector<FigureGroup> groups = GroupFigures(f, resolve);
  ASSERT_EQ(groups.size(), 3u);
  for (const FigureGroup& g : groups) EXPECT_EQ(g.verdict, "");
}

TEST(GroupFiguresTest, FreePhrasesAndOrderIndependence) {
  auto resolve = Table({});
  std::vector<GroupInput> f = {F(1, 1, 1e12, "US tech stocks"), F(2, 2, 2e12, "US stock market"),
                               F(3, 3, 5, ""), F(4, 4, 9, "Singapore")};
  f[3].range_id = 0;
  std::vector<FigureGroup> groups = GroupFigures(f, resolve);
  ASSERT_EQ(groups.size(), 1u);
  EXPECT_EQ(groups[0].verdict, "conflict");
  EXPECT_EQ(groups[0].members.size(), 2u);
  std::reverse(f.begin(), f.end());
  std::vector<FigureGroup> again = GroupFigures(f, resolve);
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].key, groups[0].key);
  EXPECT_EQ(again[0].subject, groups[0].subject);
}

}  // namespace
}  // namespace kb
}  // namespace newsintel
