// Watch rules, the alerts and the outbox as stored; raising is in
// alert_raise.cc, delivery in alert_delivery.cc, the formats in alert_formats.cc.
#include "kb/alerts.h"

#include <cctype>
#include <ctime>
#include <set>

#include "extract/normalize.h"
#include "kb/alerts_internal.h"
#include "kb/ingest_util.h"
#include "kb/kb_impl.h"

namespace newsintel {

using kb::Connection;
using kb::ForEachRow;
using kb::Stmt;

namespace alerts_internal {

int64_t NowSeconds(int64_t now) { return now != 0 ? now : static_cast<int64_t>(std::time(nullptr)); }

}  // namespace alerts_internal

using kb::FormatUtc;
using alerts_internal::NowSeconds;

namespace {

bool IsKnownModality(const std::string& m) {
  return m == "asserted" || m == "alleged" || m == "denied" || m == "doubted" || m == "declined";
}

bool ValidRuleName(const std::string& name) {
  if (name.empty() || name.size() > 64) return false;
  for (char c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.') return false;
  }
  return true;
}

std::vector<std::string> SplitUnit(const std::string& s) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i <= s.size() && !s.empty()) {
    size_t j = s.find('\x1f', i);
    if (j == std::string::npos) j = s.size();
    out.push_back(s.substr(i, j - i));
    i = j + 1;
  }
  return out;
}

const char kAlertColumns[] =
    "SELECT a.id, a.guid, r.name, a.text, coalesce(a.speaker, ''), a.modality, a.entities, coalesce(a.claim_id, 0), "
    "a.raised, a.updated FROM alerts a JOIN watch_rules r ON r.id = a.rule_id ";

Status ReadAlerts(Connection* conn, Stmt& s, std::vector<Alert>* out) {
  NEWSINTEL_RETURN_IF_ERROR(ForEachRow(s, [&](Stmt& r) {
    Alert a;
    a.id = r.Int(0);
    a.guid = r.Text(1);
    a.rule = r.Text(2);
    a.text = r.Text(3);
    a.speaker = r.Text(4);
    a.modality = r.Text(5);
    a.entities = SplitUnit(r.Text(6));
    a.claim_id = r.Int(7);
    a.raised = r.Text(8);
    a.updated = r.Text(9);
    out->push_back(std::move(a));
  }));
  for (Alert& a : *out) {
    Stmt src = conn->Prepare(
        "SELECT coalesce(claim_id, 0), text, coalesce(speaker, ''), coalesce(doc, ''), coalesce(url, ''), "
        "coalesce(outlet, ''), coalesce(published, ''), coalesce(lang, ''), match, added, doc_key "
        "FROM alert_sources WHERE alert_id = ?1 ORDER BY id");
    src.BindInt(1, a.id);
    bool first = true;
    NEWSINTEL_RETURN_IF_ERROR(ForEachRow(src, [&](Stmt& r) {
      AlertSource s;
      s.claim_id = r.Int(0);
      s.text = r.Text(1);
      s.speaker = r.Text(2);
      s.doc = r.Text(3);
      s.url = r.Text(4);
      s.outlet = r.Text(5);
      s.published = r.Text(6);
      s.lang = r.Text(7);
      s.match = r.Text(8);
      s.added = r.Text(9);
      s.doc_key = r.Text(10);
      if (first) {
        a.doc = s.doc;
        a.doc_key = s.doc_key;
        a.url = s.url;
        a.outlet = s.outlet;
        a.published = s.published;
        a.lang = s.lang;
        first = false;
      } else {
        a.sources.push_back(std::move(s));
      }
    }));
  }
  return Status::OK();
}

Result<DeliveryKind> ParseKind(const std::string& s) {
  if (s == "stdout") return DeliveryKind::kStdout;
  if (s == "atom") return DeliveryKind::kAtom;
  if (s == "webhook") return DeliveryKind::kWebhook;
  return Status::Corruption("unknown delivery kind '" + s + "'");
}

}  // namespace

