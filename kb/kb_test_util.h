// Test helpers: hand-built Extractions whose spans are found by substring.
#ifndef NEWSINTEL_KB_KB_TEST_UTIL_H_
#define NEWSINTEL_KB_KB_TEST_UTIL_H_

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "extract/extraction.h"

namespace newsintel {
namespace kb_testing {

// Builds an Extraction over `text`; every Add* locates its `text` (the
// n-th occurrence) and sets start/end, so spans are always exact.
class Builder {
 public:
  Builder(std::string doc, std::string text, std::string lang = "en") {
    x_.document.doc = std::move(doc);
    x_.document.text = std::move(text);
    x_.document.lang = std::move(lang);
  }
  Builder& Meta(const std::string& outlet, const std::string& url, const std::string& published) {
    x_.document.outlet = outlet;
    x_.document.url = url;
    x_.document.published = published;
    return *this;
  }
  Builder& Entity(const std::string& name, const std::string& type, const std::string& text, int nth = 0) {
    EntityMention e;
    e.name = name;
    e.type = type;
    e.text = text;
    Locate(text, nth, &e.start, &e.end);
    x_.entities.push_back(e);
    return *this;
  }
  Builder& Chip(const std::string& name, const std::string& text) {
    ChipMention c;
    c.name = name;
    c.vendor = "ChipCo";
    c.text = text;
    Locate(text, 0, &c.start, &c.end);
    x_.chips.push_back(c);
    return *this;
  }
  Builder& Fig(const std::string& text, double value, const std::string& unit, const std::string& metric,
               const std::string& subject, double precision = 1, int range_id = -1) {
    Figure f;
    f.text = text;
    f.value = value;
    f.unit = unit;
    f.metric = metric;
    f.subject = subject;
    f.precision = precision;
    f.range_id = range_id;
    Locate(text, 0, &f.start, &f.end);
    x_.figures.push_back(f);
    return *this;
  }
  Builder& Claim(const std::string& text, const std::string& speaker, const std::string& modality,
                 std::vector<std::string> about) {
    newsintel::Claim c;
    c.text = text;
    c.speaker = speaker;
    c.modality = modality;
    c.about = std::move(about);
    Locate(text, 0, &c.start, &c.end);
    x_.claims.push_back(c);
    return *this;
  }
  const Extraction& Get() const { return x_; }

 private:
  void Locate(const std::string& needle, int nth, uint32_t* start, uint32_t* end) {
    size_t pos = x_.document.text.find(needle);
    for (int i = 0; i < nth && pos != std::string::npos; ++i) pos = x_.document.text.find(needle, pos + 1);
    if (pos == std::string::npos) {
      std::fprintf(stderr, "test bug: '%s' not in the text\n", needle.c_str());
      std::abort();
    }
    *start = static_cast<uint32_t>(pos);
    *end = static_cast<uint32_t>(pos + needle.size());
  }
  Extraction x_;
};

// A fresh database path under the build tree.
inline std::string TempDb(const std::string& name) {
  std::string dir = std::string(NEWSINTEL_BINARY_DIR) + "/test-tmp/kb";
  std::filesystem::create_directories(dir);
  std::string path = dir + "/" + name + ".db";
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
  return path;
}

}  // namespace kb_testing
}  // namespace newsintel

#endif  // NEWSINTEL_KB_KB_TEST_UTIL_H_
