#include "extract/quantity_recognizer.h"

#include <gtest/gtest.h>
#include <re2/re2.h>

#include <cstdlib>
#include <fstream>
#include <random>

#include "extract/extractor.h"
#include "extract/lexicon.h"
#include "extract/literal_pattern.h"

namespace newsintel {
namespace {

class QuantityRecognizerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto r = QuantityRecognizer::Create(DefaultLexiconDir());
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    recognizer_ = std::move(*r).release();
  }
  static void TearDownTestSuite() { delete recognizer_; }

  struct Found {
    Quantity q;
    std::string text;    // the quantity's original bytes
    std::string marker;  // the approximation marker's original bytes
  };
  std::vector<Found> Find(const std::string& text, const std::string& lang, bool propagate = false) {
    FoldedText f = FoldedText::Fold(text);
    RecognizeOptions options;
    options.propagate_ranges = propagate;
    std::vector<Found> out;
    for (const Quantity& q : recognizer_->Find(f, text, lang, options)) {
      Found x;
      x.q = q;
      Span s = f.ToOriginal(q.begin, q.end);
      x.text = text.substr(s.start, s.end - s.start);
      if (q.approx) {
        Span m = f.ToOriginal(q.approx_begin, q.approx_end);
        x.marker = text.substr(m.start, m.end - m.start);
      }
      out.push_back(x);
    }
    return out;
  }
  Found One(const std::string& text, const std::string& lang) {
    auto all = Find(text, lang);
    EXPECT_EQ(all.size(), 1u) << text;
    return all.empty() ? Found() : all[0];
  }
  static QuantityRecognizer* recognizer_;
};

QuantityRecognizer* QuantityRecognizerTest::recognizer_ = nullptr;

TEST_F(QuantityRecognizerTest, CurrenciesInFrench) {
  Found f = One("La société a levé environ 40 millions d'euros hier.", "fr");
  EXPECT_EQ(f.q.value, 40e6);
  EXPECT_EQ(f.q.unit, "EUR");
  EXPECT_EQ(f.q.kind, "currency");
  EXPECT_EQ(f.text, "40 millions d'euros");
  EXPECT_TRUE(f.q.approx);
  EXPECT_EQ(f.marker, "environ");
  EXPECT_EQ(f.q.precision, 1e7);  // 40: stated to the ten
  f = One("Un contrat de 1,2 Md$ a été signé.", "fr");
  EXPECT_EQ(f.q.value, 1.2e9);
  EXPECT_EQ(f.q.unit, "USD");
  EXPECT_EQ(One("Une amende de 350 000 €.", "fr").q.value, 350000);
  EXPECT_EQ(One("Un prix de 12 yuans.", "fr").q.unit, "CNY");
  EXPECT_EQ(One("Un budget de 8 M€ cette année.", "fr").q.value, 8e6);
  EXPECT_DOUBLE_EQ(One("ça coûte quinze euros et vingt cents", "fr").q.value, 15.2);
  // "livres" is money after a scale word, a weight otherwise.
  EXPECT_EQ(One("Une perte de 3 millions de livres.", "fr").q.unit, "GBP");
  EXPECT_EQ(One("Il a perdu 20 livres en un mois.", "fr").q.unit, "lb");
}

TEST_F(QuantityRecognizerTest, CurrenciesInEnglish) {
  Found f = One("The startup raised $ 12.5 million last week.", "en");
  EXPECT_EQ(f.q.value, 12.5e6);
  EXPECT_EQ(f.q.unit, "USD");
  EXPECT_EQ(f.text, "$ 12.5 million");
  EXPECT_EQ(One("It sold for US$30bn.", "en").q.value, 30e9);
  EXPECT_EQ(One("They paid 75 USD million in cash.", "en").q.value, 75e6);
  EXPECT_EQ(One("a fine of 2 million yen", "en").q.unit, "JPY");
  EXPECT_EQ(One("worth 900 chinese yuan", "en").q.unit, "CNY");
  EXPECT_DOUBLE_EQ(One("it costs 15 dollars 50", "en").q.value, 15.5);
  auto two = Find("10 $ then 30 $", "en");
  ASSERT_EQ(two.size(), 2u);
  EXPECT_EQ(two[1].q.value, 30);
  EXPECT_EQ(two[1].q.unit, "USD");
}

