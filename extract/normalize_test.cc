#include "extract/normalize.h"

#include <gtest/gtest.h>

namespace newsintel {
namespace {

std::string Orig(const std::string& text, Span s) { return text.substr(s.start, s.end - s.start); }

TEST(FoldedTextTest, FoldsCaseAccentsSpacesAndPunctuation) {
  std::string text = "Les \xC3\x89tats-Unis ont vendu 2\xE2\x80\xAF" "048 puces \xC2\xAB vite \xC2\xBB l\xE2\x80\x99" "an\xE2\x80\xA6";
  FoldedText f = FoldedText::Fold(text);
  EXPECT_EQ(f.str(), "les etats-unis ont vendu 2 048 puces \" vite \" l'an...");
}

TEST(FoldedTextTest, MapsBackToOriginalBytes) {
  std::string text = "Selon l\xE2\x80\x99" "\xC3\x89tat, 2\xC2\xA0" "048 GPU";
  FoldedText f = FoldedText::Fold(text);
  size_t at = f.str().find("l'etat");
  ASSERT_NE(at, std::string::npos);
  EXPECT_EQ(Orig(text, f.ToOriginal(at, at + 6)), "l\xE2\x80\x99\xC3\x89tat");
  at = f.str().find("2 048");
  EXPECT_EQ(Orig(text, f.ToOriginal(at, at + 5)), "2\xC2\xA0" "048");
}

TEST(FoldedTextTest, DecomposedAccentsAndLigatures) {
  std::string text = "E\xCC\x81" "cole \xEF\xAC\x81" "n";  // E + combining acute, U+FB01 "fi"
  FoldedText f = FoldedText::Fold(text);
  EXPECT_EQ(f.str(), "ecole fin");
  size_t at = f.str().find("fin");
  EXPECT_EQ(Orig(text, f.ToOriginal(at, at + 3)), "\xEF\xAC\x81n");
}

TEST(FoldedTextTest, InvalidUtf8DoesNotBreakTheMap) {
  std::string text = "ab\xFF\xFE" "cd";
  FoldedText f = FoldedText::Fold(text);
  size_t at = f.str().find("cd");
  ASSERT_NE(at, std::string::npos);
  EXPECT_EQ(Orig(text, f.ToOriginal(at, at + 2)), "cd");
}

TEST(FoldKeyTest, CollapsesSpaces) {
  EXPECT_EQ(FoldKey("  Maison\xC2\xA0 Blanche \n"), "maison blanche");
  EXPECT_EQ(FoldKey("P\xC3\xA9kin"), "pekin");
}

}  // namespace
}  // namespace newsintel
