#include "crawler/crawler.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <set>

#include "crawler/dates.h"
#include "crawler/test_server.h"

namespace newsintel {
namespace {

using testing::TestServer;

struct CrawlRun {
  Status status;
  std::vector<CrawledPage> pages;
  std::vector<std::string> lines;
  CrawlStats stats;

  bool HasLine(const std::string& needle) const {
    for (const std::string& l : lines) {
      if (l.find(needle) != std::string::npos) return true;
    }
    return false;
  }
  std::string AllLines() const {
    std::string out;
    for (const std::string& l : lines) out += l + "\n";
    return out;
  }
};

// Loopback allowed, no delay, quick retries: the defaults of a test.
CrawlOptions FastOptions() {
  CrawlOptions o;
  o.fetch.allow_private = true;
  o.delay_seconds = 0;
  o.backoff_base_seconds = 0.02;
  o.backoff_max_seconds = 0.1;
  return o;
}

CrawlRun Crawl(const CrawlOptions& options, StateStore* state,
               const std::vector<std::pair<std::string, FrontierKind>>& seeds) {
  CrawlRun run;
  auto crawler = Crawler::Create(options, state);
  if (!crawler.ok()) {
    run.status = crawler.status();
    return run;
  }
  for (const auto& [url, kind] : seeds) {
    Status s = (*crawler)->AddSeed(url, kind, url.rfind("file:", 0) == 0);
    if (!s.ok()) run.lines.push_back("seed: " + s.message());
  }
  CrawlCallbacks cb;
  cb.on_page = [&run](const CrawledPage& p) {
    run.pages.push_back(p);
    return Status::OK();
  };
  cb.on_error = [&run](const std::string& line) { run.lines.push_back(line); };
  run.status = (*crawler)->Run(cb);
  run.stats = (*crawler)->stats();
  return run;
}

std::string Html(const std::string& title, const std::string& body) {
  return "<html><head><title>" + title + "</title></head><body><p>" + body + "</p></body></html>";
}

void ServePage(TestServer& s, const std::string& path, const std::string& body) {
  s.http().Get(path, [body](const httplib::Request&, httplib::Response& res) {
    res.set_content(body, "text/html; charset=utf-8");
  });
}

std::string Rss(const std::vector<std::string>& links) {
  std::string x = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Desk</title>";
  for (size_t i = 0; i < links.size(); ++i) {
    x += "<item><title>Item " + std::to_string(i) + "</title><link>" + links[i] +
         "</link><pubDate>Tue, 07 May 2024 08:30:00 GMT</pubDate></item>";
  }
  return x + "</channel></rss>";
}

std::string Gzip(const std::string& data) {
  z_stream zs{};
  deflateInit2(&zs, 9, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
  std::string out(compressBound(data.size()) + 64, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = data.size();
  zs.next_out = reinterpret_cast<Bytef*>(&out[0]);
  zs.avail_out = out.size();
  deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

std::set<std::string> Urls(const CrawlRun& run) {
  std::set<std::string> out;
  for (const CrawledPage& p : run.pages) out.insert(p.url);
  return out;
}

TEST(FetcherTest, PrivateAddresses) {
  for (const char* ip : {"127.0.0.1", "127.8.9.10", "10.0.0.1", "172.16.0.1", "172.31.255.255", "192.168.1.1",
                         "169.254.169.254", "0.0.0.0", "::1", "::", "fc00::1", "fd12:3456::1", "fe80::1",
                         "::ffff:127.0.0.1", "::ffff:10.1.2.3"}) {
    EXPECT_TRUE(IsPrivateIp(ip)) << ip;
  }
  for (const char* ip : {"8.8.8.8", "172.32.0.1", "172.15.255.255", "192.169.0.1", "1.1.1.1", "2001:4860::8888",
                         "::ffff:8.8.8.8", "fec0::1", "not an ip"}) {
    EXPECT_FALSE(IsPrivateIp(ip)) << ip;
  }
}

TEST(FetcherTest, RetryAfterSecondsOrDate) {
  int64_t now = EpochFromCivil(2024, 5, 7, 12, 0, 0);
  EXPECT_EQ(ParseRetryAfter("120", now).value_or(-1), 120);
  EXPECT_EQ(ParseRetryAfter(" 0 ", now).value_or(-1), 0);
  EXPECT_EQ(ParseRetryAfter("Tue, 07 May 2024 12:00:30 GMT", now).value_or(-1), 30);
  EXPECT_EQ(ParseRetryAfter("Tue, 07 May 2024 11:00:00 GMT", now).value_or(-1), 0);
  EXPECT_FALSE(ParseRetryAfter("soon", now).has_value());
  EXPECT_FALSE(ParseRetryAfter("", now).has_value());
}

TEST(CrawlerTest, ContentHashIsStable) {
  EXPECT_EQ(ContentHash("abc"), ContentHash("abc"));
  EXPECT_NE(ContentHash("abc"), ContentHash("abd"));
  EXPECT_EQ(ContentHash("").size(), 16u);
}

TEST(CrawlerTest, FeedToPagesWithHintsCanonicalAndDedup) {
  TestServer s;
  ServePage(s, "/a.html", Html("A", "alpha"));
  ServePage(s, "/b.html", Html("B", "beta"));
  ServePage(s, "/copy-of-b.html", Html("B", "beta"));
  s.http().Get("/feed.xml", [&s](const httplib::Request&, httplib::Response& res) {
    res.set_content(Rss({s.Url("/a.html?utm_source=rss"), s.Url("/a.html#comments"), s.Url("/b.html"),
                         "/copy-of-b.html", "ftp://example.com/x"}),
                    "application/rss+xml");
  });
  s.Start();
  MemoryStateStore state;
  CrawlRun run = Crawl(FastOptions(), &state, {{s.Url("/feed.xml"), FrontierKind::kFeed}});
  ASSERT_TRUE(run.status.ok()) << run.status.message();
  // /b.html and /copy-of-b.html have one body: whichever comes first is kept.
  std::set<std::string> urls = Urls(run);
  EXPECT_EQ(urls.size(), 2u);
  EXPECT_EQ(urls.count(s.Url("/a.html")), 1u);
  EXPECT_EQ(urls.count(s.Url("/b.html")) + urls.count(s.Url("/copy-of-b.html")), 1u);
  EXPECT_EQ(run.stats.duplicates, 1u);
  EXPECT_EQ(run.stats.feeds, 1u);
  EXPECT_EQ(s.Count("/a.html"), 1);  // canonicalization: one fetch for two spellings
  EXPECT_EQ(s.Count("/robots.txt"), 1);
  EXPECT_TRUE(run.HasLine("1 entries skipped")) << run.AllLines();
  ASSERT_FALSE(run.pages.empty());
  const CrawledPage& a = run.pages[0].url == s.Url("/a.html") ? run.pages[0] : run.pages[1];
  EXPECT_EQ(a.entry.title, "Item 0");
  EXPECT_EQ(a.entry.published, "2024-05-07T08:30:00Z");
  EXPECT_EQ(a.entry.source, s.Url("/feed.xml"));
  EXPECT_EQ(a.charset, "utf-8");
  EXPECT_NE(a.body.find("alpha"), std::string::npos);
  EXPECT_EQ(state.pending_size(), 0u);
  // The User-Agent names the tool.
  for (TestServer::Hit& h : s.Hits()) EXPECT_EQ(h.headers["user-agent"].rfind("newsintel/", 0), 0u);
}

TEST(CrawlerTest, DefaultDelaySpacesRequestsToAHostByOneSecond) {
  TestServer s;
  ServePage(s, "/1", Html("1", "one"));
  ServePage(s, "/2", Html("2", "two"));
  s.Start();
  CrawlOptions o = FastOptions();
  o.delay_seconds = CrawlOptions().delay_seconds;
  ASSERT_EQ(o.delay_seconds, 1.0);
  MemoryStateStore state;
  auto t0 = std::chrono::steady_clock::now();
  CrawlRun run = Crawl(o, &state, {{s.Url("/1"), FrontierKind::kPage}, {s.Url("/2"), FrontierKind::kPage}});
  double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_EQ(run.pages.size(), 2u);
  ASSERT_EQ(s.Hits().size(), 3u);  // robots.txt, /1, /2
  EXPECT_GE(s.MinGap(), 1.0);
  EXPECT_LT(took, 4.0);
}

TEST(CrawlerTest, RobotsCrawlDelayIsHonoured) {
  TestServer s;
  s.http().Get("/robots.txt", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("User-agent: *\nCrawl-delay: 0.4\n", "text/plain");
  });
  for (int i = 0; i < 3; ++i) ServePage(s, "/p" + std::to_string(i), Html("p", "page " + std::to_string(i)));
  s.Start();
  MemoryStateStore state;
  CrawlRun run = Crawl(FastOptions(), &state,
                       {{s.Url("/p0"), FrontierKind::kPage}, {s.Url("/p1"), FrontierKind::kPage},
                        {s.Url("/p2"), FrontierKind::kPage}});
  EXPECT_EQ(run.pages.size(), 3u);
  EXPECT_GE(s.MinGap(), 0.4);
}

TEST(CrawlerTest, RobotsCrawlDelayIsCapped) {
  TestServer s;
  s.http().Get("/robots.txt", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("User-agent: *\nCrawl-delay: 100000\n", "text/plain");
  });
  ServePage(s, "/p", Html("p", "page"));
  s.Start();
  CrawlOptions o = FastOptions();
  o.max_crawl_delay_seconds = 0.2;  // the default cap is 30 s
  MemoryStateStore state;
  auto t0 = std::chrono::steady_clock::now();
  CrawlRun run = Crawl(o, &state, {{s.Url("/p"), FrontierKind::kPage}});
  EXPECT_EQ(run.pages.size(), 1u);
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(), 2.0);
  EXPECT_GE(s.MinGap(), 0.2);
}

TEST(CrawlerTest, RobotsRulesAreObeyedAndFetchedOncePerHost) {
  TestServer s;
  s.http().Get("/robots.txt", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("User-agent: *\nDisallow: /\n\nUser-agent: newsintel\nDisallow: /private/\nAllow: /private/ok\n",
                    "text/plain");
  });
  std::vector<std::pair<std::string, FrontierKind>> seeds;
  for (int i = 0; i < 10; ++i) ServePage(s, "/pub/" + std::to_string(i), Html("p", "public " + std::to_string(i)));
  ServePage(s, "/private/secret", Html("s", "secret"));
  ServePage(s, "/private/ok", Html("o", "ok"));
  s.Start();
  for (int i = 0; i < 10; ++i) seeds.push_back({s.Url("/pub/" + std::to_string(i)), FrontierKind::kPage});
  seeds.push_back({s.Url("/private/secret"), FrontierKind::kPage});
  seeds.push_back({s.Url("/private/ok"), FrontierKind::kPage});
  MemoryStateStore state;
  CrawlRun run = Crawl(FastOptions(), &state, seeds);
  EXPECT_EQ(run.pages.size(), 11u) << run.AllLines();
  EXPECT_EQ(run.stats.robots_denied, 1u);
  EXPECT_EQ(s.Count("/private/secret"), 0);
  EXPECT_EQ(s.Count("/robots.txt"), 1);
  EXPECT_TRUE(run.HasLine("disallowed by robots.txt")) << run.AllLines();
}

TEST(CrawlerTest, RobotsCacheExpires) {
  TestServer s;
  ServePage(s, "/x", Html("x", "x"));
  ServePage(s, "/y", Html("y", "y"));
  s.Start();
  CrawlOptions o = FastOptions();
  o.robots_ttl_seconds = 0;
  o.per_host = 1;
  MemoryStateStore state;
  CrawlRun run = Crawl(o, &state, {{s.Url("/x"), FrontierKind::kPage}, {s.Url("/y"), FrontierKind::kPage}});
  EXPECT_EQ(run.pages.size(), 2u);
  EXPECT_EQ(s.Count("/robots.txt"), 2);
}

TEST(CrawlerTest, Robots4xxAllowsAnd5xxDisallows) {
  for (int code : {404, 403, 500, 503}) {
    TestServer s;
    s.http().Get("/robots.txt", [code](const httplib::Request&, httplib::Response& res) {
      res.status = code;
      res.set_content("User-agent: *\nDisallow: /\n", "text/plain");
    });
    ServePage(s, "/page", Html("p", "page"));
    s.Start();
    CrawlOptions o = FastOptions();
    o.max_attempts = 2;
    MemoryStateStore state;
    CrawlRun run = Crawl(o, &state, {{s.Url("/page"), FrontierKind::kPage}});
    if (code < 500) {
      EXPECT_EQ(run.pages.size(), 1u) << code;
      EXPECT_EQ(s.Count("/robots.txt"), 1) << code;
    } else {
      EXPECT_EQ(run.pages.size(), 0u) << code;
      EXPECT_EQ(s.Count("/page"), 0) << code;
      EXPECT_EQ(s.Count("/robots.txt"), 2) << code;  // retried once, then complete disallow
      EXPECT_TRUE(run.HasLine("robots.txt answered HTTP " + std::to_string(code))) << run.AllLines();
    }
  }
}

TEST(CrawlerTest, RobotsUnreachableDisallows) {
  // A port nobody listens on: connection refused, for robots.txt and all.
  int port;
  {
    TestServer closed;
    closed.Start();
    port = closed.port();
  }
  CrawlOptions o = FastOptions();
  o.max_attempts = 2;
  MemoryStateStore state;
  std::string url = "http://127.0.0.1:" + std::to_string(port) + "/page";
  CrawlRun run = Crawl(o, &state, {{url, FrontierKind::kPage}});
  EXPECT_EQ(run.pages.size(), 0u);
  EXPECT_EQ(run.stats.robots_denied, 1u);
  EXPECT_TRUE(run.HasLine("disallowed by robots.txt")) << run.AllLines();
}

TEST(CrawlerTest, RedirectsAreFollowedUpToFiveAndLoopsFail) {
  TestServer s;
  s.http().Get(R"(/hop/(\d+))", [](const httplib::Request& req, httplib::Response& res) {
    int n = std::stoi(req.matches[1]);
    if (n == 0) {
      res.set_content(Html("end", "arrived"), "text/html");
    } else {
      res.set_redirect("/hop/" + std::to_string(n - 1), n % 2 ? 301 : 302);
    }
  });
  s.http().Get("/loop-a", [](const httplib::Request&, httplib::Response& res) { res.set_redirect("/loop-b"); });
  s.http().Get("/loop-b", [](const httplib::Request&, httplib::Response& res) { res.set_redirect("/loop-a"); });
  s.http().Get("/to-file", [](const httplib::Request&, httplib::Response& res) {
    res.set_redirect("file:///etc/passwd");
  });
  s.Start();
  MemoryStateStore state;
  CrawlRun run = Crawl(FastOptions(), &state,
                       {{s.Url("/hop/5"), FrontierKind::kPage}, {s.Url("/hop/16"), FrontierKind::kPage},
                        {s.Url("/loop-a"), FrontierKind::kPage}, {s.Url("/to-file"), FrontierKind::kPage}});
  ASSERT_EQ(run.pages.size(), 1u) << run.AllLines();
  EXPECT_EQ(run.pages[0].url, s.Url("/hop/5"));
  EXPECT_EQ(run.pages[0].final_url, s.Url("/hop/0"));
  EXPECT_TRUE(run.HasLine("GET " + s.Url("/hop/16") + ": more than 5 redirects")) << run.AllLines();
  EXPECT_TRUE(run.HasLine("GET " + s.Url("/loop-a") + ": more than 5 redirects")) << run.AllLines();
  EXPECT_TRUE(run.HasLine("redirect to unusable URL file:///etc/passwd")) << run.AllLines();
  EXPECT_EQ(run.stats.errors, 3u);
  EXPECT_LE(s.Count("/loop-a") + s.Count("/loop-b"), 6);
}

TEST(CrawlerTest, ConditionalGetWithEtagAndLastModified) {
  TestServer s;
  s.http().Get("/etag", [](const httplib::Request& req, httplib::Response& res) {
    if (req.get_header_value("If-None-Match") == "\"v1\"") {
      res.status = 304;
      return;
    }
    res.set_header("ETag", "\"v1\"");
    res.set_content(Html("e", "etag page"), "text/html");
  });
  const std::string lm = "Tue, 07 May 2024 08:30:00 GMT";
  s.http().Get("/lm", [lm](const httplib::Request& req, httplib::Response& res) {
    if (req.get_header_value("If-Modified-Since") == lm) {
      res.status = 304;
      return;
    }
    res.set_header("Last-Modified", lm);
    res.set_content(Html("l", "lm page"), "text/html");
  });
  int version = 0;
  s.http().Get("/plain", [&version](const httplib::Request&, httplib::Response& res) {
    res.set_content(Html("p", "version " + std::to_string(version)), "text/html");
  });
  s.Start();
  MemoryStateStore state;
  std::vector<std::pair<std::string, FrontierKind>> seeds = {
      {s.Url("/etag"), FrontierKind::kPage}, {s.Url("/lm"), FrontierKind::kPage}, {s.Url("/plain"), FrontierKind::kPage}};
  CrawlRun first = Crawl(FastOptions(), &state, seeds);
  EXPECT_EQ(first.pages.size(), 3u);
  CrawlRun second = Crawl(FastOptions(), &state, seeds);
  EXPECT_EQ(second.pages.size(), 0u);
  EXPECT_EQ(second.stats.unchanged, 3u);  // two 304s, one same-hash body
  version = 1;
  CrawlRun third = Crawl(FastOptions(), &state, seeds);
  ASSERT_EQ(third.pages.size(), 1u);
  EXPECT_EQ(third.pages[0].url, s.Url("/plain"));
  std::vector<TestServer::Hit> hits = s.Hits();
  int conditional = 0;
  for (const TestServer::Hit& h : hits) {
    if (h.headers.count("if-none-match") || h.headers.count("if-modified-since")) ++conditional;
  }
  EXPECT_EQ(conditional, 4);
}

TEST(CrawlerTest, TooManyRequestsHonoursRetryAfterSeconds) {
  TestServer s;
  std::atomic<int> calls{0};
  s.http().Get("/busy", [&calls](const httplib::Request&, httplib::Response& res) {
    if (calls++ == 0) {
      res.status = 429;
      res.set_header("Retry-After", "1");
      return;
    }
    res.set_content(Html("b", "finally"), "text/html");
  });
  s.Start();
  MemoryStateStore state;
  CrawlRun run = Crawl(FastOptions(), &state, {{s.Url("/busy"), FrontierKind::kPage}});
  EXPECT_EQ(run.pages.size(), 1u) << run.AllLines();
  EXPECT_EQ(run.stats.retries, 1u);
  EXPECT_GE(s.MinGap("/busy"), 1.0);
}

TEST(CrawlerTest, ServiceUnavailableHonoursRetryAfterDate) {
  TestServer s;
  std::atomic<int> calls{0};
  s.http().Get("/down", [&calls](const httplib::Request&, httplib::Response& res) {
    if (calls++ == 0) {
      res.status = 503;
      char date[64];
      time_t later = time(nullptr) + 2;
      struct tm tm;
      gmtime_r(&later, &tm);
      strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S GMT", &tm);
      res.set_header("Retry-After", date);
      return;
    }
    res.set_content(Html("d", "back up"), "text/html");
  });
  s.Start();
  MemoryStateStore state;
  CrawlRun run = Crawl(FastOptions(), &state, {{s.Url("/down"), FrontierKind::kPage}});
  EXPECT_EQ(run.pages.size(), 1u) << run.AllLines();
  EXPECT_GE(s.MinGap("/down"), 0.9);  // the date has one-second resolution
}

TEST(CrawlerTest, RetryAfterTooLongGivesUpWithOneLine) {
  TestServer s;
  s.http().Get("/never", [](const httplib::Request&, httplib::Response& res) {
    res.status = 429;
    res.set_header("Retry-After", "86400");
  });
  ServePage(s, "/fine", Html("f", "fine"));
  s.Start();
  MemoryStateStore state;
  CrawlRun run = Crawl(FastOptions(), &state, {{s.Url("/never"), FrontierKind::kPage}, {s.Url("/fine"), FrontierKind::kPage}});
  EXPECT_EQ(run.pages.size(), 1u);
  EXPECT_EQ(run.stats.errors, 1u);
  EXPECT_TRUE(run.HasLine("HTTP 429, Retry-After 8.64e+04 s is longer than")) << run.AllLines();
  EXPECT_EQ(s.Count("/never"), 1);
}

TEST(CrawlerTest, ServerErrorsAreRetriedWithBackoffThenSucceed) {
  TestServer s;
  std::atomic<int> calls{0};
  s.http().Get("/flaky", [&calls](const httplib::Request&, httplib::Response& res) {
    if (calls++ < 2) {
      res.status = 502;
      return;
    }
    res.set_content(Html("f", "recovered"), "text/html");
  });
  s.Start();
  CrawlOptions o = FastOptions();
  o.backoff_base_seconds = 0.1;
  o.backoff_max_seconds = 1;
  MemoryStateStore state;
  CrawlRun run = Crawl(o, &state, {{s.Url("/flaky"), FrontierKind::kPage}});
  EXPECT_EQ(run.pages.size(), 1u);
  EXPECT_EQ(run.stats.retries, 2u);
  std::vector<TestServer::Hit> hits;
  for (const TestServer::Hit& h : s.Hits()) {
    if (h.path == "/flaky") hits.push_back(h);
  }
  ASSERT_EQ(hits.size(), 3u);
  // 0.1 s, then 0.2 s: the waits double.
  EXPECT_GE(std::chrono::duration<double>(hits[1].at - hits[0].at).count(), 0.1);
  EXPECT_GE(std::chrono::duration<double>(hits[2].at - hits[1].at).count(), 0.2);
}

TEST(CrawlerTest, PersistentServerErrorFailsWithOneLineAndCrawlGoesOn) {
  TestServer s;
  s.http().Get("/broken", [](const httplib::Request&, httplib::Response& res) { res.status = 500; });
  s.http().Get("/gone", [](const httplib::Request&, httplib::Response& res) { res.status = 404; });
  ServePage(s, "/fine", Html("f", "fine"));
  s.Start();
  MemoryStateStore state;
  CrawlOptions o = FastOptions();
  o.max_attempts = 3;
  CrawlRun run = Crawl(o, &state, {{s.Url("/broken"), FrontierKind::kPage}, {s.Url("/gone"), FrontierKind::kPage},
                                   {s.Url("/fine"), FrontierKind::kPage}});
  EXPECT_EQ(run.pages.size(), 1u);
  EXPECT_EQ(s.Count("/broken"), 3);
  EXPECT_EQ(s.Count("/gone"), 1);
  ASSERT_EQ(run.lines.size(), 2u) << run.AllLines();
  EXPECT_TRUE(run.HasLine("GET " + s.Url("/broken") + ": HTTP 500 (after 3 tries)"));
  EXPECT_TRUE(run.HasLine("GET " + s.Url("/gone") + ": HTTP 404"));
  // The transient failure stays pending for the next run; the 404 does not.
  EXPECT_EQ(state.pending_size(), 1u);
}

TEST(CrawlerTest, SlowBodyTimesOut) {
  TestServer s;
  s.http().Get("/slow", [](const httplib::Request&, httplib::Response& res) {
    res.set_chunked_content_provider("text/html", [](size_t offset, httplib::DataSink& sink) {
      if (offset > 100) {
        sink.done();
        return true;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(150));
      sink.write("<p>slow</p>", 11);
      return true;
    });
  });
  ServePage(s, "/quick", Html("q", "quick"));
  s.Start();
  CrawlOptions o = FastOptions();
  o.fetch.total_timeout_seconds = 0.5;
  o.max_attempts = 2;
  MemoryStateStore state;
  CrawlRun run = Crawl(o, &state, {{s.Url("/slow"), FrontierKind::kPage}, {s.Url("/quick"), FrontierKind::kPage}});
  EXPECT_EQ(run.pages.size(), 1u);
  EXPECT_TRUE(run.HasLine("GET " + s.Url("/slow") + ": timed out")) << run.AllLines();
  EXPECT_TRUE(run.HasLine("(after 2 tries)")) << run.AllLines();
}

TEST(CrawlerTest, LowSpeedLimitAborts) {
  TestServer s;
  s.http().Get("/trickle", [](const httplib::Request&, httplib::Response& res) {
    res.set_chunked_content_provider("text/html", [](size_t offset, httplib::DataSink& sink) {
      if (offset > 40) {
        sink.done();
        return true;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(400));
      sink.write("x", 1);
      return true;
    });
  });
  s.Start();
  CrawlOptions o = FastOptions();
  o.fetch.low_speed_bytes = 100;
  o.fetch.low_speed_seconds = 1;
  o.max_attempts = 1;
  MemoryStateStore state;
  auto t0 = std::chrono::steady_clock::now();
  CrawlRun run = Crawl(o, &state, {{s.Url("/trickle"), FrontierKind::kPage}});
  EXPECT_EQ(run.pages.size(), 0u);
  EXPECT_EQ(run.stats.errors, 1u);
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(), 5.0);
}

