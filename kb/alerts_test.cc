#include "kb/alerts.h"

#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <sstream>

#include "gtest/gtest.h"
#include "kb/kb_test_util.h"

namespace newsintel {
namespace {

using kb_testing::Builder;
using kb_testing::TempDb;

constexpr int64_t kT0 = 1767225600;  // 2026-01-01T00:00:00Z

std::unique_ptr<KnowledgeBase> OpenKb(const std::string& name) {
  auto kb = KnowledgeBase::Open(TempDb(name));
  EXPECT_TRUE(kb.ok()) << kb.status().ToString();
  return std::move(*kb);
}

void Ingest(KnowledgeBase* kb, const std::vector<Extraction>& xs) {
  std::vector<IngestItem> items;
  for (const Extraction& x : xs) items.push_back({&x, ""});
  auto st = kb->Ingest(items);
  ASSERT_TRUE(st.ok()) << st.status().ToString();
  ASSERT_TRUE(st->errors.empty()) << st->errors[0];
}

WatchRule Rule(const std::string& name, std::vector<std::string> entities) {
  WatchRule r;
  r.name = name;
  r.entities = std::move(entities);
  return r;
}

// An English wire story: a senator alleges Orbis bought restricted chips.
Extraction WireStory(const std::string& doc = "wire.txt", const std::string& outlet = "Tech Wire",
                     const std::string& url = "https://techwire.example/orbis-chips") {
  return Builder(doc,
                 "Senator Jane Roe alleged that Orbis bought 3,000 restricted Zeta-9 accelerators through a "
                 "shell company in Singapore last spring.")
      .Meta(outlet, url, "2026-01-10")
      .Entity("Jane Roe", "PER", "Jane Roe")
      .Entity("Orbis", "ORG", "Orbis")
      .Entity("Singapore", "LOC", "Singapore")
      .Chip("Zeta-9", "Zeta-9")
      .Fig("3,000", 3000, "chip", "", "Orbis")
      .Claim("Orbis bought 3,000 restricted Zeta-9 accelerators through a shell company in Singapore last spring",
             "Jane Roe", "alleged", {"Orbis", "Singapore"})
      .Get();
}

// The same story in French, from another outlet, the next day.
Extraction FrenchStory() {
  return Builder("fr.txt",
                 "Selon la sénatrice Jane Roe, Orbis aurait acquis 3 000 accélérateurs Zeta-9 interdits via une "
                 "société écran installée à Singapour au printemps dernier.",
                 "fr")
      .Meta("Le Quotidien", "https://lequotidien.example/orbis-puces", "2026-01-11")
      .Entity("Jane Roe", "PER", "Jane Roe")
      .Entity("Orbis", "ORG", "Orbis")
      .Entity("Singapore", "LOC", "Singapour")
      .Chip("Zeta-9", "Zeta-9")
      .Fig("3 000", 3000, "chip", "", "Orbis")
      .Claim("Orbis aurait acquis 3 000 accélérateurs Zeta-9 interdits via une société écran installée à Singapour",
             "Jane Roe", "alleged", {"Orbis", "Singapore"})
      .Get();
}

// A different allegation about the same company, the same day.
Extraction OtherAllegation() {
  return Builder("other.txt", "Analysts alleged that Orbis understated the energy use of its data centres by half.")
      .Meta("Daily Ledger", "https://ledger.example/orbis-energy", "2026-01-10")
      .Entity("Orbis", "ORG", "Orbis")
      .Claim("Orbis understated the energy use of its data centres by half", "Analysts", "alleged", {"Orbis"})
      .Get();
}

TEST(AlertsTest, NewAllegationAboutAWatchedEntityRaisesOneAlert) {
  auto kb = OpenKb("alerts-new");
  AlertCenter alerts(kb.get());
  ASSERT_TRUE(alerts.AddRule(Rule("orbis", {"Orbis"})).ok());
  Ingest(kb.get(), {WireStory()});
  auto raised = alerts.Raise(kT0);
  ASSERT_TRUE(raised.ok()) << raised.status().ToString();
  ASSERT_EQ(raised->raised.size(), 1u);
  auto a = alerts.GetAlert(raised->raised[0]);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->rule, "orbis");
  EXPECT_EQ(a->modality, "alleged");
  EXPECT_EQ(a->speaker, "Jane Roe");
  EXPECT_EQ(a->outlet, "Tech Wire");
  EXPECT_EQ(a->url, "https://techwire.example/orbis-chips");
  EXPECT_EQ(a->published, "2026-01-10");
  EXPECT_EQ(a->entities, (std::vector<std::string>{"Orbis", "Singapore"}));
  EXPECT_NE(a->text.find("Zeta-9"), std::string::npos);
  EXPECT_EQ(a->guid.rfind("tag:newsintel,2025:alert/orbis/", 0), 0u);
  EXPECT_TRUE(a->sources.empty());

