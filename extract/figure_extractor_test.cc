#include "extract/figure_extractor.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <fstream>

#include "extract/extractor.h"
#include "extract/sentences.h"

namespace newsintel {
namespace {

class FigureExtractorTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto x = FigureExtractor::Create(DefaultLexiconDir());
    ASSERT_TRUE(x.ok()) << x.status().ToString();
    extractor_ = std::move(*x).release();
    splitter_ = new SentenceSplitter();
  }
  static void TearDownTestSuite() {
    delete extractor_;
    delete splitter_;
  }

  // Runs the figure extractor on `text` after adding `entities` (name, type, as
  // written) and `chips` (name, as written) at their first occurrence.
  std::vector<Figure> Run(const std::string& text, const std::string& lang,
                          const std::vector<std::vector<std::string>>& entities,
                          const std::vector<std::pair<std::string, std::string>>& chips = {}) {
    extraction_ = Extraction();
    extraction_.document.text = text;
    extraction_.document.lang = lang;
    for (const auto& e : entities) {
      size_t from = 0;
      while (true) {
        size_t at = text.find(e[2], from);
        if (at == std::string::npos) break;
        EntityMention m;
        m.name = e[0];
        m.type = e[1];
        m.text = e[2];
        m.start = static_cast<uint32_t>(at);
        m.end = static_cast<uint32_t>(at + e[2].size());
        extraction_.entities.push_back(m);
        from = at + 1;
      }
    }
    for (const auto& c : chips) {
      size_t at = text.find(c.second);
      EXPECT_NE(at, std::string::npos);
      ChipMention m;
      m.name = c.first;
      m.text = c.second;
      m.start = static_cast<uint32_t>(at);
      m.end = static_cast<uint32_t>(at + c.second.size());
      extraction_.chips.push_back(m);
    }
    ExtractContext context;
    context.doc = &extraction_.document;
    context.folded = FoldedText::Fold(text);
    context.sentences = splitter_->Split(text, lang);
    extractor_->Run(context, &extraction_);
    for (const Figure& f : extraction_.figures) {
      EXPECT_EQ(text.substr(f.start, f.end - f.start), f.text);
    }
    return extraction_.figures;
  }

  static FigureExtractor* extractor_;
  static SentenceSplitter* splitter_;
  Extraction extraction_;
};

FigureExtractor* FigureExtractorTest::extractor_ = nullptr;
SentenceSplitter* FigureExtractorTest::splitter_ = nullptr;

TEST_F(FigureExtractorTest, TrainingFiguresTakeTheModelAsSubject) {
  std::string text =
      "Selon la start-up Zephyr, son modèle Zephyr-2 a été entraîné sur 4\u202f096 puces "
      "pendant 1,2 million d'heures GPU, pour un coût d'environ 3,4 millions de dollars.";
  auto figs = Run(text, "fr", {{"Zephyr", "ORG", "Zephyr"}, {"Zephyr-2", "MODEL", "Zephyr-2"}});
  ASSERT_EQ(figs.size(), 3u);
  EXPECT_EQ(figs[0].value, 4096);
  EXPECT_EQ(figs[0].unit, "gpu");
  EXPECT_EQ(figs[0].metric, "training_gpus");
  EXPECT_EQ(figs[0].subject, "Zephyr-2");
  EXPECT_EQ(figs[0].precision, 1);
  EXPECT_EQ(figs[1].value, 1.2e6);
  EXPECT_EQ(figs[1].unit, "gpu_hour");
  EXPECT_EQ(figs[1].metric, "training_compute");
  EXPECT_EQ(figs[1].precision, 100000);
  EXPECT_EQ(figs[2].value, 3.4e6);
  EXPECT_EQ(figs[2].unit, "USD");
  EXPECT_EQ(figs[2].kind, "currency");
  EXPECT_EQ(figs[2].metric, "training_cost");
  EXPECT_EQ(figs[2].subject, "Zephyr-2");
  EXPECT_TRUE(figs[2].approx);
  EXPECT_EQ(figs[2].approx_marker, "d'environ");
}

