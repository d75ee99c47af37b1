#include "crawler/dates.h"

#include <cstdio>

namespace newsintel {
namespace {

bool Digits(std::string_view s, size_t pos, size_t n, int* value) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  *value = v;
  return true;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// True when `word` is `lower` ignoring ASCII case.
bool EqualsLower(std::string_view word, std::string_view lower) {
  if (word.size() != lower.size()) return false;
  for (size_t i = 0; i < word.size(); ++i) {
    if (Lower(word[i]) != lower[i]) return false;
  }
  return true;
}

// True when `word` is `name` (lower case) or a prefix of it at least three
// letters long, ignoring case: "Thu", "Thurs", "Sept", "June".
bool AbbreviatesName(std::string_view word, std::string_view name) {
  if (word.size() < 3 || word.size() > name.size()) return false;
  for (size_t i = 0; i < word.size(); ++i) {
    if (Lower(word[i]) != name[i]) return false;
  }
  return true;
}

bool IsWeekday(std::string_view word) {
  static constexpr std::string_view kDays[] = {"monday", "tuesday", "wednesday", "thursday",
                                               "friday", "saturday", "sunday"};
  for (std::string_view d : kDays) {
    if (AbbreviatesName(word, d)) return true;
  }
  return false;
}

// 1-12, or 0 when `word` is not an English month name or abbreviation.
int MonthNumber(std::string_view word) {
  static constexpr std::string_view kMonths[] = {"january", "february", "march",     "april",
                                                 "may",     "june",     "july",      "august",
                                                 "september", "october", "november", "december"};
  for (int m = 0; m < 12; ++m) {
    if (AbbreviatesName(word, kMonths[m])) return m + 1;
  }
  return 0;
}

// A zone name's offset east of UTC in seconds, or nullopt. The RFC 822
// names, a few European ones that feeds use, and the military letters, which
// RFC 5322 (4.3) says to read as -0000 because RFC 822 gave them the wrong
// signs.
std::optional<int> ZoneNameOffset(std::string_view word) {
  struct Zone {
    std::string_view name;
    int hours;
  };
  static constexpr Zone kZones[] = {
      {"gmt", 0},  {"ut", 0},   {"utc", 0},  {"est", -5}, {"edt", -4},  {"cst", -6}, {"cdt", -5},
      {"mst", -7}, {"mdt", -6}, {"pst", -8}, {"pdt", -7}, {"wet", 0},   {"west", 1}, {"bst", 1},
      {"cet", 1},  {"cest", 2}, {"met", 1},  {"mest", 2}, {"eet", 2},   {"eest", 3},
  };
  if (word.size() == 1) {
    if (Lower(word[0]) == 'j') return std::nullopt;  // the one letter that is not a zone
    return 0;
  }
  for (const Zone& z : kZones) {
    if (EqualsLower(word, z.name)) return z.hours * 3600;
  }
  return std::nullopt;
}

// GMT, UT and UTC, which may be followed by a numeric offset: "GMT+02:00".
bool IsUtcName(std::string_view word) {
  return EqualsLower(word, "gmt") || EqualsLower(word, "ut") || EqualsLower(word, "utc");
}

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

}  // namespace

int64_t EpochFromCivil(int64_t y, int m, int d, int hour, int minute, int second) {
  // Howard Hinnant's days_from_civil.
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  const int64_t days = era * 146097 + doe - 719468;
  return days * 86400 + hour * 3600 + minute * 60 + second;
}

std::string FormatIso8601(int64_t t) {
  int64_t days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
  int64_t secs = t - days * 86400;
  // Howard Hinnant's civil_from_days.
  int64_t z = days + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t y = yoe + era * 400;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int64_t d = doy - (153 * mp + 2) / 5 + 1;
  const int64_t m = mp < 10 ? mp + 3 : mp - 9;
  if (m <= 2) ++y;
  char buf[96];
  std::snprintf(buf, sizeof(buf), "%04lld-%02lld-%02lldT%02lld:%02lld:%02lldZ", static_cast<long long>(y),
                static_cast<long long>(m), static_cast<long long>(d), static_cast<long long>(secs / 3600),
                static_cast<long long>(secs / 60 % 60), static_cast<long long>(secs % 60));
  return buf;
}

std::optional<int64_t> ParseIso8601(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r')) s.remove_suffix(1);
  int year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0;
  if (!Digits(s, 0, 4, &year)) return std::nullopt;
  size_t p = 4;
  bool basic = false;  // 20240501T102030Z
  if (p < s.size() && s[p] == '-') {
    if (!Digits(s, p + 1, 2, &month)) return std::nullopt;
    p += 3;
    if (p < s.size() && s[p] == '-') {
      if (!Digits(s, p + 1, 2, &day)) return std::nullopt;
      p += 3;
    }
  } else if (Digits(s, 4, 2, &month) && Digits(s, 6, 2, &day)) {
    basic = true;
    p = 8;
  } else if (p != s.size()) {
    return std::nullopt;
  }
  if (month < 1 || month > 12 || day < 1 || day > 31) return std::nullopt;
  int offset = 0;
  if (p < s.size() && (s[p] == 'T' || s[p] == 't' || s[p] == ' ')) {
    ++p;
    if (!Digits(s, p, 2, &hour)) return std::nullopt;
    p += 2;
    if (p < s.size() && s[p] == ':') ++p;
    if (!Digits(s, p, 2, &minute)) return std::nullopt;
    p += 2;
    if (p < s.size() && (s[p] == ':' || (basic && s[p] >= '0' && s[p] <= '9'))) {
      if (s[p] == ':') ++p;
      if (!Digits(s, p, 2, &second)) return std::nullopt;
      p += 2;
      if (p < s.size() && (s[p] == '.' || s[p] == ',')) {
        ++p;
        while (p < s.size() && s[p] >= '0' && s[p] <= '9') ++p;
      }
    }
    if (hour > 24 || minute > 59 || second > 60) return std::nullopt;
    if (p < s.size()) {
      if (s[p] == 'Z' || s[p] == 'z') {
        ++p;
      } else if (s[p] == '+' || s[p] == '-') {
        int sign = s[p] == '-' ? -1 : 1;
        int oh = 0, om = 0;
        if (!Digits(s, p + 1, 2, &oh)) return std::nullopt;
        p += 3;
        if (p < s.size() && s[p] == ':') ++p;
        if (Digits(s, p, 2, &om)) p += 2;
        offset = sign * (oh * 3600 + om * 60);
      }
    }
  }
  if (p != s.size()) return std::nullopt;
  return EpochFromCivil(year, month, day, hour, minute, second) - offset;
}

// The fields may come in any order (RFC 822 puts the day before the month,
// asctime after it), each at most once: words are a weekday (ignored), a
// month or a zone; "h:mm[:ss]" is the time; a sign and digits after the time
// are a numeric zone; one or two digits are the day, then a two-digit year;
// four digits are the year. Spaces, commas, dots, slashes, dashes and
// (comments) separate. Day, month and year are required; the time defaults
// to midnight and the zone to UTC.
std::optional<int64_t> ParseHttpDate(std::string_view s) {
  if (s.size() > 200) return std::nullopt;
  int year = -1, month = 0, day = 0, hour = -1, minute = 0, second = 0;
  bool weekday = false, zone_named = false, zone_numeric = false, zone_is_utc = false;
  int offset = 0;  // seconds east of UTC
  size_t p = 0;
  while (p < s.size()) {
    char c = s[p];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ',' || c == '.' || c == '/') {
      ++p;
    } else if (c == '(') {  // an RFC 5322 comment: "+0000 (UTC)"
      int depth = 0;
      for (; p < s.size(); ++p) {
        if (s[p] == '(') ++depth;
        if (s[p] == ')' && --depth == 0) break;
      }
      if (p == s.size()) return std::nullopt;
      ++p;
    } else if ((c == '+' || c == '-') && hour >= 0 && p + 1 < s.size() && IsDigit(s[p + 1])) {
      // "+0100", "-05:00", "+01"; after "GMT" or "UTC" it replaces their 0.
      if (zone_numeric || (zone_named && !zone_is_utc)) return std::nullopt;
      int hh = 0, mm = 0;
      size_t q = p + 1;
      if (!Digits(s, q, 2, &hh)) return std::nullopt;
      q += 2;
      if (q < s.size() && s[q] == ':') ++q;
      if (Digits(s, q, 2, &mm)) q += 2;
      if (q < s.size() && IsDigit(s[q])) return std::nullopt;
      if (hh > 23 || mm > 59) return std::nullopt;
      offset = (c == '-' ? -1 : 1) * (hh * 3600 + mm * 60);
      zone_numeric = true;
      p = q;
    } else if (c == '-') {  // "31-Dec-03"
      ++p;
    } else if (IsLetter(c)) {
      size_t end = p;
      while (end < s.size() && IsLetter(s[end])) ++end;
      std::string_view word = s.substr(p, end - p);
      p = end;
      std::optional<int> zone = ZoneNameOffset(word);
      if (!weekday && IsWeekday(word)) {
        weekday = true;
      } else if (month == 0 && MonthNumber(word) != 0) {
        month = MonthNumber(word);
      } else if (!zone_named && !zone_numeric && zone && (word.size() > 1 || hour >= 0)) {  // "A": after the time
        offset = *zone;
        zone_named = true;
        zone_is_utc = IsUtcName(word);
      } else {
        return std::nullopt;
      }
    } else if (IsDigit(c)) {
      size_t end = p;
      while (end < s.size() && IsDigit(s[end])) ++end;
      size_t n = end - p;
      int value = 0;
      if (n > 4 || !Digits(s, p, n, &value)) return std::nullopt;
      if (end < s.size() && s[end] == ':') {  // the time
        if (hour >= 0 || n > 2) return std::nullopt;
        hour = value;
        p = end + 1;
        if (!Digits(s, p, 2, &minute)) return std::nullopt;
        p += 2;
        if (p < s.size() && s[p] == ':') {
          if (!Digits(s, p + 1, 2, &second)) return std::nullopt;
          p += 3;
        }
        if (p < s.size() && (IsDigit(s[p]) || s[p] == ':')) return std::nullopt;
        if (hour > 23 || minute > 59 || second > 60) return std::nullopt;
      } else if (n <= 2 && day == 0) {
        day = value;
        p = end;
      } else if ((n == 2 || n == 4) && year < 0) {
        year = n == 4 ? value : value < 70 ? 2000 + value : 1900 + value;  // RFC 850's two-digit years
        p = end;
      } else {
        return std::nullopt;
      }
    } else {
      return std::nullopt;
    }
  }
  if (year < 0 || month == 0 || day < 1 || day > DaysInMonth(year, month)) return std::nullopt;
  if (hour < 0) hour = 0;
  return EpochFromCivil(year, month, day, hour, minute, second) - offset;
}

std::optional<int64_t> ParseFeedDate(std::string_view text) {
  if (auto t = ParseIso8601(text)) return t;
  return ParseHttpDate(text);
}

}  // namespace newsintel
