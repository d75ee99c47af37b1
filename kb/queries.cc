// KnowledgeBase read queries: claims, figures, contradictions, entity
// profiles and the sources of one claim or figure.
#include <algorithm>
#include <cctype>
#include <map>
#include <utility>

#include "extract/normalize.h"
#include "kb/kb_impl.h"

namespace newsintel {

using kb::Connection;
using kb::ForEachRow;
using kb::Stmt;

namespace {

// A SQL text with numbered parameters; the text depends only on which
// filters are set, so prepared statements are cached.
class Sql {
 public:
  explicit Sql(std::string head) : text_(std::move(head)) {}
  std::string Text(std::string v) {
    params_.push_back({false, 0, std::move(v)});
    return "?" + std::to_string(params_.size());
  }
  std::string Int(int64_t v) {
    params_.push_back({true, v, std::string()});
    return "?" + std::to_string(params_.size());
  }
  Sql& operator+=(const std::string& s) {
    text_ += s;
    return *this;
  }
  Stmt Prepare(Connection* conn) const {
    Stmt s = conn->Prepare(text_);
    for (size_t i = 0; i < params_.size(); ++i) {
      if (params_[i].is_int) {
        s.BindInt(static_cast<int>(i + 1), params_[i].i);
      } else {
        s.BindText(static_cast<int>(i + 1), params_[i].s);
      }
    }
    return s;
  }

 private:
  struct Param {
    bool is_int;
    int64_t i;
    std::string s;
  };
  std::string text_;
  std::vector<Param> params_;
};

// Turns what a user typed into an FTS5 query: every word required. Words
// are cut at punctuation as the unicode61 tokenizer cuts them ("DeepSeek-V3"
// -> deepseek AND v3, since the index keeps no positions) and quoted, so
// that nothing typed is FTS syntax; "word*" keeps its prefix star.
std::string FtsQuery(const std::string& input) {
  std::string out, word;
  auto flush = [&](bool prefix) {
    if (!word.empty()) {
      if (!out.empty()) out += ' ';
      out += '"' + word + '"';
      if (prefix) out += '*';
    }
    word.clear();
  };
  for (size_t i = 0; i < input.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(input[i]);
    if (std::isalnum(c) || c >= 0x80) {
      word.push_back(static_cast<char>(c));
    } else {
      bool star = c == '*' && (i + 1 == input.size() || input[i + 1] == ' ');
      flush(star);
    }
  }
  flush(false);
  return out;
}

// SQL for the ids of the entities a name or alias designates.
std::string EntityIds(Sql* sql, const std::string& name) {
  std::string p = sql->Text(FoldKey(name));
  return "(SELECT id FROM entities WHERE name_key = " + p +
         " UNION SELECT entity_id FROM entity_aliases WHERE alias_key = " + p + ")";
}

// The speaker condition on claims aliased `c`: a substring of the speaker,
// or any alias of an entity the text names.
std::string SpeakerCondition(Sql* sql, const std::string& speaker) {
  std::string p = sql->Text(FoldKey(speaker));
  return "(instr(c.speaker_key, " + p + ") > 0 OR c.speaker_key IN (SELECT a2.alias_key FROM entity_aliases a2 "
         "WHERE a2.entity_id IN (SELECT entity_id FROM entity_aliases WHERE alias_key = " + p + ")))";
}

// Conditions on articles `a` and outlets `o` shared by every query.
void ArticleConditions(Sql* sql, const QueryFilter& f) {
  if (!f.outlet.empty()) {
    std::string p = sql->Text(FoldKey(f.outlet));
    *sql += " AND (instr(o.name_key, " + p + ") > 0 OR instr(coalesce(o.domain, ''), " + p + ") > 0)";
  }
  if (!f.since.empty()) *sql += " AND a.published >= " + sql->Text(f.since);
  if (!f.lang.empty()) *sql += " AND a.lang = " + sql->Text(f.lang);
}

void LimitClause(Sql* sql, const QueryFilter& f) {
  if (f.limit > 0) *sql += " LIMIT " + sql->Int(f.limit);
}

enum class Role { kAny, kBy, kAbout };

const char kClaimColumns[] =
    "SELECT c.id, coalesce(c.speaker, ''), c.modality, c.text, coalesce(c.cue, ''), c.start, c.end, "
    "a.doc, coalesce(a.url, ''), coalesce(o.name, ''), coalesce(a.published, ''), coalesce(a.lang, '') "
    "FROM claims c JOIN articles a ON a.id = c.article_id LEFT JOIN outlets o ON o.id = a.outlet_id WHERE 1";

const char kFigureColumns[] =
    "SELECT f.id, f.value, f.unit, coalesce(f.kind, ''), f.precision, f.approx, coalesce(f.metric, ''), "
    "coalesce(f.subject, ''), f.text, f.start, f.end, "
    "a.doc, coalesce(a.url, ''), coalesce(o.name, ''), coalesce(a.published, ''), coalesce(a.lang, ''), "
    "coalesce((SELECT min(contradiction_id) FROM contradiction_members WHERE figure_id = f.id), 0) "
    "FROM figures f JOIN articles a ON a.id = f.article_id LEFT JOIN outlets o ON o.id = a.outlet_id WHERE 1";

void ReadProvenance(const Stmt& s, int first, Provenance* p) {
  p->doc = s.Text(first);
  p->url = s.Text(first + 1);
  p->outlet = s.Text(first + 2);
  p->published = s.Text(first + 3);
  p->lang = s.Text(first + 4);
}

FigureRow ReadFigure(const Stmt& s) {
  FigureRow r;
  r.id = s.Int(0);
  r.value = s.Double(1);
  r.unit = s.Text(2);
  r.kind = s.Text(3);
  r.precision = s.Double(4);
  r.approx = s.Int(5) != 0;
  r.metric = s.Text(6);
  r.subject = s.Text(7);
  r.text = s.Text(8);
  r.source.start = static_cast<uint32_t>(s.Int(9));
  r.source.end = static_cast<uint32_t>(s.Int(10));
  ReadProvenance(s, 11, &r.source);
  r.contradiction_id = s.Int(16);
  return r;
}

}  // namespace

namespace kb {

// Read queries over one Impl; free functions so that kb.h stays small.
class Queries {
 public:
  explicit Queries(KnowledgeBase::Impl* impl) : impl_(impl), conn_(impl->conn.get()) {}

