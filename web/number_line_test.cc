#include "web/number_line.h"

#include <gtest/gtest.h>

#include "web/i18n.h"

namespace newsintel {
namespace web {
namespace {

size_t Count(const std::string& s, const std::string& needle) {
  size_t n = 0;
  for (size_t pos = s.find(needle); pos != std::string::npos; pos = s.find(needle, pos + 1)) ++n;
  return n;
}

TEST(FormatNumberTest, GroupsDigitsByLanguage) {
  EXPECT_EQ(FormatNumber(2780000, "en"), "2,780,000");
  EXPECT_EQ(FormatNumber(2780000, "fr"), "2\u202f780\u202f000");
  EXPECT_EQ(FormatNumber(5.6, "fr"), "5,6");
  EXPECT_EQ(FormatNumber(5.6, "en"), "5.6");
  EXPECT_EQ(FormatNumber(-1234.5, "en"), "-1,234.5");
  EXPECT_EQ(FormatNumber(0.1 + 0.2, "en"), "0.3");
}

TEST(FormatCompactTest, UsesMagnitudeWords) {
  EXPECT_EQ(FormatCompact(2780000, "en"), "2.78M");
  EXPECT_EQ(FormatCompact(2780000, "fr"), "2,78\u00a0M");
  EXPECT_EQ(FormatCompact(1e12, "en"), "1T");
  EXPECT_EQ(FormatCompact(2e12, "fr"), "2\u202f000\u00a0Md");
  EXPECT_EQ(FormatCompact(950, "en"), "950");
}

TEST(NiceTicksTest, RoundSteps) {
  double step = 0;
  std::vector<double> t = NiceTicks(2.7e6, 2.86e6, 5, &step);
  EXPECT_DOUBLE_EQ(step, 50000);
  ASSERT_FALSE(t.empty());
  EXPECT_DOUBLE_EQ(t.front(), 2.7e6);
  EXPECT_LE(t.back(), 2.86e6);
  t = NiceTicks(-3, 7, 5, &step);
  EXPECT_DOUBLE_EQ(step, 2.5);
  EXPECT_DOUBLE_EQ(t.front(), -2.5);
}

TEST(NumberLineSvgTest, DrawsOneRowPerValueWithBars) {
  std::vector<NumberLinePoint> pts = {{"Wire <A>", 2780000, 10000, "2.78 million"},
                                      {"Gazette", 2800000, 100000, "2,8 millions"},
                                      {"Exact Daily", 2782000, 0, "2 782 000"}};
  std::string svg = NumberLineSvg(pts, "fr", "compute");
  EXPECT_EQ(svg.rfind("<svg class=\"nl\"", 0), 0u);
  EXPECT_EQ(Count(svg, "<circle"), 3u);
  EXPECT_EQ(Count(svg, "class=\"nl-bar\""), 2u);  // no bar for an exact value
  EXPECT_EQ(Count(svg, "class=\"nl-cap\""), 4u);
  EXPECT_NE(svg.find("Wire &lt;A&gt;"), std::string::npos);
  EXPECT_EQ(svg.find("style="), std::string::npos);  // CSP: classes only
  // 2.78M ± 5000 and 2.8M ± 50000 overlap: the agreement band is drawn.
  EXPECT_NE(svg.find("nl-agree"), std::string::npos);
}

TEST(NumberLineSvgTest, DisjointValuesHaveNoAgreementBand) {
  std::vector<NumberLinePoint> pts = {{"A", 1e12, 1e11, "1 000 milliards"}, {"B", 2e12, 1e11, "$2 trillion"}};
  std::string svg = NumberLineSvg(pts, "en", "loss");
  EXPECT_EQ(svg.find("nl-agree"), std::string::npos);
  EXPECT_NE(svg.find("T</text>"), std::string::npos);
}

TEST(NumberLineSvgTest, SingleExactValue) {
  std::string svg = NumberLineSvg({{"A", 0, 0, "0"}}, "en", "x");
  EXPECT_EQ(Count(svg, "<circle"), 1u);
  EXPECT_EQ(svg.find("nan"), std::string::npos);
  EXPECT_EQ(svg.find("inf"), std::string::npos);
}

TEST(UiTextTest, EveryStringIsSetInBothLanguages) {
  for (const char* lang : {"fr", "en"}) {
    const UiText& t = Ui(lang);
    const char* const* fields = reinterpret_cast<const char* const*>(&t);
    for (size_t i = 0; i < sizeof(UiText) / sizeof(const char*); ++i) {
      ASSERT_NE(fields[i], nullptr) << lang << " field " << i;
      EXPECT_NE(fields[i][0], '\0') << lang << " field " << i;
    }
  }
  EXPECT_EQ(Fill("{n} articles", "3"), "3 articles");
  EXPECT_EQ(Fill("Page {p} of {n}", "4", "2"), "Page 2 of 4");
  EXPECT_EQ(UiLang("de", "fr"), "fr");
}

}  // namespace
}  // namespace web
}  // namespace newsintel
