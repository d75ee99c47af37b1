#include "crawler/robots.h"

#include <cmath>
#include <cstdlib>

#include "extract/url.h"

namespace newsintel {
namespace {

std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

enum class Key { kUserAgent, kAllow, kDisallow, kCrawlDelay, kSitemap, kOther };

// Accepts the common misspellings other parsers accept as well.
Key ParseKey(std::string_view raw) {
  std::string k = AsciiLower(raw);
  if (k == "user-agent" || k == "useragent" || k == "user agent" || k == "user_agent") return Key::kUserAgent;
  if (k == "allow") return Key::kAllow;
  if (k == "disallow" || k == "dissallow" || k == "dissalow" || k == "disalow" || k == "diasllow" ||
      k == "disallaw") {
    return Key::kDisallow;
  }
  if (k == "crawl-delay" || k == "crawldelay" || k == "crawl delay") return Key::kCrawlDelay;
  if (k == "sitemap" || k == "site-map") return Key::kSitemap;
  return Key::kOther;
}

// The product token at the start of a user-agent value: "Foo-Bot/2.1" -> "foo-bot".
std::string ProductToken(std::string_view value) {
  size_t n = 0;
  while (n < value.size()) {
    char c = value[n];
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' || c == '_';
    if (!ok) break;
    ++n;
  }
  return AsciiLower(value.substr(0, n));
}

}  // namespace

RobotsTxt RobotsTxt::AllowAll() { return RobotsTxt(); }

RobotsTxt RobotsTxt::DisallowAll() {
  RobotsTxt r;
  r.disallow_all_ = true;
  return r;
}

RobotsTxt RobotsTxt::FromResponse(int http_status, std::string_view body, std::string_view product_token) {
  if (http_status >= 200 && http_status < 300) return Parse(body, product_token);
  if (http_status >= 300 && http_status < 500) return AllowAll();
  return DisallowAll();
}

RobotsTxt RobotsTxt::Parse(std::string_view body, std::string_view product_token, size_t max_bytes) {
  if (body.size() > max_bytes) {
    body = body.substr(0, max_bytes);
    size_t last_break = body.find_last_of("\r\n");
    body = body.substr(0, last_break == std::string_view::npos ? 0 : last_break);
  }
  if (body.substr(0, 3) == "\xEF\xBB\xBF") body.remove_prefix(3);
  std::string me = AsciiLower(product_token);

  // A group: its user-agent lines, then its rules. Groups are kept only if
  // they apply to us (specific) or to everyone (star).
  struct Group {
    bool specific = false;
    bool star = false;
    std::vector<Rule> rules;
    std::optional<double> delay;
  };
  std::vector<Group> groups;
  bool in_rules = true;  // a user-agent line after rules starts a new group
  RobotsTxt out;

  size_t pos = 0;
  while (pos < body.size()) {
    size_t end = body.find_first_of("\r\n", pos);
    if (end == std::string_view::npos) end = body.size();
    std::string_view line = body.substr(pos, end - pos);
    pos = end + 1;
    if (end < body.size() && body[end] == '\r' && pos < body.size() && body[pos] == '\n') ++pos;

    size_t hash = line.find('#');
    if (hash != std::string_view::npos) line = line.substr(0, hash);
    line = Trim(line);
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    Key key = ParseKey(Trim(line.substr(0, colon)));
    std::string_view value = Trim(line.substr(colon + 1));

    switch (key) {
      case Key::kUserAgent: {
        if (in_rules) {
          groups.emplace_back();
          in_rules = false;
        }
        if (value.substr(0, 1) == "*" && Trim(value.substr(1)).empty()) {
          groups.back().star = true;
        } else if (!me.empty() && ProductToken(value) == me) {
          groups.back().specific = true;
        }
        break;
      }
      case Key::kAllow:
      case Key::kDisallow: {
        if (groups.empty()) break;  // rules before any user-agent line
        in_rules = true;
        if (value.empty()) break;   // "Disallow:" with no path restricts nothing
        Rule rule;
        rule.allow = key == Key::kAllow;
        std::string pattern(value);
        if (pattern[0] != '/' && pattern[0] != '*') pattern.insert(0, "/");
        rule.pattern = NormalizePercentEncoding(pattern);
        rule.literal = rule.pattern.find('*') == std::string::npos && rule.pattern.back() != '$';
        groups.back().rules.push_back(std::move(rule));
        break;
      }
      case Key::kCrawlDelay: {
        if (groups.empty()) break;
        in_rules = true;
        std::string v(value);
        char* endp = nullptr;
        double d = std::strtod(v.c_str(), &endp);
        if (endp != v.c_str() && std::isfinite(d) && d >= 0) {
          Group& g = groups.back();
          g.delay = g.delay ? std::max(*g.delay, d) : d;
        }
        break;
      }
      case Key::kSitemap:
        if (!value.empty()) out.sitemaps_.emplace_back(value);
        break;
      case Key::kOther:
        break;
    }
  }

  bool any_specific = false;
  for (const Group& g : groups) any_specific = any_specific || g.specific;
  for (Group& g : groups) {
    if (any_specific ? !g.specific : !g.star) continue;
    for (Rule& r : g.rules) out.rules_.push_back(std::move(r));
    if (g.delay) out.crawl_delay_ = out.crawl_delay_ ? std::max(*out.crawl_delay_, *g.delay) : *g.delay;
  }
  return out;
}

bool RobotsTxt::Matches(std::string_view path, const Rule& rule) {
  const std::string& p = rule.pattern;
  if (rule.literal) return path.substr(0, p.size()) == p;
  // '*' matches any sequence: the first segment is a prefix, each later one
  // is found leftmost after the previous (greedy is exact for '*'-only
  // globs), and with a final '$' the last segment must end the path.
  bool anchored = p.back() == '$';
  std::string_view pattern(p.data(), anchored ? p.size() - 1 : p.size());
  size_t star = pattern.find('*');
  std::string_view first = pattern.substr(0, star);
  if (path.substr(0, first.size()) != first) return false;
  if (star == std::string_view::npos) return !anchored || path.size() == first.size();
  size_t pos = first.size();
  pattern.remove_prefix(star + 1);
  while (true) {
    star = pattern.find('*');
    std::string_view seg = pattern.substr(0, star);
    if (star == std::string_view::npos) {
      if (anchored) return path.size() >= pos + seg.size() && path.substr(path.size() - seg.size()) == seg;
      return seg.empty() || path.find(seg, pos) != std::string_view::npos;
    }
    if (!seg.empty()) {
      size_t found = path.find(seg, pos);
      if (found == std::string_view::npos) return false;
      pos = found + seg.size();
    }
    pattern.remove_prefix(star + 1);
  }
}

bool RobotsTxt::IsAllowed(std::string_view path_and_query) const {
  if (disallow_all_) return path_and_query == "/robots.txt";
  if (rules_.empty() || path_and_query == "/robots.txt") return true;
  std::string path = NormalizePercentEncoding(path_and_query);
  if (path.empty()) path = "/";
  const Rule* best = nullptr;
  for (const Rule& rule : rules_) {
    if (best != nullptr && (rule.pattern.size() < best->pattern.size() ||
                            (rule.pattern.size() == best->pattern.size() && !rule.allow))) {
      continue;
    }
    if (Matches(path, rule)) best = &rule;
  }
  return best == nullptr || best->allow;
}

}  // namespace newsintel
