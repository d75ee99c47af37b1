#include "extract/claim_extractor.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include <re2/re2.h>
#include <re2/set.h>
#include <unicode/uchar.h>

#include "extract/claim_tokens.h"
#include "extract/cue_finder.h"
#include "extract/line_patterns.h"
#include "extract/normalize.h"
#include "extract/string_index.h"

namespace newsintel {

namespace {

enum class CueKind {
  kVerb, kFrame, kReport, kInversion, kHedge, kConditional, kAccusation, kDenial, kDoubt,
  kDeclined
};

enum class SpeakerPos { kSubject, kSubjectFree, kObject, kObjectInitial, kInverted, kNone };

enum class WordKind : uint8_t {
  kNone, kDeterminer, kModifier, kRole, kInstitution, kCompany, kDocument, kPronoun,
  kObjectPronoun, kRelative, kNonSpeaker, kAdverb, kPreposition, kTime, kAuxiliary, kConjunction,
  kUnset  // not looked up yet (DocState::K)
};

enum class LineKind { kComments, kCredit, kLine };

enum Lang { kFr = 1, kEn = 2, kAny = 3 };

const char* const kModalities[] = {"asserted", "alleged", "doubted", "denied", "declined"};

// Rank of a modality name in kModalities (higher wins when cues combine), or -1.
int ModalityRank(std::string_view m) {
  for (int i = 0; i < 5; ++i) {
    if (m == kModalities[i]) return i;
  }
  return -1;
}

struct Cue {
  CueKind kind = CueKind::kVerb;
  SpeakerPos pos = SpeakerPos::kNone;
  int modality = 0;  // index into kModalities
  bool standalone = false;
  int lang = kAny;
};

struct BoilerplatePattern {
  LineKind kind = LineKind::kLine;
};

// One data line of a TSV lexicon.
struct Row {
  int line = 0;
  std::vector<std::string> fields;
};

Status LexError(const std::string& path, int line, const std::string& reason) {
  return Status::InvalidArgument(path + ":" + std::to_string(line) + ": " + reason);
}

std::string Trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\r')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\r')) --e;
  return std::string(s.substr(b, e - b));
}

std::vector<std::string> SplitTabs(std::string_view line) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    size_t tab = line.find('\t', start);
    out.push_back(Trim(line.substr(start, tab == std::string_view::npos ? tab : tab - start)));
    if (tab == std::string_view::npos) break;
    start = tab + 1;
  }
  return out;
}

// Expands {name} macros (a name starts with a letter; "{0,3}" is left alone).
Result<std::string> ExpandMacros(const std::string& pattern,
                                 const std::unordered_map<std::string, std::string>& macros,
                                 const std::string& path, int line) {
  std::string out;
  for (size_t i = 0; i < pattern.size(); ++i) {
    char c = pattern[i];
    if (c == '{' && i + 1 < pattern.size() && pattern[i + 1] >= 'a' && pattern[i + 1] <= 'z') {
      size_t close = pattern.find('}', i);
      if (close == std::string::npos) return LexError(path, line, "unclosed macro in pattern");
      std::string name = pattern.substr(i + 1, close - i - 1);
      auto it = macros.find(name);
      if (it == macros.end()) return LexError(path, line, "unknown macro {" + name + "}");
      out += it->second;
      i = close;
    } else {
      out.push_back(c);
    }
  }
  return out;
}

