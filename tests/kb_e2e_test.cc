// End-to-end: `newsintel ingest` and the knowledge-base queries, run as the
// real binary on a KB built in the test and on the seeds.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "extract/normalize.h"
#include "kb/kb.h"
#include "kb/kb_test_util.h"
#include "tests/test_util.h"

namespace newsintel {
namespace {

using testing::RunNewsintel;
using testing::RunShell;

std::vector<std::string> Lines(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  std::string line;
  while (std::getline(in, line)) out.push_back(line);
  return out;
}

// Every line must parse as one JSON object.
std::vector<simdjson::dom::object> ParseJsonl(simdjson::dom::parser* parsers, size_t n_parsers,
                                              const std::string& out) {
  std::vector<simdjson::dom::object> objects;
  std::vector<std::string> lines = Lines(out);
  EXPECT_LE(lines.size(), n_parsers);
  for (size_t i = 0; i < lines.size() && i < n_parsers; ++i) {
    simdjson::dom::object obj;
    auto error = parsers[i].parse(lines[i]).get(obj);
    EXPECT_FALSE(error) << "not a JSON object: " << lines[i];
    if (!error) objects.push_back(obj);
  }
  return objects;
}

std::string Str(simdjson::dom::object o, const char* key) {
  std::string_view v;
  if (o[key].get(v)) return "";
  return std::string(v);
}

size_t CodePoints(const std::string& s) {
  size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

// A KB built in-process from hand-made extractions (see kb/kb_test_util.h).
class KbCommandsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    db_ = new std::string(kb_testing::TempDb("e2e-queries"));
    corpus_ = new std::vector<Extraction>(kb_testing::Corpus());
    auto kb = KnowledgeBase::Open(*db_);
    ASSERT_TRUE(kb.ok());
    std::vector<IngestItem> items;
    for (const Extraction& x : *corpus_) items.push_back({&x, ""});
    ASSERT_TRUE((*kb)->Ingest(items).ok());
  }
  static void TearDownTestSuite() {
    delete db_;
    delete corpus_;
  }
  testing::CommandResult Run(const std::string& args) { return RunNewsintel(args + " --db " + *db_); }

  static std::string* db_;
  static std::vector<Extraction>* corpus_;
  simdjson::dom::parser parsers_[16];
};
std::string* KbCommandsTest::db_ = nullptr;
std::vector<Extraction>* KbCommandsTest::corpus_ = nullptr;

TEST_F(KbCommandsTest, ClaimsJsonlWithEntityAliasFilter) {
  auto r = Run("claims --format jsonl --entity Singapour");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto rows = ParseJsonl(parsers_, 16, r.out);
  ASSERT_EQ(rows.size(), 2u);
  for (auto& o : rows) {
    EXPECT_EQ(Str(o, "modality"), "alleged");
    EXPECT_EQ(Str(o, "text"), "Orbis obtained banned chips through Singapore");
    EXPECT_EQ(Str(o, "id").substr(0, 1), "c");
  }
  EXPECT_EQ(Str(rows[0], "outlet"), "Tech Wire");
}

TEST_F(KbCommandsTest, ClaimsFiltersAndTable) {
  auto r = Run("claims --speaker Roe --since 2025-01-30 --format jsonl");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Lines(r.out).size(), 1u);
  r = Run("claims --modality denied --lang fr --outlet quotidien --search 'controles' --format jsonl");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto rows = ParseJsonl(parsers_, 16, r.out);
  ASSERT_EQ(rows.size(), 1u);
  simdjson::dom::array denies;
  ASSERT_FALSE(rows[0]["denies"].get(denies));
  EXPECT_EQ(denies.size(), 2u);
  r = Run("claims");  // table by default
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::vector<std::string> lines = Lines(r.out);
  ASSERT_EQ(lines.size(), 4u);  // header and three claims
  for (const std::string& l : lines) EXPECT_LE(CodePoints(l), 100u) << l;
  EXPECT_NE(r.out.find("\u2026"), std::string::npos);  // long claims are cut with an ellipsis
}

