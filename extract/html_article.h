// Article extraction from HTML: the main text and its metadata, with a map from
// every byte of the text back to the page's bytes.
//
//   HtmlOptions options;
//   options.base_url = "https://example.org/news/1.html";
//   Result<Document> doc = DocumentFromHtml(page_bytes, options);
//   // doc->text is the article body; doc->source_offsets[i] is the offset in
//   // page_bytes of the byte that text[i] came from.
//
// Text: the body chosen by a Readability-style scoring of paragraphs (text
// length, commas, link density, class/id hints such as article/content/story
// against comment/share/related/footer/nav/cookie), its siblings that look like
// more of it, then cleaned of share bars, captions, bylines, link lists,
// time stamps, ad labels and other widgets. Headings and lists inside the
// article stay. Blocks are separated by "\n\n", lines (list items, <br>) by
// "\n"; other whitespace runs collapse to one space.
//
// Offsets: they point into the ORIGINAL bytes given to DocumentFromHtml, even
// for pages converted from another charset (every UTF-8 byte of a converted
// character points at the first byte of that character in the page) and for
// text decoded from character references (every byte of "é" from "&eacute;"
// points at its "&"). A collapsed run of spaces points at its first space;
// inserted line breaks point at the next character. The last entry
// (source_offsets[text.size()]) is the offset just past the last character.
//
// Metadata: title (og:title, JSON-LD headline, twitter:title, a single <h1>,
// <title>; cleaned of " - Site"), author (JSON-LD, meta author and kin,
// itemprop=author, rel=author, .byline), published date normalized to ISO 8601
// (JSON-LD datePublished, article:published_time and other meta dates,
// itemprop=datePublished, <time>), canonical URL (<link rel=canonical>, og:url,
// JSON-LD url; resolved against base_url), outlet (og:site_name, JSON-LD
// publisher, else the host), language (html lang, content-language meta, else
// CLD2 on the text; CLD2 also overrides a declared language when a text of
// 1000+ bytes is reliably and 90%+ in another one).
//
// Charset: see extract/charset.h (BOM, http_charset, <meta>, detection).
// Robustness: invalid bytes become U+FFFD, NUL bytes spaces; every pass over
// the tree is iterative; pages nested deeper than 25 000 elements, or larger
// than max_bytes, are refused with an error saying so.
#ifndef NEWSINTEL_EXTRACT_HTML_ARTICLE_H_
#define NEWSINTEL_EXTRACT_HTML_ARTICLE_H_

#include <string>

#include "extract/document.h"
#include "extract/status.h"

namespace newsintel {

struct HtmlOptions {
  // Charset named by the HTTP Content-Type header, if any (wins over <meta>,
  // loses to a byte order mark). Default: none.
  std::string http_charset;
  // URL the page was fetched from, used to resolve a relative canonical link
  // and as Document::url when the page names none. Default: none.
  std::string base_url;
  // Language to assume when the page declares none and detection is unsure.
  std::string default_lang;
  // Pages larger than this are refused. Default 32 MiB.
  size_t max_bytes = 32u << 20;
};

// Parses `html` (any charset; converted to UTF-8) and returns the article body
// as Document::text with title, author, published date, canonical URL, outlet
// and language filled in where the page gives them. Document::doc is left
// empty. Thread-safe (no shared state).
Result<Document> DocumentFromHtml(const std::string& html, const HtmlOptions& options);

}  // namespace newsintel

#endif  // NEWSINTEL_EXTRACT_HTML_ARTICLE_H_
