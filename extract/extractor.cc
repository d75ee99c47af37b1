#include "extract/extractor.h"

#include <cstdlib>
#include <sys/stat.h>

#include "extract/chip_extractor.h"
#include "extract/claim_extractor.h"
#include "extract/entity_extractor.h"
#include "extract/extract_context.h"
#include "extract/figure_extractor.h"
#include "extract/sentences.h"

namespace newsintel {

std::string DefaultLexiconDir() {
  const char* env = std::getenv("NEWSINTEL_LEXICONS");
  if (env != nullptr && *env != '\0') return env;
#ifdef NEWSINTEL_SOURCE_LEXICON_DIR
  struct stat st;
  if (stat(NEWSINTEL_SOURCE_LEXICON_DIR, &st) == 0) return NEWSINTEL_SOURCE_LEXICON_DIR;
#endif
  return "lexicons";
}

Extractor::Extractor() = default;
Extractor::~Extractor() = default;

Result<std::unique_ptr<Extractor>> Extractor::Create(const ExtractorOptions& options) {
  std::string dir = options.lexicon_dir.empty() ? DefaultLexiconDir() : options.lexicon_dir;
  std::unique_ptr<Extractor> x(new Extractor());
  x->splitter_ = std::make_unique<SentenceSplitter>();
  auto entities = EntityExtractor::Create(dir);
  if (!entities.ok()) return entities.status();
  x->entities_ = std::move(*entities);
  auto chips = ChipExtractor::Create(dir);
  if (!chips.ok()) return chips.status();
  x->chips_ = std::move(*chips);
  auto figures = FigureExtractor::Create(dir);
  if (!figures.ok()) return figures.status();
  x->figures_ = std::move(*figures);
  auto claims = ClaimExtractor::Create(dir);
  if (!claims.ok()) return claims.status();
  x->claims_ = std::move(*claims);
  return x;
}

Extraction Extractor::Extract(const Document& doc) const {
  Extraction out;
  out.document = doc;
  ExtractContext context;
  context.doc = &out.document;
  context.folded = FoldedText::Fold(out.document.text);
  context.tokens = TokenizedText::Build(context.folded, out.document.text);
  context.sentences = splitter_->Split(out.document.text, out.document.lang);
  entities_->Run(context, &out);
  chips_->Run(context, &out);
  figures_->Run(context, &out);
  claims_->Run(context, &out);
  return out;
}

}  // namespace newsintel
