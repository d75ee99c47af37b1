#include "extract/url.h"

#include <gtest/gtest.h>

#include <random>

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
  EXPECT_EQ(ResolveUrl("http://a/", "mailto:desk@example.org"), "");
  EXPECT_EQ(ResolveUrl("http://a/", "http://h:8o/x"), "");      // invalid port
  EXPECT_EQ(ResolveUrl("http://a:8o/", "x"), "");               // invalid base
  EXPECT_EQ(ResolveUrl("http://a/b", "//g"), "http://g/");       // a path after a host
  EXPECT_EQ(ResolveReference("http://a/b", "//g").value(), "http://g");  // as RFC 3986 says
}

TEST(UrlTest, Host) {
  EXPECT_EQ(UrlHost("https://WWW.Example.org:8080/x?y"), "www.example.org");
  EXPECT_EQ(UrlHost("http://user:pw@host.example/"), "host.example");
  EXPECT_EQ(UrlHost("file:///tmp/a.html"), "");
  EXPECT_EQ(UrlHost("not a url"), "");
}

std::string Canon(const std::string& u, const CanonicalizeOptions& o = {}) {
  Result<std::string> c = CanonicalizeUrl(u, o);
  return c.ok() ? *c : "ERROR: " + c.status().message();
}

TEST(UrlTest, ParsesComponents) {
  Result<Url> u = ParseUrl("HTTPS://user:pw@Example.org:8443/a/b?x=1&y#frag");
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(u->scheme, "https");
  EXPECT_EQ(u->userinfo, "user:pw");
  EXPECT_EQ(u->host, "Example.org");
  EXPECT_EQ(u->port, "8443");
  EXPECT_EQ(u->path, "/a/b");
  EXPECT_TRUE(u->has_query);
  EXPECT_EQ(u->query, "x=1&y");
  EXPECT_EQ(u->fragment, "frag");
  EXPECT_EQ(u->Origin(), "https://Example.org:8443");
}

TEST(UrlTest, ParsesIpv6AndRejectsBadPorts) {
  Result<Url> u = ParseUrl("http://[::1]:8080/x");
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(u->host, "[::1]");
  EXPECT_EQ(u->port, "8080");
  EXPECT_FALSE(ParseUrl("http://h:80a/").ok());
  EXPECT_FALSE(ParseUrl("http://[::1/").ok());
  EXPECT_FALSE(ParseUrl("").ok());
  EXPECT_FALSE(ParseUrl("http://a/\x01" "b").ok());
}

TEST(UrlTest, CanonicalizesCaseAndPorts) {
  EXPECT_EQ(Canon("HTTP://Example.COM:80/Path"), "http://example.com/Path");
  EXPECT_EQ(Canon("https://example.com:443"), "https://example.com/");
  EXPECT_EQ(Canon("https://example.com:0443/"), "https://example.com/");
  EXPECT_EQ(Canon("http://example.com:8080/"), "http://example.com:8080/");
  EXPECT_EQ(Canon("http://example.com:/x"), "http://example.com/x");
  EXPECT_EQ(Canon("http://example.com:99999/"), "ERROR: port out of range in URL: http://example.com:99999/");
}

TEST(UrlTest, RemovesFragmentsAndDotSegments) {
  EXPECT_EQ(Canon("http://a.b/x/./y/../z#section"), "http://a.b/x/z");
  EXPECT_EQ(Canon("http://a.b/../../x"), "http://a.b/x");
  EXPECT_EQ(Canon("http://a.b/x/%2E%2E/y"), "http://a.b/y");
  EXPECT_EQ(Canon("http://a.b/x/.."), "http://a.b/");
  EXPECT_EQ(Canon("http://a.b/x//y"), "http://a.b/x//y");
}

TEST(UrlTest, NormalizesPercentEncoding) {
  EXPECT_EQ(Canon("http://a.b/%7euser/%e2%82%ac"), "http://a.b/~user/%E2%82%AC");
  EXPECT_EQ(Canon("http://a.b/caf\xC3\xA9 menu"), "http://a.b/caf%C3%A9%20menu");
  EXPECT_EQ(Canon("http://a.b/a%2Fb"), "http://a.b/a%2Fb");
  EXPECT_EQ(Canon("http://a.b/100%"), "http://a.b/100%25");
  EXPECT_EQ(Canon("http://a.b/?q=%41%3d"), "http://a.b/?q=A%3D");
}

TEST(UrlTest, StripsTrackingParameters) {
  EXPECT_EQ(Canon("http://a.b/p?utm_source=rss&id=7&UTM_Medium=x&fbclid=abc&gclid=1"), "http://a.b/p?id=7");
  EXPECT_EQ(Canon("http://a.b/p?utm_campaign=x"), "http://a.b/p");
  EXPECT_EQ(Canon("http://a.b/p?"), "http://a.b/p");
  EXPECT_EQ(Canon("http://a.b/p?a=1&&b=2"), "http://a.b/p?a=1&b=2");
  CanonicalizeOptions keep;
  keep.strip_tracking = false;
  EXPECT_EQ(Canon("http://a.b/p?utm_source=rss", keep), "http://a.b/p?utm_source=rss");
}