  // `entity_id`, when set, replaces filter.entity.
  Result<std::vector<ClaimRow>> Claims(const QueryFilter& f, Role role, int64_t entity_id = 0) {
    Sql sql(kClaimColumns);
    std::string ids;
    if (entity_id != 0) {
      ids = "(" + sql.Int(entity_id) + ")";
    } else if (!f.entity.empty()) {
      ids = EntityIds(&sql, f.entity);
    }
    if (!ids.empty()) {
      std::string about = "c.id IN (SELECT claim_id FROM claim_about WHERE entity_id IN " + ids + ")";
      std::string by = "c.speaker_key IN (SELECT alias_key FROM entity_aliases WHERE entity_id IN " + ids + ")";
      if (role == Role::kAny) sql += " AND (" + about + " OR " + by + ")";
      if (role == Role::kAbout) sql += " AND " + about;
      if (role == Role::kBy) sql += " AND " + by;
    }
    if (!f.speaker.empty()) sql += " AND " + SpeakerCondition(&sql, f.speaker);
    if (!f.modality.empty()) sql += " AND c.modality = " + sql.Text(f.modality);
    ArticleConditions(&sql, f);
    if (!f.search.empty()) {
      sql += " AND c.id IN (SELECT rowid FROM claims_fts WHERE claims_fts MATCH " + sql.Text(FtsQuery(f.search)) + ")";
    }
    sql += " ORDER BY c.sort_key, c.id";
    LimitClause(&sql, f);
    std::vector<ClaimRow> rows;
    Stmt s = sql.Prepare(conn_);
    NEWSINTEL_RETURN_IF_ERROR(ForEachRow(s, [&](Stmt& r) {
      ClaimRow c;
      c.id = r.Int(0);
      c.speaker = r.Text(1);
      c.modality = r.Text(2);
      c.text = r.Text(3);
      c.cue = r.Text(4);
      c.source.start = static_cast<uint32_t>(r.Int(5));
      c.source.end = static_cast<uint32_t>(r.Int(6));
      ReadProvenance(r, 7, &c.source);
      rows.push_back(std::move(c));
    }));
    for (ClaimRow& c : rows) NEWSINTEL_RETURN_IF_ERROR(FillClaim(&c));
    return rows;
  }

