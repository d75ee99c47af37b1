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

}  // namespace
}  // namespace newsintel
