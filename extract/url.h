// URL parsing, reference resolution and canonicalization (RFC 3986).
//
//   Result<std::string> c = CanonicalizeUrl("HTTP://Example.COM:80/a/./b/../c?utm_source=x&id=7#top");
//   // *c == "http://example.com/a/c?id=7"
//   Result<std::string> abs = ResolveReference("https://example.com/news/", "../feed.xml");
//   // *abs == "https://example.com/feed.xml"
//   ResolveUrl("https://ex.org/news/a.html", "javascript:void(0)") == ""   // links in pages
//   UrlHost("https://WWW.Ex.org:8080/x") == "www.ex.org"
//
// Canonical URLs identify a page in crawl state and in the knowledge base:
// two spellings of one address give the same string, and canonicalizing a
// canonical URL returns it unchanged.
#ifndef NEWSINTEL_EXTRACT_URL_H_
#define NEWSINTEL_EXTRACT_URL_H_

#include <string>
#include <string_view>
#include <vector>

#include "extract/status.h"

namespace newsintel {

// The components of an absolute or relative URI reference. `has_*` tell an
// empty component ("http://h/?" has an empty query) from an absent one.
// Plain value; copyable.
struct Url {
  std::string scheme;    // lowercase after ParseUrl
  bool has_authority = false;
  std::string userinfo;  // without the '@'
  std::string host;      // IPv6 literals keep their brackets
  std::string port;      // digits only; empty when absent
  std::string path;
  bool has_query = false;
  std::string query;     // without the '?'
  bool has_fragment = false;
  std::string fragment;  // without the '#'

  // Reassembles the reference (RFC 3986 section 5.3).
  std::string ToString() const;
  // "scheme://host[:port]" (the robots.txt and politeness key), "" without authority.
  std::string Origin() const;
};

// Splits a URI reference into components; leading and trailing spaces and
// embedded tabs/newlines are removed first. Fails on an invalid port, on a
// control character or on an empty string.
Result<Url> ParseUrl(std::string_view text);

// Resolves `reference` against the absolute URL `base` (RFC 3986 section 5.2).
// The result is not canonicalized.
Result<std::string> ResolveReference(std::string_view base, std::string_view reference);

struct CanonicalizeOptions {
  // Sort query parameters by name (stable). Default off: order can matter.
  bool sort_query = false;
  // Remove tracking parameters: names starting with "utm_" and the names in
  // kTrackingParameters (compared case-insensitively). Default on.
  bool strip_tracking = true;
};

// Names of tracking query parameters removed by CanonicalizeUrl.
extern const char* const kTrackingParameters[];

// Canonical form of an absolute URL: lowercase scheme and host, no default
// port, no fragment, dot-segments removed, percent-encoding normalized
// (unreserved characters decoded, hex digits upper case, bytes that may not
// appear raw encoded), empty path "/" for http(s), tracking parameters and
// empty query parameters removed. Fails on a relative URL or an http(s) URL
// without host. Idempotent.
Result<std::string> CanonicalizeUrl(std::string_view url, const CanonicalizeOptions& options = {});

// Normalizes percent-encoding in a path or query: %XX of an unreserved
// character is decoded, other escapes get upper-case hex digits, and bytes
// outside the printable US-ASCII set (and space, '"', '<', '>', '\', '^',
// '`', '{', '|', '}') are percent-encoded. A '%' not followed by two hex
// digits becomes "%25". Used by robots.txt matching (RFC 9309 section 2.2.2).
std::string NormalizePercentEncoding(std::string_view s);

// Removes "." and ".." segments (RFC 3986 section 5.2.4).
std::string RemoveDotSegments(std::string_view path);

// The absolute URL that a link `ref` names when found in a page at `base`
// (ResolveReference, with an empty path after a host made "/"). Returns "" when
// `ref` is empty, invalid, a javascript:, data: or mailto: URL, or relative
// while `base` is not absolute. An absolute `ref` needs no base.
std::string ResolveUrl(std::string_view base, std::string_view ref);

// The lower-cased host of an absolute URL ("" if it has none or is invalid).
std::string UrlHost(std::string_view url);

// True if `url` starts with a scheme ("https:", "file:", ...).
bool HasScheme(std::string_view url);

}  // namespace newsintel

#endif  // NEWSINTEL_EXTRACT_URL_H_
