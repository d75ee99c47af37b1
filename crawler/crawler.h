// The polite, incremental crawler: seeds (feeds, sitemaps, pages) in, pages
// out, with robots.txt, per-host delays, retries and resumable state.
//
//   MemoryStateStore state;
//   CrawlOptions options;                 // 1 s between requests to a host
//   auto crawler = Crawler::Create(options, &state);
//   (*crawler)->AddSeed("https://example.com/rss.xml", FrontierKind::kFeed);
//   CrawlCallbacks cb;
//   cb.on_page = [](const CrawledPage& p) { Store(p); return Status::OK(); };
//   cb.on_error = [](const std::string& line) { std::cerr << line << "\n"; };
//   Status s = (*crawler)->Run(cb);
//
// Each URL is canonicalized; pages already fetched are asked for with
// If-None-Match / If-Modified-Since and only delivered when their content
// changed; bodies already seen under another URL are skipped. Every queued
// URL is recorded as pending in the StateStore until it is done, so a crawl
// stopped half-way (RequestStop, a signal, a crash) resumes on the next Run.
#ifndef NEWSINTEL_CRAWLER_CRAWLER_H_
#define NEWSINTEL_CRAWLER_CRAWLER_H_

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <queue>
#include <deque>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "crawler/fetcher.h"
#include "crawler/robots.h"
#include "crawler/state_store.h"
#include "extract/url.h"
#include "extract/status.h"

namespace newsintel {

struct CrawlOptions {
  FetchOptions fetch;
  // The token matched against robots.txt user-agent lines.
  std::string product_token = kProductToken;
  // Seconds between the end of one request to a host and the start of the
  // next. Default 1. A robots.txt Crawl-delay raises it (up to max_crawl_delay).
  double delay_seconds = 1.0;
  double max_crawl_delay_seconds = 30;  // default 30
  // Transfers in flight overall. Default 16.
  int jobs = 16;
  // Transfers in flight per host when the effective delay is 0 (with a
  // delay there is one at a time). Default 4.
  int per_host = 4;
  // Tries per URL for 5xx, 429 and network errors (first try included).
  // Default 4.
  int max_attempts = 4;
  // Exponential backoff between tries: base * 2^(try-1), capped. Defaults 1 s, 60 s.
  double backoff_base_seconds = 1.0;
  double backoff_max_seconds = 60;
  // A Retry-After longer than this gives up on the URL. Default 300 s.
  double max_retry_after_seconds = 300;
  // robots.txt is fetched once per origin and kept this long. Default 24 h.
  double robots_ttl_seconds = 24 * 3600;
  bool obey_robots = true;
  // Stop after delivering this many pages, leaving the rest pending
  // (0 = no limit). Default 0.
  size_t max_pages = 0;
  // At most this many redirects per URL. Default 5.
  int max_redirects = 5;
  CanonicalizeOptions canonical;
};

// A fetched page handed to the caller. Plain value.
struct CrawledPage {
  std::string url;        // canonical URL it was queued under
  std::string final_url;  // after redirects
  std::string content_type;
  std::string charset;    // from Content-Type, lowercased ("" if none)
  std::string body;       // decoded
  std::string content_hash;
  FrontierEntry entry;    // source feed and its hints (title, published, ...)
};

// Counters of one Run. Plain value.
struct CrawlStats {
  size_t pages = 0;          // delivered to on_page
  size_t feeds = 0;          // feeds and sitemaps read
  size_t unchanged = 0;      // 304, or same content as last time
  size_t duplicates = 0;     // same content as another URL
  size_t robots_denied = 0;
  size_t errors = 0;         // failed for good (one line each on on_error)
  size_t requests = 0;       // HTTP requests made, robots.txt included
  size_t retries = 0;
  size_t bytes = 0;
  size_t pending = 0;        // left in the frontier when Run returned
  bool stopped = false;      // by RequestStop or max_pages
  double seconds = 0;
};

struct CrawlCallbacks {
  // Receives each new or changed page. An error is reported and the page
  // stays pending (it is fetched again on the next run).
  std::function<Status(const CrawledPage&)> on_page;
  // One line per failure ("GET <url>: HTTP 404").
  std::function<void(const std::string&)> on_error;
  // Called about every 100 ms and once at the end.
  std::function<void(const CrawlStats&)> on_progress;
};

// Crawls from seeds and from the state's pending frontier. Runs on the
// calling thread; RequestStop() may be called from any thread (or a signal
// handler through a flag the caller polls). Not otherwise thread-safe.
class Crawler {
 public:
  // REQUIRES: `state` outlives the Crawler.
  static Result<std::unique_ptr<Crawler>> Create(const CrawlOptions& options, StateStore* state);
  ~Crawler();

