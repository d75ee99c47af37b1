#include "extract/sentences.h"

#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/utext.h>

#include <algorithm>
#include <cctype>
#include <set>

#include "extract/normalize.h"

namespace newsintel {
namespace {

// Folded abbreviations (without their final period) that do not end a sentence.
const std::set<std::string>& Abbreviations() {
  static const std::set<std::string> kAbbreviations = {
      "m", "mm", "mme", "mmes", "mlle", "mlles", "dr", "pr", "me", "mgr", "st", "ste",
      "mr", "mrs", "ms", "prof", "sen", "rep", "gov", "gen", "col", "lt", "sgt", "jr", "sr",
      "etc", "cf", "vs", "env", "av", "apr", "j.-c", "no", "nos", "p", "pp", "vol", "chap",
      "fig", "art", "al", "inc", "corp", "ltd", "co", "u.s", "u.k", "u.n", "e.g", "i.e",
      "jan", "feb", "fev", "mar", "avr", "jun", "jul", "juil", "aug", "sep", "sept", "oct",
      "nov", "dec", "approx", "min", "max", "ref", "dept", "depts", "est", "n.b"};
  return kAbbreviations;
}

bool IsSpace(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; }

// True when the sentence [start, end) of `text` ends with an abbreviation or a
// single initial followed by a period, and the next one does not start a line.
bool EndsWithAbbreviation(std::string_view text, size_t start, size_t end) {
  size_t e = end;
  while (e > start && IsSpace(text[e - 1])) --e;
  if (e == start || text[e - 1] != '.') return false;
  size_t w = e - 1;
  while (w > start && !IsSpace(text[w - 1]) && text[w - 1] != '(' && text[w - 1] != '"') --w;
  std::string word = FoldKey(text.substr(w, e - 1 - w));
  if (word.empty()) return false;
  if (Abbreviations().count(word) > 0) return true;
  // A single capital initial ("J. Moolenar") or dotted initials ("U.S").
  std::string_view raw = text.substr(w, e - 1 - w);
  if (raw.size() == 1 && std::isupper(static_cast<unsigned char>(raw[0]))) return true;
  return false;
}

}  // namespace

SentenceSplitter::SentenceSplitter() {
  UErrorCode status = U_ZERO_ERROR;
  french_.reset(icu::BreakIterator::createSentenceInstance(icu::Locale("fr@ss=standard"), status));
  if (U_FAILURE(status)) french_.reset();
  status = U_ZERO_ERROR;
  english_.reset(icu::BreakIterator::createSentenceInstance(icu::Locale("en@ss=standard"), status));
  if (U_FAILURE(status)) english_.reset();
}

SentenceSplitter::~SentenceSplitter() = default;

std::vector<Span> SentenceSplitter::Split(std::string_view text, const std::string& lang) const {
  std::vector<Span> raw;
  const icu::BreakIterator* proto = lang == "en" ? english_.get() : french_.get();
  if (proto == nullptr) proto = english_ ? english_.get() : french_.get();
  std::vector<size_t> bounds;
  if (proto != nullptr) {
    std::unique_ptr<icu::BreakIterator> it(proto->clone());
    UErrorCode status = U_ZERO_ERROR;
    UText* ut = utext_openUTF8(nullptr, text.data(), static_cast<int64_t>(text.size()), &status);
    if (U_SUCCESS(status)) {
      it->setText(ut, status);
      if (U_SUCCESS(status)) {
        for (int32_t b = it->first(); b != icu::BreakIterator::DONE; b = it->next()) {
          bounds.push_back(static_cast<size_t>(b));
        }
      }
      utext_close(ut);
    }
  }
  if (bounds.empty() || bounds.back() != text.size()) {
    bounds = {0, text.size()};  // no ICU: the whole text is one sentence
  }
  // Merge across abbreviations, unless the break is a line break.
  std::vector<Span> merged;
  size_t cur = bounds[0];
  for (size_t i = 1; i < bounds.size(); ++i) {
    size_t b = bounds[i];
    bool line_break = b > 0 && text[b - 1] == '\n';
    if (i + 1 < bounds.size() && !line_break && EndsWithAbbreviation(text, cur, b)) continue;
    merged.push_back(Span{static_cast<uint32_t>(cur), static_cast<uint32_t>(b)});
    cur = b;
  }
  // Trim white space; drop empty sentences.
  std::vector<Span> out;
  for (Span s : merged) {
    while (s.start < s.end && IsSpace(text[s.start])) ++s.start;
    while (s.end > s.start && IsSpace(text[s.end - 1])) --s.end;
    if (s.end > s.start) out.push_back(s);
  }
  return out;
}

}  // namespace newsintel
