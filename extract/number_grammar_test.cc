#include "extract/number_grammar.h"

#include <gtest/gtest.h>
#include <re2/re2.h>

#include <cmath>
#include <cstdlib>
#include <memory>
#include <random>

#include "extract/extractor.h"

namespace newsintel {
namespace {

class NumberGrammarTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto g = NumberGrammar::Create(DefaultLexiconDir());
    ASSERT_TRUE(g.ok()) << g.status().ToString();
    grammar_ = std::move(*g).release();
  }
  static void TearDownTestSuite() { delete grammar_; }

  // NextTrigger() written as the regular expression
  // \b[0-9]|\.[0-9]|\b(?:WORDS)s?\b, where WORDS are the trigger words.
  static std::unique_ptr<re2::RE2> TriggerRegex() {
    std::string alternation;
    for (const std::string& w : grammar_->trigger_words()) alternation += (alternation.empty() ? "" : "|") + w;
    EXPECT_FALSE(alternation.empty());
    auto re = std::make_unique<re2::RE2>("\\b[0-9]|\\.[0-9]|\\b(?:" + alternation + ")s?\\b");
    EXPECT_TRUE(re->ok()) << re->error();
    return re;
  }
  // Where `re` next matches in s from `pos` (s.size() if nowhere).
  static size_t RegexNext(const re2::RE2& re, const std::string& s, size_t pos) {
    re2::StringPiece m;
    if (!re.Match(s, pos, s.size(), re2::RE2::UNANCHORED, &m, 1)) return s.size();
    return static_cast<size_t>(m.data() - s.data());
  }

  // The numbers of `text` that are not ordinals, as (text, value) pairs.
  std::vector<std::pair<std::string, double>> Numbers(const std::string& text, NumberLanguage lang) {
    FoldedText f = FoldedText::Fold(text);
    std::vector<std::pair<std::string, double>> out;
    for (const NumberMatch& m : grammar_->Find(f, text, lang)) {
      if (m.ordinal || m.glued_letters || m.article_only) continue;
      Span s = f.ToOriginal(m.begin, m.end);
      out.emplace_back(text.substr(s.start, s.end - s.start), m.value);
    }
    return out;
  }
  // The one number of `text`.
  NumberMatch One(const std::string& text, NumberLanguage lang) {
    FoldedText f = FoldedText::Fold(text);
    std::vector<NumberMatch> all;
    for (const NumberMatch& m : grammar_->Find(f, text, lang)) {
      if (!m.article_only) all.push_back(m);
    }
    EXPECT_EQ(all.size(), 1u) << text;
    return all.empty() ? NumberMatch() : all[0];
  }
  static NumberGrammar* grammar_;
};

NumberGrammar* NumberGrammarTest::grammar_ = nullptr;
constexpr NumberLanguage kFr = NumberLanguage::kFrench;
constexpr NumberLanguage kEn = NumberLanguage::kEnglish;

TEST_F(NumberGrammarTest, FrenchGroupingWithEverySpace) {
  EXPECT_EQ(One("Le parc compte 2 048 serveurs.", kFr).value, 2048);
  EXPECT_EQ(One("Le parc compte 2\u00a0048 serveurs.", kFr).value, 2048);
  EXPECT_EQ(One("Le parc compte 2\u202f048 serveurs.", kFr).value, 2048);
  EXPECT_EQ(One("Le parc compte 2.048 serveurs.", kFr).value, 2048);
  EXPECT_EQ(One("Un total de 1 234 567,89 euros.", kFr).value, 1234567.89);
  EXPECT_EQ(One("Soit 1.458.000,50 tonnes.", kFr).value, 1458000.5);
}

TEST_F(NumberGrammarTest, DecimalCommaAndPoint) {
  EXPECT_DOUBLE_EQ(One("La croissance atteint 3,5 points.", kFr).value, 3.5);
  EXPECT_DOUBLE_EQ(One("Growth reached 3.5 points.", kEn).value, 3.5);
  EXPECT_EQ(One("The fleet has 2,048 servers.", kEn).value, 2048);
  EXPECT_DOUBLE_EQ(One("Le ratio vaut 2,048 ici.", kFr).value, 2.048);
  EXPECT_DOUBLE_EQ(One("Il faut 5.00 ou plus.", kFr).value, 5);
  EXPECT_DOUBLE_EQ(One("It was 1,674,200.5 exactly.", kEn).value, 1674200.5);
}

