// robots.txt (RFC 9309): which paths of a site a crawler may fetch.
//
//   RobotsTxt robots = RobotsTxt::FromResponse(status, body, "newsintel");
//   if (robots.IsAllowed("/news/2024/article.html?page=2")) Fetch(...);
//   double delay = robots.crawl_delay().value_or(1.0);
//
// Groups are chosen by the crawler's product token (case-insensitive); the
// rules of every matching group are merged, else those of every "*" group.
// The longest matching pattern wins and Allow wins ties; patterns may use
// "*" (any sequence) and a final "$" (end of URL). Paths and patterns are
// compared after percent-encoding normalization.
#ifndef NEWSINTEL_CRAWLER_ROBOTS_H_
#define NEWSINTEL_CRAWLER_ROBOTS_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace newsintel {

// The rules of one site for one crawler. Immutable after construction;
// copyable; const methods are thread-safe.
class RobotsTxt {
 public:
  // The prefix of a robots.txt file that is parsed: the RFC asks for at
  // least 500 KiB. Bytes past it are ignored (the last partial line too).
  static constexpr size_t kMaxParsedBytes = 512 * 1024;

  // Parses `body` for the crawler whose product token is `product_token`
  // (e.g. "newsintel"). Never fails: lines that are not understood are ignored.
  static RobotsTxt Parse(std::string_view body, std::string_view product_token,
                         size_t max_bytes = kMaxParsedBytes);
  static RobotsTxt AllowAll();
  static RobotsTxt DisallowAll();
  // From the outcome of fetching /robots.txt (after redirects): 2xx parses
  // the body; 3xx (redirect limit reached) and 4xx allow everything; 5xx and
  // `http_status` 0 (network error) disallow everything.
  static RobotsTxt FromResponse(int http_status, std::string_view body, std::string_view product_token);

  // REQUIRES: `path_and_query` starts with '/' (the URL's path, '?', query).
  // "/robots.txt" itself is always allowed.
  bool IsAllowed(std::string_view path_and_query) const;

  // Crawl-delay of the matching group in seconds, if given and valid.
  std::optional<double> crawl_delay() const { return crawl_delay_; }
  // Sitemap URLs listed in the file (any group).
  const std::vector<std::string>& sitemaps() const { return sitemaps_; }
  bool disallows_all() const { return disallow_all_; }

 private:
  struct Rule {
    bool allow = false;
    bool literal = true;  // no '*' and no final '$'
    std::string pattern;  // percent-normalized
  };
  static bool Matches(std::string_view path, const Rule& rule);

  std::vector<Rule> rules_;
  std::optional<double> crawl_delay_;
  std::vector<std::string> sitemaps_;
  bool disallow_all_ = false;
};

}  // namespace newsintel

#endif  // NEWSINTEL_CRAWLER_ROBOTS_H_
