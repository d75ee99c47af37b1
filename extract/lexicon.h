// Lexicon files and the phrase matcher built from them.
//
//   Result<std::vector<TsvRow>> rows = ReadTsvFile(dir + "/name_cues.tsv", 2, 2);
//   AliasMatcher cues;
//   for (const TsvRow& r : *rows) cues.Add(r.fields[1], /*value=*/r.line, AliasCase::kFolded);
//   TokenizedText tokens = TokenizedText::Build(context.folded, context.doc->text);
//   for (const AliasMatch& m : cues.FindAll(tokens)) Use(m.value, m.original);
//
// Lexicon files are UTF-8 TSV: one entry a line, '#' starts a comment line,
// blank lines are ignored. Errors name the file and line: "lexicons/x.tsv:12: reason".
//
// Matching works on the folded text (case, accents, apostrophes, quotes and
// dashes folded; see normalize.h) cut into tokens: a token is a run of letters
// and digits, or one punctuation character. Spaces and hyphens only separate
// tokens, so "Ascend-910C" matches "Ascend 910C" and "Maison-Blanche" matches
// "Maison blanche"; a phrase always starts and ends on token boundaries, so
// "Meta" is not found in "metadonnees" nor "US" in "usage". Phrases never span
// a line break.
#ifndef NEWSINTEL_EXTRACT_LEXICON_H_
#define NEWSINTEL_EXTRACT_LEXICON_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "extract/document.h"
#include "extract/normalize.h"
#include "extract/status.h"

namespace newsintel {

// One data line of a TSV lexicon file.
struct TsvRow {
  int line = 0;                     // 1-based line number in the file
  std::vector<std::string> fields;  // trimmed of surrounding spaces
};

// Reads `path`, skipping comments and blank lines. Every data line must have
// between `min_fields` and `max_fields` tab-separated fields; missing trailing
// fields are filled with "" up to max_fields.
// Errors: "PATH:LINE: reason" (kInvalidArgument) or kIOError if unreadable.
Result<std::vector<TsvRow>> ReadTsvFile(const std::string& path, size_t min_fields,
                                        size_t max_fields);

// Builds the error for a bad line: "PATH:LINE: reason".
Status LexiconError(const std::string& path, int line, const std::string& reason);

// Splits "a|b|c" on '|', trimming each part and dropping empty ones.
std::vector<std::string> SplitAliases(std::string_view field);

// One token of a TokenizedText.
struct Token {
  uint64_t hash = 0;            // of the folded bytes; its low bit is set unless word()
  uint32_t begin = 0, end = 0;  // folded byte range
  // Letters and digits (false: one punctuation character or a line break).
  bool word() const { return (hash & 1) == 0; }
};

// The folded text cut into tokens, with the original text for case checks.
// Holds pointers to `folded` and `original`, which must outlive it.
class TokenizedText {
 public:
  static TokenizedText Build(const FoldedText& folded, std::string_view original);

  const std::vector<Token>& tokens() const { return tokens_; }
  const FoldedText& folded() const { return *folded_; }
  // True when built from `folded` (the very object, at its current address).
  bool BuiltFrom(const FoldedText& folded) const { return folded_ == &folded; }
  std::string_view original() const { return original_; }

  std::string_view FoldedToken(size_t i) const {
    const Token& tok = tokens_[i];
    return std::string_view(folded_->str()).substr(tok.begin, tok.end - tok.begin);
  }
  // Original bytes of tokens [first, last].
  Span OriginalSpan(size_t first, size_t last) const {
    return folded_->ToOriginal(tokens_[first].begin, tokens_[last].end);
  }
  std::string_view OriginalText(Span span) const {
    return original_.substr(span.start, span.end - span.start);
  }
  // True if tokens i and i+1 are separated only by spaces or hyphens (no line break).
  bool Adjacent(size_t i) const;

 private:
  const FoldedText* folded_ = nullptr;
  std::string_view original_;
  std::vector<Token> tokens_;
};

// How the case of the original text must agree with a phrase.
enum class AliasCase {
  kFolded,       // any case ("nvidia", "NVIDIA", "Nvidia")
  kExact,        // letters and digits exactly as in the phrase ("US", "o1", "V3")
  kCapitalized,  // first letter upper case in the text ("Meta", not "meta")
};

// The folded tokens of `phrase` joined by single spaces: two phrases with the
// same key match the same text ("Vice-Président" and "vice president").
std::string PhraseKey(std::string_view phrase);

// The default for a lexicon alias: kExact when it has at most 3 letters and
// digits (US, USA, EAU, V3, R1, o1), else kFolded.
AliasCase DefaultAliasCase(std::string_view alias);

// A phrase found in a text.
struct AliasMatch {
  size_t first_token = 0, last_token = 0;  // inclusive token range
  Span original;                           // bytes of the original text
  int value = 0;                           // what Add() was given
};

// A set of phrases matched on token boundaries, longest match first.
// Built once (Add), then FindAll() is const and thread-safe.
class AliasMatcher {
 public:
  // Adds `phrase` (as written in a lexicon); matches will carry `value`.
  // Returns false (and adds nothing) if the phrase has no token, or if
  // the same folded phrase with the same case rule is already present (the
  // earlier one wins).
  bool Add(std::string_view phrase, int value, AliasCase mode);