TEST_F(NumberGrammarTest, PrecisionIsTheLastStatedDigit) {
  EXPECT_EQ(One("soit 2,8 millions de fois", kFr).precision, 100000);
  EXPECT_EQ(One("soit 2 048 fois", kFr).precision, 1);
  EXPECT_EQ(One("soit 2 000 fois", kFr).precision, 1000);
  EXPECT_EQ(One("soit 5,6 millions de fois", kFr).precision, 100000);
  EXPECT_EQ(One("soit 6 millions de fois", kFr).precision, 1000000);
  EXPECT_EQ(One("soit 1 000 milliards de fois", kFr).precision, 1e12);
}

TEST_F(NumberGrammarTest, ScaleWordsAndAbbreviations) {
  EXPECT_EQ(One("un budget de 2,8 millions", kFr).value, 2800000);
  EXPECT_EQ(One("une perte de 1,5 Md cette année", kFr).value, 1.5e9);
  EXPECT_EQ(One("une perte de 3 Mds", kFr).value, 3e9);
  EXPECT_EQ(One("une hausse de 4 milliards", kFr).value, 4e9);
  EXPECT_EQ(One("raised 10k overnight", kEn).value, 10000);
  EXPECT_EQ(One("raised 1.2bn overnight", kEn).value, 1.2e9);
  EXPECT_EQ(One("raised 3 billion overnight", kEn).value, 3e9);
  EXPECT_EQ(One("raised 2 trillion overnight", kEn).value, 2e12);
  EXPECT_EQ(One("a fund of 12M today", kEn).value, 12e6);
  EXPECT_EQ(One("cinq mille employés", kFr).value, 5000);
  EXPECT_EQ(One("un billion de cellules", kFr).value, 1e12);  // French billion = 10^12
  EXPECT_TRUE(One("une perte de 1,5 Md", kFr).has_scale);
  // A lower-case m is a metre, not a million.
  EXPECT_TRUE(One("un mur de 12m", kFr).glued_letters);
}

TEST_F(NumberGrammarTest, FrenchWords) {
  EXPECT_EQ(One("il en reste quatre-vingt-dix-neuf", kFr).value, 99);
  EXPECT_EQ(One("il en reste soixante et onze", kFr).value, 71);
  EXPECT_EQ(One("il en reste vingt-deux", kFr).value, 22);
  EXPECT_EQ(One("il en reste deux cent mille", kFr).value, 200000);
  EXPECT_EQ(One("il en reste cent quatre-vingt-douze", kFr).value, 192);
  EXPECT_EQ(One("il en reste trois millions sept", kFr).value, 3000007);
  EXPECT_EQ(One("il en reste cinq", kFr).value, 5);
  EXPECT_DOUBLE_EQ(One("il en reste trois quarts", kFr).value, 0.75);
  EXPECT_DOUBLE_EQ(One("il en reste un cinquième", kFr).value, 0.2);
  EXPECT_DOUBLE_EQ(One("il en reste un sur quatre", kFr).value, 0.25);
  EXPECT_DOUBLE_EQ(One("il en reste deux virgule cinq", kFr).value, 2.5);
  EXPECT_DOUBLE_EQ(One("il en reste six millions et demi", kFr).value, 6500000);
}

TEST_F(NumberGrammarTest, EnglishWords) {
  EXPECT_EQ(One("we hired two thousand people", kEn).value, 2000);
  EXPECT_EQ(One("we hired one hundred and twenty people", kEn).value, 120);
  EXPECT_EQ(One("we hired twenty-one people", kEn).value, 21);
  EXPECT_EQ(One("we hired two hundred and two thousand people", kEn).value, 202000);
  EXPECT_DOUBLE_EQ(One("a fifth of them", kEn).value, 0.2);
  EXPECT_DOUBLE_EQ(One("about two thirds of them", kEn).value, 2.0 / 3);
  EXPECT_DOUBLE_EQ(One("one and a half days", kEn).value, 1.5);
  EXPECT_DOUBLE_EQ(One("1 over 8 of them", kEn).value, 0.125);
  EXPECT_EQ(One("three dozen eggs", kEn).value, 36);
  EXPECT_EQ(One("minus seven degrees", kEn).value, -7);
  EXPECT_DOUBLE_EQ(One("nine point two five", kEn).value, 9.25);
}

