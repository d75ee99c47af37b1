#include "extract/entity_extractor.h"

namespace newsintel {

EntityExtractor::EntityExtractor() = default;
EntityExtractor::~EntityExtractor() = default;

Result<std::unique_ptr<EntityExtractor>> EntityExtractor::Create(const std::string& lexicon_dir) {
  (void)lexicon_dir;
  return std::unique_ptr<EntityExtractor>(new EntityExtractor());
}

void EntityExtractor::Run(const ExtractContext& context, Extraction* out) const {
  (void)context;
  (void)out;
}

}  // namespace newsintel
