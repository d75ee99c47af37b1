// `newsintel crawl` end to end: the real binary against an HTTP server in
// this process that serves examples/ (the sample feed and articles).
#include <gtest/gtest.h>

#include <signal.h>
#include <sys/wait.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <thread>

#include "crawler/test_server.h"
#include "tests/test_util.h"

namespace newsintel {
namespace testing {
namespace {

const std::string kExamples = std::string(NEWSINTEL_SOURCE_DIR) + "/examples";

// Serves examples/ with the feed's placeholder base replaced by this server.
class ExampleSite {
 public:
  ExampleSite() {
    feed_ = ReadFile(kExamples + "/feed.xml");
    server_.http().Get("/feed.xml", [this](const httplib::Request&, httplib::Response& res) {
      std::string body = std::regex_replace(feed_, std::regex("http://localhost:8000/"), server_.Url("/"));
      res.set_content(body, "application/rss+xml");
    });
    server_.http().Get("/missing.html", [](const httplib::Request&, httplib::Response& res) { res.status = 404; });
    server_.http().set_mount_point("/articles", kExamples + "/articles");
    server_.Start();
  }
  TestServer& server() { return server_; }
  int Articles() const {
    int n = 0;
    for (const TestServer::Hit& h : server_.Hits()) n += h.path.rfind("/articles/", 0) == 0;
    return n;
  }
  int FeedItems() const {
    int n = 0;
    for (size_t p = feed_.find("<item>"); p != std::string::npos; p = feed_.find("<item>", p + 1)) ++n;
    return n;
  }

