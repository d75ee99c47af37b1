// The extraction as one JSON object, in the contract of ../shared/eval/README.md.
//
//   std::cout << ExtractionToJson(extraction) << "\n";
//   AppendExtractionJson(extraction, &buffer);  // into a buffer kept for reuse
#ifndef NEWSINTEL_EXTRACT_EXTRACTION_JSON_H_
#define NEWSINTEL_EXTRACT_EXTRACTION_JSON_H_

#include <string>

#include "extract/extraction.h"

namespace newsintel {

// One line, no trailing newline. Empty metadata fields are null.
std::string ExtractionToJson(const Extraction& x);
// The same line appended to *out.
void AppendExtractionJson(const Extraction& x, std::string* out);

}  // namespace newsintel

#endif  // NEWSINTEL_EXTRACT_EXTRACTION_JSON_H_
