#include "extract/claim_extractor.h"

namespace newsintel {

ClaimExtractor::ClaimExtractor() = default;
ClaimExtractor::~ClaimExtractor() = default;

Result<std::unique_ptr<ClaimExtractor>> ClaimExtractor::Create(const std::string& lexicon_dir) {
  (void)lexicon_dir;
  return std::unique_ptr<ClaimExtractor>(new ClaimExtractor());
}

void ClaimExtractor::Run(const ExtractContext& context, Extraction* out) const {
  (void)context;
  (void)out;
}

}  // namespace newsintel
