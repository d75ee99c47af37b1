#include "extract/line_patterns.h"

#include <fstream>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace newsintel {
namespace {

RE2::Options Options() {
  RE2::Options o;
  o.set_log_errors(false);
  return o;
}

TEST(AnchoredAtStartTest, Cases) {
  EXPECT_TRUE(AnchoredAtStart("^abc"));
  EXPECT_TRUE(AnchoredAtStart("^(?:a|b)c$"));
  EXPECT_TRUE(AnchoredAtStart("^[|]x"));
  EXPECT_TRUE(AnchoredAtStart("^[]|]x"));
  EXPECT_TRUE(AnchoredAtStart("^\\|x"));
  EXPECT_TRUE(AnchoredAtStart("^(?P<n>a|b)"));
  EXPECT_FALSE(AnchoredAtStart("abc"));
  EXPECT_FALSE(AnchoredAtStart("^a|b"));
  EXPECT_FALSE(AnchoredAtStart("^(a)|b"));
  EXPECT_FALSE(AnchoredAtStart("^[a]|b"));
  EXPECT_FALSE(AnchoredAtStart("^(?m)a"));
  EXPECT_FALSE(AnchoredAtStart("(?i)^a"));
  EXPECT_FALSE(AnchoredAtStart(" ^a"));
}

void ExpectSameAsPlain(const LinePatterns& lines, const std::string& line) {
  std::vector<int> fast, plain;
  bool f = lines.Match(line, &fast);
  bool p = lines.MatchPlain(line, &plain);
  ASSERT_EQ(f, p) << line;
  ASSERT_EQ(fast, plain) << line;
}

const std::vector<std::string>& Pieces() {
  static const std::vector<std::string> pieces = {
      "lire aussi", " ", ":", "(", ")", "source", "par", "by", "x", "jean", "12", "commentaires",
      "reactions", "partager", "facebook", "redige par", "la redaction", "reply to", "|", "avec afp",
      "photo", "-", "'", "e", "\xC3\xA9", "\n"};
  return pieces;
}

// The claim extractor's boilerplate patterns (the unanchored ones all start
// with '('), then with others (unanchored, with '|' after '^').
void AddBoilerplate(LinePatterns* lines, bool more) {
  std::string error;
  std::ifstream in(NEWSINTEL_SOURCE_DIR "/lexicons/claim_boilerplate.tsv");
  ASSERT_TRUE(in.good());
  std::string row;
  while (std::getline(in, row)) {
    if (row.empty() || row[0] == '#') continue;
    ASSERT_GE(lines->Add(row.substr(0, row.find('\t')), &error), 0) << error;
  }
  ASSERT_GT(lines->size(), 10u);
  if (!more) return;
  for (const char* p : {"^lire|source", "(?:par|by) x$", "\\d+ reactions?", "^[|(]x", "\\(x\\)"}) {
    ASSERT_GE(lines->Add(p, &error), 0) << error;
  }
  EXPECT_LT(lines->Add("(", &error), 0);
}

TEST(LinePatternsTest, AgreesWithOneSet) {
  for (bool more : {false, true}) {
    LinePatterns lines(Options());
    AddBoilerplate(&lines, more);
    if (HasFatalFailure()) return;
    ASSERT_TRUE(lines.Compile());
    std::mt19937 rng(17);
    for (int t = 0; t < 2000; ++t) {
      std::string line;
      for (int n = rng() % 8; n > 0; --n) line += Pieces()[rng() % Pieces().size()];
      ExpectSameAsPlain(lines, line);
      if (HasFatalFailure()) return;
    }
    for (const char* line : {"12 commentaires", "(source : afp)", "par jean x", "lire aussi :",
                             "texte (redige par x) ", "partager sur facebook"}) {
      ExpectSameAsPlain(lines, line);
      std::vector<int> ids;
      EXPECT_TRUE(lines.Match(line, &ids)) << line;
    }
  }
}

// Every pattern unanchored, one of them starting with any byte.
TEST(LinePatternsTest, UnanchoredPatternsOnly) {
  LinePatterns lines(Options());
  std::string error;
  for (const char* p : {"ab", ".b", "\\bc"}) ASSERT_GE(lines.Add(p, &error), 0) << error;
  ASSERT_TRUE(lines.Compile());
  for (const char* line : {"", "ab", "xb", "c", "zz", "a c"}) ExpectSameAsPlain(lines, line);
}

}  // namespace
}  // namespace newsintel
