// Incremental writing of a generated site: a file is rewritten only when its
// bytes change, and files that an earlier export wrote but this one did not
// are removed. A manifest (.newsintel-site) lists what the export owns, so
// that nothing else in the directory is ever deleted.
//
//   auto w = SiteWriter::Open("site");
//   if (!w.ok()) return w.status();
//   (*w)->Write("index.html", html);
//   Result<SiteWriteStats> stats = (*w)->Finish();
#ifndef NEWSINTEL_WEB_SITE_WRITER_H_
#define NEWSINTEL_WEB_SITE_WRITER_H_

#include <memory>
#include <set>
#include <string>
#include <string_view>

#include "extract/status.h"

namespace newsintel {
namespace web {

struct SiteWriteStats {
  int written = 0;    // new or changed files
  int unchanged = 0;  // same bytes already there
  int removed = 0;    // written by the previous export, not by this one
};

// Owns no file handle between calls. Not thread-safe.
class SiteWriter {
 public:
  static constexpr const char* kManifest = ".newsintel-site";

  // Creates `dir` if needed. Fails when `dir` holds files but no manifest
  // (it was not written by an export: refusing protects unrelated files).
  static Result<std::unique_ptr<SiteWriter>> Open(const std::string& dir);

  // `path` is relative, '/'-separated, of [a-z0-9._-] segments.
  Status Write(const std::string& path, std::string_view content);
  // Removes stale files (and directories left empty) and saves the manifest.
  Result<SiteWriteStats> Finish();

  // Whether `path` is acceptable to Write() (also used to vet the manifest).
  static bool IsValidPath(std::string_view path);

 private:
  explicit SiteWriter(std::string dir) : dir_(std::move(dir)) {}
  Status WriteIfChanged(const std::string& path, std::string_view content, bool* changed);

  std::string dir_;
  std::set<std::string> previous_;  // from the manifest
  std::set<std::string> current_;
  std::set<std::string> made_dirs_;
  SiteWriteStats stats_;
};

}  // namespace web
}  // namespace newsintel

#endif  // NEWSINTEL_WEB_SITE_WRITER_H_
