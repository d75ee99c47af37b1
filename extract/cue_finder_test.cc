#include "extract/cue_finder.h"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <map>
#include <random>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include <gtest/gtest.h>

#include "extract/normalize.h"

namespace newsintel {
namespace {

RE2::Options Options() {
  RE2::Options o;
  o.set_log_errors(false);
  return o;
}

// True if every match of `pattern` in `text` (any start, leftmost-first from
// there) begins with one of `prefixes`.
void ExpectPrefixesCover(const std::string& pattern, const std::vector<std::string>& prefixes,
                         const std::string& text) {
  RE2 re(pattern, Options());
  ASSERT_TRUE(re.ok()) << pattern;
  re2::StringPiece whole(text);
  for (size_t p = 0; p < text.size(); ++p) {
    re2::StringPiece m;
    if (!re.Match(whole, p, text.size(), RE2::ANCHOR_START, &m, 1) || m.empty()) continue;
    bool covered = false;
    for (const std::string& x : prefixes) covered |= m.substr(0, x.size()) == x;
    EXPECT_TRUE(covered) << pattern << " matches '" << m.as_string() << "' in: " << text;
  }
}

TEST(MatchPrefixesTest, LiteralsAndAlternatives) {
  std::vector<std::string> out;
  bool exact = false;
  int assertions = -1;
  ASSERT_TRUE(MatchPrefixes("\\b(?:selon|d'apres)\\b", 8, 100, &out, &exact, &assertions));
  std::sort(out.begin(), out.end());
  EXPECT_EQ(out, (std::vector<std::string>{"d'apres", "selon"}));
  EXPECT_TRUE(exact);
  EXPECT_EQ(assertions, 2);

  ASSERT_TRUE(MatchPrefixes("(?:a|ont) (?:dit|declare)", 4, 100, &out, &exact));
  std::sort(out.begin(), out.end());
  EXPECT_EQ(out, (std::vector<std::string>{"a de", "a di", "ont "}));
  EXPECT_FALSE(exact);  // cut at 4 bytes
}

TEST(MatchPrefixesTest, RepeatsClassesAndEscapes) {
  std::vector<std::string> out;
  ASSERT_TRUE(MatchPrefixes("ab?c", 8, 100, &out));
  std::sort(out.begin(), out.end());
  EXPECT_EQ(out, (std::vector<std::string>{"abc", "ac"}));
  ASSERT_TRUE(MatchPrefixes("x[0-2]{2,}", 3, 100, &out));
  EXPECT_EQ(out.size(), 9u);
  ASSERT_TRUE(MatchPrefixes("\\.\\d", 2, 100, &out));
  EXPECT_EQ(out.size(), 10u);
  ASSERT_TRUE(MatchPrefixes("(?P<n>ab)|c.", 4, 100, &out));  // '.' cuts "c" short
  std::sort(out.begin(), out.end());
  EXPECT_EQ(out, (std::vector<std::string>{"ab", "c"}));
  ASSERT_TRUE(MatchPrefixes("a{,2}", 8, 100, &out));  // a literal brace
  EXPECT_EQ(out, (std::vector<std::string>{"a{,2}"}));
}

TEST(MatchPrefixesTest, RefusesWhatItCannotBound) {
  std::vector<std::string> out;
  EXPECT_FALSE(MatchPrefixes("a?", 8, 100, &out));          // matches ""
  EXPECT_FALSE(MatchPrefixes("\\b.foo", 8, 100, &out));     // any first character
  EXPECT_FALSE(MatchPrefixes("(?i)selon", 8, 100, &out));   // flags
  EXPECT_FALSE(MatchPrefixes("[[:alpha:]]x", 8, 100, &out));
  EXPECT_FALSE(MatchPrefixes("[a-z]{4}", 8, 100, &out));    // 26^4 strings
  EXPECT_FALSE(MatchPrefixes("\\x41", 8, 100, &out));
  EXPECT_TRUE(MatchPrefixes("[a-z]{4}", 1, 100, &out));
}

// Texts mixing the words of the patterns with others, punctuation, digits,
// underscores and non-ASCII letters.
std::string RandomText(std::mt19937* rng, size_t words) {
  static const char* const kWords[] = {
      "a", "ont", "dit", "declare", "selon", "d'apres", "pour", "de", "des", "preuves", "que",
      "qu'", "il", "a-t-il", "ajoute", "said", "says", "say", "according", "to", "not", "did",
      "comment", "enquete", "sur", "si", "le", "la", "porte-parole", "x_y", "\xC3\xA9t\xC3\xA9",
      "12", "u.s", "aussi", "nie", "selonx", "aselon", "reports", "that", "doute", "doutes"};
  static const char* const kSeps[] = {" ", " ", " ", ", ", ". ", "\n", "\"", " (", ") ", "-", "'", ""};
  std::string text;
  for (size_t i = 0; i < words; ++i) {
    text += kWords[(*rng)() % (sizeof(kWords) / sizeof(kWords[0]))];
    text += kSeps[(*rng)() % (sizeof(kSeps) / sizeof(kSeps[0]))];
  }
  return text;
}

using HitKey = std::tuple<int, uint32_t, uint32_t>;

std::vector<HitKey> Keys(const std::vector<CueFinder::Hit>& hits) {
  std::vector<HitKey> keys;
  for (const CueFinder::Hit& h : hits) keys.emplace_back(h.pattern, h.begin, h.end);
  std::sort(keys.begin(), keys.end());
  return keys;
}

void ExpectSameAsPlain(const CueFinder& finder, std::mt19937* rng, int texts) {
  for (int t = 0; t < texts; ++t) {
    std::string text = RandomText(rng, 5 + (*rng)() % 40);
    for (int r = 0; r < 8; ++r) {
      uint32_t b = (*rng)() % (text.size() + 1);
      uint32_t e = b + (*rng)() % (text.size() - b + 1);
      if (r == 0) b = 0, e = static_cast<uint32_t>(text.size());
      for (uint32_t mask : {1u, 2u, 3u}) {
        std::vector<CueFinder::Hit> fast, plain;
        finder.Find(text, b, e, mask, &fast);
        finder.FindPlain(text, b, e, mask, &plain);
        ASSERT_EQ(Keys(fast), Keys(plain)) << "range [" << b << ", " << e << ") of: " << text;
      }
    }
  }
}

TEST(CueFinderTest, AgreesWithPlainMethodOnVariedPatterns) {
  const std::vector<std::string> patterns = {
      "selon", "d'apres", "pour", "(?:a|ont)(?: aussi)? (?:dit|declare|ajoute)", "say|says|said",
      "de|de son", "(?:des|de|d')[ \"]*(?:preuves?)[a-z\" ]{0,30}? qu(?:e|')",
      "enquet(?:e|er)\\b[^.]{0,60}?\\bsi", "a-t-(?:il|elle) ajoute", "[a-z]+-parole", "u\\.s",
      "x_y", "\xC3\xA9t\xC3\xA9", "^selon", "doutes?$", "(?i)Selon", ".elon", "1\\d", "not\\b.",
      "(?:did|do) not comment", "que|qu'", "\\Bon", "aussi|a"};
  CueFinder finder(Options());
  std::string error;
  for (size_t i = 0; i < patterns.size(); ++i) {
    ASSERT_EQ(finder.Add(patterns[i], i % 3 == 0 ? 1 : i % 3 == 1 ? 2 : 3, &error),
              static_cast<int>(i))
        << error;
  }
  ASSERT_TRUE(finder.Compile());
  EXPECT_GT(finder.fallback_count(), 0u);  // "(?i)Selon", ".elon"
  EXPECT_LT(finder.fallback_count(), patterns.size());
  std::mt19937 rng(7);
  ExpectSameAsPlain(finder, &rng, 400);
  // The prefixes really cover the matches.
  for (const std::string& p : patterns) {
    std::vector<std::string> prefixes;
    std::string wrapped = "\\b(?:" + p + ")\\b";
    if (!MatchPrefixes(wrapped, 8, 1000, &prefixes)) continue;
    for (int t = 0; t < 20; ++t) ExpectPrefixesCover(wrapped, prefixes, RandomText(&rng, 30));
  }
}

// Threads after the first search their own copies of the patterns, compiled
// on first use: the same hits as the plain method, from several threads at once.
TEST(CueFinderTest, ThreadsAgreeWithPlainMethod) {
  const std::vector<std::string> patterns = {
      "selon", "(?:a|ont)(?: aussi)? (?:dit|declare|ajoute)", "say|says|said", "de|de son",
      "enquet(?:e|er)\\b[^.]{0,60}?\\bsi", "(?i)Selon", ".elon", "que|qu'", "aussi|a"};
  CueFinder finder(Options());
  std::string error;
  for (size_t i = 0; i < patterns.size(); ++i) {
    ASSERT_GE(finder.Add(patterns[i], i % 2 == 0 ? 1 : 3, &error), 0) << error;
  }
  ASSERT_TRUE(finder.Compile());
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&finder, t] {
      std::mt19937 rng(100 + t);
      ExpectSameAsPlain(finder, &rng, 150);
    });
  }
  for (std::thread& t : threads) t.join();
}

