#include "extract/document.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "extract/html_article.h"
#include "extract/normalize.h"

namespace newsintel {
namespace {

TEST(DocumentTest, SanitizeReplacesInvalidBytesAndNul) {
  std::string s("ok\xC3(\0x", 6);
  EXPECT_TRUE(SanitizeUtf8(&s));
  EXPECT_EQ(s, "ok\xEF\xBF\xBD( x");
  std::string clean = "d\xC3\xA9j\xC3\xA0";
  EXPECT_FALSE(SanitizeUtf8(&clean));
}

// The scan goes eight bytes at a time over ASCII: a bad byte anywhere in or
// after such a block is still found.
TEST(DocumentTest, SanitizeFindsBadBytesAtEveryOffset) {
  for (size_t at = 0; at < 20; ++at) {
    for (char bad : {'\0', '\xFF', '\x80'}) {
      std::string s(20, 'a');
      s[at] = bad;
      EXPECT_TRUE(SanitizeUtf8(&s)) << at;
      std::string expected = std::string(at, 'a') + (bad == '\0' ? " " : "\xEF\xBF\xBD") + std::string(19 - at, 'a');
      EXPECT_EQ(s, expected) << at;
    }
    std::string ok(at, 'a');
    ok += "\xC3\xA9";
    ok += std::string(at, 'b');
    EXPECT_FALSE(SanitizeUtf8(&ok)) << at;
  }
}

// The plain definition of SanitizeUtf8: code point by code point, NUL to a
// space, each ill-formed subsequence to U+FFFD.
std::string PlainSanitize(const std::string& s) {
  std::string out;
  size_t pos = 0;
  while (pos < s.size()) {
    uint32_t c = NextCodePoint(s, &pos);
    AppendUtf8(c == 0 ? ' ' : c, &out);
  }
  return out;
}

TEST(DocumentTest, SanitizeSameAsPlainDefinitionOnRandomBytes) {
  const std::vector<std::string> pieces = {
      "texte ordinaire sans accent ", "a", " ", "\xC3\xA9", "\xC2\xA0", "\xDF\xBF", "\xE2\x80\xAF", "\xEF\xBF\xBD",
      "\xF0\x9F\x98\x80", std::string(1, '\0'), "\xFF", "\x80", "\xC3", "\xC0\x80", "\xC1\xBF", "\xE0\x80\x80",
      "\xED\xA0\x80", "\xE2\x80", "\xF4\x90\x80\x80", "\xF0\x9F\x98", "\x7F"};
  std::mt19937 rng(13);
  for (int round = 0; round < 20000; ++round) {
    std::string s;
    int n = static_cast<int>(rng() % 30);
    for (int i = 0; i < n; ++i) s += pieces[rng() % (rng() % 3 == 0 ? pieces.size() : 5)];
    const std::string expected = PlainSanitize(s);
    std::string got = s;
    ASSERT_EQ(SanitizeUtf8(&got), expected != s) << s;
    ASSERT_EQ(got, expected) << s;
  }
}

TEST(DocumentTest, GuessesLanguage) {
  EXPECT_EQ(GuessLanguage("Le ministre a dit que les puces sont pour la Chine."), "fr");
  EXPECT_EQ(GuessLanguage("The minister said that the chips are for the market."), "en");
  // Words are whole runs of letters, any case, accented letters included:
  // "là", "Thé" and "l'" are not function words.
  EXPECT_EQ(GuessLanguage("LE CHIFFRE EST DANS LA NOTE, THE END."), "fr");
  EXPECT_EQ(GuessLanguage("Là, là, là : Thé, thé. The chips of the firm are on sale."), "en");
  EXPECT_EQ(GuessLanguage("l'avion, d'abord"), "");
  EXPECT_EQ(GuessLanguage(""), "");
}

// The plain definition of GuessLanguage: split the first 20 000 bytes into
// runs of letters (ASCII or >= 0x80), lower-case them, look them up.
std::string PlainGuessLanguage(const std::string& text) {
  static const std::set<std::string> kFrench = {"le", "la", "les", "des", "du", "une", "est",
                                                "et", "que", "qui", "pour", "dans", "sur", "pas"};
  static const std::set<std::string> kEnglish = {"the", "of", "and", "to", "is", "that", "for",
                                                 "with", "was", "on", "it", "by", "are", "from"};
  const std::string head = text.substr(0, 20000);
  size_t fr = 0, en = 0;
  std::string word;
  for (size_t i = 0; i <= head.size(); ++i) {
    auto c = i < head.size() ? static_cast<unsigned char>(head[i]) : 0;
    if (std::isalpha(c) || c >= 0x80) {
      word += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
      continue;
    }
    fr += kFrench.count(word);
    en += kEnglish.count(word);
    word.clear();
  }
  if (fr == 0 && en == 0) return "";
  return fr >= en ? "fr" : "en";
}

TEST(DocumentTest, GuessLanguageSameAsPlainDefinitionOnRandomText) {
  const std::vector<std::string> pieces = {
      "le", "LA", "Les", "des", "du", "une", "est", "et", "que", "qui", "pour", "dans", "sur", "pas",
      "the", "OF", "and", "to", "is", "that", "for", "with", "was", "on", "it", "by", "are", "from",
      "l", "th", "thee", "those", "pourquoi", "d\xC3\xA9s", "\xC3\xA9t", "un", "x", " ", " ", ", ", "'", "-",
      "\n", "1", "\xE2\x80\xAF", "\xFF", "\x80", std::string(1, '\0'), "_", "@", "[", "`", "{"};
  std::mt19937 rng(3);
  for (int round = 0; round < 20000; ++round) {
    std::string s;
    int n = static_cast<int>(rng() % 30);
    for (int i = 0; i < n; ++i) s += pieces[rng() % pieces.size()];
    ASSERT_EQ(GuessLanguage(s), PlainGuessLanguage(s)) << s;
  }
  // Only the first 20 000 bytes count, even inside a word.
  for (size_t pad : {19990u, 19996u, 19997u, 19998u, 19999u, 20000u}) {
    for (const char* tail : {" the the the", "the the the", "he the the"}) {
      std::string s = "le " + std::string(pad - 3, ' ') + tail;
      ASSERT_EQ(GuessLanguage(s), PlainGuessLanguage(s)) << pad << tail;
    }
  }
}

TEST(DocumentTest, MissingFileIsAnError) {
  auto doc = LoadDocumentFile("/nonexistent/x.txt", {});
  EXPECT_FALSE(doc.ok());
  EXPECT_EQ(doc.status().code(), Status::Code::kIOError);
}

TEST(HtmlArticleTest, TextMapsBackToPage) {
  std::string page = "<html lang=\"en\"><head><title>T</title></head><body><nav>Menu</nav>"
                     "<p>Nvidia said <b>no</b>.</p><script>x()</script></body></html>";
  auto doc = DocumentFromHtml(page, {});
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(doc->text, "Nvidia said no.");
  EXPECT_EQ(doc->lang, "en");
  EXPECT_EQ(doc->title, "T");
  ASSERT_EQ(doc->source_offsets.size(), doc->text.size() + 1);
  EXPECT_EQ(page[doc->source_offsets[0]], 'N');
}

}  // namespace
}  // namespace newsintel
