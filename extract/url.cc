#include "extract/url.h"

#include <algorithm>
#include <cstdlib>

namespace newsintel {
namespace {

bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool IsUnreserved(unsigned char c) {
  return IsAlpha(static_cast<char>(c)) || IsDigit(static_cast<char>(c)) || c == '-' || c == '.' ||
         c == '_' || c == '~';
}

bool MustEncode(unsigned char c) {
  if (c <= 0x20 || c >= 0x7F) return true;
  switch (c) {
    case '"': case '<': case '>': case '\\': case '^': case '`': case '{': case '|': case '}':
      return true;
    default:
      return false;
  }
}

void AppendEscape(unsigned char c, std::string* out) {
  static const char kHex[] = "0123456789ABCDEF";
  out->push_back('%');
  out->push_back(kHex[c >> 4]);
  out->push_back(kHex[c & 15]);
}

std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// Removes leading/trailing C0 controls and spaces and every tab, CR and LF
// (as browsers do with pasted URLs).
std::string StripUrlWhitespace(std::string_view text) {
  size_t b = 0, e = text.size();
  while (b < e && static_cast<unsigned char>(text[b]) <= 0x20) ++b;
  while (e > b && static_cast<unsigned char>(text[e - 1]) <= 0x20) --e;
  std::string out;
  out.reserve(e - b);
  for (size_t i = b; i < e; ++i) {
    if (text[i] != '\t' && text[i] != '\n' && text[i] != '\r') out.push_back(text[i]);
  }
  return out;
}

std::string DefaultPort(const std::string& scheme) {
  if (scheme == "http") return "80";
  if (scheme == "https") return "443";
  if (scheme == "ftp") return "21";
  return "";
}

std::string MergePaths(const Url& base, const std::string& ref_path) {
  if (base.has_authority && base.path.empty()) return "/" + ref_path;
  size_t slash = base.path.rfind('/');
  if (slash == std::string::npos) return ref_path;
  return base.path.substr(0, slash + 1) + ref_path;
}

bool IsTrackingParameter(std::string_view param) {
  std::string name = AsciiLower(param.substr(0, param.find('=')));
  if (name.compare(0, 4, "utm_") == 0) return true;
  for (const char* const* p = kTrackingParameters; *p != nullptr; ++p) {
    if (name == *p) return true;
  }
  return false;
}

}  // namespace

const char* const kTrackingParameters[] = {
    "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "igshid",
    "mc_cid", "mc_eid", "_hsenc", "_hsmi", "mkt_tok", "oly_enc_id", "oly_anon_id", nullptr};

std::string Url::ToString() const {
  std::string out;
  if (!scheme.empty()) out += scheme + ":";
  if (has_authority) {
    out += "//";
    if (!userinfo.empty()) out += userinfo + "@";
    out += host;
    if (!port.empty()) out += ":" + port;
  } else if (path.compare(0, 2, "//") == 0) {
    out += "/.";  // keeps the path from reading as an authority
  }
  out += path;
  if (has_query) out += "?" + query;
  if (has_fragment) out += "#" + fragment;
  return out;
}

std::string Url::Origin() const {
  if (!has_authority) return "";
  std::string out = scheme + "://" + host;
  if (!port.empty()) out += ":" + port;
  return out;
}

Result<Url> ParseUrl(std::string_view text) {
  std::string s = StripUrlWhitespace(text);
  if (s.empty()) return Status::InvalidArgument("empty URL");
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7F) return Status::InvalidArgument("control character in URL");
  }
  Url url;
  size_t pos = 0;
  if (IsAlpha(s[0])) {
    size_t i = 1;
    while (i < s.size() && (IsAlpha(s[i]) || IsDigit(s[i]) || s[i] == '+' || s[i] == '-' || s[i] == '.')) ++i;
    if (i < s.size() && s[i] == ':') {
      url.scheme = AsciiLower(std::string_view(s).substr(0, i));
      pos = i + 1;
    }
  }
  if (s.compare(pos, 2, "//") == 0) {
    url.has_authority = true;
    pos += 2;
    size_t end = s.find_first_of("/?#", pos);
    if (end == std::string::npos) end = s.size();
    std::string_view authority = std::string_view(s).substr(pos, end - pos);
    size_t at = authority.rfind('@');
    if (at != std::string_view::npos) {
      url.userinfo = std::string(authority.substr(0, at));
      authority.remove_prefix(at + 1);
    }
    size_t colon = std::string_view::npos;
    if (!authority.empty() && authority[0] == '[') {
      size_t close = authority.find(']');
      if (close == std::string_view::npos) return Status::InvalidArgument("unclosed IPv6 literal in URL");
      url.host = std::string(authority.substr(0, close + 1));
      if (close + 1 < authority.size()) {
        if (authority[close + 1] != ':') return Status::InvalidArgument("junk after IPv6 literal in URL");
        colon = close + 1;
      }
    } else {
      colon = authority.find(':');
      url.host = std::string(authority.substr(0, colon));
    }
    if (colon != std::string_view::npos) {
      url.port = std::string(authority.substr(colon + 1));
      for (char c : url.port) {
        if (!IsDigit(c)) return Status::InvalidArgument("invalid port in URL");
      }
    }
    pos = end;
  }
  size_t qpos = s.find_first_of("?#", pos);
  url.path = s.substr(pos, qpos == std::string::npos ? std::string::npos : qpos - pos);
  if (qpos != std::string::npos && s[qpos] == '?') {
    size_t hash = s.find('#', qpos);
    url.has_query = true;
    url.query = s.substr(qpos + 1, hash == std::string::npos ? std::string::npos : hash - qpos - 1);
    qpos = hash;
  }
  if (qpos != std::string::npos && qpos < s.size() && s[qpos] == '#') {
    url.has_fragment = true;
    url.fragment = s.substr(qpos + 1);
  }
  return url;
}

