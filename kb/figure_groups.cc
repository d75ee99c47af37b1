#include "kb/figure_groups.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <utility>

namespace newsintel {
namespace kb {
namespace {

bool Near(double a, double b) {
  return std::fabs(a - b) <= 1e-9 * std::max({std::fabs(a), std::fabs(b), 1.0});
}

double RoundTo(double v, double p) { return std::round(v / p) * p; }

bool IsMultiple(double v, double p) {
  double r = v / p;
  return std::fabs(r - std::round(r)) <= 1e-9 * std::max(1.0, std::fabs(r));
}

bool IsAsciiLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// Two distinct values reconcile when the coarser equals the finer rounded to it.
bool Reconciles(double a, double pa, double b, double pb) {
  if (pa < pb) {
    std::swap(a, b);
    std::swap(pa, pb);
  }
  return Near(RoundTo(b, pa), a);
}

std::vector<std::string> Words(const std::string& key) {
  std::vector<std::string> words;
  std::string w;
  auto flush = [&]() {
    if (w.size() > 3 && w.back() == 's') w.pop_back();
    if (!w.empty()) words.push_back(w);
    w.clear();
  };
  for (char c : key) {
    if (IsAsciiLetter(c) || (c >= '0' && c <= '9') || (static_cast<unsigned char>(c) >= 0x80)) {
      w.push_back(c);
    } else {
      flush();
    }
  }
  flush();
  std::sort(words.begin(), words.end());
  words.erase(std::unique(words.begin(), words.end()), words.end());
  return words;
}

// Union-find over subject keys; the root is the smallest key of its set, so
// the result does not depend on the order of unions.
class KeySets {
 public:
  void Add(const std::string& k) { parent_.emplace(k, k); }
  std::string Find(const std::string& k) {
    std::string r = k;
    while (parent_[r] != r) r = parent_[r];
    std::string c = k;
    while (parent_[c] != r) {
      std::string next = parent_[c];
      parent_[c] = r;
      c = next;
    }
    return r;
  }
  void Union(const std::string& a, const std::string& b) {
    std::string ra = Find(a), rb = Find(b);
    if (ra == rb) return;
    if (rb < ra) std::swap(ra, rb);
    parent_[rb] = ra;
  }

