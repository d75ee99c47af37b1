#include "extract/lexicon.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <unistd.h>

namespace newsintel {
namespace {

// Matches of `matcher` in `text`, as the original substrings.
std::vector<std::string> Found(const AliasMatcher& matcher, const std::string& text) {
  FoldedText folded = FoldedText::Fold(text);
  TokenizedText tokens = TokenizedText::Build(folded, text);
  std::vector<std::string> out;
  for (const AliasMatch& m : matcher.FindAll(tokens)) {
    out.push_back(text.substr(m.original.start, m.original.end - m.original.start));
  }
  return out;
}

class TempFile {
 public:
  explicit TempFile(const std::string& content) {
    char name[] = "/tmp/lexicon_testXXXXXX";
    int fd = mkstemp(name);
    close(fd);
    path_ = name;
    std::ofstream(path_) << content;
  }
  ~TempFile() { std::remove(path_.c_str()); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

TEST(AliasMatcherTest, FoldsCaseAccentsAndApostrophes) {
  AliasMatcher m;
  m.Add("États-Unis", 1, AliasCase::kFolded);
  m.Add("Tom's Hardware", 2, AliasCase::kFolded);
  EXPECT_EQ(Found(m, "Les etats unis et les ÉTATS-UNIS, selon Tom\xE2\x80\x99s hardware."),
            (std::vector<std::string>{"etats unis", "ÉTATS-UNIS", "Tom\xE2\x80\x99s hardware"}));
}

TEST(AliasMatcherTest, RespectsWordBoundaries) {
  AliasMatcher m;
  m.Add("Meta", 1, AliasCase::kFolded);
  m.Add("US", 2, AliasCase::kExact);
  EXPECT_TRUE(Found(m, "Les métadonnées et l'usage des données; metaverse.").empty());
  EXPECT_EQ(Found(m, "Meta's model, sold in the US."), (std::vector<std::string>{"Meta", "US"}));
}

TEST(AliasMatcherTest, ShortAliasesAreCaseExact) {
  EXPECT_EQ(DefaultAliasCase("US"), AliasCase::kExact);
  EXPECT_EQ(DefaultAliasCase("o1"), AliasCase::kExact);
  EXPECT_EQ(DefaultAliasCase("U.S."), AliasCase::kExact);
  EXPECT_EQ(DefaultAliasCase("Nvidia"), AliasCase::kFolded);
  AliasMatcher m;
  m.Add("EAU", 1, AliasCase::kExact);
  m.Add("o1", 2, AliasCase::kExact);
  EXPECT_EQ(Found(m, "L'eau des EAU; le modèle o1 et le O1."),
            (std::vector<std::string>{"EAU", "o1"}));
}

TEST(AliasMatcherTest, CapitalizedAliasesNeedAnInitialCapital) {
  AliasMatcher m;
  m.Add("Apple", 1, AliasCase::kCapitalized);
  EXPECT_EQ(Found(m, "An apple a day; Apple and APPLE shares."),
            (std::vector<std::string>{"Apple", "APPLE"}));
}

TEST(AliasMatcherTest, LongestMatchWinsAndHyphensAreSpaces) {
  AliasMatcher m;
  m.Add("Maison Blanche", 1, AliasCase::kFolded);
  m.Add("ministère du Commerce", 2, AliasCase::kFolded);
  m.Add("ministère américain du Commerce", 3, AliasCase::kFolded);
  m.Add("Commerce", 4, AliasCase::kFolded);
  FoldedText folded = FoldedText::Fold("La Maison-Blanche et le ministère américain du Commerce.");
  TokenizedText t = TokenizedText::Build(folded, "La Maison-Blanche et le ministère américain du Commerce.");
  std::vector<AliasMatch> found = m.FindAll(t);
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].value, 1);
  EXPECT_EQ(found[1].value, 3);
}

TEST(AliasMatcherTest, NeverSpansALineBreak) {
  AliasMatcher m;
  m.Add("White House", 1, AliasCase::kFolded);
  EXPECT_TRUE(Found(m, "the White\nHouse").empty());
  EXPECT_EQ(Found(m, "the White  House"), (std::vector<std::string>{"White  House"}));
}

TEST(AliasMatcherTest, PunctuationInsideAliases) {
  AliasMatcher m;
  m.Add("NVDA.O", 1, AliasCase::kFolded);
  m.Add("U.S.", 2, AliasCase::kExact);
  EXPECT_EQ(Found(m, "Shares of NVDA.O fell in U.S. trading; us."),
            (std::vector<std::string>{"NVDA.O", "U.S."}));
}

TEST(AliasMatcherTest, DuplicatesAreRefusedAndLookupFindsTheOwner) {
  AliasMatcher m;
  EXPECT_TRUE(m.Add("Pékin", 7, AliasCase::kFolded));
  EXPECT_FALSE(m.Add("pekin", 8, AliasCase::kFolded));
  EXPECT_EQ(m.Lookup("PEKIN"), 7);
  EXPECT_EQ(m.Lookup("Beijing"), -1);
  EXPECT_FALSE(m.Add("  ", 9, AliasCase::kFolded));
}

TEST(LexiconFileTest, ReadsEntriesAndMarkers) {
  TempFile f(
      "# type\tname\tid\taliases\tflags\n"
      "\n"
      "ORG\tAcme\tQ42\tAcme Corp|=ACM\n"
      "ORG\tOrange\t\tOrange SA\tcap\n");
  Result<std::vector<LexiconEntry>> entries = ReadEntityLexicon(f.path());
  ASSERT_TRUE(entries.ok()) << entries.status().ToString();
  ASSERT_EQ(entries->size(), 2u);
  EXPECT_EQ((*entries)[0].name, "Acme");
  EXPECT_EQ((*entries)[0].id, "Q42");
  EXPECT_EQ((*entries)[0].aliases, (std::vector<std::string>{"Acme Corp", "=ACM"}));
  EXPECT_EQ((*entries)[0].line, 3);
  EXPECT_TRUE((*entries)[1].capitalized);
}

TEST(LexiconFileTest, BadLinesNameFileAndLine) {
  struct Case {
    const char* content;
    const char* reason;
  } cases[] = {
      {"ORG\tAcme\tQ42\n# ok\nPLACE\tParis\n", ":3: type 'PLACE'"},
      {"ORG\tAcme\t42\n", ":1: Wikidata id '42'"},
      {"ORG\n", ":1: expected 2 to 5"},
      {"ORG\tAcme\t\tA|--|B\n", ":1: alias '--'"},
      {"ORG\tAcme\t\t\tbold\n", ":1: unknown flag 'bold' (known: cap, exact)"},
  };
  for (const Case& c : cases) {
    TempFile f(c.content);
    Result<std::vector<LexiconEntry>> entries = ReadEntityLexicon(f.path());
    ASSERT_FALSE(entries.ok()) << c.content;
    EXPECT_NE(entries.status().message().find(f.path() + c.reason), std::string::npos)
        << entries.status().message();
  }
}

TEST(LexiconFileTest, MissingFileIsAnIoError) {
  Result<std::vector<TsvRow>> rows = ReadTsvFile("/nonexistent/x.tsv", 1, 2);
  ASSERT_FALSE(rows.ok());
  EXPECT_EQ(rows.status().code(), Status::Code::kIOError);
}

TEST(LexiconFileTest, ProjectLexiconsLoad) {
  std::string dir = std::string(NEWSINTEL_SOURCE_DIR) + "/lexicons/entities";
  std::vector<std::string> files = ListTsvFiles(dir);
  ASSERT_FALSE(files.empty());
  for (const std::string& file : files) {
    Result<std::vector<LexiconEntry>> entries = ReadEntityLexicon(file);
    EXPECT_TRUE(entries.ok()) << entries.status().ToString();
  }
}

TEST(SplitAliasesTest, TrimsAndDropsEmptyParts) {
  EXPECT_EQ(SplitAliases(" a | b||c "), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_TRUE(SplitAliases("").empty());
}

TEST(PhraseKeyTest, HyphensAndAccentsDoNotMatter) {
  EXPECT_EQ(PhraseKey("Vice-Président"), PhraseKey("vice president"));
  EXPECT_EQ(PhraseKey("d\xE2\x80\x99" "après"), "d ' apres");
}

}  // namespace
}  // namespace newsintel
