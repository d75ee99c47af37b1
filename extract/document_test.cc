#include "extract/document.h"

#include <gtest/gtest.h>

#include "extract/html_article.h"

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
