// newsintel recognize through the real binary: the contract of ../shared/eval/README.md.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <fstream>
#include <string>

#include "tests/test_util.h"

namespace newsintel {
namespace {

using testing::RunNewsintel;

TEST(RecognizeCommandTest, OneLinePerInputWithEveryNumber) {
  std::string input =
      "{\"text\": \"Il a levé 2,5 millions d'euros et recruté vingt-deux ingénieurs en 2024.\"}\n"
      "{\"text\": \"not a number here\"}\n"
      "{\"text\": \"Shares fell 5 percent to $ 12.5 million, 3 km away.\"}\n";
  std::string dir = testing::TempDir("recognize");
  std::string in = dir + "/in.jsonl";
  std::ofstream(in) << input;
  auto fr = RunNewsintel("recognize --lang fr < " + in);
  ASSERT_EQ(fr.exit_code, 0) << fr.err;
  simdjson::dom::parser parser;
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < fr.out.size()) {
    size_t nl = fr.out.find('\n', start);
    lines.push_back(fr.out.substr(start, nl - start));
    start = nl + 1;
  }
  ASSERT_EQ(lines.size(), 3u) << fr.out;
  simdjson::dom::element first;
  ASSERT_EQ(parser.parse(lines[0]).get(first), simdjson::SUCCESS);
  simdjson::dom::array numbers;
  ASSERT_EQ(first["numbers"].get(numbers), simdjson::SUCCESS);
  ASSERT_EQ(numbers.size(), 3u) << lines[0];
  double value;
  std::string_view kind, unit, text;
  ASSERT_EQ(numbers.at(0)["value"].get(value), simdjson::SUCCESS);
  EXPECT_EQ(value, 2.5e6);
  ASSERT_EQ(numbers.at(0)["kind"].get(kind), simdjson::SUCCESS);
  EXPECT_EQ(kind, "currency");
  ASSERT_EQ(numbers.at(0)["unit"].get(unit), simdjson::SUCCESS);
  EXPECT_EQ(unit, "EUR");
  ASSERT_EQ(numbers.at(0)["text"].get(text), simdjson::SUCCESS);
  EXPECT_EQ(text, "2,5 millions d'euros");
  ASSERT_EQ(numbers.at(1)["value"].get(value), simdjson::SUCCESS);
  EXPECT_EQ(value, 22);
  EXPECT_EQ(lines[1], "{\"numbers\":[]}");

  auto en = RunNewsintel("recognize --lang en < " + in);
  ASSERT_EQ(en.exit_code, 0) << en.err;
  EXPECT_NE(en.out.find("\"kind\":\"percent\""), std::string::npos) << en.out;
  EXPECT_NE(en.out.find("\"value\":12500000,\"kind\":\"currency\",\"unit\":\"USD\""), std::string::npos) << en.out;
  EXPECT_NE(en.out.find("\"unit\":\"km\""), std::string::npos) << en.out;
}

TEST(RecognizeCommandTest, BadLinesAreReportedAndTheOthersStillAnswered) {
  std::string dir = testing::TempDir("recognize-bad");
  std::string in = dir + "/in.jsonl";
  std::ofstream(in) << "not json\n{\"text\": \"12 %\"}\n";
  auto r = RunNewsintel("recognize --lang fr < " + in);
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("newsintel: recognize: line 1"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("{\"numbers\":[]}\n{\"numbers\":[{\"value\":12"), std::string::npos) << r.out;
  EXPECT_NE(RunNewsintel("recognize --lang de < " + in).exit_code, 0);
}

}  // namespace
}  // namespace newsintel