  Status FillClaim(ClaimRow* c) {
    Stmt about = conn_->Prepare(
        "SELECT e.name FROM claim_about ca JOIN entities e ON e.id = ca.entity_id WHERE ca.claim_id = ?1 "
        "ORDER BY e.name_key");
    about.BindInt(1, c->id);
    NEWSINTEL_RETURN_IF_ERROR(ForEachRow(about, [&](Stmt& r) { c->about.push_back(r.Text(0)); }));
    Stmt denies = conn_->Prepare(
        "SELECT l.target_id FROM claim_links l JOIN claims t ON t.id = l.target_id "
        "WHERE l.claim_id = ?1 AND l.relation = 'denies' ORDER BY t.sort_key");
    denies.BindInt(1, c->id);
    NEWSINTEL_RETURN_IF_ERROR(ForEachRow(denies, [&](Stmt& r) { c->denies.push_back(r.Int(0)); }));
    Stmt denied_by = conn_->Prepare(
        "SELECT l.claim_id FROM claim_links l JOIN claims d ON d.id = l.claim_id "
        "WHERE l.target_id = ?1 AND l.relation = 'denies' ORDER BY d.sort_key");
    denied_by.BindInt(1, c->id);
    NEWSINTEL_RETURN_IF_ERROR(ForEachRow(denied_by, [&](Stmt& r) { c->denied_by.push_back(r.Int(0)); }));
    return Status::OK();
  }

  // Appends the conditions selecting figures `f` (with `a`, `o`) to `sql`.
  void FigureConditions(Sql* sql, const QueryFilter& f, int64_t entity_id = 0) {
    std::string ids;
    if (entity_id != 0) {
      ids = "(" + sql->Int(entity_id) + ")";
    } else if (!f.entity.empty()) {
      ids = EntityIds(sql, f.entity);
    }
    if (!ids.empty()) {
      // Its subject is the entity, or it is in a group where another figure's is.
      std::string keys = "(SELECT alias_key FROM entity_aliases WHERE entity_id IN " + ids + ")";
      *sql += " AND (f.subject_key IN " + keys + " OR f.group_key IN (SELECT f2.group_key FROM figures f2 "
              "WHERE f2.subject_key IN " + keys + " AND f2.group_key IS NOT NULL))";
    }
    if (!f.speaker.empty() || !f.modality.empty()) {
      // Figures quoted inside a claim by that speaker or with that modality.
      *sql += " AND EXISTS (SELECT 1 FROM claims c WHERE c.article_id = f.article_id "
              "AND c.start <= f.start AND f.end <= c.end";
      if (!f.speaker.empty()) *sql += " AND " + SpeakerCondition(sql, f.speaker);
      if (!f.modality.empty()) *sql += " AND c.modality = " + sql->Text(f.modality);
      *sql += ")";
    }
    ArticleConditions(sql, f);
    if (!f.search.empty()) {
      *sql += " AND f.article_id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH " +
              sql->Text(FtsQuery(f.search)) + ")";
    }
  }

  Result<std::vector<FigureRow>> Figures(const QueryFilter& f, int64_t entity_id = 0) {
    Sql sql(kFigureColumns);
    FigureConditions(&sql, f, entity_id);
    sql += " ORDER BY coalesce(a.published, ''), a.doc_key, f.start, f.id";
    LimitClause(&sql, f);
    return ReadFigures(sql);
  }

  Result<std::vector<FigureRow>> ReadFigures(const Sql& sql) {
    std::vector<FigureRow> rows;
    Stmt s = sql.Prepare(conn_);
    NEWSINTEL_RETURN_IF_ERROR(ForEachRow(s, [&](Stmt& r) { rows.push_back(ReadFigure(r)); }));
    return rows;
  }

  Result<std::vector<ContradictionRow>> Contradictions(const QueryFilter& f) {
    Sql sql("SELECT k.id, k.subject, k.metric, k.unit, k.verdict FROM contradictions k WHERE 1");
    bool filtered = !f.entity.empty() || !f.speaker.empty() || !f.modality.empty() || !f.outlet.empty() ||
                    !f.since.empty() || !f.lang.empty() || !f.search.empty();
    if (filtered) {
      // Groups with at least one figure that passes the filter.
      sql += " AND k.id IN (SELECT cm.contradiction_id FROM contradiction_members cm WHERE cm.figure_id IN "
             "(SELECT f.id FROM figures f JOIN articles a ON a.id = f.article_id "
             "LEFT JOIN outlets o ON o.id = a.outlet_id WHERE 1";
      FigureConditions(&sql, f);
      sql += "))";
    }
    sql += " ORDER BY k.subject, k.metric, k.unit, k.group_key";
    LimitClause(&sql, f);
    std::vector<ContradictionRow> rows;
    Stmt s = sql.Prepare(conn_);
    NEWSINTEL_RETURN_IF_ERROR(ForEachRow(s, [&](Stmt& r) {
      ContradictionRow k;
      k.id = r.Int(0);
      k.subject = r.Text(1);
      k.metric = r.Text(2);
      k.unit = r.Text(3);
      k.verdict = r.Text(4);
      rows.push_back(std::move(k));
    }));
    for (ContradictionRow& k : rows) {
      Sql members(kFigureColumns);
      members += " AND f.id IN (SELECT figure_id FROM contradiction_members WHERE contradiction_id = " +
                 members.Int(k.id) + ") ORDER BY a.doc_key, f.start, f.id";
      Result<std::vector<FigureRow>> values = ReadFigures(members);
      if (!values.ok()) return values.status();
      k.values = std::move(*values);
      for (FigureRow& v : k.values) v.contradiction_id = k.id;
    }
    return rows;
  }