  // Delivered once on stdout, as one JSON line.
  std::ostringstream out;
  DeliveryOptions d;
  d.out = &out;
  d.now = kT0;
  auto sent = alerts.Deliver(d);
  ASSERT_TRUE(sent.ok());
  EXPECT_EQ(sent->delivered, 1);
  EXPECT_EQ(sent->waiting, 0);
  std::string line = out.str();
  ASSERT_FALSE(line.empty());
  EXPECT_EQ(line.find('\n'), line.size() - 1);
  EXPECT_NE(line.find("\"rule\":\"orbis\""), std::string::npos);
  EXPECT_NE(line.find("\"outlet\":\"Tech Wire\""), std::string::npos);
  out.str("");
  ASSERT_TRUE(alerts.Deliver(d).ok());
  EXPECT_EQ(out.str(), "");
}

TEST(AlertsTest, RepeatsInTheOtherLanguageOrSyndicatedAddSourcesInstead) {
  auto kb = OpenKb("alerts-repeat");
  AlertCenter alerts(kb.get());
  ASSERT_TRUE(alerts.AddRule(Rule("orbis", {"Orbis"})).ok());
  Ingest(kb.get(), {WireStory()});
  auto first = alerts.Raise(kT0);
  ASSERT_TRUE(first.ok());
  ASSERT_EQ(first->raised.size(), 1u);

  // A syndicated copy (same sentence, another outlet) and the French version.
  Ingest(kb.get(), {WireStory("copy.txt", "Pacific Post", "https://pacificpost.example/wire/orbis"), FrenchStory()});
  auto second = alerts.Raise(kT0 + 60);
  ASSERT_TRUE(second.ok());
  EXPECT_TRUE(second->raised.empty());
  EXPECT_EQ(second->sources_added, 2);
  auto a = alerts.GetAlert(first->raised[0]);
  ASSERT_TRUE(a.ok());
  ASSERT_EQ(a->sources.size(), 2u);
  std::map<std::string, std::string> match_by_outlet;
  for (const AlertSource& s : a->sources) match_by_outlet[s.outlet] = s.match;
  EXPECT_EQ(match_by_outlet["Pacific Post"], "same-text");
  EXPECT_EQ(match_by_outlet["Le Quotidien"], "translation");
  EXPECT_EQ(a->outlet, "Tech Wire");  // the first report stays first
  EXPECT_GT(a->updated, a->raised);
}

TEST(AlertsTest, ARewordedReportInTheSameLanguageIsTheSameAllegation) {
  auto kb = OpenKb("alerts-similar");
  AlertCenter alerts(kb.get());
  ASSERT_TRUE(alerts.AddRule(Rule("orbis", {"Orbis"})).ok());
  Ingest(kb.get(), {WireStory()});
  ASSERT_TRUE(alerts.Raise(kT0).ok());
  Extraction reworded =
      Builder("reworded.txt",
              "Jane Roe alleged that Orbis bought 3,000 restricted Zeta-9 accelerators through a shell company "
              "registered in Singapore.")
          .Meta("Capitol Daily", "https://capitol.example/roe-orbis", "2026-01-12")
          .Entity("Orbis", "ORG", "Orbis")
          .Entity("Singapore", "LOC", "Singapore")
          .Claim("Orbis bought 3,000 restricted Zeta-9 accelerators through a shell company registered in Singapore",
                 "Jane Roe", "alleged", {"Orbis", "Singapore"})
          .Get();
  Ingest(kb.get(), {reworded});
  auto r = alerts.Raise(kT0 + 60);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->raised.empty());
  EXPECT_EQ(r->sources_added, 1);
}

