// Delivery of the outbox: stdout lines, webhooks with retries and leases, Atom
// files rewritten (AlertCenter::Deliver and RefreshFeeds).
#include <algorithm>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "kb/alerts_internal.h"
#include "kb/ingest_util.h"
#include "kb/kb_impl.h"

namespace newsintel {

using kb::Connection;
using kb::ForEachRow;
using kb::Stmt;
using kb::FormatUtc;
using alerts_internal::NowSeconds;

namespace {

constexpr int64_t kLeaseSeconds = 300;        // a sender holds a row this long
constexpr int64_t kFirstRetrySeconds = 60;    // then 2x per failure...
constexpr int64_t kMaxRetrySeconds = 6 * 3600;  // ...up to this

// Rewrites the feed at `path` with the latest alerts of every rule that names it.
Status WriteFeedFile(AlertCenter* center, Connection* conn, const std::string& path, const std::string& now_text,
                     int entries) {
  std::vector<int64_t> ids;
  std::vector<std::string> rules;
  {
    Stmt s = conn->Prepare(
        "SELECT a.id FROM alerts a WHERE a.rule_id IN (SELECT rule_id FROM watch_deliveries "
        "WHERE kind = 'atom' AND target = ?1) ORDER BY a.updated DESC, a.id DESC LIMIT ?2");
    s.BindText(1, path);
    s.BindInt(2, std::max(1, entries));
    NEWSINTEL_RETURN_IF_ERROR(ForEachRow(s, [&](Stmt& r) { ids.push_back(r.Int(0)); }));
    Stmt n = conn->Prepare(
        "SELECT r.name FROM watch_rules r JOIN watch_deliveries d ON d.rule_id = r.id "
        "WHERE d.kind = 'atom' AND d.target = ?1 ORDER BY r.name");
    n.BindText(1, path);
    NEWSINTEL_RETURN_IF_ERROR(ForEachRow(n, [&](Stmt& r) { rules.push_back(r.Text(0)); }));
  }
  std::vector<Alert> alerts;
  for (int64_t id : ids) {
    Result<Alert> a = center->GetAlert(id);
    if (!a.ok()) return a.status();
    alerts.push_back(std::move(*a));
  }
  std::string names;
  for (const std::string& r : rules) names += (names.empty() ? "" : ", ") + r;
  kb::Digest feed;
  feed.Add(std::filesystem::absolute(path).lexically_normal().string());
  std::string feed_id = "tag:newsintel,2025:feed/" + feed.Hex().substr(0, 20);
  return WriteFileAtomically(path, AtomFeed(feed_id, "newsintel alerts: " + names, alerts, now_text));
}

// Sends due outbox rows; see AlertCenter::Deliver.
class Deliverer {
 public:
  Deliverer(AlertCenter* center, Connection* conn, const DeliveryOptions& options)
      : center_(center), conn_(conn), options_(options), now_(NowSeconds(options.now)), now_text_(FormatUtc(now_)) {}

  Result<DeliveryStats> Run() {
    struct Due {
      int64_t id, alert_id;
      std::string kind, target;
    };
    std::vector<Due> due;
    {
      Stmt s = conn_->Prepare(
          "SELECT o.id, o.alert_id, d.kind, d.target FROM alert_outbox o JOIN watch_deliveries d ON d.id = o.delivery_id "
          "WHERE o.delivered = 0 AND (?1 OR o.next_attempt <= ?2) AND (o.lease_until IS NULL OR o.lease_until <= ?2) "
          "ORDER BY o.alert_id, o.id");
      s.BindInt(1, options_.ignore_backoff ? 1 : 0);
      s.BindText(2, now_text_);
      NEWSINTEL_RETURN_IF_ERROR(ForEachRow(s, [&](Stmt& r) { due.push_back({r.Int(0), r.Int(1), r.Text(2), r.Text(3)}); }));
    }
    std::map<std::string, std::vector<int64_t>> feeds;  // path -> outbox rows
    for (const Due& d : due) {
      if (d.kind == "atom") {
        feeds[d.target].push_back(d.id);
        continue;
      }
      if (d.kind == "stdout" && options_.out == nullptr) continue;
      if (d.kind == "webhook" && options_.webhook == nullptr) continue;
      Result<bool> leased = Lease(d.id);
      if (!leased.ok()) return leased.status();
      if (!*leased) continue;
      Result<Alert> alert = center_->GetAlert(d.alert_id);
      if (!alert.ok()) return alert.status();
      Status sent;
      if (d.kind == "stdout") {
        *options_.out << AlertJson(*alert) << "\n";
        options_.out->flush();
        if (!*options_.out) sent = Status::IOError("cannot write to standard output");
      } else if (d.kind == "webhook") {
        kb::Digest key;
        key.Add(alert->guid);
        key.Add(d.target);
        sent = options_.webhook->Post(d.target, WebhookBody(*alert), key.Hex());
        if (!sent.ok()) sent = sent.WithContext("webhook " + d.target + " for alert a" + std::to_string(d.alert_id));
      } else {
        sent = Status::Corruption("unknown delivery kind '" + d.kind + "'");
      }
      NEWSINTEL_RETURN_IF_ERROR(Settle({d.id}, sent));
    }
    for (const auto& [path, rows] : feeds) {
      std::vector<int64_t> leased_rows;
      for (int64_t id : rows) {
        Result<bool> leased = Lease(id);
        if (!leased.ok()) return leased.status();
        if (*leased) leased_rows.push_back(id);
      }
      if (leased_rows.empty()) continue;
      Status written = WriteFeed(path);
      if (!written.ok()) written = written.WithContext("Atom feed " + path);
      NEWSINTEL_RETURN_IF_ERROR(Settle(leased_rows, written));
    }
    Stmt waiting = conn_->Prepare("SELECT count(*) FROM alert_outbox WHERE delivered = 0");
    Result<bool> row = waiting.Step();
    if (!row.ok()) return row.status();
    stats_.waiting = static_cast<int>(waiting.Int(0));
    return stats_;
  }

