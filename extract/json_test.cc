#include "extract/json.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
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

// The plain definition of AppendJsonString, one code point at a time, with
// no fast path.
std::string PlainJsonString(std::string_view s) {
  std::string out = "\"";
  size_t pos = 0;
  while (pos < s.size()) {
    size_t start = pos;
    uint32_t cp = NextCodePoint(s, &pos);
    char buf[8];
    if (cp == '"') out += "\\\"";
    else if (cp == '\\') out += "\\\\";
    else if (cp == '\n') out += "\\n";
    else if (cp == '\r') out += "\\r";
    else if (cp == '\t') out += "\\t";
    else if (cp < 0x20 || cp == 0x7F || cp == '<' || cp == '>' || cp == '&' || cp == 0x2028 || cp == 0x2029) {
      std::snprintf(buf, sizeof(buf), "\\u%04x", cp);
      out += buf;
    } else if (cp == 0xFFFD) {
      out += "\xEF\xBF\xBD";
    } else {
      out += s.substr(start, pos - start);
    }
  }
  return out + "\"";
}

TEST(JsonTest, SameAsPlainDefinitionOnAllStringsOfTwoBytes) {
  for (int a = 0; a < 256; ++a) {
    for (int b = 0; b < 256; ++b) {
      const std::string s = {static_cast<char>(a), static_cast<char>(b)};
      // Short, and at the end of a long ASCII run (the 16-byte blocks).
      for (const std::string& t : {s, std::string(15, 'x') + s, std::string(17, 'x') + s + "yz"}) {
        std::string out = "[";
        AppendJsonString(t, &out);
        ASSERT_EQ(out, "[" + PlainJsonString(t)) << a << " " << b;
      }
    }
  }
}

TEST(JsonTest, SameAsPlainDefinitionOnAllThreeByteSequences) {
  for (int a = 0xE0; a < 0x100; ++a) {
    for (int b = 0x70; b < 0x100; ++b) {
      for (int c = 0; c < 0x100; ++c) {
        const std::string s = {'a', static_cast<char>(a), static_cast<char>(b), static_cast<char>(c), 'b'};
        std::string out;
        AppendJsonString(s, &out);
        ASSERT_EQ(out, PlainJsonString(s)) << a << " " << b << " " << c;
        const std::string cut = s.substr(0, 4);
        out.clear();
        AppendJsonString(cut, &out);
        ASSERT_EQ(out, PlainJsonString(cut)) << a << " " << b << " " << c;
      }
    }
  }
}

