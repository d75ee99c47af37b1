// End-to-end: the real binary on the bundled sample and on bad inputs.
#include <gtest/gtest.h>

#include "tests/test_util.h"

namespace newsintel {
namespace {

using testing::RunNewsintel;

TEST(EndToEndTest, ExtractPrintsOneJsonLinePerDocument) {
  auto r = RunNewsintel("extract --format jsonl " NEWSINTEL_SOURCE_DIR "/examples/articles");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  size_t lines = 0;
  for (char c : r.out) lines += c == '\n';
  EXPECT_GE(lines, 8u);
  EXPECT_NE(r.out.find("\"doc\":"), std::string::npos);
}

TEST(EndToEndTest, BadFileDoesNotStopTheOthers) {
  auto r = RunNewsintel("extract --format jsonl /nonexistent.txt " NEWSINTEL_SOURCE_DIR "/examples/articles");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("/nonexistent.txt"), std::string::npos);
  EXPECT_NE(r.out.find("\"doc\":"), std::string::npos);
}

TEST(EndToEndTest, UnknownFlagIsOneClearLine) {
  auto r = RunNewsintel("extract --bogus x");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("unknown flag --bogus"), std::string::npos);
}

// Threads change the speed, never the output: same bytes, same order, and a
// bad file in the middle is reported without shifting the other lines.
TEST(EndToEndTest, ExtractJobsGiveTheSameBytes) {
  std::string inputs = NEWSINTEL_SOURCE_DIR "/examples/articles /nonexistent.txt "
                       NEWSINTEL_SOURCE_DIR "/examples/articles " NEWSINTEL_SOURCE_DIR "/../shared/seeds";
  auto one = RunNewsintel("extract --jobs 1 " + inputs);
  auto two = RunNewsintel("extract --jobs 2 " + inputs);
  auto four = RunNewsintel("extract --jobs 4 " + inputs);
  EXPECT_EQ(one.exit_code, 1);
  EXPECT_GT(one.out.size(), 1000u);
  EXPECT_EQ(one.out, two.out);
  EXPECT_EQ(one.out, four.out);
  EXPECT_EQ(one.err, four.err);
  EXPECT_NE(RunNewsintel("extract --jobs x " NEWSINTEL_SOURCE_DIR "/examples/articles").exit_code, 0);
}

}  // namespace
}  // namespace newsintel
