// Byte classes of 16 bytes at a time with SSE2 (the x86-64 baseline), for the
// scans that skip bytes of no interest: bit i of a mask is byte i.
//
//   #ifdef __SSE2__
//   const __m128i v = Load16(s + pos);
//   unsigned letters = Mask16(AsciiLetters(v));
//   #endif
//
// Only under __SSE2__: callers keep a byte loop for other targets and for the
// last bytes of a text.
#ifndef NEWSINTEL_EXTRACT_BYTE_MASKS_H_
#define NEWSINTEL_EXTRACT_BYTE_MASKS_H_

#ifdef __SSE2__
#include <emmintrin.h>

namespace newsintel {

// REQUIRES: 16 bytes may be read from `p`.
inline __m128i Load16(const unsigned char* p) { return _mm_loadu_si128(reinterpret_cast<const __m128i*>(p)); }

// One bit a byte: the top bit of each byte of `v`.
inline unsigned Mask16(__m128i v) { return static_cast<unsigned>(_mm_movemask_epi8(v)); }

// 0xFF in the bytes of `v` equal to `c`, 0 elsewhere.
inline __m128i BytesEqual(__m128i v, char c) { return _mm_cmpeq_epi8(v, _mm_set1_epi8(c)); }

// 0xFF in the bytes of `v` in [lo, hi] (unsigned), 0 elsewhere.
// REQUIRES: lo <= hi.
inline __m128i BytesInRange(__m128i v, unsigned char lo, unsigned char hi) {
  const __m128i d = _mm_sub_epi8(v, _mm_set1_epi8(static_cast<char>(lo)));
  // d <= hi - lo unsigned, as min(d, hi - lo) == d.
  return _mm_cmpeq_epi8(_mm_min_epu8(d, _mm_set1_epi8(static_cast<char>(hi - lo))), d);
}

// 0xFF in the bytes of `v` that are ASCII letters [A-Za-z].
inline __m128i AsciiLetters(__m128i v) { return BytesInRange(_mm_or_si128(v, _mm_set1_epi8(0x20)), 'a', 'z'); }

// 0xFF in the bytes of `v` that are ASCII digits.
inline __m128i AsciiDigits(__m128i v) { return BytesInRange(v, '0', '9'); }

// 0xFF in the bytes of `v` that are not ASCII (>= 0x80).
inline __m128i NonAscii(__m128i v) { return _mm_cmplt_epi8(v, _mm_setzero_si128()); }

}  // namespace newsintel

#endif  // __SSE2__
#endif  // NEWSINTEL_EXTRACT_BYTE_MASKS_H_
