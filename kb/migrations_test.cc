#include "kb/migrations.h"

#include "gtest/gtest.h"
#include "kb/alerts.h"
#include "kb/kb.h"
#include "kb/kb_test_util.h"
#include "kb/sqlite_db.h"

namespace newsintel {
namespace kb {
namespace {

// Rows a database at schema version `v` can hold; each is checked after the upgrade.
void InsertRowsAt(Connection* conn, int v) {
  if (v >= 1) {
    ASSERT_TRUE(conn->Exec("INSERT INTO outlets(name, name_key) VALUES ('Old Outlet', 'old outlet')").ok());
    ASSERT_TRUE(conn->Exec(
        "INSERT INTO articles(doc_key, doc, content_hash, facts_hash, text, ingested, outlet_id) "
        "VALUES ('old.txt', 'old.txt', 'h', 'f', 'Une déclaration ancienne sur les puces.', 'then', 1)").ok());
    ASSERT_TRUE(conn->Exec(
        "INSERT INTO claims(article_id, modality, text, text_hash, start, end, sort_key) "
        "VALUES (1, 'asserted', 'Une déclaration ancienne sur les puces.', 42, 0, 41, 'k')").ok());
  }
  if (v >= 2) {
    // From version 2 on, the writer keeps the full-text index in step.
    ASSERT_TRUE(conn->Exec("INSERT INTO claims_fts(claims_fts) VALUES ('rebuild')").ok());
  }
  if (v >= 4) {
    ASSERT_TRUE(conn->Exec("INSERT INTO watch_rules(name, created) VALUES ('old-rule', 'then')").ok());
    ASSERT_TRUE(conn->Exec("INSERT INTO watch_deliveries(rule_id, kind, target) VALUES (1, 'stdout', '')").ok());
  }
}

TEST(MigrationsTest, UpgradesFromEveryEarlierVersion) {
  ASSERT_GE(LatestSchemaVersion(), 2);
  for (int k = 0; k < LatestSchemaVersion(); ++k) {
    SCOPED_TRACE("from version " + std::to_string(k));
    std::string path = kb_testing::TempDb("migrate-" + std::to_string(k));
    {
      auto conn = Connection::Open(path, false, 1000);
      ASSERT_TRUE(conn.ok());
      ASSERT_TRUE(Migrate(conn->get(), k).ok());
      EXPECT_EQ(*SchemaVersion(conn->get()), k);
      InsertRowsAt(conn->get(), k);
    }
    auto kb = KnowledgeBase::Open(path);
    ASSERT_TRUE(kb.ok()) << kb.status().ToString();
    EXPECT_EQ((*kb)->schema_version(), LatestSchemaVersion());
    {
      // Migration 6: both full-text indexes merge 8 segments at a time.
      auto conn = Connection::Open(path, true, 1000);
      ASSERT_TRUE(conn.ok());
      for (const char* table : {"articles_fts_config", "claims_fts_config"}) {
        Stmt s = (*conn)->Prepare(std::string("SELECT v FROM ") + table + " WHERE k = 'automerge'");
        ASSERT_TRUE(*s.Step()) << table;
        EXPECT_EQ(s.Int(0), 8) << table;
      }
    }
    if (k >= 1) {
      QueryFilter f;
      f.search = "declaration";  // full-text index built from the old rows
      auto rows = (*kb)->Claims(f);
      ASSERT_TRUE(rows.ok()) << rows.status().ToString();
      ASSERT_EQ(rows->size(), 1u);
      EXPECT_EQ((*rows)[0].source.outlet, "Old Outlet");
    }
    // Watch rules work on the upgraded file: a rule, then a claim, then its alert.
    AlertCenter alerts(kb->get());
    WatchRule rule;
    rule.name = "upgraded";
    rule.entities = {"Orbis"};
    ASSERT_TRUE(alerts.AddRule(rule).ok());
    auto x = kb_testing::Builder("new.txt", "Orbis allegedly bought restricted chips.")
                 .Entity("Orbis", "ORG", "Orbis")
                 .Claim("Orbis allegedly bought restricted chips", "", "alleged", {"Orbis"})
                 .Get();
    ASSERT_TRUE((*kb)->Ingest({{&x, ""}}).ok());
    auto raised = alerts.Raise();
    ASSERT_TRUE(raised.ok()) << raised.status().ToString();
    // From version 4 on, the rule inserted before the upgrade (no conditions:
    // every allegation) raises its own alert too.
    EXPECT_EQ(raised->raised.size(), k >= 4 ? 2u : 1u);
  }
}

TEST(MigrationsTest, RefusesANewerDatabase) {
  std::string path = kb_testing::TempDb("newer");
  {
    auto conn = Connection::Open(path, false, 1000);
    ASSERT_TRUE(conn.ok());
    ASSERT_TRUE((*conn)->Exec("PRAGMA user_version = 999").ok());
  }
  auto kb = KnowledgeBase::Open(path);
  ASSERT_FALSE(kb.ok());
  EXPECT_NE(kb.status().message().find("newer"), std::string::npos);
}

TEST(MigrationsTest, AFailingMigrationLeavesTheVersionUnchanged) {
  std::string path = kb_testing::TempDb("failing");
  auto conn = Connection::Open(path, false, 1000);
  ASSERT_TRUE(conn.ok());
  ASSERT_TRUE(Migrate(conn->get(), 1).ok());
  // A table that migration 2 is about to create makes it fail half-way.
  ASSERT_TRUE((*conn)->Exec("CREATE TABLE contradictions(x)").ok());
  Status st = Migrate(conn->get(), 2);
  EXPECT_FALSE(st.ok());
  EXPECT_NE(st.message().find("migration 2"), std::string::npos);
  EXPECT_EQ(*SchemaVersion(conn->get()), 1);
  auto group_key = (*conn)->Prepare("SELECT group_key FROM figures");
  EXPECT_FALSE(group_key.Step().ok());  // the ALTER TABLE was rolled back too
}

}  // namespace
}  // namespace kb
}  // namespace newsintel
