// Throughput of every stage on a corpus built from examples/articles (French
// and English): folding, sentences, each extractor, the whole Extractor, HTML
// article extraction, KB insert and each KB query.
//
//   cmake --preset release && cmake --build build-release --target stages_bench
//   build-release/bench/stages_bench --benchmark_min_time=0.5
//
// The text corpus is the articles' bodies repeated to about 512 KB, each copy
// with its paragraphs rotated and its digits shifted. Extractor stages report
// bytes/s of document text; HTML reports pages/s and bytes/s of HTML; the KB
// reports articles/s (insert) and queries/s.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <dirent.h>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "extract/chip_extractor.h"
#include "extract/claim_extractor.h"
#include "extract/entity_extractor.h"
#include "extract/extract_context.h"
#include "extract/extractor.h"
#include "extract/figure_extractor.h"
#include "extract/html_article.h"
#include "extract/normalize.h"
#include "extract/sentences.h"
#include "kb/kb.h"

namespace newsintel {
namespace {

constexpr size_t kCorpusBytes = 512 << 10;

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<std::string> ArticleFiles() {
  std::string dir = std::string(NEWSINTEL_SOURCE_DIR) + "/examples/articles";
  std::vector<std::string> names;
  if (DIR* d = opendir(dir.c_str())) {
    while (dirent* e = readdir(d)) {
      std::string n = e->d_name;
      if (n.size() > 4 && (n.rfind(".txt") == n.size() - 4 || n.rfind(".html") == n.size() - 5)) {
        names.push_back(dir + "/" + n);
      }
    }
    closedir(d);
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::string Varied(const std::string& text, int copy) {
  std::vector<std::string> paragraphs;
  size_t start = 0;
  while (start < text.size()) {
    size_t nl = text.find('\n', start);
    if (nl == std::string::npos) nl = text.size();
    if (nl > start) paragraphs.push_back(text.substr(start, nl - start));
    start = nl + 1;
  }
  std::string out;
  for (size_t i = 0; i < paragraphs.size(); ++i) {
    std::string p = paragraphs[(i + copy) % paragraphs.size()];
    for (char& c : p) {
      if (c >= '0' && c <= '9') c = static_cast<char>('0' + (c - '0' + copy) % 10);
    }
    out += p;
    out += "\n\n";
  }
  return out;
}

const std::vector<Document>& Corpus() {
  static const std::vector<Document>* corpus = [] {
    auto* docs = new std::vector<Document>();
    std::vector<Document> sources;
    for (const std::string& path : ArticleFiles()) {
      Result<Document> d = LoadDocumentFile(path, LoadOptions());
      if (d.ok() && !d->text.empty()) sources.push_back(*d);
    }
    if (sources.empty()) {
      std::cerr << "stages_bench: no articles in examples/articles\n";
      std::exit(1);
    }
    size_t total = 0;
    for (int copy = 0; total < kCorpusBytes; ++copy) {
      for (const Document& s : sources) {
        LoadOptions options;
        options.default_lang = s.lang;
        Document d = DocumentFromText("bench-" + std::to_string(docs->size()), Varied(s.text, copy), options);
        d.lang = s.lang;
        total += d.text.size();
        docs->push_back(std::move(d));
      }
    }
    return static_cast<const std::vector<Document>*>(docs);
  }();
  return *corpus;
}

int64_t CorpusBytes() {
  int64_t n = 0;
  for (const Document& d : Corpus()) n += static_cast<int64_t>(d.text.size());
  return n;
}

// Folded text, sentences and the output of every stage, made once; a stage's
// benchmark clears and recomputes only its own output.
struct Prepared {
  std::unique_ptr<EntityExtractor> entities;
  std::unique_ptr<ChipExtractor> chips;
  std::unique_ptr<FigureExtractor> figures;
  std::unique_ptr<ClaimExtractor> claims;
  std::vector<std::unique_ptr<Extraction>> extractions;
  std::vector<ExtractContext> contexts;
};

template <typename T>
std::unique_ptr<T> OrDie(Result<std::unique_ptr<T>> r) {
  if (!r.ok()) {
    std::cerr << "stages_bench: " << r.status().ToString() << "\n";
    std::exit(1);
  }
  return std::move(*r);
}

Prepared& Prepare() {
  static Prepared* prepared = [] {
    auto* p = new Prepared();
    std::string dir = DefaultLexiconDir();
    p->entities = OrDie(EntityExtractor::Create(dir));
    p->chips = OrDie(ChipExtractor::Create(dir));
    p->figures = OrDie(FigureExtractor::Create(dir));
    p->claims = OrDie(ClaimExtractor::Create(dir));
    SentenceSplitter splitter;
    for (const Document& d : Corpus()) {
      auto x = std::make_unique<Extraction>();
      x->document = d;
      ExtractContext c;
      c.doc = &x->document;
      c.folded = FoldedText::Fold(x->document.text);
      c.sentences = splitter.Split(x->document.text, x->document.lang);
      p->entities->Run(c, x.get());
      p->chips->Run(c, x.get());
      p->figures->Run(c, x.get());
      p->claims->Run(c, x.get());
      p->contexts.push_back(std::move(c));
      p->extractions.push_back(std::move(x));
    }
    return p;
  }();
  return *prepared;
}

void BM_Fold(benchmark::State& state) {
  const std::vector<Document>& docs = Corpus();
  for (auto _ : state) {
    for (const Document& d : docs) benchmark::DoNotOptimize(FoldedText::Fold(d.text));
  }
  state.SetBytesProcessed(state.iterations() * CorpusBytes());
}
BENCHMARK(BM_Fold)->Unit(benchmark::kMillisecond);

void BM_Sentences(benchmark::State& state) {
  const std::vector<Document>& docs = Corpus();
  SentenceSplitter splitter;
  for (auto _ : state) {
    for (const Document& d : docs) benchmark::DoNotOptimize(splitter.Split(d.text, d.lang));
  }
  state.SetBytesProcessed(state.iterations() * CorpusBytes());
}
BENCHMARK(BM_Sentences)->Unit(benchmark::kMillisecond);

// Runs one stage over the prepared corpus; `clear` empties its output first.
template <typename Stage, typename Clear>
void RunStage(benchmark::State& state, const Stage& stage, Clear clear) {
  Prepared& p = Prepare();
  size_t found = 0;
  for (auto _ : state) {
    found = 0;
    for (size_t i = 0; i < p.contexts.size(); ++i) {
      Extraction* x = p.extractions[i].get();
      found += clear(x);
      stage.Run(p.contexts[i], x);
    }
    benchmark::DoNotOptimize(found);
  }
  state.SetBytesProcessed(state.iterations() * CorpusBytes());
  state.counters["found"] = static_cast<double>(found);
}

void BM_Entities(benchmark::State& state) {
  RunStage(state, *Prepare().entities, [](Extraction* x) {
    size_t n = x->entities.size();
    x->entities.clear();
    return n;
  });
}
BENCHMARK(BM_Entities)->Unit(benchmark::kMillisecond);

void BM_Chips(benchmark::State& state) {
  RunStage(state, *Prepare().chips, [](Extraction* x) {
    size_t n = x->chips.size();
    x->chips.clear();
    return n;
  });
}
BENCHMARK(BM_Chips)->Unit(benchmark::kMillisecond);

void BM_Figures(benchmark::State& state) {
  RunStage(state, *Prepare().figures, [](Extraction* x) {
    size_t n = x->figures.size();
    x->figures.clear();
    return n;
  });
}
BENCHMARK(BM_Figures)->Unit(benchmark::kMillisecond);

void BM_Claims(benchmark::State& state) {
  RunStage(state, *Prepare().claims, [](Extraction* x) {
    size_t n = x->claims.size();
    x->claims.clear();
    return n;
  });
}
BENCHMARK(BM_Claims)->Unit(benchmark::kMillisecond);

void BM_Extractor(benchmark::State& state) {
  auto extractor = OrDie(Extractor::Create(ExtractorOptions()));
  const std::vector<Document>& docs = Corpus();
  for (auto _ : state) {
    for (const Document& d : docs) benchmark::DoNotOptimize(extractor->Extract(d));
  }
  state.SetBytesProcessed(state.iterations() * CorpusBytes());
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(docs.size()));
}
BENCHMARK(BM_Extractor)->Unit(benchmark::kMillisecond);

// The example HTML pages, parsed and reduced to their article body.
void BM_HtmlArticle(benchmark::State& state) {
  std::vector<std::string> pages;
  int64_t bytes = 0;
  for (const std::string& path : ArticleFiles()) {
    if (path.rfind(".html") != path.size() - 5) continue;
    pages.push_back(ReadAll(path));
    bytes += static_cast<int64_t>(pages.back().size());
  }
  HtmlOptions options;
  for (auto _ : state) {
    for (const std::string& html : pages) benchmark::DoNotOptimize(DocumentFromHtml(html, options));
  }
  state.SetBytesProcessed(state.iterations() * bytes);
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(pages.size()));
}
BENCHMARK(BM_HtmlArticle)->Unit(benchmark::kMillisecond);

std::string TempDb(const char* name) {
  std::string path = "/tmp/newsintel-stages-bench-" + std::to_string(getpid()) + "-" + name + ".db";
  for (const char* suffix : {"", "-wal", "-shm"}) std::remove((path + suffix).c_str());
  return path;
}

// Stores the whole corpus under fresh keys each iteration (one transaction per
// 256 articles), derived tables included.
void BM_KbInsert(benchmark::State& state) {
  Prepared& p = Prepare();
  std::string path = TempDb("insert");
  auto kb = OrDie(KnowledgeBase::Open(path));
  int64_t round = 0;
  for (auto _ : state) {
    std::vector<IngestItem> batch;
    for (size_t i = 0; i < p.extractions.size(); ++i) {
      batch.push_back({p.extractions[i].get(), "bench/" + std::to_string(round) + "/" + std::to_string(i)});
      if (batch.size() == 256 || i + 1 == p.extractions.size()) {
        auto st = kb->IngestWithoutDerived(batch);
        if (!st.ok()) state.SkipWithError(st.status().ToString().c_str());
        batch.clear();
      }
    }
    auto finished = kb->Finish();
    if (!finished.ok()) state.SkipWithError(finished.status().ToString().c_str());
    ++round;
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(p.extractions.size()));
  kb.reset();
  for (const char* suffix : {"", "-wal", "-shm"}) std::remove((path + suffix).c_str());
}
BENCHMARK(BM_KbInsert)->Unit(benchmark::kMillisecond)->Iterations(3);

// A KB holding the corpus once, for the queries.
KnowledgeBase& QueryKb() {
  static KnowledgeBase* kb = [] {
    Prepared& p = Prepare();
    auto k = OrDie(KnowledgeBase::Open(TempDb("query")));
    std::vector<IngestItem> batch;
    for (size_t i = 0; i < p.extractions.size(); ++i) {
      batch.push_back({p.extractions[i].get(), "bench/" + std::to_string(i)});
    }
    auto st = k->Ingest(batch);
    if (!st.ok()) {
      std::cerr << "stages_bench: " << st.status().ToString() << "\n";
      std::exit(1);
    }
    return k.release();
  }();
  return *kb;
}

// The most mentioned entity of the corpus (a query with real results).
std::string BusyEntity() {
  Prepared& p = Prepare();
  std::vector<std::string> names;
  for (const auto& x : p.extractions) {
    for (const EntityMention& m : x->entities) names.push_back(m.name);
  }
  std::sort(names.begin(), names.end());
  std::string best;
  size_t best_n = 0;
  for (size_t i = 0; i < names.size();) {
    size_t j = i;
    while (j < names.size() && names[j] == names[i]) ++j;
    if (j - i > best_n) best_n = j - i, best = names[i];
    i = j;
  }
  return best;
}

template <typename Query>
void RunQuery(benchmark::State& state, Query query) {
  KnowledgeBase& kb = QueryKb();
  size_t rows = 0;
  for (auto _ : state) rows = query(kb);
  state.SetItemsProcessed(state.iterations());
  state.counters["rows"] = static_cast<double>(rows);
}

void BM_KbClaims(benchmark::State& state) {
  RunQuery(state, [](KnowledgeBase& kb) {
    QueryFilter f;
    f.limit = 100;
    auto r = kb.Claims(f);
    return r.ok() ? r->size() : 0;
  });
}
BENCHMARK(BM_KbClaims)->Unit(benchmark::kMicrosecond);

void BM_KbFigures(benchmark::State& state) {
  RunQuery(state, [](KnowledgeBase& kb) {
    QueryFilter f;
    f.limit = 100;
    auto r = kb.Figures(f);
    return r.ok() ? r->size() : 0;
  });
}
BENCHMARK(BM_KbFigures)->Unit(benchmark::kMicrosecond);

void BM_KbContradictions(benchmark::State& state) {
  RunQuery(state, [](KnowledgeBase& kb) {
    auto r = kb.Contradictions(QueryFilter());
    return r.ok() ? r->size() : 0;
  });
}
BENCHMARK(BM_KbContradictions)->Unit(benchmark::kMicrosecond);

void BM_KbEntity(benchmark::State& state) {
  std::string name = BusyEntity();
  RunQuery(state, [&](KnowledgeBase& kb) {
    auto r = kb.Entity(name, QueryFilter());
    return static_cast<size_t>(r.ok());
  });
}
BENCHMARK(BM_KbEntity)->Unit(benchmark::kMicrosecond);

void BM_KbSearch(benchmark::State& state) {
  std::string name = BusyEntity();
  RunQuery(state, [&](KnowledgeBase& kb) {
    QueryFilter f;
    f.entity = name;
    f.limit = 100;
    auto r = kb.Claims(f);
    return r.ok() ? r->size() : 0;
  });
}
BENCHMARK(BM_KbSearch)->Unit(benchmark::kMicrosecond);

// The sources of the first 50 claims and the first 50 figures, one id an
// iteration in turn.
void BM_KbSources(benchmark::State& state) {
  std::vector<std::string> ids;
  {
    KnowledgeBase& kb = QueryKb();
    QueryFilter f;
    f.limit = 50;
    auto claims = kb.Claims(f);
    auto figures = kb.Figures(f);
    if (claims.ok()) {
      for (const ClaimRow& c : *claims) ids.push_back("c" + std::to_string(c.id));
    }
    if (figures.ok()) {
      for (const FigureRow& r : *figures) ids.push_back("f" + std::to_string(r.id));
    }
  }
  if (ids.empty()) {
    state.SkipWithError("no claim or figure in the KB");
    return;
  }
  size_t next = 0;
  RunQuery(state, [&](KnowledgeBase& kb) {
    auto r = kb.Sources(ids[next++ % ids.size()]);
    return r.ok() ? r->sources.size() : 0;
  });
}
BENCHMARK(BM_KbSources)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace newsintel

BENCHMARK_MAIN();
