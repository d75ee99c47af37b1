#include "extract/document.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

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
  while (pos < bytes->size()) {
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

std::string GuessLanguage(const std::string& text) {
  // Counts frequent function words of each language in the first 20 KB, in
  // one pass over its words (runs of letters, ASCII lower-cased; any byte of
  // a multi-byte character counts as a letter, so "là" is not "l").
  static const std::unordered_map<std::string_view, int> kWords = {
      {"le", 1},  {"la", 1},  {"les", 1},  {"des", 1},  {"du", 1},   {"une", 1}, {"est", 1},
      {"et", 1},  {"que", 1}, {"qui", 1},  {"pour", 1}, {"dans", 1}, {"sur", 1}, {"pas", 1},
      {"the", 2}, {"of", 2},  {"and", 2},  {"to", 2},   {"is", 2},   {"that", 2}, {"for", 2},
      {"with", 2}, {"was", 2}, {"on", 2},  {"it", 2},   {"by", 2},   {"are", 2}, {"from", 2},
  };
  size_t n = std::min<size_t>(text.size(), 20000);
  size_t fr = 0, en = 0;
  char word[5];
  size_t length = 0;  // letters in the current word (counted beyond 4)
  auto end_word = [&]() {
    if (length >= 2 && length <= 4) {
      auto it = kWords.find(std::string_view(word, length));
      if (it != kWords.end()) (it->second == 1 ? fr : en) += 1;
    }
    length = 0;
  };
  for (size_t i = 0; i < n; ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c >= 'A' && c <= 'Z') c = static_cast<unsigned char>(c - 'A' + 'a');
    if ((c >= 'a' && c <= 'z') || c >= 0x80) {
      if (length < 4) word[length] = c >= 0x80 ? '\0' : static_cast<char>(c);
      ++length;
    } else {
      end_word();
    }
  }
  end_word();
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
