// newsintel export-web: the knowledge base as a static web site.
#include <chrono>
#include <cstdio>
#include <iostream>

#include "cli/command.h"
#include "kb/kb.h"
#include "web/export_web.h"

namespace newsintel {
namespace cli {

int RunExportWeb(const Args& args, Io& io) {
  std::string db = args.Get("db");
  std::string out = args.Get("out");
  if (db.empty()) return Fail(io, "export-web: --db FILE is required");
  if (out.empty()) return Fail(io, "export-web: --out DIR is required");
  WebExportOptions options;
  options.lang = args.Get("lang", "fr");
  options.base_url = args.Get("base-url");
  if (options.lang != "fr" && options.lang != "en") return Fail(io, "export-web: --lang must be fr or en");
  auto start = std::chrono::steady_clock::now();
  KbOptions kb_options;
  kb_options.read_only = true;
  auto kb = KnowledgeBase::Open(db, kb_options);
  if (!kb.ok()) return Fail(io, "export-web: " + kb.status().ToString());
  Result<KbSnapshot> snapshot = (*kb)->Snapshot();
  if (!snapshot.ok()) return Fail(io, "export-web: " + snapshot.status().ToString());
  Result<WebExportStats> stats = ExportWeb(*snapshot, out, options);
  if (!stats.ok()) return Fail(io, "export-web: " + stats.status().ToString());
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  char took[32];
  std::snprintf(took, sizeof(took), "%.2f", seconds);
  io.err << "export-web: " << stats->pages << " pages; files: " << stats->files.written << " written, "
         << stats->files.unchanged << " unchanged, " << stats->files.removed << " removed in " << took << " s\n";
  io.out << out << "/index.html\n";
  io.out.flush();
  return 0;
}

}  // namespace cli
}  // namespace newsintel
