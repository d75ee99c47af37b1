#include "extract/document.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>


#include "extract/byte_masks.h"
#include "extract/html_article.h"
#include "extract/normalize.h"

namespace newsintel {
namespace {

bool EndsWith(const std::string& s, const std::string& suffix) {
  if (s.size() < suffix.size()) return false;
  for (size_t i = 0; i < suffix.size(); ++i) {
    char a = s[s.size() - suffix.size() + i];
    if (a >= 'A' && a <= 'Z') a = static_cast<char>(a - 'A' + 'a');
    if (a != suffix[i]) return false;
  }
  return true;
}

bool LooksLikeHtml(const std::string& bytes) {
  size_t n = std::min<size_t>(bytes.size(), 1024);
  std::string head = FoldKey(std::string_view(bytes.data(), n));
  return head.find("<!doctype html") != std::string::npos || head.find("<html") != std::string::npos;
}

}  // namespace

bool SanitizeUtf8(std::string* bytes) {
  // Fast path: valid UTF-8 without NUL is returned as is.
  size_t pos = 0;
  bool clean = true;
  const size_t size = bytes->size();
  const auto* data = reinterpret_cast<const unsigned char*>(bytes->data());
  while (pos < size) {
#ifdef __SSE2__
    // Sixteen bytes at a time while they are ASCII without NUL.
    while (pos + 16 <= size) {
      const __m128i v = Load16(data + pos);
      const unsigned mask = Mask16(_mm_or_si128(NonAscii(v), BytesEqual(v, '\0')));
      if (mask != 0) {
        pos += static_cast<size_t>(__builtin_ctz(mask));
        break;
      }
      pos += 16;
    }
#endif
    // Eight bytes at a time while they are ASCII without NUL.
    while (pos + 8 <= size) {
      uint64_t w;
      std::memcpy(&w, data + pos, 8);
      constexpr uint64_t kOnes = 0x0101010101010101ULL, kHighs = 0x8080808080808080ULL;
      if (((w | ((w - kOnes) & ~w)) & kHighs) != 0) break;  // a byte >= 0x80, or a zero byte
      pos += 8;
    }
    if (pos >= size) break;
    const unsigned char b = data[pos];
    if (b != 0 && b < 0x80) { ++pos; continue; }
    // Two-byte characters (accented letters) without decoding.
    if (b >= 0xC2 && b <= 0xDF && pos + 1 < size && (data[pos + 1] & 0xC0) == 0x80) {
      pos += 2;
      continue;
    }
    size_t before = pos;
    uint32_t c = NextCodePoint(*bytes, &pos);
    if (b == 0 || (c == 0xFFFD && !(pos - before == 3 && (*bytes)[before] == '\xEF'))) {
      clean = false;
      break;
    }
  }
  if (clean) return false;
  std::string out;
  out.reserve(bytes->size());
  pos = 0;
  while (pos < bytes->size()) {
    auto b = static_cast<unsigned char>((*bytes)[pos]);
    if (b == 0) { out.push_back(' '); ++pos; continue; }
    if (b < 0x80) { out.push_back(static_cast<char>(b)); ++pos; continue; }
    uint32_t c = NextCodePoint(*bytes, &pos);
    AppendUtf8(c, &out);
  }
  bytes->swap(out);
  return true;
}

namespace {

uint32_t Pack(std::string_view w) {
  uint32_t key = 0;
  for (char c : w) key = key << 8 | static_cast<unsigned char>(c);
  return key;
}

// The function words GuessLanguage counts, packed in a 32-bit key (one byte a
// letter), in a hash table without collisions: one probe a word.
class FunctionWords {
 public:
  FunctionWords() {
    std::vector<std::pair<uint32_t, unsigned char>> words;
    for (const char* w : {"le", "la", "les", "des", "du", "une", "est", "et", "que", "qui", "pour", "dans", "sur", "pas"}) {
      words.emplace_back(Pack(w), 1);
    }
    for (const char* w : {"the", "of", "and", "to", "is", "that", "for", "with", "was", "on", "it", "by", "are", "from"}) {
      words.emplace_back(Pack(w), 2);
    }
    for (multiplier_ = 0x9E3779B1u;; multiplier_ += 2) {
      keys_.fill(0);
      bool collision = false;
      for (const auto& [key, lang] : words) {
        uint32_t slot = Slot(key);
        if (keys_[slot] != 0) {
          collision = true;
          break;
        }
        keys_[slot] = key;
        langs_[slot] = lang;
      }
      if (!collision) break;
    }
  }

  // 1 French, 2 English, 0 neither. `key` is not 0.
  int Lang(uint32_t key) const {
    uint32_t slot = Slot(key);
    return keys_[slot] == key ? langs_[slot] : 0;
  }

 private:
  static constexpr int kBits = 8;
  uint32_t Slot(uint32_t key) const { return (key * multiplier_) >> (32 - kBits); }