  Result<EntityProfile> Entity(const std::string& name, const QueryFilter& f) {
    EntityProfile p;
    {
      Stmt s = conn_->Prepare(
          "SELECT id, name, type, coalesce(wikidata, ''), 0 AS rank, name_key FROM entities WHERE name_key = ?1 "
          "UNION ALL SELECT e.id, e.name, e.type, coalesce(e.wikidata, ''), 1, e.name_key FROM entity_aliases a "
          "JOIN entities e ON e.id = a.entity_id WHERE a.alias_key = ?1 ORDER BY rank, name_key LIMIT 1");
      s.BindText(1, FoldKey(name));
      Result<bool> row = s.Step();
      if (!row.ok()) return row.status();
      if (!*row) return Status::NotFound("no entity named '" + name + "'");
      p.id = s.Int(0);
      p.name = s.Text(1);
      p.type = s.Text(2);
      p.wikidata = s.Text(3);
    }
    {
      Stmt s = conn_->Prepare("SELECT alias FROM entity_aliases WHERE entity_id = ?1 ORDER BY alias_key, alias");
      s.BindInt(1, p.id);
      NEWSINTEL_RETURN_IF_ERROR(ForEachRow(s, [&](Stmt& r) { p.aliases.push_back(r.Text(0)); }));
    }
    {
      Sql sql("SELECT coalesce(o.name, ''), count(*) FROM mentions m JOIN articles a ON a.id = m.article_id "
              "LEFT JOIN outlets o ON o.id = a.outlet_id WHERE m.entity_id = ");
      sql += sql.Int(p.id);
      ArticleConditions(&sql, f);
      sql += " GROUP BY 1 ORDER BY 2 DESC, 1";
      Stmt s = sql.Prepare(conn_);
      NEWSINTEL_RETURN_IF_ERROR(
          ForEachRow(s, [&](Stmt& r) { p.mentions_by_outlet.emplace_back(r.Text(0), r.Int(1)); }));
    }
    QueryFilter rest = f;
    rest.entity.clear();
    Result<std::vector<ClaimRow>> by = Claims(rest, Role::kBy, p.id);
    if (!by.ok()) return by.status();
    p.claims_by = std::move(*by);
    Result<std::vector<ClaimRow>> about = Claims(rest, Role::kAbout, p.id);
    if (!about.ok()) return about.status();
    p.claims_about = std::move(*about);
    Result<std::vector<FigureRow>> figures = Figures(rest, p.id);
    if (!figures.ok()) return figures.status();
    p.figures = std::move(*figures);
    {
      Sql sql("SELECT ch.name, count(DISTINCT cm.article_id) FROM chip_mentions cm JOIN chips ch ON ch.id = cm.chip_id "
              "JOIN articles a ON a.id = cm.article_id LEFT JOIN outlets o ON o.id = a.outlet_id "
              "WHERE cm.article_id IN (SELECT article_id FROM mentions WHERE entity_id = ");
      sql += sql.Int(p.id) + ")";
      ArticleConditions(&sql, f);
      sql += " GROUP BY ch.id ORDER BY 2 DESC, ch.name_key";
      Stmt s = sql.Prepare(conn_);
      NEWSINTEL_RETURN_IF_ERROR(ForEachRow(s, [&](Stmt& r) { p.chips.emplace_back(r.Text(0), r.Int(1)); }));
    }
    return p;
  }