TEST_F(FigureExtractorTest, ModelOfThePreviousSentence) {
  std::string text =
      "Orbis-7 est le nouveau modèle de la société Orbis. "
      "Orbis affirme l'avoir entraîné avec seulement 1 500 GPU.";
  auto figs = Run(text, "fr", {{"Orbis-7", "MODEL", "Orbis-7"}, {"Orbis", "ORG", "Orbis "}});
  ASSERT_EQ(figs.size(), 1u);
  EXPECT_EQ(figs[0].metric, "training_gpus");
  EXPECT_EQ(figs[0].subject, "Orbis-7");
  EXPECT_EQ(figs[0].approx_marker, "seulement");
  EXPECT_EQ(figs[0].precision, 100);
}

TEST_F(FigureExtractorTest, CountBeforeAChipName) {
  std::string text = "La société Kelp a réuni 8192 H100 pour entraîner son modèle.";
  auto figs = Run(text, "fr", {{"Kelp", "ORG", "Kelp"}}, {{"H100", "H100"}});
  ASSERT_EQ(figs.size(), 1u);
  EXPECT_EQ(figs[0].value, 8192);
  EXPECT_EQ(figs[0].unit, "gpu");
  EXPECT_EQ(figs[0].text, "8192 H100");
  EXPECT_EQ(figs[0].metric, "training_gpus");
  EXPECT_EQ(figs[0].subject, "Kelp");
}

TEST_F(FigureExtractorTest, NotFigures) {
  std::string text =
      "En 2023, la H20 puis la RTX 5090D ont été visées par la règle 3A090 ; le modèle "
      "GPT-4o et la version V3 aussi. Appelez le 01 23 45 67 89 ou lisez le 3e rapport "
      "publié le 12/03/2024, avec 2 commentaires et une puce.";
  auto figs = Run(text, "fr", {{"GPT-4o", "MODEL", "GPT-4o"}}, {{"H20", "H20"}, {"RTX 5090D", "RTX 5090D"}});
  for (const Figure& f : figs) ADD_FAILURE() << "unexpected figure " << f.text;
}

TEST_F(FigureExtractorTest, MarketFiguresTakeCollectiveSubjects) {
  std::string text =
      "Les valeurs technologiques américaines ont perdu 800 milliards de dollars en une séance. "
      "Le titre de Nimbus a chuté de 12 % ce jour-là.";
  auto figs = Run(text, "fr", {{"Nimbus", "ORG", "Nimbus"}});
  ASSERT_EQ(figs.size(), 2u);
  EXPECT_EQ(figs[0].value, 800e9);
  EXPECT_EQ(figs[0].metric, "market_value_loss");
  EXPECT_EQ(figs[0].subject, "US tech stocks");
  EXPECT_EQ(figs[0].precision, 1e11);
  EXPECT_EQ(figs[1].value, 12);
  EXPECT_EQ(figs[1].metric, "share_price_change");
  EXPECT_EQ(figs[1].subject, "Nimbus");
}

TEST_F(FigureExtractorTest, RevenueShareLooksBackForAPlace) {
  std::string text =
      "Les enquêteurs s'intéressent à la Malaisie. La part de ce pays dans le chiffre d'affaires "
      "de Nimbus est passée de 4 % en 2021 à 11 % en 2024.";
  auto figs = Run(text, "fr", {{"Malaysia", "LOC", "Malaisie"}, {"Nimbus", "ORG", "Nimbus"}});
  ASSERT_EQ(figs.size(), 2u);
  for (const Figure& f : figs) {
    EXPECT_EQ(f.metric, "revenue_share");
    EXPECT_EQ(f.subject, "Malaysia");
    EXPECT_EQ(f.unit, "percent");
  }
  EXPECT_GE(figs[0].range_id, 0);
  EXPECT_EQ(figs[0].range_id, figs[1].range_id);
}

