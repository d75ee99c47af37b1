// ChipExtractor: finds AI chips and resolves them to the catalogue lexicons/chips.tsv.
//
//   Result<std::unique_ptr<ChipExtractor>> x = ChipExtractor::Create("lexicons");
//   if (!x.ok()) return x.status();
//   x.value()->Run(context, &extraction);   // appends to extraction.chips
//
// Each catalogue line gives a chip (or an architecture family such as
// Blackwell) with its vendor, family, TPP and US export-control class. A
// mention may carry the vendor and the family before the model ("Nvidia H800",
// "Hopper H100", "Huawei Ascend-910C") and a plural s ("H800s"). Entities that
// fall inside a chip mention are removed from extraction.entities, except the
// chip's vendor ("Nvidia" in "Nvidia H800" stays an ORG mention).
#ifndef NEWSINTEL_EXTRACT_CHIP_EXTRACTOR_H_
#define NEWSINTEL_EXTRACT_CHIP_EXTRACTOR_H_

#include <memory>
#include <string>
#include <vector>

#include "extract/extract_context.h"
#include "extract/extraction.h"
#include "extract/lexicon.h"
#include "extract/status.h"

namespace newsintel {

// One catalogue entry of lexicons/chips.tsv.
struct ChipEntry {
  std::string name;          // "H800", "Ascend 910C", "Blackwell"
  std::string vendor;        // canonical vendor name, as in the entity lexicon
  std::string family;        // architecture, e.g. "Hopper"; equals name for a family line
  double tpp = 0;            // 0 when unknown
  std::string export_class;  // "3A090.a", "3A090.b", "not controlled", or empty
  std::vector<std::string> aliases;
  int line = 0;
};

// Holds the catalogue and its matcher, built once by Create(); Run() is const
// and thread-safe.
class ChipExtractor {
 public:
  // Reads `lexicon_dir`/chips.tsv, and the vendors' aliases from
  // `lexicon_dir`/entities/*.tsv when present.
  static Result<std::unique_ptr<ChipExtractor>> Create(const std::string& lexicon_dir);
  ~ChipExtractor();

  // Appends chip mentions to out->chips and drops entities inside them.
  void Run(const ExtractContext& context, Extraction* out) const;

  const std::vector<ChipEntry>& catalogue() const { return catalogue_; }

 private:
  ChipExtractor();

  std::vector<ChipEntry> catalogue_;
  AliasMatcher matcher_;  // value: index into catalogue_
};

}  // namespace newsintel

#endif  // NEWSINTEL_EXTRACT_CHIP_EXTRACTOR_H_
