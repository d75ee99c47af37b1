#include "extract/claim_tokens.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "extract/normalize.h"

namespace newsintel {
namespace {

std::vector<ClaimToken> Plain(const FoldedText& folded) {
  std::vector<ClaimToken> out;
  ClaimTokenizePlain(folded.str(), &out);
  return out;
}

std::vector<ClaimToken> FromShared(const FoldedText& folded, std::string_view original) {
  TokenizedText shared = TokenizedText::Build(folded, original);
  std::vector<ClaimToken> out;
  ClaimTokenize(shared, &out);
  return out;
}

void ExpectSame(const std::string& original) {
  FoldedText folded = FoldedText::Fold(original);
  std::vector<ClaimToken> plain = Plain(folded);
  std::vector<ClaimToken> fast = FromShared(folded, original);
  ASSERT_EQ(plain.size(), fast.size()) << "in: " << original;
  for (size_t i = 0; i < plain.size(); ++i) {
    ASSERT_TRUE(plain[i] == fast[i])
        << "token " << i << ": [" << plain[i].begin << ", " << plain[i].end << ") vs ["
        << fast[i].begin << ", " << fast[i].end << ") in: " << original;
  }
}

TEST(ClaimTokensTest, Words) {
  FoldedText folded = FoldedText::Fold("Le porte-parole a-t-il dit qu'aujourd'hui U.S. -- ok\n\n\tx");
  std::vector<ClaimToken> toks = Plain(folded);
  std::vector<std::string> words;
  for (const ClaimToken& t : toks) words.push_back(folded.str().substr(t.begin, t.end - t.begin));
  EXPECT_EQ(words, (std::vector<std::string>{"le", "porte-parole", "a", "-", "t", "-", "il", "dit",
                                             "qu'", "aujourd'", "hui", "u.s", ".", "-", "-", "ok",
                                             "\n", "\n", "x"}));
  EXPECT_EQ(toks[3].punct, '-');
  EXPECT_TRUE(toks[1].word);
  EXPECT_EQ(toks[1].punct, 0);
}

TEST(ClaimTokensTest, SharedMatchesPlainOnExamples) {
  for (const char* s :
       {"", " ", "-", "\n", "a", "a-", "-a", "a-b", "a--b", "a.b.c", "a..b", "a.-b", "l'a", "l''a",
        "anticonstitutionnellement'a", "abcdefgh'x", "abcdefghi'x", "a-b-c-d'x", "dit-elle",
        "dit-elles,", "a-t-on", "ont-ils", "ajoute-t-elle.", "x-ilot", "x-il2", "he-she", "\r\n\r\n",
        "a \n - \n b", "1.5", "3,5", "«Oui», dit-il", "Zürich-Ouest", "Œuvre-d'art", "日本-語",
        "a\xC3-b", "a-\xC3", "a'\xE2\x80\x99" "b", "x\t-\ty", "a.\n", "fin."}) {
    ExpectSame(s);
  }
}

TEST(ClaimTokensTest, SharedMatchesPlainOnRandomText) {
  const std::vector<std::string> pieces = {
      "a", "b", "t", "il", "elle", "on", "he", "s", "e", "1", "X", "Ab", " ", " ", "  ", "-", "-",
      ".", "'", "\xE2\x80\x99", "\n", "\t", "\r", ",", ":", "\"", "\xC2\xAB", "\xC2\xA0", "\xC3\xA9",
      "\xC3\x89", "\xC3", "\x80", "\xE2\x80\x94", "\xCE\xB1", "\xE6\x97\xA5", "_", "(", "0"};
  std::mt19937 rng(12345);
  for (int iter = 0; iter < 20000; ++iter) {
    std::string s;
    size_t n = rng() % 24;
    for (size_t i = 0; i < n; ++i) s += pieces[rng() % pieces.size()];
    ExpectSame(s);
    if (HasFatalFailure()) return;
  }
}

TEST(ClaimTokensTest, SharedMatchesPlainOnArticles) {
  int files = 0;
  for (const auto& entry :
       std::filesystem::directory_iterator(std::string(NEWSINTEL_SOURCE_DIR) + "/examples/articles")) {
    std::ifstream in(entry.path());
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    ExpectSame(text);
    ++files;
  }
  EXPECT_GT(files, 0);
}

TEST(FindFirstOfTest, AgreesWithStringFindFirstOf) {
  const char kBytes[] = "\"\n\xC2\xE2";
  const char pieces[] = {'a', ' ', '"', '\n', '\xC2', '\xE2', '\xC3', '\0', '\x80'};
  std::mt19937 rng(4);
  for (int t = 0; t < 5000; ++t) {
    std::string text;
    for (int n = rng() % 40; n > 0; --n) text += pieces[rng() % sizeof(pieces)];
    for (size_t pos = 0; pos <= text.size(); ++pos) {
      size_t expected = std::min(text.find_first_of(kBytes, pos), text.size());
      ASSERT_EQ(FindFirstOf(text, pos, kBytes), expected) << "at " << pos << " in " << text;
    }
  }
}

}  // namespace
}  // namespace newsintel