TEST_F(QuantityRecognizerTest, Percentages) {
  EXPECT_EQ(One("Le titre a reculé de 15 % mardi.", "fr").q.unit, "percent");
  EXPECT_EQ(One("Le titre a reculé de 15\u00a0% mardi.", "fr").q.value, 15);
  Found f = One("une baisse de cinq pour cent", "fr");
  EXPECT_EQ(f.q.value, 5);
  EXPECT_EQ(f.q.kind, "percent");
  EXPECT_EQ(One("a drop of 5 percent", "en").q.value, 5);
  EXPECT_EQ(One("a drop of twelve per cent", "en").q.value, 12);
  EXPECT_EQ(One("un écart de 2 points de pourcentage", "fr").q.unit, "percentage_point");
}

TEST_F(QuantityRecognizerTest, ComputeUnits) {
  Found f = One("Le modèle a demandé 300 000 heures GPU.", "fr");
  EXPECT_EQ(f.q.unit, "gpu_hour");
  EXPECT_EQ(f.q.value, 300000);
  EXPECT_EQ(One("trained for 1.5 million GPU hours", "en").q.unit, "gpu_hour");
  EXPECT_EQ(One("un cluster de 10 000 puces", "fr").q.unit, "gpu");
  EXPECT_EQ(One("a cluster of 16,384 accelerators", "en").q.unit, "gpu");
  f = One("un modèle de 70 milliards de paramètres", "fr");
  EXPECT_EQ(f.q.unit, "parameter");
  EXPECT_EQ(f.q.value, 70e9);
  f = One("La carte affiche un TPP de 3 200.", "fr");
  EXPECT_EQ(f.q.unit, "tpp");
  EXPECT_EQ(f.text, "TPP de 3 200");
  EXPECT_EQ(One("une puissance de 700 W", "fr").q.unit, "watt");
  EXPECT_EQ(One("gravée en 5 nm", "fr").q.unit, "nm");
  EXPECT_EQ(One("80 Go de mémoire", "fr").q.value, 80e9);
  EXPECT_EQ(One("reaching 4 petaflops", "en").q.value, 4e15);
}

TEST_F(QuantityRecognizerTest, DimensionsAndDurations) {
  EXPECT_EQ(One("une route de 12 km", "fr").q.unit, "km");
  EXPECT_EQ(One("a 29km road", "en").q.kind, "dimension");
  EXPECT_EQ(One("un colis de 4 kg", "fr").q.unit, "kg");
  EXPECT_EQ(One("a 3-inch screen", "en").q.unit, "inch");
  EXPECT_DOUBLE_EQ(One("he is 5 ft 6 in", "en").q.value, 5.5);
  Found f = One("une technologie vieille de cinq ans", "fr");
  EXPECT_EQ(f.q.unit, "year");
  EXPECT_EQ(f.q.kind, "duration");
  EXPECT_EQ(One("in 3 days", "en").q.unit, "day");
  // Not units: a time of day, "in" alone, a letter glued to a model number.
  EXPECT_TRUE(Find("meet at 6pm", "en").empty());
  EXPECT_TRUE(Find("Get together for 2 in april", "en")[0].q.unit.empty());
  EXPECT_TRUE(Find("la RTX 5090D", "fr").empty());
  EXPECT_TRUE(Find("le GPT-4o", "fr").empty());
}

TEST_F(QuantityRecognizerTest, BareNumbersKeepNoUnit) {
  auto all = Find("En 2024, 3 modèles et 2 commentaires.", "fr");
  ASSERT_EQ(all.size(), 3u);
  for (const Found& f : all) {
    EXPECT_EQ(f.q.unit, "");
    EXPECT_EQ(f.q.kind, "number");
  }
  EXPECT_TRUE(all[0].q.number.plain_integer);
  EXPECT_TRUE(Find("une puce et un serveur", "fr").empty());
  EXPECT_EQ(One("pour un penny", "fr").q.value, 1);  // an article before money counts
}

TEST_F(QuantityRecognizerTest, ApproximationMarkers) {
  EXPECT_EQ(One("près de 3 000 salariés", "fr").marker, "près de");
  EXPECT_EQ(One("plus de 10 % des ventes", "fr").marker, "plus de");
  EXPECT_EQ(One("avec seulement 500 puces", "fr").marker, "seulement");
  EXPECT_EQ(One("nearly 40 percent of sales", "en").marker, "nearly");
  EXPECT_EQ(One("more than $ 2 billion", "en").marker, "more than");
  EXPECT_EQ(One("only 800 chips", "en").marker, "only");
  EXPECT_FALSE(One("exactement 12 %", "fr").q.approx);
}