 private:
  std::string feed_;
  TestServer server_;
};

bool Ready() { return std::filesystem::exists(kExamples + "/feed.xml"); }

TEST(CrawlEndToEndTest, CrawlsTheSampleFeedIntoTheKnowledgeBase) {
  if (!Ready()) GTEST_SKIP() << "no examples/feed.xml";
  ExampleSite site;
  std::string db = TempDir("crawl-e2e-feed") + "/kb.db";
  CommandResult r = RunNewsintel("crawl --db " + db + " --feed " + site.server().Url("/feed.xml") +
                                 " --allow-private --delay 0");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  int items = site.FeedItems();
  ASSERT_GT(items, 0);
  EXPECT_NE(r.err.find("crawl: " + std::to_string(items) + " pages stored (" + std::to_string(items) + " new"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(site.Articles(), items);
  CommandResult claims = RunNewsintel("claims --db " + db + " --format jsonl");
  ASSERT_EQ(claims.exit_code, 0) << claims.err;
  EXPECT_GT(std::count(claims.out.begin(), claims.out.end(), '\n'), 5);

  // Again: the feed is not modified, nothing is fetched twice.
  CommandResult again = RunNewsintel("crawl --db " + db + " --feed " + site.server().Url("/feed.xml") +
                                     " --allow-private --delay 0");
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.err.find("crawl: 0 pages stored"), std::string::npos) << again.err;
  EXPECT_EQ(site.Articles(), items);
}

TEST(CrawlEndToEndTest, InterruptedCrawlResumesFromTheDatabase) {
  if (!Ready()) GTEST_SKIP() << "no examples/feed.xml";
  ExampleSite site;
  std::string db = TempDir("crawl-e2e-resume") + "/kb.db";
  std::string feed = site.server().Url("/feed.xml");
  CommandResult first = RunNewsintel("crawl --db " + db + " --feed " + feed + " --allow-private --delay 0 --jobs 1 --max-pages 3");
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_NE(first.err.find("crawl: 3 pages stored"), std::string::npos) << first.err;
  EXPECT_NE(first.err.find("(stopped: run again to resume)"), std::string::npos) << first.err;
  // No seed needed: the pending frontier is in the database.
  CommandResult second = RunNewsintel("crawl --db " + db + " --allow-private --delay 0");
  ASSERT_EQ(second.exit_code, 0) << second.err;
  int items = site.FeedItems();
  EXPECT_NE(second.err.find("crawl: " + std::to_string(items - 3) + " pages stored"), std::string::npos) << second.err;
  EXPECT_NE(second.err.find(", 0 pending"), std::string::npos) << second.err;
  // Every article fetched exactly once over the two runs (at most the
  // transfers in flight when the first stopped are asked for again).
  EXPECT_LE(site.Articles(), items + 1);
  std::map<std::string, int> per_path;
  for (const TestServer::Hit& h : site.server().Hits()) ++per_path[h.path];
  for (const auto& [path, n] : per_path) {
    if (path.rfind("/articles/", 0) == 0) {
      EXPECT_LE(n, 2) << path;
    }
  }
  CommandResult third = RunNewsintel("crawl --db " + db + " --allow-private --delay 0");
  EXPECT_NE(third.exit_code, 0);
  EXPECT_NE(third.err.find("nothing is pending"), std::string::npos) << third.err;
}

TEST(CrawlEndToEndTest, CtrlCStopsCleanlyAndTheNextRunResumes) {
  if (!Ready()) GTEST_SKIP() << "no examples/feed.xml";
  ExampleSite site;
  std::string dir = TempDir("crawl-e2e-sigint");
  std::string db = dir + "/kb.db";
  // With the default 1 s delay the crawl takes over 10 s. SIGINT goes to it
  // once it has fetched two articles (start-up is over, whatever the load),
  // not after a fixed time.
  std::string pid_file = dir + "/pid";
  std::string err_file = dir + "/err";
  std::string command = "sh -c 'echo $$ > " + pid_file + "; exec " + std::string(NEWSINTEL_BINARY_DIR) +
                        "/newsintel crawl --db " + db + " --feed " + site.server().Url("/feed.xml") +
                        " --allow-private' 2>" + err_file;
  FILE* child = ::popen(command.c_str(), "r");
  ASSERT_NE(child, nullptr);
  pid_t pid = 0;
  for (int i = 0; i < 6000 && (pid == 0 || site.Articles() < 2); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    if (pid == 0) std::ifstream(pid_file) >> pid;
  }
  ASSERT_GT(pid, 0);
  EXPECT_GE(site.Articles(), 2) << "the crawl fetched fewer than 2 articles in 60 s";
  ::kill(pid, SIGINT);
  int status = ::pclose(child);
  CommandResult first;
  first.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  first.err = ReadFile(err_file);
  EXPECT_EQ(first.exit_code, 130) << first.err;
  EXPECT_NE(first.err.find("(stopped: run again to resume)"), std::string::npos) << first.err;
  int before = site.Articles();
  EXPECT_GE(before, 1);
  EXPECT_LT(before, site.FeedItems());
  EXPECT_GE(site.server().MinGap(), 1.0);  // the default delay, robots.txt included
  CommandResult second = RunNewsintel("crawl --db " + db + " --allow-private --delay 0");
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_NE(second.err.find(", 0 pending"), std::string::npos) << second.err;
  std::map<std::string, int> per_path;
  for (const TestServer::Hit& h : site.server().Hits()) ++per_path[h.path];
  int articles = 0;
  for (const auto& [path, n] : per_path) articles += path.rfind("/articles/", 0) == 0;
  EXPECT_EQ(articles, site.FeedItems());
}

TEST(CrawlEndToEndTest, FailuresAreOneLineEachAndTheCrawlGoesOn) {
  if (!Ready()) GTEST_SKIP() << "no examples/feed.xml";
  ExampleSite site;
  std::string db = TempDir("crawl-e2e-errors") + "/kb.db";
  std::string article = site.server().Url("/articles/fr-silicium-h20-tpp-3a090.html");
  CommandResult r = RunNewsintel("crawl --db " + db + " --url " + site.server().Url("/missing.html") + " --url " +
                                 article + " --url ftp://example.com/x --allow-private --delay 0");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("newsintel: crawl: GET " + site.server().Url("/missing.html") + ": HTTP 404\n"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("newsintel: crawl: ftp://example.com/x: only http, https and local files are crawled"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("crawl: 1 pages stored"), std::string::npos) << r.err;
}

TEST(CrawlEndToEndTest, LoopbackIsRefusedWithoutAllowPrivate) {
  if (!Ready()) GTEST_SKIP() << "no examples/feed.xml";
  ExampleSite site;
  std::string db = TempDir("crawl-e2e-private") + "/kb.db";
  CommandResult r = RunNewsintel("crawl --db " + db + " --feed " + site.server().Url("/feed.xml") + " --delay 0");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("refused to connect to private address 127.0.0.1 (see --allow-private)"), std::string::npos)
      << r.err;
  EXPECT_EQ(site.server().Hits().size(), 0u);
}

TEST(CrawlEndToEndTest, LocalFeedOfLocalFiles) {
  if (!Ready()) GTEST_SKIP() << "no examples/feed.xml";
  std::string dir = TempDir("crawl-e2e-local");
  std::filesystem::copy(kExamples + "/articles", dir + "/articles");
  std::ofstream(dir + "/feed.xml") << "<rss version=\"2.0\"><channel><title>local</title>"
                                      "<item><title>One</title><link>articles/fr-silicium-h20-tpp-3a090.html</link></item>"
                                      "<item><title>Two</title><link>articles/en-wire-deepseek-blackwell.html</link></item>"
                                      "</channel></rss>";
  CommandResult r = RunNewsintel("crawl --db " + dir + "/kb.db --feed " + dir + "/feed.xml --url " + dir +
                                 "/articles/fr-journal-puces-cout-deepseek.txt");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("crawl: 3 pages stored (3 new"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(", 0 requests,"), std::string::npos) << r.err;  // no network at all
}

}  // namespace
}  // namespace testing
}  // namespace newsintel
