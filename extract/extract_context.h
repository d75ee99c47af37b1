// ExtractContext: the per-document views every extractor reads.
// Built once per document by Extractor; read-only for the components.
#ifndef NEWSINTEL_EXTRACT_EXTRACT_CONTEXT_H_
#define NEWSINTEL_EXTRACT_EXTRACT_CONTEXT_H_

#include <vector>

#include "extract/document.h"
#include "extract/normalize.h"

namespace newsintel {

struct ExtractContext {
  const Document* doc = nullptr;   // not owned
  FoldedText folded;               // Fold(doc->text)
  std::vector<Span> sentences;     // byte spans of doc->text
};

}  // namespace newsintel

#endif  // NEWSINTEL_EXTRACT_EXTRACT_CONTEXT_H_
