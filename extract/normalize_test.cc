#include "extract/normalize.h"

#include <gtest/gtest.h>
#include <unicode/utf8.h>

#include <random>
#include <string>
#include <thread>
#include <vector>

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

// The plain definition of Fold(): code point by code point through NextCodePoint()
// and AppendFolded(), each folded byte mapped to its code point's original bytes.
void ExpectFoldAsPlainDefinition(const std::string& text) {
  std::string folded;
  std::vector<Span> spans;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t start = pos;
    uint32_t c = NextCodePoint(text, &pos);
    size_t n = AppendFolded(c, &folded);
    for (size_t k = 0; k < n; ++k) spans.push_back(Span{static_cast<uint32_t>(start), static_cast<uint32_t>(pos)});
  }
  FoldedText f = FoldedText::Fold(text);
  ASSERT_EQ(f.str(), folded) << "input '" << text << "'";
  for (size_t i = 0; i < folded.size(); ++i) {
    Span got = f.ToOriginal(i, i + 1);
    ASSERT_EQ(got.start, spans[i].start) << "input '" << text << "' folded byte " << i;
    ASSERT_EQ(got.end, spans[i].end) << "input '" << text << "' folded byte " << i;
  }
  EXPECT_EQ(f.OriginalStart(folded.size()), text.size());
}

TEST(FoldedTextTest, EveryTwoAndThreeByteSequenceFoldsAsThePlainDefinition) {
  for (int lead = 0xC0; lead <= 0xDF; ++lead) {
    for (int trail = 0; trail < 256; ++trail) {
      std::string s = "Ab";
      s += static_cast<char>(lead);
      s += static_cast<char>(trail);
      ExpectFoldAsPlainDefinition(s);
      ExpectFoldAsPlainDefinition(s + "Cd");
    }
  }
  for (int lead = 0xE0; lead <= 0xEF; ++lead) {
    for (int t1 = 0x70; t1 <= 0xC0; ++t1) {
      for (int t2 = 0x7F; t2 <= 0xC0; ++t2) {
        std::string s = "x";
        s += static_cast<char>(lead);
        s += static_cast<char>(t1);
        s += static_cast<char>(t2);
        ExpectFoldAsPlainDefinition(s);
      }
      std::string cut = "x";
      cut += static_cast<char>(lead);
      cut += static_cast<char>(t1);
      ExpectFoldAsPlainDefinition(cut);
    }
  }
}

// ASCII is folded eight bytes at a time: every ASCII byte at every place of a run,
// and runs of every length around a non-ASCII character.
TEST(FoldedTextTest, EveryAsciiByteAtEveryPlaceFoldsAsThePlainDefinition) {
  for (int c = 0; c < 128; ++c) {
    for (size_t at = 0; at < 19; ++at) {
      std::string s = "Abcdefghijklmnopqrs";
      s[at] = static_cast<char>(c);
      ExpectFoldAsPlainDefinition(s);
      ExpectFoldAsPlainDefinition("\xC3\xA9" + s + "\xC3\x89" + s);
    }
  }
  for (size_t before = 0; before < 20; ++before) {
    for (size_t after = 0; after < 20; ++after) {
      ExpectFoldAsPlainDefinition(std::string(before, 'Q') + "\xE2\x80\x99" + std::string(after, 'x'));
    }
  }
}

TEST(FoldedTextTest, RandomTextFoldsAsThePlainDefinition) {
  const std::vector<std::string> pieces = {
      " ", "a", "Z", "\t", "\n", "`", "\r", "\f", "\v", "@", "[", "{", "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "Quatre-Vingt-Dix MILLIARDS d'euros ", "0123456789",
      "\xC3\x89", "\xC3\xA9", "\xC5\x93", "\xC2\xA0", "\xE2\x80\xAF", "\xE2\x80\x99", "\xE2\x80\xA6",
      "\xE2\x80\x8B", "\xC2\xAD", "\xEF\xAC\x81", "E\xCC\x81", "\xEF\xB7\xBA", "\xE3\x8E\x92",
      "\xF0\x9F\x98\x80", "\xF0\x9D\x90\x80", "\xFF", "\xC3", "\xE2\x80", "\xF0\x9F", "\xED\xA0\x80",
      "\xE0\x80\x80", "\xC1\xBF", "\xCE\xA3", "\xD0\x96", "\xE1\xBA\x9E", "\xEF\xBC\xA1"};
  std::mt19937 rng(5);
  for (int round = 0; round < 20000; ++round) {
    std::string s;
    int n = static_cast<int>(rng() % 24);
    for (int i = 0; i < n; ++i) s += pieces[rng() % pieces.size()];
    ExpectFoldAsPlainDefinition(s);
  }
  // Text that grows when folded: the buffers are enlarged while folding.
  std::string grows;
  for (int i = 0; i < 50; ++i) grows += "\xEF\xB7\xBA" "a";
  ExpectFoldAsPlainDefinition(grows);
  ExpectFoldAsPlainDefinition("");
}