// Beyond the trie's budget, patterns take the plain method: same hits.
TEST(CueFinderTest, PatternsBeyondTheBudgetFallBack) {
  CueFinder finder(Options());
  std::string error;
  for (int i = 0; i < 200; ++i) {
    ASSERT_GE(finder.Add("[a-z][a-z]q" + std::to_string(i), 1, &error), 0) << error;
  }
  ASSERT_TRUE(finder.Compile());
  EXPECT_GT(finder.fallback_count(), 0u);
  EXPECT_LT(finder.fallback_count(), 200u);
  std::mt19937 rng(5);
  for (int t = 0; t < 100; ++t) {
    std::string text;
    for (int w = 0; w < 20; ++w) {
      text += static_cast<char>('a' + rng() % 26);
      text += static_cast<char>('a' + rng() % 26);
      text += "q" + std::to_string(rng() % 220) + (rng() % 3 == 0 ? "x " : " ");
    }
    std::vector<CueFinder::Hit> fast, plain;
    finder.Find(text, 0, static_cast<uint32_t>(text.size()), 1, &fast);
    finder.FindPlain(text, 0, static_cast<uint32_t>(text.size()), 1, &plain);
    ASSERT_EQ(Keys(fast), Keys(plain)) << text;
    EXPECT_FALSE(fast.empty());
  }
}