// Reads a TSV lexicon: '#' comments, blank lines, an optional "@define NAME
// REGEX" macro line (when `macros` is given); each data line must have exactly
// `fields` fields.
Result<std::vector<Row>> ReadLexicon(const std::string& path, size_t fields,
                                     std::unordered_map<std::string, std::string>* macros) {
  std::ifstream in(path);
  if (!in) return Status::IOError(path + ": cannot read lexicon");
  std::vector<Row> rows;
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::string trimmed = Trim(line);
    if (trimmed.empty() || trimmed[0] == '#') continue;
    if (macros != nullptr && trimmed.rfind("@define", 0) == 0) {
      std::string rest = Trim(trimmed.substr(7));
      size_t tab = rest.find('\t');
      if (tab == std::string::npos) return LexError(path, number, "@define needs NAME<TAB>REGEX");
      std::string name = Trim(rest.substr(0, tab));
      if (name.empty() || !(name[0] >= 'a' && name[0] <= 'z')) {
        return LexError(path, number, "macro name must start with a lower-case letter");
      }
      Result<std::string> body = ExpandMacros(Trim(rest.substr(tab + 1)), *macros, path, number);
      if (!body.ok()) return body.status();
      (*macros)[name] = *body;
      continue;
    }
    Row row;
    row.line = number;
    row.fields = SplitTabs(line);
    if (row.fields.size() != fields) {
      return LexError(path, number, "expected " + std::to_string(fields) + " tab-separated fields, got " +
                                        std::to_string(row.fields.size()));
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

Result<int> ParseLang(const std::string& s, const std::string& path, int line) {
  if (s == "fr") return static_cast<int>(kFr);
  if (s == "en") return static_cast<int>(kEn);
  if (s == "any") return static_cast<int>(kAny);
  return LexError(path, line, "language must be fr, en or any, not '" + s + "'");
}

RE2::Options FoldedOptions() {
  RE2::Options o;
  o.set_log_errors(false);
  o.set_max_mem(64 << 20);
  return o;
}

// The first bytes of the characters FindQuotes() looks at: '"', '\n', and the
// lead bytes of U+0080..U+00BF (guillemets, no-break space) and U+2000..U+2FFF.
struct QuoteLeads {
  bool at[256] = {};
  constexpr QuoteLeads() {
    at[static_cast<unsigned char>('"')] = true;
    at[static_cast<unsigned char>('\n')] = true;
    at[0xC2] = true;
    at[0xE2] = true;
  }
};
constexpr QuoteLeads kQuoteLeads;
constexpr char kQuoteLeadBytes[] = "\"\n\xC2\xE2";  // the same, for FindFirstOf

}  // namespace

struct ClaimExtractor::Tables {
  std::vector<Cue> cues;
  std::unique_ptr<CueFinder> cue_finder;  // pattern i is cues[i]
  // Word kinds per language (index kFr, kEn): words[l] numbers the words,
  // word_kinds[l] gives their kinds.
  StringIndex words[3];
  std::vector<WordKind> word_kinds[3];
  std::vector<BoilerplatePattern> lines;
  std::unique_ptr<LinePatterns> line_set;
  std::vector<std::unique_ptr<RE2>> line_res;

  // REQUIRES: `readable` bytes from w.data() may be read (see StringIndex::Find).
  WordKind Kind(std::string_view w, int lang, size_t readable) const {
    if (lang == kFr || lang == kEn) {
      int i = words[lang].Find(w, readable);
      return i < 0 ? WordKind::kNone : word_kinds[lang][i];
    }
    for (int l : {static_cast<int>(kFr), static_cast<int>(kEn)}) {
      int i = words[l].Find(w, readable);
      if (i >= 0) return word_kinds[l][i];
    }
    return WordKind::kNone;
  }
};

namespace {

Status LoadCues(const std::string& dir, ClaimExtractor::Tables* t) {
  std::string path = dir + "/claim_cues.tsv";
  std::unordered_map<std::string, std::string> macros;
  Result<std::vector<Row>> rows = ReadLexicon(path, 6, &macros);
  if (!rows.ok()) return rows.status();
  static const std::pair<const char*, CueKind> kKinds[] = {
      {"verb", CueKind::kVerb}, {"frame", CueKind::kFrame}, {"report", CueKind::kReport},
      {"inversion", CueKind::kInversion}, {"hedge", CueKind::kHedge},
      {"conditional", CueKind::kConditional}, {"accusation", CueKind::kAccusation},
      {"denial", CueKind::kDenial}, {"doubt", CueKind::kDoubt}, {"declined", CueKind::kDeclined}};
  static const std::pair<const char*, SpeakerPos> kPositions[] = {
      {"subject", SpeakerPos::kSubject}, {"subject_free", SpeakerPos::kSubjectFree},
      {"object", SpeakerPos::kObject}, {"object_initial", SpeakerPos::kObjectInitial},
      {"inverted", SpeakerPos::kInverted}, {"none", SpeakerPos::kNone}};
  RE2::Options options = FoldedOptions();
  t->cue_finder = std::make_unique<CueFinder>(options);
  for (const Row& row : *rows) {
    Result<std::string> pattern = ExpandMacros(row.fields[0], macros, path, row.line);
    if (!pattern.ok()) return pattern.status();
    if (pattern->empty()) return LexError(path, row.line, "empty pattern");
    Cue cue;
    Result<int> lang = ParseLang(row.fields[1], path, row.line);
    if (!lang.ok()) return lang.status();
    cue.lang = *lang;
    bool found = false;
    for (const auto& k : kKinds) {
      if (row.fields[2] == k.first) cue.kind = k.second, found = true;
    }
    if (!found) return LexError(path, row.line, "unknown kind '" + row.fields[2] + "'");
    cue.modality = ModalityRank(row.fields[3]);
    if (cue.modality < 0) return LexError(path, row.line, "unknown modality '" + row.fields[3] + "'");
    found = false;
    for (const auto& p : kPositions) {
      if (row.fields[4] == p.first) cue.pos = p.second, found = true;
    }
    if (!found) return LexError(path, row.line, "unknown speaker position '" + row.fields[4] + "'");
    if (row.fields[5] != "0" && row.fields[5] != "1") {
      return LexError(path, row.line, "standalone must be 0 or 1");
    }
    cue.standalone = row.fields[5] == "1";
    std::string error;
    if (t->cue_finder->Add(*pattern, static_cast<uint32_t>(cue.lang), &error) < 0) {
      return LexError(path, row.line, "bad pattern: " + error);
    }
    t->cues.push_back(cue);
  }
  if (t->cues.empty()) return LexError(path, 0, "no cues");
  if (!t->cue_finder->Compile()) return Status::Internal(path + ": cannot compile the cue set");
  return Status::OK();
}

Status LoadSpeakerWords(const std::string& dir, ClaimExtractor::Tables* t) {
  std::string path = dir + "/claim_speakers.tsv";
  Result<std::vector<Row>> rows = ReadLexicon(path, 3, nullptr);
  if (!rows.ok()) return rows.status();
  static const std::pair<const char*, WordKind> kKinds[] = {
      {"determiner", WordKind::kDeterminer}, {"modifier", WordKind::kModifier},
      {"role", WordKind::kRole}, {"institution", WordKind::kInstitution},
      {"company", WordKind::kCompany}, {"document", WordKind::kDocument},
      {"pronoun", WordKind::kPronoun}, {"object_pronoun", WordKind::kObjectPronoun},
      {"relative", WordKind::kRelative}, {"nonspeaker", WordKind::kNonSpeaker},
      {"adverb", WordKind::kAdverb}, {"preposition", WordKind::kPreposition},
      {"time", WordKind::kTime}, {"auxiliary", WordKind::kAuxiliary},
      {"conjunction", WordKind::kConjunction}};
  std::vector<std::string> keys[3];
  std::vector<WordKind> kinds[3];
  for (const Row& row : *rows) {
    std::string word = FoldKey(row.fields[0]);
    if (word.empty() || word.find(' ') != std::string::npos) {
      return LexError(path, row.line, "word must be a single token");
    }
    Result<int> lang = ParseLang(row.fields[1], path, row.line);
    if (!lang.ok()) return lang.status();
    WordKind kind = WordKind::kNone;
    for (const auto& k : kKinds) {
      if (row.fields[2] == k.first) kind = k.second;
    }
    if (kind == WordKind::kNone) return LexError(path, row.line, "unknown kind '" + row.fields[2] + "'");
    for (int l : {static_cast<int>(kFr), static_cast<int>(kEn)}) {
      if (*lang & l) {
        keys[l].push_back(word);
        kinds[l].push_back(kind);
      }
    }
  }
  for (int l : {static_cast<int>(kFr), static_cast<int>(kEn)}) {
    t->words[l] = StringIndex(keys[l]);  // a repeated word keeps its first number
    t->word_kinds[l] = std::move(kinds[l]);
  }
  return Status::OK();
}

Status LoadBoilerplate(const std::string& dir, ClaimExtractor::Tables* t) {
  std::string path = dir + "/claim_boilerplate.tsv";
  Result<std::vector<Row>> rows = ReadLexicon(path, 2, nullptr);
  if (!rows.ok()) return rows.status();
  RE2::Options options = FoldedOptions();
  t->line_set = std::make_unique<LinePatterns>(options);
  for (const Row& row : *rows) {
    BoilerplatePattern p;
    if (row.fields[1] == "comments") {
      p.kind = LineKind::kComments;
    } else if (row.fields[1] == "credit") {
      p.kind = LineKind::kCredit;
    } else if (row.fields[1] == "line") {
      p.kind = LineKind::kLine;
    } else {
      return LexError(path, row.line, "kind must be comments, credit or line");
    }
    auto re = std::make_unique<RE2>(row.fields[0], options);
    if (!re->ok()) return LexError(path, row.line, "bad pattern: " + re->error());
    std::string error;
    if (t->line_set->Add(row.fields[0], &error) < 0) return LexError(path, row.line, "bad pattern: " + error);
    t->lines.push_back(p);
    t->line_res.push_back(std::move(re));
  }
  if (t->lines.empty()) return LexError(path, 0, "no patterns");
  if (!t->line_set->Compile()) return Status::Internal(path + ": cannot compile the line set");
  return Status::OK();
}

// ---------------------------------------------------------------------------
// Per-document analysis.

// A token of the folded text: a word (letters, digits, inner hyphens, plus a
// final elision apostrophe) or one punctuation character.
struct Tok {
  uint32_t fb = 0, fe = 0;  // folded bytes (original bytes: DocState::OSpan)
  uint32_t ob = 0;          // the original byte where fb starts
  int32_t mention = -1;     // index into DocState::mentions, or -1
  WordKind kind = WordKind::kNone;
  char punct = 0;           // the ASCII punctuation character, or 0
  bool word = false;
  bool upper = false;       // the original starts with an upper-case letter
};

// A named thing a speaker can resolve to: an entity of the extraction, or a
// capitalized word run the entity stage did not cover (type empty).
struct Mention {
  std::string name;
  std::string type;
  Span span;
  size_t first_tok = 0, last_tok = 0;  // inclusive
  bool from_entities = false;
};

struct CueHit {
  int cue = 0;
  uint32_t fb = 0, fe = 0;
  size_t first_tok = 0, end_tok = 0;  // tokens [first_tok, end_tok)
  bool valid = true;
};

struct Speaker {
  std::string name;
  Span span;
  std::string role;  // folded role noun it was introduced with ("responsable"), or empty
  bool person = false;  // resolved to a person's name
  bool found() const { return !name.empty(); }
};

struct Unit {
  size_t first_sentence = 0, last_sentence = 0;  // inclusive
  Span span;
};

bool IsUpperStart(std::string_view original, uint32_t pos) {
  if (pos >= original.size()) return false;
  unsigned char c = static_cast<unsigned char>(original[pos]);
  if (c < 0x80) return c >= 'A' && c <= 'Z';
  size_t p = pos;
  uint32_t cp = NextCodePoint(original, &p);
  return u_isupper(static_cast<UChar32>(cp));
}

// True if `original` ends with an accented past-participle ending (é, ée, és, ées).
bool EndsLikeParticiple(std::string_view w) {
  static const char* const kEndings[] = {"\xC3\xA9", "\xC3\xA9" "e", "\xC3\xA9" "s", "\xC3\xA9" "es"};
  for (const char* e : kEndings) {
    std::string_view s(e);
    if (w.size() > s.size() + 2 && w.substr(w.size() - s.size()) == s) return true;
  }
  return false;
}

class DocState {
 public:
  DocState(const ClaimExtractor::Tables& t, const ExtractContext& ctx, const Extraction& out)
      : t_(t), ctx_(ctx), text_(ctx.doc->text), folded_(ctx.folded.str()) {
    lang_ = ctx.doc->lang == "fr" ? kFr : ctx.doc->lang == "en" ? kEn : kAny;
    Tokenize();
    BuildMentions(out.entities);
  }

  void Extract(std::vector<Claim>* claims);

 private:
  void Tokenize();
  void BuildMentions(const std::vector<EntityMention>& entities);
  std::vector<Span> NonArticle() const;
  std::vector<CueHit> FindCues() const;
  std::vector<Span> FindQuotes() const;
  std::vector<Unit> BuildUnits(const std::vector<Span>& excluded, const std::vector<Span>& quotes) const;

  size_t TokAt(uint32_t original_pos) const;  // first token starting at or after pos
  std::string_view F(size_t i) const {
    return std::string_view(folded_).substr(toks_[i].fb, toks_[i].fe - toks_[i].fb);
  }
  // The word kind of token i, looked up on first use.
  WordKind K(size_t i) const {
    Tok& t = toks_[i];
    if (t.kind == WordKind::kUnset) {
      t.kind = t.fe - t.fb > 24
                   ? WordKind::kNone
                   : t_.Kind(std::string_view(folded_).substr(t.fb, t.fe - t.fb), lang_,
                             folded_.size() + 1 - t.fb);
    }
    return t.kind;
  }
  Span OSpan(size_t i) const { return ctx_.folded.ToOriginal(toks_[i].fb, toks_[i].fe); }
  uint32_t OStart(size_t i) const { return toks_[i].ob; }
  uint32_t OEnd(size_t i) const { return OSpan(i).end; }
  std::string_view O(Span s) const { return std::string_view(text_).substr(s.start, s.end - s.start); }
  bool IsPunct(size_t i, char c) const { return i < toks_.size() && toks_[i].punct == c; }
  bool IsClauseEnd(size_t i) const;
  bool IsOfWord(size_t i) const;

  bool HasComplement(const CueHit& h, size_t unit_end) const;
  bool IsIncise(const CueHit& h, size_t unit_begin) const;
  Speaker MentionSpeaker(int m) const;
  bool IsAgent(size_t first_tok) const;
  bool IsSpeakerNoun(size_t i) const;
  bool IsAdverbial(size_t b, size_t e) const;
  // The first person named in the sentences before `tok` (the nearest
  // sentence first, at most four), skipping agents ("par X", "by X").
  Speaker PersonBefore(size_t tok, bool include_current) const;
  Speaker NearestOrganisation(size_t before) const;
  Speaker ResolvePronoun(size_t tok) const;
  Speaker ResolveRelative(size_t tok, size_t sentence_begin) const;
  Speaker ResolvePhrase(size_t b, size_t e, size_t ab, size_t ae, size_t sentence_begin,
                        bool strict) const;
  Speaker SubjectBefore(const CueHit& h, size_t unit_begin) const;
  Speaker PhraseAfter(size_t k, size_t unit_end, size_t unit_begin, bool object,
                      bool need_comma) const;
  size_t SegmentEnd(size_t k, size_t unit_end) const;

  const ClaimExtractor::Tables& t_;
  const ExtractContext& ctx_;
  const std::string& text_;
  const std::string& folded_;
  int lang_ = kAny;
  mutable std::vector<Tok> toks_;  // kinds filled in lazily by K()
  std::vector<Mention> mentions_;
  std::vector<Speaker> history_;  // resolved speakers, in document order
};

void DocState::Tokenize() {
  TokenizedText scratch;
  const TokenizedText& shared = ctx_.Tokens(&scratch);
  toks_.reserve(shared.tokens().size() + shared.tokens().size() / 4 + 16);
  ForEachClaimToken(shared, [this](const ClaimToken& c) {
    Tok tok;
    tok.fb = c.begin;
    tok.fe = c.end;
    tok.punct = c.punct;
    tok.ob = ctx_.folded.OriginalStart(c.begin);
    if (c.word) {
      tok.word = true;
      tok.upper = IsUpperStart(text_, tok.ob);
      tok.kind = WordKind::kUnset;
    }
    toks_.push_back(tok);
  });
}

size_t DocState::TokAt(uint32_t pos) const {
  return static_cast<size_t>(
      std::lower_bound(toks_.begin(), toks_.end(), pos,
                       [](const Tok& t, uint32_t p) { return t.ob < p; }) -
      toks_.begin());
}

void DocState::BuildMentions(const std::vector<EntityMention>& entities) {
  std::vector<const EntityMention*> sorted;
  for (const EntityMention& e : entities) {
    if (e.end > e.start && e.end <= text_.size()) sorted.push_back(&e);
  }
  std::sort(sorted.begin(), sorted.end(), [](const EntityMention* a, const EntityMention* b) {
    return a->start != b->start ? a->start < b->start : a->end > b->end;
  });
  for (const EntityMention* e : sorted) {
    size_t first = TokAt(e->start);
    if (first >= toks_.size() || OStart(first) >= e->end) continue;
    if (toks_[first].mention >= 0) continue;  // overlaps an earlier, longer mention
    Mention m;
    m.name = e->name.empty() ? e->text : e->name;
    m.type = e->type;
    m.span = {e->start, e->end};
    m.first_tok = first;
    m.from_entities = true;
    size_t last = first;
    while (last + 1 < toks_.size() && OStart(last + 1) < e->end) ++last;
    m.last_tok = last;
    int index = static_cast<int>(mentions_.size());
    for (size_t k = first; k <= last; ++k) toks_[k].mention = index;
    mentions_.push_back(std::move(m));
  }
  // Capitalized runs the entity stage left: a fallback for names it does not
  // know. A lone capitalized word opening a sentence counts only if the same
  // word is capitalized elsewhere in mid-sentence.
  auto at_start = [&](size_t i) {
    if (i == 0) return true;
    char p = toks_[i - 1].punct;
    return p == '.' || p == '!' || p == '?' || p == '\n' || p == ':' || p == '"' || p == '(' ||
           p == '-' || p == '\x01';
  };
  auto candidate = [&](size_t i) {
    const Tok& tk = toks_[i];
    return tk.word && tk.upper && tk.mention < 0 && K(i) == WordKind::kNone &&
           !EndsLikeParticiple(O(OSpan(i)));
  };
  const size_t n = toks_.size();
  std::vector<uint32_t> candidates;
  std::unordered_set<std::string_view> mid_caps;
  for (size_t i = 0; i < n; ++i) {
    if (!candidate(i)) continue;
    candidates.push_back(static_cast<uint32_t>(i));
    if (!at_start(i)) mid_caps.insert(F(i));
  }
  size_t next = 0;  // the tokens before are in a run already
  for (size_t i : candidates) {
    if (i < next) continue;
    size_t j = i;
    while (j + 1 < n && toks_[j + 1].word && toks_[j + 1].upper && toks_[j + 1].mention < 0 &&
           K(j + 1) == WordKind::kNone) {  // '\n' is a token
      ++j;
    }
    if (j == i && at_start(i) && mid_caps.count(F(i)) == 0) continue;
    Mention m;
    m.span = {OStart(i), OEnd(j)};
    m.name = std::string(O(m.span));
    m.first_tok = i;
    m.last_tok = j;
    int index = static_cast<int>(mentions_.size());
    for (size_t k = i; k <= j; ++k) toks_[k].mention = index;
    mentions_.push_back(std::move(m));
    next = j + 1;
  }
}

bool DocState::IsClauseEnd(size_t i) const {
  if (i >= toks_.size()) return true;
  char p = toks_[i].punct;
  return p == '.' || p == ';' || p == ':' || p == '!' || p == '?' || p == '\n' || p == '"' ||
         p == '(' || p == ')';
}

// "de", "du", "des", "d'", "of", "par", "by", "a", "au": a complement, not an apposition.
bool DocState::IsOfWord(size_t i) const {
  if (i >= toks_.size() || !toks_[i].word) return false;
  std::string_view w = F(i);
  return w == "de" || w == "du" || w == "des" || w == "d'" || w == "of" || w == "par" ||
         w == "by" || w == "a" || w == "au" || w == "aux" || K(i) == WordKind::kPreposition;
}

std::vector<Span> DocState::NonArticle() const {
  std::vector<Span> out;
  struct Line {
    uint32_t fb, fe;  // folded, trimmed
    Span o;           // original, untrimmed line
    std::string_view folded;
    int kind = -1;    // LineKind or -1
    Span credit{0, 0};
  };
  std::vector<Line> lines;
  size_t pos = 0;
  const std::string& f = folded_;
  while (pos <= f.size()) {
    size_t nl = f.find('\n', pos);
    if (nl == std::string::npos) nl = f.size();
    size_t b = pos, e = nl;
    while (b < e && (f[b] == ' ' || f[b] == '\t' || f[b] == '\r')) ++b;
    while (e > b && (f[e - 1] == ' ' || f[e - 1] == '\t' || f[e - 1] == '\r')) --e;
    Line line;
    line.fb = static_cast<uint32_t>(b);
    line.fe = static_cast<uint32_t>(e);
    line.folded = std::string_view(f).substr(b, e - b);
    uint32_t ob = ctx_.folded.OriginalStart(pos);
    uint32_t oe = ctx_.folded.OriginalStart(nl);
    line.o = {ob, oe};
    lines.push_back(line);
    if (nl == f.size()) break;
    pos = nl + 1;
  }
  std::unordered_map<std::string_view, int> counts;
  auto word_count = [](std::string_view s) {
    int n = 0;
    bool in = false;
    for (char c : s) {
      bool w = c != ' ';
      if (w && !in) ++n;
      in = w;
    }
    return n;
  };
  std::vector<int> ids;
  for (Line& line : lines) {
    if (line.folded.empty()) continue;
    if (line.folded.size() <= 200) {
      int words = word_count(line.folded);
      if (words >= 2 && words <= 15) ++counts[line.folded];
    }
    // A long line is a paragraph: only a parenthesized credit closing it counts.
    std::string_view probe = line.folded;
    // Its last '(' counts only within the last 200 bytes.
    if (probe.size() > 300) {
      const char* tail = probe.data() + probe.size() - 200;
      const void* paren = memrchr(tail, '(', 200);
      if (paren == nullptr) continue;
      probe = probe.substr(static_cast<const char*>(paren) - probe.data());
    }
    if (!t_.line_set->Match(probe, &ids)) continue;
    for (int id : ids) {
      LineKind kind = t_.lines[id].kind;
      if (kind == LineKind::kCredit) {
        re2::StringPiece m;
        if (t_.line_res[id]->Match(probe, 0, probe.size(), RE2::UNANCHORED, &m, 1)) {
          uint32_t mb = static_cast<uint32_t>(m.data() - folded_.data());
          uint32_t me = mb + static_cast<uint32_t>(m.size());
          if (me > mb) {
            line.credit = ctx_.folded.ToOriginal(mb, me);
            out.push_back(line.credit);
          }
        }
      } else if (kind == LineKind::kLine) {
        out.push_back(line.o);
      }
      if (line.kind < 0 || kind == LineKind::kComments) line.kind = static_cast<int>(kind);
    }
  }
  // Lines repeated word for word (captions repeated as headings, share bars).
  for (const Line& line : lines) {
    auto it = counts.find(line.folded);
    if (it != counts.end() && it->second > 1) out.push_back(line.o);
  }
  // The comment section: from the first marker in the latter part of the text,
  // walking back over comment-like lines (bullets, indented, short, repeated).
  size_t marker = lines.size();
  for (size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].kind == static_cast<int>(LineKind::kComments) &&
        lines[i].o.start * 10 >= text_.size() * 3) {
      marker = i;
      break;
    }
  }
  if (marker < lines.size()) {
    size_t start = marker;
    while (start > 0) {
      const Line& prev = lines[start - 1];
      std::string_view orig = O(prev.o);
      bool blank = prev.folded.empty();
      bool indented = orig.size() >= 2 && (orig.rfind("  ", 0) == 0 || orig[0] == '\t');
      bool bullet = false;
      std::string_view lead = prev.folded;
      for (const char* b : {"\xE2\x80\xA2", "\xC2\xB7", "\xE2\x97\xA6", "\xE2\x96\xAA", "- ", "* "}) {
        if (lead.rfind(b, 0) == 0) bullet = true;
      }
      int words = word_count(prev.folded);
      char last = prev.folded.empty() ? 0 : prev.folded.back();
      bool short_line = words <= 6 && last != '.' && last != '!' && last != '?' && last != ':';
      auto it = counts.find(prev.folded);
      bool repeated = it != counts.end() && it->second > 1;
      bool marked = prev.kind == static_cast<int>(LineKind::kComments) ||
                    prev.kind == static_cast<int>(LineKind::kLine);
      if (!(blank || indented || bullet || short_line || repeated || marked)) break;
      --start;
    }
    uint32_t region = lines[start].o.start;
    // An agency credit in the second half closes the article: what follows it
    // up to the comment marker is not the article either.
    for (size_t i = marker; i-- > 0;) {
      if (lines[i].credit.end > 0) {
        if (lines[i].credit.start * 2 >= text_.size() && lines[i].credit.end < region) {
          region = lines[i].credit.end;
        }
        break;
      }
    }
    out.push_back({region, static_cast<uint32_t>(text_.size())});
  }
  std::sort(out.begin(), out.end(), [](Span a, Span b) { return a.start < b.start; });
  return out;
}