TEST(UrlTest, SortsQueryOnRequest) {
  CanonicalizeOptions sort;
  sort.sort_query = true;
  EXPECT_EQ(Canon("http://a.b/?z=1&a=2&m=3&a=1", sort), "http://a.b/?a=2&a=1&m=3&z=1");
  EXPECT_EQ(Canon("http://a.b/?z=1&a=2"), "http://a.b/?z=1&a=2");
}

TEST(UrlTest, RejectsRelativeAndHostless) {
  EXPECT_FALSE(CanonicalizeUrl("/just/a/path").ok());
  EXPECT_FALSE(CanonicalizeUrl("http:///x").ok());
  EXPECT_EQ(Canon("file:///tmp/a/../b.xml"), "file:///tmp/b.xml");
  EXPECT_EQ(Canon("  http://a.b/\tx\n "), "http://a.b/x");
}

TEST(UrlTest, ResolvesReferencesPerRfc3986) {
  // The examples of RFC 3986 section 5.4.
  const std::string base = "http://a/b/c/d;p?q";
  const std::pair<const char*, const char*> cases[] = {
      {"g:h", "g:h"},           {"g", "http://a/b/c/g"},        {"./g", "http://a/b/c/g"},
      {"g/", "http://a/b/c/g/"}, {"/g", "http://a/g"},            {"//g", "http://g"},
      {"?y", "http://a/b/c/d;p?y"}, {"g?y", "http://a/b/c/g?y"},  {"#s", "http://a/b/c/d;p?q#s"},
      {"g#s", "http://a/b/c/g#s"}, {";x", "http://a/b/c/;x"},    {"", "http://a/b/c/d;p?q"},
      {".", "http://a/b/c/"},    {"./", "http://a/b/c/"},         {"..", "http://a/b/"},
      {"../", "http://a/b/"},    {"../g", "http://a/b/g"},        {"../..", "http://a/"},
      {"../../g", "http://a/g"}, {"../../../g", "http://a/g"},    {"/./g", "http://a/g"},
      {"/../g", "http://a/g"},   {"g.", "http://a/b/c/g."},       {".g", "http://a/b/c/.g"},
      {"g..", "http://a/b/c/g.."}, {"..g", "http://a/b/c/..g"},   {"./../g", "http://a/b/g"},
      {"./g/.", "http://a/b/c/g/"}, {"g/./h", "http://a/b/c/g/h"}, {"g/../h", "http://a/b/c/h"},
      {"g;x=1/./y", "http://a/b/c/g;x=1/y"}, {"g;x=1/../y", "http://a/b/c/y"},
      {"g?y/./x", "http://a/b/c/g?y/./x"}, {"g#s/../x", "http://a/b/c/g#s/../x"},
  };
  for (const auto& [ref, want] : cases) {
    Result<std::string> got = ResolveReference(base, ref);
    ASSERT_TRUE(got.ok()) << ref;
    EXPECT_EQ(*got, want) << "reference " << ref;
  }
  EXPECT_FALSE(ResolveReference("relative/base", "x").ok());
}

// canonical(canonical(u)) == canonical(u) over random mixtures of the
// pieces that canonicalization rewrites.
TEST(UrlTest, CanonicalizationIsIdempotent) {
  const char* schemes[] = {"http", "HTTPS", "hTTp", "ftp", "file", "foo"};
  const char* hosts[] = {"Example.COM", "a.b", "[::1]", "xn--bcher-kva.ch", "h", "", "user@h", "a%41b"};
  const char* ports[] = {"", ":", ":80", ":443", ":0080", ":8080", ":1"};
  const char* pieces[] = {"/", "a", ".", "..", "%2e", "%2E", "%41", "%7e", "%zz", "%", "%2f", "%c3%a9", " ",
                          "\xC3\xA9", "\xFF", "~", "//", "?", "&", "=", "#", "utm_source=x", "fbclid=1",
                          "id=2", "+", ";", ":", "@", "{", "|", "'", "\""};
  std::mt19937 rng(12345);
  auto pick = [&rng](auto& arr) {
    return std::string(arr[std::uniform_int_distribution<size_t>(0, std::size(arr) - 1)(rng)]);
  };
  int checked = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string u = pick(schemes) + (i % 7 == 0 ? ":" : "://") + pick(hosts) + pick(ports);
    int n = std::uniform_int_distribution<int>(0, 10)(rng);
    for (int k = 0; k < n; ++k) u += pick(pieces);
    for (bool sort : {false, true}) {
      CanonicalizeOptions o;
      o.sort_query = sort;
      Result<std::string> c1 = CanonicalizeUrl(u, o);
      if (!c1.ok()) continue;
      Result<std::string> c2 = CanonicalizeUrl(*c1, o);
      ASSERT_TRUE(c2.ok()) << u << " -> " << *c1 << ": " << c2.status().message();
      ASSERT_EQ(*c2, *c1) << "input " << u;
      ++checked;
    }
  }
  EXPECT_GT(checked, 10000);
}

}  // namespace
}  // namespace newsintel
