// Minimal JSON writing: string escaping and numbers that round-trip.
//
//   std::string out;
//   JsonWriter w(&out);
//   w.BeginObject(); w.Key("value"); w.Number(2780000); w.Key("unit"); w.String("gpu_hour"); w.EndObject();
#ifndef NEWSINTEL_EXTRACT_JSON_H_
#define NEWSINTEL_EXTRACT_JSON_H_

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace newsintel {

// Appends `s` as a JSON string literal (with quotes). Invalid UTF-8 is
// replaced by U+FFFD; "<", ">" and "&" are escaped as \u003c... so that the
// output is also safe inside an HTML <script> element.
void AppendJsonString(std::string_view s, std::string* out);

// Appends a number: integers without a fraction, others with up to 17
// significant digits; NaN and infinities as null.
void AppendJsonNumber(double v, std::string* out);

// Streams JSON values into a string, inserting commas. It writes into the
// string's buffer directly: while an object or array is open, *out may hold
// unspecified bytes after the JSON written so far; it holds exactly what was
// written once the outermost value is complete (or the writer is destroyed).
// Not thread-safe; does not own `out`.
//
// REQUIRES: *out is not changed by others while an object or array is open.
class JsonWriter {
 public:
  explicit JsonWriter(std::string* out) : out_(out) {}
  JsonWriter(const JsonWriter&) = delete;
  JsonWriter& operator=(const JsonWriter&) = delete;
  ~JsonWriter();

  void BeginObject();
  void EndObject();
  void BeginArray();
  void EndArray();
  void Key(std::string_view key) {
    // Keys are mostly literals: the check folds away when this is inlined.
    if (key.size() <= 32 && IsPlain(key)) {
      PlainKey(key);
    } else {
      EscapedKey(key);
    }
  }
  void String(std::string_view s);
  // Writes null when `s` is empty.
  void StringOrNull(std::string_view s);
  void Number(double v);
  void Int(int64_t v);
  void Bool(bool b);
  void Null();

 private:
  // True if `s` is printable ASCII without " \ < > & (copied as it is).
  static constexpr bool IsPlain(std::string_view s) {
    for (char c : s) {
      if (c < 0x20 || c > 0x7E || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&') return false;
    }
    return true;
  }
  // REQUIRES: IsPlain(key).
  void PlainKey(std::string_view key) {
    Separate();
    after_key_ = true;
    Room(key.size() + 3);
    char* p = cur_;
    *p++ = '"';
    std::memcpy(p, key.data(), key.size());
    p += key.size();
    *p++ = '"';
    *p++ = ':';
    cur_ = p;
  }
  void EscapedKey(std::string_view key);
  // Starts a value: at the top level, takes the end of *out as the cursor;
  // inside a container, writes the comma if one is due.
  void Separate() {
    if (cur_ == nullptr) Open();
    if (after_key_) {
      after_key_ = false;
    } else if (!first_.empty()) {
      if (first_.back()) Put(',');
      first_.back() = 1;
    }
  }
  void Open();
  // A container's opening bracket, and its closing one.
  void Begin(char bracket);
  void End(char bracket);
  // Ends a value: at the top level, cuts *out at the cursor.
  void Finish() {
    if (first_.empty()) Trim();
  }
  void Trim();
  // Makes room for `n` bytes at the cursor.
  void Room(size_t n) {
    if (static_cast<size_t>(limit_ - cur_) < n) Grow(n);
  }
  void Grow(size_t n);
  void Put(char c) {
    Room(1);
    *cur_++ = c;
  }
  void Put(const char* bytes, size_t n);
  void PutString(std::string_view s);

  std::string* out_;
  char* cur_ = nullptr;    // where the next byte goes, in *out_'s buffer
  char* limit_ = nullptr;  // end of *out_'s buffer
  std::vector<char> first_;  // per open container: 1 once an element is written
  bool after_key_ = false;
};

}  // namespace newsintel

#endif  // NEWSINTEL_EXTRACT_JSON_H_