TEST_F(KbCommandsTest, CsvIsRfc4180) {
  auto r = Run("claims --format csv");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::vector<std::string> lines = Lines(r.out);
  ASSERT_EQ(lines.size(), 4u);
  for (const std::string& l : lines) EXPECT_EQ(l.back(), '\r');  // CRLF
  EXPECT_EQ(lines[0].rfind("id,published,outlet,lang,speaker,modality,about,text,", 0), 0u);
  // The about field "Orbis; Singapore" has no comma; the French outlet's claim
  // text has none either, so look at figures, whose "as written" has commas.
  r = Run("figures --format csv --lang en");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find(",\"2,048 H800\","), std::string::npos) << r.out;
}

TEST_F(KbCommandsTest, FiguresAndContradictions) {
  auto r = Run("figures --format jsonl --lang fr");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(ParseJsonl(parsers_, 16, r.out).size(), 6u);
  r = Run("figures --entity Orbis-3");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const std::string& l : Lines(r.out)) EXPECT_LE(CodePoints(l), 100u) << l;
  r = Run("contradictions --format jsonl");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto rows = ParseJsonl(parsers_, 16, r.out);
  ASSERT_EQ(rows.size(), 4u);
  std::multiset<std::string> verdicts;
  for (auto& k : rows) {
    verdicts.insert(Str(k, "verdict"));
    EXPECT_FALSE(Str(k, "subject").empty());
    EXPECT_FALSE(Str(k, "metric").empty());
    EXPECT_FALSE(Str(k, "unit").empty());
    simdjson::dom::array values;
    ASSERT_FALSE(k["values"].get(values));
    EXPECT_GE(values.size(), 2u);
    for (simdjson::dom::element v : values) {
      simdjson::dom::object o = v;
      EXPECT_FALSE(Str(o, "doc").empty());
      EXPECT_FALSE(Str(o, "text").empty());
      EXPECT_FALSE(Str(o, "url").empty());
      EXPECT_FALSE(Str(o, "outlet").empty());
      double value;
      EXPECT_FALSE(o["value"].get(value));
    }
  }
  EXPECT_EQ(verdicts, (std::multiset<std::string>{"conflict", "rounding", "rounding", "rounding"}));
  r = Run("contradictions --format table");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("conflict"), std::string::npos);
  r = Run("contradictions --format csv --outlet ledger");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Lines(r.out).size(), 3u);  // header and the two values of the cost group
}

TEST_F(KbCommandsTest, EntityProfile) {
  auto r = Run("entity --format jsonl 'orbis'");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto rows = ParseJsonl(parsers_, 16, r.out);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(Str(rows[0], "name"), "Orbis");
  EXPECT_EQ(Str(rows[0], "type"), "ORG");
  simdjson::dom::array by, about, chips;
  ASSERT_FALSE(rows[0]["claims_by"].get(by));
  ASSERT_FALSE(rows[0]["claims_about"].get(about));
  ASSERT_FALSE(rows[0]["chips"].get(chips));
  EXPECT_EQ(by.size(), 1u);
  EXPECT_EQ(about.size(), 3u);
  EXPECT_EQ(chips.size(), 1u);
  r = Run("entity Singapour");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("Singapore (LOC)", 0), 0u) << r.out;
  r = Run("entity --format csv Singapore");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("alias,,Singapour,"), std::string::npos);
  r = Run("entity Atlantis");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err.rfind("newsintel: entity: ", 0), 0u) << r.err;
}

