#include "extract/json.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>


#include "extract/byte_masks.h"
#include "extract/normalize.h"

namespace newsintel {

namespace {

// Bytes copied as they are: printable ASCII but " \ < > &.
struct PlainTable {
  bool plain[256] = {};
  PlainTable() {
    for (int c = 0x20; c < 0x7F; ++c) plain[c] = true;
    for (char c : {'"', '\\', '<', '>', '&'}) plain[static_cast<unsigned char>(c)] = false;
  }
};
const PlainTable kPlain;

// The escape of each ASCII byte that is not plain.
struct EscapeTable {
  struct Entry {
    char bytes[7];  // copied whole; the first `size` count
    unsigned char size;
  };
  Entry escape[128] = {};
  EscapeTable() {
    static const char kHex[] = "0123456789abcdef";
    for (int c = 0; c < 128; ++c) {
      Entry& e = escape[c];
      const char* special = nullptr;
      switch (c) {
        case '"': special = "\\\""; break;
        case '\\': special = "\\\\"; break;
        case '\n': special = "\\n"; break;
        case '\r': special = "\\r"; break;
        case '\t': special = "\\t"; break;
        default: break;
      }
      if (special != nullptr) {
        e.bytes[0] = special[0];
        e.bytes[1] = special[1];
        e.size = 2;
      } else {
        const char u[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 15]};
        std::memcpy(e.bytes, u, 6);
        e.size = 6;
      }
    }
  }
};
const EscapeTable kEscape;

#ifdef __SSE2__
// Bit i set when byte i of `v` is not plain.
inline unsigned NotPlainMask(__m128i v) {
  // Signed: bytes >= 0x80 are below 0x20 too.
  __m128i bad = _mm_or_si128(_mm_cmplt_epi8(v, _mm_set1_epi8(0x20)), BytesEqual(v, 0x7F));
  bad = _mm_or_si128(bad, _mm_or_si128(BytesEqual(v, '"'), BytesEqual(v, '\\')));
  bad = _mm_or_si128(bad, _mm_or_si128(BytesEqual(v, '<'), _mm_or_si128(BytesEqual(v, '>'), BytesEqual(v, '&'))));
  return Mask16(bad);
}

// The n < 16 bytes of `s` followed by plain bytes, in one block.
inline __m128i LoadShort(const unsigned char* s, size_t n) {
  alignas(16) unsigned char block[16];
  std::memset(block, 'a', sizeof(block));
  if (n >= 8) {
    std::memcpy(block, s, 8);
    std::memcpy(block + n - 8, s + n - 8, 8);
  } else if (n >= 4) {
    std::memcpy(block, s, 4);
    std::memcpy(block + n - 4, s + n - 4, 4);
  } else if (n > 0) {
    block[0] = s[0];
    block[n / 2] = s[n / 2];
    block[n - 1] = s[n - 1];
  }
  return _mm_load_si128(reinterpret_cast<const __m128i*>(block));
}
#endif

// The end of the run of plain bytes that starts at s[pos].
inline size_t SkipPlain(const unsigned char* s, size_t pos, size_t n) {
#ifdef __SSE2__
  while (pos + 16 <= n) {
    const unsigned mask = NotPlainMask(Load16(s + pos));
    if (mask != 0) return pos + static_cast<size_t>(__builtin_ctz(mask));
    pos += 16;
  }
  if (pos < n && n >= 16) {
    // The last 16 bytes, some seen already.
    const size_t seen = pos - (n - 16);
    const unsigned mask = NotPlainMask(Load16(s + n - 16)) >> seen;
    return mask != 0 ? pos + static_cast<size_t>(__builtin_ctz(mask)) : n;
  }
#endif
  while (pos < n && kPlain.plain[s[pos]]) ++pos;
  return pos;
}

// The end of the well-formed character that starts at s[pos] (a byte >= 0x80)
// if it is copied as it is; `pos` if it is ill-formed, U+2028 or U+2029.
inline size_t SkipCopiedCharacter(std::string_view text, size_t pos) {
  size_t next = pos;
  const uint32_t cp = NextCodePoint(text, &next);
  const bool invalid = cp == 0xFFFD && !(next - pos == 3 && text[pos] == '\xEF');  // else U+FFFD itself
  if (invalid || cp == 0x2028 || cp == 0x2029) return pos;
  return next;
}

}  // namespace

void AppendJsonString(std::string_view s, std::string* out) {
  JsonWriter w(out);
  w.String(s);
}

namespace {

// Formats `v` as AppendJsonNumber does into `buf`; returns the length.
size_t FormatJsonNumber(double v, char (&buf)[64]) {
  if (!std::isfinite(v)) {
    std::memcpy(buf, "null", 4);
    return 4;
  }
  if (v == std::floor(v) && std::fabs(v) < 9.007199254740992e15) {
    // What "%.0f" prints: the integer, "-0" for minus zero.
    if (v == 0 && std::signbit(v)) {
      std::memcpy(buf, "-0", 3);
      return 2;
    }
    char* end = std::to_chars(buf, buf + sizeof(buf) - 1, static_cast<int64_t>(v)).ptr;
    *end = '\0';
    return static_cast<size_t>(end - buf);
  }
  int n = std::snprintf(buf, sizeof(buf), "%.17g", v);
  // Prefer the shortest form that reads back to the same double.
  for (int precision = 1; precision < 17; ++precision) {
    char shorter[64];
    int m = std::snprintf(shorter, sizeof(shorter), "%.*g", precision, v);
    if (std::strtod(shorter, nullptr) == v) {
      std::memcpy(buf, shorter, static_cast<size_t>(m) + 1);
      return static_cast<size_t>(m);
    }
  }
  return static_cast<size_t>(n);
}

}  // namespace

