#include "extract/normalize.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <cstring>

namespace newsintel {
namespace {

// Returns the replacement for punctuation and spaces folded for matching, or
// nullptr when `c` is not one of them.
const char* FoldPunctuation(uint32_t c) {
  switch (c) {
    case 0x00A0: case 0x202F: case 0x2009: case 0x2007: case 0x2002:
    case 0x2003: case 0x2004: case 0x2005: case 0x2006: case 0x2008:
    case 0x200A: case 0x205F: case 0x3000: case 0x1680:
      return " ";
    case 0x200B: case 0x200C: case 0x200D: case 0xFEFF: case 0x00AD:
      return "";  // zero-width characters and soft hyphens vanish
    case 0x2019: case 0x2018: case 0x02BC: case 0x00B4: case 0x2032:
    case 0x201B: case 0x0060: case 0xFF07:
      return "'";
    case 0x00AB: case 0x00BB: case 0x201C: case 0x201D: case 0x201E:
    case 0x201F: case 0x2033: case 0x2039: case 0x203A: case 0xFF02:
      return "\"";
    case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014:
    case 0x2015: case 0x2212: case 0xFE58: case 0xFE63: case 0xFF0D:
      return "-";
    case 0x2026:
      return "...";
    case 0x2028: case 0x2029: case 0x0085:
      return "\n";
    default:
      return nullptr;
  }
}

const icu::Normalizer2* Nfkd() {
  // ICU owns the instance; it is immutable and safe to share across threads.
  static const icu::Normalizer2* nfkd = [] {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* n = icu::Normalizer2::getNFKDInstance(status);
    return U_SUCCESS(status) ? n : nullptr;
  }();
  return nfkd;
}

size_t AppendFoldedNoPunct(uint32_t c, std::string* out) {
  size_t before = out->size();
  const icu::Normalizer2* nfkd = Nfkd();
  icu::UnicodeString decomposition;
  if (nfkd != nullptr && nfkd->getDecomposition(static_cast<UChar32>(c), decomposition)) {
    for (int32_t i = 0; i < decomposition.length();) {
      UChar32 d = decomposition.char32At(i);
      i += U16_LENGTH(d);
      if (u_getCombiningClass(d) != 0 || u_charType(d) == U_NON_SPACING_MARK) continue;
      const char* p = FoldPunctuation(static_cast<uint32_t>(d));
      if (p != nullptr) {
        out->append(p);
        continue;
      }
      AppendUtf8(static_cast<uint32_t>(u_foldCase(d, U_FOLD_CASE_DEFAULT)), out);
    }
  } else if (u_charType(static_cast<UChar32>(c)) == U_NON_SPACING_MARK) {
    // a lone combining mark: dropped
  } else {
    AppendUtf8(static_cast<uint32_t>(u_foldCase(static_cast<UChar32>(c), U_FOLD_CASE_DEFAULT)), out);
  }
  return out->size() - before;
}

}  // namespace

uint32_t normalize_internal::NextCodePointIcu(std::string_view text, size_t* pos) {
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  int32_t i = static_cast<int32_t>(*pos);
  int32_t length = static_cast<int32_t>(text.size());
  UChar32 c;
  U8_NEXT(s, i, length, c);
  *pos = static_cast<size_t>(i);
  return c < 0 ? 0xFFFD : static_cast<uint32_t>(c);
}

void AppendUtf8(uint32_t c, std::string* out) {
  if (c < 0x80) {
    out->push_back(static_cast<char>(c));
  } else if (c < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (c >> 6)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else if (c < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (c >> 12)));
    out->push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (c >> 18)));
    out->push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  }
}