TEST(CrawlerTest, GzipIsDecodedAndDecodedSizeIsCapped) {
  TestServer s;
  std::string page = Html("g", std::string(5000, 'z') + " gzip body");
  s.http().Get("/gz", [page](const httplib::Request&, httplib::Response& res) {
    res.set_header("Content-Encoding", "gzip");
    res.set_content(Gzip(page), "text/html");
  });
  std::string bomb = Gzip(std::string(50u << 20, '\0'));  // 50 MiB of zeros, ~50 KB on the wire
  s.http().Get("/bomb", [bomb](const httplib::Request&, httplib::Response& res) {
    res.set_header("Content-Encoding", "gzip");
    res.set_content(bomb, "text/html");
  });
  s.Start();
  CrawlOptions o = FastOptions();
  o.fetch.max_body_bytes = 1 << 20;
  MemoryStateStore state;
  CrawlRun run = Crawl(o, &state, {{s.Url("/gz"), FrontierKind::kPage}, {s.Url("/bomb"), FrontierKind::kPage}});
  ASSERT_EQ(run.pages.size(), 1u) << run.AllLines();
  EXPECT_EQ(run.pages[0].body, page);
  EXPECT_TRUE(run.HasLine("GET " + s.Url("/bomb") + ": body larger than 1048576 bytes")) << run.AllLines();
  EXPECT_EQ(s.Count("/bomb"), 1);  // not retried
}

