#include "web/site_writer.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace newsintel {
namespace web {
namespace {

namespace fs = std::filesystem;

std::string Dir(const std::string& name) {
  std::string dir = std::string(NEWSINTEL_BINARY_DIR) + "/test-tmp/site-writer/" + name;
  fs::remove_all(dir);
  return dir;
}

TEST(SiteWriterTest, ValidPaths) {
  EXPECT_TRUE(SiteWriter::IsValidPath("index.html"));
  EXPECT_TRUE(SiteWriter::IsValidPath("claim/abc-c12.html"));
  EXPECT_FALSE(SiteWriter::IsValidPath("../x.html"));
  EXPECT_FALSE(SiteWriter::IsValidPath("/etc/passwd"));
  EXPECT_FALSE(SiteWriter::IsValidPath("a//b"));
  EXPECT_FALSE(SiteWriter::IsValidPath(".hidden"));
  EXPECT_FALSE(SiteWriter::IsValidPath("a/./b"));
  EXPECT_FALSE(SiteWriter::IsValidPath("A.html"));
  EXPECT_FALSE(SiteWriter::IsValidPath(""));
}

TEST(SiteWriterTest, WritesOnlyChangesAndRemovesWhatVanished) {
  std::string dir = Dir("incremental");
  {
    auto w = SiteWriter::Open(dir);
    ASSERT_TRUE(w.ok()) << w.status().ToString();
    ASSERT_TRUE((*w)->Write("a.html", "one").ok());
    ASSERT_TRUE((*w)->Write("sub/b.html", "two").ok());
    ASSERT_TRUE((*w)->Write("gone/c.html", "three").ok());
    EXPECT_FALSE((*w)->Write("a.html", "dup").ok());
    auto st = (*w)->Finish();
    ASSERT_TRUE(st.ok());
    EXPECT_EQ(st->written, 3);
  }
  {
    auto w = SiteWriter::Open(dir);
    ASSERT_TRUE(w.ok());
    ASSERT_TRUE((*w)->Write("a.html", "one").ok());
    ASSERT_TRUE((*w)->Write("sub/b.html", "TWO").ok());
    auto st = (*w)->Finish();
    ASSERT_TRUE(st.ok());
    EXPECT_EQ(st->written, 1);
    EXPECT_EQ(st->unchanged, 1);
    EXPECT_EQ(st->removed, 1);
  }
  EXPECT_FALSE(fs::exists(dir + "/gone"));  // emptied directories go too
  std::ifstream in(dir + "/sub/b.html");
  std::string s;
  std::getline(in, s);
  EXPECT_EQ(s, "TWO");
}

TEST(SiteWriterTest, NeverTouchesFilesItDidNotWrite) {
  std::string dir = Dir("foreign");
  fs::create_directories(dir);
  std::ofstream(dir + "/mine.txt") << "x";
  EXPECT_FALSE(SiteWriter::Open(dir).ok());
  // With a manifest, unlisted files stay, and listed paths that are invalid are ignored.
  std::ofstream(dir + "/" + SiteWriter::kManifest) << "../outside.html\nold.html\n";
  std::ofstream(dir + "/old.html") << "old";
  auto w = SiteWriter::Open(dir);
  ASSERT_TRUE(w.ok());
  auto st = (*w)->Finish();
  ASSERT_TRUE(st.ok());
  EXPECT_EQ(st->removed, 1);
  EXPECT_TRUE(fs::exists(dir + "/mine.txt"));
  EXPECT_FALSE(fs::exists(dir + "/old.html"));
}

}  // namespace
}  // namespace web
}  // namespace newsintel