// Folded forms of the cached range: several threads asking for every code point
// below U+3000 at once, in different orders, get the same bytes, twice.
TEST(FoldedTextTest, CachedFoldsAgreeAcrossThreads) {
  constexpr uint32_t kEnd = 0x3000;
  std::vector<std::vector<std::string>> got(4, std::vector<std::string>(kEnd));
  std::vector<std::thread> threads;
  for (size_t t = 0; t < got.size(); ++t) {
    threads.emplace_back([&got, t] {
      for (int pass = 0; pass < 2; ++pass) {
        for (uint32_t i = 0x80; i < kEnd; ++i) {
          uint32_t c = t % 2 == 0 ? i : kEnd - 1 - (i - 0x80);
          std::string folded;
          size_t n = AppendFolded(c, &folded);
          EXPECT_EQ(n, folded.size());
          if (pass == 1) {
            EXPECT_EQ(folded, got[t][c]) << "U+" << std::hex << c;
          }
          got[t][c] = folded;
        }
      }
    });
  }
  for (std::thread& th : threads) th.join();
  for (size_t t = 1; t < got.size(); ++t) EXPECT_EQ(got[t], got[0]);
  EXPECT_EQ(got[0][0xC9], "e");      // É
  EXPECT_EQ(got[0][0x2019], "'");
  EXPECT_EQ(got[0][0x2026], "...");
  EXPECT_EQ(got[0][0x200B], "");
  EXPECT_EQ(got[0][0x1E9E], "\xC3\x9F");  // capital sharp s: simple case folding
  EXPECT_EQ(got[0][0x3A3], "\xCF\x83");  // Σ folds to σ
}

// NextCodePoint() decodes ASCII and two-byte forms itself: it agrees with ICU's
// U8_NEXT on every one- and two-byte string, and on three-byte ones with sampled
// last bytes.
TEST(NextCodePointTest, AgreesWithIcu) {
  auto expect_as_icu = [](const std::string& s) {
    for (size_t start = 0; start < s.size(); ++start) {
      size_t pos = start;
      uint32_t got = NextCodePoint(s, &pos);
      int32_t i = static_cast<int32_t>(start);
      UChar32 c;
      U8_NEXT(reinterpret_cast<const uint8_t*>(s.data()), i, static_cast<int32_t>(s.size()), c);
      ASSERT_EQ(got, c < 0 ? 0xFFFDu : static_cast<uint32_t>(c)) << "byte " << start << " of " << s.size();
      ASSERT_EQ(pos, static_cast<size_t>(i));
    }
  };
  for (int a = 0; a < 256; ++a) {
    expect_as_icu(std::string(1, static_cast<char>(a)));
    for (int b = 0; b < 256; ++b) {
      std::string two{static_cast<char>(a), static_cast<char>(b)};
      expect_as_icu(two);
      for (int c : {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC3, 0xE2, 0xFF}) {
        expect_as_icu(two + static_cast<char>(c));
      }
    }
  }
}

// FoldKey() folds without the offset map: the same as Fold()'s text with spaces and
// newlines collapsed and trimmed, on random text.
TEST(FoldKeyTest, AgreesWithFoldOnRandomText) {
  const std::vector<std::string> pieces = {" ", "  ", "\n", "\t", "A", "b", "`", "\xC3\x89", "\xC2\xA0",
                                           "\xE2\x80\xAF", "\xE2\x80\x99", "\xE2\x80\x8B", "\xEF\xAC\x81",
                                           "\xE2\x80\xA8", "\xFF", "\xE3\x8E\x92", "\xF0\x9F\x98\x80", "Quatre MILLE"};
  std::mt19937 rng(13);
  for (int round = 0; round < 20000; ++round) {
    std::string s;
    int n = static_cast<int>(rng() % 12);
    for (int i = 0; i < n; ++i) s += pieces[rng() % pieces.size()];
    std::string expected;
    const FoldedText folded = FoldedText::Fold(s);
    for (char c : folded.str()) {
      if (c == ' ' || c == '\n') {
        if (!expected.empty() && expected.back() != ' ') expected.push_back(' ');
      } else {
        expected.push_back(c);
      }
    }
    while (!expected.empty() && expected.back() == ' ') expected.pop_back();
    ASSERT_EQ(FoldKey(s), expected) << "'" << s << "'";
  }
}

TEST(FoldKeyTest, CollapsesSpaces) {
  EXPECT_EQ(FoldKey("  Maison\xC2\xA0 Blanche \n"), "maison blanche");
  EXPECT_EQ(FoldKey("P\xC3\xA9kin"), "pekin");
}

}  // namespace
}  // namespace newsintel
