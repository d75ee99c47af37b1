#include "extract/entity_extractor.h"

#include <algorithm>
#include <unordered_map>

#include <unicode/uchar.h>

namespace newsintel {
namespace {

// Kinds of lines in name_cues.tsv, as bits of a cue phrase's value.
enum CueKind : int {
  kPerBefore = 1 << 0,   // right before a person's name: "selon", "rédigé par"
  kPerAfter = 1 << 1,    // right after a person's name: ", qui a occupé"
  kPerVerb = 1 << 2,     // reporting verb, right before or after the name
  kPerTitle = 1 << 3,    // title or role: a few words before, or ", title" after
  kByline = 1 << 4,      // at the start of a line: "par", "By"
  kOrgBefore = 1 << 5,   // descriptor, up to two adjectives before an org name
  kOrgSuffix = 1 << 6,   // ends an org name and is part of it: "Inc.", "Corp"
  kOrgHead = 1 << 7,     // starts an org name and is part of it: "ministère de"
  kJoin = 1 << 8,        // joins two names of the same kind: "et", "and"
  kOrgLink = 1 << 9,     // continues an org name: "of" in "Institute of X"
  kHonorific = 1 << 10,  // "M.", "Mme", "Mr": a person, even by last name alone
};

struct KindName {
  const char* name;
  int bit;
};
constexpr KindName kKinds[] = {
    {"PER_BEFORE", kPerBefore}, {"PER_AFTER", kPerAfter}, {"PER_VERB", kPerVerb},
    {"PER_TITLE", kPerTitle},   {"BYLINE", kByline},      {"ORG_BEFORE", kOrgBefore},
    {"ORG_SUFFIX", kOrgSuffix}, {"ORG_HEAD", kOrgHead},   {"JOIN", kJoin},
    {"ORG_LINK", kOrgLink},     {"HONORIFIC", kHonorific},
};

constexpr size_t kTitleGap = 6;  // words allowed between a title and the name
constexpr size_t kOrgGap = 2;    // adjectives allowed between a descriptor and the name
constexpr size_t kMaxNameTokens = 5;

bool IsUpper(uint32_t c) {
  return u_isupper(static_cast<UChar32>(c)) || u_istitle(static_cast<UChar32>(c));
}

// A capitalized word: upper-case initial, then letters with at least one lower-case one.
bool NameShaped(std::string_view written) {
  size_t pos = 0;
  if (written.empty()) return false;
  unsigned char c0 = static_cast<unsigned char>(written[0]);
  if (c0 < 0x80) {
    if (!(c0 >= 'A' && c0 <= 'Z')) return false;
    pos = 1;
  } else if (!IsUpper(NextCodePoint(written, &pos))) {
    return false;
  }
  bool lower = false;
  while (pos < written.size()) {
    unsigned char byte = static_cast<unsigned char>(written[pos]);
    if (byte < 0x80) {  // the ASCII answers of u_isalpha and u_islower
      if (byte >= 'a' && byte <= 'z') {
        lower = true;
      } else if (!(byte >= 'A' && byte <= 'Z')) {
        return false;
      }
      ++pos;
      continue;
    }
    uint32_t c = NextCodePoint(written, &pos);
    if (!u_isalpha(static_cast<UChar32>(c))) return false;
    if (u_islower(static_cast<UChar32>(c))) lower = true;
  }
  return lower;
}

bool AllLower(std::string_view written) {
  size_t pos = 0;
  while (pos < written.size()) {
    unsigned char byte = static_cast<unsigned char>(written[pos]);
    if (byte < 0x80) {
      if (byte >= 'A' && byte <= 'Z') return false;
      ++pos;
      continue;
    }
    if (IsUpper(NextCodePoint(written, &pos))) return false;
  }
  return true;
}

// The folded last token of `name` when it has at least two tokens and the
// last one is a word (the key of a last name mentioned alone), else "".
std::string SurnameKey(const std::string& name) {
  FoldedText f = FoldedText::Fold(name);
  TokenizedText t = TokenizedText::Build(f, name);
  if (t.tokens().size() < 2 || !t.tokens().back().word()) return "";
  return std::string(t.FoldedToken(t.tokens().size() - 1));
}

constexpr int kAbsorbed = 'X';  // run merged into the organisation before it

// A found name: tokens [first, last] of the text.
struct Run {
  size_t first = 0, last = 0;
  int kind = 0;  // 0: not a name yet; 'P' person, 'O' organisation
};

// Per-document working state of Run(); never shared.
class Pass {
 public:
  Pass(const TokenizedText& text, const std::vector<LexiconEntry>& entries,
       const std::vector<std::string>& surname_keys, const AliasMatcher& lexicon,
       const AliasMatcher& cues, const std::unordered_set<std::string>& stop_words,
       const std::unordered_set<std::string>& particles)
      : text_(text), tokens_(text.tokens()), entries_(entries), surname_keys_(surname_keys),
        lexicon_(lexicon), cues_(cues), stop_words_(stop_words), particles_(particles) {}

