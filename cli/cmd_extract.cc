// newsintel extract: prints what the extractors find in files, one JSON object a line.
#include <iostream>

#include "cli/command.h"
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
  std::vector<std::string> files = ExpandInputs(args.positional(), io, &errors);
  LoadOptions load;
  load.default_lang = args.Get("lang");
  for (const std::string& path : files) {
    Result<Document> doc = LoadDocumentFile(path, load);
    if (!doc.ok()) {
      Fail(io, doc.status().ToString());
      ++errors;
      continue;
    }
    io.out << ExtractionToJson((*extractor)->Extract(*doc)) << "\n";
  }
  io.out.flush();
  return errors == 0 ? 0 : 1;
}

}  // namespace cli
}  // namespace newsintel
