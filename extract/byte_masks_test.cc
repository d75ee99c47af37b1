#include "extract/byte_masks.h"

#include <gtest/gtest.h>

namespace newsintel {
namespace {

#ifdef __SSE2__
// Each class against its plain definition, for every byte value at every one
// of the 16 places.
TEST(ByteMasksTest, EveryByteAtEveryPlace) {
  for (int c = 0; c < 256; ++c) {
    for (int at = 0; at < 16; ++at) {
      unsigned char block[16];
      for (unsigned char& b : block) b = ' ';
      block[at] = static_cast<unsigned char>(c);
      const __m128i v = Load16(block);
      const unsigned bit = 1u << at;
      const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
      EXPECT_EQ((Mask16(AsciiLetters(v)) & bit) != 0, letter) << c;
      EXPECT_EQ((Mask16(AsciiDigits(v)) & bit) != 0, c >= '0' && c <= '9') << c;
      EXPECT_EQ((Mask16(NonAscii(v)) & bit) != 0, c >= 0x80) << c;
      EXPECT_EQ((Mask16(BytesEqual(v, '.')) & bit) != 0, c == '.') << c;
      EXPECT_EQ((Mask16(BytesInRange(v, 0xC2, 0xDF)) & bit) != 0, c >= 0xC2 && c <= 0xDF) << c;
      EXPECT_EQ(Mask16(AsciiLetters(v)) & ~bit, 0u);  // the spaces around
    }
  }
}
#endif

}  // namespace
}  // namespace newsintel
