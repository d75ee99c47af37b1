#include "cli/path_list.h"

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace newsintel {
namespace cli {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> All(const PathList& list) {
  std::vector<std::string> out;
  for (size_t i = 0; i < list.size(); ++i) out.push_back(list[i]);
  return out;
}

TEST(PathListTest, KeepsPathsInOrderAcrossPrefixRuns) {
  PathList list;
  EXPECT_TRUE(list.empty());
  list.Add("dir/", "one.txt");
  list.Add("dir/", "two.txt");
  list.Add("dir/sub/", "three.html");
  list.Add("", "loose file.txt");
  list.Add("dir/", "four.txt");
  list.Add("dir/", "");
  EXPECT_EQ(list.size(), 6u);
  EXPECT_EQ(All(list), (std::vector<std::string>{"dir/one.txt", "dir/two.txt", "dir/sub/three.html",
                                                 "loose file.txt", "dir/four.txt", "dir/"}));
}

TEST(PathListTest, RoundTripsManyNamesSharingBeginnings) {
  // Sorted and unsorted names, long ones (lengths over 127 take two varint
  // bytes), names that are prefixes of the previous one, empty names, and
  // prefix changes in the middle of a restart interval.
  std::vector<std::pair<std::string, std::string>> added;
  PathList list;
  std::string long_part(300, 'x');
  for (int i = 0; i < 1000; ++i) {
    std::string prefix = i % 97 < 50 ? "/corpus/a/" : "/corpus/b/";
    std::string name;
    switch (i % 5) {
      case 0: name = "en-article-v" + std::to_string(i) + ".html"; break;
      case 1: name = "en-article-v" + std::to_string(i); break;
      case 2: name = long_part + std::to_string(i * 7919 % 1000); break;
      case 3: name = ""; break;
      default: name = std::string(1, static_cast<char>('a' + i % 26)) + "\xc3\xa9.txt"; break;
    }
    list.Add(prefix, name);
    added.emplace_back(prefix, name);
  }
  ASSERT_EQ(list.size(), added.size());
  for (size_t i = 0; i < added.size(); ++i) ASSERT_EQ(list[i], added[i].first + added[i].second) << i;
  // Random access in any order gives the same.
  for (size_t i = added.size(); i-- > 0;) ASSERT_EQ(list[i], added[i].first + added[i].second) << i;
}

class TempTree : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("path_list_test_" + std::to_string(::getpid()));
    fs::remove_all(root_);
    fs::create_directories(root_);
  }
  void TearDown() override { fs::remove_all(root_); }
  void Touch(const std::string& rel) {
    fs::path p = root_ / rel;
    fs::create_directories(p.parent_path());
    std::ofstream(p) << "x";
  }
  fs::path root_;
};

// What ExpandInputs did before PathList: every path below, sorted as strings.
std::vector<std::string> SortedWalk(const std::string& dir) {
  std::vector<std::string> found;
  for (auto it = fs::recursive_directory_iterator(dir); it != fs::recursive_directory_iterator(); ++it) {
    if (!it->is_regular_file()) continue;
    std::string ext = it->path().extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), ::tolower);
    if (ext == ".txt" || ext == ".html" || ext == ".htm") found.push_back(it->path().string());
  }
  std::sort(found.begin(), found.end());
  return found;
}

TEST_F(TempTree, WalkGivesTheSortedFullPaths) {
  // Names chosen so that a directory's name is a prefix of its siblings'
  // ("a" / "a.b" / "a-b" / "a.txt"): '/' sorts after '-' and '.'.
  for (const char* rel : {"a/x.txt", "a/b/c.html", "a.b/y.htm", "a-b/z.txt", "a.txt", "a0.TXT", "b.md", "a/skip.json",
                          "Z.html", "a/b/.hidden.txt", "deep/er/still/file.html", "é/accent.txt", ".txt"}) {
    Touch(rel);
  }
  fs::create_directories(root_ / "empty");
  fs::create_directory_symlink(root_ / "a", root_ / "link-to-a");
  fs::create_symlink(root_ / "a.txt", root_ / "link.txt");
  for (std::string dir : {root_.string(), root_.string() + "/", root_.string() + "/a"}) {
    SCOPED_TRACE(dir);
    PathList list;
    AppendFilesBelow(dir, {".txt", ".html", ".htm"}, &list);
    std::vector<std::string> expected = SortedWalk(dir);
    EXPECT_EQ(All(list), expected);
    EXPECT_GE(expected.size(), dir.back() == 'a' ? 3u : 10u);
  }
}

TEST_F(TempTree, AppendsAfterWhatIsThere) {
  Touch("d/one.txt");
  PathList list;
  list.Add("", "first.txt");
  AppendFilesBelow((root_ / "d").string(), {".txt"}, &list);
  AppendFilesBelow((root_ / "missing").string(), {".txt"}, &list);
  EXPECT_EQ(All(list), (std::vector<std::string>{"first.txt", (root_ / "d" / "one.txt").string()}));
}

}  // namespace
}  // namespace cli
}  // namespace newsintel
