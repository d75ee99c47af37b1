#include "crawler/dates.h"

#include <gtest/gtest.h>

namespace newsintel {
namespace {

std::string Iso(const std::optional<int64_t>& t) { return t ? FormatIso8601(*t) : "none"; }

TEST(DatesTest, FormatsAndComputesEpoch) {
  EXPECT_EQ(FormatIso8601(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(EpochFromCivil(2003, 12, 31, 10, 14, 55), 1072865695);
  EXPECT_EQ(FormatIso8601(1072865695), "2003-12-31T10:14:55Z");
  EXPECT_EQ(FormatIso8601(EpochFromCivil(2024, 2, 29, 23, 59, 59)), "2024-02-29T23:59:59Z");
  EXPECT_EQ(FormatIso8601(-86400), "1969-12-31T00:00:00Z");
}

TEST(DatesTest, ParsesIso8601Variants) {
  EXPECT_EQ(Iso(ParseIso8601("2003-12-31T10:14:55Z")), "2003-12-31T10:14:55Z");
  EXPECT_EQ(Iso(ParseIso8601("2003-12-31T10:14:55-08:00")), "2003-12-31T18:14:55Z");
  EXPECT_EQ(Iso(ParseIso8601("2003-12-31T10:14:55.123+0100")), "2003-12-31T09:14:55Z");
  EXPECT_EQ(Iso(ParseIso8601("2003-12-31T10:14Z")), "2003-12-31T10:14:00Z");
  EXPECT_EQ(Iso(ParseIso8601("2003-12-31")), "2003-12-31T00:00:00Z");
  EXPECT_EQ(Iso(ParseIso8601("2003-12")), "2003-12-01T00:00:00Z");
  EXPECT_EQ(Iso(ParseIso8601("2003")), "2003-01-01T00:00:00Z");
  EXPECT_EQ(Iso(ParseIso8601("20031231T101455Z")), "2003-12-31T10:14:55Z");
  EXPECT_EQ(Iso(ParseIso8601(" 2003-12-31 10:14:55 ")), "2003-12-31T10:14:55Z");
  EXPECT_EQ(Iso(ParseIso8601("2003-13-01")), "none");
  EXPECT_EQ(Iso(ParseIso8601("yesterday")), "none");
  EXPECT_EQ(Iso(ParseIso8601("2003-12-31T10:14:55Zjunk")), "none");
}

TEST(DatesTest, ParsesHttpAndRfc822Dates) {
  EXPECT_EQ(Iso(ParseHttpDate("Wed, 31 Dec 2003 10:14:55 GMT")), "2003-12-31T10:14:55Z");
  EXPECT_EQ(Iso(ParseHttpDate("Wednesday, 31-Dec-03 10:14:55 GMT")), "2003-12-31T10:14:55Z");
  EXPECT_EQ(Iso(ParseHttpDate("Wed Dec 31 10:14:55 2003")), "2003-12-31T10:14:55Z");
  EXPECT_EQ(Iso(ParseHttpDate("Wed, 31 Dec 2003 10:14:55 +0100")), "2003-12-31T09:14:55Z");
  EXPECT_EQ(Iso(ParseHttpDate("Wed, 31 Dec 2003 10:14:55 EST")), "2003-12-31T15:14:55Z");
  EXPECT_EQ(Iso(ParseHttpDate("not a date")), "none");
  EXPECT_EQ(Iso(ParseFeedDate("Sat, 07 Sep 2002 00:00:01 GMT")), "2002-09-07T00:00:01Z");
  EXPECT_EQ(Iso(ParseFeedDate("2002-09-07T00:00:01Z")), "2002-09-07T00:00:01Z");
}

TEST(DatesTest, ParsesTheThreeHttpDateForms) {
  EXPECT_EQ(Iso(ParseHttpDate("Sun, 06 Nov 1994 08:49:37 GMT")), "1994-11-06T08:49:37Z");  // IMF-fixdate
  EXPECT_EQ(Iso(ParseHttpDate("Sunday, 06-Nov-94 08:49:37 GMT")), "1994-11-06T08:49:37Z");  // RFC 850
  EXPECT_EQ(Iso(ParseHttpDate("Sun Nov  6 08:49:37 1994")), "1994-11-06T08:49:37Z");        // asctime
}

TEST(DatesTest, ParsesRfc822Variants) {
  EXPECT_EQ(Iso(ParseHttpDate("06 Nov 1994 08:49:37 GMT")), "1994-11-06T08:49:37Z");  // no weekday
  EXPECT_EQ(Iso(ParseHttpDate("Sun, 6 Nov 1994 08:49 +0000")), "1994-11-06T08:49:00Z");  // no seconds
  EXPECT_EQ(Iso(ParseHttpDate("Sun, 06 Nov 94 08:49:37 GMT")), "1994-11-06T08:49:37Z");
  EXPECT_EQ(Iso(ParseHttpDate("Tue, 01 Jan 30 00:00:00 GMT")), "2030-01-01T00:00:00Z");
  EXPECT_EQ(Iso(ParseHttpDate("1 Jan 69 00:00:00 GMT")), "2069-01-01T00:00:00Z");
  EXPECT_EQ(Iso(ParseHttpDate("1 Jan 70 00:00:00 GMT")), "1970-01-01T00:00:00Z");
  EXPECT_EQ(Iso(ParseHttpDate("thu, 02 october 2025 7:05:00 gmt")), "2025-10-02T07:05:00Z");
  EXPECT_EQ(Iso(ParseHttpDate("Thurs, 02 Sept 2025 07:05:00 GMT")), "2025-09-02T07:05:00Z");
  EXPECT_EQ(Iso(ParseHttpDate("Tue, 30 Sep 2025 23:30:00 +0000 (UTC)")), "2025-09-30T23:30:00Z");
  EXPECT_EQ(Iso(ParseHttpDate("30 Sep 2025")), "2025-09-30T00:00:00Z");  // midnight UTC
  EXPECT_EQ(Iso(ParseHttpDate("Wed, 31 Dec 2003 10:14:55")), "2003-12-31T10:14:55Z");  // no zone: UTC
  EXPECT_EQ(Iso(ParseHttpDate("29 Feb 2024 12:00:00 GMT")), "2024-02-29T12:00:00Z");
  EXPECT_EQ(Iso(ParseHttpDate("31 Dec 2016 23:59:60 GMT")), "2017-01-01T00:00:00Z");  // leap second
}

TEST(DatesTest, ParsesNumericZones) {
  EXPECT_EQ(Iso(ParseHttpDate("Mon, 10 Mar 2025 08:00:00 +0100")), "2025-03-10T07:00:00Z");
  EXPECT_EQ(Iso(ParseHttpDate("Mon, 10 Mar 2025 08:00:00 -0530")), "2025-03-10T13:30:00Z");
  EXPECT_EQ(Iso(ParseHttpDate("Mon, 10 Mar 2025 08:00:00 +05:30")), "2025-03-10T02:30:00Z");
  EXPECT_EQ(Iso(ParseHttpDate("Mon, 10 Mar 2025 08:00:00 +02")), "2025-03-10T06:00:00Z");
  EXPECT_EQ(Iso(ParseHttpDate("Mon, 10 Mar 2025 08:00:00 -0000")), "2025-03-10T08:00:00Z");
  EXPECT_EQ(Iso(ParseHttpDate("Mon, 10 Mar 2025 08:00:00 GMT+0200")), "2025-03-10T06:00:00Z");
  EXPECT_EQ(Iso(ParseHttpDate("Mon, 10 Mar 2025 08:00:00 UTC-03:00")), "2025-03-10T11:00:00Z");
  EXPECT_EQ(Iso(ParseHttpDate("Mon, 10-Mar-2025 08:00:00-0100")), "2025-03-10T09:00:00Z");
}

TEST(DatesTest, ParsesNamedZones) {
  struct Case {
    const char* zone;
    const char* utc;
  };
  const Case kCases[] = {
      {"GMT", "2025-03-10T12:00:00Z"}, {"UT", "2025-03-10T12:00:00Z"},   {"UTC", "2025-03-10T12:00:00Z"},
      {"EST", "2025-03-10T17:00:00Z"}, {"EDT", "2025-03-10T16:00:00Z"},  {"CST", "2025-03-10T18:00:00Z"},
      {"CDT", "2025-03-10T17:00:00Z"}, {"MST", "2025-03-10T19:00:00Z"},  {"MDT", "2025-03-10T18:00:00Z"},
      {"PST", "2025-03-10T20:00:00Z"}, {"PDT", "2025-03-10T19:00:00Z"},  {"CET", "2025-03-10T11:00:00Z"},
      {"CEST", "2025-03-10T10:00:00Z"}, {"BST", "2025-03-10T11:00:00Z"}, {"EEST", "2025-03-10T09:00:00Z"},
      {"Z", "2025-03-10T12:00:00Z"},   {"A", "2025-03-10T12:00:00Z"},    {"y", "2025-03-10T12:00:00Z"},
      {"pst", "2025-03-10T20:00:00Z"},
  };
  for (const Case& c : kCases) {
    EXPECT_EQ(Iso(ParseHttpDate(std::string("Mon, 10 Mar 2025 12:00:00 ") + c.zone)), c.utc) << c.zone;
  }
}

TEST(DatesTest, RejectsGarbageAndImpossibleDates) {
  const char* kBad[] = {
      "",
      "   ",
      "now",
      "Mon, 10 Foo 2025 12:00:00 GMT",    // unknown month
      "Mon, 10 Mar 2025 12:00:00 XYZ",    // unknown zone
      "Mon, 10 Mar 2025 12:00:00 J",      // J is no military zone
      "A 10 Mar 2025 12:00:00",           // a military zone comes after the time
      "Mon, 10 Mar 12:00:00 GMT",         // no year
      "Mon, Mar 2025 12:00:00 GMT",       // no day
      "Mon, 10 2025 12:00:00 GMT",        // no month
      "Mon, 32 Mar 2025 12:00:00 GMT",
      "Mon, 0 Mar 2025 12:00:00 GMT",
      "31 Apr 2025",
      "29 Feb 2023",
      "29 Feb 1900",
      "Mon, 10 Mar 2025 24:00:00 GMT",
      "Mon, 10 Mar 2025 12:60:00 GMT",
      "Mon, 10 Mar 2025 12:00:61 GMT",
      "Mon, 10 Mar 2025 12:00:00:00 GMT",
      "Mon, 10 Mar 2025 12:00:00 +2500",
      "Mon, 10 Mar 2025 12:00:00 +01000",
      "Mon, 10 Mar 2025 12:00:00 GMT GMT",
      "Mon, 10 Mar 2025 12:00:00 EST +0100",  // two zones
      "Mon, 10 Mar 2025 12:00:00 +0100 -0100",
      "Mon, 10 Mar 2025 12:00:00 12:00:00 GMT",
      "Mon, 10 Mar Apr 2025 12:00:00 GMT",
      "Mon, 10 Mar 2025 2026 12:00:00 GMT",
      "10 Mar 20251",
      "10 Mar 202",
      "+0100 10 Mar 2025",                // a numeric zone comes after the time
      "Mon, 10 Mar 2025 12:00:00 (UTC",   // unclosed comment
      "Mon, 10 Mar 2025 12:00:00 GMT;",
      "Mon, 10 Mar 2025 12:00:00 \xc3\xa9",
      "lun., 10 mars 2025 12:00:00 +0100",  // French names are not HTTP dates
      "2025-03-10T12:00:00Z",             // ISO 8601 is ParseIso8601's
      "99999999999999999999 Mar 2025",
  };
  for (const char* bad : kBad) EXPECT_EQ(Iso(ParseHttpDate(bad)), "none") << bad;
  EXPECT_EQ(Iso(ParseHttpDate(std::string(300, ' ') + "10 Mar 2025")), "none");  // too long
}

TEST(DatesTest, FeedDatesTryIso8601ThenRfc822) {
  EXPECT_EQ(Iso(ParseFeedDate("2025-03-10T12:00:00+01:00")), "2025-03-10T11:00:00Z");
  EXPECT_EQ(Iso(ParseFeedDate(" Mon, 10 Mar 2025 12:00:00 +0100 ")), "2025-03-10T11:00:00Z");
  EXPECT_EQ(Iso(ParseFeedDate("\n  10 Mar 2025\n")), "2025-03-10T00:00:00Z");
  EXPECT_EQ(Iso(ParseFeedDate("last Tuesday")), "none");
}

}  // namespace
}  // namespace newsintel
