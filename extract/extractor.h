// Extractor: runs every extractor over a Document.
//
//   ExtractorOptions options;            // lexicons from the default directory
//   Result<std::unique_ptr<Extractor>> x = Extractor::Create(options);
//   if (!x.ok()) return x.status();
//   Extraction found = (*x)->Extract(doc);
//
// Lexicons and compiled patterns are built once by Create() and shared
// read-only: Extract() is const and may be called from several threads.
#ifndef NEWSINTEL_EXTRACT_EXTRACTOR_H_
#define NEWSINTEL_EXTRACT_EXTRACTOR_H_

#include <memory>
#include <string>

#include "extract/document.h"
#include "extract/extraction.h"
#include "extract/status.h"

namespace newsintel {

class EntityExtractor;
class ChipExtractor;
class FigureExtractor;
class ClaimExtractor;
class SentenceSplitter;

struct ExtractorOptions {
  // Directory of lexicon files. Default: DefaultLexiconDir().
  std::string lexicon_dir;
};

// The lexicon directory: $NEWSINTEL_LEXICONS if set, else the source tree's
// lexicons/ (compiled in), else "lexicons".
std::string DefaultLexiconDir();

class Extractor {
 public:
  static Result<std::unique_ptr<Extractor>> Create(const ExtractorOptions& options);
  ~Extractor();

  // Entities and chips first, then figures (which take subjects from them),
  // then claims (which take speakers and topics from them).
  Extraction Extract(const Document& doc) const;

 private:
  Extractor();
  std::unique_ptr<SentenceSplitter> splitter_;
  std::unique_ptr<EntityExtractor> entities_;
  std::unique_ptr<ChipExtractor> chips_;
  std::unique_ptr<FigureExtractor> figures_;
  std::unique_ptr<ClaimExtractor> claims_;
};

}  // namespace newsintel

#endif  // NEWSINTEL_EXTRACT_EXTRACTOR_H_
