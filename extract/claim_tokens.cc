#include "extract/claim_tokens.h"

#include <string>

#include <unicode/uchar.h>

#include "extract/normalize.h"

namespace newsintel {

namespace {

struct AsciiAlnum {
  bool at[256] = {};
  constexpr AsciiAlnum() {
    for (int c = '0'; c <= '9'; ++c) at[c] = true;
    for (int c = 'a'; c <= 'z'; ++c) at[c] = true;
    for (int c = 'A'; c <= 'Z'; ++c) at[c] = true;
  }
};
constexpr AsciiAlnum kAsciiAlnum;

bool IsAsciiAlnum(unsigned char c) { return kAsciiAlnum.at[c]; }

char PunctOf(unsigned char c) { return c < 0x80 ? static_cast<char>(c) : '\x01'; }

}  // namespace

bool IsInversionClitic(std::string_view rest) {
  static const char* const kClitics[] = {"t-", "il", "elle", "ils", "elles", "on", "he", "she"};
  for (const char* c : kClitics) {
    std::string_view s(c);
    if (rest.size() < s.size() || rest.substr(0, s.size()) != s) continue;
    if (s == "t-") return true;
    if (rest.size() == s.size() || !IsAsciiAlnum(static_cast<unsigned char>(rest[s.size()]))) {
      return true;
    }
  }
  return false;
}

void ClaimTokenizePlain(std::string_view f, std::vector<ClaimToken>* out) {
  out->clear();
  const size_t n = f.size();
  const unsigned char* bytes = reinterpret_cast<const unsigned char*>(f.data());
  size_t i = 0;
  auto word_char = [&](size_t p, size_t* next) {
    unsigned char c = bytes[p];
    if (c < 0x80) {
      *next = p + 1;
      return IsAsciiAlnum(c);
    }
    size_t q = p;
    uint32_t cp = NextCodePoint(f, &q);
    *next = q;
    return static_cast<bool>(u_isalnum(static_cast<UChar32>(cp)));
  };
  while (i < n) {
    unsigned char c = bytes[i];
    if (c == ' ' || c == '\t' || c == '\r') {
      ++i;
      continue;
    }
    size_t next;
    ClaimToken tok;
    tok.begin = static_cast<uint32_t>(i);
    if (word_char(i, &next)) {
      size_t j = next;
      size_t letters = 1;
      while (j < n) {
        if (IsAsciiAlnum(bytes[j])) {
          ++j;
          ++letters;
          continue;
        }
        size_t n2;
        if (bytes[j] >= 0x80 && word_char(j, &n2)) {
          j = n2;
          ++letters;
          continue;
        }
        if ((f[j] == '-' || f[j] == '.') && j + 1 < n &&
            !(f[j] == '-' && IsInversionClitic(f.substr(j + 1)))) {
          size_t n3;
          if (word_char(j + 1, &n3)) {
            j = n3;
            ++letters;
            continue;
          }
        }
        break;
      }
      if (j + 1 < n && f[j] == '\'' && letters <= 8) {
        size_t n4;
        if (word_char(j + 1, &n4)) ++j;
      }
      tok.end = static_cast<uint32_t>(j);
      tok.word = true;
      i = j;
    } else {
      tok.end = static_cast<uint32_t>(next);
      tok.punct = PunctOf(c);
      i = next;
    }
    out->push_back(tok);
  }
}

void ClaimTokenize(const TokenizedText& shared, std::vector<ClaimToken>* out) {
  out->clear();
  ForEachClaimToken(shared, [out](const ClaimToken& tok) { out->push_back(tok); });
}

}  // namespace newsintel