// A wire story long enough for near-duplicate detection, with a claim.
std::string WireBody() {
  return "The harbour authority opened a review of cargo declarations filed over the past two years, after "
         "customs officers found crates whose weight did not match their paperwork. Officials said the review "
         "would cover dozens of freight forwarders and take several months. Lawmakers in three countries have "
         "asked for the results to be published, and industry groups warned that delays at the port could "
         "raise prices for electronics makers across the region. Shipping lines said they would cooperate with "
         "the inquiry but asked for clear rules on which documents must be kept and for how long. A spokesman "
         "for the port said inspections had already been stepped up at night, when most transfers between "
         "vessels take place, and that new scanners would be installed before the summer. Two forwarders have "
         "suspended their operations while their records are checked, according to people familiar with the "
         "matter, and a third has hired outside auditors to review its accounts. ";
}

Extraction Syndicated(const std::string& doc, const std::string& outlet, const std::string& prefix,
                      const std::string& body, const std::string& claim_sentence, const std::string& claim) {
  return Builder(doc, prefix + body + claim_sentence)
      .Meta(outlet, "https://" + doc + ".example/", "2026-01-10")
      .Entity("Orbis", "ORG", "Orbis")
      .Entity("Singapore", "LOC", "Singapore")
      .Claim(claim, "Jane Roe", "alleged", {"Orbis", "Singapore"})
      .Get();
}

TEST(AlertsTest, AnEditedClaimInASyndicatedCopyJoinsTheAlert) {
  const std::string original_claim =
      "Orbis bought restricted Zeta-9 accelerators through a shell company in Singapore last spring";
  const std::string edited_claim = "Orbis had acquired the banned Zeta-9 parts from a Singapore front company in the spring";
  Extraction wire = Syndicated("wire", "Tech Wire", "", WireBody(),
                               "Senator Jane Roe alleged that " + original_claim + ".", original_claim);
  std::string edited_body = WireBody();
  edited_body.replace(edited_body.find("dozens of"), 9, "many");
  Extraction copy = Syndicated("copy", "Pacific Post", "SINGAPORE (Pacific Post) - ", edited_body,
                               "Jane Roe alleged " + edited_claim + ".", edited_claim);
  Extraction unrelated = Syndicated("other", "Daily Ledger", "",
                                    "A different story about the markets, with nothing in common with the wire. ",
                                    "Jane Roe alleged " + edited_claim + ".", edited_claim);
  {
    auto kb = OpenKb("alerts-syndicated");
    AlertCenter alerts(kb.get());
    ASSERT_TRUE(alerts.AddRule(Rule("orbis", {"Orbis"})).ok());
    Ingest(kb.get(), {wire, copy});
    auto r = alerts.Raise(kT0);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->raised.size(), 1u);
    ASSERT_EQ(r->sources_added, 1);
    auto a = alerts.GetAlert(r->raised[0]);
    ASSERT_TRUE(a.ok());
    ASSERT_EQ(a->sources.size(), 1u);
    EXPECT_EQ(a->sources[0].match, "syndicated");
  }
  {
    // The same two claims in articles that are not copies: two alerts.
    auto kb = OpenKb("alerts-not-syndicated");
    AlertCenter alerts(kb.get());
    ASSERT_TRUE(alerts.AddRule(Rule("orbis", {"Orbis"})).ok());
    Ingest(kb.get(), {wire, unrelated});
    auto r = alerts.Raise(kT0);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->raised.size(), 2u);
  }
}

TEST(AlertsTest, ADifferentAllegationAboutTheSameEntityIsANewAlert) {
  auto kb = OpenKb("alerts-different");
  AlertCenter alerts(kb.get());
  ASSERT_TRUE(alerts.AddRule(Rule("orbis", {"Orbis"})).ok());
  Ingest(kb.get(), {WireStory(), OtherAllegation()});
  auto r = alerts.Raise(kT0);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->raised.size(), 2u);
  EXPECT_EQ(r->sources_added, 0);
}

TEST(AlertsTest, ReIngestAndReExtractionRaiseNothing) {
  auto kb = OpenKb("alerts-reingest");
  AlertCenter alerts(kb.get());
  ASSERT_TRUE(alerts.AddRule(Rule("orbis", {"Orbis"})).ok());
  Ingest(kb.get(), {WireStory(), FrenchStory()});
  auto r1 = alerts.Raise(kT0);
  ASSERT_TRUE(r1.ok());
  EXPECT_EQ(r1->raised.size(), 1u);
  Ingest(kb.get(), {WireStory(), FrenchStory()});  // unchanged: nothing stored
  auto r2 = alerts.Raise(kT0 + 60);
  ASSERT_TRUE(r2.ok());
  EXPECT_EQ(r2->claims_checked, 0);
  EXPECT_TRUE(r2->raised.empty());
  // Same text, new facts (a newer extractor): claims are stored again.
  Extraction again = WireStory();
  again.entities.pop_back();
  Ingest(kb.get(), {again});
  auto r3 = alerts.Raise(kT0 + 120);
  ASSERT_TRUE(r3.ok());
  EXPECT_EQ(r3->claims_checked, 1);
  EXPECT_TRUE(r3->raised.empty());
  EXPECT_EQ(r3->sources_added, 0);
  auto a = alerts.GetAlert(r1->raised[0]);
  ASSERT_TRUE(a.ok());
  EXPECT_NE(a->claim_id, 0);  // points at the claim's new row
}