  Status WriteFeed(const std::string& path) {
    return WriteFeedFile(center_, conn_, path, now_text_, options_.atom_entries);
  }

 private:
  // Takes the row for this sender; false when another holds it or it is done.
  Result<bool> Lease(int64_t id) {
    Stmt s = conn_->Prepare(
        "UPDATE alert_outbox SET lease_until = ?2, attempts = attempts + 1 WHERE id = ?1 AND delivered = 0 "
        "AND (lease_until IS NULL OR lease_until <= ?3) RETURNING id");
    s.BindInt(1, id);
    s.BindText(2, FormatUtc(now_ + kLeaseSeconds));
    s.BindText(3, now_text_);
    Result<bool> row = s.Step();
    if (!row.ok()) return row.status();
    bool leased = *row;
    while (*row) {
      row = s.Step();
      if (!row.ok()) return row.status();
    }
    return leased;
  }

  // Marks leased rows delivered, or schedules their retry.
  Status Settle(const std::vector<int64_t>& ids, const Status& sent) {
    for (int64_t id : ids) {
      if (sent.ok()) {
        Stmt s = conn_->Prepare(
            "UPDATE alert_outbox SET delivered = 1, delivered_at = ?2, lease_until = NULL, last_error = NULL "
            "WHERE id = ?1");
        s.BindInt(1, id);
        s.BindText(2, now_text_);
        NEWSINTEL_RETURN_IF_ERROR(s.Run());
        ++stats_.delivered;
      } else {
        Stmt a = conn_->Prepare("SELECT attempts FROM alert_outbox WHERE id = ?1");
        a.BindInt(1, id);
        Result<bool> row = a.Step();
        if (!row.ok()) return row.status();
        int64_t attempts = *row ? a.Int(0) : 1;
        int64_t delay = kFirstRetrySeconds;
        for (int64_t i = 1; i < attempts && delay < kMaxRetrySeconds; ++i) delay *= 2;
        delay = std::min(delay, kMaxRetrySeconds);
        Stmt s = conn_->Prepare(
            "UPDATE alert_outbox SET next_attempt = ?2, lease_until = NULL, last_error = ?3 WHERE id = ?1");
        s.BindInt(1, id);
        s.BindText(2, FormatUtc(now_ + delay));
        s.BindText(3, sent.message());
        NEWSINTEL_RETURN_IF_ERROR(s.Run());
        ++stats_.failed;
      }
    }
    if (!sent.ok()) stats_.errors.push_back(sent.ToString());
    return Status::OK();
  }

  AlertCenter* center_;
  Connection* conn_;
  const DeliveryOptions& options_;
  int64_t now_;
  std::string now_text_;
  DeliveryStats stats_;
};

}  // namespace

Result<DeliveryStats> AlertCenter::Deliver(const DeliveryOptions& options) {
  KnowledgeBase::Impl* impl = kb_->impl();
  if (impl->read_only) return Status::InvalidArgument("knowledge base opened read-only");
  return Deliverer(this, impl->conn.get(), options).Run();
}

Status AlertCenter::RefreshFeeds(int64_t now) {
  KnowledgeBase::Impl* impl = kb_->impl();
  if (impl->read_only) return Status::InvalidArgument("knowledge base opened read-only");
  Connection* conn = impl->conn.get();
  std::vector<std::string> paths;
  Stmt s = conn->Prepare("SELECT DISTINCT target FROM watch_deliveries WHERE kind = 'atom' ORDER BY target");
  NEWSINTEL_RETURN_IF_ERROR(ForEachRow(s, [&](Stmt& r) { paths.push_back(r.Text(0)); }));
  std::string now_text = FormatUtc(NowSeconds(now));
  for (const std::string& path : paths) {
    Status st = WriteFeedFile(this, conn, path, now_text, DeliveryOptions().atom_entries);
    if (!st.ok()) return st.WithContext("Atom feed " + path);
  }
  return Status::OK();
}

}  // namespace newsintel