void AppendJsonNumber(double v, std::string* out) {
  char buf[64];
  out->append(buf, FormatJsonNumber(v, buf));
}

JsonWriter::~JsonWriter() {
  if (cur_ != nullptr) Trim();
}

void JsonWriter::Open() {
  cur_ = out_->data() + out_->size();
  limit_ = cur_;
}

void JsonWriter::Trim() {
  out_->resize(static_cast<size_t>(cur_ - out_->data()));
  cur_ = limit_ = nullptr;
}

void JsonWriter::Grow(size_t n) {
  const size_t used = static_cast<size_t>(cur_ - out_->data());
  // In steps of at least 1 KB: resize() fills what it adds (the string
  // reallocates in doubling steps itself).
  out_->resize(used + std::max(n, size_t{1024}));
  cur_ = out_->data() + used;
  limit_ = out_->data() + out_->size();
}

void JsonWriter::Put(const char* bytes, size_t n) {
  Room(n);
  std::memcpy(cur_, bytes, n);
  cur_ += n;
}

void JsonWriter::PutString(std::string_view s) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(s.data());
  const size_t n = s.size();
#ifdef __SSE2__
  if (n < 16) {
    // Short and plain (keys, names): checked and copied as one block.
    const __m128i v = LoadShort(bytes, n);
    if (NotPlainMask(v) == 0) {
      Room(18);
      *cur_++ = '"';
      _mm_storeu_si128(reinterpret_cast<__m128i*>(cur_), v);
      cur_ += n;
      *cur_++ = '"';
      return;
    }
  }
#endif
  // Room for the string as it is; escapes make more when they come.
  Room(n + 2);
  *cur_++ = '"';
  size_t pos = 0;
  while (pos < n) {
    // Printable ASCII and well-formed UTF-8 are copied in runs, except
    // U+2028 and U+2029 (E2 80 A8/A9), which JavaScript takes for line ends.
    size_t run = pos;
    for (;;) {
      run = SkipPlain(bytes, run, n);
      if (run == n || bytes[run] < 0x80) break;
      const size_t next = SkipCopiedCharacter(s, run);
      if (next == run) break;
      run = next;
    }
    if (run > pos) {
      Put(s.data() + pos, run - pos);
      pos = run;
      if (pos == n) break;
    }
    const unsigned char c = bytes[pos];
    Room(sizeof(EscapeTable::Entry::bytes));
    if (c >= 0x80) {  // what stopped the run: ill-formed bytes (1 to 3), U+2028 or U+2029
      const uint32_t cp = NextCodePoint(s, &pos);
      if (cp == 0x2028 || cp == 0x2029) {
        std::memcpy(cur_, cp == 0x2028 ? "\\u2028" : "\\u2029", 6);
        cur_ += 6;
      } else {
        std::memcpy(cur_, "\xEF\xBF\xBD", 3);
        cur_ += 3;
      }
      continue;
    }
    ++pos;
    const EscapeTable::Entry& e = kEscape.escape[c];
    std::memcpy(cur_, e.bytes, sizeof(e.bytes));
    cur_ += e.size;
  }
  Put('"');
}

void JsonWriter::BeginObject() { Begin('{'); }
void JsonWriter::EndObject() { End('}'); }
void JsonWriter::BeginArray() { Begin('['); }
void JsonWriter::EndArray() { End(']'); }

void JsonWriter::Begin(char bracket) {
  Separate();
  Put(bracket);
  first_.push_back(0);
}

void JsonWriter::End(char bracket) {
  Put(bracket);
  first_.pop_back();
  Finish();
}

void JsonWriter::EscapedKey(std::string_view key) {
  Separate();
  after_key_ = true;
  PutString(key);
  Put(':');
}

void JsonWriter::String(std::string_view s) {
  Separate();
  PutString(s);
  Finish();
}

void JsonWriter::StringOrNull(std::string_view s) {
  if (s.empty()) Null(); else String(s);
}

void JsonWriter::Number(double v) {
  Separate();
  char buf[64];
  Put(buf, FormatJsonNumber(v, buf));
  Finish();
}

void JsonWriter::Int(int64_t v) {
  Separate();
  Room(20);
  cur_ = std::to_chars(cur_, cur_ + 20, v).ptr;
  Finish();
}

void JsonWriter::Bool(bool b) {
  Separate();
  if (b) Put("true", 4); else Put("false", 5);
  Finish();
}

void JsonWriter::Null() {
  Separate();
  Put("null", 4);
  Finish();
}

}  // namespace newsintel
