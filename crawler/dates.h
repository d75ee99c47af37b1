// Dates found in HTTP headers and feeds, as seconds since the Unix epoch.
//
//   std::optional<int64_t> t = ParseFeedDate("Wed, 31 Dec 2003 10:14:55 +0100");
//   if (t) entry.published = FormatIso8601(*t);  // "2003-12-31T09:14:55Z"
//
// All functions are pure and thread-safe.
#ifndef NEWSINTEL_CRAWLER_DATES_H_
#define NEWSINTEL_CRAWLER_DATES_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace newsintel {

// HTTP dates (RFC 9110: IMF-fixdate, RFC 850, asctime) and the RFC 822 dates
// of RSS: optional weekday, full or abbreviated English month names in any
// case, seconds optional, numeric zones (+0100, -05:00) or named ones (GMT,
// UT, UTC, the US zones EST...PDT, WET/BST/CET/CEST/EET/EEST and the
// military letters, read as UTC). No zone is UTC; two-digit years 70-99 are
// 19xx, 00-69 20xx. nullopt for anything else, impossible days included.
std::optional<int64_t> ParseHttpDate(std::string_view text);

// ISO 8601 / W3C-DTF: "2024-05-01", "2024-05-01T10:20Z",
// "2024-05-01T10:20:30.5+02:00", "20240501T102030Z". A missing zone is UTC.
std::optional<int64_t> ParseIso8601(std::string_view text);

// ISO 8601 first, then HTTP/RFC 822.
std::optional<int64_t> ParseFeedDate(std::string_view text);

// "2003-12-31T10:14:55Z".
std::string FormatIso8601(int64_t epoch_seconds);

// Seconds since the epoch of a UTC civil date-time (proleptic Gregorian).
int64_t EpochFromCivil(int64_t year, int month, int day, int hour, int minute, int second);

}  // namespace newsintel

#endif  // NEWSINTEL_CRAWLER_DATES_H_
