#include "web/escape.h"

#include <algorithm>

#include "extract/json.h"
#include "extract/normalize.h"

namespace newsintel {
namespace web {

namespace {

// Drops C0 controls but tab and line breaks, DEL and C1 controls.
bool IsDroppedControl(uint32_t cp) {
  return (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || (cp >= 0x7F && cp < 0xA0);
}

bool IsAsciiAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

}  // namespace

void AppendHtml(std::string_view text, std::string* out) {
  out->reserve(out->size() + text.size() + 16);
  size_t pos = 0;
  while (pos < text.size()) {
    auto c = static_cast<unsigned char>(text[pos]);
    if (c < 0x80) {
      ++pos;
      switch (c) {
        case '&': out->append("&amp;"); break;
        case '<': out->append("&lt;"); break;
        case '>': out->append("&gt;"); break;
        case '"': out->append("&quot;"); break;
        case '\'': out->append("&#39;"); break;
        default:
          if (!IsDroppedControl(c)) out->push_back(static_cast<char>(c));
      }
      continue;
    }
    size_t start = pos;
    uint32_t cp = NextCodePoint(text, &pos);
    if (cp == 0xFFFD) {  // invalid bytes (1-3 of them) or U+FFFD itself
      out->append("\xEF\xBF\xBD");
    } else if (!IsDroppedControl(cp)) {
      out->append(text.substr(start, pos - start));
    }
  }
}

std::string EscapeHtml(std::string_view text) {
  std::string out;
  AppendHtml(text, &out);
  return out;
}

std::string SafeHttpUrl(std::string_view url) {
  auto starts_with_ci = [&](std::string_view prefix) {
    if (url.size() <= prefix.size()) return false;
    for (size_t i = 0; i < prefix.size(); ++i) {
      char c = url[i];
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      if (c != prefix[i]) return false;
    }
    return true;
  };
  if (!starts_with_ci("http://") && !starts_with_ci("https://")) return "";
  for (char ch : url) {
    auto c = static_cast<unsigned char>(ch);
    if (c <= 0x20 || c == 0x7F) return "";
  }
  // A host is required: "http:///x" and "https://" alone are not links.
  size_t host = url.find("//") + 2;
  if (host >= url.size() || url[host] == '/' || url[host] == '?' || url[host] == '#') return "";
  return std::string(url);
}

void AppendJsonForScript(std::string_view text, std::string* out) { AppendJsonString(text, out); }

std::string Slug(std::string_view text, size_t max_bytes, std::string_view fallback) {
  std::string folded = FoldKey(text);
  std::string slug;
  bool dash = false;
  for (char c : folded) {
    if (IsAsciiAlnum(c)) {
      if (dash && !slug.empty()) slug.push_back('-');
      dash = false;
      slug.push_back(c);
    } else {
      dash = true;
    }
  }
  if (slug.size() > max_bytes) {
    size_t cut = slug.rfind('-', max_bytes);
    slug.resize(cut != std::string::npos && cut >= max_bytes / 2 ? cut : max_bytes);
    while (!slug.empty() && slug.back() == '-') slug.pop_back();
  }
  if (slug.empty()) slug = std::string(fallback);
  return slug;
}

std::string Shorten(std::string_view text, size_t max_chars) {
  // Copies code point by code point so that invalid UTF-8 becomes U+FFFD and
  // controls are dropped, as in AppendHtml.
  std::string out;
  out.reserve(std::min(text.size(), max_chars * 4) + 3);
  size_t pos = 0, chars = 0, last_space = std::string::npos;
  while (pos < text.size() && chars < max_chars) {
    size_t start = pos;
    uint32_t cp = NextCodePoint(text, &pos);
    if (cp == 0xFFFD) {  // invalid bytes (1-3 of them) or U+FFFD itself
      out.append("\xEF\xBF\xBD");
    } else if (IsDroppedControl(cp)) {
      continue;
    } else {
      if (cp == ' ' || cp == '\n') last_space = out.size();
      out.append(text.substr(start, pos - start));
    }
    ++chars;
  }
  if (pos >= text.size()) return out;
  if (last_space != std::string::npos && last_space * 4 >= out.size() * 3) out.resize(last_space);
  while (!out.empty() && (out.back() == ' ' || out.back() == '\n' || out.back() == ',')) out.pop_back();
  out += "\u2026";
  return out;
}

}  // namespace web
}  // namespace newsintel
