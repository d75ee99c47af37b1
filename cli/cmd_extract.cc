// newsintel extract: prints what the extractors find in files, one JSON object a line.
//
// Documents are extracted on --jobs threads (default: the number of cores);
// lines come out in input order, byte for byte the same as with --jobs 1.
#include <limits.h>
#include <sys/uio.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <functional>
#include <iostream>
#include <mutex>
#include <sstream>
#include <thread>
#include <vector>

#include "cli/command.h"
#include "cli/ordered_pipeline.h"
#include "extract/document.h"
#include "extract/extraction_json.h"
#include "extract/extractor.h"

namespace newsintel {
namespace cli {

namespace {

// What the read-ahead thread holds at most (texts and offset maps) while the
// extractor is built.
constexpr size_t kReadAheadBytes = 16u << 20;

// Writes each string of `lines` followed by a newline.
Status WriteLines(std::ostream& out, const std::vector<std::string>& lines) {
  for (const std::string& line : lines) {
    out.write(line.data(), static_cast<std::streamsize>(line.size()));
    out.put('\n');
  }
  return out ? Status::OK() : Status::IOError("cannot write");
}

// The same on a file descriptor, with writev() calls of up to IOV_MAX parts.
Status WriteLines(int fd, const std::vector<std::string>& lines) {
  static const char kNewline[] = "\n";
  std::vector<iovec> parts;
  parts.reserve(2 * lines.size());
  for (const std::string& line : lines) {
    parts.push_back({const_cast<char*>(line.data()), line.size()});
    parts.push_back({const_cast<char*>(kNewline), 1});
  }
  size_t next = 0;
  while (next < parts.size()) {
    int count = static_cast<int>(std::min<size_t>(parts.size() - next, IOV_MAX));
    ssize_t n = ::writev(fd, parts.data() + next, count);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Status::IOError(std::strerror(errno));
    // Skip what was written; a part written in part is advanced.
    size_t done = static_cast<size_t>(n);
    while (next < parts.size() && done >= parts[next].iov_len) done -= parts[next++].iov_len;
    if (done > 0) {
      parts[next].iov_base = static_cast<char*>(parts[next].iov_base) + done;
      parts[next].iov_len -= done;
    }
  }
  return Status::OK();
}

}  // namespace

int RunExtract(const Args& args, Io& io) {
  std::string format = args.Get("format", "jsonl");
  if (format != "jsonl") return Fail(io, "extract: --format must be jsonl");
  if (args.positional().empty()) return Fail(io, "extract: give at least one file or directory");
  ExtractorOptions options;
  options.lexicon_dir = args.Get("lexicons");
  LoadOptions load;
  load.default_lang = args.Get("lang");
  Result<long> jobs_flag = args.GetInt("jobs", static_cast<long>(std::max(1u, std::thread::hardware_concurrency())));
  if (!jobs_flag.ok()) return Fail(io, "extract: " + jobs_flag.status().message());
  int jobs = static_cast<int>(std::max(1L, std::min(256L, *jobs_flag)));
  int errors = 0;
  PathList files;
  // With more than one job, a second thread lists the inputs and reads the
  // first documents while this one builds the extractor, which no other
  // thread could share; it stops once the extractor is built. Its messages
  // are held until then, so that they follow the extractor's own failure.
  // With one job, the listing comes after the build and reads nothing ahead.
  std::atomic<bool> built{false};
  std::vector<Result<Document>> early;
  auto list_and_read_ahead = [&](Io& list_io) {
    files = ExpandInputs(args.positional(), list_io, &errors);
    size_t bytes = 0;
    for (size_t i = 0; i < files.size() && bytes < kReadAheadBytes && !built.load(std::memory_order_acquire);
         ++i) {
      early.push_back(LoadDocumentFile(files[i], load));
      if (early.back().ok()) {
        bytes += early.back()->text.size() + early.back()->source_offsets.size() * sizeof(uint32_t);
      }
    }
  };
  std::ostringstream early_err;
  Io reader_io{io.out, early_err, io.err_is_tty};
  std::thread reader;
  if (jobs > 1) reader = std::thread(list_and_read_ahead, std::ref(reader_io));
  auto extractor = Extractor::Create(options);
  built.store(true, std::memory_order_release);
  if (reader.joinable()) reader.join();
  if (!extractor.ok()) return Fail(io, extractor.status().ToString());
  if (jobs > 1) {
    io.err << early_err.str();
  } else {
    list_and_read_ahead(io);
  }
  const Extractor& x = **extractor;
  // Output buffers go round: a worker takes one (with the capacity, and the
  // pages, an earlier document's JSON gave it) and the writer gives it back.
  std::mutex pool_mu;
  std::vector<std::string> pool;
  // A line of JSON, or an error message when `ok` is false.
  struct Line {
    bool ok = false;
    std::string text;
  };
  auto work = [&](size_t i) {
    Line line;
    // Each read-ahead document is taken by the one thread working on it.
    Result<Document> doc = i < early.size() ? std::move(early[i]) : LoadDocumentFile(files[i], load);
    if (!doc.ok()) {
      line.text = doc.status().ToString();
      return line;
    }
    line.ok = true;
    {
      std::lock_guard<std::mutex> lock(pool_mu);
      if (!pool.empty()) {
        line.text = std::move(pool.back());
        pool.pop_back();
      }
    }
    line.text.clear();
    AppendExtractionJson(x.Extract(*doc), &line.text);
    return line;
  };
  // Lines go out in writes of about 256 KB (one write per line costs more
  // than the JSON of a short article): with writev() straight from the
  // lines when the output is a file descriptor, else through the stream.
  std::vector<std::string> batch;
  size_t batch_bytes = 0;
  std::string write_error;
  if (io.out_fd >= 0) io.out.flush();
  auto write_batch = [&]() {
    if (write_error.empty()) {
      Status written = io.out_fd >= 0 ? WriteLines(io.out_fd, batch) : WriteLines(io.out, batch);
      if (!written.ok()) write_error = written.ToString();
    }
    std::lock_guard<std::mutex> lock(pool_mu);
    for (std::string& text : batch) pool.push_back(std::move(text));
    batch.clear();
    batch_bytes = 0;
  };
  OrderedPipeline<Line>(files.size(), jobs, static_cast<size_t>(jobs) * 64, work, [&](size_t, Line line) {
    if (!line.ok) {
      Fail(io, line.text);
      ++errors;
      return;
    }
    batch_bytes += line.text.size() + 1;
    batch.push_back(std::move(line.text));
    if (batch_bytes >= (256u << 10)) write_batch();
  });
  write_batch();
  io.out.flush();
  if (!write_error.empty()) return Fail(io, "extract: writing the output: " + write_error);
  return errors == 0 ? 0 : 1;
}

}  // namespace cli
}  // namespace newsintel
