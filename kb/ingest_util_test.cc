#include "kb/ingest_util.h"

#include "gtest/gtest.h"

namespace newsintel {
namespace kb {
namespace {

TEST(IngestUtilTest, WordsHashIgnoresCaseSpacesAndTypography) {
  EXPECT_EQ(WordsHash("L\u2019État a « tout vérifié »,  dit-il."), WordsHash("l'État a \"tout vérifié\" dit il"));
  EXPECT_EQ(WordsHash("2\u202f048 puces"), WordsHash("2048 puces"));
  EXPECT_NE(WordsHash("2048 puces"), WordsHash("2000 puces"));
  EXPECT_NE(WordsHash("vérifié"), WordsHash("verifie"));  // accents are kept
  EXPECT_GE(WordsHash(""), 0);
}

TEST(IngestUtilTest, CanonicalUrlAndHost) {
  EXPECT_EQ(CanonicalUrl("HTTPS://WWW.Example.COM/a/b?utm_source=x&id=3#top"), "https://www.example.com/a/b?id=3");
  EXPECT_EQ(CanonicalUrl("https://example.com?utm_medium=rss"), "https://example.com/");
  EXPECT_EQ(CanonicalUrl(""), "");
  EXPECT_EQ(UrlHost("https://user@www.Le-Monde.fr:443/x"), "le-monde.fr");
  EXPECT_EQ(UrlHost("not a url"), "");
}

TEST(IngestUtilTest, HashesSeeEveryField) {
  Document a;
  a.text = "same text";
  Document b = a;
  b.title = "another title";
  EXPECT_NE(ContentHash(a), ContentHash(b));
  Extraction x;
  x.document = a;
  Extraction y = x;
  Figure f;
  f.value = 2;
  y.figures.push_back(f);
  EXPECT_NE(FactsHash(x), FactsHash(y));
  EXPECT_EQ(FactsHash(x), FactsHash(Extraction(x)));
}

TEST(IngestUtilTest, ClaimSortKeyPutsUnknownDatesLast) {
  EXPECT_LT(ClaimSortKey("2025-01-02", "b", 5), ClaimSortKey("2025-01-10", "a", 0));
  EXPECT_LT(ClaimSortKey("2025-12-31T23:00:00Z", "a", 0), ClaimSortKey("", "a", 0));
  EXPECT_LT(ClaimSortKey("2025-01-02", "a", 5), ClaimSortKey("2025-01-02", "a", 6));
}

}  // namespace
}  // namespace kb
}  // namespace newsintel
