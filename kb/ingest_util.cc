#include "kb/ingest_util.h"

#include <cctype>
#include <cstdio>
#include <algorithm>
#include <cstring>
#include <ctime>

namespace newsintel {
namespace kb {

void Digest::Bytes(const void* p, size_t n) {
  const auto* s = static_cast<const unsigned char*>(p);
  uint64_t a = a_, b = b_;
  for (size_t i = 0; i < n; ++i) {
    a = (a ^ s[i]) * 0x100000001b3ull;
    b = (b ^ s[i]) * 0x00000100000001b3ull;
    b ^= b >> 29;
  }
  a_ = a;
  b_ = b;
}

void Digest::Add(std::string_view s) {
  uint64_t n = s.size();
  Bytes(&n, sizeof(n));
  Bytes(s.data(), s.size());
}

void Digest::Add(double v) { Bytes(&v, sizeof(v)); }
void Digest::Add(int64_t v) { Bytes(&v, sizeof(v)); }

std::string Digest::Hex() const {
  char buf[40];
  std::snprintf(buf, sizeof(buf), "%016llx%016llx", static_cast<unsigned long long>(a_),
                static_cast<unsigned long long>(b_));
  return buf;
}

int64_t TextHash(std::string_view s) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (unsigned char c : s) h = (h ^ c) * 0x100000001b3ull;
  h ^= h >> 31;
  return static_cast<int64_t>(h & 0x7fffffffffffffffull);
}

int64_t WordsHash(std::string_view s) {
  uint64_t h = 0xcbf29ce484222325ull;
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      if (c >= 'A' && c <= 'Z') c = static_cast<unsigned char>(c - 'A' + 'a');
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) h = (h ^ c) * 0x100000001b3ull;
      continue;
    }
    size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    len = std::min(len, s.size() - i);
    // U+00A0..U+00BF (NBSP, guillemets...) and U+2000..U+206F (spaces,
    // dashes, quotes) are punctuation here.
    bool latin1_punct = len == 2 && c == 0xC2;
    bool general_punct = len == 3 && c == 0xE2 && (static_cast<unsigned char>(s[i + 1]) & 0xFC) == 0x80;
    if (!latin1_punct && !general_punct) {
      for (size_t k = 0; k < len; ++k) h = (h ^ static_cast<unsigned char>(s[i + k])) * 0x100000001b3ull;
    }
    i += len;
  }
  h ^= h >> 31;
  return static_cast<int64_t>(h & 0x7fffffffffffffffull);
}

std::string ContentHash(const Document& d) {
  Digest h;
  h.Add(d.text);
  h.Add(d.title);
  h.Add(d.url);
  h.Add(d.published);
  h.Add(d.author);
  h.Add(d.outlet);
  h.Add(d.lang);
  return h.Hex();
}

std::string FactsHash(const Extraction& x) {
  Digest h;
  h.Add(static_cast<int64_t>(x.entities.size()));
  for (const EntityMention& e : x.entities) {
    h.Add(e.name); h.Add(e.type); h.Add(e.id); h.Add(e.text);
    h.Add(static_cast<int64_t>(e.start)); h.Add(static_cast<int64_t>(e.end));
  }
  h.Add(static_cast<int64_t>(x.chips.size()));
  for (const ChipMention& c : x.chips) {
    h.Add(c.name); h.Add(c.vendor); h.Add(c.family); h.Add(c.export_class); h.Add(c.tpp);
    h.Add(c.text); h.Add(static_cast<int64_t>(c.start)); h.Add(static_cast<int64_t>(c.end));
  }
  h.Add(static_cast<int64_t>(x.figures.size()));
  for (const Figure& f : x.figures) {
    h.Add(f.value); h.Add(f.unit); h.Add(f.kind); h.Add(static_cast<int64_t>(f.approx));
    h.Add(f.approx_marker); h.Add(f.precision); h.Add(f.metric); h.Add(f.subject);
    h.Add(static_cast<int64_t>(f.range_id)); h.Add(f.text);
    h.Add(static_cast<int64_t>(f.start)); h.Add(static_cast<int64_t>(f.end));
  }
  h.Add(static_cast<int64_t>(x.claims.size()));
  for (const Claim& c : x.claims) {
    h.Add(c.speaker); h.Add(c.modality);
    h.Add(static_cast<int64_t>(c.about.size()));
    for (const std::string& a : c.about) h.Add(a);
    h.Add(c.text); h.Add(static_cast<int64_t>(c.start)); h.Add(static_cast<int64_t>(c.end));
    h.Add(static_cast<int64_t>(c.speaker_start)); h.Add(static_cast<int64_t>(c.speaker_end));
    h.Add(c.cue);
  }
  return h.Hex();
}

namespace {

// Splits "scheme://host/rest" into its parts; false when there is no "://".
bool SplitUrl(const std::string& url, std::string* scheme, std::string* host, std::string* rest) {
  size_t sep = url.find("://");
  if (sep == std::string::npos || sep == 0) return false;
  *scheme = url.substr(0, sep);
  size_t host_start = sep + 3;
  size_t host_end = url.find_first_of("/?#", host_start);
  if (host_end == std::string::npos) host_end = url.size();
  *host = url.substr(host_start, host_end - host_start);
  *rest = url.substr(host_end);
  return true;
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

std::string CanonicalUrl(const std::string& url) {
  std::string scheme, host, rest;
  if (!SplitUrl(url, &scheme, &host, &rest)) return url;
  size_t hash = rest.find('#');
  if (hash != std::string::npos) rest.resize(hash);
  size_t q = rest.find('?');
  if (q != std::string::npos) {
    std::string path = rest.substr(0, q), kept;
    std::string query = rest.substr(q + 1);
    size_t pos = 0;
    while (pos <= query.size()) {
      size_t amp = query.find('&', pos);
      if (amp == std::string::npos) amp = query.size();
      std::string param = query.substr(pos, amp - pos);
      if (!param.empty() && param.compare(0, 4, "utm_") != 0) {
        if (!kept.empty()) kept += '&';
        kept += param;
      }
      pos = amp + 1;
    }
    rest = kept.empty() ? path : path + "?" + kept;
  }
  if (rest.empty()) rest = "/";
  return Lower(scheme) + "://" + Lower(host) + rest;
}

std::string UrlHost(const std::string& url) {
  std::string scheme, host, rest;
  if (!SplitUrl(url, &scheme, &host, &rest)) return "";
  host = Lower(host);
  size_t at = host.rfind('@');
  if (at != std::string::npos) host = host.substr(at + 1);
  size_t colon = host.find(':');
  if (colon != std::string::npos) host.resize(colon);
  if (host.compare(0, 4, "www.") == 0) host = host.substr(4);
  return host;
}

std::string FormatUtc(int64_t seconds) {
  std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string ClaimSortKey(const std::string& published, const std::string& doc_key, uint32_t start) {
  char tail[40];
  std::snprintf(tail, sizeof(tail), "\x1f%016llx%08x", static_cast<unsigned long long>(TextHash(doc_key)), start);
  // Unknown dates sort after every ISO date.
  std::string key = published.empty() ? std::string("~") : published;
  key += tail;
  return key;
}

}  // namespace kb
}  // namespace newsintel
