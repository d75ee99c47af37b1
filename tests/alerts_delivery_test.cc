// Alert delivery against real endpoints: the libcurl webhook client posting to
// an in-process HTTP server on a random loopback port, across separate runs;
// and the Atom file parsed back with libxml2.
#include <gtest/gtest.h>
#include <httplib.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <simdjson.h>

#include <atomic>
#include <mutex>
#include <regex>
#include <thread>

#include "cli/webhook_client.h"
#include "kb/alerts.h"
#include "kb/kb.h"
#include "kb/kb_test_util.h"
#include "tests/test_util.h"

namespace newsintel {
namespace {

constexpr int64_t kT0 = 1767225600;  // 2026-01-01T00:00:00Z

// An HTTP server on 127.0.0.1:<random port> answering POST /hook with 503
// `failures` times, then 200. Records every request.
class HookServer {
 public:
  explicit HookServer(int failures) : failures_(failures) {
    server_.Post("/hook", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard<std::mutex> lock(mu_);
      requests.push_back({req.get_header_value("Idempotency-Key"), req.get_header_value("Content-Type"), req.body});
      if (static_cast<int>(requests.size()) <= failures_) {
        res.status = 503;
        res.set_content("busy", "text/plain");
      } else {
        res.status = 200;
        res.set_content("ok", "text/plain");
        ++accepted;
      }
    });
    server_.Post("/slow", [](const httplib::Request&, httplib::Response& res) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1500));
      res.status = 200;
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this]() { server_.listen_after_bind(); });
  }
  ~HookServer() {
    server_.stop();
    thread_.join();
  }
  std::string Url(const std::string& path = "/hook") const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }

  struct Request {
    std::string key, content_type, body;
  };
  std::vector<Request> requests;
  int accepted = 0;

 private:
  int failures_;
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  std::mutex mu_;
};

Extraction Story() {
  return kb_testing::Builder("story.txt",
                             "Senator Jane Roe alleged that Orbis bought restricted accelerators through a shell "
                             "company in Singapore.")
      .Meta("Harbor Wire", "https://harborwire.example/orbis", "2026-01-01")
      .Entity("Orbis", "ORG", "Orbis")
      .Entity("Singapore", "LOC", "Singapore")
      .Claim("Orbis bought restricted accelerators through a shell company in Singapore", "Jane Roe", "alleged",
             {"Orbis", "Singapore"})
      .Get();
}

// One run of the pipeline: open the KB, deliver what is due at `now`, close.
DeliveryStats RunOnce(const std::string& db, int64_t now, const std::vector<Extraction>& ingest = {}) {
  auto kb = KnowledgeBase::Open(db);
  EXPECT_TRUE(kb.ok()) << kb.status().ToString();
  std::vector<IngestItem> items;
  for (const Extraction& x : ingest) items.push_back({&x, ""});
  if (!items.empty()) {
    EXPECT_TRUE((*kb)->Ingest(items).ok());
  }
  AlertCenter alerts(kb->get());
  EXPECT_TRUE(alerts.Raise(now).ok());
  WebhookClient client;
  DeliveryOptions options;
  options.webhook = &client;
  options.now = now;
  auto sent = alerts.Deliver(options);
  EXPECT_TRUE(sent.ok()) << sent.status().ToString();
  return sent.ok() ? *sent : DeliveryStats();
}

