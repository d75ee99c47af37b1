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

// Four small articles, English and French, from three outlets, that disagree
// on four figures about one model and one market.
inline std::vector<Extraction> Corpus() {
  std::vector<Extraction> out;
  out.push_back(Builder("a1.txt",
                        "Orbis trained its Orbis-3 model on 2,048 H800 chips, using 2.78 million GPU hours. "
                        "Senator Jane Roe alleged that Orbis obtained banned chips through Singapore. "
                        "The selloff erased $1 trillion from US tech stocks.")
                    .Meta("Tech Wire", "https://techwire.example/a1", "2025-01-28")
                    .Entity("Orbis", "ORG", "Orbis")
                    .Entity("Orbis-3", "MODEL", "Orbis-3")
                    .Entity("Jane Roe", "PER", "Jane Roe")
                    .Entity("Singapore", "LOC", "Singapore")
                    .Chip("H800", "H800")
                    .Fig("2,048 H800", 2048, "gpu", "training_gpus", "Orbis-3")
                    .Fig("2.78 million GPU hours", 2780000, "gpu_hour", "training_compute", "Orbis-3", 10000)
                    .Fig("$1 trillion", 1e12, "USD", "market_value_loss", "US tech stocks", 1e12)
                    .Claim("Orbis obtained banned chips through Singapore", "Jane Roe", "alleged",
                           {"Orbis", "Singapore"})
                    .Get());
  out.push_back(Builder("a2.txt",
                        "La start-up Orbis dit avoir utilisé seulement 2 000 GPU et 2,8 millions d\u2019heures "
                        "de calcul pour Orbis-3. Orbis a démenti avoir contourné les contrôles à l\u2019exportation. "
                        "La chute a effacé 2 000 milliards de dollars du marché boursier américain.",
                        "fr")
                    .Meta("Le Quotidien", "https://www.lequotidien.example/b2?utm_source=feed", "2025-01-29")
                    .Entity("Orbis", "ORG", "Orbis")
                    .Entity("Orbis-3", "MODEL", "Orbis-3")
                    .Fig("2 000 GPU", 2000, "gpu", "training_gpus", "Orbis")
                    .Fig("2,8 millions d\u2019heures", 2800000, "gpu_hour", "training_compute", "Orbis-3", 100000)
                    .Fig("2 000 milliards de dollars", 2e12, "USD", "market_value_loss", "US stock market", 1e12)
                    .Claim("Orbis a démenti avoir contourné les contrôles à l\u2019exportation", "Orbis", "denied",
                           {"Orbis"})
                    .Get());
  out.push_back(Builder("a3.txt",
                        "Orbis spent $5.6 million to train Orbis-3, analysts said. "
                        "Jane Roe alleged that Orbis obtained banned chips through Singapore.")
                    .Meta("Daily Ledger", "https://ledger.example/c3", "2025-01-30")
                    .Entity("Orbis", "ORG", "Orbis")
                    .Entity("Jane Roe", "PER", "Jane Roe")
                    .Entity("Singapore", "LOC", "Singapore")
                    .Fig("$5.6 million", 5600000, "USD", "training_cost", "Orbis-3", 100000)
                    .Claim("Orbis obtained banned chips through Singapore", "Jane Roe", "alleged",
                           {"Orbis", "Singapore"})
                    .Get());
  out.push_back(Builder("a4.txt",
                        "Selon nos calculs, Orbis n\u2019a dépensé que 6 millions de dollars. "
                        "Les revenus de Singapour sont passés de 9 % à 22 %.",
                        "fr")
                    .Meta("Le Quotidien", "https://lequotidien.example/d4", "2025-02-02")
                    .Entity("Orbis", "ORG", "Orbis")
                    .Entity("Singapore", "LOC", "Singapour")
                    .Fig("6 millions de dollars", 6000000, "USD", "training_cost", "Orbis", 1000000)
                    .Fig("9 %", 9, "percent", "revenue_share", "Singapore", 1, 0)
                    .Fig("22 %", 22, "percent", "revenue_share", "Singapore", 1, 0)
                    .Get());
  return out;
}

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
