// End-to-end: the real binary on the bundled sample and on bad inputs.
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "tests/test_util.h"

namespace newsintel {
namespace {

using testing::ReadFile;
using testing::RunNewsintel;
using testing::RunShell;
using testing::TempDir;

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

// With several jobs the inputs are listed and read while the extractor is
// built; when it cannot be built, that failure alone is reported, as with one.
TEST(EndToEndTest, ExtractorFailureComesAloneWithAnyJobs) {
  std::string inputs = "--lexicons /nonexistent-dir /nonexistent.txt " NEWSINTEL_SOURCE_DIR "/examples/articles";
  auto one = RunNewsintel("extract --jobs 1 " + inputs);
  auto two = RunNewsintel("extract --jobs 2 " + inputs);
  EXPECT_EQ(one.exit_code, 1);
  EXPECT_EQ(two.exit_code, 1);
  EXPECT_EQ(two.err, "newsintel: not found: /nonexistent-dir/entities: no entity lexicon (*.tsv) found\n");
  EXPECT_EQ(one.err, two.err);
  EXPECT_EQ(two.out, "");
}

// Output past one write (256 KB) goes out in order, whole, to a pipe or a
// file, with any number of jobs.
TEST(EndToEndTest, ExtractWritesLargeOutputsWhole) {
  std::string dir = TempDir("extract-large");
  for (int i = 0; i < 400; ++i) {
    std::ofstream f(dir + "/doc" + std::to_string(1000 + i) + ".txt");
    f << "Selon le cabinet Orbis, la start-up Quanterra aurait achete " << 100 + i
      << " processeurs H100 pour 12,5 millions de dollars en " << 2000 + i % 25 << ".\n";
    for (int k = 0; k < 20; ++k) f << "Une phrase de remplissage sans fait notable, numero " << k << ".\n";
  }
  auto one = RunNewsintel("extract --jobs 1 " + dir);
  auto three = RunNewsintel("extract --jobs 3 " + dir);
  ASSERT_EQ(one.exit_code, 0) << one.err;
  EXPECT_GT(one.out.size(), 600u << 10);
  EXPECT_EQ(one.out, three.out);
  std::istringstream lines(one.out);
  std::string line;
  int n = 0;
  while (std::getline(lines, line)) {
    EXPECT_NE(line.find("\"doc\":\"" + dir + "/doc" + std::to_string(1000 + n) + ".txt\""), std::string::npos) << n;
    EXPECT_EQ(line.back(), '}');
    ++n;
  }
  EXPECT_EQ(n, 400);
  auto to_file = RunShell(std::string(NEWSINTEL_BINARY_DIR) + "/newsintel extract --jobs 2 " + dir + " > " + dir + "/out.jsonl");
  EXPECT_EQ(to_file.exit_code, 0);
  EXPECT_EQ(ReadFile(dir + "/out.jsonl"), one.out);
}

// A full disk is one clear line and a failing exit code, not a crash.
TEST(EndToEndTest, ExtractReportsAnOutputThatCannotBeWritten) {
  if (access("/dev/full", W_OK) != 0) GTEST_SKIP() << "no /dev/full";
  auto r = RunShell(std::string(NEWSINTEL_BINARY_DIR) + "/newsintel extract --jobs 2 " NEWSINTEL_SOURCE_DIR
                    "/examples/articles > /dev/full");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("newsintel: extract: writing the output:"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace newsintel