TEST(CrawlerTest, PrivateAddressesAreRefusedByDefault) {
  TestServer s;
  ServePage(s, "/inside", Html("i", "inside"));
  s.Start();
  CrawlOptions o = FastOptions();
  o.fetch.allow_private = false;
  MemoryStateStore state;
  CrawlRun run = Crawl(o, &state, {{s.Url("/inside"), FrontierKind::kPage}});
  EXPECT_EQ(run.pages.size(), 0u);
  EXPECT_EQ(s.Hits().size(), 0u);
  EXPECT_TRUE(run.HasLine("refused to connect to private address 127.0.0.1")) << run.AllLines();
  EXPECT_EQ(run.stats.errors, 1u);
  // "localhost" resolves to loopback too.
  CrawlRun named = Crawl(o, &state, {{"http://localhost:" + std::to_string(s.port()) + "/inside", FrontierKind::kPage}});
  EXPECT_EQ(named.pages.size(), 0u);
  EXPECT_EQ(s.Hits().size(), 0u);
}

TEST(CrawlerTest, SitemapIndexWithGzippedSitemap) {
  TestServer s;
  s.http().Get("/sitemap-index.xml", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"
                    "<sitemap><loc>/news-sitemap.xml.gz</loc></sitemap></sitemapindex>",
                    "application/xml");
  });
  s.http().Get("/news-sitemap.xml.gz", [&s](const httplib::Request&, httplib::Response& res) {
    std::string xml = "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" "
                      "xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\">";
    for (int i = 0; i < 3; ++i) {
      xml += "<url><loc>" + s.Url("/n/" + std::to_string(i)) + "</loc><news:news><news:title>Title " +
             std::to_string(i) + "</news:title></news:news></url>";
    }
    res.set_content(Gzip(xml + "</urlset>"), "application/x-gzip");
  });
  s.http().Get(R"(/n/(\d+))", [](const httplib::Request& req, httplib::Response& res) {
    res.set_content(Html("n", "news " + std::string(req.matches[1])), "text/html");
  });
  s.Start();
  MemoryStateStore state;
  CrawlRun run = Crawl(FastOptions(), &state, {{s.Url("/sitemap-index.xml"), FrontierKind::kSitemap}});
  ASSERT_EQ(run.pages.size(), 3u) << run.AllLines();
  EXPECT_EQ(run.stats.feeds, 2u);
  std::set<std::string> titles;
  for (const CrawledPage& p : run.pages) titles.insert(p.entry.title);
  EXPECT_EQ(titles, (std::set<std::string>{"Title 0", "Title 1", "Title 2"}));
}

