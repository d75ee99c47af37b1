// Minimal JSON writing: string escaping and numbers that round-trip.
//
//   std::string out;
//   JsonWriter w(&out);
//   w.BeginObject(); w.Key("value"); w.Number(2780000); w.Key("unit"); w.String("gpu_hour"); w.EndObject();
#ifndef NEWSINTEL_EXTRACT_JSON_H_
#define NEWSINTEL_EXTRACT_JSON_H_

#include <cstdint>
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

// Streams one JSON value into a string, inserting commas. Not thread-safe;
// does not own `out`.
class JsonWriter {
 public:
  explicit JsonWriter(std::string* out) : out_(out) {}
  void BeginObject();
  void EndObject();
  void BeginArray();
  void EndArray();
  void Key(std::string_view key);
  void String(std::string_view s);
  // Writes null when `s` is empty.
  void StringOrNull(std::string_view s);
  void Number(double v);
  void Int(int64_t v);
  void Bool(bool b);
  void Null();

 private:
  void Separate() {
    if (after_key_) {
      after_key_ = false;
    } else if (!first_.empty()) {
      if (first_.back()) out_->push_back(',');
      first_.back() = 1;
    }
  }
  std::string* out_;
  std::vector<char> first_;  // per open container: 1 once an element is written
  bool after_key_ = false;
};

}  // namespace newsintel

#endif  // NEWSINTEL_EXTRACT_JSON_H_
