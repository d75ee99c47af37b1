#include "extract/sentences.h"

#include <gtest/gtest.h>
#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/utext.h>

#include <dirent.h>

#include <fstream>
#include <memory>
#include <random>
#include <sstream>

namespace newsintel {
namespace {

std::vector<std::string> SplitToStrings(const std::string& text, const std::string& lang) {
  SentenceSplitter splitter;
  std::vector<std::string> out;
  for (Span s : splitter.Split(text, lang)) out.push_back(text.substr(s.start, s.end - s.start));
  return out;
}

TEST(SentenceSplitterTest, FrenchAbbreviationsDoNotEndSentences) {
  auto s = SplitToStrings("M. Dupont a parl\xC3\xA9 avec Mme Durand. Elle a r\xC3\xA9pondu.", "fr");
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[0], "M. Dupont a parl\xC3\xA9 avec Mme Durand.");
}

TEST(SentenceSplitterTest, EnglishAbbreviations) {
  auto s = SplitToStrings("The U.S. Commerce Dept. said so. Dr. Smith disagreed.", "en");
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[1], "Dr. Smith disagreed.");
}

TEST(SentenceSplitterTest, LineBreaksEndSentences) {
  auto s = SplitToStrings("A headline without a period\nThe body starts here.", "en");
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[0], "A headline without a period");
}

TEST(SentenceSplitterTest, EmptyText) { EXPECT_TRUE(SplitToStrings("", "fr").empty()); }

TEST(SentenceSplitterTest, IcuExceptionsAndOwnAbbreviations) {
  // "av. J.-C." comes from ICU's French data, "Mme" from our list.
  auto s = SplitToStrings("Il est n\xC3\xA9 en 52 av. J.-C. \xC3\xA0 Rome. Mme Durand le dit.", "fr");
  ASSERT_EQ(s.size(), 2u) << s[0];
  EXPECT_EQ(s[1], "Mme Durand le dit.");
  // An exception must start a word: "ALM." is not "M.".
  s = SplitToStrings("Le groupe ALM. Il vend.", "fr");
  EXPECT_EQ(s.size(), 2u);
}

// The UAX #29 boundaries by ICU's own sentence iterator (root rules).
std::vector<size_t> IcuBoundaries(const std::string& text) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::BreakIterator> it(icu::BreakIterator::createSentenceInstance(icu::Locale::getRoot(), status));
  EXPECT_TRUE(U_SUCCESS(status));
  UText* ut = utext_openUTF8(nullptr, text.data(), static_cast<int64_t>(text.size()), &status);
  it->setText(ut, status);
  std::vector<size_t> out;
  for (int32_t b = it->first(); b != icu::BreakIterator::DONE; b = it->next()) out.push_back(static_cast<size_t>(b));
  utext_close(ut);
  return out;
}