TEST(CrawlerTest, LocalFilesOnlyWhenNamed) {
  namespace fs = std::filesystem;
  fs::path dir = fs::path(::testing::TempDir()) / "crawler_local";
  fs::remove_all(dir);
  fs::create_directories(dir / "articles");
  std::ofstream(dir / "articles" / "one.html") << Html("one", "local one");
  std::ofstream(dir / "articles" / "two.html") << Html("two", "local two");
  std::ofstream(dir / "feed.xml") << Rss({"articles/one.html", "file://" + (dir / "articles" / "two.html").string(),
                                          "file:///etc/hostname"});
  MemoryStateStore state;
  CrawlRun run = Crawl(FastOptions(), &state, {{"file://" + (dir / "feed.xml").string(), FrontierKind::kFeed}});
  EXPECT_EQ(run.pages.size(), 2u) << run.AllLines();
  EXPECT_TRUE(run.HasLine("1 entries skipped")) << run.AllLines();
  // A remote seed may not be a file, and AddSeed refuses file:// unless local.
  auto crawler = Crawler::Create(FastOptions(), &state);
  ASSERT_TRUE(crawler.ok());
  EXPECT_FALSE((*crawler)->AddSeed("file:///etc/passwd", FrontierKind::kPage, false).ok());
  EXPECT_FALSE((*crawler)->AddSeed("gopher://example.com/", FrontierKind::kPage, false).ok());
}

