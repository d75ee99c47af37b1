// Static web site of a knowledge base: home page, a page per entity, chip,
// claim, contradiction, article and outlet, offline search, an Atom feed.
//
//   auto kb = KnowledgeBase::Open("kb.db", read_only_options);
//   Result<KbSnapshot> snap = (*kb)->Snapshot();
//   WebExportOptions options;           // French interface by default
//   Result<WebExportStats> stats = ExportWeb(*snap, "site", options);
//   // site/index.html opens from file:// or any static web server.
//
// Output is deterministic (same KB, same options: same bytes) and
// incremental: unchanged files are not rewritten, vanished pages are removed.
#ifndef NEWSINTEL_WEB_EXPORT_WEB_H_
#define NEWSINTEL_WEB_EXPORT_WEB_H_

#include <string>

#include "extract/status.h"
#include "kb/kb.h"
#include "web/site_writer.h"

namespace newsintel {

struct WebExportOptions {
  std::string lang = "fr";  // interface language of pages that are not one article's: fr (default) or en
  std::string base_url;     // absolute URL the site will be served from (feed ids and links); "": relative
  int home_items = 20;      // allegations and articles listed on the home page
  int feed_items = 50;      // entries of feed.atom
  int section_items = 30;   // items of a list shown on an entity, chip or outlet page before "see all"
  int page_items = 200;     // items per page of a complete list
};

struct WebExportStats {
  web::SiteWriteStats files;
  int pages = 0;  // HTML pages in the site
};

// Writes the site into `out_dir` (created if needed). Fails when `out_dir`
// holds files an export did not write.
Result<WebExportStats> ExportWeb(const KbSnapshot& kb, const std::string& out_dir, const WebExportOptions& options);

}  // namespace newsintel

#endif  // NEWSINTEL_WEB_EXPORT_WEB_H_
