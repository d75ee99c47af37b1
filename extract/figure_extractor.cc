#include "extract/figure_extractor.h"

#include <re2/re2.h>

#include <algorithm>
#include <limits>

#include "extract/lexicon.h"
#include "extract/per_thread.h"
#include "extract/literal_pattern.h"

namespace newsintel {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsLetter(char c) { return c >= 'a' && c <= 'z'; }
bool IsAlnum(char c) { return IsDigit(c) || IsLetter(c); }

bool ParseLang(const std::string& lang, bool langs[2]) {
  langs[0] = lang == "en" || lang == "*";
  langs[1] = lang == "fr" || lang == "*";
  return langs[0] || langs[1];
}

// Splits "a|b*|c" into (term, is_prefix) pairs of folded terms.
std::vector<std::pair<std::string, bool>> Terms(const std::string& field) {
  std::vector<std::pair<std::string, bool>> out;
  if (field == "-" || field.empty()) return out;
  size_t start = 0;
  while (start <= field.size()) {
    size_t bar = field.find('|', start);
    std::string t = field.substr(start, bar == std::string::npos ? std::string::npos : bar - start);
    bool prefix = !t.empty() && t.back() == '*';
    if (prefix) t.pop_back();
    t = FoldKey(t);
    if (!t.empty()) out.emplace_back(t, prefix);
    if (bar == std::string::npos) break;
    start = bar + 1;
  }
  return out;
}

// Whether folded s[b, e) holds `term` as a word (or a word start when prefix).
bool HasTerm(const std::string& s, size_t b, size_t e, const std::string& term, bool prefix) {
  // Searched within [b, e) only: an occurrence past `e` could not be used anyway.
  std::string_view window(s.data(), std::min(e, s.size()));
  size_t at = b;
  while (at < e) {
    size_t f = window.find(term, at);
    if (f == std::string_view::npos) return false;
    bool start_ok = f == 0 || !IsAlnum(s[f - 1]);
    size_t after = f + term.size();
    bool end_ok = prefix || after >= s.size() || !IsAlnum(s[after]);
    if (start_ok && end_ok) return true;
    at = f + 1;
  }
  return false;
}

// The first folded offset whose original offset is >= `original`.
size_t FoldedPos(const FoldedText& f, uint32_t original) {
  size_t lo = 0, hi = f.size();
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (f.OriginalStart(mid) < original) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}

// Byte distance from a figure to a candidate; candidates after the figure count double.
double Distance(uint32_t fig_start, uint32_t fig_end, uint32_t start, uint32_t end) {
  if (end <= fig_start) return fig_start - end;
  if (start >= fig_end) return 2.0 * (start - fig_end) + 1;
  return std::numeric_limits<double>::infinity();  // overlapping: not a subject
}

}  // namespace

struct FigureExtractor::MetricCue {
  bool langs[2] = {true, true};
  std::string metric;
  std::vector<std::string> units;  // unit or kind names, or "*"
  std::string cue;                 // folded; empty for a default row
  bool prefix = false;
  std::vector<std::pair<std::string, bool>> context;
  bool weak = false;  // used only when no other cue of the sentence applies
};

struct FigureExtractor::Candidate {
  std::string name;
  std::string type;
  uint32_t start = 0, end = 0;  // original bytes
};

FigureExtractor::FigureExtractor() = default;
FigureExtractor::~FigureExtractor() = default;

