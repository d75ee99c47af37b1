// ChipExtractor: finds chips in a document (see extract/extraction.h).
//
//   Result<std::unique_ptr<ChipExtractor>> x = ChipExtractor::Create(lexicon_dir);
//   x.value()->Run(context, &extraction);
#ifndef NEWSINTEL_EXTRACT_CHIP_EXTRACTOR_H_
#define NEWSINTEL_EXTRACT_CHIP_EXTRACTOR_H_

#include <memory>
#include <string>

#include "extract/extract_context.h"
#include "extract/extraction.h"
#include "extract/status.h"

namespace newsintel {

// Compiled once from the lexicon directory; Run() is const and thread-safe.
class ChipExtractor {
 public:
  static Result<std::unique_ptr<ChipExtractor>> Create(const std::string& lexicon_dir);
  ~ChipExtractor();

  // Appends what it finds to `out`; may read what earlier stages put there.
  void Run(const ExtractContext& context, Extraction* out) const;

 private:
  ChipExtractor();
};

}  // namespace newsintel

#endif  // NEWSINTEL_EXTRACT_CHIP_EXTRACTOR_H_
