// Internal: small pure helpers for ingest (hashing, URLs, keys).
#ifndef NEWSINTEL_KB_INGEST_UTIL_H_
#define NEWSINTEL_KB_INGEST_UTIL_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "extract/extraction.h"

namespace newsintel {
namespace kb {

// A 128-bit FNV-1a digest accumulated over fields (each length-prefixed, so
// that field boundaries matter). Not cryptographic: it detects changes.
class Digest {
 public:
  void Add(std::string_view s);
  void Add(double v);
  void Add(int64_t v);
  std::string Hex() const;  // 32 hex digits

 private:
  void Bytes(const void* p, size_t n);
  uint64_t a_ = 0xcbf29ce484222325ull;
  uint64_t b_ = 0x84222325cbf29ce4ull;
};

// A 63-bit hash of a string, for indexing long keys (never negative).
int64_t TextHash(std::string_view s);

// A 63-bit hash of the words of a text: ASCII case, punctuation, spaces and
// typographic quotes or apostrophes are ignored, so that one claim reported
// by several outlets ("l’Etat" / "l'Etat", a non-breaking space) hashes the
// same. Cheaper than TextHash(FoldKey(s)); accents are kept.
int64_t WordsHash(std::string_view s);

// Of the text and metadata: what identifies a version of the article.
std::string ContentHash(const Document& doc);
// Of everything the extractors found.
std::string FactsHash(const Extraction& x);

// Lower-cases scheme and host, drops the fragment and utm_* parameters.
// Returns "" for an empty url.
std::string CanonicalUrl(const std::string& url);
// "www.lemonde.fr" -> "lemonde.fr"; "" when `url` has no host.
std::string UrlHost(const std::string& url);

// "YYYY-MM-DDTHH:MM:SSZ" of `seconds` since the epoch (UTC).
std::string FormatUtc(int64_t seconds);

// Claims sort oldest report first: published date (unknown last), then a
// hash of the article key and the position (short, and order-independent).
std::string ClaimSortKey(const std::string& published, const std::string& doc_key, uint32_t start);

}  // namespace kb
}  // namespace newsintel

#endif  // NEWSINTEL_KB_INGEST_UTIL_H_