Result<std::unique_ptr<FigureExtractor>> FigureExtractor::Create(const std::string& lexicon_dir) {
  std::unique_ptr<FigureExtractor> x(new FigureExtractor());
  auto recognizer = QuantityRecognizer::Create(lexicon_dir);
  if (!recognizer.ok()) return recognizer.status();
  x->recognizer_ = std::move(*recognizer);

  const std::string metrics_path = lexicon_dir + "/metrics.tsv";
  auto metrics = ReadTsvFile(metrics_path, 5, 6);
  if (!metrics.ok()) return metrics.status();
  std::vector<std::string> cue_patterns;
  for (const TsvRow& row : *metrics) {
    MetricCue c;
    if (!ParseLang(row.fields[0], c.langs)) return LexiconError(metrics_path, row.line, "language must be en, fr or *");
    c.metric = row.fields[1];
    std::string units = row.fields[2] + ",";
    size_t start = 0, comma;
    while ((comma = units.find(',', start)) != std::string::npos) {
      if (comma > start) c.units.push_back(units.substr(start, comma - start));
      start = comma + 1;
    }
    if (c.units.empty()) return LexiconError(metrics_path, row.line, "no units");
    if (row.fields[3] != "-") {
      std::string cue = row.fields[3];
      c.prefix = cue.back() == '*';
      if (c.prefix) cue.pop_back();
      c.cue = FoldKey(cue);
      if (c.cue.empty()) return LexiconError(metrics_path, row.line, "empty cue");
      cue_patterns.push_back(LiteralPattern(c.cue) + (c.prefix ? "[a-z]*" : ""));
    }
    c.context = Terms(row.fields[4]);
    const std::string& strength = row.fields[5];
    if (!strength.empty() && strength != "strong" && strength != "weak") {
      return LexiconError(metrics_path, row.line, "strength must be strong or weak");
    }
    c.weak = strength == "weak";
    if (!c.cue.empty()) {
      if (c.prefix) {
        x->prefix_cues_[static_cast<unsigned char>(c.cue[0])].push_back(x->cues_.size());
      } else {
        x->exact_cues_[c.cue].push_back(x->cues_.size());
      }
    }
    x->cues_.push_back(std::move(c));
  }
  const std::string plans_path = lexicon_dir + "/metric_subjects.tsv";
  auto plans = ReadTsvFile(plans_path, 2, 2);
  if (!plans.ok()) return plans.status();
  for (const TsvRow& row : *plans) {
    std::vector<std::string> kinds;
    std::string list = row.fields[1] + ",";
    size_t start = 0, comma;
    while ((comma = list.find(',', start)) != std::string::npos) {
      std::string k = list.substr(start, comma - start);
      start = comma + 1;
      if (k.empty()) continue;
      std::string type = k.substr(0, k.find('@'));
      std::string where = k.find('@') == std::string::npos ? "" : k.substr(k.find('@'));
      static const char* const kTypes[] = {"MODEL", "ORG", "LOC", "PER", "MISC", "EVENT", "CHIP", "GROUP"};
      bool known = std::any_of(std::begin(kTypes), std::end(kTypes), [&](const char* t) { return type == t; });
      if (!known || !(where.empty() || where == "@prev" || (where == "@prev_org" && type == "MODEL"))) {
        return LexiconError(plans_path, row.line, "unknown candidate kind '" + k + "'");
      }
      kinds.push_back(k);
    }
    if (!x->subject_plans_.emplace(row.fields[0], kinds).second) {
      return LexiconError(plans_path, row.line, "duplicate metric '" + row.fields[0] + "'");
    }
  }
  const std::string groups_path = lexicon_dir + "/subjects.tsv";
  auto groups = ReadTsvFile(groups_path, 3, 3);
  if (!groups.ok()) return groups.status();
  std::vector<std::string> group_patterns, demonym_patterns;
  for (const TsvRow& row : *groups) {
    bool langs[2];
    if (!ParseLang(row.fields[0], langs)) return LexiconError(groups_path, row.line, "language must be en, fr or *");
    std::string key = FoldKey(row.fields[2]);
    if (key.empty()) return LexiconError(groups_path, row.line, "empty phrase");
    int mask = (langs[0] ? 1 : 0) | (langs[1] ? 2 : 0);
    x->groups_[key].emplace_back(mask, row.fields[1]);
    group_patterns.push_back(LiteralPattern(key));
  }
  const std::string demonyms_path = lexicon_dir + "/demonyms.tsv";
  auto demonyms = ReadTsvFile(demonyms_path, 3, 3);
  if (!demonyms.ok()) return demonyms.status();
  for (const TsvRow& row : *demonyms) {
    bool langs[2];
    if (!ParseLang(row.fields[0], langs)) return LexiconError(demonyms_path, row.line, "language must be en, fr or *");
    std::string key = FoldKey(row.fields[2]);
    if (key.empty()) return LexiconError(demonyms_path, row.line, "empty adjective");
    int mask = (langs[0] ? 1 : 0) | (langs[1] ? 2 : 0);
    x->demonyms_[key].emplace_back(mask, row.fields[1]);
    demonym_patterns.push_back(LiteralPattern(key));
  }
  re2::RE2::Options options;
  options.set_log_errors(false);
  options.set_longest_match(true);
  // No capturing groups: callers ask for the whole match, which RE2 finds with its
  // DFA, and read the parts back by hand.
  auto cue_re = std::make_unique<re2::RE2>("(?:^|[^a-z0-9])(?:" + LongestFirst(cue_patterns) + ")", options);
  std::string dem = LongestFirst(demonym_patterns);
  auto group_re = std::make_unique<re2::RE2>(
      "(?:^|[^a-z0-9])(?:(?:" + dem + ") +)?(?:" + LongestFirst(group_patterns) + ")(?: +(?:" + dem + "))?",
      options);
  for (const auto* re : {cue_re.get(), group_re.get()}) {
    if (!re->ok()) return Status::Internal("figure pattern: " + re->error());
  }
  x->cue_re_ = PerThreadRE2(std::move(cue_re));
  x->group_re_ = PerThreadRE2(std::move(group_re));
  return x;
}