std::vector<CueHit> DocState::FindCues() const {
  std::vector<CueHit> hits;
  std::vector<CueFinder::Hit> found;
  size_t next_tok = 0;
  const size_t n = toks_.size();
  for (const Span& sentence : ctx_.sentences) {
    size_t first = next_tok;
    while (first < n && OStart(first) < sentence.start) ++first;
    size_t last = static_cast<size_t>(
        std::lower_bound(toks_.begin() + first, toks_.end(), sentence.end,
                         [](const Tok& t, uint32_t p) { return t.ob < p; }) -
        toks_.begin());
    next_tok = last;
    if (first >= last) continue;
    size_t sb = toks_[first].fb, se = toks_[last - 1].fe;
    found.clear();
    t_.cue_finder->Find(folded_, static_cast<uint32_t>(sb), static_cast<uint32_t>(se),
                        static_cast<uint32_t>(lang_), &found);
    for (const CueFinder::Hit& f : found) {
      CueHit h;
      h.cue = f.pattern;
      h.fb = f.begin;
      h.fe = f.end;
      hits.push_back(h);
    }
  }
  // Token ranges.
  for (CueHit& h : hits) {
    auto it = std::lower_bound(toks_.begin(), toks_.end(), h.fb,
                               [](const Tok& t, uint32_t p) { return t.fb < p; });
    h.first_tok = static_cast<size_t>(it - toks_.begin());
    size_t e = h.first_tok;
    while (e < n && toks_[e].fb < h.fe) ++e;
    h.end_tok = e;
  }
  // Equal spans of different cues keep the lexicon's order.
  std::sort(hits.begin(), hits.end(), [](const CueHit& a, const CueHit& b) {
    if (a.fb != b.fb) return a.fb < b.fb;
    return a.fe != b.fe ? a.fe > b.fe : a.cue < b.cue;
  });
  // Hits are sorted by start, longest first; a sweep keeps, per kind, the
  // furthest end reached so far.
  // Drop a hit inside a longer hit of the same kind ("estime" in "a estime"),
  // and a verb inside a longer marker ("said" in "is said to").
  std::vector<CueHit> out;
  std::unordered_map<int, uint32_t> kind_end;  // CueKind -> furthest end
  uint32_t marker_end_before = 0;              // markers starting before this hit's start
  uint32_t marker_end_here = 0;                // markers starting at this start
  uint32_t here = 0;
  for (const CueHit& h : hits) {
    if (h.fb != here) {
      marker_end_before = std::max(marker_end_before, marker_end_here);
      marker_end_here = 0;
      here = h.fb;
    }
    const Cue& cue = t_.cues[h.cue];
    int kind = static_cast<int>(cue.kind);
    auto it = kind_end.find(kind);
    bool inside = it != kind_end.end() && it->second >= h.fe;
    bool part = cue.kind == CueKind::kVerb &&
                (marker_end_before >= h.fe || marker_end_here > h.fe);
    if (cue.pos == SpeakerPos::kNone) marker_end_here = std::max(marker_end_here, h.fe);
    if (inside || part) continue;
    kind_end[kind] = std::max(it == kind_end.end() ? 0u : it->second, h.fe);
    out.push_back(h);
  }
  return out;
}

