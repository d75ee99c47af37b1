#include "crawler/robots.h"

#include <gtest/gtest.h>

#include <random>

namespace newsintel {
namespace {

RobotsTxt P(const std::string& body, const std::string& agent = "newsintel") {
  return RobotsTxt::Parse(body, agent);
}

TEST(RobotsTest, EmptyFileAllowsEverything) {
  EXPECT_TRUE(P("").IsAllowed("/"));
  EXPECT_TRUE(P("# only a comment\n").IsAllowed("/private"));
}

TEST(RobotsTest, StatusCodesDecideWithoutBody) {
  EXPECT_TRUE(RobotsTxt::FromResponse(404, "User-agent: *\nDisallow: /\n", "newsintel").IsAllowed("/x"));
  EXPECT_TRUE(RobotsTxt::FromResponse(403, "", "newsintel").IsAllowed("/x"));
  EXPECT_TRUE(RobotsTxt::FromResponse(301, "", "newsintel").IsAllowed("/x"));
  EXPECT_FALSE(RobotsTxt::FromResponse(500, "", "newsintel").IsAllowed("/x"));
  EXPECT_FALSE(RobotsTxt::FromResponse(503, "", "newsintel").IsAllowed("/"));
  EXPECT_FALSE(RobotsTxt::FromResponse(0, "", "newsintel").IsAllowed("/x"));
  EXPECT_TRUE(RobotsTxt::FromResponse(0, "", "newsintel").disallows_all());
  EXPECT_FALSE(RobotsTxt::FromResponse(200, "User-agent: *\nDisallow: /\n", "newsintel").IsAllowed("/x"));
}

TEST(RobotsTest, RobotsTxtItselfIsAlwaysAllowed) {
  EXPECT_TRUE(P("User-agent: *\nDisallow: /\n").IsAllowed("/robots.txt"));
  EXPECT_TRUE(RobotsTxt::DisallowAll().IsAllowed("/robots.txt"));
}

TEST(RobotsTest, SpecificGroupBeatsStar) {
  RobotsTxt r = P("User-agent: *\nDisallow: /\n\nUser-agent: newsintel\nDisallow: /private/\n");
  EXPECT_TRUE(r.IsAllowed("/news/1"));
  EXPECT_FALSE(r.IsAllowed("/private/x"));
  RobotsTxt other = P("User-agent: *\nDisallow: /\n\nUser-agent: newsintel\nDisallow: /private/\n", "otherbot");
  EXPECT_FALSE(other.IsAllowed("/news/1"));
}

TEST(RobotsTest, UserAgentMatchIsCaseInsensitiveOnProductToken) {
  EXPECT_FALSE(P("User-agent: NewsIntel\nDisallow: /x\n").IsAllowed("/x"));
  EXPECT_FALSE(P("user-agent: newsintel/0.1 (+https://example.org)\nDisallow: /x\n").IsAllowed("/x"));
  EXPECT_TRUE(P("User-agent: newsintelligence\nDisallow: /x\n").IsAllowed("/x"));
  EXPECT_TRUE(P("User-agent: news\nDisallow: /x\n").IsAllowed("/x"));
}

TEST(RobotsTest, NoMatchingGroupAllows) {
  EXPECT_TRUE(P("User-agent: otherbot\nDisallow: /\n").IsAllowed("/x"));
}

TEST(RobotsTest, MatchingGroupsAreMerged) {
  RobotsTxt r = P(
      "User-agent: newsintel\nDisallow: /a\n\n"
      "User-agent: otherbot\nDisallow: /b\n\n"
      "User-agent: newsintel\nDisallow: /c\n");
  EXPECT_FALSE(r.IsAllowed("/a"));
  EXPECT_TRUE(r.IsAllowed("/b"));
  EXPECT_FALSE(r.IsAllowed("/c"));
}

TEST(RobotsTest, ConsecutiveUserAgentsShareAGroup) {
  RobotsTxt r = P("User-agent: otherbot\nUser-agent: newsintel\nDisallow: /shared\n");
  EXPECT_FALSE(r.IsAllowed("/shared/x"));
}

TEST(RobotsTest, UnknownLinesDoNotBreakGroups) {
  RobotsTxt r = P("User-agent: newsintel\nDisallow: /a\nSitemap: https://e.org/s.xml\nFoo: bar\nDisallow: /b\n");
  EXPECT_FALSE(r.IsAllowed("/a"));
  EXPECT_FALSE(r.IsAllowed("/b"));
  ASSERT_EQ(r.sitemaps().size(), 1u);
  EXPECT_EQ(r.sitemaps()[0], "https://e.org/s.xml");
}

TEST(RobotsTest, RulesBeforeAnyUserAgentAreIgnored) {
  EXPECT_TRUE(P("Disallow: /\nUser-agent: otherbot\nDisallow: /x\n").IsAllowed("/page"));
}

TEST(RobotsTest, LongestMatchWins) {
  RobotsTxt r = P("User-agent: *\nDisallow: /folder\nAllow: /folder/page\nDisallow: /folder/page/secret\n");
  EXPECT_FALSE(r.IsAllowed("/folder"));
  EXPECT_FALSE(r.IsAllowed("/folder/other"));
  EXPECT_TRUE(r.IsAllowed("/folder/page"));
  EXPECT_TRUE(r.IsAllowed("/folder/page.html"));
  EXPECT_FALSE(r.IsAllowed("/folder/page/secret/1"));
  // Order in the file does not matter.
  RobotsTxt s = P("User-agent: *\nAllow: /folder/page\nDisallow: /folder\n");
  EXPECT_TRUE(s.IsAllowed("/folder/page"));
  EXPECT_FALSE(s.IsAllowed("/folder/x"));
}

TEST(RobotsTest, AllowWinsTies) {
  EXPECT_TRUE(P("User-agent: *\nDisallow: /page\nAllow: /page\n").IsAllowed("/page"));
  EXPECT_TRUE(P("User-agent: *\nAllow: /page\nDisallow: /page\n").IsAllowed("/page"));
  // Equal-length patterns with wildcards.
  EXPECT_TRUE(P("User-agent: *\nDisallow: /*.php\nAllow: /a*.php\n").IsAllowed("/a.php"));
}

TEST(RobotsTest, EmptyDisallowAllows) {
  EXPECT_TRUE(P("User-agent: *\nDisallow:\n").IsAllowed("/anything"));
  EXPECT_TRUE(P("User-agent: *\nDisallow: \nDisallow: /x\n").IsAllowed("/y"));
}

TEST(RobotsTest, WildcardMatchesAnySequence) {
  RobotsTxt r = P("User-agent: *\nDisallow: /*/private/\nDisallow: /*.pdf\nDisallow: /a*b*c\n");
  EXPECT_FALSE(r.IsAllowed("/users/private/x"));
  EXPECT_TRUE(r.IsAllowed("/private/x"));
  EXPECT_FALSE(r.IsAllowed("/docs/report.pdf"));
  EXPECT_FALSE(r.IsAllowed("/docs/report.pdf?download=1"));
  EXPECT_FALSE(r.IsAllowed("/aXXbYYc"));
  EXPECT_FALSE(r.IsAllowed("/abc"));
  EXPECT_TRUE(r.IsAllowed("/acb"));
  EXPECT_FALSE(P("User-agent: *\nDisallow: *\n").IsAllowed("/x"));
  EXPECT_FALSE(P("User-agent: *\nDisallow: /**x\n").IsAllowed("/yyx"));
}

TEST(RobotsTest, DollarAnchorsTheEnd) {
  RobotsTxt r = P("User-agent: *\nDisallow: /*.pdf$\nDisallow: /exact$\n");
  EXPECT_FALSE(r.IsAllowed("/a/b.pdf"));
  EXPECT_TRUE(r.IsAllowed("/a/b.pdf?x=1"));
  EXPECT_TRUE(r.IsAllowed("/a/b.pdfx"));
  EXPECT_FALSE(r.IsAllowed("/exact"));
  EXPECT_TRUE(r.IsAllowed("/exact/more"));
  // "$" only counts at the end; elsewhere it is a literal.
  EXPECT_FALSE(P("User-agent: *\nDisallow: /a$b\n").IsAllowed("/a$b/c"));
  // "/$" disallows only the root.
  RobotsTxt root = P("User-agent: *\nDisallow: /$\n");
  EXPECT_FALSE(root.IsAllowed("/"));
  EXPECT_TRUE(root.IsAllowed("/page"));
}

TEST(RobotsTest, QueryIsPartOfTheMatch) {
  RobotsTxt r = P("User-agent: *\nDisallow: /*?sessionid=\nDisallow: /search?\n");
  EXPECT_FALSE(r.IsAllowed("/page?sessionid=12"));
  EXPECT_TRUE(r.IsAllowed("/page?id=12"));
  EXPECT_FALSE(r.IsAllowed("/search?q=x"));
  EXPECT_TRUE(r.IsAllowed("/search"));
}

TEST(RobotsTest, PercentEncodingIsNormalized) {
  // Non-ASCII pattern vs encoded path, and the reverse (RFC 9309 2.2.2).
  EXPECT_FALSE(P("User-agent: *\nDisallow: /foo/bar/\xE3\x83\x84\n").IsAllowed("/foo/bar/%E3%83%84"));
  EXPECT_FALSE(P("User-agent: *\nDisallow: /foo/bar/%E3%83%84\n").IsAllowed("/foo/bar/\xE3\x83\x84"));
  // Lower-case hex, and encoded unreserved characters.
  EXPECT_FALSE(P("User-agent: *\nDisallow: /foo/bar/%e3%83%84\n").IsAllowed("/foo/bar/%E3%83%84"));
  EXPECT_FALSE(P("User-agent: *\nDisallow: /foo/bar/%62%61%7A\n").IsAllowed("/foo/bar/baz"));
  EXPECT_FALSE(P("User-agent: *\nDisallow: /foo/bar/baz\n").IsAllowed("/foo/bar/%62%61%7A"));
  // An encoded reserved character stays distinct from the raw one.
  EXPECT_TRUE(P("User-agent: *\nDisallow: /a/b\n").IsAllowed("/a%2Fb"));
}

TEST(RobotsTest, CaseSensitivePaths) {
  RobotsTxt r = P("User-agent: *\nDisallow: /Private\n");
  EXPECT_FALSE(r.IsAllowed("/Private"));
  EXPECT_TRUE(r.IsAllowed("/private"));
}

TEST(RobotsTest, SyntaxIsForgiving) {
  // Keys in any case, spaces around ':', comments, CR and CRLF line ends,
  // BOM, common misspellings, patterns without a leading slash.
  RobotsTxt r = P("\xEF\xBB\xBFuSeR-AgEnT :  newsintel # us\r\nDISALLOW : /a # no\rdisalow: /b\r\nDisallow: c\n");
  EXPECT_FALSE(r.IsAllowed("/a"));
  EXPECT_FALSE(r.IsAllowed("/b"));
  EXPECT_FALSE(r.IsAllowed("/c"));
  EXPECT_TRUE(r.IsAllowed("/d"));
  // Lines without ':' are ignored.
  EXPECT_TRUE(P("User-agent: *\nDisallow /\n").IsAllowed("/x"));
}

TEST(RobotsTest, CrawlDelayComesFromTheMatchingGroup) {
  RobotsTxt r = P("User-agent: *\nCrawl-delay: 7\n\nUser-agent: newsintel\nCrawl-delay: 2.5\nDisallow: /x\n");
  ASSERT_TRUE(r.crawl_delay().has_value());
  EXPECT_DOUBLE_EQ(*r.crawl_delay(), 2.5);
  RobotsTxt star = P("User-agent: *\nCrawl-delay: 7\n", "otherbot");
  EXPECT_DOUBLE_EQ(star.crawl_delay().value_or(0), 7);
  EXPECT_FALSE(P("User-agent: *\nCrawl-delay: soon\n").crawl_delay().has_value());
  EXPECT_FALSE(P("User-agent: *\nCrawl-delay: -3\n").crawl_delay().has_value());
}

TEST(RobotsTest, ParsesAtLeast500KiB) {
  std::string body = "User-agent: *\n";
  while (body.size() < 500 * 1024) body += "Disallow: /filler/path/that/is/long/enough/" + std::to_string(body.size()) + "\n";
  body += "Disallow: /late\n";
  ASSERT_LT(body.size(), RobotsTxt::kMaxParsedBytes);
  EXPECT_FALSE(P(body).IsAllowed("/late/page"));
  // Past the limit, rules are ignored (and the cut line is not half-read).
  std::string big = body;
  while (big.size() < RobotsTxt::kMaxParsedBytes + 100) big += "# padding padding padding padding\n";
  big += "Disallow: /beyond\n";
  RobotsTxt r = P(big);
  EXPECT_TRUE(r.IsAllowed("/beyond"));
  EXPECT_FALSE(r.IsAllowed("/late/page"));
}

TEST(RobotsTest, PathologicalPatternsStayFast) {
  std::string body = "User-agent: *\n";
  for (int i = 0; i < 2000; ++i) body += "Disallow: /*a*a*a*a*a*a*a*a*b" + std::to_string(i) + "\n";
  RobotsTxt r = P(body);
  std::string path = "/" + std::string(2000, 'a');
  EXPECT_TRUE(r.IsAllowed(path));
}

// Reference matcher: dynamic programming over (pattern, path) prefixes.
bool ReferenceMatch(const std::string& pattern, const std::string& path) {
  bool anchored = !pattern.empty() && pattern.back() == '$';
  std::string p = anchored ? pattern.substr(0, pattern.size() - 1) : pattern;
  // can[j]: the pattern prefix read so far can end at path position j.
  std::vector<bool> can(path.size() + 1, false);
  can[0] = true;
  for (char c : p) {
    std::vector<bool> next(path.size() + 1, false);
    for (size_t j = 0; j <= path.size(); ++j) {
      if (!can[j]) continue;
      if (c == '*') {
        for (size_t k = j; k <= path.size(); ++k) next[k] = true;
        break;
      }
      if (j < path.size() && path[j] == c) next[j + 1] = true;
    }
    can.swap(next);
  }
  if (anchored) return can[path.size()];
  for (bool b : can) {
    if (b) return true;
  }
  return false;
}

TEST(RobotsTest, WildcardMatcherAgreesWithReference) {
  std::mt19937 rng(7);
  const char alphabet[] = "/ab*";
  int disagreements = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string pattern = "/";
    int n = std::uniform_int_distribution<int>(0, 6)(rng);
    for (int k = 0; k < n; ++k) pattern += alphabet[std::uniform_int_distribution<int>(0, 3)(rng)];
    if (rng() % 3 == 0) pattern += "$";
    std::string path = "/";
    int m = std::uniform_int_distribution<int>(0, 8)(rng);
    for (int k = 0; k < m; ++k) path += alphabet[std::uniform_int_distribution<int>(0, 2)(rng)];
    bool allowed = P("User-agent: *\nDisallow: " + pattern + "\n").IsAllowed(path);
    if (allowed == ReferenceMatch(pattern, path)) {
      ++disagreements;
      ADD_FAILURE() << "pattern " << pattern << " path " << path;
      if (disagreements > 5) break;
    }
  }
}

}  // namespace
}  // namespace newsintel