void FigureExtractor::FindCues(const std::string& s, size_t sb, size_t se,
                               std::vector<CueHit>* hits) const {
  hits->clear();
  re2::StringPiece window(s.data() + sb, se - sb);
  re2::StringPiece match;
  size_t pos = 0;
  const re2::RE2& cue_re = cue_re_->Get();
  while (pos < window.size() &&
         cue_re.Match(window, pos, window.size(), re2::RE2::UNANCHORED, &match, 1)) {
    // The whole match only (RE2's DFA); a leading boundary character is dropped here.
    size_t ob = static_cast<size_t>(match.data() - s.data());
    size_t oe = ob + match.size();
    if (ob < oe && !IsAlnum(s[ob])) ++ob;
    pos = oe - sb;
    if (ob >= oe) continue;
    if (oe < s.size() && IsAlnum(s[oe]) && IsAlnum(s[oe - 1])) continue;
    hits->push_back(CueHit{ob, oe, CollapseSpaces(std::string_view(s.data() + ob, oe - ob))});
  }
}

std::string FigureExtractor::ChooseMetric(const std::string& s, size_t sb, size_t se,
                                          const std::vector<CueHit>& cues, size_t fb,
                                          size_t fe, const Figure& figure, int slot) const {
  auto unit_ok = [&](const MetricCue& c) {
    for (const std::string& u : c.units) {
      if (u == "*" || u == figure.unit || u == figure.kind) return true;
    }
    return false;
  };
  auto context_ok = [&](const MetricCue& c) {
    if (c.context.empty()) return true;
    for (const auto& t : c.context) {
      if (HasTerm(s, sb, se, t.first, t.second)) return true;
    }
    return false;
  };
  auto lang_ok = [&](const MetricCue& c) { return slot < 0 || c.langs[slot]; };
  size_t best = cues_.size();
  double best_d = std::numeric_limits<double>::infinity();
  bool best_weak = true;
  for (const CueHit& hit : cues) {
    const size_t ob = hit.begin;
    const size_t oe = hit.end;
    const std::string& found = hit.cue;
    double d;
    if (oe <= fb) {
      d = static_cast<double>(fb - oe);
    } else if (ob >= fe) {
      d = 2.0 * static_cast<double>(ob - fe) + 1;
    } else {
      d = 0;
    }
    // The rows whose cue is `found` or a prefix of it, in row order.
    static const std::vector<size_t> kNone;
    auto exact = exact_cues_.find(found);
    const std::vector<size_t>& rows = exact == exact_cues_.end() ? kNone : exact->second;
    const std::vector<size_t>& prefixed = found.empty() ? kNone : prefix_cues_[static_cast<unsigned char>(found[0])];
    size_t i = 0, j = 0;
    while (i < rows.size() || j < prefixed.size()) {
      size_t r;
      if (j == prefixed.size() || (i < rows.size() && rows[i] < prefixed[j])) {
        r = rows[i++];
      } else {
        r = prefixed[j++];
      }
      const MetricCue& c = cues_[r];
      if (c.prefix && found.compare(0, c.cue.size(), c.cue) != 0) continue;
      if (!lang_ok(c) || !unit_ok(c)) continue;
      bool better = best == cues_.size() || (best_weak && !c.weak) ||
                    (best_weak == c.weak && (d < best_d || (d == best_d && r < best)));
      if (better) {
        if (!context_ok(c)) continue;
        best_d = d;
        best = r;
        best_weak = c.weak;
      }
    }
  }
  if (best < cues_.size()) return cues_[best].metric;
  for (const MetricCue& c : cues_) {
    if (c.cue.empty() && lang_ok(c) && unit_ok(c) && context_ok(c)) return c.metric;
  }
  return "";
}