// What PrefixTrie::ForEachAt reports, from the strings as added: for each
// length, shortest first, the entries of the strings of that length that are
// a prefix of the text, in order of Add(); a string not whole is left out if
// an earlier-added-or-shorter string of its id, not whole, is a prefix of it.
struct TrieEntry {
  std::string s;
  uint32_t id;
  bool whole;
};
std::vector<std::pair<uint32_t, size_t>> NaiveForEachAt(const std::vector<TrieEntry>& entries,
                                                        std::string_view text, size_t pos) {
  std::vector<size_t> order(entries.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t x, size_t y) { return entries[x].s.size() < entries[y].s.size(); });
  std::vector<size_t> kept;
  for (size_t i : order) {
    const TrieEntry& e = entries[i];
    if (e.s.empty()) continue;
    bool covered = false;
    for (size_t k : kept) {
      const TrieEntry& o = entries[k];
      covered |= !e.whole && !o.whole && o.id == e.id && e.s.compare(0, o.s.size(), o.s) == 0;
    }
    if (!covered) kept.push_back(i);
  }
  std::vector<std::pair<uint32_t, size_t>> out;
  for (size_t i : kept) {
    const TrieEntry& e = entries[i];
    if (text.substr(pos, e.s.size()) == e.s) out.emplace_back(e.id << 1 | (e.whole ? 1u : 0u), e.s.size());
  }
  std::stable_sort(out.begin(), out.end(), [](const auto& x, const auto& y) { return x.second < y.second; });
  return out;
}

