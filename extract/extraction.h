// Extraction: what the extractors found in one Document, as plain structs.
//
//   Extraction x = extractor.Extract(doc);
//   for (const Figure& f : x.figures) std::cout << f.value << " " << f.unit;
//
// Every item carries [start, end): UTF-8 byte offsets into Document::text,
// end exclusive, with text == Document::text.substr(start, end - start).
#ifndef NEWSINTEL_EXTRACT_EXTRACTION_H_
#define NEWSINTEL_EXTRACT_EXTRACTION_H_

#include <cstdint>
#include <string>
#include <vector>

#include "extract/document.h"

namespace newsintel {

// A mention of a person, organisation, place, AI model, event or other thing.
struct EntityMention {
  std::string name;  // canonical name, e.g. "NVIDIA"
  std::string type;  // PER, ORG, LOC, MODEL, EVENT, MISC
  std::string id;    // Wikidata id, or empty
  std::string text;  // the bytes as written
  uint32_t start = 0, end = 0;
  bool in_lexicon = false;  // false: found by cues, not listed
};

// A mention of an AI chip resolved to the catalogue.
struct ChipMention {
  std::string name;     // catalogue name, e.g. "H800", "Ascend 910C"
  std::string vendor;   // "NVIDIA"
  std::string family;   // architecture, e.g. "Hopper"
  std::string export_class;  // "3A090.a", "3A090.b", "not controlled", or empty
  double tpp = 0;       // total processing performance, 0 when unknown
  std::string text;
  uint32_t start = 0, end = 0;
};

// A number with its unit and context.
struct Figure {
  double value = 0;
  std::string unit;       // ISO 4217 code, percent, gpu_hour, gpu, parameter, ...
  std::string kind;       // number, percent, currency, dimension
  bool approx = false;    // "environ", "about", "près de", "only"...
  std::string approx_marker;  // the marker as written, or empty
  double precision = 1;   // the unit of the last stated digit (2,8 M -> 100000)
  std::string metric;     // training_compute, training_cost, ... or empty
  std::string subject;    // canonical name of the entity measured, or empty
  int range_id = -1;      // figures of one range ("de 9 % a 22 %") share an id
  std::string text;
  uint32_t start = 0, end = 0;
};

// Who said what about whom, and how.
struct Claim {
  std::string speaker;    // canonical name or role phrase, or empty
  std::string modality;   // asserted, alleged, denied, doubted, declined
  std::vector<std::string> about;  // canonical entity names
  std::string text;       // the claim's sentence or clause, as written
  uint32_t start = 0, end = 0;
  uint32_t speaker_start = 0, speaker_end = 0;  // speaker mention; 0,0 if none
  std::string cue;        // the reporting verb or frame that made it a claim
};

struct Extraction {
  Document document;
  std::vector<EntityMention> entities;
  std::vector<ChipMention> chips;
  std::vector<Figure> figures;
  std::vector<Claim> claims;
};

}  // namespace newsintel

#endif  // NEWSINTEL_EXTRACT_EXTRACTION_H_
