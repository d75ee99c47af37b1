#include "extract/extractor.h"

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "extract/document.h"
#include "extract/extraction_json.h"

namespace newsintel {
namespace {

const char kLexicons[] = NEWSINTEL_SOURCE_DIR "/lexicons";

std::vector<std::string> ExampleJson(const Extractor& x) {
  std::vector<std::string> out;
  for (const char* name : {"fr-journal-puces-cout-deepseek.txt", "fr-depeche-deepseek-blackwell.html",
                           "en-wire-deepseek-blackwell.html", "en-capitol-moolenar-letter.html"}) {
    Result<Document> doc = LoadDocumentFile(std::string(NEWSINTEL_SOURCE_DIR "/examples/articles/") + name, {});
    EXPECT_TRUE(doc.ok()) << name;
    if (doc.ok()) out.push_back(ExtractionToJson(x.Extract(*doc)));
  }
  return out;
}

TEST(ExtractorTest, BuiltOnTwoThreadsExtractsTheSame) {
  ExtractorOptions one;
  one.lexicon_dir = kLexicons;
  ExtractorOptions two = one;
  two.build_threads = 2;
  auto a = Extractor::Create(one);
  auto b = Extractor::Create(two);
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  std::vector<std::string> ja = ExampleJson(**a);
  ASSERT_EQ(ja.size(), 4u);
  EXPECT_NE(ja[0].find("\"claims\""), std::string::npos);
  EXPECT_EQ(ja, ExampleJson(**b));
}

// A lexicon error is reported the same way whatever the build threads, when
// the claim lexicon (built on a thread of its own), another one, or both are
// bad (then the other one's error, as with one thread).
TEST(ExtractorTest, BadLexiconFailsOnEveryThreadCount) {
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
    for (int threads : {1, 2, 4}) {
      ExtractorOptions options;
      options.lexicon_dir = dir;
      options.build_threads = threads;
      auto x = Extractor::Create(options);
      ASSERT_FALSE(x.ok()) << bad[0] << " " << threads;
      EXPECT_NE(x.status().message().find(bad[0]), std::string::npos) << x.status().ToString();
    }
    fs::remove_all(dir);
  }
}

}  // namespace
}  // namespace newsintel
