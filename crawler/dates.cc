#include "crawler/dates.h"

#include <curl/curl.h>

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

std::optional<int64_t> ParseHttpDate(std::string_view text) {
  std::string s(text);
  if (s.empty() || s.size() > 200) return std::nullopt;
  time_t t = curl_getdate(s.c_str(), nullptr);
  if (t == static_cast<time_t>(-1)) return std::nullopt;
  return static_cast<int64_t>(t);
}

std::optional<int64_t> ParseFeedDate(std::string_view text) {
  if (auto t = ParseIso8601(text)) return t;
  return ParseHttpDate(text);
}

}  // namespace newsintel
