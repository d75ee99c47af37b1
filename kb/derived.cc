// Derived tables: contradiction groups (see figure_groups.h for the rule) and
// denial links between claims. Both are recomputed from the stored facts, so
// the result does not depend on the order in which articles were ingested.
#include <algorithm>
#include <cstdint>
#include <map>
#include <set>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "extract/normalize.h"
#include "kb/figure_groups.h"
#include "kb/figure_order.h"
#include "kb/kb_impl.h"

namespace newsintel {
namespace kb {
namespace {

// A denial links to the claims of its own article it may deny, and to at most
// this many of the oldest reports elsewhere...
constexpr int kMaxCrossArticleLinks = 5;
// ...looked for among this many oldest deniable claims about its first entity.
constexpr int kCrossArticleCandidates = 32;
// Claims whose entities DenialLinker keeps in memory at once.
constexpr size_t kAboutCacheSize = 4096;

SubjectRef ResolveSubject(Connection* conn, const std::string& subject) {
  SubjectRef ref;
  std::string key = FoldKey(subject);
  if (key.empty()) return ref;
  Stmt s = conn->Prepare(
      "SELECT name_key, type, name, 0 AS rank FROM entities WHERE name_key = ?1 "
      "UNION ALL SELECT e.name_key, e.type, e.name, 1 FROM entity_aliases a "
      "JOIN entities e ON e.id = a.entity_id WHERE a.alias_key = ?1 "
      "ORDER BY rank, name_key LIMIT 1");
  s.BindText(1, key);
  Result<bool> row = s.Step();
  if (row.ok() && *row) {
    ref.key = s.Text(0);
    ref.type = s.Text(1);
    ref.name = s.Text(2);
  } else {
    ref.key = key;
    ref.name = subject;
  }
  return ref;
}

// Recomputes the groups of one (metric, unit). Figures are held compactly
// (subjects and old group keys interned), since a partition can hold a large
// share of all figures, and only those that may join a group (rule 1 of
// figure_groups.h) are read at all.
Status RecomputePartition(Connection* conn, const ArticleOrder& order, const std::string& metric,
                          const std::string& unit) {
  // The figures that have a subject and are no end of a range (those of a
  // missing article are left out below, as a join would).
  static constexpr char kGroupable[] =
      " FROM figures WHERE metric = ?1 AND unit = ?2 AND coalesce(subject, '') <> '' "
      "AND coalesce(range_id, -1) < 0";
  {
    // The others belong to no group.
    Stmt up = conn->Prepare(
        "UPDATE figures SET group_key = NULL WHERE metric = ?1 AND unit = ?2 AND coalesce(group_key, '') <> '' "
        "AND (coalesce(subject, '') = '' OR coalesce(range_id, -1) >= 0) "
        "AND EXISTS (SELECT 1 FROM articles a WHERE a.id = figures.article_id)");
    up.BindText(1, metric);
    up.BindText(2, unit);
    NEWSINTEL_RETURN_IF_ERROR(up.Run());
  }
  size_t count = 0;
  {
    Stmt s = conn->Prepare(std::string("SELECT count(*)") + kGroupable);
    s.BindText(1, metric);
    s.BindText(2, unit);
    Result<bool> row = s.Step();
    if (!row.ok()) return row.status();
    count = static_cast<size_t>(s.Int(0));
  }
  std::vector<GroupInput> inputs;
  std::vector<uint32_t> old_keys;  // index into old_key_ids' values
  std::vector<int64_t> starts;
  inputs.reserve(count);
  old_keys.reserve(count);
  starts.reserve(count);
  std::unordered_set<std::string> subjects;  // node-based: GroupInput::subject points into it
  std::unordered_map<std::string, uint32_t> old_key_ids{{"", 0}};
  {
    Stmt s = conn->Prepare(
        std::string("SELECT id, article_id, value, precision, coalesce(range_id, -1), coalesce(subject, ''), "
                    "coalesce(group_key, ''), start") +
        kGroupable);
    s.BindText(1, metric);
    s.BindText(2, unit);
    NEWSINTEL_RETURN_IF_ERROR(ForEachRow(s, [&](Stmt& r) {
      GroupInput in;
      in.id = r.Int(0);
      in.article_id = r.Int(1);
      if (order.Rank(in.article_id) == ArticleOrder::kNone) return;  // no such article
      in.value = r.Double(2);
      in.precision = r.Double(3);
      in.range_id = static_cast<int>(r.Int(4));
      in.subject = *subjects.insert(r.Text(5)).first;
      inputs.push_back(in);
      old_keys.push_back(old_key_ids.emplace(r.Text(6), static_cast<uint32_t>(old_key_ids.size())).first->second);
      starts.push_back(r.Int(7));
    }));
  }
  {
    std::vector<uint32_t> sorted(inputs.size());
    for (size_t i = 0; i < sorted.size(); ++i) sorted[i] = static_cast<uint32_t>(i);
    auto key = [&](uint32_t i) { return std::make_tuple(order.Rank(inputs[i].article_id), starts[i], inputs[i].id); };
    std::sort(sorted.begin(), sorted.end(), [&](uint32_t a, uint32_t b) { return key(a) < key(b); });
    Permute(sorted, &inputs);
    Permute(sorted, &old_keys);
    std::vector<int64_t>().swap(starts);
  }
  std::vector<FigureGroup> groups =
      GroupFigures(inputs, [conn](const std::string& subject) { return ResolveSubject(conn, subject); });

  // A figure's group key is written when it changed: to its group's key, or
  // to NULL for a figure in no group.
  std::string prefix = metric + '\x1f' + unit + '\x1f';
  auto update = [&](size_t i, const std::string& key) -> Status {
    Stmt up = conn->Prepare("UPDATE figures SET group_key = ?2 WHERE id = ?1");
    up.BindInt(1, inputs[i].id);
    up.BindTextOrNull(2, key);
    return up.Run();
  };
  std::vector<bool> grouped(inputs.size(), false);
  for (const FigureGroup& g : groups) {
    std::string key = prefix + g.key;
    auto old = old_key_ids.find(key);
    uint32_t same = old == old_key_ids.end() ? UINT32_MAX : old->second;
    for (size_t m : g.members) {
      grouped[m] = true;
      if (old_keys[m] != same) NEWSINTEL_RETURN_IF_ERROR(update(m, key));
    }
  }
  for (size_t i = 0; i < inputs.size(); ++i) {
    if (!grouped[i] && old_keys[i] != 0) NEWSINTEL_RETURN_IF_ERROR(update(i, ""));
  }

  std::set<std::string> kept;
  for (const FigureGroup& g : groups) {
    if (g.verdict.empty()) continue;
    std::string group_key = prefix + g.key;
    kept.insert(group_key);
    int64_t id = 0;
    {
      Stmt up = conn->Prepare(
          "INSERT INTO contradictions(group_key, subject, metric, unit, verdict) VALUES (?1, ?2, ?3, ?4, ?5) "
          "ON CONFLICT(group_key) DO UPDATE SET subject = excluded.subject, verdict = excluded.verdict "
          "RETURNING id");
      up.BindText(1, group_key);
      up.BindText(2, g.subject);
      up.BindText(3, metric);
      up.BindText(4, unit);
      up.BindText(5, g.verdict);
      Result<bool> row = up.Step();
      if (!row.ok()) return row.status();
      id = up.Int(0);
    }
    Stmt del = conn->Prepare("DELETE FROM contradiction_members WHERE contradiction_id = ?1");
    del.BindInt(1, id);
    NEWSINTEL_RETURN_IF_ERROR(del.Run());
    for (size_t m : g.members) {
      Stmt ins = conn->Prepare("INSERT INTO contradiction_members(contradiction_id, figure_id) VALUES (?1, ?2)");
      ins.BindInt(1, id);
      ins.BindInt(2, inputs[m].id);
      NEWSINTEL_RETURN_IF_ERROR(ins.Run());
    }
  }
  std::vector<int64_t> stale;
  {
    Stmt s = conn->Prepare("SELECT id, group_key FROM contradictions WHERE metric = ?1 AND unit = ?2");
    s.BindText(1, metric);
    s.BindText(2, unit);
    NEWSINTEL_RETURN_IF_ERROR(ForEachRow(s, [&](Stmt& r) {
      if (!kept.count(r.Text(1))) stale.push_back(r.Int(0));
    }));
  }
  for (int64_t id : stale) {
    Stmt del = conn->Prepare("DELETE FROM contradictions WHERE id = ?1");
    del.BindInt(1, id);
    NEWSINTEL_RETURN_IF_ERROR(del.Run());
  }
  return Status::OK();
}

// Recomputes the claims one denial links to.
class DenialLinker {
 public:
  explicit DenialLinker(Connection* conn) : conn_(conn) {}

