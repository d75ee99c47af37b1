// KnowledgeBase: opening, migrating and writing articles with their facts.
#include "kb/kb.h"

#include <algorithm>
#include <ctime>
#include <map>
#include <utility>

#include "extract/normalize.h"
#include "kb/ingest_util.h"
#include "kb/kb_impl.h"
#include "kb/migrations.h"

namespace newsintel {

using kb::Connection;
using kb::Stmt;

namespace {

bool SpanOk(const std::string& text, uint32_t start, uint32_t end) {
  return start <= end && end <= text.size();
}

// Writes one article and its facts inside the caller's transaction.
class ArticleWriter {
 public:
  ArticleWriter(KnowledgeBase::Impl* impl, const std::string& now) : impl_(impl), now_(now) {}

  Status Write(const IngestItem& item, IngestStats* stats);

  // Adds the full-text rows of what Write() stored. Called once, last in the
  // transaction: FTS5 flushes its pending rows at every statement savepoint
  // (any INSERT that fires a trigger opens one), so rows added article by
  // article would be written to disk article by article.
  // REQUIRES: the extractions given to Write() are still alive.
  Status FlushFullText();

  // Reads whether watch rules exist (then new claims are queued for alerts).
  Status Start();

 private:
  Result<int64_t> OutletId(const Document& d);
  Result<int64_t> EntityId(const std::string& name, const std::string& type, const std::string& wikidata);
  Status Alias(int64_t entity_id, const std::string& alias);
  Result<int64_t> ChipId(const ChipMention& c);
  Status DeleteFacts(int64_t article_id);
  Status InsertFacts(int64_t article_id, const std::string& doc_key, const Extraction& x, IngestStats* stats);

  // FoldKey() of short strings that recur (names, aliases, speakers), cached.
  const std::string& Key(const std::string& s);

