// newsintel ingest: extracts files and stores them in the knowledge base.
//
// Extraction runs on --jobs worker threads; one writer (this thread) stores
// the results in input order, in batches of one transaction each, so the KB
// is the same whatever the number of jobs.
#include <time.h>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <mutex>
#include <thread>

#include "cli/allocator.h"
#include "cli/command.h"
#include "cli/first_seen.h"
#include "cli/ordered_pipeline.h"
#include "extract/document.h"
#include "extract/extractor.h"
#include "kb/kb.h"

namespace newsintel {
namespace cli {
namespace {

double CpuSeconds(clockid_t clock) {
  timespec ts{};
  clock_gettime(clock, &ts);
  return static_cast<double>(ts.tv_sec) + ts.tv_nsec * 1e-9;
}

// What a worker made of one input file.
struct Extracted {
  std::unique_ptr<Extraction> extraction;  // null on failure
  std::string error;
  std::string key;
};

}  // namespace

int RunIngest(const Args& args, Io& io) {
  UseSmallPages();
  auto start_time = std::chrono::steady_clock::now();
  std::string db_path = args.Get("db");
  if (db_path.empty()) return Fail(io, "ingest: --db FILE is required");
  if (args.positional().empty()) return Fail(io, "ingest: give at least one file or directory");
  Result<long> jobs_flag = args.GetInt("jobs", static_cast<long>(std::thread::hardware_concurrency()));
  if (!jobs_flag.ok()) return Fail(io, "ingest: " + jobs_flag.status().message());
  Result<long> batch_flag = args.GetInt("batch", 256);
  if (!batch_flag.ok()) return Fail(io, "ingest: " + batch_flag.status().message());
  int jobs = static_cast<int>(std::max(1L, std::min(256L, *jobs_flag)));
  size_t batch_size = static_cast<size_t>(std::max(1L, *batch_flag));

  auto kb = KnowledgeBase::Open(db_path);
  if (!kb.ok()) return Fail(io, "ingest: " + kb.status().ToString());
  ExtractorOptions options;
  options.lexicon_dir = args.Get("lexicons");
  auto extractor = Extractor::Create(options);
  if (!extractor.ok()) return Fail(io, "ingest: " + extractor.status().ToString());

  int errors = 0;
  PathList files = ExpandInputs(args.positional(), io, &errors);
  LoadOptions load;
  load.default_lang = args.Get("lang");
  const Extractor& x = **extractor;

  auto work = [&](size_t i) {
    Extracted out;
    std::string path = files[i];
    std::error_code ec;
    std::filesystem::path abs = std::filesystem::absolute(path, ec);
    out.key = ec ? path : abs.lexically_normal().string();
    Result<Document> doc = LoadDocumentFile(path, load);
    if (!doc.ok()) {
      out.error = doc.status().ToString();
      return out;
    }
    out.extraction = std::make_unique<Extraction>(x.Extract(*doc));
    return out;
  };

  IngestStats total;
  std::vector<Extracted> pending;
  double store_cpu = 0;  // CPU time of the writer in transactions and derived tables
  auto flush = [&]() {
    if (pending.empty()) return;
    double store_start = CpuSeconds(CLOCK_THREAD_CPUTIME_ID);
    std::vector<IngestItem> items;
    for (const Extracted& e : pending) {
      // Documents with a URL are keyed by it; files by their absolute path.
      items.push_back({e.extraction.get(), e.extraction->document.url.empty() ? e.key : ""});
    }
    Result<IngestStats> st = (*kb)->IngestWithoutDerived(items);
    if (!st.ok()) {
      Fail(io, "ingest: " + st.status().ToString());
      errors += static_cast<int>(items.size());
    } else {
      total.new_articles += st->new_articles;
      total.unchanged += st->unchanged;
      total.updated += st->updated;
      total.refreshed += st->refreshed;
      total.facts += st->facts;
      for (const std::string& e : st->errors) Fail(io, "ingest: " + e);
      errors += static_cast<int>(st->errors.size());
    }
    pending.clear();
    store_cpu += CpuSeconds(CLOCK_THREAD_CPUTIME_ID) - store_start;
  };
  // Two inputs that declare the same URL are one article: the first is
  // stored, the others skipped (else each run would flip between them).
  // URLs are remembered by a 64-bit hash and the index of their file, so
  // memory stays small on large runs (a false match needs a hash collision).
  FirstSeen file_of_url(files.size());
  int skipped = 0;
  OrderedPipeline<Extracted>(files.size(), jobs, batch_size * 2, work, [&](size_t i, Extracted e) {
    if (!e.extraction) {
      Fail(io, e.error);
      ++errors;
      return;
    }
    const Document& d = e.extraction->document;
    if (!d.url.empty()) {
      size_t first = file_of_url.Insert(std::hash<std::string>()(d.url), i);
      if (first != i) {
        io.err << "newsintel: " << d.doc << ": same URL as " << files[first] << ", skipped\n";
        ++skipped;
        return;
      }
    }
    pending.push_back(std::move(e));
    if (pending.size() >= batch_size) flush();
  });
  flush();
  // The articles' memory is free now, in pieces; the derived tables then
  // allocate large blocks.
  ReleaseFreeMemory();
  double finish_start = CpuSeconds(CLOCK_THREAD_CPUTIME_ID);
  Result<int> contradictions = (*kb)->Finish();
  double derived_cpu = CpuSeconds(CLOCK_THREAD_CPUTIME_ID) - finish_start;
  store_cpu += derived_cpu;
  if (!contradictions.ok()) {
    Fail(io, "ingest: " + contradictions.status().ToString());
    ++errors;
  }
  // Alerts for the claims just stored: JSON lines on stdout, feeds, webhooks.
  errors += RaiseAndDeliverAlerts(kb->get(), io);
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_time).count();
  int articles = total.new_articles + total.unchanged + total.updated + total.refreshed + skipped;
  char line[400];
  std::snprintf(line, sizeof(line),
                "ingest: %d articles (%d new, %d unchanged, %d updated, %d re-extracted, %d skipped), %lld facts, "
                "%d contradictions, %d errors in %.2f s (%.0f articles/s, %d jobs; CPU %.2f s of which "
                "storing %.2f s, derived tables %.2f s)",
                articles, total.new_articles, total.unchanged, total.updated, total.refreshed, skipped,
                static_cast<long long>(total.facts), contradictions.ok() ? *contradictions : 0, errors, seconds,
                seconds > 0 ? articles / seconds : 0.0, jobs, CpuSeconds(CLOCK_PROCESS_CPUTIME_ID), store_cpu, derived_cpu);
  io.err << line << "\n";
  return errors == 0 ? 0 : 1;
}

}  // namespace cli
}  // namespace newsintel