TEST(AlertsTest, EntityMatchesAnyAliasInEitherLanguage) {
  auto kb = OpenKb("alerts-alias");
  AlertCenter alerts(kb.get());
  // "Singapour" is the French alias the KB learns from the French article.
  ASSERT_TRUE(alerts.AddRule(Rule("sg", {"Singapour"})).ok());
  Ingest(kb.get(), {FrenchStory(), WireStory()});
  auto r = alerts.Raise(kT0);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->raised.size(), 1u);
  EXPECT_EQ(r->sources_added, 1);
}

TEST(AlertsTest, DefaultModalitiesAndSpeakerRole) {
  auto kb = OpenKb("alerts-modalities");
  AlertCenter alerts(kb.get());
  ASSERT_TRUE(alerts.AddRule(Rule("orbis", {"Orbis"})).ok());
  WatchRule doubts = Rule("doubts", {"Orbis"});
  doubts.modalities = {"doubted"};
  ASSERT_TRUE(alerts.AddRule(doubts).ok());
  Extraction x =
      Builder("mix.txt",
              "Orbis denied buying any restricted hardware. Experts doubt the Orbis training budget. "
              "Orbis said it would open an office in Lisbon.")
          .Meta("Tech Wire", "https://techwire.example/mix", "2026-01-10")
          .Entity("Orbis", "ORG", "Orbis")
          .Claim("Orbis denied buying any restricted hardware", "Orbis", "denied", {})
          .Claim("Experts doubt the Orbis training budget", "Experts", "doubted", {"Orbis"})
          .Claim("Orbis said it would open an office in Lisbon", "Orbis", "asserted", {"Lisbon"})
          .Get();
  Ingest(kb.get(), {x});
  auto r = alerts.Raise(kT0);
  ASSERT_TRUE(r.ok());
  auto all = alerts.Alerts();
  ASSERT_TRUE(all.ok());
  std::multiset<std::string> seen;
  for (const Alert& a : *all) seen.insert(a.rule + ":" + a.modality);
  // The denial by Orbis itself matches; its own assertion about Lisbon does not;
  // the doubt only for the rule asking for it.
  EXPECT_EQ(seen, (std::multiset<std::string>{"orbis:denied", "doubts:doubted"}));
}

TEST(AlertsTest, ChipKeywordOutletLanguageAndSpeakerConditions) {
  auto kb = OpenKb("alerts-conditions");
  AlertCenter alerts(kb.get());
  WatchRule chip;
  chip.name = "zeta";
  chip.chip = "zeta-9";
  WatchRule keyword;
  keyword.name = "shell";
  keyword.keyword = "shell company";
  WatchRule outlet;
  outlet.name = "quotidien";
  outlet.outlet = "quotidien";
  WatchRule french;
  french.name = "fr";
  french.lang = "fr";
  WatchRule speaker;
  speaker.name = "roe";
  speaker.speaker = "Roe";
  WatchRule none;
  none.name = "energy";
  none.keyword = "energy";
  none.lang = "fr";
  for (const WatchRule& r : {chip, keyword, outlet, french, speaker, none}) ASSERT_TRUE(alerts.AddRule(r).ok());
  Ingest(kb.get(), {WireStory(), FrenchStory(), OtherAllegation()});
  ASSERT_TRUE(alerts.Raise(kT0).ok());
  auto all = alerts.Alerts();
  ASSERT_TRUE(all.ok());
  std::map<std::string, std::vector<std::string>> outlets;  // rule -> first outlet + sources
  for (const Alert& a : *all) {
    outlets[a.rule].push_back(a.outlet);
    for (const AlertSource& s : a.sources) outlets[a.rule].push_back(s.outlet);
  }
  using V = std::vector<std::string>;
  EXPECT_EQ(outlets["zeta"], (V{"Tech Wire", "Le Quotidien"}));
  EXPECT_EQ(outlets["shell"], (V{"Tech Wire"}));
  EXPECT_EQ(outlets["quotidien"], (V{"Le Quotidien"}));
  EXPECT_EQ(outlets["fr"], (V{"Le Quotidien"}));
  EXPECT_EQ(outlets["roe"], (V{"Tech Wire", "Le Quotidien"}));
  EXPECT_EQ(outlets.count("energy"), 0u);
}

