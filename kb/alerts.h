// Newsroom alerts: watch rules stored in the knowledge base, one alert per new
// allegation, and an outbox of deliveries (stdout lines, Atom files, webhooks).
//
//   AlertCenter alerts(kb.get());                    // kb opened for writing
//   WatchRule rule;
//   rule.name = "deepseek";
//   rule.entities = {"DeepSeek"};                    // any alias, either language
//   NEWSINTEL_RETURN_IF_ERROR(alerts.AddRule(rule));
//   ... kb->Ingest(batch) ...                        // claims are queued as stored
//   Result<RaiseStats> raised = alerts.Raise();      // match the queue, write alerts
//   DeliveryOptions d;
//   d.out = &std::cout;                              // stdout deliveries
//   d.webhook = &sender;                             // e.g. cli/webhook_client.h
//   Result<DeliveryStats> sent = alerts.Deliver(d);
//
// What "new" means. Every claim stored while at least one rule exists is
// queued (a trigger on `claims`); Raise() matches the queued claims against
// every rule, oldest report first, and empties the queue. A claim already seen
// by a rule (same article key, same folded text: a re-ingest, a re-extraction)
// is skipped, so a re-run raises nothing. A claim a rule matches either joins
// an existing alert of that rule as a new source (when it is the same
// allegation, see SameAllegation below) or raises a new alert. An alert keeps
// at most one source per article.
//
// Matching a claim to a rule: every condition given must hold (a repeated flag
// is an OR of its values):
//  - entities: the claim is about the entity (its `about` list), named by its
//    canonical name or any alias the KB has seen or the lexicon lists, in
//    either language; a denial, doubt or refusal (denied, doubted, declined)
//    also matches when the entity is its speaker;
//  - modalities: default alleged, asserted and denied (accusations, whether
//    attributed or stated, and denials of them); doubted and declined only
//    when asked for;
//  - chip: a chip mention overlapping the claim, by catalogue name or family;
//  - speaker: a substring of the speaker, or any alias of the entity it names;
//  - keyword: an FTS5 query (accent-insensitive) on the claim text;
//  - outlet: a substring of the outlet name or domain; lang: the article's.
//
// SameAllegation(claim, source of an alert of the same rule) holds when the
// modality class is the same (accusation = alleged|asserted, denial, doubt,
// declined), and
//  (1) the folded texts are equal (a syndicated or repeated sentence), or
//  (2) they share an `about` entity (or, both having none, the speaker), and
//      (a) the articles are in one language, and the folded word sets (words
//          of 3+ letters, and numbers) have Jaccard >= 0.5, or >= 0.3 with a
//          shared anchor (a figure of the same unit and value, a chip, a
//          number), or >= 0.2 when the two articles are near-duplicates
//          (extract/near_duplicate.h: a syndicated, lightly edited copy); or
//      (b) the languages differ (a translation), the reports are at most
//          kCrossLanguageDays apart, and with S = the entities they share
//          (about or mentioned inside the claim) other than the rule's own,
//          plus the anchors they share: S >= 3, or S >= 1 and their cognates
//          (the first 5 bytes of folded words of 5+ letters, the rule's
//          entity names left out: "distillation"/"distilling") have
//          Jaccard >= 0.11.
// Only sources reported within kSimilarDays of the claim are compared by (2);
// a report's day is its published date, else the day it was ingested.
// The claim joins the alert with the best match (same text first).
// Sources are labelled first, same-text, similar, syndicated or translation.
//
// Delivery. Each alert gets one outbox row per delivery of its rule (stdout
// when the rule names none). Deliver() sends what is due: stdout rows are
// printed as one JSON line (AlertJson) on DeliveryOptions::out; an Atom file
// is rewritten whole (temp file + rename) with the latest alerts of every rule
// that names it, and again when an alert gains sources; a webhook gets one
// JSON POST (WebhookBody) with an Idempotency-Key. A failed attempt is retried
// by a later Deliver() after 1, 2, 4, ... minutes (at most 6 hours), forever:
// nothing is dropped. A row is leased before it is sent and marked delivered
// right after, so two processes never send it both; only a crash between the
// send and the mark can repeat it, which the idempotency key covers.
#ifndef NEWSINTEL_KB_ALERTS_H_
#define NEWSINTEL_KB_ALERTS_H_

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "extract/status.h"
#include "kb/kb.h"

