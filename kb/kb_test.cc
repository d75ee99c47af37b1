#include "kb/kb.h"

#include <sqlite3.h>

#include <algorithm>
#include <set>
#include <iomanip>
#include <sstream>

#include "gtest/gtest.h"
#include "kb/format.h"
#include "kb/kb_test_util.h"

namespace newsintel {
namespace {

using kb_testing::Builder;
using kb_testing::Corpus;
using kb_testing::TempDb;

std::unique_ptr<KnowledgeBase> OpenKb(const std::string& path) {
  auto kb = KnowledgeBase::Open(path);
  EXPECT_TRUE(kb.ok()) << kb.status().ToString();
  return kb.ok() ? std::move(*kb) : nullptr;
}

IngestStats IngestAll(KnowledgeBase* kb, const std::vector<Extraction>& xs, std::vector<int> order) {
  std::vector<IngestItem> items;
  for (int i : order) items.push_back({&xs[i], ""});
  auto stats = kb->Ingest(items);
  EXPECT_TRUE(stats.ok()) << stats.status().ToString();
  return stats.ok() ? *stats : IngestStats();
}

// Contradictions as comparable strings: subject, metric, unit, verdict, docs=values.
std::vector<std::string> Summary(KnowledgeBase* kb) {
  auto rows = kb->Contradictions({});
  EXPECT_TRUE(rows.ok()) << rows.status().ToString();
  std::vector<std::string> out;
  for (const ContradictionRow& k : *rows) {
    std::vector<std::string> values;
    for (const FigureRow& v : k.values) {
      std::ostringstream s;
      s << v.source.doc << "=" << std::setprecision(15) << v.value;
      values.push_back(s.str());
    }
    std::sort(values.begin(), values.end());
    std::string line = k.subject + "|" + k.metric + "|" + k.unit + "|" + k.verdict;
    for (const std::string& v : values) line += "|" + v;
    out.push_back(line);
  }
  return out;
}

int64_t Count(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_stmt* s = nullptr;
  int64_t n = -1;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW) {
    n = sqlite3_column_int64(s, 0);
  }
  sqlite3_finalize(s);
  sqlite3_close(db);
  return n;
}

TEST(KnowledgeBaseTest, FindsTheFourContradictionsWithVerdicts) {
  std::string path = TempDb("four");
  auto kb = OpenKb(path);
  std::vector<Extraction> xs = Corpus();
  IngestStats st = IngestAll(kb.get(), xs, {0, 1, 2, 3});
  EXPECT_EQ(st.new_articles, 4);
  EXPECT_EQ(st.contradictions, 4);
  EXPECT_TRUE(st.errors.empty());
  std::vector<std::string> got = Summary(kb.get());
  std::vector<std::string> want = {
      "Orbis-3|training_compute|gpu_hour|rounding|a1.txt=2780000|a2.txt=2800000",
      "Orbis-3|training_cost|USD|rounding|a3.txt=5600000|a4.txt=6000000",
      "Orbis-3|training_gpus|gpu|rounding|a1.txt=2048|a2.txt=2000",
      "US stock market|market_value_loss|USD|conflict|a1.txt=1000000000000|a2.txt=2000000000000",
  };
  EXPECT_EQ(got, want);
}

TEST(KnowledgeBaseTest, SameGroupsInAnyOrderAndWhenIngestedTwice) {
  std::vector<Extraction> xs = Corpus();
  auto a = OpenKb(TempDb("order-a"));
  IngestAll(a.get(), xs, {0, 1, 2, 3});
  auto b = OpenKb(TempDb("order-b"));
  IngestAll(b.get(), xs, {3, 1});
  IngestAll(b.get(), xs, {2});
  IngestAll(b.get(), xs, {0});
  EXPECT_EQ(Summary(a.get()), Summary(b.get()));
  std::vector<std::string> before = Summary(a.get());
  IngestStats again = IngestAll(a.get(), xs, {2, 0, 3, 1});
  EXPECT_EQ(again.unchanged, 4);
  EXPECT_EQ(again.new_articles + again.updated + again.refreshed, 0);
  EXPECT_EQ(Summary(a.get()), before);
}

TEST(KnowledgeBaseTest, ReingestingTheSameArticleChangesNothing) {
  std::string path = TempDb("same");
  std::vector<Extraction> xs = Corpus();
  {
    auto kb = OpenKb(path);
    IngestAll(kb.get(), xs, {0, 1, 2, 3});
  }
  int64_t changes_before = Count(path, "SELECT count(*) FROM figures") * 1000 + Count(path, "SELECT max(id) FROM claims");
  std::string ingested = std::to_string(Count(path, "SELECT count(*) FROM articles WHERE ingested IS NOT NULL"));
  {
    auto kb = OpenKb(path);
    IngestStats st = IngestAll(kb.get(), xs, {0, 1, 2, 3});
    EXPECT_EQ(st.unchanged, 4);
    EXPECT_EQ(st.facts, 0);
  }
  EXPECT_EQ(Count(path, "SELECT count(*) FROM figures") * 1000 + Count(path, "SELECT max(id) FROM claims"),
            changes_before);
  EXPECT_EQ(Count(path, "SELECT count(*) FROM article_history"), 0);
}

TEST(KnowledgeBaseTest, ChangedArticleReplacesItsFactsAndKeepsTheOldHash) {
  std::string path = TempDb("changed");
  std::vector<Extraction> xs = Corpus();
  auto kb = OpenKb(path);
  IngestAll(kb.get(), xs, {0, 1, 2, 3});
  std::string old_hash;
  // The French article now says 3 000 GPUs: no longer a rounding of 2,048.
  Extraction changed = Builder("a2.txt", "La start-up Orbis dit avoir utilisé 3 000 GPU pour Orbis-3.", "fr")
                           .Meta("Le Quotidien", "https://www.lequotidien.example/b2", "2025-01-29")
                           .Entity("Orbis", "ORG", "Orbis")
                           .Entity("Orbis-3", "MODEL", "Orbis-3")
                           .Fig("3 000 GPU", 3000, "gpu", "training_gpus", "Orbis")
                           .Get();
  auto st = kb->Ingest({{&changed, ""}});
  ASSERT_TRUE(st.ok()) << st.status().ToString();
  EXPECT_EQ(st->updated, 1);
  EXPECT_EQ(st->new_articles, 0);  // same canonical URL (tracking parameter dropped)
  EXPECT_EQ(Count(path, "SELECT count(*) FROM articles"), 4);
  EXPECT_EQ(Count(path, "SELECT count(*) FROM article_history"), 1);
  EXPECT_EQ(Count(path, "SELECT count(*) FROM figures f JOIN articles a ON a.id = f.article_id WHERE a.doc = 'a2.txt'"), 1);
  EXPECT_EQ(Count(path, "SELECT count(*) FROM claims WHERE modality = 'denied'"), 0);
  std::vector<std::string> want = {
      "Orbis-3|training_cost|USD|rounding|a3.txt=5600000|a4.txt=6000000",
      "Orbis-3|training_gpus|gpu|conflict|a1.txt=2048|a2.txt=3000",
  };
  EXPECT_EQ(Summary(kb.get()), want);
  // The full-text indexes forgot the old version.
  QueryFilter old_words;
  old_words.search = "controles";
  EXPECT_TRUE(kb->Claims(old_words)->empty());
  old_words.search = "boursier";
  EXPECT_TRUE(kb->Figures(old_words)->empty());
  old_words.search = "3 000";
  EXPECT_EQ(kb->Figures(old_words)->size(), 1u);
}

TEST(KnowledgeBaseTest, DenialIsLinkedToTheClaimItDenies) {
  auto kb = OpenKb(TempDb("links"));
  std::vector<Extraction> xs = Corpus();
  IngestAll(kb.get(), xs, {1});  // the denial comes first
  IngestAll(kb.get(), xs, {0, 2, 3});
  QueryFilter denied;
  denied.modality = "denied";
  auto rows = kb->Claims(denied);
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].denies.size(), 2u);  // the allegation in both English articles
  QueryFilter alleged;
  alleged.modality = "alleged";
  auto targets = kb->Claims(alleged);
  ASSERT_TRUE(targets.ok());
  ASSERT_EQ(targets->size(), 2u);
  for (const ClaimRow& c : *targets) EXPECT_EQ(c.denied_by, std::vector<int64_t>{(*rows)[0].id});
}