std::string RemoveDotSegments(std::string_view path) {
  std::string in(path);
  std::string out;
  size_t i = 0;
  auto pop_segment = [&out] {
    size_t slash = out.rfind('/');
    out.erase(slash == std::string::npos ? 0 : slash);
  };
  while (i < in.size()) {
    std::string_view rest = std::string_view(in).substr(i);
    if (rest.compare(0, 3, "../") == 0) {
      i += 3;
    } else if (rest.compare(0, 2, "./") == 0) {
      i += 2;
    } else if (rest.compare(0, 3, "/./") == 0) {
      i += 2;
    } else if (rest == "/.") {
      in.replace(i, 2, "/");
    } else if (rest.compare(0, 4, "/../") == 0) {
      i += 3;
      pop_segment();
    } else if (rest == "/..") {
      in.replace(i, 3, "/");
      pop_segment();
    } else if (rest == "." || rest == "..") {
      i = in.size();
    } else {
      size_t next = in.find('/', i + 1);
      if (next == std::string::npos) next = in.size();
      out.append(in, i, next - i);
      i = next;
    }
  }
  return out;
}

std::string NormalizePercentEncoding(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c == '%') {
      int hi = i + 2 < s.size() ? HexValue(s[i + 1]) : -1;
      int lo = hi >= 0 ? HexValue(s[i + 2]) : -1;
      if (lo < 0) {
        out += "%25";
        continue;
      }
      auto v = static_cast<unsigned char>(hi * 16 + lo);
      if (IsUnreserved(v)) {
        out.push_back(static_cast<char>(v));
      } else {
        AppendEscape(v, &out);
      }
      i += 2;
    } else if (MustEncode(c)) {
      AppendEscape(c, &out);
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return out;
}

namespace {

// RFC 3986 section 5.2.2: the target of `ref` against the absolute `base`.
Url Resolve(const Url& base, const Url& ref) {
  Url t;
  if (!ref.scheme.empty()) {
    t = ref;
    t.path = RemoveDotSegments(ref.path);
  } else {
    if (ref.has_authority) {
      t = ref;
      t.path = RemoveDotSegments(ref.path);
    } else {
      t.has_authority = base.has_authority;
      t.userinfo = base.userinfo;
      t.host = base.host;
      t.port = base.port;
      if (ref.path.empty()) {
        t.path = base.path;
        t.has_query = ref.has_query || base.has_query;
        t.query = ref.has_query ? ref.query : base.query;
      } else {
        t.path = RemoveDotSegments(ref.path[0] == '/' ? ref.path : MergePaths(base, ref.path));
        t.has_query = ref.has_query;
        t.query = ref.query;
      }
    }
    t.scheme = base.scheme;
  }
  t.has_fragment = ref.has_fragment;
  t.fragment = ref.fragment;
  return t;
}

}  // namespace

