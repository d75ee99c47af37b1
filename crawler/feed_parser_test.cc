#include "crawler/feed_parser.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

namespace newsintel {
namespace {

Feed Parse(const std::string& body, const std::string& base = "http://example.com/feed",
           const std::string& content_type = "") {
  FeedOptions o;
  o.base_url = base;
  o.content_type = content_type;
  return ParseFeed(body, o);
}

TEST(FeedParserTest, Rss20) {
  Feed f = Parse(R"(<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">
<channel><title>Chip &amp; wire desk</title><link>http://example.com/</link>
<atom:link href="http://example.com/feed" rel="self"/><language>fr</language>
<item><title>First &lt;b&gt;story&lt;/b&gt;</title><link>/news/1?utm_source=rss</link>
<guid isPermaLink="false">id-1</guid><pubDate>Tue, 07 May 2024 08:30:00 +0200</pubDate>
<dc:creator>Jeanne Martin</dc:creator><description><![CDATA[<p>Summary</p>]]></description></item>
<item><title>Second</title><guid>https://example.com/news/2</guid></item>
<item><title>Third</title><atom:link href="https://example.com/news/3" rel="alternate"/></item>
</channel></rss>)");
  EXPECT_FALSE(f.bozo) << f.bozo_reason;
  EXPECT_EQ(f.kind, FeedKind::kRss);
  EXPECT_EQ(f.version, "rss20");
  EXPECT_EQ(f.title, "Chip & wire desk");
  EXPECT_EQ(f.link, "http://example.com/");
  EXPECT_EQ(f.lang, "fr");
  ASSERT_EQ(f.entries.size(), 3u);
  EXPECT_EQ(f.entries[0].title, "First story");
  EXPECT_EQ(f.entries[0].link, "http://example.com/news/1?utm_source=rss");
  EXPECT_EQ(f.entries[0].id, "id-1");
  EXPECT_EQ(f.entries[0].published, "2024-05-07T06:30:00Z");
  EXPECT_EQ(f.entries[0].author, "Jeanne Martin");
  EXPECT_EQ(f.entries[0].summary, "<p>Summary</p>");
  EXPECT_EQ(f.entries[1].link, "https://example.com/news/2");
  EXPECT_EQ(f.entries[2].link, "https://example.com/news/3");
}

TEST(FeedParserTest, Rss10Rdf) {
  Feed f = Parse(R"(<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
 xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="http://example.com/"><title>RDF desk</title><link>http://example.com/</link></channel>
<item rdf:about="http://example.com/a"><title>A</title><link>http://example.com/a</link><dc:date>2024-05-01T10:00:00+02:00</dc:date></item>
<item rdf:about="http://example.com/b"><title>B</title><link>http://example.com/b</link></item>
</rdf:RDF>)");
  EXPECT_FALSE(f.bozo) << f.bozo_reason;
  EXPECT_EQ(f.kind, FeedKind::kRdf);
  EXPECT_EQ(f.version, "rss10");
  EXPECT_EQ(f.title, "RDF desk");
  ASSERT_EQ(f.entries.size(), 2u);
  EXPECT_EQ(f.entries[0].id, "http://example.com/a");
  EXPECT_EQ(f.entries[0].published, "2024-05-01T08:00:00Z");
  EXPECT_EQ(f.entries[1].link, "http://example.com/b");
}

TEST(FeedParserTest, Atom10WithXmlBase) {
  Feed f = Parse(R"(<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en" xml:base="https://news.example.org/base/">
<title type="html">Export &lt;i&gt;controls&lt;/i&gt;</title><link href="/" rel="alternate"/>
<entry><title>One</title><link rel="self" href="https://api.example.org/1"/><link href="articles/1.html"/>
<id>tag:example.org,2024:1</id><updated>2024-05-02T00:00:00Z</updated><published>2024-05-01T00:00:00Z</published>
<author><name>A. Writer</name></author><summary>Short</summary></entry>
<entry xml:base="https://other.example.net/"><title>Two</title><link rel="alternate" type="text/html" href="two"/>
<updated>2024-05-03T00:00:00Z</updated><content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">Body <b>text</b></div></content></entry>
</feed>)");
  EXPECT_FALSE(f.bozo) << f.bozo_reason;
  EXPECT_EQ(f.kind, FeedKind::kAtom);
  EXPECT_EQ(f.version, "atom10");
  EXPECT_EQ(f.title, "Export controls");
  EXPECT_EQ(f.link, "https://news.example.org/");
  EXPECT_EQ(f.lang, "en");
  ASSERT_EQ(f.entries.size(), 2u);
  EXPECT_EQ(f.entries[0].link, "https://news.example.org/base/articles/1.html");
  EXPECT_EQ(f.entries[0].published, "2024-05-01T00:00:00Z");
  EXPECT_EQ(f.entries[0].updated, "2024-05-02T00:00:00Z");
  EXPECT_EQ(f.entries[0].author, "A. Writer");
  EXPECT_EQ(f.entries[0].lang, "en");
  EXPECT_EQ(f.entries[1].link, "https://other.example.net/two");
  EXPECT_EQ(f.entries[1].published, "2024-05-03T00:00:00Z");
  EXPECT_EQ(f.entries[1].summary, "Body text");
}

TEST(FeedParserTest, JsonFeed) {
  Feed f = Parse(R"({"version": "https://jsonfeed.org/version/1.1", "title": "JSON desk",
    "home_page_url": "https://example.org/", "language": "fr",
    "items": [
      {"id": "1", "url": "/posts/1", "title": "Un", "date_published": "2024-05-01T10:00:00+02:00",
       "authors": [{"name": "Ana"}], "content_text": "x"},
      {"id": "https://example.org/posts/2", "title": "Deux", "author": {"name": "Old style"}},
      "not an object",
      {"id": 3, "external_url": "https://elsewhere.example/3"}
    ]})", "https://example.org/feed.json");
  EXPECT_FALSE(f.bozo) << f.bozo_reason;
  EXPECT_EQ(f.kind, FeedKind::kJsonFeed);
  EXPECT_EQ(f.version, "json11");
  EXPECT_EQ(f.title, "JSON desk");
  ASSERT_EQ(f.entries.size(), 3u);
  EXPECT_EQ(f.entries[0].link, "https://example.org/posts/1");
  EXPECT_EQ(f.entries[0].published, "2024-05-01T08:00:00Z");
  EXPECT_EQ(f.entries[0].author, "Ana");
  EXPECT_EQ(f.entries[1].link, "https://example.org/posts/2");
  EXPECT_EQ(f.entries[1].author, "Old style");
  EXPECT_EQ(f.entries[2].id, "3");
  EXPECT_EQ(f.entries[2].link, "https://elsewhere.example/3");
}

TEST(FeedParserTest, BrokenJsonIsBozo) {
  Feed f = Parse(R"({"version": "https://jsonfeed.org/version/1", "items": [ {"url": "x")");
  EXPECT_TRUE(f.bozo);
  EXPECT_EQ(f.kind, FeedKind::kJsonFeed);
  EXPECT_TRUE(f.entries.empty());
}

TEST(FeedParserTest, SitemapAndGoogleNews) {
  Feed f = Parse(R"(<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://example.com/a</loc><lastmod>2024-05-01</lastmod></url>
<url><loc>https://example.com/b</loc>
 <news:news><news:publication><news:name>Example</news:name><news:language>fr</news:language></news:publication>
 <news:publication_date>2024-05-02T09:00:00+02:00</news:publication_date><news:title>Puces et quotas</news:title></news:news></url>
<url><lastmod>2024-05-01</lastmod></url>
</urlset>)");
  EXPECT_EQ(f.kind, FeedKind::kSitemap);
  ASSERT_EQ(f.entries.size(), 2u);
  EXPECT_EQ(f.entries[0].link, "https://example.com/a");
  EXPECT_EQ(f.entries[0].updated, "2024-05-01T00:00:00Z");
  EXPECT_EQ(f.entries[1].title, "Puces et quotas");
  EXPECT_EQ(f.entries[1].published, "2024-05-02T07:00:00Z");
  EXPECT_EQ(f.entries[1].lang, "fr");
  EXPECT_TRUE(f.bozo);  // the <url> without <loc>
}

TEST(FeedParserTest, SitemapIndex) {
  Feed f = Parse(R"(<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://example.com/s1.xml.gz</loc></sitemap><sitemap><loc>/s2.xml</loc></sitemap></sitemapindex>)",
                 "https://example.com/index.xml");
  EXPECT_FALSE(f.bozo) << f.bozo_reason;
  EXPECT_EQ(f.kind, FeedKind::kSitemapIndex);
  ASSERT_EQ(f.sitemaps.size(), 2u);
  EXPECT_EQ(f.sitemaps[1], "https://example.com/s2.xml");
}

std::string Gzip(const std::string& data) {
  z_stream zs{};
  deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
  std::string out(compressBound(data.size()) + 64, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = data.size();
  zs.next_out = reinterpret_cast<Bytef*>(&out[0]);
  zs.avail_out = out.size();
  deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

TEST(FeedParserTest, GzippedSitemapWithCap) {
  std::string xml = "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">";
  for (int i = 0; i < 1000; ++i) xml += "<url><loc>https://example.com/p" + std::to_string(i) + "</loc></url>";
  xml += "</urlset>";
  Feed f = Parse(Gzip(xml));
  EXPECT_FALSE(f.bozo) << f.bozo_reason;
  EXPECT_EQ(f.entries.size(), 1000u);
  FeedOptions small;
  small.max_decoded_bytes = 4000;
  Feed capped = ParseFeed(Gzip(xml), small);
  EXPECT_TRUE(capped.bozo);
  EXPECT_GT(capped.entries.size(), 10u);  // what fit is still read
  EXPECT_LT(capped.entries.size(), 1000u);
  std::string truncated = Gzip(xml).substr(0, 200);
  Feed t = Parse(truncated);
  EXPECT_TRUE(t.bozo);
}

TEST(FeedParserTest, PlainUrlList) {
  Feed f = Parse("# seeds\nhttps://example.com/a\n\n  http://example.com/b  \r\nrelative/c\nnot a url at all\n",
                 "https://example.com/list.txt");
  EXPECT_EQ(f.kind, FeedKind::kUrlList);
  ASSERT_EQ(f.entries.size(), 4u);
  EXPECT_EQ(f.entries[1].link, "http://example.com/b");
  EXPECT_EQ(f.entries[2].link, "https://example.com/relative/c");
  // "not a url at all" resolves to a path URL (spaces and all); lists are taken literally.
  Feed strict = Parse("https://example.com/a\nnot a url\n", "");
  EXPECT_EQ(strict.entries.size(), 1u);
  EXPECT_TRUE(strict.bozo);
}

TEST(FeedParserTest, IllFormedFeedYieldsWhatItCan) {
  Feed f = Parse("<rss version=\"2.0\"><channel><title>Broken</title><item><title>Kept</title>"
                 "<link>http://example.com/kept</link></item><item><title>Cut off &bogus; <link>http://exa");
  EXPECT_TRUE(f.bozo);
  EXPECT_FALSE(f.bozo_reason.empty());
  ASSERT_GE(f.entries.size(), 1u);
  EXPECT_EQ(f.entries[0].link, "http://example.com/kept");
}

TEST(FeedParserTest, NeverLoadsExternalEntities) {
  std::string dir = ::testing::TempDir();
  std::string secret = dir + "/feed_parser_secret.txt";
  std::ofstream(secret) << "TOP-SECRET-CONTENT";
  Feed f = Parse("<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM \"file://" + secret +
                 "\">]><rss version=\"2.0\"><channel><item><title>a&xxe;b</title>"
                 "<link>http://example.com/x</link></item></channel></rss>");
  ASSERT_EQ(f.entries.size(), 1u);
  EXPECT_EQ(f.entries[0].title.find("TOP-SECRET"), std::string::npos);
  EXPECT_EQ(f.entries[0].title, "ab");
}

TEST(FeedParserTest, EntityBombIsBounded) {
  std::string dtd = "<!DOCTYPE rss [<!ENTITY a0 \"lollollollollol\">";
  for (int i = 1; i <= 12; ++i) {
    std::string prev = "&a" + std::to_string(i - 1) + ";";
    std::string body;
    for (int k = 0; k < 10; ++k) body += prev;
    dtd += "<!ENTITY a" + std::to_string(i) + " \"" + body + "\">";
  }
  dtd += "]>";
  Feed f = Parse("<?xml version=\"1.0\"?>" + dtd +
                 "<rss version=\"2.0\"><channel><item><title>&a12;</title></item></channel></rss>");
  // Either libxml2 refuses the amplification or our budget truncates it.
  for (const FeedEntry& e : f.entries) EXPECT_LE(e.title.size(), 2u << 20);
}

TEST(FeedParserTest, GarbageNeverCrashes) {
  const char* inputs[] = {"", "   ", "<", "<<<>>>", "{", "[1,2]", "\x1F\x8B", "\xFF\xFE<\0r\0",
                          "<rss><channel><item><link></link></item>", "<feed><entry/></feed>",
                          "<html><body><p>not a feed</p></body></html>", "<urlset><url><loc></loc></url></urlset>"};
  for (const char* in : inputs) {
    Feed f = Parse(in);
    (void)f;
  }
  std::string noise;
  uint32_t x = 2463534242u;
  for (int i = 0; i < 20000; ++i) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    noise.push_back("<>/&;=\"' abcitemlnk\n"[x % 21]);
  }
  Feed f = Parse("<rss>" + noise);
  EXPECT_TRUE(f.bozo);
}

TEST(FeedParserTest, CharsetFromContentType) {
  EXPECT_EQ(CharsetFromContentType("text/html; charset=ISO-8859-1"), "iso-8859-1");
  EXPECT_EQ(CharsetFromContentType("text/xml;charset= \"us-ascii\""), "us-ascii");
  EXPECT_EQ(CharsetFromContentType("application/xml"), "");
}

// --- The feedparser corpus in ../shared/data/feeds --------------------------

struct Expectation {
  bool want_bozo = false;
  bool want_not_bozo = false;
  std::vector<std::pair<std::string, std::string>> fields;  // e.g. {"entries[0]['link']", "http://..."}
};

std::string Comment(const std::string& body, const char* key) {
  size_t p = body.find(key);
  if (p == std::string::npos || p > 2000) return "";
  size_t e = body.find('\n', p);
  std::string v = body.substr(p + std::strlen(key), e - p - std::strlen(key));
  size_t b = v.find_first_not_of(" \t");
  return b == std::string::npos ? "" : v.substr(b);
}

Expectation ParseExpect(const std::string& expect) {
  Expectation x;
  x.want_not_bozo = expect.rfind("not bozo", 0) == 0;
  x.want_bozo = !x.want_not_bozo && expect.rfind("bozo", 0) == 0;
  static const std::regex kField(
      R"((entries\[0\]\['(?:title|link|id)'\]|feed\['(?:title|link)'\]|version) == '([^'\\]*)')");
  for (std::sregex_iterator it(expect.begin(), expect.end(), kField), end; it != end; ++it) {
    x.fields.push_back({(*it)[1], (*it)[2]});
  }
  return x;
}

std::string FieldOf(const Feed& f, const std::string& field) {
  if (field == "version") return f.version;
  if (field == "feed['title']") return f.title;
  if (field == "feed['link']") return f.link;
  if (f.entries.empty()) return "<no entries>";
  if (field == "entries[0]['title']") return f.entries[0].title;
  if (field == "entries[0]['link']") return f.entries[0].link;
  if (field == "entries[0]['id']") return f.entries[0].id;
  return "";
}

TEST(FeedParserTest, FeedparserCorpus) {
  namespace fs = std::filesystem;
  fs::path root = fs::path(NEWSINTEL_SOURCE_DIR) / ".." / "shared" / "data" / "feeds";
  if (!fs::exists(root)) GTEST_SKIP() << "no corpus at " << root;
  int files = 0, wellformed = 0, checked_fields = 0, items = 0;
  for (const auto& de : fs::recursive_directory_iterator(root)) {
    if (!de.is_regular_file() || de.path().extension() != ".xml") continue;
    std::ifstream in(de.path(), std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    std::string body = ss.str();
    std::string header = Comment(body, "Header:");
    FeedOptions options;
    options.base_url = "http://example.test/feed.xml";
    if (header.rfind("Content-type:", 0) == 0 || header.rfind("Content-Type:", 0) == 0) {
      options.content_type = header.substr(13);
    }
    Feed feed = ParseFeed(body, options);  // must not crash, whatever the input
    ++files;
    std::string rel = fs::relative(de.path(), root).string();
    Expectation x = ParseExpect(Comment(body, "Expect:"));
    bool is_wellformed = rel.rfind("wellformed/", 0) == 0;
    if (is_wellformed) {
      ++wellformed;
      EXPECT_FALSE(feed.bozo) << rel << ": " << feed.bozo_reason;
      // A well-formed feed with an item or entry gives at least one entry.
      if (body.find("<item") != std::string::npos || body.find("<entry") != std::string::npos) {
        EXPECT_GE(feed.entries.size(), 1u) << rel;
        items += feed.entries.empty() ? 0 : 1;
      }
    }
    if (rel.rfind("illformed/", 0) == 0 && x.want_bozo) {
      EXPECT_TRUE(feed.bozo) << rel;
    }
    for (const auto& [field, want] : x.fields) {
      if (want.find('&') != std::string::npos || want.find('<') != std::string::npos) continue;  // markup semantics
      if (!is_wellformed && rel.rfind("illformed/", 0) != 0) continue;
      EXPECT_EQ(FieldOf(feed, field), want) << rel << " " << field;
      ++checked_fields;
    }
  }
  EXPECT_GT(files, 100);
  EXPECT_GT(wellformed, 50);
  EXPECT_GT(checked_fields, 10);
  EXPECT_GT(items, 30);
}

}  // namespace
}  // namespace newsintel
