// newsintel extract: prints what the extractors find in files, one JSON object a line.
//
// Documents are extracted on --jobs threads (default: the number of cores);
// lines come out in input order, byte for byte the same as with --jobs 1.
#include <algorithm>
#include <iostream>
#include <thread>

#include "cli/command.h"
#include "cli/ordered_pipeline.h"
#include "extract/document.h"
#include "extract/extraction_json.h"
#include "extract/extractor.h"

namespace newsintel {
namespace cli {

int RunExtract(const Args& args, Io& io) {
  std::string format = args.Get("format", "jsonl");
  if (format != "jsonl") return Fail(io, "extract: --format must be jsonl");
  if (args.positional().empty()) return Fail(io, "extract: give at least one file or directory");
  ExtractorOptions options;
  options.lexicon_dir = args.Get("lexicons");
  auto extractor = Extractor::Create(options);
  if (!extractor.ok()) return Fail(io, extractor.status().ToString());
  int errors = 0;
  PathList files = ExpandInputs(args.positional(), io, &errors);
  LoadOptions load;
  load.default_lang = args.Get("lang");
  Result<long> jobs_flag = args.GetInt("jobs", static_cast<long>(std::max(1u, std::thread::hardware_concurrency())));
  if (!jobs_flag.ok()) return Fail(io, "extract: " + jobs_flag.status().message());
  int jobs = static_cast<int>(std::max(1L, std::min(256L, *jobs_flag)));
  const Extractor& x = **extractor;
  // A line of JSON, or an error message when `ok` is false.
  struct Line {
    bool ok = false;
    std::string text;
  };
  auto work = [&](size_t i) {
    Line line;
    Result<Document> doc = LoadDocumentFile(files[i], load);
    if (!doc.ok()) {
      line.text = doc.status().ToString();
      return line;
    }
    line.ok = true;
    line.text = ExtractionToJson(x.Extract(*doc));
    return line;
  };
  // Lines go out in writes of about 256 KB (one write per line costs more
  // than the JSON of a short article).
  std::string pending;
  auto write_pending = [&]() {
    io.out.write(pending.data(), static_cast<std::streamsize>(pending.size()));
    pending.clear();
  };
  OrderedPipeline<Line>(files.size(), jobs, static_cast<size_t>(jobs) * 64, work, [&](size_t, Line line) {
    if (!line.ok) {
      Fail(io, line.text);
      ++errors;
      return;
    }
    pending += line.text;
    pending += '\n';
    if (pending.size() >= (256u << 10)) write_pending();
  });
  write_pending();
  io.out.flush();
  return errors == 0 ? 0 : 1;
}

}  // namespace cli
}  // namespace newsintel
