#include "extract/charset.h"

#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>

#include <algorithm>
#include <cstring>
#include <memory>

namespace newsintel {
namespace {

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

std::string LowerTrim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && (IsSpace(s[b]) || s[b] == '"' || s[b] == '\'')) ++b;
  while (e > b && (IsSpace(s[e - 1]) || s[e - 1] == '"' || s[e - 1] == '\'')) --e;
  std::string out;
  out.reserve(e - b);
  for (size_t i = b; i < e; ++i) out.push_back(Lower(s[i]));
  return out;
}

// Length of the valid UTF-8 sequence at s[i], or 0 if it is invalid
// (overlong forms, surrogates and code points over U+10FFFF are invalid).
size_t Utf8SequenceLength(std::string_view s, size_t i) {
  auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) return 1;
  size_t n;
  unsigned char lo = 0x80, hi = 0xBF;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    n = 2;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    n = 3;
    if (b0 == 0xE0) lo = 0xA0;
    if (b0 == 0xED) hi = 0x9F;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    n = 4;
    if (b0 == 0xF0) lo = 0x90;
    if (b0 == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  auto b1 = static_cast<unsigned char>(s[i + 1]);
  if (b1 < lo || b1 > hi) return 0;
  for (size_t k = 2; k < n; ++k) {
    auto b = static_cast<unsigned char>(s[i + k]);
    if (b < 0x80 || b > 0xBF) return 0;
  }
  return n;
}

// Counts valid multi-byte sequences and invalid bytes.
void ScanUtf8(std::string_view s, size_t* multibyte, size_t* invalid) {
  *multibyte = 0;
  *invalid = 0;
  size_t i = 0;
  while (i < s.size()) {
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      ++i;
      continue;
    }
    size_t n = Utf8SequenceLength(s, i);
    if (n == 0) {
      ++*invalid;
      ++i;
    } else {
      ++*multibyte;
      i += n;
    }
  }
}

bool IsUtf8Label(const std::string& canonical) { return canonical == "UTF-8"; }

bool IsUtf16Label(const std::string& canonical) {
  return canonical.compare(0, 6, "UTF-16") == 0 || canonical.compare(0, 6, "UTF-32") == 0;
}

// Single-byte charsets, for which valid multi-byte UTF-8 content is a strong
// sign of a wrong label.
bool IsSingleByte(const std::string& canonical) {
  std::string l = LowerTrim(canonical);
  return l.compare(0, 8, "windows-") == 0 || l.compare(0, 8, "iso-8859") == 0 ||
         l.compare(0, 5, "koi8-") == 0 || l == "macintosh" || l == "ibm866" || l == "us-ascii";
}

// UTF-8 input: copies it, replacing NUL with ' ' and invalid bytes with U+FFFD;
// builds the offset map only if a replacement changed the length.
void CopyUtf8(std::string_view s, uint32_t shift, Utf8Page* page) {
  size_t multibyte, invalid;
  ScanUtf8(s, &multibyte, &invalid);
  page->shift = shift;
  if (invalid == 0) {
    page->utf8.assign(s.data(), s.size());
    std::replace(page->utf8.begin(), page->utf8.end(), '\0', ' ');
    return;
  }
  page->utf8.reserve(s.size() + 2 * invalid);
  page->to_source.reserve(s.size() + 2 * invalid + 1);
  size_t i = 0;
  while (i < s.size()) {
    size_t n = static_cast<unsigned char>(s[i]) < 0x80 ? 1 : Utf8SequenceLength(s, i);
    if (n == 0) {
      page->utf8.append("\xEF\xBF\xBD");
      for (int k = 0; k < 3; ++k) page->to_source.push_back(static_cast<uint32_t>(i + shift));
      ++i;
      continue;
    }
    for (size_t k = 0; k < n; ++k) {
      page->utf8.push_back(s[i + k] == '\0' ? ' ' : s[i + k]);
      page->to_source.push_back(static_cast<uint32_t>(i + k + shift));
    }
    i += n;
  }
  page->to_source.push_back(static_cast<uint32_t>(s.size() + shift));
}

struct ConverterCloser {
  void operator()(UConverter* c) const { ucnv_close(c); }
};
struct DetectorCloser {
  void operator()(UCharsetDetector* d) const { ucsdet_close(d); }
};