TEST(CrawlerTest, InterruptedCrawlResumesWhereItStopped) {
  TestServer s;
  std::vector<std::string> links;
  for (int i = 0; i < 10; ++i) {
    ServePage(s, "/r/" + std::to_string(i), Html("r", "resume page " + std::to_string(i)));
    links.push_back("/r/" + std::to_string(i));
  }
  s.http().Get("/feed.xml", [links](const httplib::Request& req, httplib::Response& res) {
    if (req.get_header_value("If-None-Match") == "\"f1\"") {
      res.status = 304;
      return;
    }
    res.set_header("ETag", "\"f1\"");
    res.set_content(Rss(links), "application/rss+xml");
  });
  s.Start();
  MemoryStateStore state;
  CrawlOptions o = FastOptions();
  o.max_pages = 4;  // the "interruption"
  o.per_host = 1;
  CrawlRun first = Crawl(o, &state, {{s.Url("/feed.xml"), FrontierKind::kFeed}});
  EXPECT_TRUE(first.stats.stopped);
  EXPECT_EQ(first.pages.size(), 4u);
  EXPECT_EQ(first.stats.pending, 6u);
  EXPECT_EQ(state.pending_size(), 6u);

  CrawlRun second = Crawl(FastOptions(), &state, {{s.Url("/feed.xml"), FrontierKind::kFeed}});
  EXPECT_FALSE(second.stats.stopped);
  EXPECT_EQ(second.pages.size(), 6u);
  EXPECT_EQ(second.stats.unchanged, 1u);  // the feed: 304
  std::set<std::string> all = Urls(first);
  for (const std::string& u : Urls(second)) EXPECT_TRUE(all.insert(u).second) << "fetched twice: " << u;
  EXPECT_EQ(all.size(), 10u);
  for (const std::string& l : links) EXPECT_EQ(s.Count(l), 1) << l;
  EXPECT_EQ(state.pending_size(), 0u);
}