TEST(AlertDeliveryTest, WebhookThatFailsTwiceThenSucceedsDeliversExactlyOnceAcrossRuns) {
  HookServer server(2);
  std::string db = kb_testing::TempDb("delivery-webhook");
  {
    auto kb = KnowledgeBase::Open(db);
    ASSERT_TRUE(kb.ok());
    WatchRule rule;
    rule.name = "orbis";
    rule.entities = {"Orbis"};
    rule.deliveries = {{DeliveryKind::kWebhook, server.Url()}};
    ASSERT_TRUE(AlertCenter(kb->get()).AddRule(rule).ok());
  }
  DeliveryStats s1 = RunOnce(db, kT0, {Story()});
  EXPECT_EQ(s1.failed, 1);
  ASSERT_EQ(s1.errors.size(), 1u);
  EXPECT_NE(s1.errors[0].find("HTTP 503"), std::string::npos) << s1.errors[0];
  DeliveryStats early = RunOnce(db, kT0 + 10);  // the retry is not due yet
  EXPECT_EQ(early.failed + early.delivered, 0);
  DeliveryStats s2 = RunOnce(db, kT0 + 60);
  EXPECT_EQ(s2.failed, 1);
  DeliveryStats s3 = RunOnce(db, kT0 + 60 + 120);
  EXPECT_EQ(s3.delivered, 1);
  EXPECT_EQ(s3.waiting, 0);
  DeliveryStats s4 = RunOnce(db, kT0 + 86400, {Story()});  // a later run, same article again
  EXPECT_EQ(s4.delivered + s4.failed, 0);

  ASSERT_EQ(server.requests.size(), 3u);
  EXPECT_EQ(server.accepted, 1);
  for (const auto& r : server.requests) {
    EXPECT_EQ(r.key, server.requests[0].key);
    EXPECT_EQ(r.key.size(), 32u);
    EXPECT_EQ(r.content_type.rfind("application/json", 0), 0u);
  }
  simdjson::dom::parser parser;
  simdjson::dom::object body;
  ASSERT_FALSE(parser.parse(server.requests[2].body).get(body)) << server.requests[2].body;
  std::string_view text, rule, outlet;
  ASSERT_FALSE(body["text"].get(text));
  EXPECT_NE(text.find("*[orbis] alleged*"), std::string_view::npos) << text;
  EXPECT_NE(text.find("<https://harborwire.example/orbis|article>"), std::string_view::npos) << text;
  ASSERT_FALSE(body["alert"]["rule"].get(rule));
  EXPECT_EQ(rule, "orbis");
  ASSERT_FALSE(body["alert"]["outlet"].get(outlet));
  EXPECT_EQ(outlet, "Harbor Wire");
}

TEST(AlertDeliveryTest, WebhookClientTimesOutAndReportsRefusedConnections) {
  HookServer server(0);
  WebhookClientOptions options;
  options.total_timeout_ms = 300;
  WebhookClient client(options);
  Status slow = client.Post(server.Url("/slow"), "{}", "k");
  EXPECT_EQ(slow.code(), Status::Code::kUnavailable) << slow.ToString();
  Status missing = client.Post(server.Url("/nowhere"), "{}", "k");
  EXPECT_EQ(missing.code(), Status::Code::kInvalidArgument) << missing.ToString();
  EXPECT_NE(missing.message().find("404"), std::string::npos);
  Status ok = client.Post(server.Url(), "{\"text\":\"x\"}", "k");
  EXPECT_TRUE(ok.ok()) << ok.ToString();
  Status refused = client.Post("http://127.0.0.1:1/hook", "{}", "k");
  EXPECT_EQ(refused.code(), Status::Code::kUnavailable);
}

std::string ChildText(xmlNode* parent, const char* name) {
  for (xmlNode* c = parent->children; c != nullptr; c = c->next) {
    if (c->type == XML_ELEMENT_NODE && xmlStrcmp(c->name, BAD_CAST name) == 0) {
      xmlChar* s = xmlNodeGetContent(c);
      std::string out = s ? reinterpret_cast<const char*>(s) : "";
      xmlFree(s);
      return out;
    }
  }
  return "\x01missing";
}

bool IsRfc3339(const std::string& s) {
  static const std::regex kDate(R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2}))");
  return std::regex_match(s, kDate);
}

