#include "extract/extractor.h"

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace newsintel {
namespace {

const char kLexicons[] = NEWSINTEL_SOURCE_DIR "/lexicons";

// A bad lexicon fails Create with an error naming the file; with two bad
// ones, the first in build order (claims are built last).
TEST(ExtractorTest, BadLexiconNamesTheFile) {
  namespace fs = std::filesystem;
  const std::vector<std::vector<std::string>> cases = {
      {"claim_cues.tsv"}, {"chips.tsv"}, {"chips.tsv", "claim_cues.tsv"}};
  for (const std::vector<std::string>& bad : cases) {
    std::string dir = ::testing::TempDir() + "extractor_test_lexicons";
    fs::remove_all(dir);
    fs::copy(kLexicons, dir, fs::copy_options::recursive);
    for (const std::string& name : bad) {
      std::ofstream(dir + "/" + name, std::ios::app) << "(unclosed\tfr\tverb\tasserted\tsubject\t1\n";
    }
    ExtractorOptions options;
    options.lexicon_dir = dir;
    auto x = Extractor::Create(options);
    ASSERT_FALSE(x.ok()) << bad[0];
    EXPECT_NE(x.status().message().find(bad[0]), std::string::npos) << x.status().ToString();
    fs::remove_all(dir);
  }
}

}  // namespace
}  // namespace newsintel