TEST(JsonTest, SameAsPlainDefinitionOnLongRandomStrings) {
  const std::vector<std::string> pieces = {
      "a", " ", "e", "\"", "\\", "<", ">", "&", "\n", "\r", "\t", "\x01", "\x1F", "\x7F", "~", "\xC3\xA9",
      "\xC2\xA0", "\xE2\x80\xA8", "\xE2\x80\xA9", "\xE2\x80\xAF", "\xE2\x82\xAC", "\xF0\x9F\x98\x80",
      "\xEF\xBF\xBD", "\xEF\xBF\xBF", "\xED\xA0\x80", "\xED\x9F\xBF", "\xC0\x80", "\xC1\xBF", "\xE0\x80\x80",
      "\xE0\xA0\x80", "\xF4\x90\x80\x80", "\xF4\x8F\xBF\xBF", "\xF5", "\xFF", "\x80", "\xC3", "\xE2\x80",
      "\xF0\x9F\x98", "le texte ordinaire, ", "0123456789abcdef"};
  std::mt19937 rng(11);
  for (int round = 0; round < 20000; ++round) {
    std::string s;
    int n = static_cast<int>(rng() % 40);
    for (int i = 0; i < n; ++i) {
      // Mostly plain text, as in articles.
      s += rng() % 3 == 0 ? pieces[rng() % pieces.size()] : pieces[rng() % 3];
    }
    std::string out = "x";
    AppendJsonString(s, &out);
    ASSERT_EQ(out, "x" + PlainJsonString(s)) << s;
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

// Integers take a fast path: the same as "%.0f".
TEST(JsonTest, IntegralNumbersAsPrintf) {
  std::mt19937_64 rng(5);
  std::vector<double> values = {0.0, -0.0, 1.0, -1.0, 9007199254740991.0, -9007199254740991.0,
                                9007199254740992.0, 1e15, -1e15, 123456789012345.0};
  for (int i = 0; i < 20000; ++i) {
    int64_t v = static_cast<int64_t>(rng() >> (rng() % 64));
    values.push_back(static_cast<double>(v % 9007199254740992LL) * (i % 2 ? -1 : 1));
  }
  for (double v : values) {
    std::string out;
    AppendJsonNumber(v, &out);
    char buf[64];
    if (std::fabs(v) < 9.007199254740992e15) {
      std::snprintf(buf, sizeof(buf), "%.0f", v);
    } else {
      std::snprintf(buf, sizeof(buf), "%.17g", v);
      for (int precision = 1; precision < 17; ++precision) {
        char shorter[64];
        std::snprintf(shorter, sizeof(shorter), "%.*g", precision, v);
        if (std::strtod(shorter, nullptr) == v) {
          std::snprintf(buf, sizeof(buf), "%s", shorter);
          break;
        }
      }
    }
    ASSERT_EQ(out, buf) << v;
  }
  std::string out;
  AppendJsonNumber(0.5, &out);
  out += ' ';
  AppendJsonNumber(std::nan(""), &out);
  EXPECT_EQ(out, "0.5 null");
}

// JsonWriter writes into the string's buffer: the same text as plain
// appends, on random documents with long strings (growth), escaped keys and
// several top-level values with the string changed in between.
TEST(JsonTest, WriterSameAsPlainAppends) {
  const std::vector<std::string> strings = {
      "", "a", "name", "\xC3\xA9t\xC3\xA9", "x\"y", "<b>", "\xE2\x80\xA8", "\xFF", std::string(15, 'k'),
      std::string(16, 'k'), std::string(17, 'k') + "\n", std::string(3000, 'z') + "&" + std::string(2000, 'q'),
      "le texte \xC3\xA0 copier, avec \"citations\""};
  std::mt19937 rng(9);
  for (int round = 0; round < 3000; ++round) {
    std::string out = round % 3 == 0 ? "prefix " : "";
    std::string expected = out;
    {
      JsonWriter w(&out);
      int values = 1 + static_cast<int>(rng() % 3);
      for (int v = 0; v < values; ++v) {
        w.BeginObject();
        expected += "{";
        int fields = static_cast<int>(rng() % 12);
        for (int f = 0; f < fields; ++f) {
          if (f > 0) expected += ",";
          const std::string& key = strings[rng() % strings.size()];
          w.Key(key);
          expected += PlainJsonString(key) + ":";
          switch (rng() % 5) {
            case 0: {
              const std::string& value = strings[rng() % strings.size()];
              w.String(value);
              expected += PlainJsonString(value);
              break;
            }
            case 1: {
              int64_t i = static_cast<int64_t>(rng()) - (1LL << 31);
              w.Int(i);
              expected += std::to_string(i);
              break;
            }
            case 2:
              w.StringOrNull("");
              expected += "null";
              break;
            case 3: {
              w.BeginArray();
              expected += "[";
              int n = static_cast<int>(rng() % 4);
              for (int i = 0; i < n; ++i) {
                const std::string& value = strings[rng() % strings.size()];
                w.String(value);
                expected += (i > 0 ? "," : "") + PlainJsonString(value);
              }
              w.EndArray();
              expected += "]";
              break;
            }
            default:
              w.Bool(true);
              expected += "true";
          }
        }
        w.EndObject();
        expected += "}";
        ASSERT_EQ(out, expected);
        out += "\n";
        expected += "\n";
      }
      // Destroyed with a container open: the string ends where writing did.
      if (round % 2 == 0) {
        w.BeginArray();
        w.String("open");
        expected += "[\"open\"";
      }
    }
    ASSERT_EQ(out, expected);
  }
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
