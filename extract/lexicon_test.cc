#include "extract/lexicon.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <random>
#include <unistd.h>

#include <unicode/uchar.h>

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

// The plain definitions the fast paths of TokenizedText and AliasMatcher must
// agree with: tokens cut code point by code point, FNV-1a token hashes, and
// phrases tried one by one at every token.
bool IsAlnumForTest(uint32_t c) { return u_isalnum(static_cast<UChar32>(c)) != 0; }

std::string AlnumForTest(std::string_view s) {
  std::string out;
  size_t pos = 0;
  while (pos < s.size()) {
    size_t start = pos;
    if (IsAlnumForTest(NextCodePoint(s, &pos))) out.append(s.substr(start, pos - start));
  }
  return out;
}

struct PlainToken {
  size_t begin, end;
  bool word;
};

std::vector<PlainToken> PlainTokens(const std::string& folded) {
  std::vector<PlainToken> out;
  size_t pos = 0;
  while (pos < folded.size()) {
    char c = folded[pos];
    if (c == ' ' || c == '-') {
      ++pos;
    } else if (c == '\n') {
      if (out.empty() || folded[out.back().begin] != '\n') out.push_back({pos, pos + 1, false});
      ++pos;
    } else {
      size_t start = pos;
      bool word = IsAlnumForTest(NextCodePoint(folded, &pos));
      while (word && pos < folded.size()) {
        size_t after = pos;
        if (!IsAlnumForTest(NextCodePoint(folded, &after))) break;
        pos = after;
      }
      out.push_back({start, pos, word});
    }
  }
  return out;
}

uint64_t PlainHash(std::string_view bytes, bool word) {
  uint64_t h = 14695981039346656037ull;
  for (unsigned char c : bytes) h = (h ^ c) * 1099511628211ull;
  return word ? (h & ~uint64_t{1}) : (h | 1);
}

struct PlainPhrase {
  std::vector<std::string> tokens;
  std::string exact;
  AliasCase mode;
  int value;
};

class PlainMatcher {
 public:
  bool Add(const std::string& phrase, int value, AliasCase mode) {
    FoldedText folded = FoldedText::Fold(phrase);
    PlainPhrase p{{}, mode == AliasCase::kFolded ? "" : AlnumForTest(phrase), mode, value};
    for (const PlainToken& t : PlainTokens(folded.str())) {
      if (folded.str()[t.begin] != '\n') p.tokens.push_back(folded.str().substr(t.begin, t.end - t.begin));
    }
    if (p.tokens.empty()) return false;
    for (const PlainPhrase& q : phrases_) {
      if (q.tokens == p.tokens && q.mode == p.mode && q.exact == p.exact) return false;
    }
    phrases_.push_back(p);
    return true;
  }

  bool MatchAt(const TokenizedText& text, size_t first, AliasMatch* match) const {
    size_t best = 0;
    for (const PlainPhrase& p : phrases_) {
      size_t n = p.tokens.size();
      if (n <= best || first + n > text.tokens().size()) continue;
      bool same = true;
      for (size_t k = 0; k < n && same; ++k) {
        same = text.FoldedToken(first + k) == p.tokens[k] && text.FoldedToken(first + k) != "\n";
      }
      if (!same) continue;
      Span span = text.OriginalSpan(first, first + n - 1);
      std::string_view written = text.OriginalText(span);
      if (p.mode == AliasCase::kExact && AlnumForTest(written) != p.exact) continue;
      if (p.mode == AliasCase::kCapitalized) {
        bool upper = false;
        size_t pos = 0;
        while (pos < written.size()) {
          UChar32 c = static_cast<UChar32>(NextCodePoint(written, &pos));
          if (u_isalpha(c)) {
            upper = u_isupper(c) || u_istitle(c);
            break;
          }
        }
        if (!upper) continue;
      }
      best = n;
      *match = AliasMatch{first, first + n - 1, span, p.value};
    }
    return best > 0;
  }

