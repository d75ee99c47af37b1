#include "extract/tsv_table.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

namespace newsintel {
namespace {

std::string WriteTemp(const std::string& name, const std::string& body) {
  std::string path = ::testing::TempDir() + name;
  std::ofstream(path) << body;
  return path;
}

TEST(TsvTableTest, SkipsCommentsAndBlankLines) {
  std::string path = WriteTemp("ok.tsv", "# header\n\nen\tfive\t5\r\nfr\tcinq\t5\n");
  auto t = TsvTable::Load(path, 3, 3);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  ASSERT_EQ(t->rows().size(), 2u);
  EXPECT_EQ(t->rows()[0].Field(1), "five");
  EXPECT_EQ(t->rows()[0].Field(2), "5");  // \r dropped
  EXPECT_EQ(t->rows()[1].line, 4);
  EXPECT_EQ(t->rows()[1].Field(7), "");
}

TEST(TsvTableTest, ErrorsNameFileAndLine) {
  std::string path = WriteTemp("bad.tsv", "en\tfive\t5\nfr\tcinq\n");
  auto t = TsvTable::Load(path, 3, 3);
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.status().message().find("bad.tsv:2:"), std::string::npos) << t.status().ToString();
  EXPECT_FALSE(TsvTable::Load(::testing::TempDir() + "missing.tsv", 1, 1).ok());
}

TEST(TsvTableTest, ParsesDoubles) {
  double v = 0;
  EXPECT_TRUE(ParseDoubleField("1e6", &v));
  EXPECT_EQ(v, 1e6);
  EXPECT_FALSE(ParseDoubleField("1e6x", &v));
  EXPECT_FALSE(ParseDoubleField("", &v));
}

}  // namespace
}  // namespace newsintel
