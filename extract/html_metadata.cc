#include "extract/html_metadata.h"

#include <simdjson.h>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <memory>
#include <utility>
#include <vector>

#include "extract/normalize.h"
#include "extract/url.h"

namespace newsintel {
namespace {

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::string LowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = Lower(c);
  return out;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

std::string Collapse(std::string_view s) {
  std::string out;
  AppendCollapsed(s, &out);
  while (!out.empty() && out.back() == ' ') out.pop_back();
  if (!out.empty() && out[0] == ' ') out.erase(0, 1);
  return out;
}

bool StartsWith(std::string_view s, std::string_view p) { return s.size() >= p.size() && s.compare(0, p.size(), p) == 0; }

// ---------------------------------------------------------------- dates

struct MonthName {
  const char* name;
  int month;
};
// English and French month names and abbreviations, folded (no accents).
constexpr MonthName kMonths[] = {
    {"january", 1},  {"jan", 1},  {"janvier", 1},  {"janv", 1},   {"february", 2}, {"feb", 2},
    {"fevrier", 2},  {"fevr", 2}, {"fev", 2},      {"march", 3},  {"mar", 3},      {"mars", 3},
    {"april", 4},    {"apr", 4},  {"avril", 4},    {"avr", 4},    {"may", 5},      {"mai", 5},
    {"june", 6},     {"jun", 6},  {"juin", 6},     {"july", 7},   {"jul", 7},      {"juillet", 7},
    {"juil", 7},     {"august", 8}, {"aug", 8},    {"aout", 8},   {"september", 9}, {"sep", 9},
    {"sept", 9},     {"septembre", 9}, {"october", 10}, {"oct", 10}, {"octobre", 10}, {"november", 11},
    {"nov", 11},     {"novembre", 11}, {"december", 12}, {"dec", 12}, {"decembre", 12},
};

int MonthFromWord(std::string_view w) {
  for (const MonthName& m : kMonths) {
    if (w == m.name) return m.month;
  }
  return 0;
}

int DaysInMonth(int y, int m) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
  return kDays[m - 1];
}

bool ValidDate(int y, int m, int d) { return y >= 1900 && y <= 2200 && m >= 1 && m <= 12 && d >= 1 && d <= DaysInMonth(y, m); }

struct DateParts {
  int year = 0, month = 0, day = 0;
  int hour = -1, minute = 0, second = 0;
  std::string zone;  // "", "Z" or "+hh:mm"
};

std::string Format(const DateParts& p) {
  char buf[64];
  if (p.hour < 0) {
    std::snprintf(buf, sizeof(buf), "%04d-%02d-%02d", p.year, p.month, p.day);
  } else {
    std::snprintf(buf, sizeof(buf), "%04d-%02d-%02dT%02d:%02d:%02d", p.year, p.month, p.day, p.hour, p.minute,
                  p.second);
  }
  return std::string(buf) + (p.hour >= 0 ? p.zone : "");
}

// Reads up to `max` digits at s[*i]; returns -1 if there are fewer than `min`.
int ReadNumber(std::string_view s, size_t* i, int min, int max) {
  int v = 0, n = 0;
  while (*i < s.size() && n < max && IsDigit(s[*i])) {
    v = v * 10 + (s[*i] - '0');
    ++*i;
    ++n;
  }
  return n >= min ? v : -1;
}

// "+05:30", "-0500", "Z", " GMT", " UTC" at s[*i].
std::string ReadZone(std::string_view s, size_t* i) {
  size_t p = *i;
  while (p < s.size() && s[p] == ' ') ++p;
  if (p < s.size() && (s[p] == 'z' || s[p] == 'Z') && (p + 1 == s.size() || !isalpha(static_cast<unsigned char>(s[p + 1])))) {
    *i = p + 1;
    return "Z";
  }
  if (s.compare(p, 3, "gmt") == 0 || s.compare(p, 3, "utc") == 0 || s.compare(p, 3, "GMT") == 0 ||
      s.compare(p, 3, "UTC") == 0) {
    p += 3;
    if (p < s.size() && (s[p] == '+' || s[p] == '-')) {
      // "GMT+1" style: fall through to the offset.
    } else {
      *i = p;
      return "Z";
    }
  }
  if (p < s.size() && (s[p] == '+' || s[p] == '-')) {
    char sign = s[p++];
    size_t q = p;
    int hh = ReadNumber(s, &q, 1, 2);
    if (hh < 0 || hh > 14) return "";
    int mm = 0;
    if (q < s.size() && s[q] == ':') ++q;
    if (q < s.size() && IsDigit(s[q])) mm = ReadNumber(s, &q, 2, 2);
    if (mm < 0 || mm > 59) return "";
    *i = q;
    if (hh == 0 && mm == 0) return "Z";
    char buf[8];
    std::snprintf(buf, sizeof(buf), "%c%02d:%02d", sign, hh, mm);
    return buf;
  }
  return "";
}

// ISO 8601 and relatives: 2019-11-19, 2019/11/19, 2019.11.19, 20191119,
// optionally followed by [T ]hh:mm[:ss[.fff]] and a zone.
bool ParseIsoLike(std::string_view s, DateParts* out) {
  size_t i = 0;
  int y = ReadNumber(s, &i, 4, 4);
  if (y < 0) return false;
  int m, d;
  if (i < s.size() && (s[i] == '-' || s[i] == '/' || s[i] == '.')) {
    char sep = s[i++];
    m = ReadNumber(s, &i, 1, 2);
    if (m < 0 || i >= s.size() || s[i] != sep) return false;
    ++i;
    d = ReadNumber(s, &i, 1, 2);
  } else {
    m = ReadNumber(s, &i, 2, 2);
    d = ReadNumber(s, &i, 2, 2);
    if (i < s.size() && IsDigit(s[i])) return false;
  }
  if (d < 0 || !ValidDate(y, m, d)) return false;
  out->year = y;
  out->month = m;
  out->day = d;
  if (i < s.size() && (s[i] == 't' || s[i] == 'T' || s[i] == ' ') && i + 1 < s.size() && IsDigit(s[i + 1])) {
    size_t p = i + 1;
    int hh = ReadNumber(s, &p, 2, 2);
    if (hh >= 0 && hh < 24 && p < s.size() && s[p] == ':') {
      ++p;
      int mm = ReadNumber(s, &p, 2, 2);
      if (mm >= 0 && mm < 60) {
        int ss = 0;
        if (p < s.size() && s[p] == ':') {
          ++p;
          ss = ReadNumber(s, &p, 2, 2);
          if (ss < 0 || ss > 60) ss = 0;
          if (p < s.size() && (s[p] == '.' || s[p] == ',')) {
            ++p;
            while (p < s.size() && IsDigit(s[p])) ++p;
          }
        }
        out->hour = hh;
        out->minute = mm;
        out->second = ss == 60 ? 59 : ss;
        out->zone = ReadZone(s, &p);
      }
    }
  }
  return true;
}

// Free-form dates: "Tue, 19 Nov 2019 13:03:00 GMT", "November 19, 2019 1:03 PM",
// "19 novembre 2019 a 14h30", "11/19/2019".
bool ParseWords(std::string_view s, DateParts* out) {
  std::vector<std::string> words;
  std::vector<int> numbers;  // parallel: number value or -1
  int month = 0, day = 0, year = 0, hour = -1, minute = 0, second = 0;
  bool pm = false, am = false;
  std::string zone;
  std::vector<int> loose;  // numbers that are not part of a time
  size_t i = 0;
  while (i < s.size()) {
    char c = s[i];
    if (IsDigit(c)) {
      size_t p = i;
      int v = ReadNumber(s, &p, 1, 4);
      // hh:mm[:ss] or 14h30
      if (p < s.size() && (s[p] == ':' || (s[p] == 'h' && p + 1 < s.size() && IsDigit(s[p + 1]))) && v < 24 &&
          hour < 0 && p + 1 < s.size() && IsDigit(s[p + 1])) {
        size_t q = p + 1;
        int mm = ReadNumber(s, &q, 2, 2);
        if (mm >= 0 && mm < 60) {
          hour = v;
          minute = mm;
          if (q < s.size() && s[q] == ':') {
            size_t r = q + 1;
            int ss = ReadNumber(s, &r, 2, 2);
            if (ss >= 0 && ss < 61) {
              second = ss == 60 ? 59 : ss;
              q = r;
            }
          }
          i = q;
          std::string z = ReadZone(s, &i);
          if (!z.empty()) zone = z;
          continue;
        }
      }
      // 1er, 19th, 2nd, 3rd
      size_t w = p;
      while (w < s.size() && isalpha(static_cast<unsigned char>(s[w]))) ++w;
      std::string_view suffix = s.substr(p, w - p);
      if (suffix == "er" || suffix == "st" || suffix == "nd" || suffix == "rd" || suffix == "th") p = w;
      else if (!suffix.empty()) {
        i = w;
        continue;
      }
      // d/m/y or m/d/y
      if (p - i <= 2 && p < s.size() && (s[p] == '/' || s[p] == '.' || s[p] == '-') && p + 1 < s.size() &&
          IsDigit(s[p + 1])) {
        char sep = s[p];
        size_t q = p + 1;
        int b = ReadNumber(s, &q, 1, 2);
        if (q < s.size() && s[q] == sep && q + 1 < s.size() && IsDigit(s[q + 1])) {
          ++q;
          int y = ReadNumber(s, &q, 2, 4);
          if (y >= 0 && y < 100) y += 2000;
          int a = v;
          if (a > 12 && b <= 12) {
            day = a, month = b, year = y;
          } else if (b > 12 && a <= 12) {
            day = b, month = a, year = y;
          } else if (a == b) {
            day = a, month = b, year = y;
          } else if (sep == '.') {  // 19.11.2019 is European
            day = a, month = b, year = y;
          } else {
            return false;  // ambiguous
          }
          i = q;
          continue;
        }
      }
      loose.push_back(v);
      i = p;
      continue;
    }
    if (isalpha(static_cast<unsigned char>(c))) {
      size_t p = i;
      while (p < s.size() && isalpha(static_cast<unsigned char>(s[p]))) ++p;
      std::string w(s.substr(i, p - i));
      int m = MonthFromWord(w);
      if (m != 0 && month == 0) month = m;
      else if (w == "pm") pm = true;
      else if (w == "am") am = true;
      else if (w == "gmt" || w == "utc" || w == "z") {
        size_t q = i;
        std::string z = ReadZone(s, &q);
        if (!z.empty()) {
          zone = z;
          p = q;
        }
      }
      i = p;
      continue;
    }
    if ((c == '+' || c == '-') && hour >= 0 && zone.empty() && i + 4 < s.size() && IsDigit(s[i + 1])) {
      size_t q = i;
      std::string z = ReadZone(s, &q);
      if (!z.empty()) {
        zone = z;
        i = q;
        continue;
      }
    }
    ++i;
  }
  if (year == 0) {
    for (size_t k = 0; k < loose.size(); ++k) {
      if (loose[k] >= 1900 && loose[k] <= 2200) {
        year = loose[k];
        loose.erase(loose.begin() + static_cast<long>(k));
        break;
      }
    }
    if (month != 0) {
      for (int v : loose) {
        if (v >= 1 && v <= 31) {
          day = v;
          break;
        }
      }
    }
  }
  if (!ValidDate(year, month, day)) return false;
  out->year = year;
  out->month = month;
  out->day = day;
  if (hour >= 0) {
    if (pm && hour < 12) hour += 12;
    if (am && hour == 12) hour = 0;
    out->hour = hour;
    out->minute = minute;
    out->second = second;
    out->zone = zone;
  }
  return true;
}

// Days since 1970-01-01 to civil date (Howard Hinnant's algorithm).
void CivilFromDays(int64_t z, int* y, int* m, int* d) {
  z += 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t yy = yoe + era * 400;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  *d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  *m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  *y = static_cast<int>(yy + (*m <= 2));
}

// ---------------------------------------------------------------- titles

const char* const kTitleSeparators[] = {" | ", " - ", " \xE2\x80\x93 ", " \xE2\x80\x94 ", " :: ", " \xC2\xBB ",
                                        " \xC2\xB7 ", " // ", " \xE2\x80\xA2 ", " ~ ", " / "};

size_t WordCount(std::string_view s) {
  size_t n = 0;
  bool in = false;
  for (char c : s) {
    bool space = c == ' ';
    if (!space && !in) ++n;
    in = !space;
  }
  return n;
}

// ---------------------------------------------------------------- JSON-LD

struct LdFields {
  std::string headline, date_published, date_created, date_modified, url, language, publisher, site_name;
  std::vector<std::string> authors;
  int rank = 0;  // how article-like the object that gave the fields is
};

// Makes typical JSON-LD blunders parseable: comment or CDATA wrappers, raw
// control characters in strings, trailing commas.
std::string CleanJsonLd(std::string_view raw) {
  std::string s(raw);
  for (const char* junk : {"<!--", "-->", "//<![CDATA[", "//]]>", "<![CDATA[", "]]>"}) {
    for (size_t p = s.find(junk); p != std::string::npos; p = s.find(junk)) s.replace(p, std::strlen(junk), " ");
  }
  std::string out;
  out.reserve(s.size());
  bool in_string = false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (static_cast<unsigned char>(c) < 0x20) c = ' ';
    if (in_string) {
      out.push_back(c);
      if (c == '\\' && i + 1 < s.size()) {
        out.push_back(s[++i]);
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') in_string = true;
    if (c == '}' || c == ']') {
      size_t k = out.size();
      while (k > 0 && out[k - 1] == ' ') --k;
      if (k > 0 && out[k - 1] == ',') out.erase(k - 1);
    }
    out.push_back(c);
  }
  return out;
}

int ArticleRank(std::string_view type) {
  if (type.find("NewsArticle") != std::string_view::npos || type == "ReportageNewsArticle") return 4;
  if (type.find("Article") != std::string_view::npos || type == "BlogPosting" || type == "Report" ||
      type == "LiveBlogPosting" || type == "SocialMediaPosting")
    return 3;
  if (type == "WebPage" || type == "ItemPage") return 1;
  return 0;
}

std::string JsonString(simdjson::dom::element e) {
  std::string_view sv;
  if (e.get_string().get(sv) == simdjson::SUCCESS) return Collapse(sv);
  return "";
}

// A name out of "x", {"name": "x"}, [{"name": "x"}, ...].
void CollectNames(simdjson::dom::element e, std::vector<std::string>* out) {
  if (e.is_string()) {
    std::string s = JsonString(e);
    if (!s.empty() && !HasScheme(s)) out->push_back(s);
    return;
  }
  simdjson::dom::array arr;
  if (e.get_array().get(arr) == simdjson::SUCCESS) {
    for (simdjson::dom::element x : arr) {
      if (!x.is_array()) CollectNames(x, out);
    }
    return;
  }
  simdjson::dom::object obj;
  if (e.get_object().get(obj) == simdjson::SUCCESS) {
    simdjson::dom::element name;
    if (obj["name"].get(name) == simdjson::SUCCESS && name.is_string()) {
      std::string s = JsonString(name);
      if (!s.empty()) out->push_back(s);
    }
  }
}

std::string TypeOf(simdjson::dom::object obj) {
  simdjson::dom::element t;
  if (obj["@type"].get(t) != simdjson::SUCCESS) return "";
  if (t.is_string()) return JsonString(t);
  simdjson::dom::array arr;
  if (t.get_array().get(arr) == simdjson::SUCCESS) {
    std::string best;
    int best_rank = -1;
    for (simdjson::dom::element x : arr) {
      std::string s = JsonString(x);
      if (ArticleRank(s) > best_rank) {
        best = s;
        best_rank = ArticleRank(s);
      }
    }
    return best;
  }
  return "";
}

void ReadLdObject(simdjson::dom::object obj, int rank, LdFields* f) {
  simdjson::dom::element e;
  auto take = [&obj, &e](const char* key, std::string* dst) {
    if (dst->empty() && obj[key].get(e) == simdjson::SUCCESS) *dst = JsonString(e);
  };
  take("headline", &f->headline);
  if (f->headline.empty()) take("name", &f->headline);
  take("datePublished", &f->date_published);
  take("dateCreated", &f->date_created);
  take("dateModified", &f->date_modified);
  take("url", &f->url);
  if (f->url.empty() && obj["mainEntityOfPage"].get(e) == simdjson::SUCCESS) {
    if (e.is_string()) {
      f->url = JsonString(e);
    } else {
      simdjson::dom::object m;
      simdjson::dom::element id;
      if (e.get_object().get(m) == simdjson::SUCCESS && m["@id"].get(id) == simdjson::SUCCESS) f->url = JsonString(id);
    }
  }
  take("inLanguage", &f->language);
  if (f->authors.empty() && obj["author"].get(e) == simdjson::SUCCESS) CollectNames(e, &f->authors);
  if (f->authors.empty() && obj["creator"].get(e) == simdjson::SUCCESS) CollectNames(e, &f->authors);
  if (f->publisher.empty() && obj["publisher"].get(e) == simdjson::SUCCESS) {
    std::vector<std::string> names;
    CollectNames(e, &names);
    if (!names.empty()) f->publisher = names[0];
  }
  f->rank = rank;
}

// Walks every object of one JSON-LD block (explicit stack) and fills `f`
// from the most article-like object; site names from WebSite/Organization.
void ReadJsonLd(std::string_view raw, simdjson::dom::parser* parser, LdFields* f) {
  std::string cleaned = CleanJsonLd(raw);
  simdjson::dom::element root;
  if (parser->parse(cleaned).get(root) != simdjson::SUCCESS) return;
  std::vector<simdjson::dom::element> stack = {root};
  std::vector<std::pair<int, simdjson::dom::object>> articles;
  while (!stack.empty() && stack.size() < 10000) {
    simdjson::dom::element e = stack.back();
    stack.pop_back();
    simdjson::dom::array arr;
    if (e.get_array().get(arr) == simdjson::SUCCESS) {
      for (simdjson::dom::element x : arr) stack.push_back(x);
      continue;
    }
    simdjson::dom::object obj;
    if (e.get_object().get(obj) != simdjson::SUCCESS) continue;
    std::string type = TypeOf(obj);
    int rank = ArticleRank(type);
    if (rank > 0) articles.emplace_back(rank, obj);
    if ((type == "WebSite" || type == "NewsMediaOrganization" || type == "Organization") && f->site_name.empty()) {
      simdjson::dom::element name;
      if (obj["name"].get(name) == simdjson::SUCCESS) f->site_name = JsonString(name);
    }
    simdjson::dom::element graph;
    if (obj["@graph"].get(graph) == simdjson::SUCCESS) stack.push_back(graph);
  }
  int best = -1;
  for (size_t k = 0; k < articles.size(); ++k) {
    if (best < 0 || articles[k].first > articles[best].first) best = static_cast<int>(k);
  }
  if (best >= 0 && articles[best].first >= f->rank) {
    LdFields fresh;
    fresh.site_name = f->site_name;
    if (articles[best].first == f->rank) fresh = *f;  // same rank: fill what is missing
    ReadLdObject(articles[best].second, articles[best].first, &fresh);
    *f = std::move(fresh);
  }
}

// Lenient fallback for JSON-LD that does not parse: "key": "value" pairs.
std::string ScanJsonKey(std::string_view raw, std::string_view key) {
  std::string needle = "\"" + std::string(key) + "\"";
  size_t p = raw.find(needle);
  if (p == std::string_view::npos) return "";
  p += needle.size();
  while (p < raw.size() && (raw[p] == ' ' || raw[p] == '\n' || raw[p] == '\t' || raw[p] == '\r')) ++p;
  if (p >= raw.size() || raw[p] != ':') return "";
  ++p;
  while (p < raw.size() && (raw[p] == ' ' || raw[p] == '\n' || raw[p] == '\t' || raw[p] == '\r')) ++p;
  if (p >= raw.size() || raw[p] != '"') return "";
  size_t e = p + 1;
  while (e < raw.size() && raw[e] != '"') e += raw[e] == '\\' ? 2 : 1;
  if (e >= raw.size()) return "";
  return Collapse(raw.substr(p + 1, e - p - 1));
}

// ---------------------------------------------------------------- authors

std::string CleanAuthor(std::string_view raw) {
  std::string s = Collapse(raw);
  std::string folded = LowerAscii(s);
  for (const char* prefix : {"by ", "par ", "written by ", "posted by ", "von ", "por "}) {
    if (StartsWith(folded, prefix)) {
      s.erase(0, std::strlen(prefix));
      folded.erase(0, std::strlen(prefix));
    }
  }
  while (!s.empty() && (s.back() == ',' || s.back() == '|' || s.back() == ' ')) s.pop_back();
  if (s.empty() || s.size() > 100 || HasScheme(s) || s[0] == '@') return "";
  return s;
}

std::string JoinAuthors(const std::vector<std::string>& names) {
  std::vector<std::string> unique;
  for (const std::string& n : names) {
    std::string c = CleanAuthor(n);
    if (c.empty()) continue;
    bool seen = false;
    for (const std::string& u : unique) seen = seen || FoldKey(u) == FoldKey(c);
    if (!seen) unique.push_back(c);
  }
  std::string out;
  for (const std::string& u : unique) {
    if (!out.empty()) out += ", ";
    out += u;
  }
  return out;
}

std::string PrimaryLanguage(std::string_view tag) {
  std::string out;
  for (char c : tag) {
    if (c == '-' || c == '_' || c == ',' || c == ';' || c == ' ') {
      if (!out.empty()) break;
      continue;
    }
    if (!isalpha(static_cast<unsigned char>(c))) return "";
    out.push_back(Lower(c));
  }
  return out.size() == 2 || out.size() == 3 ? out : "";
}

bool HasToken(std::string_view list, std::string_view token) {
  std::string l = LowerAscii(list);
  size_t p = 0;
  while (p < l.size()) {
    while (p < l.size() && l[p] == ' ') ++p;
    size_t e = l.find(' ', p);
    if (e == std::string::npos) e = l.size();
    if (std::string_view(l).substr(p, e - p) == token) return true;
    p = e;
  }
  return false;
}

}  // namespace

std::string NormalizeDate(std::string_view text) {
  std::string s = FoldKey(text);
  if (s.empty() || s.size() > 200) return "";
  // Unix time in seconds or milliseconds.
  bool all_digits = true;
  for (char c : s) all_digits = all_digits && IsDigit(c);
  if (all_digits && (s.size() == 10 || s.size() == 13)) {
    int64_t t = std::stoll(s.substr(0, 10));
    DateParts p;
    CivilFromDays(t / 86400, &p.year, &p.month, &p.day);
    int64_t secs = t % 86400;
    p.hour = static_cast<int>(secs / 3600);
    p.minute = static_cast<int>(secs / 60 % 60);
    p.second = static_cast<int>(secs % 60);
    p.zone = "Z";
    return p.year >= 1995 && p.year <= 2100 ? Format(p) : "";
  }
  DateParts p;
  // Skip a leading weekday or label ("Published: 2019-11-19").
  size_t digit = s.find_first_of("0123456789");
  if (digit != std::string::npos && ParseIsoLike(std::string_view(s).substr(digit), &p)) return Format(p);
  if (ParseWords(s, &p)) return Format(p);
  return "";
}

std::string CleanTitle(std::string_view title_in, std::string_view site_name) {
  std::string title = Collapse(title_in);
  if (title.empty()) return title;
  std::string site = FoldKey(site_name);
  if (!site.empty()) {
    for (const char* sep : kTitleSeparators) {
      size_t sep_len = std::strlen(sep);
      size_t cut = title.rfind(sep);
      if (cut != std::string::npos && cut > 0 && FoldKey(std::string_view(title).substr(cut + sep_len)) == site) {
        return Collapse(std::string_view(title).substr(0, cut));
      }
      size_t first = title.find(sep);
      if (first != std::string::npos && first + sep_len < title.size() &&
          FoldKey(std::string_view(title).substr(0, first)) == site) {
        return Collapse(std::string_view(title).substr(first + sep_len));
      }
    }
    if (FoldKey(title) == site) return title;
  }
  // No site name to go by: drop short trailing parts ("Title - Section - Site").
  for (int round = 0; round < 2; ++round) {
    size_t best = std::string::npos, best_len = 0;
    for (const char* sep : kTitleSeparators) {
      size_t cut = title.rfind(sep);
      if (cut != std::string::npos && (best == std::string::npos || cut > best)) {
        best = cut;
        best_len = std::strlen(sep);
      }
    }
    if (best == std::string::npos) break;
    std::string_view head = std::string_view(title).substr(0, best);
    std::string_view tail = std::string_view(title).substr(best + best_len);
    if (WordCount(tail) > 4 || WordCount(head) < 3) break;
    title = Collapse(head);
  }
  return title;
}

PageMetadata ExtractPageMetadata(const HtmlTree& tree, std::string_view base_url) {
  PageMetadata meta;
  std::vector<std::pair<std::string, std::string>> metas;  // lower-cased key -> content
  std::string title_tag, canonical, html_lang, rel_author, byline, item_author, item_date, item_headline;
  std::vector<std::string> h1s;
  std::vector<std::string> times;
  std::string pub_time;  // <time pubdate> or itemprop=datePublished
  LdFields ld;
  std::unique_ptr<simdjson::dom::parser> parser;
  int in_svg_end = -1;
  for (int i = 0; i < tree.size(); ++i) {
    const HtmlNode& n = tree.node(i);
    if (!n.is_element) continue;
    if (i < in_svg_end) continue;
    switch (n.tag) {
      case GUMBO_TAG_SVG:
      case GUMBO_TAG_MATH:
        in_svg_end = n.end;
        continue;
      case GUMBO_TAG_HTML: {
        const char* lang = tree.Attr(i, "lang");
        if (lang == nullptr) lang = tree.Attr(i, "xml:lang");
        if (lang != nullptr && html_lang.empty()) html_lang = PrimaryLanguage(lang);
        break;
      }
      case GUMBO_TAG_TITLE:
        if (title_tag.empty()) title_tag = tree.Text(i);
        break;
      case GUMBO_TAG_META: {
        const char* content = tree.Attr(i, "content");
        if (content == nullptr) break;
        for (const char* attr : {"property", "name", "itemprop", "http-equiv"}) {
          const char* key = tree.Attr(i, attr);
          if (key != nullptr && *key != '\0') metas.emplace_back(LowerAscii(Collapse(key)), content);
        }
        break;
      }
      case GUMBO_TAG_LINK: {
        const char* rel = tree.Attr(i, "rel");
        const char* href = tree.Attr(i, "href");
        if (rel != nullptr && href != nullptr && canonical.empty() && HasToken(rel, "canonical")) canonical = href;
        break;
      }
      case GUMBO_TAG_SCRIPT: {
        const char* type = tree.Attr(i, "type");
        if (type == nullptr || LowerAscii(type).find("ld+json") == std::string::npos) break;
        for (int k = i + 1; k < n.end; ++k) {
          if (!tree.node(k).is_text) continue;
          std::string_view raw = tree.node(k).node->v.text.text;
          if (parser == nullptr) parser = std::make_unique<simdjson::dom::parser>();
          int rank_before = ld.rank;
          ReadJsonLd(raw, parser.get(), &ld);
          if (ld.rank == rank_before && ld.date_published.empty()) {
            if (ld.date_published.empty()) ld.date_published = ScanJsonKey(raw, "datePublished");
            if (ld.headline.empty()) ld.headline = ScanJsonKey(raw, "headline");
          }
        }
        break;
      }
      case GUMBO_TAG_TIME: {
        const char* dt = tree.Attr(i, "datetime");
        if (dt != nullptr) {
          times.push_back(dt);
          if (pub_time.empty() && tree.Attr(i, "pubdate") != nullptr) pub_time = dt;
        }
        break;
      }
      case GUMBO_TAG_H1:
        if (h1s.size() < 4) h1s.push_back(tree.Text(i));
        break;
      default:
        break;
    }
    if (n.tag == GUMBO_TAG_META || n.tag == GUMBO_TAG_SCRIPT) continue;
    const char* itemprop = tree.Attr(i, "itemprop");
    if (itemprop != nullptr) {
      std::string ip = LowerAscii(itemprop);
      if (ip == "datepublished" && item_date.empty()) {
        const char* v = tree.Attr(i, "datetime");
        if (v == nullptr) v = tree.Attr(i, "content");
        item_date = v != nullptr ? std::string(v) : tree.Text(i);
      } else if (HasToken(ip, "author") && item_author.empty()) {
        int name = -1;
        for (int k = i + 1; k < n.end && name < 0; ++k) {
          const char* p = tree.Attr(k, "itemprop");
          if (p != nullptr && LowerAscii(p) == "name") name = k;
        }
        const char* content = tree.Attr(name >= 0 ? name : i, "content");
        item_author = content != nullptr ? std::string(content) : tree.Text(name >= 0 ? name : i);
      } else if (ip == "headline" && item_headline.empty()) {
        item_headline = tree.Text(i);
      }
    }
    const char* rel = tree.Attr(i, "rel");
    if (rel != nullptr && rel_author.empty() && n.tag == GUMBO_TAG_A && HasToken(rel, "author")) rel_author = tree.Text(i);
    if (byline.empty()) {
      std::string ci = tree.ClassAndId(i);
      if (ci.find("byline") != std::string::npos) {
        std::string t = tree.Text(i);
        if (!t.empty() && t.size() < 100) byline = t;
      }
    }
  }
  auto get = [&metas](std::initializer_list<const char*> keys) -> std::string {
    for (const char* key : keys) {
      for (const auto& kv : metas) {
        if (kv.first == key) {
          std::string v = Collapse(kv.second);
          if (!v.empty()) return v;
        }
      }
    }
    return "";
  };

  // Outlet first: the title is cleaned of it.
  std::string site = get({"og:site_name", "application-name", "al:android:app_name", "al:ios:app_name"});
  if (site.empty()) site = ld.publisher;
  if (site.empty()) site = ld.site_name;

  // Canonical URL.
  for (const std::string& candidate : {canonical, get({"og:url", "twitter:url"}), ld.url}) {
    if (candidate.empty()) continue;
    std::string resolved = ResolveUrl(base_url, candidate);
    if (!resolved.empty()) {
      meta.url = resolved;
      break;
    }
  }
  if (meta.url.empty() && HasScheme(base_url)) meta.url = std::string(base_url);
  if (site.empty()) {
    std::string host = UrlHost(meta.url.empty() ? base_url : std::string_view(meta.url));
    if (StartsWith(host, "www.")) host.erase(0, 4);
    site = host;
  }
  meta.outlet = site;

  // Title.
  std::string h1 = h1s.size() == 1 ? h1s[0] : "";
  for (const std::string& candidate :
       {get({"og:title"}), ld.headline, get({"twitter:title"}), item_headline, h1, title_tag, h1s.empty() ? "" : h1s[0]}) {
    std::string t = CleanTitle(candidate, site);
    if (!t.empty()) {
      meta.title = t;
      break;
    }
  }

  // Author.
  meta.author = JoinAuthors(ld.authors);
  if (meta.author.empty()) {
    meta.author = JoinAuthors({get({"author", "article:author", "parsely-author", "sailthru.author", "dc.creator",
                                    "dcterms.creator", "byl", "citation_author"})});
  }
  if (meta.author.empty()) meta.author = JoinAuthors({item_author});
  if (meta.author.empty()) meta.author = JoinAuthors({rel_author});
  if (meta.author.empty()) meta.author = JoinAuthors({byline});

  // Published date.
  for (const std::string& candidate :
       {ld.date_published,
        get({"article:published_time", "og:article:published_time", "datepublished", "pubdate", "publishdate",
             "publish-date", "publish_date", "published_time", "article.published", "dc.date.issued", "dcterms.issued",
             "dc.date", "dcterms.date", "dcterms.created", "sailthru.date", "parsely-pub-date", "date",
             "citation_publication_date", "og:published_time", "cxenseparse:recs:publishtime"}),
        item_date, pub_time, ld.date_created, times.empty() ? std::string() : times[0]}) {
    std::string d = NormalizeDate(candidate);
    if (!d.empty()) {
      meta.published = d;
      break;
    }
  }

  // Declared language.
  meta.lang = html_lang;
  if (meta.lang.empty()) meta.lang = PrimaryLanguage(get({"content-language", "language", "dc.language", "og:locale"}));
  if (meta.lang.empty()) meta.lang = PrimaryLanguage(ld.language);
  return meta;
}

}  // namespace newsintel