  std::vector<EntityMention> Find();

 private:
  std::string_view Written(size_t i) const { return text_.OriginalText(text_.OriginalSpan(i, i)); }
  std::string_view Folded(size_t i) const { return text_.FoldedToken(i); }
  bool IsPunct(size_t i, char c) const {
    return i < tokens_.size() && !tokens_[i].word() && Folded(i).size() == 1 && Folded(i)[0] == c;
  }
  bool IsBreak(size_t i) const { return !tokens_[i].word() && Folded(i) == "\n"; }
  bool SentenceStart(size_t i) const;
  bool LineStart(size_t i) const;
  bool CommonWord(size_t i);
  bool NameToken(size_t i) const {
    if (i >= tokens_.size() || info_[i].lex >= 0 || !tokens_[i].word()) return false;
    // NameShaped's first test, on the first original byte, without building Written(i).
    size_t at = text_.folded().OriginalStart(tokens_[i].begin);
    if (at < text_.original().size()) {
      unsigned char c0 = static_cast<unsigned char>(text_.original()[at]);
      if (c0 < 0x80 && !(c0 >= 'A' && c0 <= 'Z')) return false;
    }
    return NameShaped(Written(i));
  }
  // A lower-case word glued by a hyphen to the name before it ("Ing-wen").
  bool HyphenLowerPart(size_t i) const {
    if (i == 0 || i >= tokens_.size() || !tokens_[i].word() || info_[i].lex >= 0) return false;
    const std::string& f = text_.folded().str();
    if (tokens_[i].begin != tokens_[i - 1].end + 1 || f[tokens_[i - 1].end] != '-') return false;
    std::string_view w = Written(i);
    return !w.empty() && AllLower(w) && u_isalpha(static_cast<UChar32>(static_cast<unsigned char>(w[0])));
  }
  int CueEndingAt(size_t i) const { return i < tokens_.size() ? info_[i].cue_end : 0; }
  int CueStartingAt(size_t i) const { return i < tokens_.size() ? info_[i].cue_start : 0; }
  void BuildRuns();
  int Classify(Run* run);
  bool TitleBefore(size_t first) const;
  void AddMention(size_t first, size_t last, const std::string& name, std::string_view type,
                  const std::string& id, bool in_lexicon);
  std::string RunName(size_t first, size_t last) const;
  std::string RunKey(size_t first, size_t last) const;

  const TokenizedText& text_;
  const std::vector<Token>& tokens_;
  const std::vector<LexiconEntry>& entries_;
  const std::vector<std::string>& surname_keys_;  // per entry, see SurnameKey()
  const AliasMatcher& lexicon_;
  const AliasMatcher& cues_;
  const std::unordered_set<std::string>& stop_words_;
  const std::unordered_set<std::string>& particles_;