  Status Relink(int64_t denial) {
    int64_t article = 0;
    std::string speaker;
    {
      Stmt s = conn_->Prepare(
          "SELECT article_id, coalesce(speaker_key, '') FROM claims WHERE id = ?1 AND modality = 'denied'");
      s.BindInt(1, denial);
      Result<bool> row = s.Step();
      if (!row.ok()) return row.status();
      if (!*row) return Status::OK();  // gone
      article = s.Int(0);
      speaker = s.Text(1);
    }
    Result<const std::vector<std::string>*> about = About(denial);
    if (!about.ok()) return about.status();
    // What is denied: what the claim is about, and its speaker when the
    // speaker is an entity ("X denied any wrongdoing" is about X).
    std::vector<std::string> denied = **about;
    if (!speaker.empty()) {
      Stmt s = conn_->Prepare(
          "SELECT name_key FROM entities WHERE name_key = ?1 UNION "
          "SELECT e.name_key FROM entity_aliases a JOIN entities e ON e.id = a.entity_id WHERE a.alias_key = ?1 "
          "ORDER BY 1 LIMIT 1");
      s.BindText(1, speaker);
      Result<bool> row = s.Step();
      if (!row.ok()) return row.status();
      if (*row) denied.push_back(s.Text(0));
      std::sort(denied.begin(), denied.end());
      denied.erase(std::unique(denied.begin(), denied.end()), denied.end());
    }
    if (denied.empty()) {
      Stmt del = conn_->Prepare("DELETE FROM claim_links WHERE claim_id = ?1 AND relation = 'denies'");
      del.BindInt(1, denial);
      return del.Run();
    }

    std::vector<int64_t> targets;
    auto consider = [&](int64_t id, const std::string& target_speaker) -> Status {
      if (id == denial || (!speaker.empty() && speaker == target_speaker)) return Status::OK();
      Result<const std::vector<std::string>*> other = About(id);
      if (!other.ok()) return other.status();
      const std::vector<std::string>& a = **other;
      if (a.empty()) return Status::OK();
      bool contained = std::includes(a.begin(), a.end(), denied.begin(), denied.end()) ||
                       std::includes(denied.begin(), denied.end(), a.begin(), a.end());
      if (contained) targets.push_back(id);
      return Status::OK();
    };
    {
      Stmt s = conn_->Prepare(
          "SELECT id, coalesce(speaker_key, '') FROM claims WHERE article_id = ?1 "
          "AND modality IN ('alleged', 'asserted') ORDER BY start");
      s.BindInt(1, article);
      std::vector<std::pair<int64_t, std::string>> rows;
      NEWSINTEL_RETURN_IF_ERROR(ForEachRow(s, [&](Stmt& r) { rows.emplace_back(r.Int(0), r.Text(1)); }));
      for (const auto& r : rows) NEWSINTEL_RETURN_IF_ERROR(consider(r.first, r.second));
    }
    size_t same_article = targets.size();
    // Allegations first, then assertions; oldest reports first in each.
    for (int rank : {kDeniableAlleged, kDeniableAsserted}) {
      Result<const std::vector<Candidate>*> candidates = Candidates(denied.front(), rank, article);
      if (!candidates.ok()) return candidates.status();
      int seen = 0;
      for (const Candidate& c : **candidates) {
        if (targets.size() - same_article >= static_cast<size_t>(kMaxCrossArticleLinks)) break;
        if (c.article == article) continue;
        if (++seen > kCrossArticleCandidates) break;
        NEWSINTEL_RETURN_IF_ERROR(consider(c.id, c.speaker));
      }
    }
    // Rewrites the links only when they changed (most do not on re-ingest).
    std::sort(targets.begin(), targets.end());
    targets.erase(std::unique(targets.begin(), targets.end()), targets.end());
    std::vector<int64_t> stored;
    {
      Stmt s = conn_->Prepare(
          "SELECT target_id FROM claim_links WHERE claim_id = ?1 AND relation = 'denies' ORDER BY target_id");
      s.BindInt(1, denial);
      NEWSINTEL_RETURN_IF_ERROR(ForEachRow(s, [&](Stmt& r) { stored.push_back(r.Int(0)); }));
    }
    if (stored == targets) return Status::OK();
    Stmt del = conn_->Prepare("DELETE FROM claim_links WHERE claim_id = ?1 AND relation = 'denies'");
    del.BindInt(1, denial);
    NEWSINTEL_RETURN_IF_ERROR(del.Run());
    for (int64_t t : targets) {
      Stmt ins = conn_->Prepare(
          "INSERT OR IGNORE INTO claim_links(claim_id, target_id, relation) VALUES (?1, ?2, 'denies')");
      ins.BindInt(1, denial);
      ins.BindInt(2, t);
      NEWSINTEL_RETURN_IF_ERROR(ins.Run());
    }
    return Status::OK();
  }

