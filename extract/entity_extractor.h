// EntityExtractor: finds people, organisations, places, AI models and events.
//
//   Result<std::unique_ptr<EntityExtractor>> x = EntityExtractor::Create("lexicons");
//   if (!x.ok()) return x.status();
//   x.value()->Run(context, &extraction);   // appends to extraction.entities
//
// Three sources, in order of trust:
//  1. the lexicon (lexicons/entities/*.tsv, see lexicon.h): French and
//     English aliases of one thing share one canonical name and Wikidata id;
//     the longest alias wins;
//  2. capitalized names that are not listed but stand next to a cue from
//     lexicons/name_cues.tsv: a title or role ("porte-parole", "CEO"), a
//     reporting verb ("a déclaré", "said"), a byline ("par X et Y"), an
//     organisation descriptor ("la start-up", "Inc."): PER or ORG, no id;
//  3. short forms: a person's last name alone ("Huang") and any repeat of a
//     name found by (2), given the full name appears in the same document.
#ifndef NEWSINTEL_EXTRACT_ENTITY_EXTRACTOR_H_
#define NEWSINTEL_EXTRACT_ENTITY_EXTRACTOR_H_

#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "extract/extract_context.h"
#include "extract/extraction.h"
#include "extract/lexicon.h"
#include "extract/status.h"

namespace newsintel {

// Holds the lexicon and cue matchers, built once by Create(); Run() is const
// and thread-safe.
class EntityExtractor {
 public:
  // Reads `lexicon_dir`/entities/*.tsv and `lexicon_dir`/name_cues.tsv.
  // Errors name the file and line of the first bad entry.
  static Result<std::unique_ptr<EntityExtractor>> Create(const std::string& lexicon_dir);
  ~EntityExtractor();

  // Appends the mentions found in context.doc->text to out->entities, in text order.
  void Run(const ExtractContext& context, Extraction* out) const;

  // Mentions of `text` alone (for tests and tools); same as Run() on a document.
  std::vector<EntityMention> Find(const std::string& text) const;

  const std::vector<LexiconEntry>& entries() const { return entries_; }

 private:
  EntityExtractor();
  Status LoadCues(const std::string& path);

  std::vector<LexiconEntry> entries_;
  // Per entry: the folded last word of a PER name of two or more tokens, else "".
  std::vector<std::string> surname_keys_;
  AliasMatcher lexicon_;  // value: index into entries_
  AliasMatcher cues_;     // value: bit set of CueKind
  std::unordered_set<std::string> stop_words_;  // folded; never start a name
  std::unordered_set<std::string> particles_;   // folded; may join name parts
};

}  // namespace newsintel

#endif  // NEWSINTEL_EXTRACT_ENTITY_EXTRACTOR_H_
