#include "extract/json.h"

#include <gtest/gtest.h>

namespace newsintel {
namespace {

TEST(JsonTest, EscapesStrings) {
  std::string out;
  AppendJsonString("a\"b\\c\n<script>\x01", &out);
  EXPECT_EQ(out, "\"a\\\"b\\\\c\\n\\u003cscript\\u003e\\u0001\"");
}

TEST(JsonTest, ReplacesInvalidUtf8) {
  std::string out;
  AppendJsonString("a\xFF" "b", &out);
  EXPECT_EQ(out, "\"a\xEF\xBF\xBD" "b\"");
}

// The bug fuzz/escape_fuzzer found in web escaping was here too: a 4-byte
// sequence cut after 3 bytes was taken for U+FFFD and copied raw.
TEST(JsonTest, TruncatedSequenceOfThreeBytesBecomesReplacementCharacter) {
  std::string out;
  AppendJsonString("a\xF2\x80\xA8" "b \xEF\xBF\xBD \x7F", &out);
  EXPECT_EQ(out, "\"a\uFFFD" "b \uFFFD \\u007f\"");
}

TEST(JsonTest, Numbers) {
  std::string out;
  AppendJsonNumber(2780000, &out);
  out += ' ';
  AppendJsonNumber(5.6, &out);
  out += ' ';
  AppendJsonNumber(1e12, &out);
  EXPECT_EQ(out, "2780000 5.6 1000000000000");
}

TEST(JsonTest, WriterInsertsCommas) {
  std::string out;
  JsonWriter w(&out);
  w.BeginObject();
  w.Key("a"); w.Int(1);
  w.Key("b"); w.BeginArray(); w.String("x"); w.Null(); w.EndArray();
  w.Key("c"); w.StringOrNull("");
  w.EndObject();
  EXPECT_EQ(out, "{\"a\":1,\"b\":[\"x\",null],\"c\":null}");
}

}  // namespace
}  // namespace newsintel
