// newsintel watch add|list|remove: the alert rules stored in the knowledge base.
#include <algorithm>
#include <ostream>

#include "cli/command.h"
#include "extract/entity_extractor.h"
#include "extract/extractor.h"
#include "extract/json.h"
#include "extract/normalize.h"
#include "kb/alerts.h"

namespace newsintel {
namespace cli {
namespace {

// The lexicon's canonical name and aliases of `name`, when the lexicon knows
// it (so that a rule on "Nvidia" also follows "NVIDIA Corporation").
Result<std::vector<std::string>> LexiconAliases(const EntityExtractor& entities, const std::string& name) {
  std::vector<std::string> out;
  std::string key = FoldKey(name);
  for (const EntityMention& m : entities.Find(name)) {
    if (FoldKey(m.text) != key) continue;  // only a mention of the whole name
    for (const LexiconEntry& e : entities.entries()) {
      if (e.name != m.name) continue;
      out.push_back(e.name);
      for (std::string a : e.aliases) {
        if (!a.empty() && (a[0] == '=' || a[0] == '^')) a.erase(0, 1);
        if (!a.empty()) out.push_back(a);
      }
    }
  }
  return out;
}

int WatchAdd(const Args& args, Io& io) {
  WatchRule rule;
  rule.name = args.Get("name");
  if (rule.name.empty() && args.positional().size() >= 2) rule.name = args.positional()[1];
  if (rule.name.empty()) return Fail(io, "watch add: --name NAME is required");
  rule.entities = args.GetAll("entity");
  rule.chip = args.Get("chip");
  rule.speaker = args.Get("speaker");
  rule.modalities = args.GetAll("modality");
  rule.keyword = args.Get("keyword");
  rule.outlet = args.Get("outlet");
  rule.lang = args.Get("lang");
  for (const std::string& a : args.GetAll("atom")) rule.deliveries.push_back({DeliveryKind::kAtom, a});
  for (const std::string& w : args.GetAll("webhook")) rule.deliveries.push_back({DeliveryKind::kWebhook, w});
  if (args.Has("stdout")) rule.deliveries.push_back({DeliveryKind::kStdout, ""});
  if (!rule.entities.empty()) {
    std::string dir = args.Get("lexicons");
    auto entities = EntityExtractor::Create(dir.empty() ? DefaultLexiconDir() : dir);
    if (!entities.ok()) return Fail(io, "watch add: " + entities.status().ToString());
    for (const std::string& e : rule.entities) {
      Result<std::vector<std::string>> aliases = LexiconAliases(**entities, e);
      if (!aliases.ok()) return Fail(io, "watch add: " + aliases.status().ToString());
      rule.entity_aliases.insert(rule.entity_aliases.end(), aliases->begin(), aliases->end());
    }
  }
  auto kb = KnowledgeBase::Open(args.Get("db"));
  if (!kb.ok()) return Fail(io, "watch add: " + kb.status().ToString());
  AlertCenter alerts(kb->get());
  Status st = alerts.AddRule(rule);
  if (!st.ok()) return Fail(io, "watch add: " + st.message());
  // A feed reader can subscribe before the first alert.
  Status feeds = alerts.RefreshFeeds();
  if (!feeds.ok()) return Fail(io, "watch add: " + feeds.ToString());
  io.err << "watch: rule '" << rule.name << "' added\n";
  return 0;
}

void WriteRuleJson(const WatchRule& r, std::ostream& out) {
  std::string s;
  JsonWriter w(&s);
  auto list = [&](const char* key, const std::vector<std::string>& v) {
    w.Key(key);
    w.BeginArray();
    for (const std::string& x : v) w.String(x);
    w.EndArray();
  };
  w.BeginObject();
  w.Key("name");
  w.String(r.name);
  list("entities", r.entities);
  list("aliases", r.entity_aliases);
  w.Key("chip");
  w.StringOrNull(r.chip);
  w.Key("speaker");
  w.StringOrNull(r.speaker);
  list("modalities", r.modalities.empty() ? DefaultAlertModalities() : r.modalities);
  w.Key("keyword");
  w.StringOrNull(r.keyword);
  w.Key("outlet");
  w.StringOrNull(r.outlet);
  w.Key("lang");
  w.StringOrNull(r.lang);
  w.Key("deliveries");
  w.BeginArray();
  for (const DeliveryTarget& d : r.deliveries) {
    w.BeginObject();
    w.Key("kind");
    w.String(DeliveryKindName(d.kind));
    w.Key("target");
    w.StringOrNull(d.target);
    w.EndObject();
  }
  w.EndArray();
  w.Key("created");
  w.String(r.created);
  w.EndObject();
  out << s << "\n";
}

void WriteRuleText(const WatchRule& r, std::ostream& out) {
  auto join = [](const std::vector<std::string>& v) {
    std::string s;
    for (const std::string& x : v) s += (s.empty() ? "" : "|") + x;
    return s;
  };
  out << r.name << ":";
  if (!r.entities.empty()) out << " entity=" << join(r.entities);
  if (!r.chip.empty()) out << " chip=" << r.chip;
  if (!r.speaker.empty()) out << " speaker=" << r.speaker;
  out << " modality=" << join(r.modalities.empty() ? DefaultAlertModalities() : r.modalities);
  if (!r.keyword.empty()) out << " keyword=\"" << r.keyword << "\"";
  if (!r.outlet.empty()) out << " outlet=" << r.outlet;
  if (!r.lang.empty()) out << " lang=" << r.lang;
  out << " ->";
  for (const DeliveryTarget& d : r.deliveries) {
    out << " " << DeliveryKindName(d.kind);
    if (!d.target.empty()) out << ":" << d.target;
  }
  out << "  (since " << r.created << ")\n";
}

int WatchList(const Args& args, Io& io) {
  std::string format = args.Get("format", "table");
  if (format != "table" && format != "jsonl") return Fail(io, "watch list: --format must be table or jsonl");
  KbOptions options;
  options.read_only = true;
  auto kb = KnowledgeBase::Open(args.Get("db"), options);
  if (!kb.ok()) return Fail(io, "watch list: " + kb.status().ToString());
  Result<std::vector<WatchRule>> rules = AlertCenter(kb->get()).Rules();
  if (!rules.ok()) return Fail(io, "watch list: " + rules.status().ToString());
  for (const WatchRule& r : *rules) {
    if (format == "jsonl") {
      WriteRuleJson(r, io.out);
    } else {
      WriteRuleText(r, io.out);
    }
  }
  return 0;
}

int WatchRemove(const Args& args, Io& io) {
  std::vector<std::string> names(args.positional().begin() + 1, args.positional().end());
  if (args.Has("name")) names.push_back(args.Get("name"));
  if (names.empty()) return Fail(io, "watch remove: give the NAME of a rule");
  auto kb = KnowledgeBase::Open(args.Get("db"));
  if (!kb.ok()) return Fail(io, "watch remove: " + kb.status().ToString());
  AlertCenter alerts(kb->get());
  int errors = 0;
  for (const std::string& n : names) {
    Status st = alerts.RemoveRule(n);
    if (!st.ok()) {
      Fail(io, "watch remove: " + st.message());
      ++errors;
    } else {
      io.err << "watch: rule '" << n << "' removed\n";
    }
  }
  return errors == 0 ? 0 : 1;
}

}  // namespace

int RunWatch(const Args& args, Io& io) {
  if (args.Get("db").empty()) return Fail(io, "watch: --db FILE is required");
  std::string verb = args.positional().empty() ? "" : args.positional()[0];
  if (verb == "add") return WatchAdd(args, io);
  if (verb == "list") return WatchList(args, io);
  if (verb == "remove") return WatchRemove(args, io);
  return Fail(io, "watch: give add, list or remove (see 'newsintel help watch')");
}

}  // namespace cli
}  // namespace newsintel