TEST_F(KbCommandsTest, SourcesQuoteTheExactOriginalBytes) {
  auto figures = Run("figures --format jsonl --search heures");
  ASSERT_EQ(figures.exit_code, 0) << figures.err;
  std::string id;
  for (auto& o : ParseJsonl(parsers_, 16, figures.out)) {
    if (Str(o, "unit") == "gpu_hour") id = Str(o, "id");
  }
  ASSERT_FALSE(id.empty());
  auto r = Run("sources --format jsonl " + id);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto rows = ParseJsonl(parsers_, 16, r.out);
  ASSERT_EQ(rows.size(), 2u);  // the English and the French report
  std::set<std::string> outlets;
  for (auto& o : rows) {
    outlets.insert(Str(o, "outlet"));
    const Extraction* x = nullptr;
    for (const Extraction& e : *corpus_) {
      if (e.document.doc == Str(o, "doc")) x = &e;
    }
    ASSERT_NE(x, nullptr);
    int64_t start = 0, end = 0;
    ASSERT_FALSE(o["start"].get(start));
    ASSERT_FALSE(o["end"].get(end));
    const std::string& text = x->document.text;
    // The quote is the original bytes at [start, end) of the article: the
    // typographic apostrophe, the accents and the spaces as they were.
    EXPECT_EQ(Str(o, "quote"), text.substr(start, end - start));
    EXPECT_NE(Str(o, "quote").find(Str(o, "text")), std::string::npos);
    EXPECT_FALSE(Str(o, "url").empty());
    EXPECT_FALSE(Str(o, "published").empty());
  }
  EXPECT_EQ(outlets, (std::set<std::string>{"Tech Wire", "Le Quotidien"}));
  r = Run("sources " + id);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("2 sources"), std::string::npos);
  EXPECT_NE(r.out.find("d\u2019heures"), std::string::npos);
  r = Run("sources --format jsonl nonsense");
  EXPECT_EQ(r.exit_code, 1);
}

TEST_F(KbCommandsTest, BadFlagsAreOneClearLine) {
  auto r = Run("claims --format xml");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err, "newsintel: claims: invalid argument: --format must be table, jsonl or csv, not 'xml'\n");
  r = RunNewsintel("figures");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("--db FILE is required"), std::string::npos);
  r = RunNewsintel("claims --db /nonexistent/dir/kb.db");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("sqlite"), std::string::npos);
}

TEST(IngestCommandTest, SummaryReingestAndBadFiles) {
  std::string shared = testing::SharedDir();
  if (shared.empty()) GTEST_SKIP() << "../shared not present";
  std::string db = kb_testing::TempDb("e2e-ingest");
  auto r = RunNewsintel("ingest --db " + db + " " + shared + "/seeds");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Lines(r.err).size(), 1u) << r.err;
  EXPECT_NE(r.err.find("5 articles (5 new, 0 unchanged"), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty());
  std::string dir = testing::TempDir("kb-bad-input");
  std::ofstream(dir + "/bad.html") << "<html><body>\xff\xfe not really</body>";
  r = RunNewsintel("ingest --db " + db + " /nonexistent.txt " + shared + "/seeds " + dir);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("newsintel: /nonexistent.txt"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("(1 new, 5 unchanged"), std::string::npos) << r.err;  // bad bytes are replaced, not fatal
}

