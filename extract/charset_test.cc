#include "extract/charset.h"

#include <gtest/gtest.h>

namespace newsintel {
namespace {

TEST(CharsetTest, CanonicalLabels) {
  EXPECT_EQ(CanonicalCharset("utf8"), "UTF-8");
  EXPECT_EQ(CanonicalCharset(" UTF-8 "), "UTF-8");
  EXPECT_EQ(CanonicalCharset("ISO-8859-1"), "windows-1252");
  EXPECT_EQ(CanonicalCharset("latin1"), "windows-1252");
  EXPECT_EQ(CanonicalCharset("windows-1252"), "windows-1252");
  EXPECT_EQ(CanonicalCharset("iso-8859-15"), "ISO-8859-15");
  EXPECT_EQ(CanonicalCharset("no-such-charset-xyz"), "");
}

TEST(CharsetTest, SniffsMetaCharset) {
  EXPECT_EQ(SniffMetaCharset("<html><head><meta charset=\"ISO-8859-15\"></head>"), "iso-8859-15");
  EXPECT_EQ(SniffMetaCharset("<head><META HTTP-EQUIV='Content-Type' CONTENT='text/html; charset=windows-1251'>"),
            "windows-1251");
  EXPECT_EQ(SniffMetaCharset("<!-- <meta charset=koi8-r> --><meta charset=utf-8>"), "utf-8");
  EXPECT_EQ(SniffMetaCharset("<?xml version=\"1.0\" encoding=\"iso-8859-2\"?><html>"), "iso-8859-2");
  EXPECT_EQ(SniffMetaCharset("<html><head><title>none</title></head>"), "");
  EXPECT_EQ(SniffMetaCharset("<meta name=\"metadata\" content=\"x\">"), "");
}

TEST(CharsetTest, ValidUtf8IsIdentity) {
  std::string page = "<p>Caf\xC3\xA9 cr\xC3\xA8me</p>";
  Result<Utf8Page> p = DecodePage(page, "");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->charset, "UTF-8");
  EXPECT_EQ(p->utf8, page);
  EXPECT_TRUE(p->to_source.empty());
  EXPECT_EQ(p->SourceOffset(5), 5u);
}

TEST(CharsetTest, Utf8BomIsSkippedButOffsetsPointIntoThePage) {
  std::string page = "\xEF\xBB\xBF<p>Oui</p>";
  Result<Utf8Page> p = DecodePage(page, "windows-1252");  // the BOM wins over HTTP
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->source, "bom");
  EXPECT_EQ(p->utf8, "<p>Oui</p>");
  EXPECT_EQ(page[p->SourceOffset(3)], 'O');
}

TEST(CharsetTest, Utf16LeBom) {
  std::string page("\xFF\xFE<\0p\0>\0\xE9\0t\0\xE9\0", 14);
  Result<Utf8Page> p = DecodePage(page, "");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->charset, "UTF-16LE");
  EXPECT_EQ(p->utf8, "<p>\xC3\xA9t\xC3\xA9");
  EXPECT_EQ(p->SourceOffset(3), 8u);  // both bytes of "é" come from page[8]
  EXPECT_EQ(p->SourceOffset(4), 8u);
  EXPECT_EQ(p->SourceOffset(5), 10u);
  EXPECT_EQ(p->SourceOffset(p->utf8.size()), page.size());
}

TEST(CharsetTest, Windows1252FromMeta) {
  // 0xE9 = é, 0x92 = ’ (right single quote), 0x80 = € in windows-1252.
  std::string page = "<meta charset=iso-8859-1><p>l\x92\xE9t\xE9 \x80</p>";
  Result<Utf8Page> p = DecodePage(page, "");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->charset, "windows-1252");
  EXPECT_EQ(p->source, "meta");
  std::string expected = "<meta charset=iso-8859-1><p>l\xE2\x80\x99\xC3\xA9t\xC3\xA9 \xE2\x82\xAC</p>";
  EXPECT_EQ(p->utf8, expected);
  size_t quote = p->utf8.find("\xE2\x80\x99");
  EXPECT_EQ(page[p->SourceOffset(quote)], '\x92');
  EXPECT_EQ(page[p->SourceOffset(quote + 2)], '\x92');
  size_t euro = p->utf8.find("\xE2\x82\xAC");
  EXPECT_EQ(page[p->SourceOffset(euro)], '\x80');
  EXPECT_EQ(p->SourceOffset(p->utf8.size()), page.size());
}

TEST(CharsetTest, HttpCharsetWinsOverMeta) {
  std::string page = "<meta charset=utf-8><p>\xE0 bient\xF4t</p>";
  Result<Utf8Page> p = DecodePage(page, "ISO-8859-1");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->source, "http");
  EXPECT_NE(p->utf8.find("\xC3\xA0 bient\xC3\xB4t"), std::string::npos);
}

TEST(CharsetTest, MislabelledUtf8IsDetected) {
  // Declared UTF-8, but only Latin-1 bytes: nothing valid beyond ASCII.
  std::string page = "<meta charset=utf-8><p>Le pr\xE9sident a d\xE9" "clar\xE9 que la r\xE9"
                     "forme \xE9" "tait n\xE9" "cessaire pour l'\xE9" "conomie du pays.</p>";
  Result<Utf8Page> p = DecodePage(page, "");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->source, "detected");
  EXPECT_NE(p->utf8.find("pr\xC3\xA9sident"), std::string::npos);
}

TEST(CharsetTest, Utf8LabelledLatin1IsUtf8) {
  std::string page = "<meta charset=iso-8859-1><p>d\xC3\xA9j\xC3\xA0 vu</p>";
  Result<Utf8Page> p = DecodePage(page, "");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->charset, "UTF-8");
  EXPECT_EQ(p->utf8, page);
}

TEST(CharsetTest, UndeclaredLegacyBytesAreDetected) {
  std::string page = "<html><body><p>Les \xE9l\xE8ves de l'\xE9""cole ont \xE9t\xE9 tr\xE8s "
                     "appliqu\xE9s cette ann\xE9""e, selon le ma\xEEtre.</p></body></html>";
  Result<Utf8Page> p = DecodePage(page, "");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->source, "detected");
  EXPECT_NE(p->utf8.find("\xC3\xA9l\xC3\xA8ves"), std::string::npos) << p->charset;
}

TEST(CharsetTest, InvalidUtf8AndNulAreReplaced) {
  const char raw[] = "<p>a\xFF" "b\0c\xC3\xA9</p>";
  std::string page(raw, sizeof(raw) - 1);
  Result<Utf8Page> p = DecodePage(page, "utf-8");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->utf8, "<p>a\xEF\xBF\xBD" "b c\xC3\xA9</p>");
  bool multibyte = false;
  EXPECT_TRUE(IsValidUtf8(p->utf8, &multibyte));
  EXPECT_EQ(p->SourceOffset(4), 4u);   // U+FFFD comes from the 0xFF byte
  EXPECT_EQ(p->SourceOffset(7), 5u);   // 'b'
  EXPECT_EQ(p->SourceOffset(p->utf8.size()), page.size());
}

TEST(CharsetTest, UnknownHttpCharsetIsIgnored) {
  Result<Utf8Page> p = DecodePage("<p>plain</p>", "x-no-such-thing");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->charset, "UTF-8");
}

}  // namespace
}  // namespace newsintel
