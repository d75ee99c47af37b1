// KnowledgeBase methods for the crawler's state: crawl_fetches and
// crawl_frontier (migration 3).
#include "kb/kb.h"
#include "kb/kb_impl.h"

namespace newsintel {

using kb::Stmt;

namespace {

Status Writable(const KnowledgeBase::Impl* impl) {
  return impl->read_only ? Status::InvalidArgument("knowledge base opened read-only") : Status::OK();
}

}  // namespace

Result<std::optional<CrawlFetch>> KnowledgeBase::GetCrawlFetch(const std::string& url) {
  Stmt s = impl_->conn->Prepare(
      "SELECT etag, last_modified, content_hash, http_status, fetched_at FROM crawl_fetches WHERE url = ?1");
  s.BindText(1, url);
  Result<bool> row = s.Step();
  if (!row.ok()) return row.status();
  if (!*row) return std::optional<CrawlFetch>();
  CrawlFetch f;
  f.url = url;
  f.etag = s.Text(0);
  f.last_modified = s.Text(1);
  f.content_hash = s.Text(2);
  f.http_status = static_cast<int>(s.Int(3));
  f.fetched_at = s.Int(4);
  return std::optional<CrawlFetch>(std::move(f));
}

Status KnowledgeBase::PutCrawlFetch(const CrawlFetch& f) {
  NEWSINTEL_RETURN_IF_ERROR(Writable(impl_.get()));
  Stmt s = impl_->conn->Prepare(
      "INSERT INTO crawl_fetches(url, etag, last_modified, content_hash, http_status, fetched_at) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT(url) DO UPDATE SET etag = excluded.etag, "
      "last_modified = excluded.last_modified, content_hash = excluded.content_hash, "
      "http_status = excluded.http_status, fetched_at = excluded.fetched_at");
  s.BindText(1, f.url);
  s.BindTextOrNull(2, f.etag);
  s.BindTextOrNull(3, f.last_modified);
  s.BindTextOrNull(4, f.content_hash);
  s.BindInt(5, f.http_status);
  s.BindInt(6, f.fetched_at);
  return s.Run();
}

Result<std::string> KnowledgeBase::FindCrawlUrlByHash(const std::string& content_hash) {
  Stmt s = impl_->conn->Prepare("SELECT url FROM crawl_fetches WHERE content_hash = ?1 ORDER BY url LIMIT 1");
  s.BindText(1, content_hash);
  Result<bool> row = s.Step();
  if (!row.ok()) return row.status();
  return *row ? s.Text(0) : std::string();
}

Status KnowledgeBase::AddCrawlPending(const CrawlPending& p) {
  NEWSINTEL_RETURN_IF_ERROR(Writable(impl_.get()));
  Stmt s = impl_->conn->Prepare(
      "INSERT OR IGNORE INTO crawl_frontier(url, kind, source, local, title, published, author, lang) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
  s.BindText(1, p.url);
  s.BindInt(2, p.kind);
  s.BindTextOrNull(3, p.source);
  s.BindInt(4, p.local ? 1 : 0);
  s.BindTextOrNull(5, p.title);
  s.BindTextOrNull(6, p.published);
  s.BindTextOrNull(7, p.author);
  s.BindTextOrNull(8, p.lang);
  return s.Run();
}

Status KnowledgeBase::RemoveCrawlPending(const std::string& url) {
  NEWSINTEL_RETURN_IF_ERROR(Writable(impl_.get()));
  Stmt s = impl_->conn->Prepare("DELETE FROM crawl_frontier WHERE url = ?1");
  s.BindText(1, url);
  return s.Run();
}

Result<std::vector<CrawlPending>> KnowledgeBase::ListCrawlPending() {
  Stmt s = impl_->conn->Prepare(
      "SELECT url, kind, source, local, title, published, author, lang FROM crawl_frontier ORDER BY seq");
  std::vector<CrawlPending> out;
  while (true) {
    Result<bool> row = s.Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    CrawlPending p;
    p.url = s.Text(0);
    p.kind = static_cast<int>(s.Int(1));
    p.source = s.Text(2);
    p.local = s.Int(3) != 0;
    p.title = s.Text(4);
    p.published = s.Text(5);
    p.author = s.Text(6);
    p.lang = s.Text(7);
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace newsintel