TEST(IngestCommandTest, TwoFilesWithOneUrlAreOneArticle) {
  std::string dir = testing::TempDir("kb-same-url");
  const char* page =
      "<html><head><title>Chips</title>"
      "<link rel=\"canonical\" href=\"https://example.test/news/chips.html\"></head>"
      "<body><article><p>%s</p></article></body></html>";
  char buf[1024];
  std::snprintf(buf, sizeof(buf), page, "The regulator said on Monday that 40 shipments were held at the port.");
  std::ofstream(dir + "/a.html") << buf;
  std::snprintf(buf, sizeof(buf), page, "A later version: the regulator said 45 shipments were held at the port.");
  std::ofstream(dir + "/b.html") << buf;
  std::string db = kb_testing::TempDb("e2e-same-url");
  auto r = RunNewsintel("ingest --db " + db + " " + dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("b.html: same URL as " + dir + "/a.html, skipped\n"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("(1 new, 0 unchanged, 0 updated, 0 re-extracted, 1 skipped)"), std::string::npos) << r.err;
  r = RunNewsintel("ingest --db " + db + " " + dir);
  EXPECT_NE(r.err.find("(0 new, 1 unchanged, 0 updated, 0 re-extracted, 1 skipped)"), std::string::npos) << r.err;
}

TEST(IngestCommandTest, JobsDoNotChangeTheKnowledgeBase) {
  std::string shared = testing::SharedDir();
  std::string inputs = std::string(NEWSINTEL_SOURCE_DIR) + "/examples/articles";
  if (!shared.empty()) inputs += " " + shared + "/seeds";
  std::string one = kb_testing::TempDb("e2e-jobs1"), three = kb_testing::TempDb("e2e-jobs3");
  auto r1 = RunNewsintel("ingest --jobs 1 --db " + one + " " + inputs);
  auto r3 = RunNewsintel("ingest --jobs 3 --batch 2 --db " + three + " " + inputs);
  ASSERT_EQ(r1.exit_code, 0) << r1.err;
  ASSERT_EQ(r3.exit_code, 0) << r3.err;
  for (const char* query : {"claims", "figures", "contradictions"}) {
    auto a = RunNewsintel(std::string(query) + " --format jsonl --db " + one);
    auto b = RunNewsintel(std::string(query) + " --format jsonl --db " + three);
    EXPECT_EQ(a.out, b.out) << query;
  }
  auto e = RunNewsintel("entity --format jsonl DeepSeek --db " + one);
  auto f = RunNewsintel("entity --format jsonl DeepSeek --db " + three);
  EXPECT_EQ(e.out, f.out);
}

// Drops "id":"k1", and "figure":"f2", which depend on insertion order.
std::string WithoutIds(const std::string& jsonl) {
  std::string out;
  for (size_t i = 0; i < jsonl.size();) {
    bool id = jsonl.compare(i, 6, "\"id\":\"") == 0;
    bool fig = jsonl.compare(i, 10, "\"figure\":\"") == 0;
    if (id || fig) {
      size_t close = jsonl.find('"', i + (id ? 6 : 10));
      i = close + 1;
      if (i < jsonl.size() && jsonl[i] == ',') ++i;
      continue;
    }
    out += jsonl[i++];
  }
  return out;
}

// The seeds' contradictions, scored by ../shared/eval/score.py, whatever the
// order of ingest and when ingested twice.
TEST(IngestCommandTest, SeedContradictionsScore) {
  std::string shared = testing::SharedDir();
  if (shared.empty()) GTEST_SKIP() << "../shared not present";
  std::string dir = testing::TempDir("kb-seeds");
  auto extract = RunNewsintel("extract --format jsonl " + shared + "/seeds > " + dir + "/extract.jsonl");
  ASSERT_EQ(extract.exit_code, 0) << extract.err;
  std::vector<std::string> seeds;
  for (const auto& e : std::filesystem::directory_iterator(shared + "/seeds")) seeds.push_back(e.path().string());
  std::sort(seeds.begin(), seeds.end());
  std::vector<std::string> orders[3] = {seeds, std::vector<std::string>(seeds.rbegin(), seeds.rend()), seeds};
  std::string first_output;
  for (int run = 0; run < 3; ++run) {
    std::string db = kb_testing::TempDb("e2e-seeds-" + std::to_string(run));
    for (const std::string& s : orders[run]) {
      auto r = RunNewsintel("ingest --db " + db + " " + s);
      ASSERT_EQ(r.exit_code, 0) << r.err;
    }
    if (run == 2) {  // the same files again
      auto r = RunNewsintel("ingest --db " + db + " " + shared + "/seeds");
      ASSERT_NE(r.err.find("5 unchanged"), std::string::npos) << r.err;
    }
    auto k = RunNewsintel("contradictions --format jsonl --db " + db + " > " + dir + "/contra.jsonl");
    ASSERT_EQ(k.exit_code, 0) << k.err;
    std::string contra = testing::ReadFile(dir + "/contra.jsonl");
    if (contra.find("training_compute") == std::string::npos) {
      GTEST_SKIP() << "the figure extractor does not yet give metrics and subjects";
    }
    auto score = RunShell("python3 " + shared + "/eval/score.py " + shared + "/gold/seeds " + shared + "/seeds " +
                          dir + "/extract.jsonl " + dir + "/contra.jsonl");
    ASSERT_EQ(score.exit_code, 0) << score.err;
    EXPECT_NE(score.out.find("contradictions.recall    1.000"), std::string::npos) << "run " << run << "\n"
                                                                              << score.out << contra;
    EXPECT_NE(score.out.find("contradictions.verdict   1.000"), std::string::npos) << score.out;
    // Same groups whatever the order (ids aside).
    std::string groups = WithoutIds(contra);
    if (run == 0) first_output = groups;
    EXPECT_EQ(groups, first_output) << "run " << run;
  }
}

}  // namespace
}  // namespace newsintel