TEST(PrefixTrieTest, AgreesWithTheStringsAsAdded) {
  std::mt19937 rng(21);
  for (int round = 0; round < 40; ++round) {
    // Few letters so that strings share prefixes, cover each other and repeat.
    std::string alphabet = round % 2 == 0 ? "abc" : "ab c\xc3\xa9'";
    std::vector<TrieEntry> entries;
    PrefixTrie trie;
    int n = 1 + static_cast<int>(rng() % 60);
    for (int i = 0; i < n; ++i) {
      TrieEntry e;
      size_t len = rng() % 7;  // 0: ignored
      for (size_t k = 0; k < len; ++k) e.s.push_back(alphabet[rng() % alphabet.size()]);
      e.id = static_cast<uint32_t>(rng() % 6);
      e.whole = rng() % 3 == 0;
      trie.Add(e.s, e.id, e.whole);
      entries.push_back(e);
    }
    trie.Build();
    for (int c = 0; c < 256; ++c) {
      bool starts = false;
      for (const TrieEntry& e : entries) starts |= !e.s.empty() && static_cast<unsigned char>(e.s[0]) == c;
      ASSERT_EQ(trie.MayStart(static_cast<unsigned char>(c)), starts) << c;
    }
    for (int t = 0; t < 30; ++t) {
      std::string text;
      size_t len = rng() % 12;
      for (size_t k = 0; k < len; ++k) text.push_back(rng() % 8 == 0 ? 'z' : alphabet[rng() % alphabet.size()]);
      for (size_t pos = 0; pos <= text.size(); ++pos) {
        std::vector<std::pair<uint32_t, size_t>> got;
        trie.ForEachAt(text, pos, [&](uint32_t entry, size_t length) { got.emplace_back(entry, length); });
        ASSERT_EQ(got, NaiveForEachAt(entries, text, pos)) << "round " << round << " text '" << text << "' at " << pos;
      }
    }
  }
}

TEST(PrefixTrieTest, EmptyAndUnbuiltTriesFindNothing) {
  PrefixTrie unbuilt;
  int calls = 0;
  unbuilt.ForEachAt("abc", 0, [&](uint32_t, size_t) { ++calls; });
  EXPECT_FALSE(unbuilt.MayStart('a'));
  PrefixTrie empty;
  empty.Add("", 3, false);
  empty.Build();
  empty.ForEachAt("abc", 0, [&](uint32_t, size_t) { ++calls; });
  EXPECT_FALSE(empty.MayStart('a'));
  EXPECT_EQ(calls, 0);
}

TEST(PrefixTrieTest, HoldsAboutOneCellAnEdge) {
  // 2 000 strings of 12 bytes over 26 letters: about 20 000 nodes.
  std::mt19937 rng(4);
  PrefixTrie trie;
  for (int i = 0; i < 2000; ++i) {
    std::string s;
    for (int k = 0; k < 12; ++k) s.push_back(static_cast<char>('a' + rng() % 26));
    trie.Add(s, static_cast<uint32_t>(i), false);
  }
  trie.Build();
  EXPECT_GT(trie.nodes(), 15000u);
  EXPECT_LT(trie.cells(), trie.nodes() * 11 / 10 + 26);
}

TEST(WordByteMaskTest, AgreesWithTheByteClass) {
  auto is_word = [](unsigned c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  };
  std::mt19937_64 rng(3);
  for (int t = 0; t < 256 * 8 + 20000; ++t) {
    uint64_t eight = rng();
    if (t < 256 * 8) {  // every byte value at every place
      int shift = 8 * (t % 8);
      eight = (eight & ~(uint64_t{0xFF} << shift)) | uint64_t(t / 8) << shift;
    }
    uint64_t expected = 0;
    for (int i = 0; i < 8; ++i) {
      if (is_word(static_cast<unsigned>(eight >> (8 * i)) & 0xFF)) {
        expected |= uint64_t{0x80} << (8 * i);
      }
    }
    ASSERT_EQ(WordByteMask(eight), expected) << std::hex << eight;
  }
}