void AppendMapped(uint32_t cp, uint32_t source, Utf8Page* page) {
  char buf[4];
  size_t n;
  if (cp == 0) cp = ' ';
  if (cp == 0x1A) cp = 0xFFFD;  // ICU's substitute for unmappable bytes in some tables
  if (cp < 0x80) {
    buf[0] = static_cast<char>(cp);
    n = 1;
  } else if (cp < 0x800) {
    buf[0] = static_cast<char>(0xC0 | (cp >> 6));
    buf[1] = static_cast<char>(0x80 | (cp & 0x3F));
    n = 2;
  } else if (cp < 0x10000) {
    buf[0] = static_cast<char>(0xE0 | (cp >> 12));
    buf[1] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    buf[2] = static_cast<char>(0x80 | (cp & 0x3F));
    n = 3;
  } else {
    buf[0] = static_cast<char>(0xF0 | (cp >> 18));
    buf[1] = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    buf[2] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    buf[3] = static_cast<char>(0x80 | (cp & 0x3F));
    n = 4;
  }
  page->utf8.append(buf, n);
  page->to_source.insert(page->to_source.end(), n, source);
}

// Converts `s` (whose first byte is at `shift` in the page) from `charset`
// to UTF-8 with ICU, keeping the source offset of every output byte.
Status ConvertWithIcu(std::string_view s, uint32_t shift, const std::string& charset, Utf8Page* page) {
  UErrorCode err = U_ZERO_ERROR;
  std::unique_ptr<UConverter, ConverterCloser> conv(ucnv_open(charset.c_str(), &err));
  if (U_FAILURE(err) || conv == nullptr) return Status::InvalidArgument("unknown charset " + charset);
  page->shift = shift;
  page->utf8.reserve(s.size() + s.size() / 2);
  page->to_source.reserve(s.size() + s.size() / 2 + 1);
  constexpr int32_t kChunk = 1 << 14;
  std::vector<UChar> units(kChunk);
  std::vector<int32_t> offsets(kChunk);
  const char* begin = s.data();
  const char* src = begin;
  const char* end = begin + s.size();
  UChar pending_high = 0;
  uint32_t pending_source = 0;
  uint32_t last_source = shift;
  for (;;) {
    UChar* target = units.data();
    const char* call_src = src;
    err = U_ZERO_ERROR;
    ucnv_toUnicode(conv.get(), &target, units.data() + kChunk, &src, end, offsets.data(), true, &err);
    size_t produced = static_cast<size_t>(target - units.data());
    for (size_t k = 0; k < produced; ++k) {
      uint32_t source = offsets[k] < 0 ? last_source
                                        : static_cast<uint32_t>((call_src - begin) + offsets[k]) + shift;
      last_source = source;
      UChar u = units[k];
      if (pending_high != 0) {
        if (u >= 0xDC00 && u <= 0xDFFF) {
          AppendMapped(0x10000 + ((pending_high - 0xD800) << 10) + (u - 0xDC00), pending_source, page);
          pending_high = 0;
          continue;
        }
        AppendMapped(0xFFFD, pending_source, page);
        pending_high = 0;
      }
      if (u >= 0xD800 && u <= 0xDBFF) {
        pending_high = u;
        pending_source = source;
      } else if (u >= 0xDC00 && u <= 0xDFFF) {
        AppendMapped(0xFFFD, source, page);
      } else {
        AppendMapped(u, source, page);
      }
    }
    if (err == U_BUFFER_OVERFLOW_ERROR) continue;
    if (U_FAILURE(err)) return Status::Corruption("cannot convert from " + charset + ": " + u_errorName(err));
    break;
  }
  if (pending_high != 0) AppendMapped(0xFFFD, pending_source, page);
  page->to_source.push_back(static_cast<uint32_t>(s.size()) + shift);
  return Status::OK();
}

// ICU's guess for a page that is not valid UTF-8; "" if it has none.
std::string DetectCharset(std::string_view s) {
  UErrorCode err = U_ZERO_ERROR;
  std::unique_ptr<UCharsetDetector, DetectorCloser> det(ucsdet_open(&err));
  if (U_FAILURE(err)) return "";
  ucsdet_enableInputFilter(det.get(), true);
  size_t n = std::min<size_t>(s.size(), 256 << 10);
  ucsdet_setText(det.get(), s.data(), static_cast<int32_t>(n), &err);
  const UCharsetMatch* match = ucsdet_detect(det.get(), &err);
  if (U_FAILURE(err) || match == nullptr) return "";
  const char* name = ucsdet_getName(match, &err);
  if (U_FAILURE(err) || name == nullptr) return "";
  return CanonicalCharset(name);
}

