// ExtractContext: the per-document views every extractor reads.
// Built once per document by Extractor; read-only for the components.
#ifndef NEWSINTEL_EXTRACT_EXTRACT_CONTEXT_H_
#define NEWSINTEL_EXTRACT_EXTRACT_CONTEXT_H_

#include <vector>

#include "extract/document.h"
#include "extract/lexicon.h"
#include "extract/normalize.h"

namespace newsintel {

struct ExtractContext {
  const Document* doc = nullptr;   // not owned
  FoldedText folded;               // Fold(doc->text)
  std::vector<Span> sentences;     // byte spans of doc->text
  // TokenizedText::Build(folded, doc->text), shared by the lexicon matchers;
  // optional: use Tokens(), which builds them when they are absent (or were
  // built for another FoldedText, e.g. after the context was moved).
  TokenizedText tokens;

  // The tokens of `folded`: `tokens` when built for it, else built into
  // *scratch.
  const TokenizedText& Tokens(TokenizedText* scratch) const {
    if (tokens.BuiltFrom(folded)) return tokens;
    *scratch = TokenizedText::Build(folded, doc->text);
    return *scratch;
  }
};

}  // namespace newsintel

#endif  // NEWSINTEL_EXTRACT_EXTRACT_CONTEXT_H_