// Ranges of texts of arbitrary bytes, at every alignment; with and without
// a pattern that starts with a non-word byte (found byte by byte).
void ExpectSameOnArbitraryBytes(const std::vector<std::string>& patterns) {
  CueFinder finder(Options());
  std::string error;
  for (const std::string& p : patterns) ASSERT_GE(finder.Add(p, 1, &error), 0) << error;
  ASSERT_TRUE(finder.Compile());
  ASSERT_EQ(finder.fallback_count(), 0u);
  const std::string pieces[] = {"selon", "a", "_", "b", "x", "9", " ", "ont", "dit", "Zz", "de",
                                "des", "\xC3\xA9", "\xFF", "\x80", ",", "\n", "0", "Z"};
  std::mt19937 rng(9);
  for (int t = 0; t < 3000; ++t) {
    std::string text;
    for (int n = rng() % 30; n > 0; --n) text += pieces[rng() % (sizeof(pieces) / sizeof(pieces[0]))];
    uint32_t b = static_cast<uint32_t>(rng() % (text.size() + 1));
    uint32_t e = b + static_cast<uint32_t>(rng() % (text.size() - b + 1));
    std::vector<CueFinder::Hit> fast, plain;
    finder.Find(text, b, e, 1, &fast);
    finder.FindPlain(text, b, e, 1, &plain);
    ASSERT_EQ(Keys(fast), Keys(plain)) << "range [" << b << ", " << e << ") of: " << text;
  }
}

TEST(CueFinderTest, AgreesWithPlainMethodOnArbitraryBytes) {
  ExpectSameOnArbitraryBytes({"selon", "a_b", "x9", "(?:a|ont) dit", "Zz", "de|des"});
  ExpectSameOnArbitraryBytes({"selon", "a_b", ", ?dit", "Zz", "de|des"});
}

// The claim cue lexicon itself, its macros expanded.
TEST(CueFinderTest, AgreesWithPlainMethodOnTheClaimCues) {
  std::ifstream in(NEWSINTEL_SOURCE_DIR "/lexicons/claim_cues.tsv");
  ASSERT_TRUE(in.good());
  std::map<std::string, std::string> macros;
  auto expand = [&](std::string s) {
    for (bool changed = true; changed;) {
      changed = false;
      for (const auto& m : macros) {
        size_t at = s.find("{" + m.first + "}");
        if (at != std::string::npos) {
          s.replace(at, m.first.size() + 2, m.second);
          changed = true;
        }
      }
    }
    return s;
  };
  CueFinder finder(Options());
  std::string line, error;
  size_t count = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    if (line.rfind("@define", 0) == 0) {
      size_t tab = line.find('\t');
      std::string name = line.substr(8, tab - 8);
      name.erase(name.find_last_not_of(' ') + 1);
      macros[name] = expand(line.substr(tab + 1));
      continue;
    }
    std::string pattern = expand(line.substr(0, line.find('\t')));
    ASSERT_GE(finder.Add(pattern, line.find("\ten\t") != std::string::npos ? 2 : 1, &error), 0)
        << error << ": " << pattern;
    ++count;
  }
  ASSERT_GT(count, 50u);
  ASSERT_TRUE(finder.Compile());
  EXPECT_EQ(finder.fallback_count(), 0u);
  std::mt19937 rng(11);
  ExpectSameAsPlain(finder, &rng, 300);
  // Real French text: the seeds, folded.
  for (const char* name : {"000_012d4a50055040d6", "001_80d7a342f51b1562", "002_a706b72ec4215bda",
                           "003_ef1b06c126316c57", "004_332f1b8e4a33f541"}) {
    std::ifstream seed(std::string(NEWSINTEL_SOURCE_DIR "/../shared/seeds/") + name + ".txt");
    std::string raw((std::istreambuf_iterator<char>(seed)), std::istreambuf_iterator<char>());
    ASSERT_FALSE(raw.empty()) << name;
    std::string text = FoldedText::Fold(raw).str();
    for (uint32_t b = 0; b < text.size(); b += 97) {
      uint32_t e = std::min<uint32_t>(static_cast<uint32_t>(text.size()), b + 211);
      std::vector<CueFinder::Hit> fast, plain;
      finder.Find(text, b, e, 1, &fast);
      finder.FindPlain(text, b, e, 1, &plain);
      ASSERT_EQ(Keys(fast), Keys(plain)) << name << " at " << b;
    }
  }
}

}  // namespace
}  // namespace newsintel
