// newsintel crawl: fetches feeds, sitemaps and pages politely, extracts the
// articles and stores them in the knowledge base. Crawl state (validators,
// content hashes, the pending frontier) lives in the same database, so a
// crawl that is interrupted resumes on the next run.
#include <signal.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "cli/allocator.h"
#include "cli/command.h"
#include "crawler/crawler.h"
#include "extract/document.h"
#include "extract/extractor.h"
#include "extract/html_article.h"
#include "kb/kb.h"

namespace newsintel {
namespace cli {
namespace {

// Set by the SIGINT/SIGTERM handler, polled by the progress callback. A
// signal handler can only reach a flag of static storage.
volatile sig_atomic_t interrupted = 0;

void OnSignal(int) { interrupted = 1; }

// The crawler's StateStore over the knowledge base's crawl tables.
// Borrows the KnowledgeBase; same thread rules as it.
class KbStateStore : public StateStore {
 public:
  explicit KbStateStore(KnowledgeBase* kb) : kb_(kb) {}

  Result<std::optional<FetchState>> GetFetchState(const std::string& url) override {
    Result<std::optional<CrawlFetch>> f = kb_->GetCrawlFetch(url);
    if (!f.ok()) return f.status();
    if (!f->has_value()) return std::optional<FetchState>();
    FetchState s;
    s.url = (*f)->url;
    s.etag = (*f)->etag;
    s.last_modified = (*f)->last_modified;
    s.content_hash = (*f)->content_hash;
    s.http_status = (*f)->http_status;
    s.fetched_at = (*f)->fetched_at;
    return std::optional<FetchState>(std::move(s));
  }

  Status PutFetchState(const FetchState& s) override {
    CrawlFetch f;
    f.url = s.url;
    f.etag = s.etag;
    f.last_modified = s.last_modified;
    f.content_hash = s.content_hash;
    f.http_status = s.http_status;
    f.fetched_at = s.fetched_at;
    return kb_->PutCrawlFetch(f);
  }

  Result<std::string> FindUrlByContentHash(const std::string& hash) override {
    return kb_->FindCrawlUrlByHash(hash);
  }

  Status AddPending(const FrontierEntry& e) override {
    CrawlPending p;
    p.url = e.url;
    p.kind = static_cast<int>(e.kind);
    p.source = e.source;
    p.local = e.local;
    p.title = e.title;
    p.published = e.published;
    p.author = e.author;
    p.lang = e.lang;
    return kb_->AddCrawlPending(p);
  }

  Status RemovePending(const std::string& url) override { return kb_->RemoveCrawlPending(url); }

  Result<std::vector<FrontierEntry>> ListPending() override {
    Result<std::vector<CrawlPending>> list = kb_->ListCrawlPending();
    if (!list.ok()) return list.status();
    std::vector<FrontierEntry> out;
    out.reserve(list->size());
    for (CrawlPending& p : *list) {
      FrontierEntry e;
      e.url = std::move(p.url);
      e.kind = p.kind == 1 ? FrontierKind::kFeed : p.kind == 2 ? FrontierKind::kSitemap : FrontierKind::kPage;
      e.source = std::move(p.source);
      e.local = p.local;
      e.title = std::move(p.title);
      e.published = std::move(p.published);
      e.author = std::move(p.author);
      e.lang = std::move(p.lang);
      out.push_back(std::move(e));
    }
    return out;
  }

