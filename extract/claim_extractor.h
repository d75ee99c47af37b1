// ClaimExtractor: finds attributed claims ("who said what about whom, and how")
// in a document, in French and English.
//
//   Result<std::unique_ptr<ClaimExtractor>> x = ClaimExtractor::Create("lexicons");
//   if (!x.ok()) return x.status();
//   (*x)->Run(context, &extraction);   // after the entity extractor has run
//   for (const Claim& c : extraction.claims) Show(c.speaker, c.modality, c.text);
//
// A sentence (or a quote spanning several sentences) is a claim when it holds a
// reporting verb or frame ("a déclaré", "selon X", "said", "according to"), a
// French conditional ("aurait fourni"), an accusation, denial, doubt or refusal
// to comment. The speaker is resolved to an entity of Extraction::entities
// (canonical name), to a role phrase ("un haut responsable de ..."), or through
// pronouns to the last speaker. Reader comments, bylines, credits and repeated
// captions are skipped.
//
// Lexicons read from `lexicon_dir`:
//   claim_cues.tsv         cue patterns with kind, modality and speaker position
//   claim_speakers.tsv     determiners, role nouns, pronouns... shaping speakers
//   claim_boilerplate.tsv  line patterns marking what is not the article
#ifndef NEWSINTEL_EXTRACT_CLAIM_EXTRACTOR_H_
#define NEWSINTEL_EXTRACT_CLAIM_EXTRACTOR_H_

#include <memory>
#include <string>

#include "extract/extract_context.h"
#include "extract/extraction.h"
#include "extract/status.h"

namespace newsintel {

// Holds the cue patterns (a CueFinder: one RE2 per cue and a prefix trie) and
// word tables, compiled once by Create() and never modified: Run() is const
// and may be called from several threads at once.
class ClaimExtractor {
 public:
  // Errors name the lexicon file and line ("lexicons/claim_cues.tsv:12: ...").
  static Result<std::unique_ptr<ClaimExtractor>> Create(const std::string& lexicon_dir);
  ~ClaimExtractor();

  // Appends the claims of context.doc to out->claims, reading out->entities
  // for speakers and topics.
  // REQUIRES: context.doc, context.folded and context.sentences describe the
  // same text; out->entities (if any) hold spans of that text.
  void Run(const ExtractContext& context, Extraction* out) const;

  struct Tables;  // compiled lexicons (defined in claim_extractor.cc)

 private:
  ClaimExtractor();
  std::unique_ptr<const Tables> tables_;
};

}  // namespace newsintel

#endif  // NEWSINTEL_EXTRACT_CLAIM_EXTRACTOR_H_