 private:
  struct Candidate {
    int64_t id;
    int64_t article;
    std::string speaker;
  };

  // The oldest deniable claims of `rank` about the entity `name_key`, enough
  // of them that kCrossArticleCandidates remain outside `article` (cached per
  // entity and rank: the denials of one run mostly deny the same entities).
  Result<const std::vector<Candidate>*> Candidates(const std::string& name_key, int rank, int64_t article) {
    // Enough rows outside `article`, or all the rows there are.
    auto enough = [article](const CandidateList& list) {
      size_t outside = 0;
      for (const Candidate& c : list.rows) outside += c.article != article ? 1 : 0;
      return list.complete || outside >= static_cast<size_t>(kCrossArticleCandidates);
    };
    CandidateList& list = candidates_[std::make_pair(name_key, rank)];
    for (size_t limit = kCrossArticleCandidates * 2; !enough(list); limit *= 2) {
      list.rows.clear();
      Stmt s = conn_->Prepare(
          "SELECT c.id, c.article_id, coalesce(c.speaker_key, '') FROM claim_about ca "
          "JOIN claims c ON c.id = ca.claim_id "
          "WHERE ca.entity_id = (SELECT id FROM entities WHERE name_key = ?1) AND ca.deniable = ?2 "
          "ORDER BY ca.sort_key LIMIT ?3");
      s.BindText(1, name_key);
      s.BindInt(2, rank);
      s.BindInt(3, static_cast<int64_t>(limit));
      NEWSINTEL_RETURN_IF_ERROR(ForEachRow(s, [&](Stmt& r) {
        list.rows.push_back({r.Int(0), r.Int(1), r.Text(2)});
      }));
      list.complete = list.rows.size() < limit;
    }
    return &list.rows;
  }