// Quoted passages: « », “ ”, and straight quotes paired within a paragraph.
std::vector<Span> DocState::FindQuotes() const {
  std::vector<Span> quotes;
  std::vector<uint32_t> guillemets, curly;
  long straight = -1;
  size_t pos = 0;
  uint32_t prev = '\n';
  const char* data = text_.data();
  while (pos < text_.size()) {
    unsigned char c = static_cast<unsigned char>(data[pos]);
    if (!kQuoteLeads.at[c]) {
      // Only the byte before a quote matters for straight quotes.
      ++pos;
      pos = FindFirstOf(text_, pos, kQuoteLeadBytes);
      unsigned char last = static_cast<unsigned char>(data[pos - 1]);
      prev = last < 0x80 ? last : 0x80;
      continue;
    }
    uint32_t start = static_cast<uint32_t>(pos);
    uint32_t cp = NextCodePoint(text_, &pos);
    if (cp == 0xAB) {
      guillemets.push_back(start);
    } else if (cp == 0xBB && !guillemets.empty()) {
      quotes.push_back({guillemets.back(), static_cast<uint32_t>(pos)});
      guillemets.pop_back();
    } else if (cp == 0x201C) {
      curly.push_back(start);
    } else if (cp == 0x201D && !curly.empty()) {
      quotes.push_back({curly.back(), static_cast<uint32_t>(pos)});
      curly.pop_back();
    } else if (cp == '"') {
      bool opening = prev == ' ' || prev == '\n' || prev == '(' || prev == ':' || prev == 0xA0 ||
                     prev == '\t';
      if (straight < 0 && opening) {
        straight = start;
      } else if (straight >= 0 && !opening) {
        quotes.push_back({static_cast<uint32_t>(straight), static_cast<uint32_t>(pos)});
        straight = -1;
      }
    } else if (cp == '\n') {
      straight = -1;
    }
    prev = cp;
  }
  std::sort(quotes.begin(), quotes.end(), [](Span a, Span b) { return a.start < b.start; });
  return quotes;
}

