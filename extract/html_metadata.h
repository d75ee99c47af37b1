// Page metadata of a news article: title, author, date, canonical URL, outlet
// and declared language, from JSON-LD, OpenGraph, <meta>, <link>, <time> and
// bylines.
//
//   PageMetadata meta = ExtractPageMetadata(tree, "https://ex.org/a.html");
//   NormalizeDate("Tue, 19 Nov 2019 13:03:00 GMT") == "2019-11-19T13:03:00Z"
#ifndef NEWSINTEL_EXTRACT_HTML_METADATA_H_
#define NEWSINTEL_EXTRACT_HTML_METADATA_H_

#include <string>
#include <string_view>

#include "extract/html_tree.h"

namespace newsintel {

// Plain value; empty strings mean unknown.
struct PageMetadata {
  std::string title;      // cleaned of a " - Site" suffix
  std::string author;     // names joined by ", "
  std::string published;  // ISO 8601 (date, or date-time with zone when given)
  std::string url;        // canonical URL, absolute
  std::string outlet;     // site name, else the host without "www."
  std::string lang;       // declared language, primary subtag ("en", "fr")
};

// Reads the metadata of a parsed page; `base_url` resolves relative links.
PageMetadata ExtractPageMetadata(const HtmlTree& tree, std::string_view base_url);

// Normalizes a date or date-time in a common web format (ISO 8601, RFC 822,
// "November 19, 2019", "19 novembre 2019 à 14h30", "2019/11/19") to ISO 8601:
// "2019-11-19", "2019-11-19T13:03:00", or with a zone "2019-11-19T13:03:00Z" /
// "...+01:00". Returns "" when it cannot read a plausible date.
std::string NormalizeDate(std::string_view text);

// Removes a site name from a page title: "Big news | The Daily" -> "Big news".
// `site_name` may be empty; then a short trailing part after a separator goes.
std::string CleanTitle(std::string_view title, std::string_view site_name);

}  // namespace newsintel

#endif  // NEWSINTEL_EXTRACT_HTML_METADATA_H_
