// End-to-end: watch rules and alerts through the real binary: the seeds with
// a rule on DeepSeek, and three small articles of our own (an English story,
// a syndicated copy, a French version) with a rule on the company they accuse.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "tests/test_util.h"

namespace newsintel {
namespace {

using testing::RunNewsintel;

struct SourceLine {
  std::string doc, outlet, match;
};

struct AlertLine {
  std::string alert, rule, claim, modality, doc, outlet, url, published;
  std::vector<std::string> entities;
  std::vector<SourceLine> sources;
};

std::string Str(simdjson::dom::element e) {
  std::string_view v;
  return e.get(v) ? std::string() : std::string(v);  // null -> ""
}

// Every line of `out` must be one alert object.
std::vector<AlertLine> ParseAlerts(const std::string& out) {
  std::vector<AlertLine> alerts;
  std::istringstream in(out);
  std::string line;
  simdjson::dom::parser parser;
  while (std::getline(in, line)) {
    simdjson::dom::object o;
    auto error = parser.parse(line).get(o);
    EXPECT_FALSE(error) << "not a JSON object: " << line;
    if (error) continue;
    AlertLine a;
    a.alert = Str(o["alert"]);
    a.rule = Str(o["rule"]);
    a.claim = Str(o["claim"]);
    a.modality = Str(o["modality"]);
    a.doc = Str(o["doc"]);
    a.outlet = Str(o["outlet"]);
    a.url = Str(o["url"]);
    a.published = Str(o["published"]);
    simdjson::dom::array entities, sources;
    if (!o["entities"].get(entities)) {
      for (auto e : entities) a.entities.push_back(Str(e));
    }
    if (!o["sources"].get(sources)) {
      for (auto s : sources) a.sources.push_back({Str(s["doc"]), Str(s["outlet"]), Str(s["match"])});
    }
    EXPECT_FALSE(a.alert.empty()) << line;
    EXPECT_FALSE(a.claim.empty()) << line;
    alerts.push_back(std::move(a));
  }
  return alerts;
}

void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

std::string Page(const std::string& lang, const std::string& outlet, const std::string& published,
                 const std::string& url, const std::string& title, const std::string& body) {
  return "<!DOCTYPE html><html lang=\"" + lang + "\"><head><meta charset=\"utf-8\"><title>" + title +
         "</title><meta property=\"og:site_name\" content=\"" + outlet +
         "\"><meta property=\"article:published_time\" content=\"" + published + "\"><link rel=\"canonical\" href=\"" +
         url + "\"></head><body><article><h1>" + title + "</h1>" + body + "</article></body></html>\n";
}

// An English story, a syndicated copy under another outlet, a French version.
std::string WriteOwnArticles() {
  std::string dir = testing::TempDir("alerts-e2e-articles");
  std::string en_body =
      "<p>Huawei allegedly bought 3,000 restricted H100 accelerators through a shell company in Singapore, "
      "Senator Jane Roe said on Monday in a letter to the Commerce Department.</p>"
      "<p>The company has not commented on the letter, which asks for an inquiry into the shipments.</p>";
  std::string title = "Senator says Huawei bought restricted accelerators through Singapore";
  WriteFile(dir + "/en-wire.html", Page("en", "Harbor Wire", "2026-01-10T08:00:00Z",
                                         "https://harborwire.example/2026/01/10/huawei-accelerators", title, en_body));
  WriteFile(dir + "/en-syndicated.html", Page("en", "Lagoon Post", "2026-01-10T11:30:00Z",
                                               "https://lagoonpost.example/world/huawei-chips-letter", title, en_body));
  WriteFile(dir + "/fr-version.html",
            Page("fr", "La Gazette du Port", "2026-01-11T07:00:00+01:00",
                 "https://gazetteduport.example/tech/huawei-accelerateurs",
                 "Huawei aurait acheté des accélérateurs interdits via Singapour",
                 "<p>Selon la sénatrice Jane Roe, Huawei aurait acheté 3 000 accélérateurs H100 interdits par "
                 "l'intermédiaire d'une société écran basée à Singapour.</p>"
                 "<p>Dans une lettre au département du Commerce, l'élue réclame une enquête sur ces livraisons.</p>"));
  return dir;
}

TEST(AlertsEndToEndTest, OneAlertForAStoryItsSyndicatedCopyAndItsTranslation) {
  std::string articles = WriteOwnArticles();
  std::string db = testing::TempDir("alerts-e2e-own") + "/kb.db";
  auto add = RunNewsintel("watch add --db " + db + " --name huawei --entity Huawei");
  ASSERT_EQ(add.exit_code, 0) << add.err;
  EXPECT_EQ(add.out, "");
  auto r = RunNewsintel("ingest --db " + db + " " + articles);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::vector<AlertLine> alerts = ParseAlerts(r.out);
  ASSERT_EQ(alerts.size(), 1u) << r.out;
  const AlertLine& a = alerts[0];
  EXPECT_EQ(a.rule, "huawei");
  EXPECT_EQ(a.modality, "alleged");
  EXPECT_EQ(a.outlet, "Harbor Wire");  // the first report
  EXPECT_EQ(a.url, "https://harborwire.example/2026/01/10/huawei-accelerators");
  EXPECT_NE(a.claim.find("Huawei allegedly bought"), std::string::npos);
  EXPECT_NE(std::find(a.entities.begin(), a.entities.end(), "Huawei"), a.entities.end());
  // The copy and the translation came in the same run: they are its sources.
  std::set<std::string> sources;
  for (const SourceLine& s : a.sources) sources.insert(s.outlet + "/" + s.match);
  EXPECT_EQ(sources, (std::set<std::string>{"Lagoon Post/same-text", "La Gazette du Port/translation"}));
  EXPECT_NE(r.err.find("alerts: 1 raised"), std::string::npos) << r.err;

  auto again = RunNewsintel("ingest --db " + db + " " + articles);
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(again.out, "");

  auto list = RunNewsintel("alerts list --db " + db + " --format jsonl");
  ASSERT_EQ(list.exit_code, 0) << list.err;
  std::vector<AlertLine> listed = ParseAlerts(list.out);
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].sources.size(), 2u);
  auto pending = RunNewsintel("alerts list --db " + db + " --pending --format jsonl");
  ASSERT_EQ(pending.exit_code, 0) << pending.err;
  EXPECT_EQ(pending.out, "");
}

