// Seeds: RSS 0.9x/2.0, RSS 1.0 (RDF), Atom 0.3/1.0, JSON Feed 1.x, XML
// sitemaps, sitemap indexes, Google News sitemaps and plain URL lists, gzipped
// or not, parsed into one shape.
//
//   FeedOptions options;
//   options.base_url = "https://example.com/rss.xml";
//   options.content_type = "application/rss+xml; charset=utf-8";
//   Feed feed = ParseFeed(body, options);
//   for (const FeedEntry& e : feed.entries) Enqueue(e.link);
//   for (const std::string& s : feed.sitemaps) EnqueueSitemap(s);
//   if (feed.bozo) Log(feed.bozo_reason);  // ill-formed, but what could be read is there
//
// Parsing is liberal, as in feedparser: an ill-formed document yields what it
// can and is flagged `bozo`; nothing crashes. XML is read with libxml2's
// recovering parser with network access and external entities disabled.
#ifndef NEWSINTEL_CRAWLER_FEED_PARSER_H_
#define NEWSINTEL_CRAWLER_FEED_PARSER_H_

#include <string>
#include <string_view>
#include <vector>

namespace newsintel {

enum class FeedKind {
  kUnknown,
  kRss,           // RSS 0.9x and 2.0
  kRdf,           // RSS 0.90 and 1.0
  kAtom,          // Atom 0.3 and 1.0
  kJsonFeed,
  kSitemap,       // <urlset>, including Google News sitemaps
  kSitemapIndex,  // <sitemapindex>
  kUrlList,       // one URL a line
};

const char* FeedKindName(FeedKind kind);

// One item of a feed or one <url> of a sitemap. Strings are UTF-8; empty
// means absent. Plain value.
struct FeedEntry {
  std::string link;       // absolute (resolved against xml:base and the feed URL)
  std::string id;         // guid, atom:id, rdf:about or JSON Feed id
  std::string title;      // text, tags stripped
  std::string published;  // ISO 8601 UTC when parseable, else as written
  std::string updated;    // idem (sitemap <lastmod>)
  std::string author;
  std::string summary;    // as written (may hold HTML)
  std::string lang;       // xml:lang, news:language or JSON Feed language
};

// Plain value.
struct Feed {
  FeedKind kind = FeedKind::kUnknown;
  std::string version;  // feedparser style: "rss20", "rss10", "rss090", "atom10", "atom03", "json11", ...
  std::string title;
  std::string link;
  std::string lang;
  std::vector<FeedEntry> entries;
  std::vector<std::string> sitemaps;  // children of a sitemap index (absolute URLs)
  bool bozo = false;                  // the document was not well-formed or not understood
  std::string bozo_reason;
};

struct FeedOptions {
  // URL the document came from; relative links are resolved against it.
  std::string base_url;
  // The HTTP Content-Type, if any; its charset overrides the XML declaration.
  std::string content_type;
  // Gzipped input is inflated up to this many bytes (then flagged bozo).
  // Default 64 MiB (sitemaps may hold 50 MB uncompressed).
  size_t max_decoded_bytes = 64u << 20;
  // Entries beyond this are dropped (and flagged bozo). Default 100 000.
  size_t max_entries = 100000;
};

// Parses any of the formats above, recognized from the content (and the
// Content-Type for JSON). Never fails: see `bozo`.
Feed ParseFeed(std::string_view bytes, const FeedOptions& options);

// Inflates gzip or zlib data up to `max_bytes`. Returns false (with what was
// inflated so far in *out) on corrupt or oversized input.
bool Gunzip(std::string_view bytes, size_t max_bytes, std::string* out);

// The "charset" parameter of a Content-Type value, lowercased, or "".
std::string CharsetFromContentType(std::string_view content_type);

}  // namespace newsintel

#endif  // NEWSINTEL_CRAWLER_FEED_PARSER_H_