TEST_F(NumberGrammarTest, OrdinalsAreFlaggedNotCounted) {
  EXPECT_TRUE(One("the fifth attempt", kEn).ordinal);
  EXPECT_TRUE(One("the twenty-first century", kEn).ordinal);
  EXPECT_TRUE(One("the 3rd quarter", kEn).ordinal);
  EXPECT_TRUE(One("la deuxième puce", kFr).ordinal);
  EXPECT_TRUE(One("la 3e place", kFr).ordinal);
  EXPECT_TRUE(One("le 20ème siècle", kFr).ordinal);
  EXPECT_TRUE(Numbers("a first class seat", kEn).empty());
  EXPECT_TRUE(Numbers("la première fois", kFr).empty());
}

TEST_F(NumberGrammarTest, IdentifiersAreNotNumbers) {
  EXPECT_TRUE(Numbers("Les puces H800 et H20 visent la Chine.", kFr).empty());
  EXPECT_TRUE(Numbers("Le modèle GPT-4o répond vite.", kFr).empty());
  EXPECT_TRUE(Numbers("La règle 3A090 s'applique.", kFr).empty());
  EXPECT_TRUE(Numbers("voir https://example.com/page?id=42&x=7", kEn).empty());
  EXPECT_TRUE(Numbers("écrire à bob42@example.org", kFr).empty());
  // 5090D: digits glued to letters that are not a unit.
  FoldedText f = FoldedText::Fold("la RTX 5090D");
  auto all = grammar_->Find(f, "la RTX 5090D", kFr);
  ASSERT_EQ(all.size(), 1u);
  EXPECT_TRUE(all[0].glued_letters);
}

TEST_F(NumberGrammarTest, ArticlesAreNotNumbersAlone) {
  FoldedText f = FoldedText::Fold("une puce et un serveur");
  for (const NumberMatch& m : grammar_->Find(f, "une puce et un serveur", kFr)) EXPECT_TRUE(m.article_only);
  EXPECT_TRUE(Numbers("This one is fine, that one too.", kEn).empty());
  EXPECT_EQ(Numbers("We tried one more time.", kEn).size(), 1u);
}

TEST_F(NumberGrammarTest, SignsFractionsDatesAndLists) {
  EXPECT_DOUBLE_EQ(One("un solde de -4,5 cette fois", kFr).value, -4.5);
  EXPECT_DOUBLE_EQ(One("add 3/4 cup", kEn).value, 0.75);
  EXPECT_DOUBLE_EQ(One("add 1 4/5 cups", kEn).value, 1.8);
  EXPECT_DOUBLE_EQ(One("add \u00be cup", kEn).value, 0.75);
  auto date = Numbers("le 17/05/2018 au matin", kFr);
  ASSERT_EQ(date.size(), 3u);
  EXPECT_EQ(date[1].second, 5);
  auto list = Numbers("items 12,14,16 and 18", kEn);
  ASSERT_EQ(list.size(), 4u);
  EXPECT_EQ(list[2].second, 16);
  auto range = Numbers("de 2020 - 2024", kFr);
  ASSERT_EQ(range.size(), 2u);
  EXPECT_EQ(range[1].second, 2024);  // a dash between numbers is not a sign
  EXPECT_TRUE(One("en 2024", kFr).plain_integer);
}

TEST_F(NumberGrammarTest, SpansPointAtOriginalBytes) {
  auto n = Numbers("Environ 2\u202f048 puces", kFr);
  ASSERT_EQ(n.size(), 1u);
  EXPECT_EQ(n[0].first, "2\u202f048");
  n = Numbers("Quatre-Vingt-Dix élèves", kFr);
  ASSERT_EQ(n.size(), 1u);
  EXPECT_EQ(n[0].first, "Quatre-Vingt-Dix");
  EXPECT_EQ(n[0].second, 90);
}

// Digits are read without strtod when there are at most 15 of them: values agree
// with strtod's on numbers of 1 to 19 digits, with and without decimals.
TEST_F(NumberGrammarTest, DigitValuesAgreeWithStrtod) {
  std::mt19937 rng(17);
  for (int round = 0; round < 3000; ++round) {
    std::string digits(1 + rng() % 19, '0');
    for (char& c : digits) c = static_cast<char>('0' + rng() % 10);
    if (digits.size() > 1 && digits[0] == '0') digits[0] = '7';
    size_t decimals = rng() % 2 == 0 ? 0 : rng() % std::min<size_t>(digits.size(), 6);
    std::string written = digits.substr(0, digits.size() - decimals);
    if (decimals > 0) written += "," + digits.substr(digits.size() - decimals);
    std::string text = "il y a " + written + " puces";
    FoldedText folded = FoldedText::Fold(text);
    std::vector<NumberMatch> found = grammar_->Find(folded, text, NumberLanguage::kFrench);
    ASSERT_EQ(found.size(), 1u) << text;
    double expected = std::strtod(digits.c_str(), nullptr) / std::pow(10.0, static_cast<double>(decimals));
    EXPECT_EQ(found[0].value, expected) << text;
  }
}

