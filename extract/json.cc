#include "extract/json.h"

#include <charconv>
#include <cmath>
#include <cstdio>

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

}  // namespace

void AppendJsonString(std::string_view s, std::string* out) {
  // Short printable ASCII strings (keys, names): one append.
  if (s.size() <= 64) {
    size_t i = 0;
    while (i < s.size() && kPlain.plain[static_cast<unsigned char>(s[i])]) ++i;
    if (i == s.size()) {
      char buf[66];
      buf[0] = '"';
      s.copy(buf + 1, s.size());
      buf[s.size() + 1] = '"';
      out->append(buf, s.size() + 2);
      return;
    }
  }
  out->push_back('"');
  size_t pos = 0;
  const auto* bytes = reinterpret_cast<const unsigned char*>(s.data());
  while (pos < s.size()) {
    // Printable ASCII and well-formed UTF-8 are copied in runs, except
    // U+2028 and U+2029 (E2 80 A8/A9), which JavaScript takes for line ends.
    size_t run = pos;
    for (;;) {
      while (run < s.size() && kPlain.plain[bytes[run]]) ++run;
      if (run == s.size() || bytes[run] < 0x80) break;
      size_t next = run;
      uint32_t cp = NextCodePoint(s, &next);
      bool invalid = cp == 0xFFFD && !(next - run == 3 && bytes[run] == 0xEF);  // else U+FFFD itself
      if (invalid || cp == 0x2028 || cp == 0x2029) break;
      run = next;
    }
    if (run > pos) {
      out->append(s.data() + pos, run - pos);
      pos = run;
      if (pos == s.size()) break;
    }
    auto c = static_cast<unsigned char>(s[pos]);
    if (c >= 0x80) {  // what stopped the run: ill-formed bytes (1 to 3), U+2028 or U+2029
      uint32_t cp = NextCodePoint(s, &pos);
      out->append(cp == 0x2028 ? "\\u2028" : cp == 0x2029 ? "\\u2029" : "\xEF\xBF\xBD");
      continue;
    }
    ++pos;
    switch (c) {
      case '"': out->append("\\\""); break;
      case '\\': out->append("\\\\"); break;
      case '\n': out->append("\\n"); break;
      case '\r': out->append("\\r"); break;
      case '\t': out->append("\\t"); break;
      case '<': out->append("\\u003c"); break;
      case '>': out->append("\\u003e"); break;
      case '&': out->append("\\u0026"); break;
      default: {
        char buf[8];
        std::snprintf(buf, sizeof(buf), "\\u%04x", c);
        out->append(buf);
      }
    }
  }
  out->push_back('"');
}

void AppendJsonNumber(double v, std::string* out) {
  if (!std::isfinite(v)) {
    out->append("null");
    return;
  }
  char buf[64];
  if (v == std::floor(v) && std::fabs(v) < 9.007199254740992e15) {
    std::snprintf(buf, sizeof(buf), "%.0f", v);
  } else {
    std::snprintf(buf, sizeof(buf), "%.17g", v);
    // Prefer the shortest form that reads back to the same double.
    for (int precision = 1; precision < 17; ++precision) {
      char shorter[64];
      std::snprintf(shorter, sizeof(shorter), "%.*g", precision, v);
      if (std::strtod(shorter, nullptr) == v) {
        std::snprintf(buf, sizeof(buf), "%s", shorter);
        break;
      }
    }
  }
  out->append(buf);
}

void JsonWriter::BeginObject() { Separate(); out_->push_back('{'); first_.push_back(0); }
void JsonWriter::EndObject() { out_->push_back('}'); first_.pop_back(); }
void JsonWriter::BeginArray() { Separate(); out_->push_back('['); first_.push_back(0); }
void JsonWriter::EndArray() { out_->push_back(']'); first_.pop_back(); }
void JsonWriter::Key(std::string_view key) {
  Separate();
  after_key_ = true;
  // Keys are short printable words: '"key":' in one append.
  if (key.size() <= 60) {
    char buf[64];
    size_t n = 0;
    buf[n++] = '"';
    for (char c : key) {
      if (!kPlain.plain[static_cast<unsigned char>(c)]) {
        n = 0;
        break;
      }
      buf[n++] = c;
    }
    if (n > 0) {
      buf[n++] = '"';
      buf[n++] = ':';
      out_->append(buf, n);
      return;
    }
  }
  AppendJsonString(key, out_);
  out_->push_back(':');
}
void JsonWriter::String(std::string_view s) { Separate(); AppendJsonString(s, out_); }
void JsonWriter::StringOrNull(std::string_view s) {
  if (s.empty()) Null(); else String(s);
}
void JsonWriter::Number(double v) { Separate(); AppendJsonNumber(v, out_); }
void JsonWriter::Int(int64_t v) {
  Separate();
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof(buf), v);
  out_->append(buf, static_cast<size_t>(r.ptr - buf));
}
void JsonWriter::Bool(bool b) { Separate(); out_->append(b ? "true" : "false"); }
void JsonWriter::Null() { Separate(); out_->append("null"); }

}  // namespace newsintel