 private:
  KnowledgeBase* kb_;
};

// A seed as given: an http(s) or file:// URL, or a local path (made a
// file:// URL). *local is set for files.
Result<std::string> SeedUrl(const std::string& arg, bool* local) {
  *local = false;
  if (arg.rfind("http://", 0) == 0 || arg.rfind("https://", 0) == 0) return arg;
  std::string path = arg;
  if (arg.rfind("file://", 0) == 0) {
    path = arg.substr(7);
  } else if (arg.find("://") != std::string::npos) {
    return Status::InvalidArgument(arg + ": only http, https and local files are crawled");
  }
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return Status::NotFound(arg + ": no such file");
  std::filesystem::path abs = std::filesystem::absolute(path, ec).lexically_normal();
  *local = true;
  return "file://" + abs.string();
}

bool ContainsNoCase(const std::string& haystack, const char* needle) {
  std::string lower = haystack;
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return lower.find(needle) != std::string::npos;
}

bool EndsWith(const std::string& s, const char* suffix) {
  size_t n = std::strlen(suffix);
  return s.size() >= n && s.compare(s.size() - n, n, suffix) == 0;
}

Result<double> GetSeconds(const Args& args, const std::string& name, double fallback) {
  if (!args.Has(name)) return fallback;
  std::string v = args.Get(name);
  char* end = nullptr;
  double d = std::strtod(v.c_str(), &end);
  if (v.empty() || *end != '\0' || !std::isfinite(d) || d < 0) {
    return Status::InvalidArgument("--" + name + " wants a number of seconds >= 0, not '" + v + "'");
  }
  return d;
}

}  // namespace

// Catches SIGINT and SIGTERM for the whole command, start-up included, so
// that an early Ctrl-C also stops cleanly; restores the old handlers on exit.
class StopSignals {
 public:
  StopSignals() {
    interrupted = 0;
    struct sigaction sa {};
    sa.sa_handler = OnSignal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESETHAND;  // a second Ctrl-C ends the process at once
    sigaction(SIGINT, &sa, &old_int_);
    sigaction(SIGTERM, &sa, &old_term_);
  }
  ~StopSignals() {
    sigaction(SIGINT, &old_int_, nullptr);
    sigaction(SIGTERM, &old_term_, nullptr);
  }
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;

