// Figure extraction throughput on a French news corpus.
//
//   cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DNEWSINTEL_BUILD_BENCH=ON
//   cmake --build build-bench --target figure_bench && build-bench/bench/figure_bench
//   build-bench/bench/figure_bench --corpus_out=/tmp/corpus.jsonl   # the same text, one
//                                  JSON line {"text": ...} per paragraph, for other tools
//
// The corpus is the French articles of examples/articles repeated until it holds about
// 1 MB, each copy varied: its paragraphs rotated and its digits shifted, so that no two
// copies are the same text.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstring>
#include <dirent.h>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "extract/chip_extractor.h"
#include "extract/entity_extractor.h"
#include "extract/extract_context.h"
#include "extract/extractor.h"
#include "extract/figure_extractor.h"
#include "extract/json.h"
#include "extract/quantity_recognizer.h"
#include "extract/sentences.h"

namespace newsintel {
namespace {

constexpr size_t kCorpusBytes = 1 << 20;

std::vector<std::string> Paragraphs(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < text.size()) {
    size_t nl = text.find('\n', start);
    if (nl == std::string::npos) nl = text.size();
    if (nl > start) out.push_back(text.substr(start, nl - start));
    start = nl + 1;
  }
  return out;
}

// Digits shifted by `k` (mod 10): same shapes, other values.
std::string ShiftDigits(std::string s, int k) {
  for (char& c : s) {
    if (c >= '0' && c <= '9') c = static_cast<char>('0' + (c - '0' + k) % 10);
  }
  return s;
}

// The French example articles, repeated and varied up to about kCorpusBytes.
const std::vector<Document>& Corpus() {
  static const std::vector<Document>* corpus = []() -> const std::vector<Document>* {
    std::vector<std::vector<std::string>> articles;
    std::string dir = std::string(NEWSINTEL_SOURCE_DIR) + "/examples/articles";
    std::vector<std::string> names;
    if (DIR* d = opendir(dir.c_str())) {
      while (dirent* e = readdir(d)) {
        if (std::strncmp(e->d_name, "fr-", 3) == 0) names.push_back(e->d_name);
      }
      closedir(d);
    }
    std::sort(names.begin(), names.end());
    LoadOptions options;
    options.default_lang = "fr";
    for (const std::string& n : names) {
      Result<Document> doc = LoadDocumentFile(dir + "/" + n, options);
      if (doc.ok()) articles.push_back(Paragraphs(doc->text));
    }
    auto* docs = new std::vector<Document>();
    if (articles.empty()) {
      std::cerr << "figure_bench: no French articles in " << dir << "\n";
      return docs;
    }
    size_t total = 0;
    for (int copy = 0; total < kCorpusBytes; ++copy) {
      for (const auto& paragraphs : articles) {
        std::string text;
        for (size_t i = 0; i < paragraphs.size(); ++i) {
          text += ShiftDigits(paragraphs[(i + copy) % paragraphs.size()], copy % 10);
          text += "\n\n";
        }
        total += text.size();
        docs->push_back(DocumentFromText("bench-" + std::to_string(docs->size()), text, options));
      }
    }
    return docs;
  }();
  return *corpus;
}

size_t CorpusBytes() {
  size_t n = 0;
  for (const Document& d : Corpus()) n += d.text.size();
  return n;
}

// Everything figure extraction reads, prepared once: folded text, sentences, entities, chips.
struct Prepared {
  std::vector<std::unique_ptr<Extraction>> extractions;
  std::vector<ExtractContext> contexts;
};

const Prepared& Prepare() {
  static const Prepared* prepared = []() -> const Prepared* {
    auto* p = new Prepared();
    std::string dir = DefaultLexiconDir();
    auto entities = EntityExtractor::Create(dir);
    auto chips = ChipExtractor::Create(dir);
    if (!entities.ok() || !chips.ok()) {
      std::cerr << "figure_bench: lexicons: " << (entities.ok() ? chips.status() : entities.status()).ToString() << "\n";
      std::exit(1);
    }
    SentenceSplitter splitter;
    for (const Document& d : Corpus()) {
      auto x = std::make_unique<Extraction>();
      x->document = d;
      ExtractContext c;
      c.doc = &x->document;
      c.folded = FoldedText::Fold(x->document.text);
      c.sentences = splitter.Split(x->document.text, x->document.lang);
      (*entities)->Run(c, x.get());
      (*chips)->Run(c, x.get());
      p->contexts.push_back(std::move(c));
      p->extractions.push_back(std::move(x));
    }
    return p;
  }();
  return *prepared;
}

void BM_FigureExtractor(benchmark::State& state) {
  auto figures = FigureExtractor::Create(DefaultLexiconDir());
  if (!figures.ok()) {
    state.SkipWithError(figures.status().ToString().c_str());
    return;
  }
  const Prepared& p = Prepare();
  size_t found = 0;
  for (auto _ : state) {
    found = 0;
    for (size_t i = 0; i < p.contexts.size(); ++i) {
      Extraction& x = *p.extractions[i];
      x.figures.clear();
      (*figures)->Run(p.contexts[i], &x);
      found += x.figures.size();
    }
    benchmark::DoNotOptimize(found);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * CorpusBytes()));
  state.counters["figures"] = static_cast<double>(found);
  state.counters["corpus_MB"] = static_cast<double>(CorpusBytes()) / 1e6;
}
BENCHMARK(BM_FigureExtractor)->Unit(benchmark::kMillisecond)->MinTime(2.0);