// Skips an HTML attribute at s[*i] and returns its lower-cased name and raw value.
bool NextAttribute(std::string_view s, size_t* i, std::string* name, std::string* value) {
  size_t p = *i;
  while (p < s.size() && (IsSpace(s[p]) || s[p] == '/')) ++p;
  if (p >= s.size() || s[p] == '>') {
    *i = p;
    return false;
  }
  name->clear();
  value->clear();
  while (p < s.size() && !IsSpace(s[p]) && s[p] != '=' && s[p] != '>' && s[p] != '/') name->push_back(Lower(s[p++]));
  while (p < s.size() && IsSpace(s[p])) ++p;
  if (p < s.size() && s[p] == '=') {
    ++p;
    while (p < s.size() && IsSpace(s[p])) ++p;
    if (p < s.size() && (s[p] == '"' || s[p] == '\'')) {
      char q = s[p++];
      while (p < s.size() && s[p] != q) value->push_back(s[p++]);
      if (p < s.size()) ++p;
    } else {
      while (p < s.size() && !IsSpace(s[p]) && s[p] != '>') value->push_back(s[p++]);
    }
  }
  *i = p;
  return true;
}

// The charset parameter in a Content-Type value ("text/html; charset=utf-8").
std::string CharsetFromContentType(std::string_view content) {
  std::string l = LowerTrim(content);
  size_t p = l.find("charset");
  if (p == std::string::npos) return "";
  p += 7;
  while (p < l.size() && IsSpace(l[p])) ++p;
  if (p >= l.size() || l[p] != '=') return "";
  ++p;
  while (p < l.size() && (IsSpace(l[p]) || l[p] == '"' || l[p] == '\'')) ++p;
  size_t e = p;
  while (e < l.size() && !IsSpace(l[e]) && l[e] != ';' && l[e] != '"' && l[e] != '\'') ++e;
  return l.substr(p, e - p);
}

}  // namespace

bool IsValidUtf8(std::string_view bytes, bool* multibyte) {
  size_t mb, invalid;
  ScanUtf8(bytes, &mb, &invalid);
  if (multibyte != nullptr) *multibyte = mb > 0;
  return invalid == 0;
}

std::string CanonicalCharset(std::string_view label) {
  std::string l = LowerTrim(label);
  if (l.empty()) return "";
  if (l == "utf-8" || l == "utf8" || l == "unicode-1-1-utf-8" || l == "x-unicode20utf8") return "UTF-8";
  // WHATWG: these labels all mean windows-1252 (and friends) on the web.
  static const char* const kRemap[][2] = {
      {"us-ascii", "windows-1252"},   {"ascii", "windows-1252"},       {"iso-8859-1", "windows-1252"},
      {"iso8859-1", "windows-1252"},  {"iso_8859-1", "windows-1252"},  {"latin1", "windows-1252"},
      {"l1", "windows-1252"},         {"cp1252", "windows-1252"},      {"cp819", "windows-1252"},
      {"ibm819", "windows-1252"},     {"x-cp1252", "windows-1252"},    {"iso-8859-9", "windows-1254"},
      {"latin5", "windows-1254"},     {"iso-8859-11", "windows-874"},  {"tis-620", "windows-874"},
      {"gb2312", "GBK"},              {"x-gbk", "GBK"},                {"big5-hkscs", "Big5-HKSCS"},
      {"x-sjis", "Shift_JIS"},        {"sjis", "Shift_JIS"},           {"ks_c_5601-1987", "EUC-KR"},
  };
  for (const auto& r : kRemap) {
    if (l == r[0]) return r[1];
  }
  UErrorCode err = U_ZERO_ERROR;
  const char* name = ucnv_getStandardName(l.c_str(), "IANA", &err);
  if (U_FAILURE(err) || name == nullptr) {
    err = U_ZERO_ERROR;
    name = ucnv_getStandardName(l.c_str(), "MIME", &err);
  }
  if (U_SUCCESS(err) && name != nullptr) {
    std::string n = name;
    std::string nl = LowerTrim(n);
    if (nl == "iso-8859-1" || nl == "us-ascii") return "windows-1252";
    if (nl == "utf-8") return "UTF-8";
    return n;
  }
  // Known to ICU under a non-standard alias only?
  err = U_ZERO_ERROR;
  std::unique_ptr<UConverter, ConverterCloser> conv(ucnv_open(l.c_str(), &err));
  if (U_SUCCESS(err) && conv != nullptr) return l;
  return "";
}

