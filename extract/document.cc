#include "extract/document.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

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
  // Counts frequent function words of each language in the first 20 KB.
  static const char* kFrench[] = {" le ", " la ", " les ", " des ", " du ", " une ", " est ",
                                  " et ", " que ", " qui ", " pour ", " dans ", " sur ", " pas "};
  static const char* kEnglish[] = {" the ", " of ", " and ", " to ", " is ", " that ", " for ",
                                   " with ", " was ", " on ", " it ", " by ", " are ", " from "};
  std::string sample = " " + FoldKey(std::string_view(text.data(), std::min<size_t>(text.size(), 20000))) + " ";
  auto count = [&sample](const char* const* words, size_t n) {
    size_t total = 0;
    for (size_t i = 0; i < n; ++i) {
      for (size_t p = sample.find(words[i]); p != std::string::npos; p = sample.find(words[i], p + 1)) ++total;
    }
    return total;
  };
  size_t fr = count(kFrench, sizeof(kFrench) / sizeof(kFrench[0]));
  size_t en = count(kEnglish, sizeof(kEnglish) / sizeof(kEnglish[0]));
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
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IOError(path + ": " + std::strerror(errno));
  in.seekg(0, std::ios::end);
  std::streamoff size = in.tellg();
  if (size < 0) return Status::IOError(path + ": cannot read (not a regular file?)");
  if (static_cast<uint64_t>(size) > options.max_bytes) {
    return Status::InvalidArgument(path + ": " + std::to_string(size) + " bytes is over the limit of " +
                                   std::to_string(options.max_bytes));
  }
  in.seekg(0, std::ios::beg);
  std::string bytes(static_cast<size_t>(size), '\0');
  if (size > 0 && !in.read(&bytes[0], size)) return Status::IOError(path + ": read failed");
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