TEST(KnowledgeBaseTest, ADenialWithoutTopicDeniesWhatIsSaidAboutItsSpeaker) {
  auto kb = OpenKb(TempDb("speaker-denial"));
  Extraction x = Builder("d.txt",
                         "Regulators alleged that Orbis hid its revenue. Orbis denied any wrongdoing. "
                         "Analysts alleged that Kestrel hid its losses.")
                     .Meta("Tech Wire", "https://techwire.example/d", "2025-03-01")
                     .Entity("Orbis", "ORG", "Orbis")
                     .Entity("Orbis", "ORG", "Orbis", 1)
                     .Entity("Kestrel", "ORG", "Kestrel")
                     .Claim("Orbis hid its revenue", "Regulators", "alleged", {"Orbis"})
                     .Claim("Orbis denied any wrongdoing", "Orbis", "denied", {})
                     .Claim("Kestrel hid its losses", "Analysts", "alleged", {"Kestrel"})
                     .Get();
  ASSERT_TRUE(kb->Ingest({{&x, ""}}).ok());
  QueryFilter f;
  f.modality = "denied";
  auto rows = kb->Claims(f);
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 1u);
  ASSERT_EQ((*rows)[0].denies.size(), 1u);
  auto sources = kb->Sources("c" + std::to_string((*rows)[0].denies[0]));
  ASSERT_TRUE(sources.ok());
  EXPECT_EQ(sources->label, "Orbis hid its revenue");
}

class QueryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    kb_ = OpenKb(TempDb("queries"));
    xs_ = Corpus();
    IngestAll(kb_.get(), xs_, {0, 1, 2, 3});
  }
  std::vector<ClaimRow> Claims(QueryFilter f) {
    auto r = kb_->Claims(f);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : std::vector<ClaimRow>();
  }
  std::vector<FigureRow> Figures(QueryFilter f) {
    auto r = kb_->Figures(f);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : std::vector<FigureRow>();
  }
  std::unique_ptr<KnowledgeBase> kb_;
  std::vector<Extraction> xs_;
};

TEST_F(QueryTest, ClaimsByEntityAliasInEitherLanguage) {
  QueryFilter f;
  f.entity = "Singapour";  // the French alias
  std::vector<ClaimRow> rows = Claims(f);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].source.outlet, "Tech Wire");
  EXPECT_EQ(rows[1].source.outlet, "Daily Ledger");
  EXPECT_EQ(rows[0].about, (std::vector<std::string>{"Orbis", "Singapore"}));
  f.entity = "nobody known";
  EXPECT_TRUE(Claims(f).empty());
}

TEST_F(QueryTest, ClaimsBySpeakerModalityOutletSinceLang) {
  QueryFilter f;
  f.speaker = "roe";
  EXPECT_EQ(Claims(f).size(), 2u);
  f = QueryFilter();
  f.modality = "denied";
  ASSERT_EQ(Claims(f).size(), 1u);
  EXPECT_EQ(Claims(f)[0].speaker, "Orbis");
  f = QueryFilter();
  f.outlet = "quotidien";
  EXPECT_EQ(Claims(f).size(), 1u);
  f = QueryFilter();
  f.since = "2025-01-30";
  ASSERT_EQ(Claims(f).size(), 1u);
  EXPECT_EQ(Claims(f)[0].source.doc, "a3.txt");
  f = QueryFilter();
  f.lang = "fr";
  EXPECT_EQ(Claims(f).size(), 1u);
  f.limit = 0;
  f = QueryFilter();
  f.limit = 1;
  EXPECT_EQ(Claims(f).size(), 1u);
}

TEST_F(QueryTest, SearchIsAccentInsensitive) {
  QueryFilter f;
  f.search = "controles exportation";  // typed without accents
  std::vector<ClaimRow> rows = Claims(f);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].modality, "denied");
  f.search = "singap*";
  EXPECT_EQ(Claims(f).size(), 2u);
  f.search = "\"unbalanced";  // never an FTS syntax error
  EXPECT_TRUE(Claims(f).empty());
  QueryFilter g;
  g.search = "marche boursier";
  std::vector<FigureRow> figures = Figures(g);
  EXPECT_EQ(figures.size(), 3u);  // every figure of the French article that says it
}

TEST_F(QueryTest, FiguresFilters) {
  QueryFilter f;
  f.entity = "Orbis";  // figures about Orbis and the groups they belong to
  std::vector<FigureRow> rows = Figures(f);
  std::set<std::string> metrics;
  for (const FigureRow& r : rows) metrics.insert(r.metric);
  EXPECT_EQ(metrics, (std::set<std::string>{"training_cost", "training_gpus"}));
  f.entity = "Orbis-3";
  EXPECT_EQ(Figures(f).size(), 6u);
  f = QueryFilter();
  f.lang = "fr";
  f.outlet = "lequotidien.example";
  EXPECT_EQ(Figures(f).size(), 6u);
  f = QueryFilter();
  EXPECT_EQ(Figures(f).size(), 10u);
  for (const FigureRow& r : Figures(f)) {
    EXPECT_EQ(r.contradiction_id != 0, r.metric != "revenue_share") << r.text;
  }
}