  Result<SourcesReport> Sources(const std::string& id) {
    SourcesReport rep;
    rep.id = id;
    int64_t n = 0;
    bool valid = id.size() >= 2 && (id[0] == 'c' || id[0] == 'f');
    for (size_t i = 1; valid && i < id.size(); ++i) {
      if (id[i] < '0' || id[i] > '9' || i > 18) valid = false;
      if (valid) n = n * 10 + (id[i] - '0');
    }
    if (!valid) return Status::InvalidArgument("'" + id + "' is not a claim (c<n>) or figure (f<n>) id");
    // Rows: item id, article id, start, end, item text, provenance (5 columns).
    std::string sql;
    if (id[0] == 'c') {
      rep.kind = "claim";
      Stmt s = conn_->Prepare("SELECT text FROM claims WHERE id = ?1");
      s.BindInt(1, n);
      Result<bool> row = s.Step();
      if (!row.ok()) return row.status();
      if (!*row) return Status::NotFound("no claim " + id);
      rep.label = s.Text(0);
      sql = "SELECT c.id, c.article_id, c.start, c.end, c.text, a.doc, coalesce(a.url, ''), "
            "coalesce(o.name, ''), coalesce(a.published, ''), coalesce(a.lang, '') "
            "FROM claims c JOIN articles a ON a.id = c.article_id LEFT JOIN outlets o ON o.id = a.outlet_id "
            "WHERE c.text_hash = (SELECT text_hash FROM claims WHERE id = ?1) ORDER BY c.sort_key, c.id";
    } else {
      rep.kind = "figure";
      Stmt s = conn_->Prepare(
          "SELECT coalesce(metric, ''), coalesce(subject, ''), text, value, unit FROM figures WHERE id = ?1");
      s.BindInt(1, n);
      Result<bool> row = s.Step();
      if (!row.ok()) return row.status();
      if (!*row) return Status::NotFound("no figure " + id);
      std::string metric = s.Text(0), subject = s.Text(1);
      rep.label = (metric.empty() ? std::string("figure") : metric) + (subject.empty() ? "" : " of " + subject) +
                  ": " + s.Text(2);
      sql = "SELECT f.id, f.article_id, f.start, f.end, f.text, a.doc, coalesce(a.url, ''), "
            "coalesce(o.name, ''), coalesce(a.published, ''), coalesce(a.lang, '') "
            "FROM figures f JOIN articles a ON a.id = f.article_id LEFT JOIN outlets o ON o.id = a.outlet_id "
            "WHERE f.id = ?1 OR f.group_key = (SELECT group_key FROM figures WHERE id = ?1) "
            "ORDER BY coalesce(a.published, ''), a.doc_key, f.start, f.id";
    }
    std::vector<std::pair<int64_t, SourceRow>> rows;  // article id, row
    {
      Stmt s = conn_->Prepare(sql);
      s.BindInt(1, n);
      NEWSINTEL_RETURN_IF_ERROR(ForEachRow(s, [&](Stmt& r) {
        SourceRow row;
        row.item_id = r.Int(0);
        row.source.start = static_cast<uint32_t>(r.Int(2));
        row.source.end = static_cast<uint32_t>(r.Int(3));
        row.item_text = r.Text(4);
        ReadProvenance(r, 5, &row.source);
        rows.emplace_back(r.Int(1), std::move(row));
      }));
    }
    if (!impl_->splitter) impl_->splitter = std::make_unique<SentenceSplitter>();
    for (auto& ar : rows) {
      SourceRow& row = ar.second;
      Stmt s = conn_->Prepare("SELECT text FROM articles WHERE id = ?1");
      s.BindInt(1, ar.first);
      Result<bool> found = s.Step();
      if (!found.ok()) return found.status();
      std::string text = *found ? s.Text(0) : std::string();
      uint32_t start = row.source.start, end = row.source.end;
      if (end > text.size() || start > end) {
        start = end = 0;
      } else {
        // The quoted sentence: every sentence the item overlaps.
        for (const Span& sp : impl_->splitter->Split(text, row.source.lang)) {
          if (sp.start < row.source.end && row.source.start < sp.end) {
            start = std::min(start, sp.start);
            end = std::max(end, sp.end);
          }
        }
      }
      row.source.start = start;
      row.source.end = end;
      row.quote = text.substr(start, end - start);
      rep.sources.push_back(std::move(row));
    }
    return rep;
  }

 private:
  KnowledgeBase::Impl* impl_;
  Connection* conn_;
};

}  // namespace kb

Result<std::vector<ClaimRow>> KnowledgeBase::Claims(const QueryFilter& filter) {
  return kb::Queries(impl_.get()).Claims(filter, Role::kAny);
}

Result<std::vector<FigureRow>> KnowledgeBase::Figures(const QueryFilter& filter) {
  return kb::Queries(impl_.get()).Figures(filter);
}

Result<std::vector<ContradictionRow>> KnowledgeBase::Contradictions(const QueryFilter& filter) {
  return kb::Queries(impl_.get()).Contradictions(filter);
}

Result<EntityProfile> KnowledgeBase::Entity(const std::string& name, const QueryFilter& filter) {
  return kb::Queries(impl_.get()).Entity(name, filter);
}

Result<SourcesReport> KnowledgeBase::Sources(const std::string& id) {
  return kb::Queries(impl_.get()).Sources(id);
}

}  // namespace newsintel
