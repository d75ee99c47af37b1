// Character sets of web pages: which one a page uses, and its UTF-8 form with a
// map from every UTF-8 byte back to the page's own bytes.
//
//   Result<Utf8Page> page = DecodePage(raw_bytes, "iso-8859-1");
//   if (page.ok()) Parse(page->utf8);  // page->SourceOffset(i) is in raw_bytes
//
// Order of evidence (as browsers do): byte order mark, the HTTP charset, a
// <meta charset> or <meta http-equiv=Content-Type> in the first 8 KiB, then
// detection (valid UTF-8 is UTF-8; otherwise ICU's detector). Two common
// mislabellings are corrected: a page labelled UTF-8 whose bytes hold no
// valid multi-byte sequence but do hold invalid ones is detected instead, and
// a page labelled with a single-byte charset whose bytes are valid UTF-8 with
// multi-byte sequences is read as UTF-8. Labels follow the WHATWG Encoding
// Standard where it differs from ICU (iso-8859-1, us-ascii -> windows-1252).
#ifndef NEWSINTEL_EXTRACT_CHARSET_H_
#define NEWSINTEL_EXTRACT_CHARSET_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "extract/status.h"

namespace newsintel {

// A page converted to UTF-8. Invalid input becomes U+FFFD and NUL bytes become
// spaces, so `utf8` is always valid UTF-8 without NUL. Plain value.
struct Utf8Page {
  std::string utf8;
  // The charset that was used to decode ("UTF-8", "windows-1252", ...).
  std::string charset;
  // Where the charset came from: "bom", "http", "meta", "detected", "default".
  std::string source;
  // Empty when utf8[i] is input[i + shift] for every i (the common case of a
  // valid UTF-8 page); otherwise one entry per byte of utf8 plus one end entry.
  std::vector<uint32_t> to_source;
  uint32_t shift = 0;
  uint32_t source_size = 0;

  // The offset in the original bytes of UTF-8 byte `pos` (pos <= utf8.size()).
  uint32_t SourceOffset(size_t pos) const {
    return to_source.empty() ? static_cast<uint32_t>(pos) + shift : to_source[pos];
  }
};

// Decodes `bytes` to UTF-8. `http_charset` is the charset parameter of the
// Content-Type header ("" if none). Fails only for unusable input (over 4 GiB).
Result<Utf8Page> DecodePage(std::string_view bytes, std::string_view http_charset);

// The charset named by a <meta> element among the first `limit` bytes, as a
// lower-case label, or "" when there is none.
std::string SniffMetaCharset(std::string_view bytes, size_t limit = 8192);

// The canonical name for a charset label ("latin1" -> "windows-1252",
// "utf8" -> "UTF-8"), or "" when ICU does not know the label.
std::string CanonicalCharset(std::string_view label);

// True if `bytes` is valid UTF-8. *multibyte is set to whether it holds any
// multi-byte sequence (may be null).
bool IsValidUtf8(std::string_view bytes, bool* multibyte);

}  // namespace newsintel

#endif  // NEWSINTEL_EXTRACT_CHARSET_H_
