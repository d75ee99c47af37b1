// newsintel alerts list|deliver, and the alert pass that ingest and crawl run.
#include <ostream>

#include "cli/command.h"
#include "cli/webhook_client.h"
#include "extract/json.h"
#include "kb/alerts.h"
#include "kb/format.h"

namespace newsintel {
namespace cli {
namespace {

// Spaces that take `line` to column `column` (code points), at least one.
std::string Pad(const std::string& line, size_t column) {
  size_t width = 0;
  for (unsigned char c : line) width += (c & 0xC0) != 0x80;
  return std::string(width < column ? column - width : 1, ' ');
}

int AlertsList(const Args& args, Io& io) {
  std::string format = args.Get("format", "table");
  if (format != "table" && format != "jsonl") return Fail(io, "alerts list: --format must be table or jsonl");
  Result<long> limit = args.GetInt("limit", 0);
  if (!limit.ok()) return Fail(io, "alerts list: " + limit.status().message());
  KbOptions options;
  options.read_only = true;
  auto kb = KnowledgeBase::Open(args.Get("db"), options);
  if (!kb.ok()) return Fail(io, "alerts list: " + kb.status().ToString());
  AlertCenter center(kb->get());
  if (args.Has("pending")) {
    Result<std::vector<OutboxEntry>> rows = center.Outbox(true);
    if (!rows.ok()) return Fail(io, "alerts list: " + rows.status().ToString());
    if (format == "table") io.out << "ALERT   RULE          DELIVERY  ATTEMPTS  NEXT ATTEMPT          TARGET / LAST ERROR\n";
    for (const OutboxEntry& e : *rows) {
      if (format == "jsonl") {
        std::string s;
        JsonWriter w(&s);
        w.BeginObject();
        w.Key("alert");
        w.String("a" + std::to_string(e.alert_id));
        w.Key("rule");
        w.String(e.rule);
        w.Key("delivery");
        w.String(DeliveryKindName(e.target.kind));
        w.Key("target");
        w.StringOrNull(e.target.target);
        w.Key("attempts");
        w.Int(e.attempts);
        w.Key("next_attempt");
        w.String(e.next_attempt);
        w.Key("last_error");
        w.StringOrNull(e.last_error);
        w.EndObject();
        io.out << s << "\n";
      } else {
        std::string id = "a" + std::to_string(e.alert_id);
        std::string line = id + Pad(id, 8) + FitCell(e.rule, 12);
        line += Pad(line, 22) + DeliveryKindName(e.target.kind);
        line += Pad(line, 32) + std::to_string(e.attempts);
        line += Pad(line, 42) + e.next_attempt;
        line += Pad(line, 64) + e.target.target;
        if (!e.last_error.empty()) line += " (" + e.last_error + ")";
        io.out << line << "\n";
      }
    }
    return 0;
  }
  Result<std::vector<Alert>> alerts = center.Alerts(args.Get("rule"), static_cast<int>(*limit));
  if (!alerts.ok()) return Fail(io, "alerts list: " + alerts.status().ToString());
  if (format == "table") io.out << "ALERT   RULE          PUBLISHED   MODALITY  OUTLET            +SRC  CLAIM\n";
  for (const Alert& a : *alerts) {
    if (format == "jsonl") {
      io.out << AlertJson(a) << "\n";
      continue;
    }
    std::string id = "a" + std::to_string(a.id);
    std::string line = id + Pad(id, 8) + FitCell(a.rule, 12);
    std::string date = a.published.empty() ? "-" : a.published.substr(0, 10);
    line += Pad(line, 22) + date;
    line += Pad(line, 34) + a.modality;
    line += Pad(line, 44) + FitCell(a.outlet.empty() ? a.doc : a.outlet, 16);
    line += Pad(line, 62) + std::to_string(a.sources.size());
    line += Pad(line, 68) + FitCell(a.text, 60);
    io.out << line << "\n";
  }
  return 0;
}

int AlertsDeliver(const Args& args, Io& io) {
  auto kb = KnowledgeBase::Open(args.Get("db"));
  if (!kb.ok()) return Fail(io, "alerts deliver: " + kb.status().ToString());
  WebhookClient client;
  DeliveryOptions options;
  options.out = &io.out;
  options.webhook = &client;
  options.ignore_backoff = args.Has("now");
  Result<DeliveryStats> sent = AlertCenter(kb->get()).Deliver(options);
  if (!sent.ok()) return Fail(io, "alerts deliver: " + sent.status().ToString());
  for (const std::string& e : sent->errors) Fail(io, "alerts: " + e);
  io.err << "alerts: " << sent->delivered << " delivered, " << sent->failed << " failed, " << sent->waiting
         << " waiting\n";
  return sent->failed == 0 ? 0 : 1;
}

}  // namespace

int RaiseAndDeliverAlerts(KnowledgeBase* kb, Io& io) {
  AlertCenter center(kb);
  Result<RaiseStats> raised = center.Raise();
  if (!raised.ok()) {
    Fail(io, "alerts: " + raised.status().ToString());
    return 1;
  }
  WebhookClient client;
  DeliveryOptions options;
  options.out = &io.out;
  options.webhook = &client;
  Result<DeliveryStats> sent = center.Deliver(options);
  if (!sent.ok()) {
    Fail(io, "alerts: " + sent.status().ToString());
    return 1;
  }
  // A failed webhook is queued for the next run: reported, not an error of the run.
  for (const std::string& e : sent->errors) Fail(io, "alerts: " + e + " (will retry)");
  if (!raised->raised.empty() || raised->sources_added > 0 || sent->waiting > 0) {
    io.err << "alerts: " << raised->raised.size() << " raised, " << raised->sources_added
           << " sources added to earlier alerts, " << sent->delivered << " delivered, " << sent->waiting
           << " waiting\n";
  }
  return 0;
}

int RunAlerts(const Args& args, Io& io) {
  if (args.Get("db").empty()) return Fail(io, "alerts: --db FILE is required");
  std::string verb = args.positional().empty() ? "list" : args.positional()[0];
  if (verb == "list") return AlertsList(args, io);
  if (verb == "deliver") return AlertsDeliver(args, io);
  return Fail(io, "alerts: give list or deliver (see 'newsintel help alerts')");
}

}  // namespace cli
}  // namespace newsintel