TEST(CrawlerTest, RequestStopFromAnotherThreadLeavesWorkPending) {
  TestServer s;
  std::vector<std::pair<std::string, FrontierKind>> seeds;
  for (int i = 0; i < 5; ++i) {
    ServePage(s, "/w/" + std::to_string(i), Html("w", "wait " + std::to_string(i)));
    seeds.push_back({s.Url("/w/" + std::to_string(i)), FrontierKind::kPage});
  }
  s.Start();
  CrawlOptions o = FastOptions();
  o.delay_seconds = 0.3;
  MemoryStateStore state;
  auto crawler = Crawler::Create(o, &state);
  ASSERT_TRUE(crawler.ok());
  for (const auto& [u, k] : seeds) ASSERT_TRUE((*crawler)->AddSeed(u, k).ok());
  std::thread stopper([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    (*crawler)->RequestStop();
  });
  size_t pages = 0;
  CrawlCallbacks cb;
  cb.on_page = [&pages](const CrawledPage&) {
    ++pages;
    return Status::OK();
  };
  ASSERT_TRUE((*crawler)->Run(cb).ok());
  stopper.join();
  EXPECT_TRUE((*crawler)->stats().stopped);
  EXPECT_LT(pages, 5u);
  EXPECT_EQ(state.pending_size(), 5u - pages);
}

