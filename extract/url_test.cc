#include "extract/url.h"

#include <gtest/gtest.h>

namespace newsintel {
namespace {

TEST(UrlTest, ResolvesRfc3986Examples) {
  const char* base = "http://a/b/c/d;p?q";
  EXPECT_EQ(ResolveUrl(base, "g"), "http://a/b/c/g");
  EXPECT_EQ(ResolveUrl(base, "./g"), "http://a/b/c/g");
  EXPECT_EQ(ResolveUrl(base, "g/"), "http://a/b/c/g/");
  EXPECT_EQ(ResolveUrl(base, "/g"), "http://a/g");
  EXPECT_EQ(ResolveUrl(base, "//g"), "http://g/");
  EXPECT_EQ(ResolveUrl(base, "?y"), "http://a/b/c/d;p?y");
  EXPECT_EQ(ResolveUrl(base, "g?y"), "http://a/b/c/g?y");
  EXPECT_EQ(ResolveUrl(base, "#s"), "http://a/b/c/d;p?q#s");
  EXPECT_EQ(ResolveUrl(base, ".."), "http://a/b/");
  EXPECT_EQ(ResolveUrl(base, "../g"), "http://a/b/g");
  EXPECT_EQ(ResolveUrl(base, "../../g"), "http://a/g");
  EXPECT_EQ(ResolveUrl(base, "../../../g"), "http://a/g");
  EXPECT_EQ(ResolveUrl(base, "g;x=1/../y"), "http://a/b/c/y");
  EXPECT_EQ(ResolveUrl(base, "https://other.example/x"), "https://other.example/x");
}

TEST(UrlTest, RefusesWhatCannotBeResolved) {
  EXPECT_EQ(ResolveUrl("", "/relative"), "");
  EXPECT_EQ(ResolveUrl("http://a/", "javascript:void(0)"), "");
  EXPECT_EQ(ResolveUrl("http://a/", "   "), "");
  EXPECT_EQ(ResolveUrl("", " https://x.example/p \n"), "https://x.example/p");
}

TEST(UrlTest, Host) {
  EXPECT_EQ(UrlHost("https://WWW.Example.org:8080/x?y"), "www.example.org");
  EXPECT_EQ(UrlHost("http://user:pw@host.example/"), "host.example");
  EXPECT_EQ(UrlHost("file:///tmp/a.html"), "");
  EXPECT_EQ(UrlHost("not a url"), "");
}

}  // namespace
}  // namespace newsintel
