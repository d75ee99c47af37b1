// Text folding for matching, with a map back to the original bytes.
//
//   FoldedText f = FoldedText::Fold("Les États-Unis ont vendu 2\u202f048 puces");
//   // f.str() == "les etats-unis ont vendu 2 048 puces"
//   Span s = f.ToOriginal(4, 14);   // bytes of "États-Unis" in the input
//
// Folding applies NFKD compatibility decomposition, drops combining marks
// (accent-insensitive), applies Unicode case folding, and maps the space family
// (U+00A0, U+202F, U+2009, U+2007, ...) to ' ', apostrophes (’ ʼ ‘ ´) to '\'',
// quotes (« » “ ” „) to '"', dashes (‐ – — −) to '-', and '…' to "...".
// Newlines are kept so that patterns can respect paragraph breaks.
#ifndef NEWSINTEL_EXTRACT_NORMALIZE_H_
#define NEWSINTEL_EXTRACT_NORMALIZE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "extract/document.h"

namespace newsintel {

// An allocator that leaves elements made without a value uninitialized, so that a
// resize() about to be overwritten writes no zeros. Stateless; thread-safe.
template <typename T>
struct UninitializedAllocator : std::allocator<T> {
  template <typename U>
  struct rebind {
    using other = UninitializedAllocator<U>;
  };
  UninitializedAllocator() = default;
  template <typename U>
  UninitializedAllocator(const UninitializedAllocator<U>&) noexcept {}
  template <typename U>
  void construct(U* p) noexcept(std::is_nothrow_default_constructible<U>::value) {
    ::new (static_cast<void*>(p)) U;
  }
  template <typename U, typename... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }
};

// The folded form of a UTF-8 text and, for each folded byte, the byte range of
// the original code point it came from. Immutable after Fold(); thread-compatible.
class FoldedText {
 public:
  static FoldedText Fold(std::string_view original);

  const std::string& str() const { return folded_; }
  size_t size() const { return folded_.size(); }

  // The original byte span covering folded bytes [begin, end).
  // REQUIRES: begin < end <= size()
  Span ToOriginal(size_t begin, size_t end) const {
    if (begin >= folded_.size() || end <= begin) {
      uint32_t at = OriginalStart(begin);
      return Span{at, at};
    }
    if (end > folded_.size()) end = folded_.size();
    return Span{orig_start_[begin], orig_end_[end - 1]};
  }

  // The original byte offset where folded byte `pos` starts (pos <= size()).
  uint32_t OriginalStart(size_t pos) const {
    return pos < orig_start_.size() ? orig_start_[pos] : original_size_;
  }

 private:
  std::string folded_;
  std::vector<uint32_t, UninitializedAllocator<uint32_t>> orig_start_;  // per folded byte
  std::vector<uint32_t, UninitializedAllocator<uint32_t>> orig_end_;    // per folded byte
  uint32_t original_size_ = 0;
};

// The folded form alone: the key under which lexicon aliases are matched.
// Runs of spaces collapse to one; leading and trailing spaces are removed.
std::string FoldKey(std::string_view text);

// Appends the folded form of one code point to `out`; returns bytes appended.
size_t AppendFolded(uint32_t code_point, std::string* out);

namespace normalize_internal {
// NextCodePoint() through ICU's U8_NEXT.
uint32_t NextCodePointIcu(std::string_view text, size_t* pos);
}  // namespace normalize_internal

// Decodes the code point at text[*pos] and advances *pos; invalid bytes give
// U+FFFD and advance past the ill-formed subsequence (1 to 3 bytes, as ICU's
// U8_NEXT does). ASCII and two-byte forms are decoded inline.
inline uint32_t NextCodePoint(std::string_view text, size_t* pos) {
  const size_t p = *pos;
  if (p < text.size()) {
    const auto c = static_cast<unsigned char>(text[p]);
    if (c < 0x80) {
      *pos = p + 1;
      return c;
    }
    if (c >= 0xC2 && c <= 0xDF && p + 1 < text.size()) {
      const auto t = static_cast<unsigned char>(text[p + 1]);
      if ((t & 0xC0) == 0x80) {
        *pos = p + 2;
        return (uint32_t{c} & 0x1F) << 6 | (t & 0x3F);
      }
    }
  }
  return normalize_internal::NextCodePointIcu(text, pos);
}

// Encodes `code_point` as UTF-8 onto `out`.
void AppendUtf8(uint32_t code_point, std::string* out);

}  // namespace newsintel

#endif  // NEWSINTEL_EXTRACT_NORMALIZE_H_