std::vector<Unit> DocState::BuildUnits(const std::vector<Span>& excluded,
                                       const std::vector<Span>& quotes) const {
  const std::vector<Span>& sents = ctx_.sentences;
  // Merge the excluded spans (sorted by start) into disjoint ones.
  std::vector<Span> merged;
  for (const Span& x : excluded) {
    if (!merged.empty() && x.start <= merged.back().end) {
      merged.back().end = std::max(merged.back().end, x.end);
    } else {
      merged.push_back(x);
    }
  }
  std::vector<bool> skip(sents.size(), false);
  size_t first = 0;
  for (size_t i = 0; i < sents.size(); ++i) {
    while (first < merged.size() && merged[first].end <= sents[i].start) ++first;
    uint32_t covered = 0;
    for (size_t x = first; x < merged.size() && merged[x].start < sents[i].end; ++x) {
      uint32_t b = std::max(merged[x].start, sents[i].start), e = std::min(merged[x].end, sents[i].end);
      if (e > b) covered += e - b;
    }
    skip[i] = covered * 2 >= sents[i].end - sents[i].start;
  }
  auto sentence_of = [&](uint32_t pos) {
    auto it = std::upper_bound(sents.begin(), sents.end(), pos,
                               [](uint32_t p, const Span& s) { return p < s.start; });
    if (it == sents.begin()) return size_t{0};
    return static_cast<size_t>(it - sents.begin() - 1);
  };
  // join[i]: sentence i continues into i+1 (a quote runs across them).
  std::vector<bool> join(sents.size(), false);
  for (const Span& q : quotes) {
    if (sents.empty()) break;
    size_t a = sentence_of(q.start), b = sentence_of(q.end - 1);
    for (size_t k = a; k < b; ++k) join[k] = true;
  }
  std::vector<Unit> units;
  for (size_t i = 0; i < sents.size(); ++i) {
    if (skip[i]) continue;
    Unit u;
    u.first_sentence = i;
    size_t j = i;
    while (j + 1 < sents.size() && join[j] && !skip[j + 1]) ++j;
    u.last_sentence = j;
    u.span = {sents[i].start, sents[j].end};
    units.push_back(u);
    i = j;
  }
  return units;
}