TEST_F(QuantityRecognizerTest, Ranges) {
  auto r = Find("Sa part est passée de 9 % en 2021 à 14 % en 2023.", "fr");
  ASSERT_EQ(r.size(), 4u);
  EXPECT_GE(r[0].q.range_id, 0);
  EXPECT_EQ(r[0].q.range_id, r[2].q.range_id);
  EXPECT_EQ(r[1].q.range_id, -1);  // the year between is not part of it
  r = Find("entre 3 et 5 millions de dollars", "fr", true);
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].q.value, 3e6);
  EXPECT_EQ(r[0].q.unit, "USD");
  EXPECT_TRUE(r[0].q.unit_from_range);
  EXPECT_EQ(r[0].q.range_id, r[1].q.range_id);
  r = Find("between 2 and 4 km", "en");
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].q.unit, "");  // written as is without propagation
  EXPECT_EQ(r[0].q.range_id, r[1].q.range_id);
}

}  // namespace
}  // namespace newsintel

namespace newsintel {
namespace {

// A copy of the real lexicons with one file replaced.
std::string LexiconsWith(const std::string& name, const std::string& body) {
  std::string dir = ::testing::TempDir() + "lex_" + name;
  std::string cmd = "rm -rf '" + dir + "' && cp -r '" + DefaultLexiconDir() + "' '" + dir + "'";
  EXPECT_EQ(std::system(cmd.c_str()), 0);
  std::ofstream(dir + "/" + name) << body;
  return dir;
}

// Units after a number are matched by hand: UnitAt() finds a unit only where the
// regular expression " *(?:- *)?(?:SURFACES)" over the post surfaces of units.tsv
// matches, and ends where it ends.
TEST_F(QuantityRecognizerTest, UnitAtEndsWhereTheSurfaceRegexEnds) {
  auto rows = ReadTsvFile(DefaultLexiconDir() + "/units.tsv", 5, 8);
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  std::vector<std::string> keys, patterns;
  for (const TsvRow& row : *rows) {
    if (row.fields[4] == "pre") continue;
    keys.push_back(FoldKey(row.fields[1]));
    patterns.push_back(LiteralPattern(keys.back()));
  }
  ASSERT_FALSE(keys.empty());
  RE2::Options options;
  options.set_longest_match(true);
  RE2 re(" *(?:- *)?(?:" + LongestFirst(patterns) + ")", options);
  ASSERT_TRUE(re.ok()) << re.error();
  std::vector<std::string> pieces = {" ", "  ", "-", "- ", "de ", "d'", "of ", "s", "2", "'", "x", "\xC3\xA9"};
  for (const std::string& k : keys) {
    pieces.push_back(k);
    pieces.push_back(k + "s");
    pieces.push_back(k.substr(0, k.size() / 2 + 1));
  }
  std::mt19937 rng(23);
  int found = 0;
  for (int round = 0; round < 3000; ++round) {
    std::string text = "2";
    int parts = 1 + static_cast<int>(rng() % 6);
    for (int i = 0; i < parts; ++i) text += pieces[rng() % pieces.size()];
    FoldedText f = FoldedText::Fold(text);
    const std::string& s = f.str();
    re2::StringPiece whole(s);
    for (size_t pos = 1; pos <= s.size(); ++pos) {
      std::string unit, kind;
      size_t end = 0;
      bool at = recognizer_->UnitAt(f, text, pos, "", &unit, &kind, &end);
      re2::StringPiece m;
      bool match = re.Match(whole, pos, std::min(s.size(), pos + 96), RE2::ANCHOR_START, &m, 1);
      if (!at) continue;
      ++found;
      ASSERT_TRUE(match) << "'" << s << "' at " << pos;
      ASSERT_EQ(end, pos + m.size()) << "'" << s << "' at " << pos;
    }
  }
  EXPECT_GT(found, 1000);
}

TEST(QuantityLexiconTest, BadLinesAreReportedWithFileAndLine) {
  auto r = QuantityRecognizer::Create(LexiconsWith("units.tsv", "*\tkm\tkm\tdimension\tpost\n*\tmi\tmile\tlength\tpost\n"));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("units.tsv:2: unknown kind 'length'"), std::string::npos)
      << r.status().message();
  r = QuantityRecognizer::Create(LexiconsWith("number_words.tsv", "en\tone\tunit\t1\nen\ttwo\tunit\ttwo\n"));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("number_words.tsv:2:"), std::string::npos) << r.status().message();
  r = QuantityRecognizer::Create(LexiconsWith("scales.tsv", "*\tk\t1e3\tany\tsideways\n"));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("scales.tsv:1: attach"), std::string::npos) << r.status().message();
  r = QuantityRecognizer::Create(LexiconsWith("approx_markers.tsv", "de\tetwa\n"));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("approx_markers.tsv:1:"), std::string::npos) << r.status().message();
}

}  // namespace
}  // namespace newsintel
