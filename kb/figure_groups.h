// Internal: which figures report the same quantity, and whether their values
// contradict each other. Pure functions over plain structs; no SQLite.
//
//   std::vector<FigureGroup> groups = GroupFigures(figures_of_one_metric_and_unit, resolver);
//
// The rule, applied to the figures of one (metric, unit) partition:
//  1. A figure without a subject, or that is one end of a range, joins no group.
//  2. Its subject is resolved (SubjectResolver) to a key: the canonical name
//     of the KB entity that has it as name or alias, else its folded text.
//  3. Family: a subject that is not a MODEL (an ORG, or unresolved) and whose
//     key is the prefix, up to a non-letter, of the key of a MODEL subject in
//     the same partition ("deepseek" / "deepseek-v3") is read as that model,
//     provided exactly one such model is in the partition (else it stays
//     apart: we cannot tell which model was meant).
//  4. Two unresolved subjects (free phrases such as "US tech stocks" / "US
//     stock market") fall together when they share at least two words and
//     their word sets have a Dice coefficient of at least 0.6 (plural -s
//     ignored).
//  5. A group is a contradiction when two of its figures from different
//     articles differ in value. Its verdict is `rounding` when every pair of
//     distinct values reconciles: the value stated more coarsely equals the
//     other rounded to that coarser precision; otherwise `conflict`.
//     Precision is the stated one, widened by trailing zeros (2 000 -> 1 000,
//     6 000 000 -> 1 000 000), since "2 000 GPUs" is a round figure.
#ifndef NEWSINTEL_KB_FIGURE_GROUPS_H_
#define NEWSINTEL_KB_FIGURE_GROUPS_H_

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace newsintel {
namespace kb {

struct GroupInput {
  int64_t id = 0;
  int64_t article_id = 0;
  double value = 0;
  double precision = 1;  // as stated; <= 0 means unknown (1)
  int range_id = -1;
  std::string_view subject;  // as extracted; the caller keeps the text alive
};

// What the KB knows about a subject string.
struct SubjectRef {
  std::string key;   // matching key; empty: unusable subject
  std::string type;  // entity type (MODEL, ORG, ...), empty when unresolved
  std::string name;  // display name: canonical entity name, else the text
};

using SubjectResolver = std::function<SubjectRef(const std::string& subject)>;

struct FigureGroup {
  std::string key;       // stable subject-cluster key
  std::string subject;   // display name
  std::vector<size_t> members;  // indices into the input, in input order
  std::string verdict;   // "", "rounding" or "conflict"
};

// Groups figures of one (metric, unit). Deterministic: the same set of
// inputs gives the same groups whatever their order, apart from member order
// (which follows the input).
std::vector<FigureGroup> GroupFigures(const std::vector<GroupInput>& figures,
                                      const SubjectResolver& resolve);

// The precision a value was stated with, widened by its trailing zeros.
double EffectivePrecision(double value, double stated);

// "rounding", "conflict", or "" when no two values from different articles differ.
std::string JudgeGroup(const std::vector<GroupInput>& figures, const std::vector<size_t>& members);

// True when `family` is a prefix of `model` ending before a non-letter.
bool IsFamilyPrefix(const std::string& family, const std::string& model);

// True when two free-phrase subject keys name the same thing (rule 4).
bool SimilarPhrases(const std::string& a, const std::string& b);

}  // namespace kb
}  // namespace newsintel

#endif  // NEWSINTEL_KB_FIGURE_GROUPS_H_