  KnowledgeBase::Impl* impl_;
  Connection* conn() { return impl_->conn.get(); }
  const std::string& now_;
  std::vector<std::pair<int64_t, const Document*>> article_fts_;  // rowid, document
  std::vector<std::pair<int64_t, std::string_view>> claim_fts_;   // rowid, text
  bool queue_claims_ = false;
};

const std::string& ArticleWriter::Key(const std::string& s) {
  auto it = impl_->fold_cache.find(s);
  if (it != impl_->fold_cache.end()) return it->second;
  return impl_->fold_cache.emplace(s, FoldKey(s)).first->second;
}

Result<int64_t> ArticleWriter::OutletId(const Document& d) {
  std::string host = kb::UrlHost(d.url);
  std::string name = !d.outlet.empty() ? d.outlet : host;
  if (name.empty()) return int64_t{0};
  std::string key = FoldKey(name);
  auto it = impl_->outlet_ids.find(key);
  if (it != impl_->outlet_ids.end()) return it->second;
  Stmt ins = conn()->Prepare(
      "INSERT INTO outlets(name, name_key, domain) VALUES (?1, ?2, ?3) "
      "ON CONFLICT(name_key) DO UPDATE SET domain = coalesce(domain, excluded.domain) RETURNING id");
  ins.BindText(1, name);
  ins.BindText(2, key);
  ins.BindTextOrNull(3, host);
  Result<bool> row = ins.Step();
  if (!row.ok()) return row.status();
  int64_t id = ins.Int(0);
  impl_->outlet_ids.emplace(key, id);
  return id;
}

Result<int64_t> ArticleWriter::EntityId(const std::string& name, const std::string& type,
                                        const std::string& wikidata) {
  const std::string& key = Key(name);
  auto it = impl_->entity_ids.find(key);
  if (it != impl_->entity_ids.end()) {
    if (!type.empty() && impl_->entity_types[key].empty()) {
      Stmt up = conn()->Prepare("UPDATE entities SET type = ?2 WHERE id = ?1 AND type = ''");
      up.BindInt(1, it->second);
      up.BindText(2, type);
      NEWSINTEL_RETURN_IF_ERROR(up.Run());
      impl_->entity_types[key] = type;
    }
    return it->second;
  }
  // Upsert: fill in a type or Wikidata id that an earlier mention lacked.
  Stmt ins = conn()->Prepare(
      "INSERT INTO entities(name, name_key, type, wikidata) VALUES (?1, ?2, ?3, ?4) "
      "ON CONFLICT(name_key) DO UPDATE SET "
      "type = CASE WHEN type = '' THEN excluded.type ELSE type END, "
      "wikidata = coalesce(wikidata, excluded.wikidata) RETURNING id, type");
  ins.BindText(1, name);
  ins.BindText(2, key);
  ins.BindText(3, type);
  ins.BindTextOrNull(4, wikidata);
  Result<bool> row = ins.Step();
  if (!row.ok()) return row.status();
  int64_t id = ins.Int(0);
  impl_->entity_ids.emplace(key, id);
  impl_->entity_types[key] = ins.Text(1);
  NEWSINTEL_RETURN_IF_ERROR(Alias(id, name));
  return id;
}

Status ArticleWriter::Alias(int64_t entity_id, const std::string& alias) {
  const std::string& key = Key(alias);
  if (key.empty()) return Status::OK();
  std::string seen = std::to_string(entity_id) + '\x1f' + key;
  if (impl_->aliases.count(seen)) return Status::OK();
  Stmt ins = conn()->Prepare(
      "INSERT OR IGNORE INTO entity_aliases(alias_key, entity_id, alias) VALUES (?1, ?2, ?3)");
  ins.BindText(1, key);
  ins.BindInt(2, entity_id);
  ins.BindText(3, alias);
  NEWSINTEL_RETURN_IF_ERROR(ins.Run());
  impl_->aliases.insert(std::move(seen));
  return Status::OK();
}

Result<int64_t> ArticleWriter::ChipId(const ChipMention& c) {
  std::string key = FoldKey(c.name);
  auto it = impl_->chip_ids.find(key);
  if (it != impl_->chip_ids.end()) return it->second;
  Stmt ins = conn()->Prepare(
      "INSERT INTO chips(name, name_key, vendor, family, export_class, tpp) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT(name_key) DO UPDATE SET "
      "vendor = coalesce(vendor, excluded.vendor), family = coalesce(family, excluded.family), "
      "export_class = coalesce(export_class, excluded.export_class), "
      "tpp = coalesce(tpp, excluded.tpp) RETURNING id");
  ins.BindText(1, c.name);
  ins.BindText(2, key);
  ins.BindTextOrNull(3, c.vendor);
  ins.BindTextOrNull(4, c.family);
  ins.BindTextOrNull(5, c.export_class);
  if (c.tpp > 0) {
    ins.BindDouble(6, c.tpp);
  } else {
    ins.BindNull(6);
  }
  Result<bool> row = ins.Step();
  if (!row.ok()) return row.status();
  int64_t id = ins.Int(0);
  impl_->chip_ids.emplace(key, id);
  return id;
}

Status ArticleWriter::DeleteFacts(int64_t article_id) {
  {
    Stmt s = conn()->Prepare("SELECT DISTINCT metric, unit FROM figures WHERE article_id = ?1 AND metric <> ''");
    s.BindInt(1, article_id);
    while (true) {
      Result<bool> row = s.Step();
      if (!row.ok()) return row.status();
      if (!*row) break;
      impl_->touched_partitions.emplace(s.Text(0), s.Text(1));
    }
  }
  {
    Stmt s = conn()->Prepare(
        "SELECT DISTINCT ca.entity_id FROM claim_about ca JOIN claims c ON c.id = ca.claim_id "
        "WHERE c.article_id = ?1");
    s.BindInt(1, article_id);
    while (true) {
      Result<bool> row = s.Step();
      if (!row.ok()) return row.status();
      if (!*row) break;
      impl_->touched_entities.insert(s.Int(0));
    }
  }
  for (const char* sql : {"INSERT INTO claims_fts(claims_fts, rowid, text) "
                          "SELECT 'delete', id, text FROM claims WHERE article_id = ?1",
                          "DELETE FROM alert_queue WHERE claim_id IN (SELECT id FROM claims WHERE article_id = ?1)",
                          "DELETE FROM mentions WHERE article_id = ?1",
                          "DELETE FROM chip_mentions WHERE article_id = ?1",
                          "DELETE FROM figures WHERE article_id = ?1",
                          "DELETE FROM claims WHERE article_id = ?1"}) {
    Stmt s = conn()->Prepare(sql);
    s.BindInt(1, article_id);
    NEWSINTEL_RETURN_IF_ERROR(s.Run());
  }
  return Status::OK();
}

Status ArticleWriter::InsertFacts(int64_t article_id, const std::string& doc_key, const Extraction& x,
                                  IngestStats* stats) {
  const std::string& text = x.document.text;
  std::map<std::string, std::string> type_of;  // canonical name -> type, in this article
  for (const EntityMention& e : x.entities) {
    if (e.name.empty() || !SpanOk(text, e.start, e.end)) continue;
    type_of.emplace(e.name, e.type);
    Result<int64_t> id = EntityId(e.name, e.type, e.id);
    if (!id.ok()) return id.status();
    NEWSINTEL_RETURN_IF_ERROR(Alias(*id, e.text));
    Stmt ins = conn()->Prepare(
        "INSERT OR IGNORE INTO mentions(article_id, entity_id, start, end, text) VALUES (?1, ?2, ?3, ?4, ?5)");
    ins.BindInt(1, article_id);
    ins.BindInt(2, *id);
    ins.BindInt(3, e.start);
    ins.BindInt(4, e.end);
    ins.BindText(5, std::string_view(text).substr(e.start, e.end - e.start));
    NEWSINTEL_RETURN_IF_ERROR(ins.Run());
    ++stats->facts;
  }
  for (const ChipMention& c : x.chips) {
    if (c.name.empty() || !SpanOk(text, c.start, c.end)) continue;
    Result<int64_t> id = ChipId(c);
    if (!id.ok()) return id.status();
    Stmt ins = conn()->Prepare(
        "INSERT OR IGNORE INTO chip_mentions(article_id, chip_id, start, end, text) VALUES (?1, ?2, ?3, ?4, ?5)");
    ins.BindInt(1, article_id);
    ins.BindInt(2, *id);
    ins.BindInt(3, c.start);
    ins.BindInt(4, c.end);
    ins.BindText(5, std::string_view(text).substr(c.start, c.end - c.start));
    NEWSINTEL_RETURN_IF_ERROR(ins.Run());
    ++stats->facts;
  }
  for (const Figure& f : x.figures) {
    if (!SpanOk(text, f.start, f.end)) continue;
    Stmt ins = conn()->Prepare(
        "INSERT INTO figures(article_id, value, unit, kind, precision, approx, approx_marker, metric, "
        "subject, subject_key, range_id, start, end, text) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)");
    ins.BindInt(1, article_id);
    ins.BindDouble(2, f.value);
    ins.BindText(3, f.unit);
    ins.BindTextOrNull(4, f.kind);
    ins.BindDouble(5, f.precision);
    ins.BindInt(6, f.approx ? 1 : 0);
    ins.BindTextOrNull(7, f.approx_marker);
    ins.BindText(8, f.metric);
    ins.BindTextOrNull(9, f.subject);
    ins.BindTextOrNull(10, Key(f.subject));
    if (f.range_id >= 0) {
      ins.BindInt(11, f.range_id);
    } else {
      ins.BindNull(11);
    }
    ins.BindInt(12, f.start);
    ins.BindInt(13, f.end);
    ins.BindText(14, std::string_view(text).substr(f.start, f.end - f.start));
    NEWSINTEL_RETURN_IF_ERROR(ins.Run());
    if (!f.metric.empty()) impl_->touched_partitions.emplace(f.metric, f.unit);
    ++stats->facts;
  }
  for (const Claim& c : x.claims) {
    if (!SpanOk(text, c.start, c.end) || c.modality.empty()) continue;
    std::string sort_key = kb::ClaimSortKey(x.document.published, doc_key, c.start);
    std::string_view quoted = std::string_view(text).substr(c.start, c.end - c.start);
    Stmt ins = conn()->Prepare(
        "INSERT INTO claims(article_id, speaker, speaker_key, modality, text, text_hash, start, end, "
        "speaker_start, speaker_end, cue, sort_key) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)");
    ins.BindInt(1, article_id);
    ins.BindTextOrNull(2, c.speaker);
    ins.BindTextOrNull(3, Key(c.speaker));
    ins.BindText(4, c.modality);
    ins.BindText(5, quoted);
    ins.BindInt(6, kb::WordsHash(quoted));
    ins.BindInt(7, c.start);
    ins.BindInt(8, c.end);
    if (c.speaker_end > c.speaker_start && SpanOk(text, c.speaker_start, c.speaker_end)) {
      ins.BindInt(9, c.speaker_start);
      ins.BindInt(10, c.speaker_end);
    }
    ins.BindTextOrNull(11, c.cue);
    ins.BindText(12, sort_key);
    NEWSINTEL_RETURN_IF_ERROR(ins.Run());
    int64_t claim_id = conn()->LastInsertRowid();
    claim_fts_.emplace_back(claim_id, quoted);
    if (queue_claims_) {
      // Watch rules exist: alerts (alerts.h) look at the claims stored since.
      Stmt q = conn()->Prepare("INSERT OR IGNORE INTO alert_queue(claim_id) VALUES (?1)");
      q.BindInt(1, claim_id);
      NEWSINTEL_RETURN_IF_ERROR(q.Run());
    }
    ++stats->facts;
    if (c.modality == "denied") impl_->new_denials.push_back(claim_id);
    for (const std::string& about : c.about) {
      if (Key(about).empty()) continue;
      auto t = type_of.find(about);
      Result<int64_t> entity = EntityId(about, t == type_of.end() ? "" : t->second, "");
      if (!entity.ok()) return entity.status();
      Stmt link = conn()->Prepare(
          "INSERT OR IGNORE INTO claim_about(claim_id, entity_id, deniable, sort_key) VALUES (?1, ?2, ?3, ?4)");
      link.BindInt(1, claim_id);
      link.BindInt(2, *entity);
      link.BindInt(3, kb::DeniableRank(c.modality));
      link.BindText(4, sort_key);
      NEWSINTEL_RETURN_IF_ERROR(link.Run());
      impl_->touched_entities.insert(*entity);
    }
  }
  return Status::OK();
}

Status ArticleWriter::Start() {
  Stmt s = conn()->Prepare("SELECT EXISTS (SELECT 1 FROM watch_rules)");
  Result<bool> row = s.Step();
  if (!row.ok()) return row.status();
  queue_claims_ = *row && s.Int(0) != 0;
  return Status::OK();
}

Status ArticleWriter::FlushFullText() {
  for (const auto& a : article_fts_) {
    Stmt fts = conn()->Prepare("INSERT INTO articles_fts(rowid, title, text) VALUES (?1, ?2, ?3)");
    fts.BindInt(1, a.first);
    fts.BindTextOrNull(2, a.second->title);
    fts.BindText(3, a.second->text);
    NEWSINTEL_RETURN_IF_ERROR(fts.Run());
  }
  for (const auto& c : claim_fts_) {
    Stmt fts = conn()->Prepare("INSERT INTO claims_fts(rowid, text) VALUES (?1, ?2)");
    fts.BindInt(1, c.first);
    fts.BindText(2, c.second);
    NEWSINTEL_RETURN_IF_ERROR(fts.Run());
  }
  article_fts_.clear();
  claim_fts_.clear();
  return Status::OK();
}

Status ArticleWriter::Write(const IngestItem& item, IngestStats* stats) {
  const Extraction& x = *item.extraction;
  const Document& d = x.document;
  std::string canonical = kb::CanonicalUrl(d.url);
  std::string key = !item.key.empty() ? item.key : (!canonical.empty() ? canonical : d.doc);
  if (key.empty()) return Status::InvalidArgument("article has neither a url nor a doc path");
  std::string content_hash = kb::ContentHash(d);
  std::string facts_hash = kb::FactsHash(x);

  int64_t article_id = 0;
  std::string old_content, old_facts, old_title;
  {
    Stmt s = conn()->Prepare("SELECT id, content_hash, facts_hash, title FROM articles WHERE doc_key = ?1");
    s.BindText(1, key);
    Result<bool> row = s.Step();
    if (!row.ok()) return row.status();
    if (*row) {
      article_id = s.Int(0);
      old_content = s.Text(1);
      old_facts = s.Text(2);
      old_title = s.Text(3);
    }
  }
  if (article_id != 0 && old_content == content_hash && old_facts == facts_hash) {
    ++stats->unchanged;
    return Status::OK();
  }
  Result<int64_t> outlet = OutletId(d);
  if (!outlet.ok()) return outlet.status();
  // Parameters ?2 to ?13, the same in the UPDATE and the INSERT below.
  auto bind_columns = [&](Stmt& st) {
    st.BindText(2, d.doc);
    st.BindTextOrNull(3, d.url);
    st.BindTextOrNull(4, canonical);
    if (*outlet != 0) st.BindInt(5, *outlet);
    st.BindTextOrNull(6, d.title);
    st.BindTextOrNull(7, d.author);
    st.BindTextOrNull(8, d.published);
    st.BindTextOrNull(9, d.lang);
    st.BindText(10, content_hash);
    st.BindText(11, facts_hash);
    st.BindText(12, d.text);
    st.BindText(13, now_);
  };
  if (article_id != 0) {
    if (old_content != content_hash) {
      Stmt h = conn()->Prepare(
          "INSERT INTO article_history(article_id, content_hash, title, replaced) VALUES (?1, ?2, ?3, ?4)");
      h.BindInt(1, article_id);
      h.BindText(2, old_content);
      h.BindTextOrNull(3, old_title);
      h.BindText(4, now_);
      NEWSINTEL_RETURN_IF_ERROR(h.Run());
      ++stats->updated;
    } else {
      ++stats->refreshed;
    }
    NEWSINTEL_RETURN_IF_ERROR(DeleteFacts(article_id));
    Stmt fts = conn()->Prepare(
        "INSERT INTO articles_fts(articles_fts, rowid, title, text) "
        "SELECT 'delete', id, title, text FROM articles WHERE id = ?1");
    fts.BindInt(1, article_id);
    NEWSINTEL_RETURN_IF_ERROR(fts.Run());
    Stmt up = conn()->Prepare(
        "UPDATE articles SET doc = ?2, url = ?3, canonical_url = ?4, outlet_id = ?5, title = ?6, "
        "author = ?7, published = ?8, lang = ?9, content_hash = ?10, facts_hash = ?11, text = ?12, "
        "ingested = ?13 WHERE id = ?1");
    up.BindInt(1, article_id);
    bind_columns(up);
    NEWSINTEL_RETURN_IF_ERROR(up.Run());
  } else {
    Stmt ins = conn()->Prepare(
        "INSERT INTO articles(doc_key, doc, url, canonical_url, outlet_id, title, author, published, "
        "lang, content_hash, facts_hash, text, ingested) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)");
    ins.BindText(1, key);
    bind_columns(ins);
    NEWSINTEL_RETURN_IF_ERROR(ins.Run());
    article_id = conn()->LastInsertRowid();
    ++stats->new_articles;
  }
  article_fts_.push_back({article_id, &d});
  return InsertFacts(article_id, key, x, stats);
}

}  // namespace

KnowledgeBase::KnowledgeBase(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
KnowledgeBase::~KnowledgeBase() = default;

int KnowledgeBase::schema_version() const { return impl_->version; }

Result<std::unique_ptr<KnowledgeBase>> KnowledgeBase::Open(const std::string& path, const KbOptions& options) {
  auto conn = Connection::Open(path, options.read_only, options.busy_timeout_ms);
  if (!conn.ok()) return conn.status();
  auto impl = std::make_unique<Impl>();
  impl->conn = std::move(*conn);
  impl->read_only = options.read_only;
  Result<int> version = kb::SchemaVersion(impl->conn.get());
  if (!version.ok()) return version.status();
  if (options.read_only) {
    if (*version != kb::LatestSchemaVersion()) {
      return Status::InvalidArgument(path + ": schema version " + std::to_string(*version) + ", expected " +
                                     std::to_string(kb::LatestSchemaVersion()) +
                                     " (open it for writing once to upgrade)");
    }
  } else {
    NEWSINTEL_RETURN_IF_ERROR(kb::Migrate(impl->conn.get(), kb::LatestSchemaVersion()));
    Stmt s = impl->conn->Prepare("SELECT value FROM kb_state WHERE key = 'derived_dirty'");
    Result<bool> row = s.Step();
    if (!row.ok()) return row.status();
    impl->recompute_all = *row && s.Text(0) == "1";
  }
  impl->version = kb::LatestSchemaVersion();
  return std::unique_ptr<KnowledgeBase>(new KnowledgeBase(std::move(impl)));
}

Status KnowledgeBase::WriteBatch(const std::vector<IngestItem>& batch, size_t begin, size_t end,
                                 IngestStats* stats) {
  std::string now = kb::FormatUtc(std::time(nullptr));
  // References into the cache live within one article; bound it between batches.
  if (impl_->fold_cache.size() >= 20000) impl_->fold_cache.clear();
  kb::Transaction tx(impl_->conn.get());
  NEWSINTEL_RETURN_IF_ERROR(tx.Begin());
  ArticleWriter writer(impl_.get(), now);
  NEWSINTEL_RETURN_IF_ERROR(writer.Start());
  for (size_t i = begin; i < end; ++i) {
    if (batch[i].extraction == nullptr) continue;
    Status st = writer.Write(batch[i], stats);
    if (!st.ok()) return st.WithContext(batch[i].extraction->document.doc);
  }
  NEWSINTEL_RETURN_IF_ERROR(writer.FlushFullText());
  if (stats->new_articles + stats->updated + stats->refreshed > 0) {
    NEWSINTEL_RETURN_IF_ERROR(impl_->conn->Exec("UPDATE kb_state SET value = '1' WHERE key = 'derived_dirty'"));
  }
  return tx.Commit();
}

Result<IngestStats> KnowledgeBase::IngestWithoutDerived(const std::vector<IngestItem>& batch) {
  if (impl_->read_only) return Status::InvalidArgument("knowledge base opened read-only");
  IngestStats stats;
  Status st = WriteBatch(batch, 0, batch.size(), &stats);
  if (st.ok()) return stats;
  impl_->ClearCaches();
  if (st.code() == Status::Code::kUnavailable || st.code() == Status::Code::kIOError) return st;
  // One article could not be stored: store the others one transaction each.
  stats = IngestStats();
  for (size_t i = 0; i < batch.size(); ++i) {
    IngestStats one;
    Status article = WriteBatch(batch, i, i + 1, &one);
    if (!article.ok()) {
      impl_->ClearCaches();
      stats.errors.push_back(article.ToString());
      continue;
    }
    stats.new_articles += one.new_articles;
    stats.unchanged += one.unchanged;
    stats.updated += one.updated;
    stats.refreshed += one.refreshed;
    stats.facts += one.facts;
  }
  return stats;
}

Result<IngestStats> KnowledgeBase::Ingest(const std::vector<IngestItem>& batch) {
  Result<IngestStats> stats = IngestWithoutDerived(batch);
  if (!stats.ok()) return stats;
  Result<int> contradictions = Finish();
  if (!contradictions.ok()) return contradictions.status();
  stats->contradictions = *contradictions;
  return stats;
}

Result<int> KnowledgeBase::Finish() {
  if (impl_->read_only) return Status::InvalidArgument("knowledge base opened read-only");
  return kb::RecomputeDerived(impl_.get());
}

}  // namespace newsintel