  struct CandidateList {
    std::vector<Candidate> rows;
    bool complete = false;  // every such claim is in rows
  };

  // The sorted name keys of the entities a claim is about (cached).
  // REQUIRES: a pointer returned earlier is not used after the next call.
  Result<const std::vector<std::string>*> About(int64_t claim) {
    auto it = about_.find(claim);
    if (it != about_.end()) return &it->second;
    // Bounded, so that memory stays flat however many denials a run relinks.
    if (about_.size() >= kAboutCacheSize) about_.clear();
    std::vector<std::string> keys;
    Stmt s = conn_->Prepare(
        "SELECT e.name_key FROM claim_about ca JOIN entities e ON e.id = ca.entity_id "
        "WHERE ca.claim_id = ?1 ORDER BY e.name_key");
    s.BindInt(1, claim);
    NEWSINTEL_RETURN_IF_ERROR(ForEachRow(s, [&](Stmt& r) { keys.push_back(r.Text(0)); }));
    return &(about_[claim] = std::move(keys));
  }

  Connection* conn_;
  std::map<int64_t, std::vector<std::string>> about_;
  std::map<std::pair<std::string, int>, CandidateList> candidates_;
};

// Sorts `v` and removes repeats; returns the new size.
size_t SortUnique(std::vector<int64_t>* v) {
  std::sort(v->begin(), v->end());
  v->erase(std::unique(v->begin(), v->end()), v->end());
  return v->size();
}

// RecomputeDerived() in its transaction. `denials` starts as the denials
// written since the last Finish() and gains the others to relink.
Result<int> RecomputeDerivedIn(KnowledgeBase::Impl* impl, std::vector<int64_t>* denials_in) {
  Connection* conn = impl->conn.get();
  Transaction tx(conn);
  NEWSINTEL_RETURN_IF_ERROR(tx.Begin());

  std::set<std::pair<std::string, std::string>> partitions = impl->touched_partitions;
  if (impl->recompute_all) {
    Stmt s = conn->Prepare(
        "SELECT DISTINCT metric, unit FROM figures WHERE metric <> '' "
        "UNION SELECT metric, unit FROM contradictions");
    NEWSINTEL_RETURN_IF_ERROR(ForEachRow(s, [&](Stmt& r) { partitions.emplace(r.Text(0), r.Text(1)); }));
  }
  if (!partitions.empty()) {
    ArticleOrder order;
    NEWSINTEL_RETURN_IF_ERROR(order.Load(conn));
    for (const auto& p : partitions) {
      Status st = RecomputePartition(conn, order, p.first, p.second);
      if (!st.ok()) return st.WithContext("contradictions of " + p.first);
    }
  }

  // Denials are gathered once the partitions are done (neither changes what
  // the other reads), so that the memory of the two does not add up.
  std::vector<int64_t>& denials = *denials_in;
  SortUnique(&denials);
  // The others, kept apart: on a first ingest nearly all of them are among
  // `denials` already.
  std::vector<int64_t> more;
  size_t distinct = 0;
  auto add = [&](int64_t id) {
    if (std::binary_search(denials.begin(), denials.end(), id)) return;
    more.push_back(id);
    // Most denials are about several entities: keep `more` near the number
    // of distinct ones.
    if (more.size() >= 2 * distinct + 1024) distinct = SortUnique(&more);
  };
  if (impl->recompute_all) {
    Stmt d = conn->Prepare("SELECT id FROM claims WHERE modality = 'denied'");
    NEWSINTEL_RETURN_IF_ERROR(ForEachRow(d, [&](Stmt& r) { add(r.Int(0)); }));
  } else {
    for (int64_t entity : impl->touched_entities) {
      Stmt s = conn->Prepare(
          "SELECT ca.claim_id FROM claim_about ca JOIN claims c ON c.id = ca.claim_id "
          "WHERE ca.entity_id = ?1 AND c.modality = 'denied'");
      s.BindInt(1, entity);
      NEWSINTEL_RETURN_IF_ERROR(ForEachRow(s, [&](Stmt& r) { add(r.Int(0)); }));
    }
  }
  if (!more.empty()) {
    SortUnique(&more);
    size_t middle = denials.size();
    denials.insert(denials.end(), more.begin(), more.end());
    std::vector<int64_t>().swap(more);
    std::inplace_merge(denials.begin(), denials.begin() + static_cast<std::ptrdiff_t>(middle), denials.end());
  }
  DenialLinker linker(conn);
  for (int64_t d : denials) NEWSINTEL_RETURN_IF_ERROR(linker.Relink(d));

  NEWSINTEL_RETURN_IF_ERROR(conn->Exec("UPDATE kb_state SET value = '0' WHERE key = 'derived_dirty'"));
  int count = 0;
  {
    Stmt s = conn->Prepare("SELECT count(*) FROM contradictions");
    Result<bool> row = s.Step();
    if (!row.ok()) return row.status();
    count = static_cast<int>(s.Int(0));
  }
  NEWSINTEL_RETURN_IF_ERROR(tx.Commit());
  impl->touched_partitions.clear();
  impl->touched_entities.clear();
  impl->recompute_all = false;
  return count;
}

}  // namespace

Result<int> RecomputeDerived(KnowledgeBase::Impl* impl) {
  // Moved rather than copied: on a large ingest they are many.
  std::vector<int64_t> denials = std::move(impl->new_denials);
  impl->new_denials.clear();
  Result<int> count = RecomputeDerivedIn(impl, &denials);
  // A failed run leaves them (and more, which is harmless) for the next one.
  if (!count.ok()) impl->new_denials = std::move(denials);
  return count;
}

}  // namespace kb
}  // namespace newsintel