// Every number, unit and currency (what `newsintel recognize` does), on folded text.
void BM_QuantityRecognizer(benchmark::State& state) {
  auto recognizer = QuantityRecognizer::Create(DefaultLexiconDir());
  if (!recognizer.ok()) {
    state.SkipWithError(recognizer.status().ToString().c_str());
    return;
  }
  const Prepared& p = Prepare();
  RecognizeOptions options;
  size_t found = 0;
  for (auto _ : state) {
    found = 0;
    for (size_t i = 0; i < p.contexts.size(); ++i) {
      found += (*recognizer)->Find(p.contexts[i].folded, p.extractions[i]->document.text, "fr", options).size();
    }
    benchmark::DoNotOptimize(found);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * CorpusBytes()));
  state.counters["numbers"] = static_cast<double>(found);
}
BENCHMARK(BM_QuantityRecognizer)->Unit(benchmark::kMillisecond)->MinTime(2.0);

// The whole extraction (folding, sentences, entities, chips, figures, claims), for scale.
void BM_ExtractAll(benchmark::State& state) {
  auto extractor = Extractor::Create(ExtractorOptions());
  if (!extractor.ok()) {
    state.SkipWithError(extractor.status().ToString().c_str());
    return;
  }
  const std::vector<Document>& docs = Corpus();
  for (auto _ : state) {
    size_t n = 0;
    for (const Document& d : docs) n += (*extractor)->Extract(d).figures.size();
    benchmark::DoNotOptimize(n);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * CorpusBytes()));
}
BENCHMARK(BM_ExtractAll)->Unit(benchmark::kMillisecond)->MinTime(2.0);

// Writes the corpus as JSON lines {"text": paragraph} (the input of `recognize`).
int DumpCorpus(const std::string& path) {
  std::ofstream out(path, std::ios::binary);
  size_t bytes = 0;
  for (const Document& d : Corpus()) {
    for (const std::string& p : Paragraphs(d.text)) {
      std::string line;
      JsonWriter w(&line);
      w.BeginObject();
      w.Key("text");
      w.String(p);
      w.EndObject();
      out << line << "\n";
      bytes += p.size();
    }
  }
  std::cerr << "figure_bench: wrote " << bytes << " bytes of text to " << path << "\n";
  return out ? 0 : 1;
}

}  // namespace
}  // namespace newsintel

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    if (std::strncmp(argv[i], "--corpus_out=", 13) == 0) return newsintel::DumpCorpus(argv[i] + 13);
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