 private:
  std::vector<PlainPhrase> phrases_;
};

bool SameMatch(const AliasMatch& a, const AliasMatch& b) {
  return a.first_token == b.first_token && a.last_token == b.last_token &&
         a.original.start == b.original.start && a.original.end == b.original.end &&
         a.value == b.value;
}

TEST(AliasMatcherTest, FastPathsAgreeWithThePlainDefinitions) {
  const std::vector<std::string> words = {
      "etat", "États", "ETATS", "unis", "Unis", "de", "la", "Nvidia", "NVIDIA", "nvidia",
      "h20", "H20", "o1", "O1", "ministère", "Ministère", "commerce", "Commerce", "Tom", "s",
      "US", "us", "Us", "Inc", "Inc.", "a", "b", "Øresund", "straße", "中国", "α", "x2",
      "1,5", "€", "«", "»", "…", "(", ")", "’", "'", ",", ".", "l'", "d’"};
  const std::vector<std::string> gaps = {" ", " ", " ", "-", "\n", "\n\n", " - ", "\xC2\xA0",
                                         "\t", "", ", ", ". "};
  std::mt19937 rng(20261122);
  auto pick = [&](const std::vector<std::string>& v) { return v[rng() % v.size()]; };
  const AliasCase modes[] = {AliasCase::kFolded, AliasCase::kExact, AliasCase::kCapitalized};

  AliasMatcher fast;
  PlainMatcher plain;
  for (int i = 0; i < 300; ++i) {
    std::string phrase = pick(words);
    for (size_t n = rng() % 4; n > 0; --n) phrase += (rng() % 3 == 0 ? "-" : " ") + pick(words);
    AliasCase mode = modes[rng() % 3];
    bool added = plain.Add(phrase, i, mode);
    ASSERT_EQ(fast.Add(phrase, i, mode), added) << phrase;
  }
  size_t matches = 0;
  for (int doc = 0; doc < 400; ++doc) {
    std::string text;
    for (size_t n = rng() % 60; n > 0; --n) text += pick(words) + pick(gaps);
    FoldedText folded = FoldedText::Fold(text);
    TokenizedText tokens = TokenizedText::Build(folded, text);

    std::vector<PlainToken> want = PlainTokens(folded.str());
    ASSERT_EQ(tokens.tokens().size(), want.size()) << text;
    for (size_t i = 0; i < want.size(); ++i) {
      const Token& got = tokens.tokens()[i];
      EXPECT_EQ(got.begin, want[i].begin) << text;
      EXPECT_EQ(got.end, want[i].end) << text;
      EXPECT_EQ(got.word(), want[i].word) << text;
      if (folded.str()[want[i].begin] != '\n') {
        EXPECT_EQ(got.hash, PlainHash(tokens.FoldedToken(i), want[i].word)) << text;
      }
    }

    std::vector<AliasMatch> expected;
    for (size_t i = 0; i < want.size(); ++i) {
      AliasMatch a, b;
      bool found = plain.MatchAt(tokens, i, &b);
      ASSERT_EQ(fast.MatchAt(tokens, i, &a), found) << text << " @" << i;
      if (found) {
        EXPECT_TRUE(SameMatch(a, b)) << text << " @" << i;
      }
    }
    for (size_t i = 0; i < want.size();) {
      AliasMatch m;
      if (plain.MatchAt(tokens, i, &m)) {
        expected.push_back(m);
        i = m.last_token + 1;
      } else {
        ++i;
      }
    }
    std::vector<AliasMatch> got = fast.FindAll(tokens);
    ASSERT_EQ(got.size(), expected.size()) << text;
    for (size_t i = 0; i < got.size(); ++i) EXPECT_TRUE(SameMatch(got[i], expected[i])) << text;
    matches += got.size();
  }
  EXPECT_GT(matches, 500u);  // the inputs do exercise the matcher
}

}  // namespace
}  // namespace newsintel
