#include "kb/migrations.h"

#include <string>

namespace newsintel {
namespace kb {

// Every fact row (mentions, chip_mentions, figures, claims) carries its
// article and byte span [start, end) into articles.text: nothing is stored
// without provenance. *_key columns hold FoldKey() forms used for matching.
const std::vector<Migration>& Migrations() {
  static const std::vector<Migration> kMigrations = {
      {"articles, entities, chips, figures and claims with their spans", R"sql(
CREATE TABLE outlets (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  name_key TEXT NOT NULL UNIQUE,
  domain TEXT
);
CREATE TABLE articles (
  id INTEGER PRIMARY KEY,
  doc_key TEXT NOT NULL UNIQUE,       -- canonical URL, else the document path
  doc TEXT NOT NULL,                  -- path or id as given
  url TEXT,
  canonical_url TEXT,
  outlet_id INTEGER REFERENCES outlets(id),
  title TEXT,
  author TEXT,
  published TEXT,                     -- ISO 8601
  fetched TEXT,
  lang TEXT,
  content_hash TEXT NOT NULL,         -- of the text and metadata
  facts_hash TEXT NOT NULL,           -- of what the extractors found
  text TEXT NOT NULL,
  ingested TEXT NOT NULL
);
CREATE INDEX articles_outlet ON articles(outlet_id);
CREATE INDEX articles_published ON articles(published);
CREATE TABLE article_history (
  id INTEGER PRIMARY KEY,
  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  content_hash TEXT NOT NULL,
  title TEXT,
  replaced TEXT NOT NULL
);
CREATE INDEX article_history_article ON article_history(article_id);
CREATE TABLE entities (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  name_key TEXT NOT NULL UNIQUE,
  type TEXT NOT NULL,
  wikidata TEXT
);
CREATE TABLE entity_aliases (
  alias_key TEXT NOT NULL,
  entity_id INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
  alias TEXT NOT NULL,
  PRIMARY KEY (alias_key, entity_id)
) WITHOUT ROWID;
CREATE TABLE mentions (
  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  start INTEGER NOT NULL,
  end INTEGER NOT NULL,
  entity_id INTEGER NOT NULL REFERENCES entities(id),
  text TEXT NOT NULL,
  PRIMARY KEY (article_id, start, end, entity_id)
) WITHOUT ROWID;
CREATE INDEX mentions_entity ON mentions(entity_id);
CREATE TABLE chips (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  name_key TEXT NOT NULL UNIQUE,
  vendor TEXT,
  family TEXT,
  export_class TEXT,
  tpp REAL
);
CREATE TABLE chip_mentions (
  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  start INTEGER NOT NULL,
  end INTEGER NOT NULL,
  chip_id INTEGER NOT NULL REFERENCES chips(id),
  text TEXT NOT NULL,
  PRIMARY KEY (article_id, start, end, chip_id)
) WITHOUT ROWID;
CREATE INDEX chip_mentions_chip ON chip_mentions(chip_id);
CREATE TABLE figures (
  id INTEGER PRIMARY KEY,
  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  value REAL NOT NULL,
  unit TEXT NOT NULL,
  kind TEXT,
  precision REAL NOT NULL,
  approx INTEGER NOT NULL,
  approx_marker TEXT,
  metric TEXT,
  subject TEXT,
  subject_key TEXT,
  range_id INTEGER,                   -- figures of one range share it (per article)
  start INTEGER NOT NULL,
  end INTEGER NOT NULL,
  text TEXT NOT NULL
);
CREATE INDEX figures_article ON figures(article_id);
CREATE INDEX figures_metric ON figures(metric, unit);
CREATE TABLE claims (
  id INTEGER PRIMARY KEY,
  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  speaker TEXT,
  speaker_key TEXT,
  modality TEXT NOT NULL,
  text TEXT NOT NULL,
  text_hash INTEGER NOT NULL,         -- WordsHash(text): the same claim in several outlets
  start INTEGER NOT NULL,
  end INTEGER NOT NULL,
  speaker_start INTEGER,
  speaker_end INTEGER,
  cue TEXT,
  sort_key TEXT NOT NULL              -- ClaimSortKey(): oldest report first
);
CREATE INDEX claims_article ON claims(article_id);
CREATE INDEX claims_text_hash ON claims(text_hash);
CREATE INDEX figures_subject ON figures(subject_key);
CREATE TABLE claim_about (
  claim_id INTEGER NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
  entity_id INTEGER NOT NULL REFERENCES entities(id),
  deniable INTEGER NOT NULL,          -- 2 alleged, 1 asserted, 0 otherwise
  sort_key TEXT NOT NULL,             -- the claim's
  PRIMARY KEY (claim_id, entity_id)
) WITHOUT ROWID;
CREATE INDEX claim_about_entity ON claim_about(entity_id, deniable, sort_key);
)sql"},
      {"contradictions, claim links, full-text search, derived-state flag", R"sql(
ALTER TABLE figures ADD COLUMN group_key TEXT;
CREATE INDEX figures_group ON figures(group_key);
CREATE TABLE contradictions (
  id INTEGER PRIMARY KEY,
  group_key TEXT NOT NULL UNIQUE,     -- metric, unit and subject cluster
  subject TEXT NOT NULL,
  metric TEXT NOT NULL,
  unit TEXT NOT NULL,
  verdict TEXT NOT NULL               -- rounding or conflict
);
CREATE TABLE contradiction_members (
  contradiction_id INTEGER NOT NULL REFERENCES contradictions(id) ON DELETE CASCADE,
  figure_id INTEGER NOT NULL REFERENCES figures(id) ON DELETE CASCADE,
  PRIMARY KEY (contradiction_id, figure_id)
) WITHOUT ROWID;
CREATE INDEX contradiction_members_figure ON contradiction_members(figure_id);
CREATE TABLE claim_links (
  claim_id INTEGER NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
  target_id INTEGER NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
  relation TEXT NOT NULL,             -- denies
  PRIMARY KEY (claim_id, target_id, relation)
) WITHOUT ROWID;
CREATE INDEX claim_links_target ON claim_links(target_id);
CREATE TABLE kb_state (
  key TEXT PRIMARY KEY,
  value TEXT
) WITHOUT ROWID;
INSERT INTO kb_state(key, value) VALUES ('derived_dirty', '1');
-- External-content full-text indexes, kept in step by the writer (kb.cc)
-- rather than by triggers, which would flush FTS5 at every statement.
CREATE VIRTUAL TABLE claims_fts USING fts5(
  text, content='claims', content_rowid='id', tokenize='unicode61 remove_diacritics 2');
CREATE VIRTUAL TABLE articles_fts USING fts5(
  title, text, content='articles', content_rowid='id', tokenize='unicode61 remove_diacritics 2');
INSERT INTO claims_fts(claims_fts) VALUES ('rebuild');
INSERT INTO articles_fts(articles_fts) VALUES ('rebuild');
)sql"},
      {"crawl state: last fetch of each URL and the pending frontier", R"sql(
CREATE TABLE crawl_fetches (
  url TEXT PRIMARY KEY,               -- canonical URL
  etag TEXT,
  last_modified TEXT,
  content_hash TEXT,                  -- of the body last delivered
  http_status INTEGER NOT NULL,       -- 0: network failure
  fetched_at INTEGER NOT NULL         -- Unix seconds
) WITHOUT ROWID;
CREATE INDEX crawl_fetches_hash ON crawl_fetches(content_hash);
CREATE TABLE crawl_frontier (
  seq INTEGER PRIMARY KEY,            -- insertion order
  url TEXT NOT NULL UNIQUE,           -- canonical URL
  kind INTEGER NOT NULL,              -- 0 page, 1 feed, 2 sitemap
  source TEXT,
  local INTEGER NOT NULL DEFAULT 0,   -- file:// URL the user named
  title TEXT,
  published TEXT,
  author TEXT,
  lang TEXT
);
)sql"},
      {"watch rules, alerts with their sources, the claims queue and the delivery outbox", R"sql(
CREATE TABLE watch_rules (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  chip TEXT,
  speaker TEXT,
  keyword TEXT,                       -- FTS5 query on claims_fts
  outlet TEXT,
  lang TEXT,
  created TEXT NOT NULL
);
CREATE TABLE watch_entities (
  rule_id INTEGER NOT NULL REFERENCES watch_rules(id) ON DELETE CASCADE,
  entity TEXT NOT NULL,               -- a name given by the user, or an alias of one
  alias_key TEXT NOT NULL,            -- FoldKey(entity)
  given INTEGER NOT NULL,             -- 1: named by the user, 0: an alias found for it
  PRIMARY KEY (rule_id, alias_key, entity)
) WITHOUT ROWID;
CREATE TABLE watch_modalities (
  rule_id INTEGER NOT NULL REFERENCES watch_rules(id) ON DELETE CASCADE,
  modality TEXT NOT NULL,
  PRIMARY KEY (rule_id, modality)
) WITHOUT ROWID;
CREATE TABLE watch_deliveries (
  id INTEGER PRIMARY KEY,
  rule_id INTEGER NOT NULL REFERENCES watch_rules(id) ON DELETE CASCADE,
  kind TEXT NOT NULL,                 -- stdout, atom, webhook
  target TEXT NOT NULL,               -- '' (stdout), file path, URL
  UNIQUE (rule_id, kind, target)
);
CREATE TABLE alerts (
  id INTEGER PRIMARY KEY,
  rule_id INTEGER NOT NULL REFERENCES watch_rules(id) ON DELETE CASCADE,
  guid TEXT NOT NULL UNIQUE,          -- tag: URI
  claim_id INTEGER REFERENCES claims(id) ON DELETE SET NULL,
  modality TEXT NOT NULL,
  speaker TEXT,
  text TEXT NOT NULL,
  entities TEXT NOT NULL,             -- about entities, '\x1f'-separated
  raised TEXT NOT NULL,
  updated TEXT NOT NULL
);
CREATE INDEX alerts_rule ON alerts(rule_id, updated);
-- Every report of an alert's allegation, the first included (match 'first').
-- Snapshots: claims are replaced when an article is re-extracted.
CREATE TABLE alert_sources (
  id INTEGER PRIMARY KEY,
  alert_id INTEGER NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
  rule_id INTEGER NOT NULL,
  claim_id INTEGER REFERENCES claims(id) ON DELETE SET NULL,
  doc_key TEXT NOT NULL,
  text_key TEXT NOT NULL,              -- FoldKey(text)
  modality_class TEXT NOT NULL,
  text TEXT NOT NULL,
  speaker TEXT,
  speaker_key TEXT,
  doc TEXT,
  url TEXT,
  outlet TEXT,
  published TEXT,
  lang TEXT,
  day TEXT NOT NULL,                  -- published, else ingested: YYYY-MM-DD
  signature TEXT NOT NULL,            -- about/entity ids, figures, chips, numbers
  match TEXT NOT NULL,                -- first, same-text, similar, translation
  added TEXT NOT NULL,
  UNIQUE (alert_id, doc_key)
);
CREATE INDEX alert_sources_text ON alert_sources(rule_id, text_key);
CREATE INDEX alert_sources_day ON alert_sources(rule_id, modality_class, day);
-- Claims a rule has already looked at, by article and folded text.
CREATE TABLE alert_seen (
  rule_id INTEGER NOT NULL REFERENCES watch_rules(id) ON DELETE CASCADE,
  doc_key TEXT NOT NULL,
  text_key TEXT NOT NULL,              -- FoldKey(text)
  PRIMARY KEY (rule_id, doc_key, text_key)
) WITHOUT ROWID;
-- Claims stored since the last Raise(), while any rule exists.
CREATE TABLE alert_queue (
  claim_id INTEGER PRIMARY KEY
);
CREATE TRIGGER alert_queue_insert AFTER INSERT ON claims
WHEN EXISTS (SELECT 1 FROM watch_rules) BEGIN
  INSERT OR IGNORE INTO alert_queue(claim_id) VALUES (new.id);
END;
CREATE TRIGGER alert_queue_delete AFTER DELETE ON claims BEGIN
  DELETE FROM alert_queue WHERE claim_id = old.id;
END;
CREATE TABLE alert_outbox (
  id INTEGER PRIMARY KEY,
  alert_id INTEGER NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
  delivery_id INTEGER NOT NULL REFERENCES watch_deliveries(id) ON DELETE CASCADE,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt TEXT NOT NULL,         -- ISO 8601 UTC
  lease_until TEXT,                   -- a sender holds it until then
  delivered INTEGER NOT NULL DEFAULT 0,
  delivered_at TEXT,
  last_error TEXT,
  UNIQUE (alert_id, delivery_id)
);
CREATE INDEX alert_outbox_due ON alert_outbox(delivered, next_attempt);
)sql"},
      // The writer (kb.cc) queues new claims itself: a trigger on claims makes
      // every claim INSERT open a statement journal (~20% of ingest time).
      {"alert queue filled by the writer instead of triggers", R"sql(
DROP TRIGGER alert_queue_insert;
DROP TRIGGER alert_queue_delete;
)sql"},
      // FTS5 merges its segments when 8 (default 4) of one size pile up: the
      // writer adds a segment per batch, and merging them 4 by 4 made the
      // article index cost twice as much to write (queries read a few more
      // segments; 'optimize' merges them all).
      {"full-text indexes merge less often", R"sql(
INSERT INTO articles_fts(articles_fts, rank) VALUES ('automerge', 8);
INSERT INTO claims_fts(claims_fts, rank) VALUES ('automerge', 8);
)sql"},
  };
  return kMigrations;
}

int LatestSchemaVersion() { return static_cast<int>(Migrations().size()); }

Result<int> SchemaVersion(Connection* conn) {
  Stmt s = conn->Prepare("PRAGMA user_version");
  Result<bool> row = s.Step();
  if (!row.ok()) return row.status();
  return *row ? static_cast<int>(s.Int(0)) : 0;
}

Status Migrate(Connection* conn, int target) {
  Result<int> version = SchemaVersion(conn);
  if (!version.ok()) return version.status();
  if (*version > LatestSchemaVersion()) {
    return Status::InvalidArgument("database schema version " + std::to_string(*version) +
                                   " is newer than this newsintel knows (" +
                                   std::to_string(LatestSchemaVersion()) + ")");
  }
  for (int v = *version; v < target; ++v) {
    Transaction tx(conn);
    NEWSINTEL_RETURN_IF_ERROR(tx.Begin());
    // Another process may have migrated while we waited for the lock.
    Result<int> now = SchemaVersion(conn);
    if (!now.ok()) return now.status();
    if (*now > v) {
      v = *now - 1;
      continue;
    }
    const Migration& m = Migrations()[v];
    Status st = conn->Exec(m.sql);
    if (!st.ok()) return st.WithContext("migration " + std::to_string(v + 1) + " (" + m.name + ")");
    NEWSINTEL_RETURN_IF_ERROR(conn->Exec("PRAGMA user_version = " + std::to_string(v + 1)));
    NEWSINTEL_RETURN_IF_ERROR(tx.Commit());
  }
  return Status::OK();
}

}  // namespace kb
}  // namespace newsintel