bool DocState::HasComplement(const CueHit& h, size_t unit_end) const {
  if (h.end_tok > h.first_tok) {
    std::string_view w = F(h.end_tok - 1);
    if (w == "que" || w == "qu'" || w == "that") return true;
  }
  size_t k = h.end_tok;
  if (k < unit_end && toks_[k].word) {
    std::string_view w = F(k);
    if (w == "avoir" || w == "etre" || w == "ne" || w == "n'") return true;
  }
  for (size_t n = 0; k < unit_end && n < 9; ++k, ++n) {
    if (toks_[k].punct == ':' || toks_[k].punct == '"') return true;
    if (toks_[k].punct == '.' || toks_[k].punct == ';' || toks_[k].punct == '\n') return false;
    if (toks_[k].word) {
      std::string_view w = F(k);
      if (w == "que" || w == "qu'" || w == "that") return true;
    }
  }
  return false;
}

bool DocState::IsIncise(const CueHit& h, size_t unit_begin) const {
  if (h.first_tok == 0 || h.first_tok <= unit_begin) return false;
  char p = toks_[h.first_tok - 1].punct;
  return p == ',' || p == '"';
}

bool PersonLike(const Mention& m) {
  if (m.from_entities) return m.type == "PER";
  return m.last_tok > m.first_tok;  // an unknown name of two words or more
}

Speaker DocState::MentionSpeaker(int m) const {
  Speaker s;
  s.name = mentions_[m].name;
  s.span = mentions_[m].span;
  s.person = PersonLike(mentions_[m]);
  return s;
}

bool DocState::IsAgent(size_t first_tok) const {
  return first_tok > 0 && toks_[first_tok - 1].word &&
         (F(first_tok - 1) == "par" || F(first_tok - 1) == "by");
}

Speaker DocState::PersonBefore(size_t tok, bool include_current) const {
  const std::vector<Span>& sents = ctx_.sentences;
  uint32_t pos = OStart(tok);
  size_t si = static_cast<size_t>(
      std::upper_bound(sents.begin(), sents.end(), pos,
                       [](uint32_t p, const Span& s) { return p < s.start; }) -
      sents.begin());
  if (si > 0 && !include_current) --si;  // skip the sentence holding `tok`
  for (int n = 0; n < 4 && si > 0; ++n) {
    --si;
    size_t b = TokAt(sents[si].start);
    size_t e = std::min(tok, TokAt(sents[si].end));
    for (size_t k = b; k < e; ++k) {
      int m = toks_[k].mention;
      if (m < 0 || !PersonLike(mentions_[m])) continue;
      if (!IsAgent(mentions_[m].first_tok)) return MentionSpeaker(m);
      k = mentions_[m].last_tok;
    }
  }
  return Speaker();
}

Speaker DocState::ResolvePronoun(size_t tok) const {
  if (!history_.empty()) {
    Speaker s = history_.back();
    s.span = OSpan(tok);
    return s;
  }
  Speaker s = PersonBefore(tok, true);
  if (s.found()) s.span = OSpan(tok);
  return s;
}

Speaker DocState::ResolveRelative(size_t tok, size_t sentence_begin) const {
  for (size_t k = tok; k-- > sentence_begin;) {
    int m = toks_[k].mention;
    if (m < 0 || !PersonLike(mentions_[m])) continue;
    if (!IsAgent(mentions_[m].first_tok)) return MentionSpeaker(m);
    k = mentions_[m].first_tok;
  }
  size_t b = tok;
  while (b > sentence_begin && toks_[b - 1].punct != ',' && !IsClauseEnd(b - 1)) --b;
  return ResolvePhrase(b, tok, tok, tok, sentence_begin, false);
}

bool DocState::IsSpeakerNoun(size_t i) const {
  WordKind k = K(i);
  return k == WordKind::kRole || k == WordKind::kInstitution || k == WordKind::kCompany ||
         k == WordKind::kDocument;
}

Speaker DocState::NearestOrganisation(size_t before) const {
  uint32_t limit = OStart(before) > 4000 ? OStart(before) - 4000 : 0;
  for (size_t k = before; k-- > 0 && OStart(k) >= limit;) {
    int m = toks_[k].mention;
    if (m >= 0 && mentions_[m].from_entities && mentions_[m].type == "ORG") return MentionSpeaker(m);
  }
  return Speaker();
}

// Resolves the noun phrase in tokens [b, e); [ab, ae) is the comma-separated
// part after it (an apposition such as ", Mao Ning,"). `strict`: only return
// speaker-like phrases (names, pronouns, roles, institutions, companies).
Speaker DocState::ResolvePhrase(size_t b, size_t e, size_t ab, size_t ae, size_t sentence_begin,
                                bool strict) const {
  Speaker none;
  while (b < e && (!toks_[b].word || K(b) == WordKind::kAdverb)) ++b;
  if (b >= e) return none;
  // The verb has begun at an auxiliary or a relative pronoun; "X et Y": X when named.
  for (size_t k = b + 1; k < e; ++k) {
    if (K(k) == WordKind::kAuxiliary || K(k) == WordKind::kRelative) {
      e = k;
      break;
    }
    if (toks_[k].word && (F(k) == "et" || F(k) == "and")) {
      bool named = false;
      for (size_t j = b; j < k; ++j) named |= toks_[j].mention >= 0;
      if (named) {
        e = k;
        break;
      }
    }
  }
  while (e > b && !toks_[e - 1].word) --e;
  if (b >= e) return none;
  size_t h = b;
  while (h < e && (K(h) == WordKind::kDeterminer || K(h) == WordKind::kModifier) &&
         toks_[h].mention < 0) {
    ++h;
  }
  if (h >= e) return none;
  const Tok& head = toks_[h];
  switch (K(h)) {
    case WordKind::kPronoun:
    case WordKind::kObjectPronoun:
      return ResolvePronoun(h);
    case WordKind::kRelative:
      return ResolveRelative(h, sentence_begin);
    case WordKind::kNonSpeaker:
    case WordKind::kAdverb:
    case WordKind::kPreposition:
    case WordKind::kTime:
    case WordKind::kAuxiliary:
    case WordKind::kConjunction:
      return none;
    default:
      break;
  }
  auto role_in = [&](size_t from, size_t to) {
    for (size_t k = from; k < to; ++k) {
      if (K(k) == WordKind::kRole) return std::string(F(k));
    }
    return std::string();
  };
  // A person named at the end is the head: "le président américain Donald
  // Trump", "Nvidia chief executive Jensen Huang" (not "l'administration Trump").
  int last = toks_[e - 1].mention;
  if (last >= 0 && PersonLike(mentions_[last]) && mentions_[last].first_tok >= h) {
    bool complement = false;
    for (size_t k = b; k < mentions_[last].first_tok; ++k) complement |= IsOfWord(k);
    if (!complement) {
      Speaker s = MentionSpeaker(last);
      s.role = role_in(h, mentions_[last].first_tok);
      return s;
    }
  }
  auto phrase = [&]() {
    Speaker s;
    size_t end = std::min(e, b + 12);
    for (size_t k = b; k < end; ++k) {
      if (toks_[k].punct == ',') end = k;
    }
    while (end > b && !toks_[end - 1].word) --end;
    if (end <= b) return s;
    s.span = {OStart(b), OEnd(end - 1)};
    s.name = std::string(O(s.span));
    s.role = role_in(h, end);
    return s;
  };
  if (head.mention >= 0) {
    // A name before the head noun: "the Hangzhou company", "a Commerce
    // Department spokesperson".
    const Mention& m = mentions_[head.mention];
    for (size_t k = m.last_tok + 1; k < e && !IsOfWord(k); ++k) {
      if (!IsSpeakerNoun(k)) continue;
      if (m.from_entities && m.type == "ORG") return MentionSpeaker(head.mention);
      if (K(k) == WordKind::kCompany) {
        Speaker s = NearestOrganisation(b);
        if (s.found()) return s;
      }
      return phrase();
    }
    return MentionSpeaker(head.mention);
  }
  if (IsSpeakerNoun(h)) {
    WordKind hk = K(h);
    // Apposition right after the head: "le groupe Nvidia", "le média en ligne X".
    for (size_t k = h + 1; k < e && k <= h + 3; ++k) {
      if (IsOfWord(k) || !toks_[k].word) break;
      if (toks_[k].mention >= 0) {
        Speaker s = MentionSpeaker(toks_[k].mention);
        if (hk == WordKind::kRole) s.role = std::string(F(h));
        return s;
      }
    }
    if (hk == WordKind::kRole && ab < ae) {
      size_t x = ab;
      while (x < ae && !toks_[x].word) ++x;
      int m = x < ae ? toks_[x].mention : -1;
      if (m >= 0 && PersonLike(mentions_[m]) && mentions_[m].last_tok + 1 >= ae) {
        Speaker s = MentionSpeaker(m);
        s.role = std::string(F(h));
        return s;
      }
    }
    bool named = false;  // a person or organisation in the phrase
    for (size_t k = h; k < e; ++k) {
      int m = toks_[k].mention;
      named |= m >= 0 && (PersonLike(mentions_[m]) || mentions_[m].type == "ORG");
    }
    if (hk == WordKind::kCompany) {
      Speaker s = NearestOrganisation(b);
      if (s.found()) return s;
    }
    if (hk == WordKind::kDocument && !named) {
      // A letter or report speaks for its author: the last person quoted, or
      // the first person named just before.
      for (size_t k = history_.size(); k-- > 0;) {
        if (history_[k].person) {
          Speaker s = history_[k];
          s.span = {OStart(b), OEnd(e - 1)};
          return s;
        }
      }
      Speaker s = PersonBefore(h, false);
      if (s.found()) return s;
    }
    if (hk == WordKind::kRole && !named && h > b) {
      // "le responsable", "the official": the last speaker with that role.
      std::string_view det = F(h - 1);
      if (det == "le" || det == "la" || det == "l'" || det == "the" || det == "ce" || det == "cette") {
        std::string role(F(h));
        for (size_t k = history_.size(); k-- > 0;) {
          if (history_[k].role == role || FoldKey(history_[k].name).find(role) != std::string::npos) {
            Speaker s = history_[k];
            s.span = {OStart(b), OEnd(e - 1)};
            return s;
          }
        }
      }
    }
    return phrase();
  }
  for (size_t k = h; k < e; ++k) {
    if (toks_[k].mention >= 0) return MentionSpeaker(toks_[k].mention);
  }
  if (strict) return none;
  if (K(b) == WordKind::kDeterminer && e - b <= 6) return phrase();
  return none;
}

