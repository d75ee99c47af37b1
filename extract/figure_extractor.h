// FigureExtractor: finds figures in a document (see extract/extraction.h): numbers
// with a unit or a metric, their exact value and stated precision, approximation
// markers, ranges, the metric they measure and the subject they are about.
//
//   Result<std::unique_ptr<FigureExtractor>> x = FigureExtractor::Create(lexicon_dir);
//   x.value()->Run(context, &extraction);   // after the entity and chip extractors
//
// Lexicons: units.tsv, approx_markers.tsv, number_words.tsv, scales.tsv (through
// QuantityRecognizer), metrics.tsv, metric_subjects.tsv, subjects.tsv, demonyms.tsv.
// Numbers without a unit (years, dates, ranks, model names such as V3 or H800)
// are not figures, except a count right before a chip name ("2048 H800").
#ifndef NEWSINTEL_EXTRACT_FIGURE_EXTRACTOR_H_
#define NEWSINTEL_EXTRACT_FIGURE_EXTRACTOR_H_

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "extract/extract_context.h"
#include "extract/extraction.h"
#include "extract/quantity_recognizer.h"
#include "extract/status.h"

namespace re2 {
class RE2;
}

namespace newsintel {

template <typename T>
class PerThread;

// Compiled once from the lexicon directory; Run() is const and thread-safe.
class FigureExtractor {
 public:
  static Result<std::unique_ptr<FigureExtractor>> Create(const std::string& lexicon_dir);
  ~FigureExtractor();

  // Appends what it finds to `out`; reads out->entities and out->chips for subjects.
  void Run(const ExtractContext& context, Extraction* out) const;

  struct MetricCue;
  struct SubjectPlan;
  struct Group;

 private:
  FigureExtractor();
  struct Candidate;
  // A metric cue found in folded text: bytes [begin, end), spaces collapsed in `cue`.
  struct CueHit {
    size_t begin = 0, end = 0;
    std::string cue;
  };
  // The cues of folded s[begin, end), left to right.
  void FindCues(const std::string& s, size_t begin, size_t end, std::vector<CueHit>* hits) const;
  // `cues` are FindCues(s, sentence_begin, sentence_end).
  std::string ChooseMetric(const std::string& s, size_t sentence_begin, size_t sentence_end,
                           const std::vector<CueHit>& cues, size_t figure_begin,
                           size_t figure_end, const Figure& figure, int lang_slot) const;
  std::string ChooseSubject(const ExtractContext& context, const Extraction& out,
                            const std::vector<Span>& folded_sentences, size_t sentence,
                            const Figure& figure, const std::string& metric, int lang_slot) const;
  void FindGroups(const ExtractContext& context, size_t begin, size_t end, int lang_slot,
                  std::vector<Candidate>* out) const;

  std::unique_ptr<QuantityRecognizer> recognizer_;
  std::vector<MetricCue> cues_;
  std::unordered_map<std::string, std::vector<size_t>> exact_cues_;  // cue -> rows of cues_, in order
  std::vector<size_t> prefix_cues_[256];  // rows of cues_ with a prefix cue, by its first byte
  std::unique_ptr<PerThread<re2::RE2>> cue_re_;
  std::unordered_map<std::string, std::vector<std::string>> subject_plans_;  // metric -> kinds
  std::unordered_map<std::string, std::vector<std::pair<int, std::string>>> groups_;  // phrase
  std::unordered_map<std::string, std::vector<std::pair<int, std::string>>> demonyms_;
  std::unique_ptr<PerThread<re2::RE2>> group_re_;
};

}  // namespace newsintel

#endif  // NEWSINTEL_EXTRACT_FIGURE_EXTRACTOR_H_