namespace {

// The folded form of each ASCII byte: lower case, the other white space
// characters to ' ', '`' to '\''. Constant-initialized.
constexpr std::array<char, 128> MakeAsciiFold() {
  std::array<char, 128> fold{};
  for (int c = 0; c < 128; ++c) {
    char ch = static_cast<char>(c);
    if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
    if (ch == '\t' || ch == '\r' || ch == '\f' || ch == '\v') ch = ' ';
    if (ch == '`') ch = '\'';
    fold[c] = ch;
  }
  return fold;
}
constexpr std::array<char, 128> kAsciiFold = MakeAsciiFold();

// Four offsets at once (a GCC/Clang vector type; SSE2 on x86-64).
typedef uint32_t U32x4 __attribute__((vector_size(16)));

constexpr uint64_t kLowBits = 0x0101010101010101ull;
constexpr uint64_t kHighBits = 0x8080808080808080ull;

// Bit 7 of each byte of x set when that byte is in [lo, hi].
// REQUIRES: every byte of x < 0x80
constexpr uint64_t BytesInRange(uint64_t x, unsigned lo, unsigned hi) {
  return (x + (0x80 - lo) * kLowBits) & ~(x + (0x7F - hi) * kLowBits) & kHighBits;
}

// Eight ASCII bytes folded as kAsciiFold does, when none of them is a white space
// other than ' ' and '\n' or '`' (false then, *folded unset): upper case letters get
// bit 5. REQUIRES: every byte of word < 0x80
inline bool FoldAscii8(uint64_t word, uint64_t* folded) {
  if ((BytesInRange(word, '\t', '\r') & ~BytesInRange(word, '\n', '\n')) != 0 ||
      BytesInRange(word, '`', '`') != 0) {
    return false;
  }
  *folded = word | BytesInRange(word, 'A', 'Z') >> 2;
  return true;
}

size_t AppendFoldedUncached(uint32_t c, std::string* out) {
  const char* p = FoldPunctuation(c);
  if (p != nullptr) {
    size_t n = std::char_traits<char>::length(p);
    out->append(p, n);
    return n;
  }
  return AppendFoldedNoPunct(c, out);
}

// The folded forms of U+0080..U+2FFF (Latin, Greek, Cyrillic, punctuation...),
// computed once: ICU's decomposition costs hundreds of instructions a call.
class FoldCache {
 public:
  static constexpr uint32_t kEnd = 0x3000;
  FoldCache() : entries_(kEnd) {
    std::string s;
    for (uint32_t c = 0x80; c < kEnd; ++c) {
      s.clear();
      AppendFoldedUncached(c, &s);
      Entry& e = entries_[c];
      if (s.size() <= sizeof(e.bytes)) {
        e.size = static_cast<uint8_t>(s.size());
        s.copy(e.bytes, s.size());
      }
    }
  }
  static constexpr uint8_t kUncached = 255;
  struct Entry {
    uint8_t size = kUncached;
    char bytes[7];
  };
  // The folded form of `c`, or nullptr if `c` is not cached.
  const Entry* Get(uint32_t c) const {
    if (c >= kEnd || entries_[c].size == kUncached) return nullptr;
    return &entries_[c];
  }
  // False if `c` is not cached.
  bool Append(uint32_t c, std::string* out, size_t* n) const {
    const Entry* e = Get(c);
    if (e == nullptr) return false;
    out->append(e->bytes, e->size);
    *n = e->size;
    return true;
  }

 private:
  std::vector<Entry> entries_;
};

const FoldCache& Cache() {
  static const FoldCache kCache;
  return kCache;
}

}  // namespace

size_t AppendFolded(uint32_t c, std::string* out) {
  if (c < 0x80) {
    out->push_back(kAsciiFold[c]);
    return 1;
  }
  size_t n;
  if (Cache().Append(c, out, &n)) return n;
  return AppendFoldedUncached(c, out);
}