const char* DeliveryKindName(DeliveryKind kind) {
  switch (kind) {
    case DeliveryKind::kStdout: return "stdout";
    case DeliveryKind::kAtom: return "atom";
    case DeliveryKind::kWebhook: return "webhook";
  }
  return "stdout";
}

const std::vector<std::string>& DefaultAlertModalities() {
  static const std::vector<std::string> kDefault = {"alleged", "asserted", "denied"};
  return kDefault;
}

Status AlertCenter::AddRule(const WatchRule& rule) {
  KnowledgeBase::Impl* impl = kb_->impl();
  if (impl->read_only) return Status::InvalidArgument("knowledge base opened read-only");
  if (!ValidRuleName(rule.name)) {
    return Status::InvalidArgument("watch rule name '" + rule.name +
                                   "' must be 1-64 letters, digits, '-', '_' or '.'");
  }
  for (const std::string& m : rule.modalities) {
    if (!IsKnownModality(m)) {
      return Status::InvalidArgument("modality '" + m + "' is not asserted, alleged, denied, doubted or declined");
    }
  }
  if (!rule.lang.empty() && rule.lang != "fr" && rule.lang != "en") {
    return Status::InvalidArgument("language '" + rule.lang + "' is not fr or en");
  }
  for (const std::string& e : rule.entities) {
    if (FoldKey(e).empty()) return Status::InvalidArgument("empty entity name");
  }
  for (const DeliveryTarget& d : rule.deliveries) {
    if (d.kind == DeliveryKind::kWebhook && d.target.rfind("http://", 0) != 0 && d.target.rfind("https://", 0) != 0) {
      return Status::InvalidArgument("webhook '" + d.target + "' is not an http:// or https:// URL");
    }
    if (d.kind == DeliveryKind::kAtom && d.target.empty()) return Status::InvalidArgument("empty Atom file path");
  }
  Connection* conn = impl->conn.get();
  kb::Transaction tx(conn);
  NEWSINTEL_RETURN_IF_ERROR(tx.Begin());
  if (!rule.keyword.empty()) {
    // An invalid FTS5 query fails here rather than at every ingest.
    Stmt s = conn->Prepare("SELECT count(*) FROM claims_fts WHERE claims_fts MATCH ?1 AND rowid < 0");
    s.BindText(1, rule.keyword);
    Result<bool> row = s.Step();
    if (!row.ok()) return Status::InvalidArgument("keyword '" + rule.keyword + "': " + row.status().message());
  }
  {
    Stmt s = conn->Prepare("SELECT 1 FROM watch_rules WHERE name = ?1");
    s.BindText(1, rule.name);
    Result<bool> row = s.Step();
    if (!row.ok()) return row.status();
    if (*row) return Status::InvalidArgument("a watch rule named '" + rule.name + "' exists (remove it first)");
  }
  std::string created = FormatUtc(NowSeconds(0));
  Stmt ins = conn->Prepare(
      "INSERT INTO watch_rules(name, chip, speaker, keyword, outlet, lang, created) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  ins.BindText(1, rule.name);
  ins.BindTextOrNull(2, rule.chip);
  ins.BindTextOrNull(3, rule.speaker);
  ins.BindTextOrNull(4, rule.keyword);
  ins.BindTextOrNull(5, rule.outlet);
  ins.BindTextOrNull(6, rule.lang);
  ins.BindText(7, created);
  NEWSINTEL_RETURN_IF_ERROR(ins.Run());
  int64_t id = conn->LastInsertRowid();
  auto add_entity = [&](const std::string& name, bool given) {
    Stmt e = conn->Prepare(
        "INSERT OR IGNORE INTO watch_entities(rule_id, entity, alias_key, given) VALUES (?1, ?2, ?3, ?4)");
    e.BindInt(1, id);
    e.BindText(2, name);
    e.BindText(3, FoldKey(name));
    e.BindInt(4, given ? 1 : 0);
    return e.Run();
  };
  for (const std::string& e : rule.entities) NEWSINTEL_RETURN_IF_ERROR(add_entity(e, true));
  for (const std::string& e : rule.entity_aliases) {
    if (!FoldKey(e).empty()) NEWSINTEL_RETURN_IF_ERROR(add_entity(e, false));
  }
  for (const std::string& m : rule.modalities) {
    Stmt s = conn->Prepare("INSERT OR IGNORE INTO watch_modalities(rule_id, modality) VALUES (?1, ?2)");
    s.BindInt(1, id);
    s.BindText(2, m);
    NEWSINTEL_RETURN_IF_ERROR(s.Run());
  }
  std::vector<DeliveryTarget> deliveries = rule.deliveries;
  if (deliveries.empty()) deliveries.push_back(DeliveryTarget());
  for (const DeliveryTarget& d : deliveries) {
    Stmt s = conn->Prepare("INSERT OR IGNORE INTO watch_deliveries(rule_id, kind, target) VALUES (?1, ?2, ?3)");
    s.BindInt(1, id);
    s.BindText(2, DeliveryKindName(d.kind));
    s.BindText(3, d.kind == DeliveryKind::kStdout ? std::string() : d.target);
    NEWSINTEL_RETURN_IF_ERROR(s.Run());
  }
  return tx.Commit();
}

Status AlertCenter::RemoveRule(const std::string& name) {
  KnowledgeBase::Impl* impl = kb_->impl();
  if (impl->read_only) return Status::InvalidArgument("knowledge base opened read-only");
  Connection* conn = impl->conn.get();
  kb::Transaction tx(conn);
  NEWSINTEL_RETURN_IF_ERROR(tx.Begin());
  Stmt s = conn->Prepare("DELETE FROM watch_rules WHERE name = ?1 RETURNING id");
  s.BindText(1, name);
  Result<bool> row = s.Step();
  if (!row.ok()) return row.status();
  if (!*row) return Status::NotFound("no watch rule named '" + name + "'");
  int64_t id = s.Int(0);
  while (true) {
    Result<bool> more = s.Step();
    if (!more.ok()) return more.status();
    if (!*more) break;
  }
  Stmt src = conn->Prepare("DELETE FROM alert_sources WHERE rule_id = ?1");
  src.BindInt(1, id);
  NEWSINTEL_RETURN_IF_ERROR(src.Run());
  // Without rules, nothing needs queueing.
  NEWSINTEL_RETURN_IF_ERROR(conn->Exec("DELETE FROM alert_queue WHERE NOT EXISTS (SELECT 1 FROM watch_rules)"));
  return tx.Commit();
}

Result<std::vector<WatchRule>> AlertCenter::Rules() {
  Connection* conn = kb_->impl()->conn.get();
  std::vector<std::pair<int64_t, WatchRule>> rules;
  Stmt s = conn->Prepare(
      "SELECT id, name, coalesce(chip, ''), coalesce(speaker, ''), coalesce(keyword, ''), coalesce(outlet, ''), "
      "coalesce(lang, ''), created FROM watch_rules ORDER BY name");
  NEWSINTEL_RETURN_IF_ERROR(ForEachRow(s, [&](Stmt& r) {
    WatchRule w;
    w.name = r.Text(1);
    w.chip = r.Text(2);
    w.speaker = r.Text(3);
    w.keyword = r.Text(4);
    w.outlet = r.Text(5);
    w.lang = r.Text(6);
    w.created = r.Text(7);
    rules.emplace_back(r.Int(0), std::move(w));
  }));
  std::vector<WatchRule> out;
  for (auto& entry : rules) {
    const int64_t id = entry.first;
    WatchRule& w = entry.second;  // a reference, not a structured binding: lambdas capture it
    Stmt e = conn->Prepare("SELECT entity, given FROM watch_entities WHERE rule_id = ?1 ORDER BY given DESC, entity");
    e.BindInt(1, id);
    NEWSINTEL_RETURN_IF_ERROR(ForEachRow(e, [&](Stmt& r) {
      (r.Int(1) ? w.entities : w.entity_aliases).push_back(r.Text(0));
    }));
    Stmt m = conn->Prepare("SELECT modality FROM watch_modalities WHERE rule_id = ?1 ORDER BY modality");
    m.BindInt(1, id);
    NEWSINTEL_RETURN_IF_ERROR(ForEachRow(m, [&](Stmt& r) { w.modalities.push_back(r.Text(0)); }));
    Stmt d = conn->Prepare("SELECT kind, target FROM watch_deliveries WHERE rule_id = ?1 ORDER BY id");
    d.BindInt(1, id);
    Status bad;
    NEWSINTEL_RETURN_IF_ERROR(ForEachRow(d, [&](Stmt& r) {
      Result<DeliveryKind> k = ParseKind(r.Text(0));
      if (!k.ok()) {
        bad = k.status();
        return;
      }
      w.deliveries.push_back({*k, r.Text(1)});
    }));
    NEWSINTEL_RETURN_IF_ERROR(bad);
    out.push_back(std::move(w));
  }
  return out;
}

Result<RaiseStats> AlertCenter::Raise(int64_t now) {
  KnowledgeBase::Impl* impl = kb_->impl();
  if (impl->read_only) return Status::InvalidArgument("knowledge base opened read-only");
  return alerts_internal::RaiseAlerts(impl, NowSeconds(now));
}

Result<std::vector<Alert>> AlertCenter::Alerts(const std::string& rule, int limit) {
  Connection* conn = kb_->impl()->conn.get();
  std::vector<Alert> out;
  Stmt s = conn->Prepare(std::string(kAlertColumns) +
                         "WHERE (?1 = '' OR r.name = ?1) ORDER BY a.raised DESC, a.id DESC LIMIT ?2");
  s.BindText(1, rule);
  s.BindInt(2, limit > 0 ? limit : -1);
  NEWSINTEL_RETURN_IF_ERROR(ReadAlerts(conn, s, &out));
  return out;
}

Result<Alert> AlertCenter::GetAlert(int64_t id) {
  Connection* conn = kb_->impl()->conn.get();
  std::vector<Alert> out;
  Stmt s = conn->Prepare(std::string(kAlertColumns) + "WHERE a.id = ?1");
  s.BindInt(1, id);
  NEWSINTEL_RETURN_IF_ERROR(ReadAlerts(conn, s, &out));
  if (out.empty()) return Status::NotFound("no alert a" + std::to_string(id));
  return std::move(out[0]);
}

Result<std::vector<OutboxEntry>> AlertCenter::Outbox(bool pending_only) {
  Connection* conn = kb_->impl()->conn.get();
  std::vector<OutboxEntry> out;
  Stmt s = conn->Prepare(
      "SELECT o.id, o.alert_id, r.name, d.kind, d.target, o.attempts, o.next_attempt, o.delivered, "
      "coalesce(o.delivered_at, ''), coalesce(o.last_error, '') "
      "FROM alert_outbox o JOIN watch_deliveries d ON d.id = o.delivery_id JOIN watch_rules r ON r.id = d.rule_id "
      "WHERE (?1 = 0 OR o.delivered = 0) ORDER BY o.alert_id, o.id");
  s.BindInt(1, pending_only ? 1 : 0);
  Status bad;
  NEWSINTEL_RETURN_IF_ERROR(ForEachRow(s, [&](Stmt& r) {
    OutboxEntry e;
    e.id = r.Int(0);
    e.alert_id = r.Int(1);
    e.rule = r.Text(2);
    Result<DeliveryKind> k = ParseKind(r.Text(3));
    if (!k.ok()) {
      bad = k.status();
      return;
    }
    e.target = {*k, r.Text(4)};
    e.attempts = static_cast<int>(r.Int(5));
    e.next_attempt = r.Text(6);
    e.delivered = r.Int(7) != 0;
    e.delivered_at = r.Text(8);
    e.last_error = r.Text(9);
    out.push_back(std::move(e));
  }));
  NEWSINTEL_RETURN_IF_ERROR(bad);
  return out;
}


}  // namespace newsintel
