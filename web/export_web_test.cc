#include "web/export_web.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>

#include "kb/kb_test_util.h"
#include "web/site_writer.h"

namespace newsintel {
namespace {

namespace fs = std::filesystem;
using kb_testing::Builder;
using kb_testing::TempDb;

constexpr char kHostile[] = "<script>alert(1)</script>";
constexpr char kBreakout[] = "\"><img src=x onerror=alert(1)>";

// Three outlets that disagree on two figures about one lab, plus an article
// whose metadata and text try to inject markup.
std::vector<Extraction> Corpus() {
  std::vector<Extraction> out;
  out.push_back(Builder("p1.txt",
                        "Helio Labs trained Helio-2 on 4,096 chips in 3.1 million GPU hours. "
                        "Senator Ann Poe alleged that Helio Labs bought restricted chips through Malaysia.")
                    .Meta("Daily Byte", "https://dailybyte.example/p1", "2025-03-01")
                    .Entity("Helio Labs", "ORG", "Helio Labs")
                    .Entity("Ann Poe", "PER", "Ann Poe")
                    .Entity("Malaysia", "LOC", "Malaysia")
                    .Chip("H800", "chips")
                    .Fig("3.1 million GPU hours", 3100000, "gpu_hour", "training_compute", "Helio Labs", 100000)
                    .Fig("4,096 chips", 4096, "gpu", "training_gpus", "Helio Labs", 1)
                    .Claim("Helio Labs bought restricted chips through Malaysia", "Ann Poe", "alleged",
                           {"Helio Labs", "Malaysia"})
                    .Get());
  out.push_back(Builder("p2.txt",
                        "Selon Helio Labs, l\u2019entraînement a pris 3,08 millions d\u2019heures et 8 000 puces. "
                        "Ann Poe alleged that Helio Labs bought restricted chips through Malaysia.",
                        "fr")
                    .Meta("Le Réseau", "https://lereseau.example/p2", "2025-03-02")
                    .Entity("Helio Labs", "ORG", "Helio Labs")
                    .Entity("Ann Poe", "PER", "Ann Poe")
                    .Fig("3,08 millions d\u2019heures", 3080000, "gpu_hour", "training_compute", "Helio Labs", 10000)
                    .Fig("8 000 puces", 8000, "gpu", "training_gpus", "Helio Labs", 1)
                    .Claim("Helio Labs bought restricted chips through Malaysia", "Ann Poe", "alleged",
                           {"Helio Labs", "Malaysia"})
                    .Get());
  Extraction bad = Builder("p3.txt",
                           std::string("Helio Labs replied: ") + kHostile + " and " + kBreakout +
                               " see javascript:alert(2) now.")
                       .Meta("Evil <b>Outlet</b>", "javascript:alert(3)", "2025-03-03")
                       .Entity("Helio Labs", "ORG", "Helio Labs")
                       .Claim(std::string(kHostile) + " and " + kBreakout, "Helio Labs", "denied", {"Helio Labs"})
                       .Get();
  bad.document.title = std::string("Title ") + kHostile + kBreakout;
  bad.document.author = kBreakout;
  out.push_back(bad);
  return out;
}

std::string KbWith(const std::string& name, const std::vector<Extraction>& xs) {
  std::string path = TempDb(name);
  auto kb = KnowledgeBase::Open(path);
  EXPECT_TRUE(kb.ok()) << kb.status().ToString();
  std::vector<IngestItem> items;
  for (const Extraction& x : xs) items.push_back({&x, ""});
  auto st = (*kb)->Ingest(items);
  EXPECT_TRUE(st.ok()) << st.status().ToString();
  return path;
}

KbSnapshot Snap(const std::string& db) {
  auto kb = KnowledgeBase::Open(db);
  EXPECT_TRUE(kb.ok());
  auto snap = (*kb)->Snapshot();
  EXPECT_TRUE(snap.ok()) << snap.status().ToString();
  return snap.ok() ? std::move(*snap) : KbSnapshot();
}

std::string OutDir(const std::string& name) {
  std::string dir = std::string(NEWSINTEL_BINARY_DIR) + "/test-tmp/web/" + name;
  fs::remove_all(dir);
  return dir;
}

std::map<std::string, std::string> ReadTree(const std::string& dir) {
  std::map<std::string, std::string> files;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (!e.is_regular_file()) continue;
    std::ifstream in(e.path(), std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    files[fs::relative(e.path(), dir).string()] = ss.str();
  }
  return files;
}

std::string Find(const std::map<std::string, std::string>& files, const std::string& prefix) {
  for (const auto& [path, content] : files) {
    if (path.rfind(prefix, 0) == 0) return path;
  }
  return "";
}

TEST(SnapshotTest, GroupsReportsAndQuotesSentences) {
  KbSnapshot s = Snap(KbWith("web_snapshot", Corpus()));
  ASSERT_EQ(s.articles.size(), 3u);
  ASSERT_EQ(s.claims.size(), 3u);
  // The same allegation in two articles is one group.
  EXPECT_EQ(s.claims[0].group_id, s.claims[0].row.id);
  EXPECT_EQ(s.claims[1].group_id, s.claims[0].row.id);
  EXPECT_NE(s.claims[2].group_id, s.claims[0].row.id);
  // The speaker resolves to its entity; the quote is the whole sentence.
  ASSERT_NE(s.claims[0].speaker_id, 0);
  const KbSnapshot::Claim& c = s.claims[0];
  const std::string& text = s.articles[0].text;
  EXPECT_EQ(text.substr(c.quote_start, c.quote_end - c.quote_start),
            "Senator Ann Poe alleged that Helio Labs bought restricted chips through Malaysia.");
  EXPECT_EQ(c.about_ids.size(), 2u);
  EXPECT_FALSE(s.contradictions.empty());
  EXPECT_FALSE(s.mentions.empty());
  EXPECT_EQ(s.chip_mentions.size(), 1u);
}

TEST(ExportWebTest, WritesEveryKindOfPage) {
  KbSnapshot s = Snap(KbWith("web_pages", Corpus()));
  std::string dir = OutDir("pages");
  auto st = ExportWeb(s, dir, WebExportOptions());
  ASSERT_TRUE(st.ok()) << st.status().ToString();
  auto files = ReadTree(dir);
  for (const char* f : {"index.html", "search.html", "search.js", "search-index.js", "style.css", "feed.atom",
                        "claims.html", "contradictions.html", "entities.html", "chips.html", "outlets.html",
                        "articles.html"}) {
    EXPECT_TRUE(files.count(f)) << f;
  }
  for (const char* prefix : {"entity/helio-labs-", "chip/h800-", "claim/", "contradiction/", "article/",
                             "outlet/daily-byte-"}) {
    EXPECT_NE(Find(files, prefix), "") << prefix;
  }
  EXPECT_EQ(st->files.written, static_cast<int>(files.size()) - 1);  // all but the manifest
  // The claim page: JSON-LD Claim, the quote with the claim highlighted, both outlets.
  const std::string& claim = files[Find(files, "claim/helio-labs-bought")];
  EXPECT_NE(claim.find("\"@type\":\"Claim\""), std::string::npos);
  EXPECT_NE(claim.find("\"appearance\":[{\"@type\":\"CreativeWork\",\"url\":\"https://dailybyte.example/p1\""),
            std::string::npos);
  EXPECT_NE(claim.find("<mark class=\"claim\">"), std::string::npos);
  EXPECT_NE(claim.find("Daily Byte"), std::string::npos);
  EXPECT_NE(claim.find("Le Réseau"), std::string::npos);
  // The contradiction page draws its values.
  std::string k = Find(files, "contradiction/helio-labs-training-gpus");
  ASSERT_NE(k, "");
  EXPECT_NE(files[k].find("<svg class=\"nl\""), std::string::npos);
  EXPECT_NE(files[k].find("nl-dot"), std::string::npos);
  // Accent-insensitive index entries.
  EXPECT_NE(files["search-index.js"].find("le reseau"), std::string::npos);
  // The home page lists the allegation; the French interface is the default.
  EXPECT_NE(files["index.html"].find("<html lang=\"fr\">"), std::string::npos);
  EXPECT_NE(files["index.html"].find("Helio Labs bought restricted chips"), std::string::npos);
}

TEST(ExportWebTest, EscapesHostileTextEverywhere) {
  KbSnapshot s = Snap(KbWith("web_hostile", Corpus()));
  std::string dir = OutDir("hostile");
  ASSERT_TRUE(ExportWeb(s, dir, WebExportOptions()).ok());
  const std::regex kHandler("<[a-zA-Z][^>]*\\s[oO][nN][a-zA-Z]+\\s*=");
  for (const auto& [path, content] : ReadTree(dir)) {
    EXPECT_EQ(content.find("<script>alert"), std::string::npos) << path;
    EXPECT_EQ(content.find("<img"), std::string::npos) << path;
    EXPECT_EQ(content.find("href=\"javascript:"), std::string::npos) << path;
    EXPECT_EQ(content.find("<b>Outlet"), std::string::npos) << path;
    // No tag carries an event handler (escaped text may mention one).
    EXPECT_FALSE(std::regex_search(content, kHandler)) << path;
    if (path.size() > 5 && path.substr(path.size() - 5) == ".html") {
      // Scripts only as files of our own, and JSON-LD data.
      size_t pos = 0;
      while ((pos = content.find("<script", pos)) != std::string::npos) {
        std::string tag = content.substr(pos, content.find('>', pos) - pos);
        EXPECT_TRUE(tag == "<script type=\"application/ld+json\"" || tag == "<script src=\"search-index.js\"" ||
                    tag == "<script src=\"search.js\"")
            << path << ": " << tag;
        ++pos;
      }
      EXPECT_NE(content.find("Content-Security-Policy"), std::string::npos) << path;
    }
  }
  auto files = ReadTree(dir);
  std::string article = files[Find(files, "article/title-script-alert-1")];
  ASSERT_NE(article, "");
  EXPECT_NE(article.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(article.find("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"), std::string::npos);
}

TEST(ExportWebTest, SameKbSameBytesAndIncremental) {
  std::vector<Extraction> corpus = Corpus();
  std::string db = KbWith("web_incremental", corpus);
  std::string a = OutDir("det-a"), b = OutDir("det-b");
  ASSERT_TRUE(ExportWeb(Snap(db), a, WebExportOptions()).ok());
  ASSERT_TRUE(ExportWeb(Snap(db), b, WebExportOptions()).ok());
  EXPECT_EQ(ReadTree(a), ReadTree(b));
  // Again into the same directory: nothing rewritten.
  auto again = ExportWeb(Snap(db), a, WebExportOptions());
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->files.written, 0);
  EXPECT_EQ(again->files.removed, 0);
  EXPECT_GT(again->files.unchanged, 10);
  // Without the hostile article: its pages are removed, the rest mostly kept.
  corpus.pop_back();
  auto smaller = ExportWeb(Snap(KbWith("web_incremental2", corpus)), a, WebExportOptions());
  ASSERT_TRUE(smaller.ok()) << smaller.status().ToString();
  EXPECT_GT(smaller->files.removed, 0);
  EXPECT_GT(smaller->files.unchanged, 0);
  EXPECT_EQ(Find(ReadTree(a), "article/title-script"), "");
}

TEST(ExportWebTest, EnglishInterfaceAndArticleLanguage) {
  KbSnapshot s = Snap(KbWith("web_lang", Corpus()));
  std::string dir = OutDir("lang");
  WebExportOptions options;
  options.lang = "en";
  ASSERT_TRUE(ExportWeb(s, dir, options).ok());
  auto files = ReadTree(dir);
  EXPECT_NE(files["index.html"].find("Latest allegations"), std::string::npos);
  // A French article's page speaks French whatever the index language.
  std::string fr = files[Find(files, "article/p2-txt-")];
  EXPECT_NE(fr.find("<html lang=\"fr\">"), std::string::npos);
  EXPECT_NE(fr.find("Article original"), std::string::npos);
  options.lang = "de";
  EXPECT_FALSE(ExportWeb(s, OutDir("lang-de"), options).ok());
}

TEST(ExportWebTest, RefusesADirectoryItDidNotWrite) {
  std::string dir = OutDir("foreign");
  fs::create_directories(dir);
  std::ofstream(dir + "/notes.txt") << "keep me";
  auto st = ExportWeb(Snap(KbWith("web_foreign", Corpus())), dir, WebExportOptions());
  EXPECT_FALSE(st.ok());
  EXPECT_TRUE(fs::exists(dir + "/notes.txt"));
}

}  // namespace
}  // namespace newsintel
