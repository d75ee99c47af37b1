#include "extract/chip_extractor.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <sys/stat.h>
#include <unistd.h>

#include "extract/entity_extractor.h"

namespace newsintel {
namespace {

std::string LexiconDir() { return std::string(NEWSINTEL_SOURCE_DIR) + "/lexicons"; }

// Runs entities then chips, as Extractor does.
Extraction RunBoth(const std::string& text) {
  static const EntityExtractor* entities = EntityExtractor::Create(LexiconDir()).value().release();
  static const ChipExtractor* chips = ChipExtractor::Create(LexiconDir()).value().release();
  Extraction out;
  out.document.text = text;
  ExtractContext context;
  context.doc = &out.document;
  context.folded = FoldedText::Fold(text);
  entities->Run(context, &out);
  chips->Run(context, &out);
  for (const ChipMention& c : out.chips) EXPECT_EQ(text.substr(c.start, c.end - c.start), c.text);
  return out;
}

std::vector<std::string> Chips(const std::string& text) {
  std::vector<std::string> out;
  for (const ChipMention& c : RunBoth(text).chips) out.push_back(c.name + "|" + c.text);
  return out;
}

TEST(ChipExtractorTest, ModelsWithVendorFamilyAndPlural) {
  EXPECT_EQ(Chips("Des Nvidia H800 et des H800s, puis le Hopper H100 et les H20."),
            (std::vector<std::string>{"H800|Nvidia H800", "H800|H800s", "H100|Hopper H100", "H20|H20"}));
  EXPECT_EQ(Chips("Huawei's Ascend-910C and the Ascend 910B compete with AMD MI300X."),
            (std::vector<std::string>{"Ascend 910C|Ascend-910C", "Ascend 910B|Ascend 910B",
                                      "Instinct MI300X|AMD MI300X"}));
}

TEST(ChipExtractorTest, FamiliesResolveAlone) {
  EXPECT_EQ(Chips("la puce Blackwell, the Blackwell chips, NVIDIA Blackwell B200"),
            (std::vector<std::string>{"Blackwell|Blackwell", "Blackwell|Blackwell", "B200|NVIDIA Blackwell B200"}));
  // Lower-case family names are ordinary words.
  EXPECT_TRUE(Chips("a hopper full of grain").empty());
}

TEST(ChipExtractorTest, GeForceNamesAndSuffixes) {
  EXPECT_EQ(Chips("La GeForce RTX 4090 puis la RTX 4090D et la RTX 5090D."),
            (std::vector<std::string>{"GeForce RTX 4090|GeForce RTX 4090", "GeForce RTX 4090D|RTX 4090D",
                                      "GeForce RTX 5090D|RTX 5090D"}));
}

TEST(ChipExtractorTest, CatalogueFieldsAreCopied) {
  Extraction x = RunBoth("Le A100 de Nvidia.");
  ASSERT_EQ(x.chips.size(), 1u);
  EXPECT_EQ(x.chips[0].vendor, "NVIDIA");
  EXPECT_EQ(x.chips[0].family, "Ampere");
  EXPECT_EQ(x.chips[0].export_class, "3A090.a");
  EXPECT_DOUBLE_EQ(x.chips[0].tpp, 4992);
}

TEST(ChipExtractorTest, NoChipInsideOtherWords) {
  EXPECT_TRUE(Chips("the H2000 series, la règle 3A090.a, le code H800X9 et l'h20 de l'eau").empty());
}

TEST(ChipExtractorTest, ChipNamesAreNotEntitiesButVendorsStay) {
  Extraction x = RunBoth("Selon Nvidia, les Nvidia H800 et les puces Blackwell restent rares.");
  std::vector<std::string> names;
  for (const EntityMention& e : x.entities) names.push_back(e.name + "|" + e.text);
  EXPECT_EQ(names, (std::vector<std::string>{"NVIDIA|Nvidia", "NVIDIA|Nvidia"}));
  EXPECT_EQ(x.chips.size(), 2u);
}

TEST(ChipExtractorTest, BadCatalogueLineIsReported) {
  char dir[] = "/tmp/chip_lexXXXXXX";
  ASSERT_NE(mkdtemp(dir), nullptr);
  std::string root = dir;
  struct Case {
    const char* content;
    const char* reason;
  } cases[] = {
      {"# c\nX1\tAcme\tF\tfast\n", "chips.tsv:2: TPP 'fast'"},
      {"X1\tAcme\tF\t10\t3A091\n", "chips.tsv:1: export class '3A091'"},
      {"X1\tAcme\nX1\tAcme\n", "chips.tsv:2: chip 'X1' already listed at line 1"},
      {"X1\n", "chips.tsv:1: expected 2 to 6"},
  };
  for (const Case& c : cases) {
    std::ofstream(root + "/chips.tsv") << c.content;
    auto made = ChipExtractor::Create(root);
    ASSERT_FALSE(made.ok()) << c.content;
    EXPECT_NE(made.status().message().find(c.reason), std::string::npos) << made.status().message();
  }
  std::remove((root + "/chips.tsv").c_str());
  rmdir(dir);
}

}  // namespace
}  // namespace newsintel