  struct TokenInfo {
    int32_t lex = -1;         // index into lex_, or -1
    int32_t cue_end = 0;      // kinds of a cue ending here
    int32_t cue_start = 0;    // kinds of a cue starting here
    uint32_t cue_first = 0;   // where a cue ends: the first token of the longest one
    uint32_t cue_last = 0;    // where a cue starts: its last token
  };
  std::vector<TokenInfo> info_;  // per token
  std::vector<AliasMatch> lex_;
  std::vector<Run> runs_;
  std::vector<uint64_t> lower_words_;  // built on first use by CommonWord()
  std::vector<EntityMention> out_;
};

bool Pass::SentenceStart(size_t i) const {
  if (i == 0) return true;
  size_t p = i - 1;
  if (IsBreak(p)) return true;
  if (tokens_[p].word()) return false;
  std::string_view f = Folded(p);
  return f == "." || f == "!" || f == "?" || f == ":" || f == "\"" || f == "(" || f == "*" ||
         f == "\xE2\x80\xA2";  // bullet
}

bool Pass::LineStart(size_t i) const {
  if (i == 0) return true;
  return IsBreak(i - 1) || IsPunct(i - 1, '(');
}

bool Pass::CommonWord(size_t i) {
  // A Bloom filter (two bits a word) of the words written in lower case.
  constexpr size_t kBits = 1 << 15;
  if (lower_words_.empty()) {
    lower_words_.assign(kBits / 64, 0);
    uint64_t* bits = lower_words_.data();
    const char* original = text_.original().data();
    const FoldedText& folded = text_.folded();
    const Token* tokens = tokens_.data();
    const size_t n = tokens_.size();
    for (size_t k = 0; k < n; ++k) {
      const Token& tok = tokens[k];
      if (!tok.word()) continue;
      unsigned char c = static_cast<unsigned char>(original[folded.OriginalStart(tok.begin)]);
      bool lower = c < 0x80 ? (c >= 'a' && c <= 'z') : AllLower(Written(k));
      if (!lower) continue;
      uint64_t b1 = (tok.hash >> 17) % kBits, b2 = (tok.hash >> 41) % kBits;
      bits[b1 / 64] |= uint64_t{1} << (b1 % 64);
      bits[b2 / 64] |= uint64_t{1} << (b2 % 64);
    }
  }
  uint64_t h = tokens_[i].hash;
  for (uint64_t b : {h >> 17, h >> 41}) {
    if ((lower_words_[(b % kBits) / 64] & (uint64_t{1} << (b % 64))) == 0) return false;
  }
  return true;
}

void Pass::BuildRuns() {
  size_t n = tokens_.size();
  const Token* tokens = tokens_.data();
  const TokenInfo* info = info_.data();
  const FoldedText& folded = text_.folded();
  const std::string_view original = text_.original();
  for (size_t i = 0; i < n;) {
    // NameToken()'s cheap tests, with the vectors' data in registers: most
    // tokens are punctuation, lexicon matches or lower-case words.
    size_t at = folded.OriginalStart(tokens[i].begin);
    if (info[i].lex >= 0 || !tokens[i].word() ||
        (at < original.size() && static_cast<unsigned char>(original[at]) < 0x80 &&
         !(original[at] >= 'A' && original[at] <= 'Z'))) {
      ++i;
      continue;
    }
    if (!NameToken(i)) {
      ++i;
      continue;
    }
    // Leading words that are not names: function words, sentence-initial common words.
    if (stop_words_.count(std::string(Folded(i))) || (SentenceStart(i) && CommonWord(i))) {
      ++i;
      continue;
    }
    Run run;
    run.first = i;
    run.last = i;
    size_t j = i;
    while (run.last - run.first + 1 < kMaxNameTokens && text_.Adjacent(j)) {
      if (NameToken(j + 1) && !stop_words_.count(std::string(Folded(j + 1)))) {
        ++j;
      } else if (HyphenLowerPart(j + 1)) {
        ++j;  // "Tsai Ing-wen"
      } else if (text_.Adjacent(j + 1) && !IsBreak(j + 1) &&
                 particles_.count(std::string(Folded(j + 1))) && NameToken(j + 2) &&
                 AllLower(Written(j + 1))) {
        j += 2;
      } else {
        break;
      }
      run.last = j;
    }
    // A capitalized title opening the run is not part of the name
    // ("President Jane Doe", "Commerce Secretary Jane Doe").
    for (size_t k = run.first; k < run.last; ++k) {
      if ((CueStartingAt(k) & (kPerTitle | kPerBefore | kHonorific)) && info_[k].cue_last < run.last) {
        run.first = info_[k].cue_last + 1;
        k = info_[k].cue_last;
      }
    }
    runs_.push_back(run);
    i = run.last + 1;
  }
}

bool Pass::TitleBefore(size_t first) const {
  // Walks back over at most kTitleGap units: lower-case words, apostrophes,
  // commas, lexicon matches; stops at sentence punctuation or another name.
  // "head of Platform Solutions": after a preposition comes the employer.
  if (first > 0 && tokens_[first - 1].word() && !(CueEndingAt(first - 1) & kPerTitle) &&
      stop_words_.count(std::string(Folded(first - 1)))) {
    return false;
  }
  size_t units = 0;
  size_t i = first;
  while (i > 0 && units <= kTitleGap) {
    size_t p = i - 1;
    if (CueEndingAt(p) & kPerTitle) return true;
    if (IsBreak(p)) return false;
    if (info_[p].lex >= 0) {
      i = lex_[info_[p].lex].first_token;
    } else if (tokens_[p].word()) {
      if (!AllLower(Written(p))) return false;
      i = p;
    } else {
      std::string_view f = Folded(p);
      if (f != "'" && f != ",") return false;
      i = p;
    }
    ++units;
  }
  return false;
}

int Pass::Classify(Run* run) {
  size_t a = run->first, b = run->last;
  size_t names = 0;
  for (size_t k = a; k <= b; ++k) names += NameShaped(Written(k));

  // Organisation: structural cues first.
  if (a > 0 && (CueEndingAt(a - 1) & kOrgHead) && text_.Adjacent(a - 1)) {
    run->first = info_[a - 1].cue_first;
    return 'O';
  }
  // A company word closing the run or right after it ("Acme Corp", "Acme Inc.").
  for (size_t k = a + 1; k <= b + 1; ++k) {
    if ((CueStartingAt(k) & kOrgSuffix) && info_[k].cue_last >= b && text_.Adjacent(k - 1)) {
      run->last = info_[k].cue_last;
      return 'O';
    }
  }
  {
    size_t i = a, gap = 0;
    while (i > 0 && gap <= kOrgGap) {
      size_t p = i - 1;
      if ((CueEndingAt(p) & kOrgBefore) && (gap == 0 || text_.Adjacent(p))) return 'O';
      // "le média The Information": a capitalized article opens the name.
      if (gap == 0 && p > 0 && tokens_[p].word() && !AllLower(Written(p)) &&
          stop_words_.count(std::string(Folded(p))) && (CueEndingAt(p - 1) & kOrgBefore)) {
        run->first = p;
        return 'O';
      }
      if (!tokens_[p].word() || !AllLower(Written(p)) || stop_words_.count(std::string(Folded(p))) ||
          info_[p].lex >= 0) {
        break;
      }
      i = p;
      ++gap;
    }
  }
  if (names == 1 && a > 0 && (CueEndingAt(a - 1) & kHonorific) && text_.Adjacent(a - 1)) return 'P';
  if (names < 2) return 0;
  // "Chief Strategy Officer" is a role, not a person.
  if (CueEndingAt(b) & kPerTitle) return 0;

  // Person.
  size_t before = a;
  if (before > 0 && (IsPunct(before - 1, ',') || IsPunct(before - 1, ':'))) --before;
  if (before > 0) {
    int cue = CueEndingAt(before - 1);
    if (cue & (kPerBefore | kPerVerb | kPerTitle | kHonorific)) return 'P';
    if ((cue & kByline) && LineStart(info_[before - 1].cue_first)) return 'P';
  }
  if (TitleBefore(a)) return 'P';
  size_t after = b + 1;
  bool comma = IsPunct(after, ',');
  if (comma) ++after;
  int cue = CueStartingAt(after);
  if (cue & (kPerVerb | kPerAfter)) return 'P';
  if (comma && (cue & kPerTitle)) return 'P';
  return 0;
}

std::string Pass::RunName(size_t first, size_t last) const {
  std::string_view written = text_.OriginalText(text_.OriginalSpan(first, last));
  std::string name;
  bool space = false;
  size_t pos = 0;
  while (pos < written.size()) {
    size_t start = pos;
    uint32_t c = NextCodePoint(written, &pos);
    if (c == ' ' || c == '\n' || c == '\t' || c == 0xA0 || c == 0x202F) {
      space = true;
      continue;
    }
    if (space && !name.empty()) name.push_back(' ');
    space = false;
    name.append(written.substr(start, pos - start));
  }
  return name;
}

std::string Pass::RunKey(size_t first, size_t last) const {
  std::string key;
  for (size_t k = first; k <= last; ++k) {
    if (!key.empty()) key.push_back(' ');
    key.append(Folded(k));
  }
  return key;
}

void Pass::AddMention(size_t first, size_t last, const std::string& name, std::string_view type,
                      const std::string& id, bool in_lexicon) {
  Span span = text_.OriginalSpan(first, last);
  EntityMention& m = out_.emplace_back();
  m.name = name;
  m.type.assign(type);
  m.id = id;
  m.text.assign(text_.OriginalText(span));
  m.start = span.start;
  m.end = span.end;
  m.in_lexicon = in_lexicon;
}

std::vector<EntityMention> Pass::Find() {
  size_t n = tokens_.size();
  info_.assign(n, TokenInfo());

  // Cues may overlap lexicon names ("ministère du Commerce"), so find them at every token.
  AliasMatch c;
  for (size_t i = 0; i < n; ++i) {
    if (!cues_.MatchAt(text_, i, &c)) continue;
    info_[i].cue_start |= c.value;
    info_[i].cue_last = c.last_token;
    if (info_[c.last_token].cue_end == 0) info_[c.last_token].cue_first = i;  // the longest cue ending here
    info_[c.last_token].cue_end |= c.value;
  }

  lex_ = lexicon_.FindAll(text_);
  // A listed last name right after another capitalized name belongs to
  // someone else ("Trump" in "Melania Trump").
  lex_.erase(std::remove_if(lex_.begin(), lex_.end(),
                            [&](const AliasMatch& m) {
                              size_t a = m.first_token;
                              if (m.last_token != a || a == 0 || std::string_view(entries_[m.value].type) != "PER") {
                                return false;
                              }
                              size_t p = a - 1;
                              return text_.Adjacent(p) && tokens_[p].word() && NameShaped(Written(p)) &&
                                     !stop_words_.count(std::string(Folded(p))) &&
                                     CueEndingAt(p) == 0 && !(SentenceStart(p) && CommonWord(p));
                            }),
             lex_.end());
  for (size_t m = 0; m < lex_.size(); ++m) {
    for (size_t k = lex_[m].first_token; k <= lex_[m].last_token; ++k) info_[k].lex = static_cast<int>(m);
  }
  // 1. Lexicon.
  struct Person {
    std::string name, id;
    bool in_lexicon = false;
  };
  std::unordered_map<std::string, Person> surnames;  // folded last name -> full name
  std::unordered_set<std::string> ambiguous;         // last names of several people
  // `last` is SurnameKey(person.name).
  auto note_person = [&](const Person& person, const std::string& last) {
    if (last.empty()) return;
    auto it = surnames.find(last);
    if (it == surnames.end()) {
      surnames.emplace(last, person);
    } else if (it->second.name != person.name) {
      ambiguous.insert(last);
    }
  };
  auto surname = [&](size_t token) -> const Person* {
    auto it = surnames.find(std::string(Folded(token)));
    return it == surnames.end() || ambiguous.count(it->first) ? nullptr : &it->second;
  };
  out_.reserve(lex_.size() + 16);
  size_t lexicon_mentions = lex_.size();
  for (const AliasMatch& m : lex_) {
    const LexiconEntry& e = entries_[m.value];
    AddMention(m.first_token, m.last_token, e.name, e.type, e.id, true);
    if (!surname_keys_[m.value].empty()) note_person(Person{e.name, e.id, true}, surname_keys_[m.value]);
  }

  // 2. Names by cues, then names joined to them ("X et Y").
  BuildRuns();
  auto run_at = [this](size_t first) -> Run* {  // the run starting at token `first`
    auto it = std::lower_bound(runs_.begin(), runs_.end(), first,
                               [](const Run& r, size_t f) { return r.first < f; });
    return it != runs_.end() && it->first == first ? &*it : nullptr;
  };
  for (size_t r = 0; r < runs_.size(); ++r) {
    if (runs_[r].kind == 0) runs_[r].kind = Classify(&runs_[r]);
    if (runs_[r].kind == 0 || runs_[r].kind == kAbsorbed) continue;
    // "Institute" + "of" + "Advanced Studies": one organisation.
    while (runs_[r].kind == 'O') {
      size_t j = runs_[r].last + 1;
      if (!(CueStartingAt(j) & kOrgLink) || !text_.Adjacent(runs_[r].last)) break;
      Run* next = run_at(info_[j].cue_last + 1);
      if (next == nullptr || next->kind != 0 || !text_.Adjacent(info_[j].cue_last)) break;
      runs_[r].last = next->last;
      next->kind = kAbsorbed;
    }
    size_t last = runs_[r].last;
    while (true) {
      size_t j = last + 1;
      if (!(CueStartingAt(j) & kJoin)) break;
      Run* next = run_at(info_[j].cue_last + 1);
      if (next == nullptr || next->kind != 0) break;
      Run& other = *next;
      if (CueStartingAt(other.first) & kOrgSuffix) break;  // ", Inc." is no second name
      size_t names = 0;
      for (size_t k = other.first; k <= other.last; ++k) names += NameShaped(Written(k));
      if (runs_[r].kind == 'P' && names < 2) break;
      other.kind = runs_[r].kind;
      last = other.last;
    }
  }
  struct Found {
    Person who;
    int kind = 0;
  };
  std::unordered_map<std::string, Found> found;  // RunKey -> name found by cues
  for (const Run& run : runs_) {
    if (run.kind == 'P' && run.last > run.first) {
      std::string name = RunName(run.first, run.last);
      std::string last = SurnameKey(name);
      note_person(Person{std::move(name), "", false}, last);
    }
  }
  for (const Run& run : runs_) {
    if (run.kind == 0 || run.kind == kAbsorbed) continue;
    Found f{Person{RunName(run.first, run.last), "", false}, run.kind};
    // "M. Dupont" is "Jean Dupont" when the full name appears in the document.
    const Person* full = run.kind == 'P' && run.first == run.last ? surname(run.first) : nullptr;
    if (full != nullptr) f.who = *full;
    found.emplace(RunKey(run.first, run.last), f);
  }

  // 3. Repeats of found names and last names alone.
  auto add_found = [&](const Run& run, const Found& f) {
    AddMention(run.first, run.last, f.who.name, f.kind == 'P' ? "PER" : "ORG", f.who.id,
               f.who.in_lexicon);
  };
  for (const Run& run : runs_) {
    if (run.kind == kAbsorbed) continue;
    auto it = found.find(RunKey(run.first, run.last));
    if (it != found.end()) {
      add_found(run, it->second);
      continue;
    }
    // A last name alone, or followed by other capitalized words ("Huang Shield");
    // after another first name it is someone else.
    const Person* full = surname(run.first);
    if (full != nullptr) AddMention(run.first, run.first, full->name, "PER", full->id, full->in_lexicon);
  }
  // Lexicon mentions and run mentions are each in text order.
  std::inplace_merge(out_.begin(), out_.begin() + lexicon_mentions, out_.end(),
                     [](const EntityMention& x, const EntityMention& y) { return x.start < y.start; });
  return std::move(out_);
}

}  // namespace

EntityExtractor::EntityExtractor() = default;
EntityExtractor::~EntityExtractor() = default;

Status EntityExtractor::LoadCues(const std::string& path) {
  Result<std::vector<TsvRow>> rows = ReadTsvFile(path, 2, 2);
  if (!rows.ok()) return rows.status();
  // A phrase written with an initial capital ("Inc", "Ministry of", "M.") must
  // be capitalized in the text too; a lower-case one matches any case.
  struct Cue {
    std::string phrase;
    int any_case = 0;     // kinds from lower-case lines
    int capitalized = 0;  // kinds from capitalized lines
  };
  std::vector<Cue> phrases;                       // in file order
  std::unordered_map<std::string, size_t> index;  // PhraseKey -> phrases index
  for (const TsvRow& row : *rows) {
    const std::string& kind = row.fields[0];
    const std::string& phrase = row.fields[1];
    if (phrase.empty()) return LexiconError(path, row.line, "empty cue phrase");
    if (kind == "STOP" || kind == "PARTICLE") {
      std::string key = PhraseKey(phrase);
      if (key.empty() || key.find(' ') != std::string::npos) {
        return LexiconError(path, row.line, kind + " must be a single word");
      }
      (kind == "STOP" ? stop_words_ : particles_).insert(key);
      continue;
    }
    int bit = 0;
    for (const KindName& k : kKinds) {
      if (kind == k.name) bit = k.bit;
    }
    if (bit == 0) {
      return LexiconError(path, row.line,
                          "unknown cue kind '" + kind +
                              "' (known: PER_BEFORE PER_AFTER PER_VERB PER_TITLE BYLINE "
                              "HONORIFIC ORG_BEFORE ORG_SUFFIX ORG_HEAD ORG_LINK JOIN STOP PARTICLE)");
    }
    std::string key = PhraseKey(phrase);
    if (key.empty()) return LexiconError(path, row.line, "cue phrase has no token");
    auto it = index.find(key);
    if (it == index.end()) {
      it = index.emplace(key, phrases.size()).first;
      phrases.push_back(Cue{phrase, 0, 0});
    }
    size_t first = 0;
    bool upper = IsUpper(NextCodePoint(phrase, &first));
    (upper ? phrases[it->second].capitalized : phrases[it->second].any_case) |= bit;
  }
  for (const Cue& c : phrases) {
    // Capitalized first: when both hold, the text gets the kinds of both lines.
    if (c.capitalized != 0) cues_.Add(c.phrase, c.capitalized | c.any_case, AliasCase::kCapitalized);
    if (c.any_case != 0) cues_.Add(c.phrase, c.any_case, AliasCase::kFolded);
  }
  return Status::OK();
}

Result<std::unique_ptr<EntityExtractor>> EntityExtractor::Create(const std::string& lexicon_dir) {
  std::unique_ptr<EntityExtractor> x(new EntityExtractor());
  std::vector<std::string> files = ListTsvFiles(lexicon_dir + "/entities");
  if (files.empty()) {
    return Status::NotFound(lexicon_dir + "/entities: no entity lexicon (*.tsv) found");
  }
  std::unordered_map<std::string, std::string> seen;  // folded alias+mode -> "file:line"
  for (const std::string& file : files) {
    Result<std::vector<LexiconEntry>> entries = ReadEntityLexicon(file);
    if (!entries.ok()) return entries.status();
    for (LexiconEntry& e : *entries) {
      int index = static_cast<int>(x->entries_.size());
      std::vector<std::string> all = {e.name};
      all.insert(all.end(), e.aliases.begin(), e.aliases.end());
      for (const std::string& alias : all) {
        bool added = AddLexiconAlias(alias, index, e, &x->lexicon_);
        int owner = added ? index : x->lexicon_.Lookup(alias[0] == '=' || alias[0] == '^'
                                                           ? alias.substr(1)
                                                           : alias);
        if (!added && owner >= 0 && owner != index) {
          const LexiconEntry& o = x->entries_[owner];
          return LexiconError(file, e.line,
                              "alias '" + alias + "' already names '" + o.name + "' (" + o.file +
                                  ":" + std::to_string(o.line) + ")");
        }
      }
      x->surname_keys_.push_back(e.type == "PER" ? SurnameKey(e.name) : "");
      x->entries_.push_back(std::move(e));
    }
  }
  NEWSINTEL_RETURN_IF_ERROR(x->LoadCues(lexicon_dir + "/name_cues.tsv"));
  return x;
}

void EntityExtractor::Run(const ExtractContext& context, Extraction* out) const {
  TokenizedText scratch;
  const TokenizedText& text = context.Tokens(&scratch);
  Pass pass(text, entries_, surname_keys_, lexicon_, cues_, stop_words_, particles_);
  std::vector<EntityMention> found = pass.Find();
  out->entities.insert(out->entities.end(), std::make_move_iterator(found.begin()),
                       std::make_move_iterator(found.end()));
}

std::vector<EntityMention> EntityExtractor::Find(const std::string& text) const {
  Document doc;
  doc.text = text;
  ExtractContext context;
  context.doc = &doc;
  context.folded = FoldedText::Fold(doc.text);
  Extraction out;
  Run(context, &out);
  return std::move(out.entities);
}

}  // namespace newsintel
