#include "web/escape.h"

#include <gtest/gtest.h>

namespace newsintel {
namespace web {
namespace {

TEST(EscapeHtmlTest, EscapesMarkupAndQuotes) {
  EXPECT_EQ(EscapeHtml("<script>alert(1)</script>"), "&lt;script&gt;alert(1)&lt;/script&gt;");
  EXPECT_EQ(EscapeHtml("\"><img src=x onerror=alert(1)>"), "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;");
  EXPECT_EQ(EscapeHtml("a & b 'c'"), "a &amp; b &#39;c&#39;");
}

TEST(EscapeHtmlTest, KeepsUtf8AndLineBreaks) {
  EXPECT_EQ(EscapeHtml("États-Unis — 2\u202f048\n"), "États-Unis — 2\u202f048\n");
}

TEST(EscapeHtmlTest, ReplacesInvalidUtf8AndDropsControls) {
  EXPECT_EQ(EscapeHtml(std::string("a\xff" "b")), "a\uFFFDb");
  EXPECT_EQ(EscapeHtml(std::string("a\x01\x7f" "b\t", 6)), "ab\t");
  EXPECT_EQ(EscapeHtml("a\u0085b"), "ab");  // C1 control
  EXPECT_EQ(EscapeHtml(std::string("x\0y", 3)), "xy");
}

TEST(SafeHttpUrlTest, KeepsHttpAndHttps) {
  EXPECT_EQ(SafeHttpUrl("https://example.org/a?b=c#d"), "https://example.org/a?b=c#d");
  EXPECT_EQ(SafeHttpUrl("HTTP://Example.org/"), "HTTP://Example.org/");
}

TEST(SafeHttpUrlTest, DropsOtherSchemesAndTricks) {
  EXPECT_EQ(SafeHttpUrl("javascript:alert(1)"), "");
  EXPECT_EQ(SafeHttpUrl("JavaScript:alert(1)"), "");
  EXPECT_EQ(SafeHttpUrl(" javascript:alert(1)"), "");
  EXPECT_EQ(SafeHttpUrl("java\tscript:alert(1)"), "");
  EXPECT_EQ(SafeHttpUrl("data:text/html,<script>alert(1)</script>"), "");
  EXPECT_EQ(SafeHttpUrl("vbscript:x"), "");
  EXPECT_EQ(SafeHttpUrl("//evil.example/x"), "");
  EXPECT_EQ(SafeHttpUrl("/relative/path"), "");
  EXPECT_EQ(SafeHttpUrl("https://"), "");
  EXPECT_EQ(SafeHttpUrl("http:///path"), "");
  EXPECT_EQ(SafeHttpUrl("https://a.example/x y"), "");
  EXPECT_EQ(SafeHttpUrl("https://a.example/\nx"), "");
  EXPECT_EQ(SafeHttpUrl(""), "");
}

TEST(SafeHttpUrlTest, QuotesStillNeedAttributeEscaping) {
  std::string url = SafeHttpUrl("https://a.example/\"onmouseover=\"x");
  ASSERT_FALSE(url.empty());
  EXPECT_EQ(EscapeHtml(url), "https://a.example/&quot;onmouseover=&quot;x");
}

TEST(AppendJsonForScriptTest, CannotCloseTheScriptElement) {
  std::string out;
  AppendJsonForScript("</script><script>alert(1)</script> & <!--", &out);
  EXPECT_EQ(out.find('<'), std::string::npos);
  EXPECT_EQ(out.find('>'), std::string::npos);
  EXPECT_EQ(out.find('&'), std::string::npos);
  EXPECT_NE(out.find("\\u003c/script\\u003e"), std::string::npos);
  out.clear();
  AppendJsonForScript("a\"b\\c\u2028", &out);
  EXPECT_EQ(out, "\"a\\\"b\\\\c\\u2028\"");
}

TEST(SlugTest, FoldsAccentsAndPunctuation) {
  EXPECT_EQ(Slug("États-Unis : l'enquête"), "etats-unis-l-enquete");
  EXPECT_EQ(Slug("NVIDIA H800"), "nvidia-h800");
  EXPECT_EQ(Slug("  --  "), "x");
  EXPECT_EQ(Slug("<script>alert(1)</script>"), "script-alert-1-script");
  EXPECT_EQ(Slug("日本", 48, "entity"), "entity");
}

TEST(SlugTest, CutsAtAWordBoundary) {
  std::string s = Slug("one two three four five six seven eight nine ten eleven twelve", 20);
  EXPECT_LE(s.size(), 20u);
  EXPECT_EQ(s, "one-two-three-four");
}

// Found by fuzz/escape_fuzzer: a truncated 4-byte sequence of 3 bytes was
// taken for U+FFFD itself and copied raw.
TEST(AppendHtmlTest, TruncatedSequenceOfThreeBytesBecomesReplacementCharacter) {
  EXPECT_EQ(EscapeHtml("a\xF2\x80\xA8" "b"), "a\uFFFD" "b");
  EXPECT_EQ(EscapeHtml("a\uFFFD" "b"), "a\uFFFD" "b");
}

// Found by fuzz/escape_fuzzer: a cut inside invalid UTF-8 returned the raw bytes.
TEST(ShortenTest, InvalidUtf8BecomesReplacementCharacter) {
  EXPECT_EQ(Shorten("ab\x8e" "cd", 10), "ab\uFFFD" "cd");
  EXPECT_EQ(Shorten("ab\x8e" "cdefgh", 4), "ab\uFFFD" "c\u2026");
  EXPECT_EQ(Shorten("a\x06" "b", 10), "ab");
}

TEST(ShortenTest, CutsAtWordsWithEllipsis) {
  EXPECT_EQ(Shorten("short", 10), "short");
  EXPECT_EQ(Shorten("DeepSeek aurait entraîné son modèle", 20), "DeepSeek aurait\u2026");
  EXPECT_EQ(Shorten("ééééééééé", 3), "ééé\u2026");
}

}  // namespace
}  // namespace web
}  // namespace newsintel
