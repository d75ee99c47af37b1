#include "extract/json.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "extract/normalize.h"

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

// What AppendJsonString must give, one code point at a time: well-formed
// UTF-8 as is (U+2028 and U+2029 escaped), each ill-formed subsequence as
// U+FFFD, ASCII as in EscapesStrings.
std::string ReferenceJsonString(std::string_view s) {
  std::string out = "\"";
  size_t pos = 0;
  while (pos < s.size()) {
    auto c = static_cast<unsigned char>(s[pos]);
    if (c < 0x80) {
      ++pos;
      std::string one;
      AppendJsonString(std::string(1, static_cast<char>(c)), &one);
      out += one.substr(1, one.size() - 2);
      continue;
    }
    size_t start = pos;
    uint32_t cp = NextCodePoint(s, &pos);
    if (cp == 0x2028) out += "\\u2028";
    else if (cp == 0x2029) out += "\\u2029";
    else if (cp == 0xFFFD) out += "\xEF\xBF\xBD";
    else out += s.substr(start, pos - start);
  }
  return out + "\"";
}

TEST(JsonTest, SameAsCodePointByCodePointOnRandomBytes) {
  const std::vector<std::string> pieces = {
      "a", " ", "\"", "<", "\n", "\x01", "\xC3\xA9", "\xE2\x80\xA8", "\xE2\x80\xA9", "\xE2\x80\xAF",
      "\xF0\x9F\x98\x80", "\xEF\xBF\xBD", "\xED\xA0\x80", "\xC0\x80", "\xE0\x80\x80", "\xF4\x90\x80\x80",
      "\xF5", "\xFF", "\x80", "\xC3", "\xE2\x80", "\xF0\x9F\x98"};
  std::mt19937 rng(7);
  for (int round = 0; round < 20000; ++round) {
    std::string s;
    int n = static_cast<int>(rng() % 12);
    for (int i = 0; i < n; ++i) s += pieces[rng() % pieces.size()];
    std::string out;
    AppendJsonString(s, &out);
    ASSERT_EQ(out, ReferenceJsonString(s)) << s;
    // Long strings take the other path.
    std::string long_s = std::string(70, 'x') + s;
    out.clear();
    AppendJsonString(long_s, &out);
    ASSERT_EQ(out, ReferenceJsonString(long_s)) << s;
  }
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