TEST(CrawlerTest, CrawlsTwoThousandPagesAtFiveHundredPerSecond) {
  TestServer s;
  std::atomic<int> active{0}, most{0};
  s.http().Get(R"(/bulk/(\d+))", [&](const httplib::Request& req, httplib::Response& res) {
    int now = ++active;
    for (int m = most.load(); now > m && !most.compare_exchange_weak(m, now);) {
    }
    res.set_content(Html("bulk", "bulk page number " + std::string(req.matches[1]) + " " + std::string(2000, 'x')),
                    "text/html");
    --active;
  });
  s.Start();
  const int kPages = 2000;
  std::string list;
  for (int i = 0; i < kPages; ++i) list += s.Url("/bulk/" + std::to_string(i)) + "\n";
  s.http().Get("/list.txt", [list](const httplib::Request&, httplib::Response& res) {
    res.set_content(list, "text/plain");
  });
  CrawlOptions o = FastOptions();
  o.jobs = 16;
  o.per_host = 8;
  MemoryStateStore state;
  auto t0 = std::chrono::steady_clock::now();
  CrawlRun run = Crawl(o, &state, {{s.Url("/list.txt"), FrontierKind::kFeed}});
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_EQ(run.pages.size(), static_cast<size_t>(kPages)) << run.AllLines();
  double rate = kPages / seconds;
  std::printf("crawled %d pages in %.3f s: %.0f pages/s\n", kPages, seconds, rate);
  RecordProperty("pages_per_second", static_cast<int>(rate));
#if defined(__SANITIZE_ADDRESS__) || !defined(NDEBUG)
  std::printf("unoptimized or sanitized build: the 500 pages/s floor is not checked\n");
#else
  EXPECT_GE(rate, 500);
#endif
  EXPECT_LE(most.load(), o.per_host);  // the per-host limit holds
  // Keep-alive: a handful of connections for 2002 requests.
  EXPECT_LE(s.Connections(), o.per_host + 2);
}

}  // namespace
}  // namespace newsintel
