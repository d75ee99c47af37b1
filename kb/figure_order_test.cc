#include "kb/figure_order.h"

#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace newsintel {
namespace kb {
namespace {

class ArticleOrderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = (std::filesystem::temp_directory_path() / ("figure_order_test_" + std::to_string(::getpid()) + ".db"))
                .string();
    Cleanup();
    auto conn = Connection::Open(path_, false, 1000);
    ASSERT_TRUE(conn.ok()) << conn.status().ToString();
    conn_ = std::move(*conn);
    ASSERT_TRUE(conn_->Exec("CREATE TABLE articles (id INTEGER PRIMARY KEY, doc_key TEXT NOT NULL UNIQUE)").ok());
  }
  void TearDown() override {
    conn_.reset();
    Cleanup();
  }
  void Cleanup() {
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path_ + suffix);
  }
  void Insert(int64_t id, const std::string& key) {
    Stmt s = conn_->Prepare("INSERT INTO articles(id, doc_key) VALUES (?1, ?2)");
    s.BindInt(1, id);
    s.BindText(2, key);
    ASSERT_TRUE(s.Run().ok());
  }
  std::string path_;
  std::unique_ptr<Connection> conn_;
};

TEST_F(ArticleOrderTest, EmptyTableRanksNothing) {
  ArticleOrder order;
  ASSERT_TRUE(order.Load(conn_.get()).ok());
  EXPECT_EQ(order.Rank(1), ArticleOrder::kNone);
  EXPECT_EQ(order.Rank(0), ArticleOrder::kNone);
}

TEST_F(ArticleOrderTest, RanksByDocKeyWithDenseIds) {
  Insert(3, "b");
  Insert(4, "a");
  Insert(5, "https://x/c");
  Insert(7, "B");  // byte order: upper case first
  ArticleOrder order;
  ASSERT_TRUE(order.Load(conn_.get()).ok());
  EXPECT_EQ(order.Rank(7), 0u);
  EXPECT_EQ(order.Rank(4), 1u);
  EXPECT_EQ(order.Rank(3), 2u);
  EXPECT_EQ(order.Rank(5), 3u);
  for (int64_t missing : {-1, 0, 2, 6, 8, 1000}) EXPECT_EQ(order.Rank(missing), ArticleOrder::kNone) << missing;
}

TEST_F(ArticleOrderTest, RanksByDocKeyWithSparseIds) {
  Insert(-5, "m");
  Insert(1, "z");
  Insert(int64_t{1} << 40, "a");
  Insert(INT64_MAX, "c");
  ArticleOrder order;
  ASSERT_TRUE(order.Load(conn_.get()).ok());
  EXPECT_EQ(order.Rank(int64_t{1} << 40), 0u);
  EXPECT_EQ(order.Rank(INT64_MAX), 1u);
  EXPECT_EQ(order.Rank(-5), 2u);
  EXPECT_EQ(order.Rank(1), 3u);
  for (int64_t missing : {int64_t{-6}, int64_t{0}, int64_t{2}, (int64_t{1} << 40) + 1, INT64_MIN}) {
    EXPECT_EQ(order.Rank(missing), ArticleOrder::kNone) << missing;
  }
}

TEST(PermuteTest, MovesEachElementToItsPlace) {
  std::vector<std::string> v = {"a", "b", "c", "d", "e", "f"};
  // Two cycles (0 2 4) (1 5) and a fixed point 3.
  Permute({2, 5, 4, 3, 0, 1}, &v);
  EXPECT_EQ(v, (std::vector<std::string>{"c", "f", "e", "d", "a", "b"}));
  std::vector<int> empty;
  Permute({}, &empty);
  EXPECT_TRUE(empty.empty());
  std::vector<int> big(1000);
  std::vector<uint32_t> reverse(1000);
  for (int i = 0; i < 1000; ++i) {
    big[i] = i;
    reverse[i] = static_cast<uint32_t>(999 - i);
  }
  Permute(reverse, &big);
  for (int i = 0; i < 1000; ++i) ASSERT_EQ(big[i], 999 - i);
}

}  // namespace
}  // namespace kb
}  // namespace newsintel