// The end of the comma-free part starting at k.
size_t DocState::SegmentEnd(size_t k, size_t unit_end) const {
  while (k < unit_end && toks_[k].punct != ',' && !IsClauseEnd(k) &&
         K(k) != WordKind::kRelative) {
    if (toks_[k].word && (F(k) == "que" || F(k) == "qu'")) break;
    ++k;
  }
  return k;
}

// True if tokens [b, e) form an adverbial ("En particulier", "Interrogé
// mardi", "de son côté"), not a subject.
bool DocState::IsAdverbial(size_t b, size_t e) const {
  while (b < e && toks_[b].word && K(b) == WordKind::kAdverb) ++b;
  if (b >= e) return true;
  WordKind k = K(b);
  if (k == WordKind::kPreposition || k == WordKind::kTime || k == WordKind::kConjunction) return true;
  if (toks_[b].mention < 0 && EndsLikeParticiple(O(OSpan(b)))) return true;
  size_t h = b;
  while (h < e && (K(h) == WordKind::kDeterminer || K(h) == WordKind::kModifier) &&
         toks_[h].mention < 0) {
    ++h;
  }
  return h >= e || K(h) == WordKind::kAdverb || K(h) == WordKind::kPreposition;
}

Speaker DocState::SubjectBefore(const CueHit& h, size_t unit_begin) const {
  Speaker none;
  size_t j = h.first_tok;
  while (j > unit_begin && toks_[j - 1].word &&
         (F(j - 1) == "ne" || F(j - 1) == "n'" || F(j - 1) == "se" || F(j - 1) == "s'")) {
    --j;
  }
  if (j > unit_begin) {
    if (K(j - 1) == WordKind::kPronoun) return ResolvePronoun(j - 1);
    if (K(j - 1) == WordKind::kRelative) return ResolveRelative(j - 1, unit_begin);
    if (K(j - 1) == WordKind::kNonSpeaker) return none;
  }
  size_t cs = j;
  while (cs > unit_begin && !IsClauseEnd(cs - 1)) --cs;
  // Comma-separated parts of [cs, j), parentheses kept whole.
  std::vector<std::pair<size_t, size_t>> segs;
  size_t start = cs;
  int depth = 0;
  for (size_t k = cs; k < j; ++k) {
    if (toks_[k].punct == '(') ++depth;
    if (toks_[k].punct == ')' && depth > 0) --depth;
    if (toks_[k].punct == ',' && depth == 0) {
      segs.push_back({start, k});
      start = k + 1;
    }
  }
  segs.push_back({start, j});
  // The part right before the verb, after its last conjunction, is the subject
  // ("En particulier, X a annoncé", "..., lorsque le député rappelle que").
  size_t b = segs.back().first, e = segs.back().second;
  for (size_t k = b; k < e; ++k) {
    if (K(k) == WordKind::kConjunction) b = k + 1;
  }
  if (b < e && !IsAdverbial(b, e)) return ResolvePhrase(b, e, e, e, unit_begin, false);
  // Otherwise the verb follows appositions: the first part that is not an
  // adverbial ("X, porte-parole de Y, a déclaré").
  for (size_t s = 0; s < segs.size(); ++s) {
    size_t sb = segs[s].first, se = segs[s].second;
    if (IsAdverbial(sb, se)) continue;
    size_t ab = s + 1 < segs.size() ? segs[s + 1].first : se;
    size_t ae = s + 1 < segs.size() ? segs[s + 1].second : se;
    return ResolvePhrase(sb, se, ab, ae, unit_begin, false);
  }
  return none;
}

// The speaker phrase after a cue: ", a déclaré lundi à Reuters un responsable"
// (incise) or "selon X" (object).
Speaker DocState::PhraseAfter(size_t k, size_t unit_end, size_t unit_begin, bool object,
                              bool need_comma) const {
  Speaker none;
  if (!object) {
    // Skip time words and addressees ("à Reuters", "to reporters").
    while (k < unit_end && toks_[k].word) {
      if (K(k) == WordKind::kTime) {
        ++k;
        continue;
      }
      if (K(k) == WordKind::kPreposition || F(k) == "a") {
        ++k;
        while (k < unit_end && K(k) == WordKind::kDeterminer) ++k;
        if (k < unit_end && toks_[k].mention >= 0) {
          k = mentions_[toks_[k].mention].last_tok + 1;
        } else if (k < unit_end && toks_[k].word) {
          ++k;
        }
        continue;
      }
      break;
    }
  }
  size_t e = SegmentEnd(k, unit_end);
  if (e <= k) return none;
  if (need_comma && (e >= unit_end || toks_[e].punct != ',' || e - k > 8)) return none;
  size_t ab = e, ae = e;
  if (e < unit_end && toks_[e].punct == ',') {
    ab = e + 1;
    ae = SegmentEnd(ab, unit_end);
  }
  return ResolvePhrase(k, e, ab, ae, unit_begin, object);
}

