#include "extract/figure_extractor.h"

namespace newsintel {

FigureExtractor::FigureExtractor() = default;
FigureExtractor::~FigureExtractor() = default;

Result<std::unique_ptr<FigureExtractor>> FigureExtractor::Create(const std::string& lexicon_dir) {
  (void)lexicon_dir;
  return std::unique_ptr<FigureExtractor>(new FigureExtractor());
}

void FigureExtractor::Run(const ExtractContext& context, Extraction* out) const {
  (void)context;
  (void)out;
}

}  // namespace newsintel