TEST(AlertsEndToEndTest, LaterReportsJoinTheFirstAlertAcrossRuns) {
  std::string articles = WriteOwnArticles();
  std::string db = testing::TempDir("alerts-e2e-runs") + "/kb.db";
  ASSERT_EQ(RunNewsintel("watch add --db " + db + " --name huawei --entity Huawei").exit_code, 0);
  auto first = RunNewsintel("ingest --db " + db + " " + articles + "/en-wire.html");
  ASSERT_EQ(first.exit_code, 0) << first.err;
  ASSERT_EQ(ParseAlerts(first.out).size(), 1u);
  auto later = RunNewsintel("ingest --db " + db + " " + articles + "/fr-version.html " + articles +
                            "/en-syndicated.html");
  ASSERT_EQ(later.exit_code, 0) << later.err;
  EXPECT_EQ(later.out, "");
  EXPECT_NE(later.err.find("2 sources added"), std::string::npos) << later.err;
}

TEST(AlertsEndToEndTest, CrawlRaisesAlertsToo) {
  std::string articles = WriteOwnArticles();
  std::string db = testing::TempDir("alerts-e2e-crawl") + "/kb.db";
  ASSERT_EQ(RunNewsintel("watch add --db " + db + " --name huawei --entity Huawei").exit_code, 0);
  auto r = RunNewsintel("crawl --db " + db + " --delay 0 --url " + articles + "/en-wire.html --url " + articles +
                        "/fr-version.html");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::vector<AlertLine> alerts = ParseAlerts(r.out);
  ASSERT_EQ(alerts.size(), 1u) << r.out;
  EXPECT_EQ(alerts[0].outlet, "Harbor Wire");
  ASSERT_EQ(alerts[0].sources.size(), 1u);
  EXPECT_EQ(alerts[0].sources[0].match, "translation");
  // The syndicated copy, crawled later, joins the alert; nothing is printed.
  auto later = RunNewsintel("crawl --db " + db + " --delay 0 --url " + articles + "/en-syndicated.html");
  ASSERT_EQ(later.exit_code, 0) << later.err;
  EXPECT_EQ(later.out, "");
  auto list = RunNewsintel("alerts list --db " + db + " --format jsonl");
  std::vector<AlertLine> listed = ParseAlerts(list.out);
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].sources.size(), 2u);
}

