#include "extract/document.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <string_view>
#include <unordered_map>

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
  while (pos < size) {
    // Eight bytes at a time while they are ASCII without NUL.
    while (pos + 8 <= size) {
      uint64_t w;
      std::memcpy(&w, bytes->data() + pos, 8);
      constexpr uint64_t kOnes = 0x0101010101010101ULL, kHighs = 0x8080808080808080ULL;
      if (((w | ((w - kOnes) & ~w)) & kHighs) != 0) break;  // a byte >= 0x80, or a zero byte
      pos += 8;
    }
    if (pos >= size) break;
    auto b = static_cast<unsigned char>((*bytes)[pos]);
    if (b != 0 && b < 0x80) { ++pos; continue; }
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

}  // namespace

std::string GuessLanguage(const std::string& text) {
  // Counts frequent function words of each language in the first 20 KB, in
  // one pass over its words (runs of letters, ASCII lower-cased; any byte of
  // a multi-byte character counts as a letter, so "là" is not "l").
  // The words packed in a 32-bit key, one byte a letter, sorted by key;
  // 1 French, 2 English.
  static const std::vector<std::pair<uint32_t, int>> kWords = [] {
    std::vector<std::pair<uint32_t, int>> words;
    for (const char* w : {"le", "la", "les", "des", "du", "une", "est", "et", "que", "qui", "pour", "dans", "sur", "pas"}) {
      words.emplace_back(Pack(w), 1);
    }
    for (const char* w : {"the", "of", "and", "to", "is", "that", "for", "with", "was", "on", "it", "by", "are", "from"}) {
      words.emplace_back(Pack(w), 2);
    }
    std::sort(words.begin(), words.end());
    return words;
  }();
  // Letters: ASCII lower-cased, any byte of a multi-byte character kept.
  static const std::array<unsigned char, 256> kLetter = [] {
    std::array<unsigned char, 256> t{};
    for (int c = 'a'; c <= 'z'; ++c) t[c] = static_cast<unsigned char>(c);
    for (int c = 'A'; c <= 'Z'; ++c) t[c] = static_cast<unsigned char>(c - 'A' + 'a');
    for (int c = 0x80; c < 256; ++c) t[c] = static_cast<unsigned char>(c);
    return t;
  }();
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const auto* end = p + std::min<size_t>(text.size(), 20000);
  size_t fr = 0, en = 0;
  while (p < end) {
    while (p < end && kLetter[*p] == 0) ++p;
    const auto* start = p;
    uint32_t word = 0;
    unsigned char any = 0;
    while (p < end && kLetter[*p] != 0) {
      word = word << 8 | kLetter[*p];
      any |= *p;
      ++p;
    }
    size_t length = static_cast<size_t>(p - start);
    if (length >= 2 && length <= 4 && any < 0x80) {
      auto it = std::lower_bound(kWords.begin(), kWords.end(), std::make_pair(word, 0));
      if (it != kWords.end() && it->first == word) (it->second == 1 ? fr : en) += 1;
    }
  }
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
