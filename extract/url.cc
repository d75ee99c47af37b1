#include "extract/url.h"

namespace newsintel {
namespace {

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

struct UrlParts {
  std::string scheme;  // without ':'; "" if none
  bool has_authority = false;
  std::string authority;
  std::string path;
  bool has_query = false;
  std::string query;
  bool has_fragment = false;
  std::string fragment;
};

UrlParts Split(std::string_view s) {
  UrlParts u;
  if (HasScheme(s)) {
    size_t colon = s.find(':');
    for (size_t i = 0; i < colon; ++i) u.scheme.push_back(Lower(s[i]));
    s.remove_prefix(colon + 1);
  }
  size_t hash = s.find('#');
  if (hash != std::string_view::npos) {
    u.has_fragment = true;
    u.fragment = std::string(s.substr(hash + 1));
    s = s.substr(0, hash);
  }
  size_t q = s.find('?');
  if (q != std::string_view::npos) {
    u.has_query = true;
    u.query = std::string(s.substr(q + 1));
    s = s.substr(0, q);
  }
  if (s.size() >= 2 && s[0] == '/' && s[1] == '/') {
    u.has_authority = true;
    size_t slash = s.find('/', 2);
    if (slash == std::string_view::npos) slash = s.size();
    u.authority = std::string(s.substr(2, slash - 2));
    s.remove_prefix(slash);
  }
  u.path = std::string(s);
  return u;
}

// RFC 3986 5.2.4.
std::string RemoveDotSegments(const std::string& path) {
  std::string out;
  size_t i = 0;
  while (i < path.size()) {
    std::string_view rest(path.data() + i, path.size() - i);
    if (rest.compare(0, 3, "../") == 0) {
      i += 3;
    } else if (rest.compare(0, 2, "./") == 0) {
      i += 2;
    } else if (rest.compare(0, 3, "/./") == 0) {
      i += 2;
    } else if (rest == "/.") {
      out.push_back('/');
      break;
    } else if (rest.compare(0, 4, "/../") == 0 || rest == "/..") {
      size_t cut = out.rfind('/');
      out.erase(cut == std::string::npos ? 0 : cut);
      if (rest == "/..") {
        out.push_back('/');
        break;
      }
      i += 3;
    } else if (rest == "." || rest == "..") {
      break;
    } else {
      size_t next = path.find('/', i + (path[i] == '/' ? 1 : 0));
      if (next == std::string::npos) next = path.size();
      out.append(path, i, next - i);
      i = next;
    }
  }
  return out;
}

std::string Join(const UrlParts& u) {
  std::string out = u.scheme + ":";
  if (u.has_authority) out += "//" + u.authority;
  out += u.path;
  if (u.has_query) out += "?" + u.query;
  if (u.has_fragment) out += "#" + u.fragment;
  return out;
}

std::string Trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && static_cast<unsigned char>(s[b]) <= ' ') ++b;
  while (e > b && static_cast<unsigned char>(s[e - 1]) <= ' ') --e;
  std::string out;
  for (size_t i = b; i < e; ++i) {
    if (s[i] != '\n' && s[i] != '\r' && s[i] != '\t') out.push_back(s[i]);
  }
  return out;
}

}  // namespace

bool HasScheme(std::string_view s) {
  if (s.empty() || !IsAlpha(s[0])) return false;
  for (size_t i = 1; i < s.size(); ++i) {
    char c = s[i];
    if (c == ':') return true;
    if (!(IsAlpha(c) || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.')) return false;
  }
  return false;
}

std::string ResolveUrl(std::string_view base_in, std::string_view ref_in) {
  std::string ref = Trim(ref_in);
  if (ref.empty()) return "";
  UrlParts r = Split(ref);
  if (r.scheme == "javascript" || r.scheme == "data" || r.scheme == "mailto") return "";
  UrlParts t;
  if (!r.scheme.empty()) {
    t = r;
    t.path = RemoveDotSegments(r.path);
    return Join(t);
  }
  std::string base = Trim(base_in);
  if (!HasScheme(base)) return "";
  UrlParts b = Split(base);
  t.scheme = b.scheme;
  if (r.has_authority) {
    t.has_authority = true;
    t.authority = r.authority;
    t.path = RemoveDotSegments(r.path);
    t.has_query = r.has_query;
    t.query = r.query;
  } else {
    t.has_authority = b.has_authority;
    t.authority = b.authority;
    if (r.path.empty()) {
      t.path = b.path;
      t.has_query = r.has_query || b.has_query;
      t.query = r.has_query ? r.query : b.query;
    } else {
      if (r.path[0] == '/') {
        t.path = RemoveDotSegments(r.path);
      } else {
        std::string merged;
        if (b.has_authority && b.path.empty()) {
          merged = "/" + r.path;
        } else {
          size_t slash = b.path.rfind('/');
          merged = (slash == std::string::npos ? "" : b.path.substr(0, slash + 1)) + r.path;
        }
        t.path = RemoveDotSegments(merged);
      }
      t.has_query = r.has_query;
      t.query = r.query;
    }
  }
  t.has_fragment = r.has_fragment;
  t.fragment = r.fragment;
  if (t.has_authority && t.path.empty()) t.path = "/";
  return Join(t);
}

std::string UrlHost(std::string_view url) {
  UrlParts u = Split(Trim(url));
  if (!u.has_authority) return "";
  std::string a = u.authority;
  size_t at = a.rfind('@');
  if (at != std::string::npos) a.erase(0, at + 1);
  if (!a.empty() && a[0] == '[') {
    size_t close = a.find(']');
    a = a.substr(0, close == std::string::npos ? a.size() : close + 1);
  } else {
    size_t colon = a.find(':');
    if (colon != std::string::npos) a.erase(colon);
  }
  for (char& c : a) c = Lower(c);
  return a;
}

}  // namespace newsintel