 private:
  struct sigaction old_int_ {};
  struct sigaction old_term_ {};
};

int RunCrawl(const Args& args, Io& io) {
  UseSmallPages();
  StopSignals stop_signals;
  auto start = std::chrono::steady_clock::now();
  std::string db_path = args.Get("db");
  if (db_path.empty()) return Fail(io, "crawl: --db FILE is required");
  if (!args.positional().empty()) return Fail(io, "crawl: seeds go after --feed, --sitemap or --url");
  CrawlOptions options;
  options.fetch.allow_private = args.Has("allow-private");
  Result<double> delay = GetSeconds(args, "delay", options.delay_seconds);
  if (!delay.ok()) return Fail(io, "crawl: " + delay.status().message());
  options.delay_seconds = *delay;
  Result<long> jobs = args.GetInt("jobs", options.jobs);
  if (!jobs.ok()) return Fail(io, "crawl: " + jobs.status().message());
  options.jobs = static_cast<int>(std::max(1L, std::min(256L, *jobs)));
  Result<long> max_pages = args.GetInt("max-pages", 0);
  if (!max_pages.ok()) return Fail(io, "crawl: " + max_pages.status().message());
  options.max_pages = static_cast<size_t>(std::max(0L, *max_pages));
  Result<double> timeout = GetSeconds(args, "timeout", options.fetch.total_timeout_seconds);
  if (!timeout.ok()) return Fail(io, "crawl: " + timeout.status().message());
  options.fetch.total_timeout_seconds = *timeout;

  struct Seed {
    std::string url;
    FrontierKind kind;
    bool local;
  };
  std::vector<Seed> seeds;
  int errors = 0;
  for (const auto& [flag, kind] : {std::pair<const char*, FrontierKind>{"feed", FrontierKind::kFeed},
                                   {"sitemap", FrontierKind::kSitemap},
                                   {"url", FrontierKind::kPage}}) {
    for (const std::string& arg : args.GetAll(flag)) {
      bool local = false;
      Result<std::string> url = SeedUrl(arg, &local);
      if (!url.ok()) {
        Fail(io, "crawl: " + url.status().message());
        ++errors;
        continue;
      }
      seeds.push_back({*url, kind, local});
    }
  }

  auto kb = KnowledgeBase::Open(db_path);
  if (!kb.ok()) return Fail(io, "crawl: " + kb.status().ToString());
  KbStateStore state(kb->get());
  Result<std::vector<FrontierEntry>> pending = state.ListPending();
  if (!pending.ok()) return Fail(io, "crawl: " + pending.status().ToString());
  if (seeds.empty() && pending->empty()) {
    return Fail(io, "crawl: give --feed, --sitemap or --url (nothing is pending in " + db_path + ")");
  }
  ExtractorOptions xo;
  xo.lexicon_dir = args.Get("lexicons");
  auto extractor = Extractor::Create(xo);
  if (!extractor.ok()) return Fail(io, "crawl: " + extractor.status().ToString());
  auto crawler = Crawler::Create(options, &state);
  if (!crawler.ok()) return Fail(io, "crawl: " + crawler.status().ToString());
  for (const Seed& s : seeds) {
    Status st = (*crawler)->AddSeed(s.url, s.kind, s.local);
    if (!st.ok()) {
      Fail(io, "crawl: " + st.message());
      ++errors;
    }
  }

  std::string lang = args.Get("lang");
  IngestStats stored;
  size_t skipped = 0;
  bool progress_shown = false;
  auto clear_progress = [&] {
    if (progress_shown) {
      io.err << "\r\033[K";
      progress_shown = false;
    }
  };
  CrawlCallbacks cb;
  cb.on_page = [&](const CrawledPage& page) -> Status {
    Result<Document> doc = Status::Internal("unset");
    bool text = ContainsNoCase(page.content_type, "text/plain") ||
                (page.content_type.empty() && EndsWith(page.url, ".txt"));
    bool html = ContainsNoCase(page.content_type, "html") || ContainsNoCase(page.content_type, "xml") ||
                (page.content_type.empty() && !text);
    if (text) {
      LoadOptions load;
      load.default_lang = lang;
      std::string body = page.body;
      SanitizeUtf8(&body);
      doc = DocumentFromText(page.url, std::move(body), load);
    } else if (html) {
      HtmlOptions ho;
      ho.http_charset = page.charset;
      ho.base_url = page.final_url;
      ho.default_lang = lang;
      doc = DocumentFromHtml(page.body, ho);
    } else {
      clear_progress();
      io.err << "newsintel: crawl: skipped " << page.url << ": " << page.content_type << " is not HTML or text\n";
      ++skipped;
      return Status::OK();
    }
    if (!doc.ok()) return doc.status();
    doc->doc = page.url;
    if (doc->url.empty()) doc->url = page.final_url;
    if (doc->title.empty()) doc->title = page.entry.title;
    if (doc->published.empty()) doc->published = page.entry.published;
    if (doc->author.empty()) doc->author = page.entry.author;
    if (doc->lang.empty()) doc->lang = page.entry.lang;
    Extraction x = (*extractor)->Extract(*doc);
    Result<IngestStats> st = (*kb)->IngestWithoutDerived({IngestItem{&x, ""}});
    if (!st.ok()) return st.status();
    if (!st->errors.empty()) return Status::IOError(st->errors.front());
    stored.new_articles += st->new_articles;
    stored.updated += st->updated;
    stored.unchanged += st->unchanged;
    stored.refreshed += st->refreshed;
    stored.facts += st->facts;
    return Status::OK();
  };
  cb.on_error = [&](const std::string& line) {
    clear_progress();
    io.err << "newsintel: crawl: " << line << "\n";
  };
  Crawler* c = crawler->get();
  cb.on_progress = [&](const CrawlStats& s) {
    if (interrupted) c->RequestStop();
    if (!io.err_is_tty) return;
    char line[200];
    std::snprintf(line, sizeof(line), "\r\033[Kcrawl: %zu pages, %zu unchanged, %zu errors, %.1f pages/s, %zu requests",
                  s.pages, s.unchanged + s.duplicates, s.errors, s.seconds > 0 ? s.pages / s.seconds : 0.0,
                  s.requests);
    io.err << line << std::flush;
    progress_shown = true;
  };

  Status run = (*crawler)->Run(cb);
  clear_progress();
  if (!run.ok()) {
    Fail(io, "crawl: " + run.ToString());
    ++errors;
  }
  Result<int> contradictions = (*kb)->Finish();
  if (!contradictions.ok()) {
    Fail(io, "crawl: " + contradictions.status().ToString());
    ++errors;
  }
  // Alerts for the claims the pages brought: JSON lines on stdout, feeds, webhooks.
  errors += RaiseAndDeliverAlerts(kb->get(), io);
  const CrawlStats& s = (*crawler)->stats();
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  char line[600];
  std::snprintf(line, sizeof(line),
                "crawl: %zu pages stored (%d new, %d updated, %d same as stored), %zu not modified, "
                "%zu duplicates, %zu skipped, %zu feeds/sitemaps, %zu disallowed by robots.txt, %zu errors, "
                "%zu requests, %zu pending%s in %.2f s (%.1f pages/s)",
                s.pages, stored.new_articles, stored.updated + stored.refreshed, stored.unchanged, s.unchanged,
                s.duplicates, skipped, s.feeds, s.robots_denied, s.errors, s.requests, s.pending,
                s.stopped ? " (stopped: run again to resume)" : "", seconds,
                seconds > 0 ? s.pages / seconds : 0.0);
  io.err << line << "\n";
  if (interrupted) return 130;
  return errors == 0 && s.errors == 0 ? 0 : 1;
}

}  // namespace cli
}  // namespace newsintel