  uint32_t multiplier_;
  std::array<uint32_t, 1 << kBits> keys_;
  std::array<unsigned char, 1 << kBits> langs_{};
};

// Letters: ASCII ones and any byte of a multi-byte character.
constexpr std::array<bool, 256> MakeLetters() {
  std::array<bool, 256> t{};
  for (int c = 'a'; c <= 'z'; ++c) t[c] = true;
  for (int c = 'A'; c <= 'Z'; ++c) t[c] = true;
  for (int c = 0x80; c < 256; ++c) t[c] = true;
  return t;
}
constexpr std::array<bool, 256> kLetter = MakeLetters();

constexpr size_t kGuessBytes = 20000;

// Sets bit i % 64 of masks[i / 64] when s[i] is a letter, for i < n.
// REQUIRES: masks has n / 64 + 1 words, all zero.
void LetterMasks(const unsigned char* s, size_t n, uint64_t* masks) {
  size_t i = 0;
#ifdef __SSE2__
  for (; i + 16 <= n; i += 16) {
    const __m128i v = Load16(s + i);
    const uint64_t bits = Mask16(_mm_or_si128(AsciiLetters(v), NonAscii(v)));
    masks[i / 64] |= bits << (i % 64);
  }
#endif
  for (; i < n; ++i) masks[i / 64] |= static_cast<uint64_t>(kLetter[s[i]]) << (i % 64);
}

}  // namespace

std::string GuessLanguage(const std::string& text) {
  // Counts frequent function words of each language in the first 20 KB
  // (words are runs of letters, ASCII lower-cased; any byte of a multi-byte
  // character counts as a letter, so "là" is not "l"). Only words of 2 to 4
  // ASCII letters can be function words: they are found in a bit mask of the
  // letters, 64 bytes at a time.
  static const FunctionWords kWords;
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const size_t n = std::min(text.size(), kGuessBytes);
  uint64_t masks[kGuessBytes / 64 + 2];
  std::fill(masks, masks + n / 64 + 2, 0);
  LetterMasks(s, n, masks);
  size_t counts[3] = {0, 0, 0};
  uint64_t before = 0;  // the last bit of the previous mask
  for (size_t k = 0; k * 64 < n; ++k) {
    const uint64_t letters = masks[k], next = masks[k + 1];
    // Bit i of ahead(j): whether byte 64 k + i + j is a letter.
    auto ahead = [&](int j) { return letters >> j | next << (64 - j); };
    const uint64_t starts = letters & ~(letters << 1 | before);
    before = letters >> 63;
    const uint64_t ahead2 = ahead(2), ahead3 = ahead(3);
    // Words of 2 to 4 letters.
    uint64_t words = starts & ahead(1) & ~(ahead2 & ahead3 & ahead(4));
    while (words != 0) {
      const size_t pos = k * 64 + static_cast<size_t>(__builtin_ctzll(words));
      const uint64_t bit = words & -words;
      words &= words - 1;
      uint32_t word = (s[pos] | 0x20u) << 8 | (s[pos + 1] | 0x20u);
      unsigned any = s[pos] | s[pos + 1];
      if ((ahead2 & bit) != 0) {
        word = word << 8 | (s[pos + 2] | 0x20u);
        any |= s[pos + 2];
        if ((ahead3 & bit) != 0) {
          word = word << 8 | (s[pos + 3] | 0x20u);
          any |= s[pos + 3];
        }
      }
      if (any < 0x80) ++counts[kWords.Lang(word)];
    }
  }
  const size_t fr = counts[1], en = counts[2];
  if (fr == 0 && en == 0) return "";
  return fr >= en ? "fr" : "en";
}

Document DocumentFromText(std::string name, std::string bytes, const LoadOptions& options) {
  Document doc;
  doc.doc = std::move(name);
  if (bytes.size() >= 3 && bytes.compare(0, 3, "\xEF\xBB\xBF") == 0) bytes.erase(0, 3);
  SanitizeUtf8(&bytes);
  doc.text = std::move(bytes);
  doc.lang = GuessLanguage(doc.text);
  if (doc.lang.empty()) doc.lang = options.default_lang;
  return doc;
}

Result<Document> LoadDocumentFile(const std::string& path, const LoadOptions& options) {
  // One open, fstat, read and close a file: extraction reads many small ones.
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::IOError(path + ": " + std::strerror(errno));
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return Status::IOError(path + ": cannot read (not a regular file?)");
  }
  if (static_cast<uint64_t>(st.st_size) > options.max_bytes) {
    ::close(fd);
    return Status::InvalidArgument(path + ": " + std::to_string(st.st_size) + " bytes is over the limit of " +
                                   std::to_string(options.max_bytes));
  }
  std::string bytes(static_cast<size_t>(st.st_size), '\0');
  size_t got = 0;
  while (got < bytes.size()) {
    ssize_t n = ::read(fd, &bytes[got], bytes.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int err = errno;
      ::close(fd);
      return Status::IOError(path + ": read failed: " + std::strerror(err));
    }
    if (n == 0) break;  // the file shrank since fstat
    got += static_cast<size_t>(n);
  }
  ::close(fd);
  bytes.resize(got);
  if (EndsWith(path, ".html") || EndsWith(path, ".htm") || EndsWith(path, ".xhtml") ||
      (!EndsWith(path, ".txt") && LooksLikeHtml(bytes))) {
    HtmlOptions html_options;
    html_options.default_lang = options.default_lang;
    Result<Document> doc = DocumentFromHtml(bytes, html_options);
    if (!doc.ok()) return doc.status().WithContext(path);
    doc->doc = path;
    return doc;
  }
  return DocumentFromText(path, std::move(bytes), options);
}

}  // namespace newsintel