TEST(AlertDeliveryTest, AtomFileValidatesAsAtom10) {
  std::string dir = testing::TempDir("delivery-atom");
  std::string feed_path = dir + "/alerts.atom";
  std::string db = kb_testing::TempDb("delivery-atom");
  auto kb = KnowledgeBase::Open(db);
  ASSERT_TRUE(kb.ok());
  AlertCenter alerts(kb->get());
  WatchRule rule;
  rule.name = "orbis";
  rule.entities = {"Orbis"};
  rule.deliveries = {{DeliveryKind::kAtom, feed_path}};
  ASSERT_TRUE(alerts.AddRule(rule).ok());
  Extraction other = kb_testing::Builder("other.txt", "Analysts alleged that Orbis hid <losses> & debts.")
                         .Entity("Orbis", "ORG", "Orbis")
                         .Claim("Orbis hid <losses> & debts", "Analysts", "alleged", {"Orbis"})
                         .Get();
  Extraction story = Story();
  ASSERT_TRUE((*kb)->Ingest({{&story, ""}, {&other, "/abs/path with space/other.txt"}}).ok());
  ASSERT_TRUE(alerts.Raise(kT0).ok());
  DeliveryOptions options;
  options.now = kT0;
  auto sent = alerts.Deliver(options);
  ASSERT_TRUE(sent.ok());
  EXPECT_EQ(sent->delivered, 2);
  EXPECT_FALSE(std::filesystem::exists(feed_path + ".tmp." + std::to_string(::getpid())));

  std::string xml = testing::ReadFile(feed_path);
  xmlDoc* doc = xmlReadMemory(xml.data(), static_cast<int>(xml.size()), "alerts.atom", "utf-8",
                              XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  ASSERT_NE(doc, nullptr) << "not well-formed XML:\n" << xml;
  xmlNode* feed = xmlDocGetRootElement(doc);
  ASSERT_NE(feed, nullptr);
  EXPECT_STREQ(reinterpret_cast<const char*>(feed->name), "feed");
  ASSERT_NE(feed->ns, nullptr);
  EXPECT_STREQ(reinterpret_cast<const char*>(feed->ns->href), "http://www.w3.org/2005/Atom");
  EXPECT_EQ(ChildText(feed, "id").rfind("tag:newsintel,2025:feed/", 0), 0u);
  EXPECT_NE(ChildText(feed, "title"), "\x01missing");
  EXPECT_TRUE(IsRfc3339(ChildText(feed, "updated"))) << ChildText(feed, "updated");
  EXPECT_EQ(ChildText(feed, "author").find("newsintel"), 0u) << "feed author (entries have none)";
  std::set<std::string> ids;
  int entries = 0;
  for (xmlNode* e = feed->children; e != nullptr; e = e->next) {
    if (e->type != XML_ELEMENT_NODE || xmlStrcmp(e->name, BAD_CAST "entry") != 0) continue;
    ++entries;
    std::string id = ChildText(e, "id");
    EXPECT_EQ(id.rfind("tag:newsintel,2025:alert/orbis/", 0), 0u) << id;
    ids.insert(id);
    EXPECT_NE(ChildText(e, "title"), "\x01missing");
    EXPECT_TRUE(IsRfc3339(ChildText(e, "updated")));
    bool alternate = false;
    for (xmlNode* l = e->children; l != nullptr; l = l->next) {
      if (l->type != XML_ELEMENT_NODE || xmlStrcmp(l->name, BAD_CAST "link") != 0) continue;
      xmlChar* href = xmlGetProp(l, BAD_CAST "href");
      ASSERT_NE(href, nullptr);
      std::string h = reinterpret_cast<const char*>(href);
      xmlFree(href);
      EXPECT_TRUE(h.rfind("https://", 0) == 0 || h.rfind("file:///", 0) == 0) << h;
      EXPECT_EQ(h.find(' '), std::string::npos) << h;
      alternate = true;
    }
    EXPECT_TRUE(alternate) << "entry without content needs a link";
    std::string title = ChildText(e, "title");
    if (title.find("debts") != std::string::npos) {
      EXPECT_NE(title.find("<losses> & debts"), std::string::npos);
    }
  }
  EXPECT_EQ(entries, 2);
  EXPECT_EQ(ids.size(), 2u);
  xmlFreeDoc(doc);

  // Rewriting keeps the entry ids.
  ASSERT_TRUE((*kb)->Ingest({{&story, "second-copy"}}).ok());
  ASSERT_TRUE(alerts.Raise(kT0 + 5).ok());
  options.now = kT0 + 5;
  ASSERT_TRUE(alerts.Deliver(options).ok());
  std::string xml2 = testing::ReadFile(feed_path);
  for (const std::string& id : ids) EXPECT_NE(xml2.find("<id>" + id + "</id>"), std::string::npos);
}

}  // namespace
}  // namespace newsintel