TEST(SentenceBoundariesTest, Rules) {
  auto b = [](const std::string& t) { return SentenceBoundaries(t); };
  EXPECT_EQ(b(""), (std::vector<size_t>{0}));
  EXPECT_EQ(b("One. Two."), (std::vector<size_t>{0, 5, 9}));
  EXPECT_EQ(b("It cost 2.5 million. Then"), (std::vector<size_t>{0, 21, 25}));   // SB6
  EXPECT_EQ(b("The U.S. Army"), (std::vector<size_t>{0, 9, 13}));                // SB7 inside "U.S"
  EXPECT_EQ(b("etc. and more"), (std::vector<size_t>{0, 13}));                    // SB8
  EXPECT_EQ(b("He said \"Stop.\" Then left."), (std::vector<size_t>{0, 16, 26}));  // SB9, SB10
  EXPECT_EQ(b("Why?, he asked"), (std::vector<size_t>{0, 14}));                   // SB8a
  EXPECT_EQ(b("a\r\nb\nc"), (std::vector<size_t>{0, 3, 5, 6}));                 // SB3, SB4
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Every text file of the seeds and of the examples: the same boundaries as ICU.
TEST(SentenceBoundariesTest, SameAsIcuOnArticles) {
  int files = 0;
  for (std::string dir : {std::string(NEWSINTEL_SOURCE_DIR) + "/../shared/seeds",
                          std::string(NEWSINTEL_SOURCE_DIR) + "/examples/articles"}) {
    DIR* d = opendir(dir.c_str());
    if (d == nullptr) continue;
    while (dirent* e = readdir(d)) {
      std::string name = e->d_name;
      if (name.size() < 5 || name.compare(name.size() - 4, 4, ".txt") != 0) continue;
      std::string text = ReadFile(dir + "/" + name);
      EXPECT_EQ(SentenceBoundaries(text), IcuBoundaries(text)) << dir << "/" << name;
      ++files;
    }
    closedir(d);
  }
  EXPECT_GT(files, 0);
}

// Random texts over the characters the rules care about.
TEST(SentenceBoundariesTest, SameAsIcuOnRandomText) {
  const std::vector<std::string> pieces = {
      "a", "b", "Z", "Q", "7", "0", " ", "  ", ".", ".", "!", "?", ",", ";", ":", "\"", "'", ")", "(",
      "\n", "\r", "\r\n", "\t", "-",
      "\xC3\xA9",          // e acute (Lower)
      "\xC3\x89",          // E acute (Upper)
      "e\xCC\x81",         // e + combining acute (Extend)
      "\xCC\x81",          // a lone combining mark
      "\xC2\xAD",          // soft hyphen (Format)
      "\xC2\xA0",          // no-break space
      "\xE2\x80\xAF",      // narrow no-break space
      "\xC2\xAB", "\xC2\xBB",  // guillemets
      "\xE2\x80\x99",      // right single quote
      "\xE2\x80\xA6",      // ellipsis
      "\xE2\x80\xA9",      // paragraph separator (Sep)
      "\xC2\x85",          // next line (Sep)
      "\xE3\x80\x82",      // ideographic full stop (STerm)
      "\xE4\xB8\xAD",      // a Han character (OLetter)
      "\xEF\xBC\x8E",      // fullwidth full stop (ATerm)
      "\xD8\x9F",          // Arabic question mark (STerm)
      "\xFF",              // invalid UTF-8
  };
  std::mt19937 rng(29);
  for (int round = 0; round < 20000; ++round) {
    std::string text;
    int n = static_cast<int>(rng() % 24);
    for (int i = 0; i < n; ++i) text += pieces[rng() % pieces.size()];
    ASSERT_EQ(SentenceBoundaries(text), IcuBoundaries(text)) << "text: " << text;
  }
}

// Long texts: runs of ASCII (skipped 16 bytes at a time) and two-byte
// characters, some of which end sentences.
TEST(SentenceBoundariesTest, SameAsIcuOnLongRandomText) {
  const std::vector<std::string> pieces = {
      "le texte ordinaire, ", "sans point ni fin ", "a", "Z", "7", " ", ".", "!", "?", "\n", "\r", "\r\n",
      "\xC3\xA9", "\xC3\x89", "\xC3\xA0", "\xC3\xA7", "\xC3\x97",  // é É à ç ×
      "e\xCC\x81", "\xCC\x81", "\xC2\xAD", "\xC2\xA0", "\xC2\xAB", "\xC2\xBB", "\xC2\x85",
      "\xCD\xBE",      // Greek question mark (STerm)
      "\xD6\x89",      // Armenian full stop (STerm)
      "\xD8\x9F",      // Arabic question mark (STerm)
      "\xCE\xA3",      // capital sigma (Upper)
      "\xE2\x80\xA9", "\xE0\xA5\xA4", "\xE3\x80\x82", "\xFF", "\xC3", "\xDF\xBF"};
  std::mt19937 rng(31);
  for (int round = 0; round < 5000; ++round) {
    std::string text;
    int n = static_cast<int>(rng() % 60);
    for (int i = 0; i < n; ++i) text += pieces[rng() % (rng() % 4 == 0 ? pieces.size() : 2)];
    ASSERT_EQ(SentenceBoundaries(text), IcuBoundaries(text)) << "text: " << text;
  }
}

}  // namespace
}  // namespace newsintel