// NextTrigger() is the hand-written form of the regular expression
// \b[0-9]|\.[0-9]|\b(?:WORDS)s?\b; both find the same starts.
TEST_F(NumberGrammarTest, NextTriggerAgreesWithItsRegularExpression) {
  std::unique_ptr<re2::RE2> re = TriggerRegex();
  auto regex_next = [&](const std::string& s, size_t pos) { return RegexNext(*re, s, pos); };
  std::vector<std::string> pieces = {" ", "  ", ".", ",", "-", "_", "'", "\n", "0", "7", "12", "a", "x", "S", "s",
                                     "\xC3\xA9", "de", "deux", "deuxs", "trois", "troiss", "mille", "millions",
                                     "two", "hundred", "twenty", "one", "ones", "cent", "vingt", "zero",
                                     // bytes on both sides of the word character ranges
                                     "\x10", "\x19", "/", ":", "@", "[", "^", "`", "{", "\x7F", "\xFF", "Z",
                                     "A", "z9_", "abcdefghijklmnopqrstu", "_0123456789"};
  // Every trigger word, its plural and near misses (a letter dropped, changed or added),
  // so that the hash table's every entry and its neighbours are tried.
  for (const std::string& w : grammar_->trigger_words()) {
    pieces.push_back(w);
    pieces.push_back(w + "s");
    pieces.push_back(w + "ss");
    pieces.push_back(w.substr(0, w.size() - 1));
    pieces.push_back(w.substr(1));
    pieces.push_back(w + "e");
    std::string changed = w;
    changed.back() = changed.back() == 'z' ? 'a' : static_cast<char>(changed.back() + 1);
    pieces.push_back(changed);
  }
  for (const std::string& piece : pieces) {
    for (const std::string& s : {piece, "x " + piece + ".", piece + "_"}) {
      for (size_t pos = 0; pos <= s.size(); ++pos) {
        ASSERT_EQ(grammar_->NextTrigger(s, pos), regex_next(s, pos)) << "'" << s << "' from " << pos;
      }
    }
  }
  std::mt19937 rng(11);
  for (int round = 0; round < 40000; ++round) {
    std::string s;
    int n = static_cast<int>(rng() % 16);
    for (int i = 0; i < n; ++i) s += pieces[rng() % pieces.size()];
    for (size_t pos = 0; pos <= s.size(); pos += 1 + rng() % 3) {
      ASSERT_EQ(grammar_->NextTrigger(s, pos), regex_next(s, pos)) << "'" << s << "' from " << pos;
    }
  }
}

// Long texts: NextTrigger() looks at 48 bytes at a time there.
TEST_F(NumberGrammarTest, NextTriggerAgreesWithItsRegularExpressionOnLongText) {
  std::unique_ptr<re2::RE2> re = TriggerRegex();
  auto regex_next = [&](const std::string& s, size_t pos) { return RegexNext(*re, s, pos); };
  std::vector<std::string> pieces = {" ", "le texte ordinaire sans nombre ", "d'une phrase, ", ".", "-", "_", "\n",
                                     "0", "7", "a", "x", "\xC3\xA9", "\xFF", "Z", "z9_", "abcdefghijklmnopqrstu",
                                     std::string(70, 'w'), std::string(47, 'k'), std::string(63, ' ')};
  for (const std::string& w : grammar_->trigger_words()) {
    pieces.push_back(w);
    pieces.push_back(w + "s");
    pieces.push_back(w + "x");
  }
  std::mt19937 rng(17);
  for (int round = 0; round < 3000; ++round) {
    std::string s;
    int n = static_cast<int>(rng() % 40);
    for (int i = 0; i < n; ++i) s += pieces[rng() % (rng() % 3 == 0 ? pieces.size() : 3)];
    for (size_t pos = 0; pos <= s.size(); pos += 1 + rng() % 4) {
      ASSERT_EQ(grammar_->NextTrigger(s, pos), regex_next(s, pos)) << "'" << s << "' from " << pos;
    }
  }
}

}  // namespace
}  // namespace newsintel
