// Document: the normalized input every extractor reads.
//
//   Result<Document> doc = LoadDocumentFile("examples/articles/fr-01.html", {});
//   if (doc.ok()) Extract(*doc, ...);
//
// A Document's `text` is UTF-8; every span in an Extraction is a byte range of
// `text`. For HTML input, `text` is the extracted article body and
// `source_offsets` maps each byte of `text` back to the byte of the original
// page it came from, so that provenance can point at the page itself.
#ifndef NEWSINTEL_EXTRACT_DOCUMENT_H_
#define NEWSINTEL_EXTRACT_DOCUMENT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "extract/status.h"

namespace newsintel {

// A byte range [start, end) of a UTF-8 text.
struct Span {
  uint32_t start = 0;
  uint32_t end = 0;
};

// Plain value; copyable. Empty strings mean "unknown" (printed as null).
struct Document {
  std::string doc;        // the path or id it was read from
  std::string url;        // canonical URL when known
  std::string title;
  std::string lang;       // "fr", "en", or empty
  std::string published;  // ISO 8601 date or date-time
  std::string author;
  std::string outlet;
  std::string text;       // UTF-8 body; spans are byte offsets into it
  // Empty for plain text (text is the file itself); for HTML, one entry per
  // byte of `text` plus one: the byte offset in the original page.
  std::vector<uint32_t> source_offsets;
};

// Options for reading documents from files.
struct LoadOptions {
  // Language to assume when none is declared or detected ("" = detect).
  std::string default_lang;
  // Files larger than this are refused with a clear error. Default 64 MiB.
  uint64_t max_bytes = 64ull << 20;
};

// Reads a .txt or .html/.htm file into a Document. Invalid UTF-8 is replaced
// with U+FFFD (the span contract still holds on the returned text).
Result<Document> LoadDocumentFile(const std::string& path, const LoadOptions& options);

// Builds a Document from plain text bytes (the doc id is `name`).
Document DocumentFromText(std::string name, std::string bytes, const LoadOptions& options);

// Replaces invalid UTF-8 sequences and NUL bytes; returns true if it changed anything.
bool SanitizeUtf8(std::string* bytes);

// Guesses "fr" or "en" from function words; "" when unsure.
std::string GuessLanguage(const std::string& text);

}  // namespace newsintel

#endif  // NEWSINTEL_EXTRACT_DOCUMENT_H_