  // Queues a seed. `local` allows a file:// URL (the user named the file);
  // pages listed by a local feed may then be file:// URLs in its directory.
  Status AddSeed(const std::string& url, FrontierKind kind, bool local = false);

  // Crawls until the frontier is empty or a stop is requested.
  Status Run(const CrawlCallbacks& callbacks);

  // Stops Run() soon: transfers in flight are abandoned and stay pending.
  void RequestStop();

  const CrawlStats& stats() const { return stats_; }

 private:
  using Clock = std::chrono::steady_clock;

  struct Task {
    FrontierEntry entry;
    std::string fetch_url;  // the current hop
    int redirects = 0;
    int attempts = 0;
    bool robots = false;    // a robots.txt fetch for `origin`
    bool robots_ok = false; // checked against a fresh robots.txt already
    std::string origin;
    Clock::time_point not_before;
  };
  struct HostState {
    std::deque<Task> queue;
    int in_flight = 0;
    Clock::time_point next_start;
    double crawl_delay = 0;  // from robots.txt
    bool busy = false;       // delay > 0 and a request is out
  };
  struct RobotsEntry {
    enum class State { kNone, kFetching, kReady } state = State::kNone;
    RobotsTxt rules;
    Clock::time_point fetched;
    std::string note;  // why everything is disallowed, if it is
    std::vector<Task> waiting;
  };
  struct Later {
    Clock::time_point when;
    uint64_t seq;
    bool operator>(const Later& o) const { return when != o.when ? when > o.when : seq > o.seq; }
  };

  Crawler(const CrawlOptions& options, StateStore* state);
  Status Enqueue(FrontierEntry entry, bool record);
  void Push(Task task, bool front);
  std::string HostOf(const std::string& url) const;
  double HostDelay(const HostState& host) const;
  void Dispatch(Clock::time_point now);
  // True if robots.txt lets `task` through; reports and drops it otherwise.
  bool Allowed(const Task& task, const RobotsEntry& robots);
  void StartTask(Task task, HostState* host);
  void Handle(FetchResponse response);
  void HandleRobots(Task task, const FetchResponse& r);
  void HandleDocument(Task task, FetchResponse r);
  void HandleFeed(const Task& task, const FetchResponse& r, const FetchState& fs);
  double Backoff(int attempts) const;
  double RetryWait(const Task& task, const FetchResponse& r);
  // Schedules another try; false when the tries are used up.
  bool Retry(Task* task, double wait_seconds, const std::string& why);
  // Reports a failure; the entry leaves the frontier unless keep_pending.
  void Fail(const Task& task, const std::string& line, bool keep_pending);
  // Removes the entry from the frontier.
  void Done(const Task& task);
  // Reports a state store failure; true if `s` is an error.
  bool StateError(const Status& s);
  bool Idle() const;

  CrawlOptions options_;
  StateStore* state_;
  const CrawlCallbacks* cb_ = nullptr;  // during Run()
  std::unique_ptr<Fetcher> fetcher_;
  std::atomic<bool> stop_{false};
  CrawlStats stats_;
  std::vector<FrontierEntry> seeds_;
  std::unordered_set<std::string> seen_;  // canonical URLs queued this run
  std::map<std::string, HostState> hosts_;
  std::unordered_map<std::string, RobotsEntry> robots_;
  std::unordered_map<uint64_t, Task> in_flight_;
  std::unordered_map<uint64_t, Task> delayed_;
  std::priority_queue<Later, std::vector<Later>, std::greater<Later>> delayed_order_;
  uint64_t next_id_ = 1;
  size_t queued_ = 0;  // tasks in host queues and robots waits
};

// Hex of a 64-bit hash of `bytes` (content dedup; not cryptographic).
std::string ContentHash(std::string_view bytes);

}  // namespace newsintel

#endif  // NEWSINTEL_CRAWLER_CRAWLER_H_
