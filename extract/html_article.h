// Article extraction from HTML: the main text and its metadata, with a map from
// every byte of the text back to the page's bytes.
//
//   HtmlOptions options;
//   Result<Document> doc = DocumentFromHtml(page_bytes, options);
//   // doc->text is the article body; doc->source_offsets[i] is where byte i came from.
#ifndef NEWSINTEL_EXTRACT_HTML_ARTICLE_H_
#define NEWSINTEL_EXTRACT_HTML_ARTICLE_H_

#include <string>

#include "extract/document.h"
#include "extract/status.h"

namespace newsintel {

struct HtmlOptions {
  // Charset named by the HTTP Content-Type header, if any (wins over <meta>).
  std::string http_charset;
  // URL the page was fetched from, used to resolve a relative canonical link.
  std::string base_url;
  // Language to assume when the page declares none and detection is unsure.
  std::string default_lang;
  // Pages larger than this are refused. Default 32 MiB.
  size_t max_bytes = 32u << 20;
};

// Parses `html` (any charset; converted to UTF-8) and returns the article body
// as Document::text with title, author, published date, canonical URL, outlet
// and language filled in where the page gives them.
Result<Document> DocumentFromHtml(const std::string& html, const HtmlOptions& options);

}  // namespace newsintel

#endif  // NEWSINTEL_EXTRACT_HTML_ARTICLE_H_
