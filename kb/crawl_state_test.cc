#include "gtest/gtest.h"
#include "kb/kb.h"
#include "kb/kb_test_util.h"

namespace newsintel {
namespace {

TEST(CrawlStateTest, FetchesRoundTripAndUpdate) {
  std::string path = kb_testing::TempDb("crawl-fetches");
  auto kb = KnowledgeBase::Open(path);
  ASSERT_TRUE(kb.ok()) << kb.status().ToString();
  auto none = (*kb)->GetCrawlFetch("https://example.org/a");
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
  CrawlFetch f;
  f.url = "https://example.org/a";
  f.etag = "\"v1\"";
  f.last_modified = "Tue, 07 May 2024 08:30:00 GMT";
  f.content_hash = "00ff00ff00ff00ff";
  f.http_status = 200;
  f.fetched_at = 1715070600;
  ASSERT_TRUE((*kb)->PutCrawlFetch(f).ok());
  f.etag = "\"v2\"";
  ASSERT_TRUE((*kb)->PutCrawlFetch(f).ok());
  auto got = (*kb)->GetCrawlFetch(f.url);
  ASSERT_TRUE(got.ok() && got->has_value());
  EXPECT_EQ((*got)->etag, "\"v2\"");
  EXPECT_EQ((*got)->last_modified, f.last_modified);
  EXPECT_EQ((*got)->http_status, 200);
  EXPECT_EQ((*got)->fetched_at, 1715070600);
  EXPECT_EQ(*(*kb)->FindCrawlUrlByHash("00ff00ff00ff00ff"), f.url);
  EXPECT_EQ(*(*kb)->FindCrawlUrlByHash("1234"), "");
}

TEST(CrawlStateTest, FrontierSurvivesReopenInOrder) {
  std::string path = kb_testing::TempDb("crawl-frontier");
  {
    auto kb = KnowledgeBase::Open(path);
    ASSERT_TRUE(kb.ok());
    for (const char* u : {"https://e.org/3", "https://e.org/1", "https://e.org/2"}) {
      CrawlPending p;
      p.url = u;
      p.kind = 0;
      p.title = std::string("title of ") + u;
      ASSERT_TRUE((*kb)->AddCrawlPending(p).ok());
    }
    CrawlPending again;
    again.url = "https://e.org/3";
    again.title = "replaced?";
    ASSERT_TRUE((*kb)->AddCrawlPending(again).ok());  // kept as first added
    ASSERT_TRUE((*kb)->RemoveCrawlPending("https://e.org/1").ok());
  }
  auto kb = KnowledgeBase::Open(path);
  ASSERT_TRUE(kb.ok());
  auto list = (*kb)->ListCrawlPending();
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].url, "https://e.org/3");
  EXPECT_EQ((*list)[0].title, "title of https://e.org/3");
  EXPECT_EQ((*list)[1].url, "https://e.org/2");
}

TEST(CrawlStateTest, ReadOnlyRefusesWrites) {
  std::string path = kb_testing::TempDb("crawl-ro");
  { ASSERT_TRUE(KnowledgeBase::Open(path).ok()); }
  KbOptions ro;
  ro.read_only = true;
  auto kb = KnowledgeBase::Open(path, ro);
  ASSERT_TRUE(kb.ok());
  CrawlPending p;
  p.url = "https://e.org/x";
  EXPECT_FALSE((*kb)->AddCrawlPending(p).ok());
  EXPECT_TRUE((*kb)->ListCrawlPending().ok());
}

}  // namespace
}  // namespace newsintel