void DocState::Extract(std::vector<Claim>* claims) {
  std::vector<Span> excluded = NonArticle();
  std::vector<CueHit> hits = FindCues();
  std::vector<Span> quotes = FindQuotes();
  std::vector<Unit> units = BuildUnits(excluded, quotes);
  size_t hit_index = 0;
  size_t consumed_until = 0;  // units before this index belong to an earlier claim
  for (size_t u = 0; u < units.size(); ++u) {
    const Unit& unit = units[u];
    size_t ub = TokAt(unit.span.start);
    size_t ue = TokAt(unit.span.end);
    while (hit_index < hits.size() && hits[hit_index].first_tok < ub) ++hit_index;
    if (u < consumed_until) continue;
    std::vector<CueHit> in;
    for (size_t k = hit_index; k < hits.size() && hits[k].first_tok < ue; ++k) {
      if (hits[k].end_tok <= ue) in.push_back(hits[k]);
    }
    if (in.empty()) continue;
    // Validate positions, resolve the speaker of the first cue that names one.
    Speaker speaker;
    const CueHit* main = nullptr;
    bool standalone = false;
    int modality = 0;
    for (CueHit& h : in) {
      const Cue& cue = t_.cues[h.cue];
      Speaker s;
      bool incise = IsIncise(h, ub);
      bool reporting = cue.kind == CueKind::kVerb || cue.kind == CueKind::kReport;
      switch (cue.pos) {
        case SpeakerPos::kSubject:
        case SpeakerPos::kSubjectFree:
          if (incise && reporting && !HasComplement(h, ue)) {
            s = PhraseAfter(h.end_tok, ue, ub, false, false);
            if (!s.found() && main == nullptr) s = SubjectBefore(h, ub);
          } else if (cue.pos == SpeakerPos::kSubject && !HasComplement(h, ue)) {
            h.valid = false;
          } else if (main == nullptr) {
            s = SubjectBefore(h, ub);
          }
          break;
        case SpeakerPos::kObject:
          s = PhraseAfter(h.end_tok, ue, ub, true, false);
          if (!s.found()) h.valid = false;
          break;
        case SpeakerPos::kObjectInitial: {
          size_t k = ub;
          while (k < h.first_tok && toks_[k].word && K(k) == WordKind::kAdverb) ++k;
          if (k != h.first_tok) {
            h.valid = false;
            break;
          }
          s = PhraseAfter(h.end_tok, ue, ub, true, true);
          if (!s.found()) h.valid = false;
          break;
        }
        case SpeakerPos::kInverted:
          if (!incise) {
            h.valid = false;
            break;
          }
          for (size_t k = h.first_tok; k < h.end_tok; ++k) {
            if (K(k) == WordKind::kPronoun) s = ResolvePronoun(k);
          }
          break;
        case SpeakerPos::kNone:
          break;
      }
      if (!h.valid) continue;
      standalone |= cue.standalone;
      modality = std::max(modality, cue.modality);
      if (main == nullptr && cue.pos != SpeakerPos::kNone) {
        main = &h;
        speaker = s;
      }
    }
    if (!standalone) continue;
    if (main == nullptr) {
      for (const CueHit& h : in) {
        if (h.valid && t_.cues[h.cue].standalone) {
          main = &h;
          break;
        }
      }
    }
    auto make_claim = [&](Span span, const Speaker& who, int mod, const std::string& cue_text) {
      Claim c;
      c.speaker = who.name;
      c.modality = kModalities[mod];
      c.text = text_.substr(span.start, span.end - span.start);
      c.start = span.start;
      c.end = span.end;
      if (who.found()) {
        c.speaker_start = who.span.start;
        c.speaker_end = who.span.end;
      }
      c.cue = cue_text;
      int previous = -1;
      for (size_t k = TokAt(span.start), end = TokAt(span.end); k < end; ++k) {
        int index = toks_[k].mention;
        if (index < 0 || index == previous) continue;
        previous = index;
        const Mention& m = mentions_[index];
        if (!m.from_entities) continue;
        if (who.found() && m.span.start < who.span.end && who.span.start < m.span.end) continue;
        if (std::find(c.about.begin(), c.about.end(), m.name) == c.about.end()) {
          c.about.push_back(m.name);
        }
      }
      claims->push_back(std::move(c));
      if (who.found()) history_.push_back(who);
    };
    std::string cue_text(O({OStart(main->first_tok), OEnd(main->end_tok - 1)}));
    make_claim(unit.span, speaker, modality, cue_text);
    // "Selon X : <quoted paragraph(s)>": the passage after a colon is X's too.
    if (speaker.found() && ue > ub && toks_[ue - 1].punct == ':') {
      size_t v = u + 1;
      if (v >= units.size()) continue;
      size_t end = v;
      for (size_t w = v; w < units.size() && w < v + 8; ++w) {
        std::string_view s = O(units[w].span);
        size_t q = s.find('"');
        size_t g = s.find("\xC2\xBB");
        size_t r = s.find("\xE2\x80\x9D");
        bool opens = s.rfind("\"", 0) == 0 || s.rfind("\xC2\xAB", 0) == 0 || s.rfind("\xE2\x80\x9C", 0) == 0;
        if (!opens && (q != std::string_view::npos || g != std::string_view::npos ||
                       r != std::string_view::npos)) {
          end = w;
          break;
        }
        // Stay within the first paragraph unless a quote is still open.
        if (w + 1 < units.size() &&
            text_.find("\n", units[w].span.end) < units[w + 1].span.start && !opens) {
          end = w;
          break;
        }
        end = w;
      }
      Span block{units[v].span.start, units[end].span.end};
      size_t bb = TokAt(block.start), be = TokAt(block.end);
      int mod = 0;
      for (size_t k = hit_index; k < hits.size() && hits[k].first_tok < be; ++k) {
        const CueHit& h = hits[k];
        if (h.first_tok >= bb && h.end_tok <= be) mod = std::max(mod, t_.cues[h.cue].modality);
      }
      Speaker same = speaker;
      make_claim(block, same, mod, ":");
      history_.pop_back();
      consumed_until = end + 1;
    }
  }
}

}  // namespace

ClaimExtractor::ClaimExtractor() = default;
ClaimExtractor::~ClaimExtractor() = default;

Result<std::unique_ptr<ClaimExtractor>> ClaimExtractor::Create(const std::string& lexicon_dir) {
  auto tables = std::make_unique<Tables>();
  NEWSINTEL_RETURN_IF_ERROR(LoadCues(lexicon_dir, tables.get()));
  NEWSINTEL_RETURN_IF_ERROR(LoadSpeakerWords(lexicon_dir, tables.get()));
  NEWSINTEL_RETURN_IF_ERROR(LoadBoilerplate(lexicon_dir, tables.get()));
  std::unique_ptr<ClaimExtractor> x(new ClaimExtractor());
  x->tables_ = std::move(tables);
  return x;
}

void ClaimExtractor::Run(const ExtractContext& context, Extraction* out) const {
  if (context.doc == nullptr || context.doc->text.empty()) return;
  DocState state(*tables_, context, *out);
  state.Extract(&out->claims);
}

}  // namespace newsintel