 private:
  std::map<std::string, std::string> parent_;
};

}  // namespace

double EffectivePrecision(double value, double stated) {
  double p = stated > 0 ? stated : 1;
  double v = std::fabs(value);
  while (p * 10 <= v && IsMultiple(v, p * 10)) p *= 10;
  return p;
}

bool IsFamilyPrefix(const std::string& family, const std::string& model) {
  if (family.empty() || model.size() <= family.size()) return false;
  if (model.compare(0, family.size(), family) != 0) return false;
  return !IsAsciiLetter(model[family.size()]);
}

bool SimilarPhrases(const std::string& a, const std::string& b) {
  std::vector<std::string> wa = Words(a), wb = Words(b);
  if (wa.empty() || wb.empty()) return false;
  std::vector<std::string> shared;
  std::set_intersection(wa.begin(), wa.end(), wb.begin(), wb.end(), std::back_inserter(shared));
  if (shared.size() < 2 && !(wa == wb)) return false;
  return 2.0 * shared.size() / (wa.size() + wb.size()) >= 0.6;
}

std::string JudgeGroup(const std::vector<GroupInput>& figures, const std::vector<size_t>& members) {
  bool differs_across_articles = false;
  for (size_t i = 0; i < members.size() && !differs_across_articles; ++i) {
    for (size_t j = i + 1; j < members.size(); ++j) {
      const GroupInput& a = figures[members[i]];
      const GroupInput& b = figures[members[j]];
      if (a.article_id != b.article_id && !Near(a.value, b.value)) {
        differs_across_articles = true;
        break;
      }
    }
  }
  if (!differs_across_articles) return "";
  // Distinct values, each with the coarsest precision it was stated with.
  std::vector<std::pair<double, double>> values;
  for (size_t m : members) {
    const GroupInput& f = figures[m];
    double p = EffectivePrecision(f.value, f.precision);
    auto it = std::find_if(values.begin(), values.end(),
                           [&](const std::pair<double, double>& v) { return Near(v.first, f.value); });
    if (it == values.end()) {
      values.emplace_back(f.value, p);
    } else {
      it->second = std::max(it->second, p);
    }
  }
  for (size_t i = 0; i < values.size(); ++i) {
    for (size_t j = i + 1; j < values.size(); ++j) {
      if (!Reconciles(values[i].first, values[i].second, values[j].first, values[j].second)) {
        return "conflict";
      }
    }
  }
  return "rounding";
}

std::vector<FigureGroup> GroupFigures(const std::vector<GroupInput>& figures,
                                      const SubjectResolver& resolve) {
  std::map<std::string_view, SubjectRef> by_subject;  // raw subject -> resolved
  std::map<std::string, SubjectRef> by_key;      // key -> first ref seen (same type/name)
  std::vector<const SubjectRef*> ref_of(figures.size(), nullptr);
  for (size_t i = 0; i < figures.size(); ++i) {
    const GroupInput& f = figures[i];
    if (f.range_id >= 0 || f.subject.empty()) continue;
    auto it = by_subject.find(f.subject);
    if (it == by_subject.end()) it = by_subject.emplace(f.subject, resolve(std::string(f.subject))).first;
    if (it->second.key.empty()) continue;
    ref_of[i] = &it->second;
    auto k = by_key.find(it->second.key);
    // Keep the smallest display name for a key, whatever the input order.
    if (k == by_key.end()) {
      by_key.emplace(it->second.key, it->second);
    } else if (k->second.type.empty() && !it->second.type.empty()) {
      k->second = it->second;
    }
  }

  KeySets sets;
  for (const auto& kv : by_key) sets.Add(kv.first);
  std::map<std::string, std::string> family_of;  // family key -> model key
  for (const auto& f : by_key) {
    if (f.second.type == "MODEL") continue;
    std::string only;
    int count = 0;
    for (const auto& m : by_key) {
      if (m.second.type == "MODEL" && IsFamilyPrefix(f.first, m.first)) {
        only = m.first;
        ++count;
      }
    }
    if (count == 1) family_of[f.first] = only;
  }
  for (auto a = by_key.begin(); a != by_key.end(); ++a) {
    if (!a->second.type.empty() || family_of.count(a->first)) continue;
    for (auto b = std::next(a); b != by_key.end(); ++b) {
      if (!b->second.type.empty() || family_of.count(b->first)) continue;
      if (SimilarPhrases(a->first, b->first)) sets.Union(a->first, b->first);
    }
  }
  for (const auto& fm : family_of) sets.Union(fm.first, fm.second);

  std::map<std::string, FigureGroup> groups;
  std::map<std::string, std::map<std::string, int>> names;  // root -> display name -> count
  for (size_t i = 0; i < figures.size(); ++i) {
    if (ref_of[i] == nullptr) continue;
    std::string root = sets.Find(ref_of[i]->key);
    FigureGroup& g = groups[root];
    g.key = root;
    g.members.push_back(i);
    names[root][ref_of[i]->name]++;
  }
  std::vector<FigureGroup> out;
  for (auto& kv : groups) {
    FigureGroup& g = kv.second;
    // Display: a MODEL's name if one is in the group, else an entity's, else
    // the most frequent phrase (ties: the smallest).
    std::string best;
    int best_rank = -1, best_count = 0;
    for (size_t m : g.members) {
      const SubjectRef& r = *ref_of[m];
      int rank = r.type == "MODEL" ? 2 : (!r.type.empty() ? 1 : 0);
      int count = names[g.key][r.name];
      if (rank > best_rank || (rank == best_rank && (count > best_count ||
                                                     (count == best_count && r.name < best)))) {
        best = r.name;
        best_rank = rank;
        best_count = count;
      }
    }
    g.subject = best;
    g.verdict = JudgeGroup(figures, g.members);
    out.push_back(std::move(g));
  }
  return out;
}

}  // namespace kb
}  // namespace newsintel
