// KnowledgeBase::Snapshot(): every row an export needs, in bulk queries.
#include <algorithm>
#include <tuple>
#include <unordered_map>
#include <utility>

#include "kb/kb_impl.h"

namespace newsintel {

using kb::Connection;
using kb::Stmt;

namespace {

template <typename Fn>
Status ForEach(Connection* conn, const std::string& sql, Fn fn) {
  Stmt s = conn->Prepare(sql);
  while (true) {
    Result<bool> row = s.Step();
    if (!row.ok()) return row.status();
    if (!*row) return Status::OK();
    fn(s);
  }
}

// A deferred read transaction, so that every query sees the same state;
// rolled back (nothing was written) on destruction.
class ReadTransaction {
 public:
  explicit ReadTransaction(Connection* conn) : conn_(conn) {}
  ~ReadTransaction() {
    if (open_) conn_->Exec("ROLLBACK");
  }
  Status Begin() {
    NEWSINTEL_RETURN_IF_ERROR(conn_->Exec("BEGIN"));
    open_ = true;
    return Status::OK();
  }

 private:
  Connection* conn_;
  bool open_ = false;
};

template <typename T>
T* FindById(std::vector<T>& rows, int64_t id) {
  auto it = std::lower_bound(rows.begin(), rows.end(), id, [](const T& r, int64_t v) { return r.id < v; });
  return it != rows.end() && it->id == id ? &*it : nullptr;
}

}  // namespace

Result<KbSnapshot> KnowledgeBase::Snapshot() {
  Connection* conn = impl_->conn.get();
  ReadTransaction tx(conn);
  NEWSINTEL_RETURN_IF_ERROR(tx.Begin());
  KbSnapshot snap;

  NEWSINTEL_RETURN_IF_ERROR(
      ForEach(conn, "SELECT id, name, coalesce(domain, '') FROM outlets ORDER BY id", [&](Stmt& r) {
        snap.outlets.push_back({r.Int(0), r.Text(1), r.Text(2)});
      }));
  NEWSINTEL_RETURN_IF_ERROR(ForEach(
      conn,
      "SELECT id, coalesce(outlet_id, 0), doc, coalesce(url, ''), coalesce(title, ''), coalesce(author, ''), "
      "coalesce(published, ''), coalesce(lang, ''), text FROM articles ORDER BY id",
      [&](Stmt& r) {
        KbSnapshot::Article a;
        a.id = r.Int(0);
        a.outlet_id = r.Int(1);
        a.doc = r.Text(2);
        a.url = r.Text(3);
        a.title = r.Text(4);
        a.author = r.Text(5);
        a.published = r.Text(6);
        a.lang = r.Text(7);
        a.text = r.Text(8);
        snap.articles.push_back(std::move(a));
      }));
  NEWSINTEL_RETURN_IF_ERROR(
      ForEach(conn, "SELECT id, name, type, coalesce(wikidata, '') FROM entities ORDER BY id", [&](Stmt& r) {
        KbSnapshot::Entity e;
        e.id = r.Int(0);
        e.name = r.Text(1);
        e.type = r.Text(2);
        e.wikidata = r.Text(3);
        snap.entities.push_back(std::move(e));
      }));
  NEWSINTEL_RETURN_IF_ERROR(ForEach(
      conn, "SELECT entity_id, alias FROM entity_aliases ORDER BY entity_id, alias_key, alias", [&](Stmt& r) {
        if (KbSnapshot::Entity* e = FindById(snap.entities, r.Int(0))) e->aliases.push_back(r.Text(1));
      }));
  NEWSINTEL_RETURN_IF_ERROR(ForEach(
      conn,
      "SELECT id, name, coalesce(vendor, ''), coalesce(family, ''), coalesce(export_class, ''), coalesce(tpp, 0) "
      "FROM chips ORDER BY id",
      [&](Stmt& r) {
        snap.chips.push_back({r.Int(0), r.Text(1), r.Text(2), r.Text(3), r.Text(4), r.Double(5)});
      }));
  auto mention = [](Stmt& r) {
    KbSnapshot::Mention m;
    m.article_id = r.Int(0);
    m.target_id = r.Int(1);
    m.start = static_cast<uint32_t>(r.Int(2));
    m.end = static_cast<uint32_t>(r.Int(3));
    return m;
  };
  NEWSINTEL_RETURN_IF_ERROR(ForEach(
      conn, "SELECT article_id, entity_id, start, end FROM mentions ORDER BY article_id, start, end, entity_id",
      [&](Stmt& r) { snap.mentions.push_back(mention(r)); }));
  NEWSINTEL_RETURN_IF_ERROR(ForEach(
      conn, "SELECT article_id, chip_id, start, end FROM chip_mentions ORDER BY article_id, start, end, chip_id",
      [&](Stmt& r) { snap.chip_mentions.push_back(mention(r)); }));

  // Claims, grouped by text (the same claim reported by several outlets).
  std::unordered_map<int64_t, int64_t> groups;  // text_hash -> smallest id
  NEWSINTEL_RETURN_IF_ERROR(ForEach(
      conn,
      "SELECT c.id, coalesce(c.speaker, ''), c.modality, c.text, coalesce(c.cue, ''), c.start, c.end, "
      "a.doc, coalesce(a.url, ''), coalesce(o.name, ''), coalesce(a.published, ''), coalesce(a.lang, ''), "
      "c.article_id, c.text_hash, "
      "coalesce((SELECT min(entity_id) FROM entity_aliases WHERE alias_key = c.speaker_key), 0) "
      "FROM claims c JOIN articles a ON a.id = c.article_id LEFT JOIN outlets o ON o.id = a.outlet_id "
      "ORDER BY c.id",
      [&](Stmt& r) {
        KbSnapshot::Claim c;
        c.row.id = r.Int(0);
        c.row.speaker = r.Text(1);
        c.row.modality = r.Text(2);
        c.row.text = r.Text(3);
        c.row.cue = r.Text(4);
        c.row.source.start = static_cast<uint32_t>(r.Int(5));
        c.row.source.end = static_cast<uint32_t>(r.Int(6));
        c.row.source.doc = r.Text(7);
        c.row.source.url = r.Text(8);
        c.row.source.outlet = r.Text(9);
        c.row.source.published = r.Text(10);
        c.row.source.lang = r.Text(11);
        c.article_id = r.Int(12);
        c.group_id = groups.emplace(r.Int(13), c.row.id).first->second;  // ids ascend: the first is smallest
        c.speaker_id = r.Int(14);
        snap.claims.push_back(std::move(c));
      }));
  auto find_claim = [&](int64_t id) -> KbSnapshot::Claim* {
    auto it = std::lower_bound(snap.claims.begin(), snap.claims.end(), id,
                               [](const KbSnapshot::Claim& x, int64_t v) { return x.row.id < v; });
    return it != snap.claims.end() && it->row.id == id ? &*it : nullptr;
  };
  NEWSINTEL_RETURN_IF_ERROR(ForEach(
      conn,
      "SELECT ca.claim_id, ca.entity_id, e.name FROM claim_about ca JOIN entities e ON e.id = ca.entity_id "
      "ORDER BY ca.claim_id, e.name_key",
      [&](Stmt& r) {
        if (KbSnapshot::Claim* c = find_claim(r.Int(0))) {
          c->about_ids.push_back(r.Int(1));
          c->row.about.push_back(r.Text(2));
        }
      }));
  NEWSINTEL_RETURN_IF_ERROR(ForEach(
      conn,
      "SELECT l.claim_id, l.target_id FROM claim_links l JOIN claims t ON t.id = l.target_id "
      "WHERE l.relation = 'denies' ORDER BY l.claim_id, t.sort_key, t.id",
      [&](Stmt& r) {
        if (KbSnapshot::Claim* c = find_claim(r.Int(0))) c->row.denies.push_back(r.Int(1));
      }));
  NEWSINTEL_RETURN_IF_ERROR(ForEach(
      conn,
      "SELECT l.target_id, l.claim_id FROM claim_links l JOIN claims d ON d.id = l.claim_id "
      "WHERE l.relation = 'denies' ORDER BY l.target_id, d.sort_key, d.id",
      [&](Stmt& r) {
        if (KbSnapshot::Claim* c = find_claim(r.Int(0))) c->row.denied_by.push_back(r.Int(1));
      }));

  // The quoted sentences: every sentence a claim overlaps, as Sources() quotes them.
  if (!impl_->splitter) impl_->splitter = std::make_unique<SentenceSplitter>();
  {
    std::vector<KbSnapshot::Claim*> by_article;
    for (KbSnapshot::Claim& c : snap.claims) by_article.push_back(&c);
    std::stable_sort(by_article.begin(), by_article.end(),
                     [](const KbSnapshot::Claim* x, const KbSnapshot::Claim* y) { return x->article_id < y->article_id; });
    int64_t current = -1;
    std::vector<Span> sentences;
    const KbSnapshot::Article* article = nullptr;
    for (KbSnapshot::Claim* c : by_article) {
      if (c->article_id != current) {
        current = c->article_id;
        article = FindById(snap.articles, current);
        sentences.clear();
        if (article != nullptr) sentences = impl_->splitter->Split(article->text, article->lang);
      }
      uint32_t start = c->row.source.start, end = c->row.source.end;
      if (article == nullptr || end > article->text.size() || start > end) {
        c->quote_start = c->quote_end = 0;
        continue;
      }
      auto it = std::lower_bound(sentences.begin(), sentences.end(), start,
                                 [](const Span& s, uint32_t v) { return s.end <= v; });
      for (; it != sentences.end() && it->start < c->row.source.end; ++it) {
        if (c->row.source.start < it->end) {
          start = std::min(start, it->start);
          end = std::max(end, it->end);
        }
      }
      c->quote_start = start;
      c->quote_end = end;
    }
  }

  // Figures, then the contradictions that group them.
  NEWSINTEL_RETURN_IF_ERROR(ForEach(
      conn,
      "SELECT f.id, f.value, f.unit, coalesce(f.kind, ''), f.precision, f.approx, coalesce(f.metric, ''), "
      "coalesce(f.subject, ''), f.text, f.start, f.end, "
      "a.doc, coalesce(a.url, ''), coalesce(o.name, ''), coalesce(a.published, ''), coalesce(a.lang, ''), "
      "f.article_id, coalesce((SELECT id FROM entities WHERE name_key = f.subject_key), "
      "(SELECT min(entity_id) FROM entity_aliases WHERE alias_key = f.subject_key), 0) "
      "FROM figures f JOIN articles a ON a.id = f.article_id LEFT JOIN outlets o ON o.id = a.outlet_id "
      "ORDER BY f.id",
      [&](Stmt& r) {
        KbSnapshot::Figure f;
        f.row.id = r.Int(0);
        f.row.value = r.Double(1);
        f.row.unit = r.Text(2);
        f.row.kind = r.Text(3);
        f.row.precision = r.Double(4);
        f.row.approx = r.Int(5) != 0;
        f.row.metric = r.Text(6);
        f.row.subject = r.Text(7);
        f.row.text = r.Text(8);
        f.row.source.start = static_cast<uint32_t>(r.Int(9));
        f.row.source.end = static_cast<uint32_t>(r.Int(10));
        f.row.source.doc = r.Text(11);
        f.row.source.url = r.Text(12);
        f.row.source.outlet = r.Text(13);
        f.row.source.published = r.Text(14);
        f.row.source.lang = r.Text(15);
        f.article_id = r.Int(16);
        f.subject_id = r.Int(17);
        snap.figures.push_back(std::move(f));
      }));
  NEWSINTEL_RETURN_IF_ERROR(
      ForEach(conn, "SELECT id, subject, metric, unit, verdict FROM contradictions ORDER BY id", [&](Stmt& r) {
        ContradictionRow k;
        k.id = r.Int(0);
        k.subject = r.Text(1);
        k.metric = r.Text(2);
        k.unit = r.Text(3);
        k.verdict = r.Text(4);
        snap.contradictions.push_back(std::move(k));
      }));
  auto find_figure = [&](int64_t id) -> KbSnapshot::Figure* {
    auto it = std::lower_bound(snap.figures.begin(), snap.figures.end(), id,
                               [](const KbSnapshot::Figure& x, int64_t v) { return x.row.id < v; });
    return it != snap.figures.end() && it->row.id == id ? &*it : nullptr;
  };
  NEWSINTEL_RETURN_IF_ERROR(ForEach(
      conn,
      "SELECT cm.contradiction_id, cm.figure_id FROM contradiction_members cm "
      "ORDER BY cm.contradiction_id, cm.figure_id",
      [&](Stmt& r) {
        KbSnapshot::Figure* f = find_figure(r.Int(1));
        ContradictionRow* k = FindById(snap.contradictions, r.Int(0));
        if (f == nullptr || k == nullptr) return;
        if (f->row.contradiction_id == 0 || r.Int(0) < f->row.contradiction_id) f->row.contradiction_id = k->id;
        k->values.push_back(f->row);
        k->values.back().contradiction_id = k->id;
      }));
  for (ContradictionRow& k : snap.contradictions) {
    std::sort(k.values.begin(), k.values.end(), [](const FigureRow& x, const FigureRow& y) {
      return std::tie(x.source.published, x.source.doc, x.source.start, x.id) <
             std::tie(y.source.published, y.source.doc, y.source.start, y.id);
    });
  }
  return snap;
}

}  // namespace newsintel
