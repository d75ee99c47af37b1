// Which shared libraries the real binary loads, from the dynamic loader's
// own trace (LD_DEBUG=libs, on standard error): libcurl only in the commands
// that fetch (crawl, webhook delivery), never in extract, ingest, the
// queries or export-web, whose start-up it would slow (crawler/curl_library.h).
#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "tests/test_util.h"

namespace newsintel {
namespace testing {
namespace {

// Runs newsintel with the loader's trace of the libraries it opens.
CommandResult RunTraced(const std::string& args) {
  return RunShell("LD_DEBUG=libs " + std::string(NEWSINTEL_BINARY_DIR) + "/newsintel " + args);
}

// The trace is there (sqlite3 is linked, so it is always loaded): a missing
// libcurl then means something.
bool Traced(const CommandResult& r) { return r.err.find("libsqlite3.so") != std::string::npos; }
bool LoadsCurl(const CommandResult& r) { return r.err.find("libcurl.so") != std::string::npos; }

// A short article of our own with one allegation about an entity of the lexicons.
std::string WriteArticle(const std::string& dir) {
  std::string path = dir + "/inquiry.txt";
  std::ofstream(path) << "Inquiry into accelerator shipments\n\n"
                         "According to Senator Jane Roe, Huawei allegedly bought 3,000 banned accelerators "
                         "through a shell company registered in Singapore last spring.\n\n"
                         "The senator asked the Commerce Department to open an inquiry into those shipments.\n";
  return path;
}

TEST(LibrariesEndToEndTest, CommandsThatNeverFetchDoNotLoadLibcurl) {
  std::string dir = TempDir("libraries-e2e-offline");
  std::string article = WriteArticle(dir);
  std::string db = dir + "/kb.db";

  CommandResult extract = RunTraced("extract --jobs 1 " + article);
  ASSERT_EQ(extract.exit_code, 0) << extract.err;
  EXPECT_NE(extract.out.find("\"claims\""), std::string::npos) << extract.out;
  ASSERT_TRUE(Traced(extract)) << "no LD_DEBUG trace on stderr:\n" << extract.err;
  EXPECT_FALSE(LoadsCurl(extract)) << extract.err;

  // A rule printing on stdout: ingest raises the alert and builds its
  // webhook client, which must not load libcurl when it sends nothing.
  ASSERT_EQ(RunNewsintel("watch add --db " + db + " --name hw --entity Huawei").exit_code, 0);
  CommandResult ingest = RunTraced("ingest --db " + db + " " + article);
  ASSERT_EQ(ingest.exit_code, 0) << ingest.err;
  EXPECT_NE(ingest.err.find("alerts: 1 raised"), std::string::npos) << ingest.err;
  ASSERT_TRUE(Traced(ingest));
  EXPECT_FALSE(LoadsCurl(ingest)) << ingest.err;

  for (const std::string& query : {"claims --db " + db, "figures --db " + db, "entity --db " + db + " Huawei",
                                   "alerts list --db " + db, "export-web --db " + db + " --out " + dir + "/site"}) {
    CommandResult r = RunTraced(query);
    EXPECT_EQ(r.exit_code, 0) << query << "\n" << r.err;
    ASSERT_TRUE(Traced(r)) << query;
    EXPECT_FALSE(LoadsCurl(r)) << query << "\n" << r.err;
  }
}

TEST(LibrariesEndToEndTest, CommandsThatFetchLoadLibcurl) {
  std::string dir = TempDir("libraries-e2e-fetch");
  std::string article = WriteArticle(dir);

  // A local path is fetched as a file:// URL, through libcurl like the web.
  CommandResult crawl = RunTraced("crawl --db " + dir + "/crawl.db --url " + article);
  ASSERT_EQ(crawl.exit_code, 0) << crawl.err;
  EXPECT_NE(crawl.err.find("crawl: 1 pages stored"), std::string::npos) << crawl.err;
  EXPECT_TRUE(LoadsCurl(crawl)) << crawl.err;

  // A webhook rule: ingest posts the alert (to a closed port: it waits for a retry).
  std::string db = dir + "/kb.db";
  ASSERT_EQ(RunNewsintel("watch add --db " + db + " --name hw --entity Huawei --webhook http://127.0.0.1:9/hook")
                .exit_code,
            0);
  CommandResult ingest = RunTraced("ingest --db " + db + " " + article);
  ASSERT_EQ(ingest.exit_code, 0) << ingest.err;
  EXPECT_NE(ingest.err.find("POST failed"), std::string::npos) << ingest.err;
  EXPECT_TRUE(LoadsCurl(ingest)) << ingest.err;
}

// Linked with jemalloc (the default), the binary asks it for transparent huge
// pages (cli/allocator.cc), which jemalloc confirms on request.
TEST(LibrariesEndToEndTest, JemallocTakesTheBinarysSettings) {
  std::string dir = TempDir("libraries-e2e-malloc");
  CommandResult r = RunShell("MALLOC_CONF=confirm_conf:true " + std::string(NEWSINTEL_BINARY_DIR) +
                             "/newsintel extract --jobs 1 " + WriteArticle(dir));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  if (r.err.find("<jemalloc>") == std::string::npos) GTEST_SKIP() << "not linked with jemalloc";
  EXPECT_NE(r.err.find("global variable malloc_conf): \"thp:always\""), std::string::npos) << r.err;
}

}  // namespace
}  // namespace testing
}  // namespace newsintel
