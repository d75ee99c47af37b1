// Small URL helpers: reference resolution (RFC 3986, section 5) and host.
//
//   ResolveUrl("https://ex.org/news/a.html", "../img/b.png") == "https://ex.org/img/b.png"
//   UrlHost("https://WWW.Ex.org:8080/x") == "www.ex.org"
#ifndef NEWSINTEL_EXTRACT_URL_H_
#define NEWSINTEL_EXTRACT_URL_H_

#include <string>
#include <string_view>

namespace newsintel {

// The absolute URL that `ref` names when found in a page at `base`. Leading
// and trailing spaces of `ref` are ignored. Returns "" when `ref` is relative
// and `base` is not absolute, or when `ref` is empty or a javascript:/data: URL.
std::string ResolveUrl(std::string_view base, std::string_view ref);

// The lower-cased host of an absolute URL ("" if it has none).
std::string UrlHost(std::string_view url);

// True if `url` starts with a scheme ("https:", "file:", ...).
bool HasScheme(std::string_view url);

}  // namespace newsintel

#endif  // NEWSINTEL_EXTRACT_URL_H_