void FigureExtractor::FindGroups(const ExtractContext& context, size_t begin, size_t end, int slot,
                                 std::vector<Candidate>* out) const {
  const std::string& s = context.folded.str();
  re2::StringPiece window(s.data() + begin, end - begin);
  re2::StringPiece match;
  size_t pos = 0;
  int bit = slot < 0 ? 3 : (1 << slot);
  auto pick = [bit](const std::vector<std::pair<int, std::string>>& entries) -> std::string {
    for (const auto& e : entries) {
      if (e.first & bit) return e.second;
    }
    return "";
  };
  const re2::RE2& group_re = group_re_->Get();
  while (pos < window.size() &&
         group_re.Match(window, pos, window.size(), re2::RE2::UNANCHORED, &match, 1)) {
    size_t mb = static_cast<size_t>(match.data() - s.data());
    size_t me = mb + match.size();
    pos = me - begin;
    if (mb < me && !IsAlnum(s[mb])) ++mb;
    if (me < s.size() && IsAlnum(s[me]) && IsAlnum(s[me - 1])) continue;
    // Words of the match: [demonym] phrase [demonym].
    std::vector<std::pair<size_t, size_t>> words;
    for (size_t k = mb; k < me;) {
      while (k < me && s[k] == ' ') ++k;
      size_t w = k;
      while (w < me && s[w] != ' ') ++w;
      if (w > k) words.emplace_back(k, w);
      k = w;
    }
    auto text_of = [&](size_t i, size_t j) {  // words [i, j) with single spaces
      return CollapseSpaces(std::string_view(s.data() + words[i].first, words[j - 1].second - words[i].first));
    };
    std::string canonical, prefix;
    size_t n = words.size();
    for (size_t i = 0; i < n && canonical.empty(); ++i) {
      for (size_t j = n; j > i && canonical.empty(); --j) {
        auto g = groups_.find(text_of(i, j));
        if (g == groups_.end()) continue;
        std::string name = pick(g->second);
        if (name.empty()) continue;
        std::string before = i > 0 ? text_of(0, i) : "";
        std::string after = j < n ? text_of(j, n) : "";
        for (const std::string& d : {before, after}) {
          if (d.empty()) continue;
          auto it = demonyms_.find(d);
          if (it != demonyms_.end() && !pick(it->second).empty()) prefix = pick(it->second);
        }
        canonical = name;
      }
    }
    if (canonical.empty()) continue;
    Span os = context.folded.ToOriginal(mb, me);
    Candidate c;
    c.name = prefix.empty() ? canonical : prefix + " " + canonical;
    c.type = "GROUP";
    c.start = os.start;
    c.end = os.end;
    out->push_back(c);
  }
}

