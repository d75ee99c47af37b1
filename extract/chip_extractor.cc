#include "extract/chip_extractor.h"

namespace newsintel {

ChipExtractor::ChipExtractor() = default;
ChipExtractor::~ChipExtractor() = default;

Result<std::unique_ptr<ChipExtractor>> ChipExtractor::Create(const std::string& lexicon_dir) {
  (void)lexicon_dir;
  return std::unique_ptr<ChipExtractor>(new ChipExtractor());
}

void ChipExtractor::Run(const ExtractContext& context, Extraction* out) const {
  (void)context;
  (void)out;
}

}  // namespace newsintel
