#include "extract/html_article.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "extract/html_metadata.h"

namespace newsintel {
namespace {

// Four paragraphs of article prose (made up for these tests).
const char kBody[] =
    "<p>The harbour authority approved a plan on Tuesday to widen the northern channel, a project that engineers "
    "say will let larger cargo ships dock without waiting for the tide.</p>\n"
    "<p>Work is expected to start next spring and to last about three years, according to the authority, which "
    "estimated the cost at roughly 40 million euros.</p>\n"
    "<h2>Fishermen worried</h2>\n"
    "<p>Local fishermen, who use the channel every morning, fear that dredging will disturb the shellfish beds "
    "along the eastern bank, and they asked for an independent study.</p>\n"
    "<ul><li>Dredging will remove about two million cubic metres of sand and silt.</li>"
    "<li>A new breakwater will protect the outer basin from winter storms.</li></ul>\n"
    "<p>The mayor said she would meet representatives of the fishing cooperative next week to discuss their "
    "concerns, adding that the town could not afford to lose either industry.</p>\n";

std::string Page(const std::string& head, const std::string& article) {
  return "<!DOCTYPE html><html><head>" + head +
         "</head><body>"
         "<header class=\"site-header\"><a href=\"/\">Coastal Courier</a>"
         "<nav><ul><li><a href=\"/news\">News</a></li><li><a href=\"/sport\">Sport</a></li>"
         "<li><a href=\"/weather\">Weather</a></li></ul></nav></header>"
         "<div id=\"cookie-banner\">We use cookies to improve your experience. <button>Accept all</button></div>"
         "<main><article class=\"story\">"
         "<h1>Harbour channel to be widened</h1>"
         "<div class=\"byline\">By Jane Marlow</div>"
         "<div class=\"share-tools\"><a href=\"#\">Share on Facebook</a> <a href=\"#\">Tweet this</a></div>"
         "<figure><img src=\"a.jpg\"><figcaption>The northern channel at low tide, seen from the lighthouse."
         "</figcaption></figure>"
         "<div class=\"article-body\">" +
         article +
         "</div></article>"
         "<aside class=\"related-stories\"><h3>Related</h3><ul>"
         "<li><a href=\"/a\">Ferry timetable changes for the summer season announced today</a></li>"
         "<li><a href=\"/b\">Lighthouse restoration finished after two long years of work</a></li></ul></aside>"
         "<section id=\"comments\"><h3>Comments</h3><p>Great news for the town, finally something is being "
         "done about the channel, I have waited for this for years.</p></section>"
         "</main><footer class=\"site-footer\"><p>Copyright Coastal Courier. All rights reserved. "
         "Contact us, advertise with us, privacy policy.</p></footer></body></html>";
}

Document MustParse(const std::string& html, const HtmlOptions& options = HtmlOptions()) {
  Result<Document> doc = DocumentFromHtml(html, options);
  EXPECT_TRUE(doc.ok()) << doc.status().ToString();
  return doc.ok() ? *doc : Document();
}

bool Has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST(HtmlArticleTest, KeepsTheArticleAndDropsBoilerplate) {
  Document doc = MustParse(Page("<title>Harbour channel to be widened | Coastal Courier</title>", kBody));
  EXPECT_TRUE(Has(doc.text, "The harbour authority approved a plan on Tuesday")) << doc.text;
  EXPECT_TRUE(Has(doc.text, "could not afford to lose either industry.")) << doc.text;
  EXPECT_TRUE(Has(doc.text, "Fishermen worried")) << doc.text;                   // sub-heading kept
  EXPECT_TRUE(Has(doc.text, "A new breakwater will protect")) << doc.text;        // list kept
  for (const char* junk : {"Sport", "cookies", "Share on Facebook", "Tweet", "Ferry timetable", "Great news",
                           "Copyright", "By Jane Marlow", "low tide", "Harbour channel to be widened"}) {
    EXPECT_FALSE(Has(doc.text, junk)) << junk << " in:\n" << doc.text;
  }
  EXPECT_EQ(doc.title, "Harbour channel to be widened");
  EXPECT_EQ(doc.author, "Jane Marlow");
  EXPECT_EQ(doc.lang, "en");  // from CLD2: the page declares none
}

TEST(HtmlArticleTest, ParagraphsAreSeparatedByBlankLines) {
  Document doc = MustParse(Page("", kBody));
  EXPECT_TRUE(Has(doc.text, "the tide.\n\nWork is expected")) << doc.text;
  EXPECT_TRUE(Has(doc.text, "silt.\nA new breakwater")) << doc.text;
  EXPECT_NE(doc.text.front(), '\n');
  EXPECT_NE(doc.text.back(), '\n');
}

TEST(HtmlArticleTest, OffsetsPointAtTheOriginalBytes) {
  std::string html = Page("", kBody);
  Document doc = MustParse(html);
  ASSERT_EQ(doc.source_offsets.size(), doc.text.size() + 1);
  for (size_t i = 0; i < doc.text.size(); ++i) {
    char c = doc.text[i];
    if (c == '\n') continue;  // inserted between blocks
    if (c == ' ') {
      // A collapsed run of spaces points at its first space.
      EXPECT_TRUE(isspace(static_cast<unsigned char>(html[doc.source_offsets[i]]))) << "byte " << i;
      continue;
    }
    ASSERT_LT(doc.source_offsets[i], html.size());
    EXPECT_EQ(html[doc.source_offsets[i]], c) << "byte " << i;
  }
  EXPECT_LE(doc.source_offsets.back(), html.size());
  EXPECT_EQ(html.compare(doc.source_offsets.back() - 9, 9, "industry."), 0);
}

TEST(HtmlArticleTest, EntitiesMapToTheirReference) {
  std::string para =
      "<p>Profits at Smith &amp; Sons rose 5&nbsp;% in the third quarter, the caf&eacute; chain said on "
      "Monday, beating the &#8220;cautious&#8221; forecast that analysts had published a month earlier.</p>";
  std::string html = Page("", para + kBody);
  Document doc = MustParse(html);
  size_t amp = doc.text.find("Smith & Sons");
  ASSERT_NE(amp, std::string::npos) << doc.text;
  EXPECT_EQ(html.compare(doc.source_offsets[amp + 6], 5, "&amp;"), 0);
  EXPECT_EQ(html[doc.source_offsets[amp + 8]], 'S');
  size_t cafe = doc.text.find("caf\xC3\xA9");
  ASSERT_NE(cafe, std::string::npos);
  EXPECT_EQ(html.compare(doc.source_offsets[cafe + 3], 8, "&eacute;"), 0);
  EXPECT_EQ(html.compare(doc.source_offsets[cafe + 4], 8, "&eacute;"), 0);
  EXPECT_EQ(html[doc.source_offsets[cafe + 5]], ' ');
  size_t quote = doc.text.find("\xE2\x80\x9C" "cautious");
  ASSERT_NE(quote, std::string::npos);
  EXPECT_EQ(html.compare(doc.source_offsets[quote], 7, "&#8220;"), 0);
  EXPECT_EQ(html[doc.source_offsets[quote + 3]], 'c');
  EXPECT_TRUE(Has(doc.text, "5 %")) << doc.text;  // &nbsp; is a space
}

TEST(HtmlArticleTest, MetadataFromJsonLd) {
  std::string head =
      "<title>Ignored title - Coastal Courier</title>"
      "<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\",\"@graph\":["
      "{\"@type\":\"WebSite\",\"name\":\"Courier Website\"},"
      "{\"@type\":\"NewsArticle\",\"headline\":\"Channel plan approved\","
      "\"datePublished\":\"2024-03-05T09:30:00+01:00\",\"author\":[{\"@type\":\"Person\",\"name\":\"Jane Marlow\"},"
      "{\"@type\":\"Person\",\"name\":\"Tom Reyes\"}],\"publisher\":{\"@type\":\"Organization\",\"name\":\"Coastal "
      "Courier\"},\"mainEntityOfPage\":{\"@id\":\"https://courier.example/news/channel\"}}]}</script>";
  Document doc = MustParse(Page(head, kBody));
  EXPECT_EQ(doc.title, "Channel plan approved");
  EXPECT_EQ(doc.author, "Jane Marlow, Tom Reyes");
  EXPECT_EQ(doc.published, "2024-03-05T09:30:00+01:00");
  EXPECT_EQ(doc.outlet, "Coastal Courier");
  EXPECT_EQ(doc.url, "https://courier.example/news/channel");
}

TEST(HtmlArticleTest, JsonLdWithBlundersStillParses) {
  std::string head =
      "<script type=\"application/ld+json\"><!--\n{\"@type\": \"Article\", \"headline\": \"Line\nbreak\","
      " \"datePublished\": \"2023-11-02\", \"author\": \"Ana Ruiz\",}\n--></script>";
  Document doc = MustParse(Page(head, kBody));
  EXPECT_EQ(doc.published, "2023-11-02");
  EXPECT_EQ(doc.author, "Ana Ruiz");
}

TEST(HtmlArticleTest, MetadataFromOpenGraphAndMeta) {
  std::string head =
      "<meta property=\"og:title\" content=\"Harbour channel: the plan | Coastal Courier\">"
      "<meta property=\"og:site_name\" content=\"Coastal Courier\">"
      "<meta name=\"author\" content=\"By Jane Marlow\">"
      "<meta property=\"article:published_time\" content=\"2024-03-05T08:30:00Z\">"
      "<meta property=\"og:url\" content=\"/news/channel-plan\">"
      "<meta http-equiv=\"content-language\" content=\"en-GB\">";
  HtmlOptions options;
  options.base_url = "https://courier.example/some/where?x=1";
  Document doc = MustParse(Page(head, kBody), options);
  EXPECT_EQ(doc.title, "Harbour channel: the plan");
  EXPECT_EQ(doc.outlet, "Coastal Courier");
  EXPECT_EQ(doc.author, "Jane Marlow");
  EXPECT_EQ(doc.published, "2024-03-05T08:30:00Z");
  EXPECT_EQ(doc.url, "https://courier.example/news/channel-plan");
  EXPECT_EQ(doc.lang, "en");
}

TEST(HtmlArticleTest, MetadataFallbacks) {
  // No JSON-LD, no OpenGraph: <title>, <link rel=canonical>, <time>, rel=author, host.
  std::string article = std::string("<p>Published <time datetime=\"2022-07-14\">July 14</time> by "
                                    "<a rel=\"author\" href=\"/staff/li\">Li Wen</a></p>") +
                        kBody;
  std::string html =
      "<html lang=\"fr-FR\"><head><title>Harbour channel to be widened - Section - Courier</title>"
      "<link rel=\"canonical\" href=\"../news/harbour.html\"></head><body><div class=\"content\">" +
      article + "</div></body></html>";
  HtmlOptions options;
  options.base_url = "https://www.courier.example/a/b/page.html";
  Document doc = MustParse(html, options);
  EXPECT_EQ(doc.title, "Harbour channel to be widened");
  EXPECT_EQ(doc.url, "https://www.courier.example/a/news/harbour.html");
  EXPECT_EQ(doc.outlet, "courier.example");
  EXPECT_EQ(doc.published, "2022-07-14");
  EXPECT_EQ(doc.author, "Li Wen");
  EXPECT_EQ(doc.lang, "fr");  // declared, even if the text is English
}

TEST(HtmlArticleTest, LanguageDetectedFromText) {
  std::string body =
      "<p>Le conseil municipal a adopté mardi soir le budget de la commune pour l'année prochaine, après un "
      "long débat sur le prix de l'eau et l'entretien des routes de campagne.</p>"
      "<p>Les élus de l'opposition ont voté contre, estimant que les impôts locaux allaient encore augmenter "
      "alors que les services publics se dégradent depuis plusieurs années.</p>"
      "<p>Le maire a promis une réunion publique au mois de mars pour présenter les travaux prévus dans les "
      "écoles, la bibliothèque et la salle des fêtes du village.</p>";
  Document doc = MustParse("<html><body><article>" + body + "</article></body></html>");
  EXPECT_EQ(doc.lang, "fr");
}

TEST(HtmlArticleTest, Windows1252PageIsConvertedAndOffsetsPointIntoIt) {
  std::string body =
      "<p>Le pr\xE9sident de la r\xE9gion a inaugur\xE9 lundi la nouvelle ligne de tramway, qui relie la gare "
      "au campus en dix-huit minutes, a-t-il pr\xE9" "cis\xE9 devant la presse.</p>"
      "<p>Le chantier a co\xFBt\xE9 pr\xE8s de 300 millions d\x92" "euros, financ\xE9s en partie par l'\xC9tat "
      "et par les communes travers\xE9" "es, qui r\xE9" "clament d\xE9j\xE0 une seconde ligne.</p>";
  std::string html = "<html><head><meta charset=\"windows-1252\"></head><body><article>" + body +
                     "</article></body></html>";
  Document doc = MustParse(html);
  size_t pos = doc.text.find("pr\xC3\xA9sident de la r\xC3\xA9gion");
  ASSERT_NE(pos, std::string::npos) << doc.text;
  EXPECT_EQ(html[doc.source_offsets[pos + 2]], '\xE9');
  EXPECT_EQ(html[doc.source_offsets[pos + 3]], '\xE9');  // both UTF-8 bytes of é
  EXPECT_EQ(html[doc.source_offsets[pos + 4]], 's');
  size_t quote = doc.text.find("d\xE2\x80\x99" "euros");
  ASSERT_NE(quote, std::string::npos);
  EXPECT_EQ(html[doc.source_offsets[quote + 1]], '\x92');
  EXPECT_EQ(doc.lang, "fr");
}

TEST(HtmlArticleTest, Utf8BomAndHttpCharset) {
  std::string html = std::string("\xEF\xBB\xBF") + "<html><body><article>" + kBody + "</article></body></html>";
  HtmlOptions options;
  options.http_charset = "iso-8859-1";  // the BOM wins
  Document doc = MustParse(html, options);
  size_t pos = doc.text.find("harbour authority");
  ASSERT_NE(pos, std::string::npos);
  EXPECT_EQ(html.compare(doc.source_offsets[pos], 17, "harbour authority"), 0);
}

TEST(HtmlArticleTest, DeepNestingHasNoRecursionProblem) {
  std::string html = "<html><body>";
  for (int i = 0; i < 10000; ++i) html += "<div>";
  html += kBody;
  for (int i = 0; i < 10000; ++i) html += "</div>";
  html += "</body></html>";
  auto start = std::chrono::steady_clock::now();
  Document doc = MustParse(html);
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_TRUE(Has(doc.text, "The harbour authority approved")) << doc.text.substr(0, 200);
  EXPECT_LT(secs, 10.0);
}

TEST(HtmlArticleTest, AbsurdNestingIsAClearError) {
  std::string html = "<html><body>";
  for (int i = 0; i < 200000; ++i) html += "<span>";
  html += "x</body></html>";
  Result<Document> doc = DocumentFromHtml(html, HtmlOptions());
  ASSERT_FALSE(doc.ok());
  EXPECT_NE(doc.status().message().find("nested"), std::string::npos) << doc.status().ToString();
}

TEST(HtmlArticleTest, NulAndInvalidBytesGiveValidText) {
  std::string body = kBody;
  body.insert(body.find("northern"), std::string("\0\xFF\xFE", 3));
  std::string html = "<html><body><article>" + body + "</article></body></html>";
  Document doc = MustParse(html);
  EXPECT_TRUE(Has(doc.text, "northern channel"));
  EXPECT_EQ(doc.text.find('\0'), std::string::npos);
  ASSERT_EQ(doc.source_offsets.size(), doc.text.size() + 1);
  size_t pos = doc.text.find("northern");
  EXPECT_EQ(html.compare(doc.source_offsets[pos], 8, "northern"), 0);
}

TEST(HtmlArticleTest, HugePageAndLimit) {
  std::string html = "<html><body><article>";
  while (html.size() < (8u << 20)) html += kBody;
  html += "</article></body></html>";
  Document doc = MustParse(html);
  EXPECT_GT(doc.text.size(), 4u << 20);
  HtmlOptions small;
  small.max_bytes = 1 << 20;
  Result<Document> refused = DocumentFromHtml(html, small);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("over the limit"), std::string::npos);
}

TEST(HtmlArticleTest, EmptyAndTextlessPages) {
  for (const char* html : {"", "<html></html>", "<p>", "no markup at all", "<html><body><img src=x></body></html>"}) {
    Result<Document> doc = DocumentFromHtml(html, HtmlOptions());
    ASSERT_TRUE(doc.ok()) << html;
    EXPECT_EQ(doc->source_offsets.size(), doc->text.size() + 1) << html;
  }
}

TEST(HtmlArticleTest, BodyWithoutArticleMarkup) {
  // Paragraphs separated by <br><br> inside one div, beside a link-heavy menu.
  std::string html =
      "<html><body><div class=\"links\"><a href=\"/1\">Home</a> | <a href=\"/2\">Archive</a> | "
      "<a href=\"/3\">About</a></div><div>"
      "The first paragraph explains, in a few plain words, why the old bridge had to close for repairs this "
      "winter.<br><br>The second paragraph gives the dates, the detour and the cost, which the council put at "
      "two million.<br><br>The third paragraph quotes a shop owner, who fears fewer customers, and a cyclist, "
      "who welcomes it.</div></body></html>";
  Document doc = MustParse(html);
  EXPECT_TRUE(Has(doc.text, "The first paragraph")) << doc.text;
  EXPECT_TRUE(Has(doc.text, "who welcomes it.")) << doc.text;
  EXPECT_TRUE(Has(doc.text, "winter.\nThe second")) << doc.text;
  EXPECT_FALSE(Has(doc.text, "Archive")) << doc.text;
}

TEST(HtmlArticleTest, PreformattedTextKeepsItsLines) {
  std::string html = std::string("<html><body><article>") + kBody +
                     "<pre>first line\nsecond line\n\nafter a blank line</pre></article></body></html>";
  Document doc = MustParse(html);
  EXPECT_TRUE(Has(doc.text, "first line\nsecond line\n\nafter a blank line")) << doc.text;
}

TEST(HtmlArticleTest, CustomElementsKeepWordsApart) {
  std::string html = std::string("<html><body><article>") + kBody +
                     "<story-para>The ferry will keep running</story-para><story-para>during the works, the "
                     "authority said.</story-para></article></body></html>";
  Document doc = MustParse(html);
  EXPECT_TRUE(Has(doc.text, "keep running during the works")) << doc.text;
}

TEST(HtmlArticleTest, ScriptsAreSkippedButJsonLdIsRead) {
  std::string big_script = "<script>var data = \"";
  while (big_script.size() < 20000) big_script += "<p>not article text</p> ";
  big_script += "\";</script><style>p { color: red; } /* <p>nor this</p> */</style>";
  std::string head = big_script +
                     "<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"datePublished\":"
                     "\"2021-06-01T10:00:00Z\"}</script>";
  std::string html = Page(head, kBody);
  Document doc = MustParse(html);
  EXPECT_EQ(doc.published, "2021-06-01T10:00:00Z");
  EXPECT_FALSE(Has(doc.text, "not article text"));
  EXPECT_FALSE(Has(doc.text, "nor this"));
  size_t pos = doc.text.find("Local fishermen");
  ASSERT_NE(pos, std::string::npos);
  EXPECT_EQ(html.compare(doc.source_offsets[pos], 15, "Local fishermen"), 0);
}

TEST(HtmlArticleTest, EveryPrefixOfAPageIsHandled) {
  // Truncated pages (cut anywhere, even inside a tag or a character) must give
  // a result whose offsets hold.
  std::string html = Page("<title>T</title><meta property=\"og:title\" content=\"Caf&eacute;\">",
                          std::string("<p>Caf\xC3\xA9 &amp; cr&egrave;me &#233;t&#xE9;.</p>") + kBody);
  for (size_t cut = 0; cut <= html.size(); cut += 13) {
    std::string part = html.substr(0, cut);
    Result<Document> doc = DocumentFromHtml(part, HtmlOptions());
    ASSERT_TRUE(doc.ok()) << cut;
    ASSERT_EQ(doc->source_offsets.size(), doc->text.size() + 1) << cut;
    for (size_t i = 0; i < doc->text.size(); ++i) {
      ASSERT_LE(doc->source_offsets[i], part.size()) << cut;
      char c = doc->text[i];
      if (c == '\n' || c == ' ' || (c & 0x80)) continue;
      char at = part[doc->source_offsets[i]];
      EXPECT_TRUE(at == c || at == '&') << "cut " << cut << " byte " << i;
    }
    EXPECT_LE(doc->source_offsets.back(), part.size());
  }
}

TEST(NormalizeDateTest, CommonFormats) {
  EXPECT_EQ(NormalizeDate("2019-11-19"), "2019-11-19");
  EXPECT_EQ(NormalizeDate("2019-11-19T13:03:00.000Z"), "2019-11-19T13:03:00Z");
  EXPECT_EQ(NormalizeDate("2019-11-19T08:03:00-05:00"), "2019-11-19T08:03:00-05:00");
  EXPECT_EQ(NormalizeDate("2019-11-19 08:03:00 +0100"), "2019-11-19T08:03:00+01:00");
  EXPECT_EQ(NormalizeDate("2019/11/19"), "2019-11-19");
  EXPECT_EQ(NormalizeDate("20191119"), "2019-11-19");
  EXPECT_EQ(NormalizeDate("Tue, 19 Nov 2019 13:03:00 GMT"), "2019-11-19T13:03:00Z");
  EXPECT_EQ(NormalizeDate("November 19, 2019"), "2019-11-19");
  EXPECT_EQ(NormalizeDate("Nov. 19, 2019 1:03 PM"), "2019-11-19T13:03:00");
  EXPECT_EQ(NormalizeDate("Published: 19th November 2019"), "2019-11-19");
  EXPECT_EQ(NormalizeDate("1er mars 2025"), "2025-03-01");
  EXPECT_EQ(NormalizeDate("19 f\xC3\xA9vrier 2024 \xC3\xA0 14h30"), "2024-02-19T14:30:00");
  EXPECT_EQ(NormalizeDate("19/11/2019"), "2019-11-19");
  EXPECT_EQ(NormalizeDate("11/19/2019"), "2019-11-19");
  EXPECT_EQ(NormalizeDate("1574168580"), "2019-11-19T13:03:00Z");
  EXPECT_EQ(NormalizeDate("05/06/2019"), "");  // ambiguous
  EXPECT_EQ(NormalizeDate("2019-02-30"), "");
  EXPECT_EQ(NormalizeDate("yesterday"), "");
  EXPECT_EQ(NormalizeDate("0001-01-01T00:00:00Z"), "");
  EXPECT_EQ(NormalizeDate(""), "");
}

TEST(CleanTitleTest, RemovesSiteNames) {
  EXPECT_EQ(CleanTitle("Big storm hits the coast | The Daily", "The Daily"), "Big storm hits the coast");
  EXPECT_EQ(CleanTitle("The Daily - Big storm hits the coast", "the daily"), "Big storm hits the coast");
  EXPECT_EQ(CleanTitle("Big storm hits the coast - Weather - The Daily", ""), "Big storm hits the coast");
  EXPECT_EQ(CleanTitle("Storm - a long story about the many things that went wrong", ""),
            "Storm - a long story about the many things that went wrong");
  EXPECT_EQ(CleanTitle("  Plain   title ", ""), "Plain title");
}

}  // namespace
}  // namespace newsintel