std::string SniffMetaCharset(std::string_view bytes, size_t limit) {
  std::string_view s = bytes.substr(0, std::min(limit, bytes.size()));
  // <?xml version="1.0" encoding="..."?> at the very start (XHTML).
  if (s.compare(0, 5, "<?xml") == 0) {
    size_t end = s.find("?>");
    size_t enc = s.substr(0, end).find("encoding");
    if (enc != std::string_view::npos) {
      size_t q = s.find_first_of("\"'", enc);
      if (q != std::string_view::npos && q < end) {
        size_t q2 = s.find(s[q], q + 1);
        if (q2 != std::string_view::npos && q2 < end) return LowerTrim(s.substr(q + 1, q2 - q - 1));
      }
    }
  }
  size_t i = 0;
  std::string name, value;
  while (i + 5 < s.size()) {
    size_t lt = s.find('<', i);
    if (lt == std::string_view::npos || lt + 5 >= s.size()) break;
    if (s.compare(lt, 4, "<!--") == 0) {
      size_t end = s.find("-->", lt + 4);
      if (end == std::string_view::npos) break;
      i = end + 3;
      continue;
    }
    bool is_meta = Lower(s[lt + 1]) == 'm' && Lower(s[lt + 2]) == 'e' && Lower(s[lt + 3]) == 't' &&
                   Lower(s[lt + 4]) == 'a' && (IsSpace(s[lt + 5]) || s[lt + 5] == '/');
    if (!is_meta) {
      i = lt + 1;
      continue;
    }
    size_t p = lt + 5;
    bool http_equiv_content_type = false;
    std::string charset, content;
    while (NextAttribute(s, &p, &name, &value)) {
      if (name == "charset" && charset.empty()) charset = LowerTrim(value);
      if (name == "http-equiv" && LowerTrim(value) == "content-type") http_equiv_content_type = true;
      if (name == "content") content = value;
    }
    if (!charset.empty()) return charset;
    if (http_equiv_content_type) {
      std::string c = CharsetFromContentType(content);
      if (!c.empty()) return c;
    }
    i = p;
  }
  return "";
}

Result<Utf8Page> DecodePage(std::string_view bytes, std::string_view http_charset) {
  if (bytes.size() >= (1ull << 32) - 1) return Status::InvalidArgument("page over 4 GiB");
  Utf8Page page;
  page.source_size = static_cast<uint32_t>(bytes.size());
  // 1. Byte order mark.
  uint32_t bom = 0;
  std::string charset;
  if (bytes.size() >= 3 && std::memcmp(bytes.data(), "\xEF\xBB\xBF", 3) == 0) {
    bom = 3;
    charset = "UTF-8";
  } else if (bytes.size() >= 2 && std::memcmp(bytes.data(), "\xFF\xFE", 2) == 0) {
    bom = 2;
    charset = "UTF-16LE";
  } else if (bytes.size() >= 2 && std::memcmp(bytes.data(), "\xFE\xFF", 2) == 0) {
    bom = 2;
    charset = "UTF-16BE";
  }
  if (!charset.empty()) page.source = "bom";
  std::string_view body = bytes.substr(bom);
  // 2. HTTP header, 3. <meta>. A label ICU does not know is ignored.
  if (charset.empty() && !http_charset.empty()) {
    charset = CanonicalCharset(http_charset);
    if (!charset.empty()) page.source = "http";
  }
  if (charset.empty()) {
    std::string meta = SniffMetaCharset(body);
    if (!meta.empty()) {
      charset = CanonicalCharset(meta);
      // A page cannot declare itself UTF-16 from inside (its ASCII would not be ASCII).
      if (IsUtf16Label(charset)) charset = "UTF-8";
      if (!charset.empty()) page.source = "meta";
    }
  }
  // Correct common mislabellings; detect when nothing was declared.
  if (page.source != "bom") {
    size_t multibyte, invalid;
    ScanUtf8(body, &multibyte, &invalid);
    if (!charset.empty() && IsUtf8Label(charset) && invalid > 0 && multibyte == 0) {
      charset.clear();
    } else if (!charset.empty() && IsSingleByte(charset) && invalid == 0 && multibyte > 0) {
      charset = "UTF-8";
      page.source = "detected";
    }
    if (charset.empty()) {
      page.source = "detected";
      if (invalid == 0) {
        charset = "UTF-8";
      } else {
        charset = DetectCharset(body);
        if (charset.empty() || IsUtf8Label(charset)) charset = "windows-1252";
      }
    }
  }
  page.charset = charset;
  if (IsUtf8Label(charset)) {
    CopyUtf8(body, bom, &page);
    return page;
  }
  Status st = ConvertWithIcu(body, bom, charset, &page);
  if (!st.ok()) {
    // Unknown to ICU after all: fall back to windows-1252, which maps every byte.
    page.utf8.clear();
    page.to_source.clear();
    page.charset = "windows-1252";
    page.source = "default";
    st = ConvertWithIcu(body, bom, page.charset, &page);
    if (!st.ok()) return st;
  }
  return page;
}

}  // namespace newsintel