  // The value of a phrase previously added with the same folded tokens, or -1.
  int Lookup(std::string_view phrase) const;

  // Non-overlapping matches, left to right; at each position the longest
  // phrase whose case rule holds wins.
  std::vector<AliasMatch> FindAll(const TokenizedText& text) const;

  // The longest match starting exactly at token `first`, if any.
  bool MatchAt(const TokenizedText& text, size_t first, AliasMatch* match) const {
    const std::vector<Token>& tokens = text.tokens();
    return first < tokens.size() && MayStartWith(tokens[first]) && MatchFrom(text, first, match);
  }

  // False when no phrase starts with `token` (one probe of a bit filter on
  // its hash); true when one may.
  bool MayStartWith(const Token& token) const {
    uint64_t bit = FirstBit(token.hash);
    return ((first_bits_[bit >> 6] >> (bit & 63)) & 1) != 0;
  }

  size_t size() const { return phrases_.size(); }

 private:
  struct Phrase {
    std::vector<std::string> tokens;  // folded
    std::string exact;                // letters and digits as written (kExact/kCapitalized)
    AliasCase mode = AliasCase::kFolded;
    int value = 0;
  };
  // One n-gram hash of the open-addressing table.
  struct Slot {
    uint64_t key = 0;
    int32_t phrase = -1;  // first phrase with exactly these tokens; more via next_
    bool used = false;
    bool prefix = false;  // a proper prefix of some phrase
  };
  // Fibonacci hashing: the high bits of a product depend on every bit of the hash.
  static uint64_t FirstBit(uint64_t token_hash) {
    return (token_hash * 0x9e3779b97f4a7c15ull) >> (64 - kFirstBitsLog2);
  }
  // MatchAt() once the filter passed.
  bool MatchFrom(const TokenizedText& text, size_t first, AliasMatch* match) const;
  bool CaseHolds(const Phrase& p, const TokenizedText& text, Span original) const;
  Slot* InsertSlot(uint64_t key);
  const Slot* FindSlot(uint64_t key) const;

  static constexpr int kFirstBitsLog2 = 16;
  static constexpr size_t kFirstBitWords = (size_t{1} << kFirstBitsLog2) / 64;
  std::vector<Phrase> phrases_;
  std::vector<int32_t> next_;  // per phrase: next phrase with the same hash, or -1
  // Keys are Combine() products, whose high bits depend on every bit of the
  // n-gram: a key's home slot is its top log2(size) bits.
  std::vector<Slot> slots_;    // size a power of two, at most half full
  size_t used_slots_ = 0;
  size_t slot_mask_ = 0;       // slots_.size() - 1
  int slot_shift_ = 64;        // 64 - log2(slots_.size())
  std::vector<uint64_t> first_bits_ = std::vector<uint64_t>(kFirstBitWords, 0);  // first-token filter
  size_t max_tokens_ = 0;
};

// An entity lexicon entry: type, canonical name, Wikidata id, aliases.
struct LexiconEntry {
  std::string type;  // PER, ORG, LOC, MODEL, EVENT, MISC
  std::string name;
  std::string id;    // "Q182477" or empty
  std::vector<std::string> aliases;  // as written, with any '=' / '^' marker
  bool capitalized = false;          // flag "cap": every alias needs an initial capital
  bool exact = false;                // flag "exact": every alias matches case-exactly
  std::string file;
  int line = 0;
};

// Reads an entity lexicon file with columns
//   type <TAB> name <TAB> wikidata <TAB> aliases [<TAB> flags]
// Aliases are '|'-separated; an alias written "=X" matches case-exactly, "^X"
// needs an initial capital; otherwise DefaultAliasCase applies. The flag "cap"
// makes every alias of the line (and the name) need an initial capital; the
// flag "exact" makes them all match case-exactly ("The Information").
// Validates types, ids (Q followed by digits) and non-empty names.
Result<std::vector<LexiconEntry>> ReadEntityLexicon(const std::string& path);

// Adds one alias (or the name) of `entry` to `matcher`, honouring the "=",
// "^" markers and the entry's flags. Returns false if it was a duplicate
// (see AliasMatcher::Add).
bool AddLexiconAlias(std::string_view alias, int value, const LexiconEntry& entry,
                     AliasMatcher* matcher);

// The *.tsv files of a directory, sorted by name; empty if there is none.
std::vector<std::string> ListTsvFiles(const std::string& dir);

}  // namespace newsintel

#endif  // NEWSINTEL_EXTRACT_LEXICON_H_