std::string FigureExtractor::ChooseSubject(const ExtractContext& context, const Extraction& out,
                                           const std::vector<Span>& folded_sentences, size_t si,
                                           const Figure& figure, const std::string& metric,
                                           int slot) const {
  auto plan = subject_plans_.find(metric);
  if (plan == subject_plans_.end()) plan = subject_plans_.find("*");
  if (plan == subject_plans_.end()) return "";
  // Mentions farther than kSubjectReach bytes from the figure are not its
  // subject; the bound keeps run-on sentences (no full stop for a megabyte)
  // linear. Mentions are sorted by start, as the extractors emit them.
  constexpr size_t kSubjectReach = 600;
  auto candidates = [&](size_t k, const std::string& type, std::vector<Candidate>* found) {
    size_t lo = context.sentences[k].start, hi = context.sentences[k].end;
    if (k == si) {
      lo = std::max(lo, figure.start > kSubjectReach ? static_cast<size_t>(figure.start) - kSubjectReach : 0);
      hi = std::min(hi, static_cast<size_t>(figure.end) + kSubjectReach);
    } else if (hi - lo > kSubjectReach) {
      lo = hi - kSubjectReach;  // the end of an earlier sentence is nearest
    }
    auto chips_from = [&](size_t pos) {
      return std::lower_bound(out.chips.begin(), out.chips.end(), pos,
                              [](const ChipMention& c, size_t p) { return c.start < p; });
    };
    if (type == "CHIP") {
      for (auto c = chips_from(lo); c != out.chips.end() && c->start < hi; ++c) {
        if (c->end <= hi) found->push_back({c->name, "CHIP", c->start, c->end});
      }
    } else if (type == "GROUP") {
      size_t flo = std::max<size_t>(folded_sentences[k].start, FoldedPos(context.folded, static_cast<uint32_t>(lo)));
      size_t fhi = std::min<size_t>(folded_sentences[k].end, FoldedPos(context.folded, static_cast<uint32_t>(hi)));
      if (flo < fhi) FindGroups(context, flo, fhi, slot, found);
    } else {
      auto first = std::lower_bound(out.entities.begin(), out.entities.end(), lo,
                                    [](const EntityMention& e, size_t p) { return e.start < p; });
      for (auto e = first; e != out.entities.end() && e->start < hi; ++e) {
        if (e->type != type || e->end > hi) continue;
        // A vendor naming a chip ("Nvidia H800") qualifies the chip; it is not a subject.
        bool vendor = false;
        for (auto c = chips_from(e->start); c != out.chips.end() && c->start <= e->end + 2; ++c) vendor = true;
        if (!vendor) found->push_back({e->name, e->type, e->start, e->end});
      }
    }
  };
  auto nearest = [&](const std::vector<Candidate>& found) -> const Candidate* {
    const Candidate* best = nullptr;
    double best_d = std::numeric_limits<double>::infinity();
    for (const Candidate& c : found) {
      double d = Distance(figure.start, figure.end, c.start, c.end);
      if (d < best_d) {
        best_d = d;
        best = &c;
      }
    }
    return best;
  };
  for (const std::string& item : plan->second) {
    std::string type = item.substr(0, item.find('@'));
    std::string where = item.find('@') == std::string::npos ? "" : item.substr(item.find('@'));
    if (where.empty()) {
      std::vector<Candidate> found;
      candidates(si, type, &found);
      if (const Candidate* c = nearest(found)) return c->name;
      continue;
    }
    if (si == 0) continue;
    std::vector<Candidate> found;
    candidates(si - 1, type, &found);
    if (where == "@prev_org") {
      std::vector<Candidate> orgs;
      candidates(si, "ORG", &orgs);
      std::vector<Candidate> kept;
      for (const Candidate& m : found) {
        std::string model = FoldKey(m.name);
        for (const Candidate& o : orgs) {
          std::string org = FoldKey(o.name);
          if (!org.empty() && model.find(org) != std::string::npos) {
            kept.push_back(m);
            break;
          }
        }
      }
      found.swap(kept);
    }
    if (const Candidate* c = nearest(found)) return c->name;
  }
  return "";
}

