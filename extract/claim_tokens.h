// Claim tokens: the tokens the claim extractor reads in a folded text.
//
//   std::vector<ClaimToken> toks;
//   ClaimTokenize(context.Tokens(&scratch), &toks);
//
// A token is a word or one punctuation character; spaces, tabs and carriage
// returns only separate tokens. A word is a run of letters and digits that
// goes on across an inner hyphen or dot followed by a word character
// ("porte-parole", "u.s", "nvda.o"; not the hyphen of an inverted clitic as in
// "a-t-il"), and keeps a final elision apostrophe when a word follows and it
// has at most 8 letters ("l'", "qu'", "aujourd'"). Unlike TokenizedText,
// hyphens and every line break are tokens of their own.
#ifndef NEWSINTEL_EXTRACT_CLAIM_TOKENS_H_
#define NEWSINTEL_EXTRACT_CLAIM_TOKENS_H_

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "extract/lexicon.h"

namespace newsintel {

struct ClaimToken {
  uint32_t begin = 0, end = 0;  // folded bytes
  char punct = 0;  // 0 for a word, else the ASCII character or '\x01' (non-ASCII)
  bool word = false;
  bool operator==(const ClaimToken& o) const {
    return begin == o.begin && end == o.end && punct == o.punct && word == o.word;
  }
};

// True if `rest` (the text after a hyphen) starts with the clitic of an
// inverted verb: "t-", "il", "elle", "ils", "elles", "on", "he", "she" (the
// words followed by a non-letter or the end).
bool IsInversionClitic(std::string_view rest);

// The tokens of `folded`, read byte by byte (the definition).
void ClaimTokenizePlain(std::string_view folded, std::vector<ClaimToken>* out);

// The same tokens as ClaimTokenizePlain(shared.folded().str()), derived from
// the shared tokens: only the bytes between them and those after a word are
// read again.
void ClaimTokenize(const TokenizedText& shared, std::vector<ClaimToken>* out);

// Calls emit(const ClaimToken&) for each token of ClaimTokenize(shared), in order.
template <typename Emit>
void ForEachClaimToken(const TokenizedText& shared, Emit&& emit) {
  const std::string& f = shared.folded().str();
  const uint32_t n = static_cast<uint32_t>(f.size());
  const unsigned char* bytes = reinterpret_cast<const unsigned char*>(f.data());
  const Token* t = shared.tokens().data();
  const size_t count = shared.tokens().size();
  // Between shared tokens lie spaces, hyphens, and the line breaks after the
  // first of a run: the hyphens and breaks are tokens here.
  auto gap = [&](uint32_t from, uint32_t to) {
    for (uint32_t p = from; p < to; ++p) {
      unsigned char c = bytes[p];
      if (c == '-' || c == '\n') {
        ClaimToken tok;
        tok.begin = p;
        tok.end = p + 1;
        tok.punct = static_cast<char>(c);
        emit(tok);
      }
    }
  };
  // A shared word token starting at `p`, at index k.
  auto word_at = [&](size_t k, uint32_t p) { return k < count && t[k].begin == p && t[k].word(); };
  uint32_t pos = 0;  // the bytes before are tokenized
  for (size_t k = 0; k < count; ++k) {
    const Token& s = t[k];
    if (s.begin != pos && !(s.begin == pos + 1 && bytes[pos] == ' ')) gap(pos, s.begin);
    ClaimToken tok;
    tok.begin = s.begin;
    if (!s.word()) {
      pos = s.end;
      unsigned char c = bytes[s.begin];
      if (c == '\t' || c == '\r') continue;
      tok.end = s.end;
      tok.punct = c < 0x80 ? static_cast<char>(c) : '\x01';
      emit(tok);
      continue;
    }
    uint32_t end = s.end;
    unsigned char after = end < n ? bytes[end] : 0;
    if (after == '-' || after == '.' || after == '\'') {
      // Inner hyphens (skipped by the shared tokens) and dots (a token there).
      while (end < n) {
        if (bytes[end] == '-' && word_at(k + 1, end + 1) &&
            !IsInversionClitic(std::string_view(f).substr(end + 1))) {
          ++k;
        } else if (bytes[end] == '.' && word_at(k + 2, end + 1)) {
          k += 2;
        } else {
          break;
        }
        end = t[k].end;
      }
      if (end < n && bytes[end] == '\'' && word_at(k + 2, end + 1)) {
        // Letters: the code points of the word but its inner hyphens and dots.
        size_t letters = 0;
        for (uint32_t p = s.begin; p < end; ++p) {
          unsigned char c = bytes[p];
          letters += (c & 0xC0) != 0x80 && c != '-' && c != '.';
        }
        if (letters <= 8) {
          ++end;
          ++k;  // the apostrophe's token
        }
      }
    }
    tok.end = end;
    tok.word = true;
    emit(tok);
    pos = end;
  }
  gap(pos, n);
}

// The first position at or after `pos` holding one of `bytes` (not NUL), or
// text.size(): text.find_first_of(bytes, pos) (npos made text.size()), by
// strcspn. REQUIRES: pos <= text.size().
inline size_t FindFirstOf(const std::string& text, size_t pos, const char* bytes) {
  // strcspn stops at a NUL too, at the latest at text.size().
  while (true) {
    pos += std::strcspn(text.c_str() + pos, bytes);
    if (pos >= text.size() || text[pos] != '\0') return pos;
    ++pos;
  }
}

}  // namespace newsintel

#endif  // NEWSINTEL_EXTRACT_CLAIM_TOKENS_H_
