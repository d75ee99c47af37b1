// Escaping of article-derived text for each context a static page puts it in.
//
//   std::string html;
//   AppendHtml(article.title, &html);                 // element text or attribute value
//   std::string href = SafeHttpUrl(article.url);      // "" unless http(s)
//   AppendJsonForScript(claim.text, &html);           // inside <script type="application/ld+json">
//
// Every function accepts any bytes: invalid UTF-8 becomes U+FFFD, and control
// characters (other than tab and line breaks) are dropped.
#ifndef NEWSINTEL_WEB_ESCAPE_H_
#define NEWSINTEL_WEB_ESCAPE_H_

#include <string>
#include <string_view>

namespace newsintel {
namespace web {

// Appends `text` with & < > " ' replaced by character references: safe as
// HTML element content, as a quoted attribute value, and as XML (Atom) text.
void AppendHtml(std::string_view text, std::string* out);
std::string EscapeHtml(std::string_view text);

// `url` when it is an absolute http:// or https:// URL (scheme in any case)
// without white space or control characters, else "". The result still needs
// AppendHtml() inside an attribute.
std::string SafeHttpUrl(std::string_view url);

// Appends `text` as a JSON string literal with <, >, & (and U+2028, U+2029)
// as \u escapes: it can never close a <script> element or start a comment.
void AppendJsonForScript(std::string_view text, std::string* out);

// A file-name-safe slug: folded (accent- and case-insensitive) words of
// [a-z0-9] joined by '-', at most `max_bytes` long, cut at a word boundary;
// `fallback` when nothing is left.
std::string Slug(std::string_view text, size_t max_bytes = 48, std::string_view fallback = "x");

// `text` cut to at most `max_chars` code points, at a word boundary when one
// is near, ending with "…" when cut.
std::string Shorten(std::string_view text, size_t max_chars);

}  // namespace web
}  // namespace newsintel

#endif  // NEWSINTEL_WEB_ESCAPE_H_