namespace newsintel {

enum class DeliveryKind { kStdout, kAtom, kWebhook };

// "stdout", "atom", "webhook".
const char* DeliveryKindName(DeliveryKind kind);

struct DeliveryTarget {
  DeliveryKind kind = DeliveryKind::kStdout;
  std::string target;  // "" (stdout), a file path (atom), an http(s) URL (webhook)
};

// A watch rule. Empty fields mean "any".
struct WatchRule {
  std::string name;                      // unique; letters, digits, '-', '_', '.'
  std::vector<std::string> entities;     // as given by the user
  std::vector<std::string> entity_aliases;  // more names for them (e.g. from the lexicon)
  std::string chip;
  std::string speaker;
  std::vector<std::string> modalities;   // empty: alleged, asserted, denied
  std::string keyword;                   // FTS5 query
  std::string outlet;
  std::string lang;
  std::vector<DeliveryTarget> deliveries;  // empty: stdout
  std::string created;                   // set by AddRule (ISO 8601 UTC)
};

// The modalities a rule watches when it names none.
const std::vector<std::string>& DefaultAlertModalities();

// One report of an alert's allegation.
struct AlertSource {
  int64_t claim_id = 0;  // 0 once the claim is gone (article re-extracted)
  std::string text;      // the claim as written in that article
  std::string speaker;
  std::string doc, url, outlet, published, lang;
  std::string doc_key;   // the KB's key of the article (URL or absolute path)
  std::string match;     // first, same-text, similar, syndicated, translation
  std::string added;     // when it joined (ISO 8601 UTC)
};

struct Alert {
  int64_t id = 0;        // shown as "a<id>"
  std::string guid;      // tag: URI, stable: Atom entry id, idempotency key seed
  std::string rule;
  std::string text, speaker, modality;
  std::vector<std::string> entities;  // the claim's `about` entities
  int64_t claim_id = 0;
  std::string doc, url, outlet, published, lang;  // of the first report
  std::string doc_key;
  std::string raised, updated;  // ISO 8601 UTC; updated changes as sources are added
  std::vector<AlertSource> sources;  // reports added since the first, oldest first
};

// A row of the delivery outbox.
struct OutboxEntry {
  int64_t id = 0;
  int64_t alert_id = 0;
  std::string rule;
  DeliveryTarget target;
  int attempts = 0;
  std::string next_attempt;  // ISO 8601 UTC
  bool delivered = false;
  std::string delivered_at;
  std::string last_error;
};

struct RaiseStats {
  int claims_checked = 0;   // queued claims looked at
  std::vector<int64_t> raised;  // new alerts, in the order raised
  int sources_added = 0;    // reports added to existing alerts
};

struct DeliveryStats {
  int delivered = 0;
  int failed = 0;    // attempts that failed this time (they stay queued)
  int waiting = 0;   // rows not yet delivered after this call
  std::vector<std::string> errors;  // one line per failed attempt
};

// Sends a webhook. Implementations live outside kb/ (cli/webhook_client.h).
class WebhookSender {
 public:
  virtual ~WebhookSender() = default;
  // OK only for a 2xx response.
  virtual Status Post(const std::string& url, const std::string& json_body,
                      const std::string& idempotency_key) = 0;
};

struct DeliveryOptions {
  std::ostream* out = nullptr;       // stdout deliveries; null: they wait
  WebhookSender* webhook = nullptr;  // null: webhooks wait
  bool ignore_backoff = false;       // default false: only rows whose retry time has come
  int64_t now = 0;                   // Unix seconds; 0 (default): the clock
  int atom_entries = 100;            // default 100: entries kept in an Atom file
};

// Rules, alerts and deliveries over one KnowledgeBase (not owned; must be
// opened for writing except for the read-only calls Rules, Alerts, Outbox).
// Not thread-safe, like the KnowledgeBase.
class AlertCenter {
 public:
  // Days within which two reports may be the same allegation (rule 2).
  static constexpr int kSimilarDays = 30;
  static constexpr int kCrossLanguageDays = 3;

  explicit AlertCenter(KnowledgeBase* kb) : kb_(kb) {}

  // InvalidArgument for a bad name, modality, delivery or FTS query;
  // InvalidArgument too when the name is taken.
  Status AddRule(const WatchRule& rule);
  // NotFound when no rule has that name. Its alerts and outbox go with it.
  Status RemoveRule(const std::string& name);
  Result<std::vector<WatchRule>> Rules();

  // Matches the queued claims (see the file comment), in one transaction.
  // `now`: Unix seconds, 0 for the clock.
  Result<RaiseStats> Raise(int64_t now = 0);
  // Sends what is due; a failed send is counted, not returned.
  Result<DeliveryStats> Deliver(const DeliveryOptions& options);

  // Rewrites every Atom file a rule names (e.g. an empty feed for a new rule).
  Status RefreshFeeds(int64_t now = 0);

  // Newest first; `rule` empty: every rule; limit 0: all.
  Result<std::vector<Alert>> Alerts(const std::string& rule = "", int limit = 0);
  // NotFound when there is no such alert.
  Result<Alert> GetAlert(int64_t id);
  Result<std::vector<OutboxEntry>> Outbox(bool pending_only);

 private:
  KnowledgeBase* kb_;
};

// One JSON object, no newline: alert, id (guid), rule, claim, claim_id,
// speaker, modality, entities, outlet, url, doc, published, lang, raised,
// updated, sources [{claim, claim_id, speaker, outlet, url, doc, published,
// lang, match, added}].
std::string AlertJson(const Alert& alert);
// {"text": Slack-style one-paragraph summary, "alert": AlertJson}.
std::string WebhookBody(const Alert& alert);
// A complete Atom 1.0 document; `alerts` newest first; `updated` is used when
// there is no alert. Entry ids are the alerts' guids.
std::string AtomFeed(const std::string& feed_id, const std::string& title, const std::vector<Alert>& alerts,
                     const std::string& updated);
// Writes `path` through a temporary file in the same directory and rename(2),
// so a reader never sees a partial file.
Status WriteFileAtomically(const std::string& path, const std::string& contents);

}  // namespace newsintel

#endif  // NEWSINTEL_KB_ALERTS_H_