TEST_F(FigureExtractorTest, EnglishFigures) {
  std::string text =
      "Shares of Nimbus fell 17 percent on Monday. Tech giants spent about $ 150 billion on "
      "capital expenditure, and the Vela-3 model has 405 billion parameters. The RTX 4080 has a "
      "TPP of 3,900.";
  auto figs = Run(text, "en", {{"Nimbus", "ORG", "Nimbus"}, {"Vela-3", "MODEL", "Vela-3"}},
                  {{"RTX 4080", "RTX 4080"}});
  ASSERT_EQ(figs.size(), 4u);
  EXPECT_EQ(figs[0].metric, "share_price_change");
  EXPECT_EQ(figs[0].subject, "Nimbus");
  EXPECT_EQ(figs[1].value, 150e9);
  EXPECT_EQ(figs[1].metric, "capex");
  EXPECT_EQ(figs[1].subject, "big tech");
  EXPECT_EQ(figs[1].approx_marker, "about");
  EXPECT_EQ(figs[2].unit, "parameter");
  EXPECT_EQ(figs[2].metric, "model_size");
  EXPECT_EQ(figs[2].subject, "Vela-3");
  EXPECT_EQ(figs[3].value, 3900);
  EXPECT_EQ(figs[3].unit, "tpp");
  EXPECT_EQ(figs[3].subject, "RTX 4080");
}

TEST_F(FigureExtractorTest, SpelledOutFigures) {
  auto figs = Run("Le groupe emploie deux cent mille salariés depuis quatre-vingt-dix jours.", "fr", {});
  ASSERT_EQ(figs.size(), 2u);
  EXPECT_EQ(figs[0].value, 200000);
  EXPECT_EQ(figs[0].unit, "employee");
  EXPECT_EQ(figs[0].precision, 100000);
  EXPECT_EQ(figs[1].value, 90);
  EXPECT_EQ(figs[1].unit, "day");
}

}  // namespace
}  // namespace newsintel

namespace newsintel {
namespace {

TEST_F(FigureExtractorTest, RunOnSentenceStaysLinear) {
  // Hostile input: 20 000 figures in one sentence without a full stop. Every
  // figure still gets its nearby metric and subject; the time grew with the
  // square of the sentence length before subjects and metrics were looked
  // for near the figure only (minutes for a megabyte).
  std::string unit = "Orvalis a payé 12 millions de dollars pour des puces, ";
  std::string text;
  for (int i = 0; i < 20000; ++i) text += unit;
  auto start = std::chrono::steady_clock::now();
  auto figs = Run(text, "fr", {{"Orvalis", "ORG", "Orvalis"}});
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_EQ(figs.size(), 20000u);
  EXPECT_EQ(figs[0].subject, "Orvalis");
  EXPECT_EQ(figs[19999].subject, "Orvalis");
  EXPECT_EQ(figs[19999].metric, figs[0].metric);
  EXPECT_LT(seconds, 60.0);  // about 1 s in a sanitizer build
}

TEST(FigureLexiconTest, BadMetricLinesAreReported) {
  std::string dir = ::testing::TempDir() + "lex_metrics";
  std::string cmd = "rm -rf '" + dir + "' && cp -r '" + DefaultLexiconDir() + "' '" + dir + "'";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  std::ofstream(dir + "/metric_subjects.tsv") << "capex\tGROUP,ORG\ntpp\tCHIP,PLANET\n";
  auto x = FigureExtractor::Create(dir);
  ASSERT_FALSE(x.ok());
  EXPECT_NE(x.status().message().find("metric_subjects.tsv:2: unknown candidate kind 'PLANET'"),
            std::string::npos)
      << x.status().message();
}

}  // namespace
}  // namespace newsintel