Result<std::string> ResolveReference(std::string_view base_text, std::string_view reference) {
  Result<Url> base = ParseUrl(base_text);
  if (!base.ok()) return base.status();
  if (base->scheme.empty()) return Status::InvalidArgument("base URL is not absolute");
  if (StripUrlWhitespace(reference).empty()) {
    Url t = *base;
    t.has_fragment = false;
    t.fragment.clear();
    return t.ToString();
  }
  Result<Url> ref = ParseUrl(reference);
  if (!ref.ok()) return ref.status();
  return Resolve(*base, *ref).ToString();
}

Result<std::string> CanonicalizeUrl(std::string_view text, const CanonicalizeOptions& options) {
  Result<Url> parsed = ParseUrl(text);
  if (!parsed.ok()) return parsed.status();
  Url url = std::move(*parsed);
  if (url.scheme.empty()) return Status::InvalidArgument("relative URL: " + std::string(text));
  bool web = url.scheme == "http" || url.scheme == "https";
  if (web && (!url.has_authority || url.host.empty())) {
    return Status::InvalidArgument("URL without host: " + std::string(text));
  }
  for (char c : url.host) {
    auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || (u < 0x80 && MustEncode(u))) {
      return Status::InvalidArgument("invalid character in host: " + std::string(text));
    }
  }
  url.host = AsciiLower(url.host);
  if (!url.port.empty()) {
    size_t nz = url.port.find_first_not_of('0');
    url.port = nz == std::string::npos ? "0" : url.port.substr(nz);
    if (url.port.size() > 5 || std::atol(url.port.c_str()) > 65535) {
      return Status::InvalidArgument("port out of range in URL: " + std::string(text));
    }
    if (url.port == DefaultPort(url.scheme)) url.port.clear();
  }
  url.path = NormalizePercentEncoding(url.path);
  if (url.has_authority || (!url.path.empty() && url.path[0] == '/')) {
    url.path = RemoveDotSegments(url.path);
  }
  if (web && url.path.empty()) url.path = "/";
  if (url.has_query) {
    std::string query = NormalizePercentEncoding(url.query);
    std::vector<std::string_view> params;
    std::string_view rest(query);
    while (true) {
      size_t amp = rest.find('&');
      std::string_view param = rest.substr(0, amp);
      if (!param.empty() && !(options.strip_tracking && IsTrackingParameter(param))) params.push_back(param);
      if (amp == std::string_view::npos) break;
      rest.remove_prefix(amp + 1);
    }
    if (options.sort_query) {
      std::stable_sort(params.begin(), params.end(), [](std::string_view a, std::string_view b) {
        return a.substr(0, a.find('=')) < b.substr(0, b.find('='));
      });
    }
    std::string joined;
    for (size_t i = 0; i < params.size(); ++i) {
      if (i > 0) joined.push_back('&');
      joined.append(params[i]);
    }
    url.query = std::move(joined);
    url.has_query = !url.query.empty();
  }
  url.has_fragment = false;
  url.fragment.clear();
  return url.ToString();
}

std::string ResolveUrl(std::string_view base, std::string_view ref) {
  Result<Url> r = ParseUrl(ref);
  if (!r.ok()) return "";
  if (r->scheme == "javascript" || r->scheme == "data" || r->scheme == "mailto") return "";
  if (!r->scheme.empty()) {
    r->path = RemoveDotSegments(r->path);
    return r->ToString();
  }
  Result<Url> b = ParseUrl(base);
  if (!b.ok() || b->scheme.empty()) return "";
  Url t = Resolve(*b, *r);
  if (t.has_authority && t.path.empty()) t.path = "/";
  return t.ToString();
}

std::string UrlHost(std::string_view url) {
  Result<Url> u = ParseUrl(url);
  if (!u.ok() || !u->has_authority) return "";
  return AsciiLower(u->host);
}

bool HasScheme(std::string_view s) {
  if (s.empty() || !IsAlpha(s[0])) return false;
  for (size_t i = 1; i < s.size(); ++i) {
    char c = s[i];
    if (c == ':') return true;
    if (!(IsAlpha(c) || IsDigit(c) || c == '+' || c == '-' || c == '.')) return false;
  }
  return false;
}

}  // namespace newsintel