TEST(AlertsTest, RulesAreValidatedListedAndRemoved) {
  auto kb = OpenKb("alerts-rules");
  AlertCenter alerts(kb.get());
  WatchRule bad = Rule("bad name", {"Orbis"});
  EXPECT_FALSE(alerts.AddRule(bad).ok());
  bad = Rule("m", {"Orbis"});
  bad.modalities = {"rumoured"};
  EXPECT_FALSE(alerts.AddRule(bad).ok());
  bad = Rule("k", {});
  bad.keyword = "\"unbalanced";
  EXPECT_FALSE(alerts.AddRule(bad).ok());
  bad = Rule("w", {});
  bad.deliveries = {{DeliveryKind::kWebhook, "ftp://x"}};
  EXPECT_FALSE(alerts.AddRule(bad).ok());

  WatchRule r = Rule("orbis", {"Orbis"});
  r.entity_aliases = {"Orbis Labs"};
  r.deliveries = {{DeliveryKind::kAtom, "/tmp/x.atom"}, {DeliveryKind::kWebhook, "http://127.0.0.1:1/hook"}};
  ASSERT_TRUE(alerts.AddRule(r).ok());
  EXPECT_FALSE(alerts.AddRule(r).ok());  // name taken
  auto rules = alerts.Rules();
  ASSERT_TRUE(rules.ok());
  ASSERT_EQ(rules->size(), 1u);
  EXPECT_EQ((*rules)[0].entities, (std::vector<std::string>{"Orbis"}));
  EXPECT_EQ((*rules)[0].entity_aliases, (std::vector<std::string>{"Orbis Labs"}));
  ASSERT_EQ((*rules)[0].deliveries.size(), 2u);
  EXPECT_EQ((*rules)[0].deliveries[1].kind, DeliveryKind::kWebhook);
  EXPECT_TRUE(alerts.RemoveRule("orbis").ok());
  EXPECT_EQ(alerts.RemoveRule("orbis").code(), Status::Code::kNotFound);
  // Without rules, claims are not queued.
  Ingest(kb.get(), {WireStory()});
  ASSERT_TRUE(alerts.AddRule(Rule("later", {"Orbis"})).ok());
  auto raised = alerts.Raise(kT0);
  ASSERT_TRUE(raised.ok());
  EXPECT_EQ(raised->claims_checked, 0);
}

// Fails `failures` times, then accepts; records what it was sent.
class FlakyWebhook : public WebhookSender {
 public:
  explicit FlakyWebhook(int failures) : failures_(failures) {}
  Status Post(const std::string& url, const std::string& body, const std::string& key) override {
    ++calls;
    keys.push_back(key);
    if (failures_-- > 0) return Status::Unavailable("HTTP 503");
    bodies.push_back(body);
    return Status::OK();
  }
  int calls = 0;
  std::vector<std::string> keys, bodies;

 private:
  int failures_;
};