void FigureExtractor::Run(const ExtractContext& context, Extraction* out) const {
  const Document& doc = *context.doc;
  const FoldedText& folded = context.folded;
  const std::string& s = folded.str();
  NumberLanguage nl = NumberLanguageFromCode(doc.lang);
  int slot = nl == NumberLanguage::kEnglish ? 0 : nl == NumberLanguage::kFrench ? 1 : -1;
  RecognizeOptions options;
  options.propagate_ranges = true;
  std::vector<Quantity> quantities = recognizer_->Find(folded, doc.text, doc.lang, options);
  if (quantities.empty()) return;
  std::vector<Span> folded_sentences;
  folded_sentences.reserve(context.sentences.size());
  for (const Span& sent : context.sentences) {
    folded_sentences.push_back({static_cast<uint32_t>(FoldedPos(folded, sent.start)),
                                static_cast<uint32_t>(FoldedPos(folded, sent.end))});
  }
  // The extractors emit mentions sorted by start; keep that a guarantee for
  // the binary searches below (a no-op on their output).
  auto by_start = [](const auto& x, const auto& y) { return x.start < y.start; };
  if (!std::is_sorted(out->entities.begin(), out->entities.end(), by_start)) {
    std::stable_sort(out->entities.begin(), out->entities.end(), by_start);
  }
  if (!std::is_sorted(out->chips.begin(), out->chips.end(), by_start)) {
    std::stable_sort(out->chips.begin(), out->chips.end(), by_start);
  }
  // A number overlaps a mention only if the mention starts less than the
  // longest mention's length before the number.
  size_t longest = 0;
  for (const EntityMention& e : out->entities) longest = std::max<size_t>(longest, e.end - e.start);
  for (const ChipMention& c : out->chips) longest = std::max<size_t>(longest, c.end - c.start);
  auto overlaps = [&](const auto& mentions, const Span& os) {
    size_t from = os.start > longest ? os.start - longest : 0;
    auto m = std::lower_bound(mentions.begin(), mentions.end(), from,
                              [](const auto& x, size_t p) { return x.start < p; });
    for (; m != mentions.end() && m->start < os.end; ++m) {
      if (os.start < m->end) return true;
    }
    return false;
  };
  // The cues of the last window looked at: figures of one sentence share them.
  std::vector<CueHit> cue_hits;
  size_t cue_begin = std::string::npos, cue_end = std::string::npos;
  for (const Quantity& q : quantities) {
    Span os = folded.ToOriginal(q.begin, q.end);
    bool inside = overlaps(out->entities, os) || overlaps(out->chips, os);
    if (inside) continue;
    Figure fig;
    fig.value = q.value;
    fig.unit = q.unit;
    fig.kind = q.kind;
    fig.precision = q.precision;
    if (fig.unit.empty()) {
      // A count right before a chip name: 2048 H800.
      const ChipMention* chip = nullptr;
      for (const ChipMention& c : out->chips) {
        if (c.start < os.end || c.start > os.end + 8) continue;
        size_t chip_begin = FoldedPos(folded, c.start);
        if (chip_begin < q.end || chip_begin > q.end + 3) continue;
        bool spaces = true;
        for (size_t k = q.end; k < chip_begin; ++k) {
          if (s[k] != ' ') spaces = false;
        }
        if (spaces) chip = &c;
      }
      if (chip == nullptr || q.number.fraction || q.number.value != static_cast<double>(static_cast<long long>(q.number.value)) ||
          q.number.value <= 0) {
        continue;
      }
      fig.unit = "gpu";
      fig.kind = "number";
      os.end = chip->end;
      // "2.78 million H800 GPU-hours", "2,048 H800 GPUs": the unit after the chip name.
      std::string unit, kind;
      size_t unit_end;
      if (recognizer_->UnitAt(folded, doc.text, FoldedPos(folded, chip->end), doc.lang, &unit, &kind,
                              &unit_end)) {
        if (unit == "gpu_hour" || unit == "hour") {
          fig.unit = "gpu_hour";
          fig.kind = kind;
        }
        if (unit == "gpu_hour" || unit == "hour" || unit == "gpu") {
          os.end = folded.ToOriginal(unit_end - 1, unit_end).end;
        }
      }
    }
    fig.approx = q.approx;
    if (q.approx) {
      Span ms = folded.ToOriginal(q.approx_begin, q.approx_end);
      fig.approx_marker = doc.text.substr(ms.start, ms.end - ms.start);
    }
    fig.range_id = q.range_id;
    fig.start = os.start;
    fig.end = os.end;
    fig.text = doc.text.substr(os.start, os.end - os.start);
    // The sentence holding the figure.
    size_t si = 0;
    {
      auto it = std::upper_bound(context.sentences.begin(), context.sentences.end(), os.start,
                                 [](uint32_t v, const Span& sp) { return v < sp.start; });
      si = it == context.sentences.begin() ? 0 : static_cast<size_t>(it - context.sentences.begin()) - 1;
    }
    if (!context.sentences.empty()) {
      const Span& fs = folded_sentences[si];
      // Cues farther than kMetricReach bytes are not this figure's; the bound
      // keeps run-on sentences (a megabyte without a full stop) linear.
      constexpr size_t kMetricReach = 600;
      size_t mb = std::max<size_t>(fs.start, q.begin > kMetricReach ? q.begin - kMetricReach : 0);
      size_t me = std::min<size_t>(std::max<size_t>(fs.end, q.end), q.end + kMetricReach);
      if (mb != cue_begin || me != cue_end) {
        FindCues(s, mb, me, &cue_hits);
        cue_begin = mb;
        cue_end = me;
      }
      fig.metric = ChooseMetric(s, mb, me, cue_hits, q.begin, q.end, fig, slot);
      fig.subject = ChooseSubject(context, *out, folded_sentences, si, fig, fig.metric, slot);
    }
    out->figures.push_back(std::move(fig));
  }
}

}  // namespace newsintel