TEST_F(QueryTest, ContradictionsFilters) {
  QueryFilter f;
  f.lang = "en";
  f.since = "2025-01-30";
  auto rows = kb_->Contradictions(f);
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].metric, "training_cost");
  EXPECT_EQ((*rows)[0].values.size(), 2u);  // all members, not only those that passed
  f = QueryFilter();
  f.entity = "Orbis-3";
  rows = kb_->Contradictions(f);
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(rows->size(), 3u);
}

TEST_F(QueryTest, EntityProfile) {
  auto p = kb_->Entity("orbis", {});
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ(p->name, "Orbis");
  EXPECT_EQ(p->type, "ORG");
  ASSERT_EQ(p->mentions_by_outlet.size(), 3u);
  EXPECT_EQ(p->mentions_by_outlet[0], (std::pair<std::string, int64_t>("Le Quotidien", 2)));
  EXPECT_EQ(p->claims_by.size(), 1u);
  EXPECT_EQ(p->claims_about.size(), 3u);
  EXPECT_EQ(p->chips.size(), 1u);
  EXPECT_FALSE(p->figures.empty());
  auto s = kb_->Entity("Singapour", {});
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->name, "Singapore");
  EXPECT_NE(std::find(s->aliases.begin(), s->aliases.end(), "Singapour"), s->aliases.end());
  EXPECT_EQ(kb_->Entity("Atlantis", {}).status().code(), Status::Code::kNotFound);
}

TEST_F(QueryTest, SourcesQuoteTheExactOriginalBytes) {
  QueryFilter f;
  f.modality = "alleged";
  std::vector<ClaimRow> claims = Claims(f);
  ASSERT_FALSE(claims.empty());
  auto rep = kb_->Sources("c" + std::to_string(claims[0].id));
  ASSERT_TRUE(rep.ok()) << rep.status().ToString();
  ASSERT_EQ(rep->sources.size(), 2u);
  EXPECT_EQ(rep->sources[0].source.outlet, "Tech Wire");
  EXPECT_EQ(rep->sources[1].source.outlet, "Daily Ledger");
  for (const SourceRow& s : rep->sources) {
    const std::string& text = s.source.doc == "a1.txt" ? xs_[0].document.text : xs_[2].document.text;
    EXPECT_EQ(s.quote, text.substr(s.source.start, s.source.end - s.source.start));
    EXPECT_EQ(s.quote.rfind("Senator Jane Roe", 0) == 0 || s.quote.rfind("Jane Roe", 0) == 0, true) << s.quote;
    EXPECT_NE(s.quote.find(s.item_text), std::string::npos);
  }
  // A figure: every outlet that reported a value of its group.
  std::vector<FigureRow> figs = Figures({});
  auto french = std::find_if(figs.begin(), figs.end(), [](const FigureRow& r) { return r.value == 2800000; });
  ASSERT_NE(french, figs.end());
  auto frep = kb_->Sources("f" + std::to_string(french->id));
  ASSERT_TRUE(frep.ok());
  ASSERT_EQ(frep->sources.size(), 2u);
  const std::string& fr_text = xs_[1].document.text;
  const SourceRow& fr = frep->sources[1];
  EXPECT_EQ(fr.source.doc, "a2.txt");
  EXPECT_EQ(fr.quote, fr_text.substr(fr.source.start, fr.source.end - fr.source.start));
  EXPECT_NE(fr.quote.find("d\u2019heures"), std::string::npos);  // the typographic apostrophe, as written
  EXPECT_EQ(kb_->Sources("x1").status().code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(kb_->Sources("c999999").status().code(), Status::Code::kNotFound);
}

TEST(KnowledgeBaseTest, ItemsWithBadSpansAreNotStored) {
  auto kb = OpenKb(TempDb("spans"));
  Extraction x = Builder("bad.txt", "Orbis said 12 things.").Fig("12", 12, "thing", "count", "Orbis").Get();
  x.figures.push_back(x.figures[0]);
  x.figures[1].start = 30;
  x.figures[1].end = 40;  // past the end of the text
  auto st = kb->Ingest({{&x, ""}});
  ASSERT_TRUE(st.ok());
  EXPECT_EQ(st->facts, 1);
}

TEST(KnowledgeBaseTest, ReadOnlyRefusesWrites) {
  std::string path = TempDb("ro");
  OpenKb(path);
  KbOptions ro;
  ro.read_only = true;
  auto kb = KnowledgeBase::Open(path, ro);
  ASSERT_TRUE(kb.ok()) << kb.status().ToString();
  Extraction x = Builder("r.txt", "text").Get();
  EXPECT_FALSE((*kb)->Ingest({{&x, ""}}).ok());
  auto missing = KnowledgeBase::Open(TempDb("absent"), ro);
  EXPECT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("sqlite"), std::string::npos);
}

}  // namespace
}  // namespace newsintel