TEST(AlertsTest, AFailingWebhookIsRetriedWithBackoffAndDeliveredOnce) {
  auto kb = OpenKb("alerts-webhook");
  AlertCenter alerts(kb.get());
  WatchRule r = Rule("orbis", {"Orbis"});
  r.deliveries = {{DeliveryKind::kWebhook, "http://127.0.0.1:9/hook"}};
  ASSERT_TRUE(alerts.AddRule(r).ok());
  Ingest(kb.get(), {WireStory()});
  ASSERT_TRUE(alerts.Raise(kT0).ok());
  FlakyWebhook hook(2);
  std::ostringstream out;
  DeliveryOptions d;
  d.webhook = &hook;
  d.out = &out;
  d.now = kT0;
  auto s1 = alerts.Deliver(d);
  ASSERT_TRUE(s1.ok());
  EXPECT_EQ(s1->failed, 1);
  EXPECT_EQ(s1->waiting, 1);
  d.now = kT0 + 30;  // before the first retry time (60 s)
  ASSERT_TRUE(alerts.Deliver(d).ok());
  EXPECT_EQ(hook.calls, 1);
  d.now = kT0 + 61;
  auto s2 = alerts.Deliver(d);
  ASSERT_TRUE(s2.ok());
  EXPECT_EQ(s2->failed, 1);
  auto pending = alerts.Outbox(true);
  ASSERT_TRUE(pending.ok());
  ASSERT_EQ(pending->size(), 1u);
  EXPECT_EQ((*pending)[0].attempts, 2);
  EXPECT_EQ((*pending)[0].next_attempt, "2026-01-01T00:03:01Z");  // 61 s + 120 s
  EXPECT_NE((*pending)[0].last_error.find("503"), std::string::npos);
  d.now = kT0 + 200;
  auto s3 = alerts.Deliver(d);
  ASSERT_TRUE(s3.ok());
  EXPECT_EQ(s3->delivered, 1);
  EXPECT_EQ(s3->waiting, 0);
  d.now = kT0 + 100000;
  d.ignore_backoff = true;
  ASSERT_TRUE(alerts.Deliver(d).ok());
  EXPECT_EQ(hook.calls, 3);
  ASSERT_EQ(hook.bodies.size(), 1u);
  EXPECT_EQ(hook.keys[0], hook.keys[2]);  // one idempotency key per alert and target
  EXPECT_EQ(hook.bodies[0].rfind("{\"text\":", 0), 0u);
  EXPECT_NE(hook.bodies[0].find("\"alert\":{"), std::string::npos);
  EXPECT_EQ(out.str(), "");  // the rule names a webhook: no stdout line
}

TEST(AlertsTest, AtomFeedIsRewrittenWithStableIds) {
  auto kb = OpenKb("alerts-atom");
  std::string path = std::string(NEWSINTEL_BINARY_DIR) + "/test-tmp/kb/alerts.atom";
  std::remove(path.c_str());
  AlertCenter alerts(kb.get());
  WatchRule r = Rule("orbis", {"Orbis"});
  r.deliveries = {{DeliveryKind::kAtom, path}};
  ASSERT_TRUE(alerts.AddRule(r).ok());
  Ingest(kb.get(), {WireStory()});
  ASSERT_TRUE(alerts.Raise(kT0).ok());
  DeliveryOptions d;
  d.now = kT0;
  auto s = alerts.Deliver(d);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->delivered, 1);
  std::ifstream in(path);
  std::string feed((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto all = alerts.Alerts();
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 1u);
  EXPECT_NE(feed.find("<id>" + (*all)[0].guid + "</id>"), std::string::npos);
  EXPECT_NE(feed.find("<updated>2026-01-01T00:00:00Z</updated>"), std::string::npos);
  // A new source makes the entry due again, with a later <updated>.
  Ingest(kb.get(), {FrenchStory()});
  ASSERT_TRUE(alerts.Raise(kT0 + 3600).ok());
  d.now = kT0 + 3600;
  ASSERT_TRUE(alerts.Deliver(d).ok());
  std::ifstream in2(path);
  std::string feed2((std::istreambuf_iterator<char>(in2)), std::istreambuf_iterator<char>());
  EXPECT_NE(feed2.find("<id>" + (*all)[0].guid + "</id>"), std::string::npos);
  EXPECT_NE(feed2.find("<updated>2026-01-01T01:00:00Z</updated>"), std::string::npos);
  EXPECT_NE(feed2.find("Le Quotidien"), std::string::npos);
}

TEST(AlertsTest, AtomEscapesMarkup) {
  Alert a;
  a.id = 1;
  a.guid = "tag:newsintel,2025:alert/x/1";
  a.rule = "x";
  a.text = "A & B <script> \"quoted\"";
  a.modality = "alleged";
  a.url = "https://e.example/?a=1&b=2";
  a.raised = a.updated = "2026-01-01T00:00:00Z";
  std::string feed = AtomFeed("tag:newsintel,2025:feed/x", "t", {a}, "2026-01-01T00:00:00Z");
  EXPECT_NE(feed.find("A &amp; B &lt;script&gt; &quot;quoted&quot;"), std::string::npos);
  EXPECT_NE(feed.find("href=\"https://e.example/?a=1&amp;b=2\""), std::string::npos);
  EXPECT_EQ(feed.find("<script>"), std::string::npos);
}

}  // namespace
}  // namespace newsintel