FoldedText FoldedText::Fold(std::string_view original) {
  FoldedText f;
  const size_t n = original.size();
  f.original_size_ = static_cast<uint32_t>(n);
  // The buffers are written through pointers. Invariant: room for the rest of the input
  // folded byte for byte (cap - o >= n - pos); only a code point folding to more bytes
  // than it has grows them.
  size_t cap = n;
  f.folded_.resize(cap);
  f.orig_start_.resize(cap);
  f.orig_end_.resize(cap);
  char* out = &f.folded_[0];
  uint32_t* starts = f.orig_start_.data();
  uint32_t* ends = f.orig_end_.data();
  const auto* in = reinterpret_cast<const unsigned char*>(original.data());
  const FoldCache& cache = Cache();
  std::string uncached;
  size_t o = 0;
  size_t pos = 0;
  while (pos < n) {
    const unsigned char lead = in[pos];
    if (lead < 0x80) {
      // A run of ASCII: one byte folded for one, eight at a time while they last.
      // Folded byte o + (i - pos) comes from original byte i.
      const size_t shift = o - pos;  // modulo 2^64: o may be less than pos
      size_t run = pos;
      while (run + 8 <= n) {
        uint64_t word;
        std::memcpy(&word, in + run, 8);
        if ((word & kHighBits) != 0) break;
        char* dest = out + (run + shift);
        uint64_t folded;
        if (FoldAscii8(word, &folded)) {
          std::memcpy(dest, &folded, 8);
        } else {
          for (size_t i = 0; i < 8; ++i) dest[i] = kAsciiFold[in[run + i]];
        }
        const U32x4 first = U32x4{0, 1, 2, 3} + static_cast<uint32_t>(run);
        const U32x4 second = first + 4;
        std::memcpy(starts + (run + shift), &first, 16);
        std::memcpy(starts + (run + shift) + 4, &second, 16);
        const U32x4 first_end = first + 1;
        const U32x4 second_end = second + 1;
        std::memcpy(ends + (run + shift), &first_end, 16);
        std::memcpy(ends + (run + shift) + 4, &second_end, 16);
        run += 8;
      }
      for (; run < n && in[run] < 0x80; ++run) {
        out[run + shift] = kAsciiFold[in[run]];
        starts[run + shift] = static_cast<uint32_t>(run);
        ends[run + shift] = static_cast<uint32_t>(run + 1);
      }
      o += run - pos;
      pos = run;
      continue;
    }
    const size_t start = pos;
    uint32_t c;
    // Two- and three-byte forms decoded here (every such sequence is well formed);
    // the rest as ICU's U8_NEXT does.
    if (lead >= 0xC2 && lead <= 0xDF && pos + 1 < n && (in[pos + 1] & 0xC0) == 0x80) {
      c = (uint32_t{lead} & 0x1F) << 6 | (in[pos + 1] & 0x3F);
      pos += 2;
    } else if (lead >= 0xE1 && lead <= 0xEF && lead != 0xED && pos + 2 < n &&
               (in[pos + 1] & 0xC0) == 0x80 && (in[pos + 2] & 0xC0) == 0x80) {
      c = (uint32_t{lead} & 0x0F) << 12 | (uint32_t{in[pos + 1]} & 0x3F) << 6 | (in[pos + 2] & 0x3F);
      pos += 3;
    } else {
      c = NextCodePoint(original, &pos);
    }
    const char* bytes;
    size_t k;
    if (const FoldCache::Entry* e = cache.Get(c)) {
      bytes = e->bytes;
      k = e->size;
    } else {
      uncached.clear();
      AppendFoldedUncached(c, &uncached);
      bytes = uncached.data();
      k = uncached.size();
    }
    if (cap - o < k + (n - pos)) {
      cap = std::max(2 * cap, o + k + (n - pos));
      f.folded_.resize(cap);
      f.orig_start_.resize(cap);
      f.orig_end_.resize(cap);
      out = &f.folded_[0];
      starts = f.orig_start_.data();
      ends = f.orig_end_.data();
    }
    for (size_t i = 0; i < k; ++i) {
      out[o + i] = bytes[i];
      starts[o + i] = static_cast<uint32_t>(start);
      ends[o + i] = static_cast<uint32_t>(pos);
    }
    o += k;
  }
  f.folded_.resize(o);
  f.orig_start_.resize(o);
  f.orig_end_.resize(o);
  return f;
}

std::string FoldKey(std::string_view text) {
  // The folded text alone (no offsets), then spaces and newlines collapsed.
  std::string folded;
  folded.reserve(text.size());
  size_t pos = 0;
  while (pos < text.size()) {
    const auto c = static_cast<unsigned char>(text[pos]);
    if (c < 0x80) {
      folded.push_back(kAsciiFold[c]);
      ++pos;
    } else {
      AppendFolded(NextCodePoint(text, &pos), &folded);
    }
  }
  std::string out;
  out.reserve(folded.size());
  for (char c : folded) {
    bool space = c == ' ' || c == '\n';
    if (space) {
      if (!out.empty() && out.back() != ' ') out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

}  // namespace newsintel