TEST(AlertsEndToEndTest, SeedsRaiseAnAlertForEveryArticleAllegingSomethingAboutDeepSeek) {
  std::string shared = testing::SharedDir();
  if (shared.empty()) GTEST_SKIP() << "../shared/seeds not present";
  std::string db = testing::TempDir("alerts-e2e-seeds") + "/kb.db";
  auto add = RunNewsintel("watch add --db " + db + " --name deepseek --entity DeepSeek");
  ASSERT_EQ(add.exit_code, 0) << add.err;
  auto r = RunNewsintel("ingest --db " + db + " " + shared + "/seeds");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::vector<AlertLine> alerts = ParseAlerts(r.out);
  std::set<std::string> alerted_docs;
  for (const AlertLine& a : alerts) {
    EXPECT_EQ(a.rule, "deepseek");
    alerted_docs.insert(a.doc);
    for (const SourceLine& s : a.sources) alerted_docs.insert(s.doc);
  }
  // Every article with an alleged or asserted claim about DeepSeek, or a
  // denial by or about it, is the first report or a source of some alert.
  auto claims = RunNewsintel("claims --db " + db + " --entity DeepSeek --format jsonl");
  ASSERT_EQ(claims.exit_code, 0) << claims.err;
  std::set<std::string> alleging_docs;
  std::istringstream in(claims.out);
  std::string line;
  simdjson::dom::parser parser;
  while (std::getline(in, line)) {
    simdjson::dom::object c;
    ASSERT_FALSE(parser.parse(line).get(c)) << line;
    std::string modality = Str(c["modality"]);
    bool about = false;
    simdjson::dom::array list;
    if (!c["about"].get(list)) {
      for (auto e : list) about = about || Str(e) == "DeepSeek";
    }
    bool by = Str(c["speaker"]) == "DeepSeek";
    if (((modality == "alleged" || modality == "asserted") && about) || (modality == "denied" && (about || by))) {
      alleging_docs.insert(Str(c["doc"]));
    }
  }
  EXPECT_GE(alleging_docs.size(), 3u) << "the claim extractor finds allegations about DeepSeek in the seeds";
  for (const std::string& d : alleging_docs) EXPECT_TRUE(alerted_docs.count(d)) << d << " raised no alert";
  EXPECT_GE(alerts.size(), alleging_docs.size());

  auto again = RunNewsintel("ingest --db " + db + " " + shared + "/seeds");
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(again.out, "") << "a re-run raises nothing";
}

TEST(AlertsEndToEndTest, WatchListRemoveAndErrors) {
  std::string dir = testing::TempDir("alerts-e2e-watch");
  std::string db = dir + "/kb.db";
  auto add = RunNewsintel("watch add --db " + db +
                          " --name nv --entity Nvidia --modality alleged --modality denied --lang en --atom " + dir +
                          "/nv.atom --webhook http://127.0.0.1:9/hook");
  ASSERT_EQ(add.exit_code, 0) << add.err;
  // The feed exists (empty) as soon as the rule does.
  EXPECT_NE(testing::ReadFile(dir + "/nv.atom").find("<feed xmlns=\"http://www.w3.org/2005/Atom\">"),
            std::string::npos);
  auto list = RunNewsintel("watch list --db " + db + " --format jsonl");
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_NE(list.out.find("\"name\":\"nv\""), std::string::npos);
  EXPECT_NE(list.out.find("\"modalities\":[\"alleged\",\"denied\"]"), std::string::npos) << list.out;
  EXPECT_NE(list.out.find("\"kind\":\"webhook\""), std::string::npos);
  // The lexicon's canonical name and aliases are stored with the rule.
  EXPECT_NE(list.out.find("\"aliases\":[\""), std::string::npos) << list.out;
  auto dup = RunNewsintel("watch add --db " + db + " --name nv --entity Nvidia");
  EXPECT_EQ(dup.exit_code, 1);
  EXPECT_NE(dup.err.find("exists"), std::string::npos);
  auto bad = RunNewsintel("watch add --db " + db + " --name x --modality rumoured");
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find("newsintel: watch add: modality 'rumoured'"), std::string::npos) << bad.err;
  auto rm = RunNewsintel("watch remove --db " + db + " nv");
  EXPECT_EQ(rm.exit_code, 0) << rm.err;
  auto rm2 = RunNewsintel("watch remove --db " + db + " nv");
  EXPECT_EQ(rm2.exit_code, 1);
  EXPECT_NE(rm2.err.find("no watch rule named 'nv'"), std::string::npos);
  EXPECT_EQ(RunNewsintel("watch list --db " + db).out, "");
}

}  // namespace
}  // namespace newsintel
