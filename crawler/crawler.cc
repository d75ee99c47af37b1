#include "crawler/crawler.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>

#include "crawler/feed_parser.h"

namespace newsintel {
namespace {

using Clock = std::chrono::steady_clock;

Clock::duration Seconds(double s) {
  return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(s));
}

bool IsWebScheme(const std::string& scheme) { return scheme == "http" || scheme == "https"; }

std::string SchemeOf(const std::string& url) {
  size_t colon = url.find(':');
  return colon == std::string::npos ? "" : url.substr(0, colon);
}

std::string PathAndQuery(const std::string& url) {
  Result<Url> u = ParseUrl(url);
  if (!u.ok()) return "/";
  std::string p = u->path.empty() ? "/" : u->path;
  if (u->has_query) p += "?" + u->query;
  return p;
}

// The directory of a file:// URL's path, with its trailing slash.
std::string FileDirectory(const std::string& url) {
  Result<Url> u = ParseUrl(url);
  if (!u.ok()) return "";
  size_t slash = u->path.rfind('/');
  return slash == std::string::npos ? "" : u->path.substr(0, slash + 1);
}

std::string FormatSeconds(double s) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.3g", s);
  return buf;
}

}  // namespace

std::string ContentHash(std::string_view bytes) {
  // FNV-1a, 64 bits, with a final avalanche.
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 1099511628211ull;
  }
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdull;
  h ^= h >> 33;
  char buf[17];
  std::snprintf(buf, sizeof(buf), "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

Crawler::Crawler(const CrawlOptions& options, StateStore* state) : options_(options), state_(state) {}
Crawler::~Crawler() = default;

Result<std::unique_ptr<Crawler>> Crawler::Create(const CrawlOptions& options, StateStore* state) {
  if (state == nullptr) return Status::InvalidArgument("crawler needs a state store");
  if (options.jobs < 1 || options.per_host < 1) return Status::InvalidArgument("jobs and per_host must be >= 1");
  if (!(options.delay_seconds >= 0) || options.delay_seconds > 3600) {
    return Status::InvalidArgument("delay must be between 0 and 3600 seconds");
  }
  if (options.max_attempts < 1) return Status::InvalidArgument("max_attempts must be >= 1");
  std::unique_ptr<Crawler> c(new Crawler(options, state));
  FetchOptions fetch = options.fetch;
  fetch.max_host_connections = std::max<long>(fetch.max_host_connections, options.per_host);
  fetch.max_connections = std::max<long>(fetch.max_connections, options.jobs);
  Result<std::unique_ptr<Fetcher>> f = Fetcher::Create(fetch);
  if (!f.ok()) return f.status();
  c->fetcher_ = std::move(*f);
  return c;
}

Status Crawler::AddSeed(const std::string& url, FrontierKind kind, bool local) {
  Result<std::string> canonical = CanonicalizeUrl(url, options_.canonical);
  if (!canonical.ok()) return canonical.status();
  std::string scheme = SchemeOf(*canonical);
  if (scheme == "file" && !local) return Status::InvalidArgument("file:// URL not allowed here: " + url);
  if (!IsWebScheme(scheme) && scheme != "file") {
    return Status::InvalidArgument("only http, https (and file for local paths) are crawled: " + url);
  }
  FrontierEntry e;
  e.url = *canonical;
  e.kind = kind;
  e.local = scheme == "file";
  seeds_.push_back(std::move(e));
  return Status::OK();
}

void Crawler::RequestStop() {
  stop_.store(true);
  fetcher_->Wakeup();
}

std::string Crawler::HostOf(const std::string& url) const {
  Result<Url> u = ParseUrl(url);
  if (!u.ok()) return "";
  if (u->scheme == "file") return "file:";
  std::string host = u->host;
  for (char& c : host) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return host;
}

double Crawler::HostDelay(const HostState& host) const {
  return std::max(options_.delay_seconds, host.crawl_delay);
}

Status Crawler::Enqueue(FrontierEntry entry, bool record) {
  if (!seen_.insert(entry.url).second) return Status::OK();
  if (record) NEWSINTEL_RETURN_IF_ERROR(state_->AddPending(entry));
  Task t;
  t.fetch_url = entry.url;
  t.entry = std::move(entry);
  Push(std::move(t), false);
  return Status::OK();
}

void Crawler::Push(Task task, bool front) {
  HostState& host = hosts_[HostOf(task.fetch_url)];
  if (front) {
    host.queue.push_front(std::move(task));
  } else {
    host.queue.push_back(std::move(task));
  }
  ++queued_;
}

bool Crawler::Idle() const { return queued_ == 0 && in_flight_.empty() && delayed_.empty(); }

void Crawler::Dispatch(Clock::time_point now) {
  for (auto& [name, host] : hosts_) {
    bool file_host = name == "file:";
    while (!host.queue.empty() && in_flight_.size() < static_cast<size_t>(options_.jobs)) {
      double delay = file_host ? 0 : HostDelay(host);
      int limit = delay > 0 ? 1 : options_.per_host;
      if (host.in_flight >= limit || now < host.next_start) break;
      Task t = std::move(host.queue.front());
      host.queue.pop_front();
      --queued_;
      if (!t.robots && !t.robots_ok && options_.obey_robots && IsWebScheme(SchemeOf(t.fetch_url))) {
        Result<Url> u = ParseUrl(t.fetch_url);
        std::string origin = u.ok() ? u->Origin() : "";
        RobotsEntry& re = robots_[origin];
        if (re.state == RobotsEntry::State::kReady && now - re.fetched > Seconds(options_.robots_ttl_seconds)) {
          re.state = RobotsEntry::State::kNone;
        }
        if (re.state != RobotsEntry::State::kReady) {
          bool start = re.state == RobotsEntry::State::kNone;
          re.waiting.push_back(std::move(t));
          ++queued_;
          if (!start) continue;
          re.state = RobotsEntry::State::kFetching;
          Task rt;
          rt.robots = true;
          rt.origin = origin;
          rt.fetch_url = origin + "/robots.txt";
          rt.entry.url = rt.fetch_url;
          StartTask(std::move(rt), &host);
          continue;
        }
        if (!Allowed(t, re)) continue;
      }
      StartTask(std::move(t), &host);
    }
  }
}

bool Crawler::Allowed(const Task& task, const RobotsEntry& robots) {
  if (robots.rules.IsAllowed(PathAndQuery(task.fetch_url))) return true;
  ++stats_.robots_denied;
  if (cb_ != nullptr && cb_->on_error) {
    cb_->on_error("skipped " + task.fetch_url + ": disallowed by robots.txt" +
                  (robots.note.empty() ? "" : " (" + robots.note + ")"));
  }
  Done(task);
  return false;
}

void Crawler::StartTask(Task task, HostState* host) {
  uint64_t id = next_id_++;
  FetchRequest req;
  req.id = id;
  req.url = task.fetch_url;
  req.allow_file = task.entry.local && SchemeOf(task.fetch_url) == "file";
  req.follow_redirects = task.robots;
  if (!task.robots && task.redirects == 0) {
    Result<std::optional<FetchState>> prev = state_->GetFetchState(task.entry.url);
    if (prev.ok() && prev->has_value() && (*prev)->http_status >= 200 && (*prev)->http_status < 300 &&
        !(*prev)->content_hash.empty()) {
      req.if_none_match = (*prev)->etag;
      req.if_modified_since = (*prev)->last_modified;
    }
  }
  ++task.attempts;
  ++host->in_flight;
  if (HostDelay(*host) > 0 && HostOf(task.fetch_url) != "file:") host->next_start = Clock::time_point::max();
  if (!req.allow_file) ++stats_.requests;
  in_flight_.emplace(id, std::move(task));
  fetcher_->Start(req);
}

bool Crawler::Retry(Task* task, double wait_seconds, const std::string& why) {
  if (task->attempts >= options_.max_attempts) return false;
  uint64_t seq = next_id_++;
  Clock::time_point when = Clock::now() + Seconds(wait_seconds);
  task->not_before = when;
  delayed_order_.push({when, seq});
  delayed_.emplace(seq, std::move(*task));
  ++stats_.retries;
  return true;
}

void Crawler::Done(const Task& task) {
  Status s = state_->RemovePending(task.entry.url);
  if (!s.ok() && cb_ != nullptr && cb_->on_error) cb_->on_error("crawl state: " + s.message());
}

void Crawler::Fail(const Task& task, const std::string& line, bool keep_pending) {
  ++stats_.errors;
  if (cb_ != nullptr && cb_->on_error) cb_->on_error(line);
  if (!keep_pending) Done(task);
}

bool Crawler::StateError(const Status& s) {
  if (s.ok()) return false;
  ++stats_.errors;
  if (cb_ != nullptr && cb_->on_error) cb_->on_error("crawl state: " + s.message());
  return true;
}

Status Crawler::Run(const CrawlCallbacks& callbacks) {
  cb_ = &callbacks;
  Clock::time_point start = Clock::now();
  stats_ = CrawlStats();
  stop_.store(false);
  seen_.clear();
  Result<std::vector<FrontierEntry>> pending = state_->ListPending();
  if (!pending.ok()) return pending.status();
  for (FrontierEntry& e : *pending) NEWSINTEL_RETURN_IF_ERROR(Enqueue(std::move(e), false));
  for (FrontierEntry& e : seeds_) NEWSINTEL_RETURN_IF_ERROR(Enqueue(std::move(e), true));
  seeds_.clear();

  std::vector<FetchResponse> done;
  Clock::time_point last_progress = start;
  while (!stop_.load()) {
    Clock::time_point now = Clock::now();
    while (!delayed_order_.empty() && delayed_order_.top().when <= now) {
      auto it = delayed_.find(delayed_order_.top().seq);
      delayed_order_.pop();
      if (it == delayed_.end()) continue;
      Task t = std::move(it->second);
      delayed_.erase(it);
      Push(std::move(t), true);
    }
    Dispatch(now);
    if (Idle()) break;
    Clock::time_point next = now + std::chrono::milliseconds(100);
    if (!delayed_order_.empty()) next = std::min(next, delayed_order_.top().when);
    if (in_flight_.size() < static_cast<size_t>(options_.jobs)) {
      for (const auto& [name, host] : hosts_) {
        if (host.queue.empty()) continue;
        double delay = name == "file:" ? 0 : HostDelay(host);
        int limit = delay > 0 ? 1 : options_.per_host;
        if (host.in_flight < limit) next = std::min(next, host.next_start);
      }
    }
    auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(next - now).count();
    if (next > now && wait == 0) wait = 1;
    done.clear();
    fetcher_->Poll(static_cast<int>(std::max<int64_t>(0, wait)), &done);
    for (FetchResponse& r : done) Handle(std::move(r));
    if (options_.max_pages > 0 && stats_.pages >= options_.max_pages) stop_.store(true);
    now = Clock::now();
    if (callbacks.on_progress && now - last_progress >= std::chrono::milliseconds(100)) {
      last_progress = now;
      stats_.seconds = std::chrono::duration<double>(now - start).count();
      callbacks.on_progress(stats_);
    }
  }
  if (stop_.load()) {
    stats_.stopped = true;
    fetcher_->CancelAll();
    in_flight_.clear();
    delayed_.clear();
    delayed_order_ = {};
    for (auto& [name, host] : hosts_) {
      host.queue.clear();
      host.in_flight = 0;
      host.next_start = Clock::time_point();
    }
    for (auto& [origin, re] : robots_) {
      re.waiting.clear();
      if (re.state == RobotsEntry::State::kFetching) re.state = RobotsEntry::State::kNone;
    }
    queued_ = 0;
  }
  Result<std::vector<FrontierEntry>> left = state_->ListPending();
  stats_.pending = left.ok() ? left->size() : 0;
  stats_.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  if (callbacks.on_progress) callbacks.on_progress(stats_);
  cb_ = nullptr;
  return Status::OK();
}

void Crawler::Handle(FetchResponse r) {
  auto it = in_flight_.find(r.id);
  if (it == in_flight_.end()) return;
  Task task = std::move(it->second);
  in_flight_.erase(it);
  std::string host_name = HostOf(task.fetch_url);
  HostState& host = hosts_[host_name];
  --host.in_flight;
  Clock::time_point now = Clock::now();
  double delay = host_name == "file:" ? 0 : HostDelay(host);
  if (delay > 0) {
    host.next_start = now + Seconds(delay);
  } else if (host.next_start == Clock::time_point::max()) {
    host.next_start = now;
  }
  stats_.bytes += r.body.size();
  if (task.robots) {
    HandleRobots(std::move(task), r);
  } else {
    HandleDocument(std::move(task), std::move(r));
  }
}

double Crawler::Backoff(int attempts) const {
  double wait = options_.backoff_base_seconds * std::pow(2.0, std::max(0, attempts - 1));
  return std::min(wait, options_.backoff_max_seconds);
}

// Returns the wait asked by Retry-After (and pushes the host back by it),
// or a backoff when there is none; a negative value when the server asks for
// more than max_retry_after_seconds.
double Crawler::RetryWait(const Task& task, const FetchResponse& r) {
  std::optional<double> ra = ParseRetryAfter(r.retry_after, static_cast<int64_t>(std::time(nullptr)));
  if (!ra) return Backoff(task.attempts);
  if (*ra > options_.max_retry_after_seconds) return -*ra;
  HostState& host = hosts_[HostOf(task.fetch_url)];
  Clock::time_point until = Clock::now() + Seconds(*ra);
  if (host.next_start < until) host.next_start = until;
  return *ra;
}

void Crawler::HandleRobots(Task task, const FetchResponse& r) {
  RobotsEntry& re = robots_[task.origin];
  int status = r.error.ok() ? static_cast<int>(r.http_status) : 0;
  bool transient = status == 429 || status >= 500 || (!r.error.ok() && r.retryable);
  if (transient) {
    double wait = (status == 429 || status == 503) ? RetryWait(task, r) : Backoff(task.attempts);
    if (wait >= 0 && Retry(&task, wait, "robots.txt")) return;
  }
  std::string note;
  if (!r.error.ok()) {
    note = r.error.message();
  } else if (status == 429 || status >= 500) {
    note = "robots.txt answered HTTP " + std::to_string(status);
  }
  re.rules = status == 429 ? RobotsTxt::DisallowAll()
                           : RobotsTxt::FromResponse(status, r.body, options_.product_token);
  re.note = note;
  re.state = RobotsEntry::State::kReady;
  re.fetched = Clock::now();
  if (re.rules.crawl_delay()) {
    HostState& host = hosts_[HostOf(task.fetch_url)];
    double d = std::min(*re.rules.crawl_delay(), options_.max_crawl_delay_seconds);
    host.crawl_delay = std::max(host.crawl_delay, d);
    if (host.in_flight == 0 && d > 0) {
      Clock::time_point at = re.fetched + Seconds(HostDelay(host));
      if (host.next_start < at) host.next_start = at;
    }
  }
  std::vector<Task> waiting;
  waiting.swap(re.waiting);
  queued_ -= waiting.size();
  // A robots.txt we could not reach for a reason of ours (a refused private
  // address) fails its pages with that reason rather than "disallowed".
  bool ours = !r.error.ok() && !r.retryable;
  for (auto it = waiting.rbegin(); it != waiting.rend(); ++it) {
    if (ours) {
      Fail(*it, "GET " + it->fetch_url + ": " + note.substr(note.find(": ") == std::string::npos ? 0 : note.find(": ") + 2),
           false);
      continue;
    }
    if (!Allowed(*it, re)) continue;
    it->robots_ok = true;
    Push(std::move(*it), true);
  }
}

void Crawler::HandleDocument(Task task, FetchResponse r) {
  const std::string& url = task.fetch_url;
  if (!r.error.ok()) {
    if (r.retryable && Retry(&task, Backoff(task.attempts), "network")) return;
    std::string tries = task.attempts > 1 ? " (after " + std::to_string(task.attempts) + " tries)" : "";
    Fail(task, r.error.message() + tries, r.retryable);
    return;
  }
  int status = static_cast<int>(r.http_status);
  int64_t now_epoch = static_cast<int64_t>(std::time(nullptr));
  if (status >= 300 && status < 400 && status != 304) {
    if (r.redirect_url.empty()) {
      Fail(task, "GET " + url + ": HTTP " + std::to_string(status) + " without Location", false);
      return;
    }
    if (task.redirects >= options_.max_redirects) {
      Fail(task, "GET " + task.entry.url + ": more than " + std::to_string(options_.max_redirects) +
                 " redirects (last to " + r.redirect_url + ")", false);
      return;
    }
    Result<std::string> target = CanonicalizeUrl(r.redirect_url, options_.canonical);
    if (!target.ok() || !IsWebScheme(SchemeOf(*target))) {
      Fail(task, "GET " + url + ": redirect to unusable URL " + r.redirect_url, false);
      return;
    }
    Task next = std::move(task);
    next.fetch_url = *target;
    ++next.redirects;
    next.attempts = 0;
    next.robots_ok = false;
    Push(std::move(next), true);
    return;
  }
  if (status == 304) {
    ++stats_.unchanged;
    Result<std::optional<FetchState>> prev = state_->GetFetchState(task.entry.url);
    if (prev.ok() && prev->has_value()) {
      FetchState fs = **prev;
      if (!r.etag.empty()) fs.etag = r.etag;
      if (!r.last_modified.empty()) fs.last_modified = r.last_modified;
      fs.fetched_at = now_epoch;
      StateError(state_->PutFetchState(fs));
    }
    Done(task);
    return;
  }
  if (status == 429 || status >= 500) {
    double wait = (status == 429 || status == 503) ? RetryWait(task, r) : Backoff(task.attempts);
    if (wait < 0) {
      Fail(task, "GET " + url + ": HTTP " + std::to_string(status) + ", Retry-After " + FormatSeconds(-wait) +
                 " s is longer than the " + FormatSeconds(options_.max_retry_after_seconds) + " s allowed",
           true);
      return;
    }
    if (Retry(&task, wait, "HTTP")) return;
    Fail(task, "GET " + url + ": HTTP " + std::to_string(status) + " (after " + std::to_string(task.attempts) +
               " tries)", true);
    return;
  }
  if (status < 200 || status >= 300) {
    FetchState fs;
    fs.url = task.entry.url;
    fs.http_status = status;
    fs.fetched_at = now_epoch;
    StateError(state_->PutFetchState(fs));
    Fail(task, "GET " + url + ": HTTP " + std::to_string(status), false);
    return;
  }

  std::string hash = ContentHash(r.body);
  FetchState fs;
  fs.url = task.entry.url;
  fs.etag = r.etag;
  fs.last_modified = r.last_modified;
  fs.content_hash = hash;
  fs.http_status = status;
  fs.fetched_at = now_epoch;
  Result<std::optional<FetchState>> prev = state_->GetFetchState(task.entry.url);
  if (StateError(prev.status())) return;
  if (prev->has_value() && (*prev)->content_hash == hash) {
    ++stats_.unchanged;
    StateError(state_->PutFetchState(fs));
    Done(task);
    return;
  }
  if (task.entry.kind != FrontierKind::kPage) {
    HandleFeed(task, r, fs);
    return;
  }
  Result<std::string> other = state_->FindUrlByContentHash(hash);
  if (StateError(other.status())) return;
  if (!other->empty() && *other != task.entry.url) {
    ++stats_.duplicates;
    Done(task);
    return;
  }
  CrawledPage page;
  page.url = task.entry.url;
  page.final_url = task.redirects > 0 ? task.fetch_url : task.entry.url;
  page.content_type = r.content_type;
  page.charset = CharsetFromContentType(r.content_type);
  page.body = std::move(r.body);
  page.content_hash = hash;
  page.entry = task.entry;
  if (cb_ != nullptr && cb_->on_page) {
    Status s = cb_->on_page(page);
    if (!s.ok()) {
      Fail(task, "store " + task.entry.url + ": " + s.message(), true);
      return;
    }
  }
  ++stats_.pages;
  StateError(state_->PutFetchState(fs));
  Done(task);
}

void Crawler::HandleFeed(const Task& task, const FetchResponse& r, const FetchState& fs) {
  FeedOptions fo;
  fo.base_url = task.fetch_url;
  fo.content_type = r.content_type;
  Feed feed = ParseFeed(r.body, fo);
  if (feed.entries.empty() && feed.sitemaps.empty() && feed.kind == FeedKind::kUnknown) {
    Fail(task, "read " + task.entry.url + ": not a feed or sitemap" +
               (feed.bozo_reason.empty() ? "" : " (" + feed.bozo_reason + ")"), false);
    return;
  }
  ++stats_.feeds;
  if (feed.bozo && cb_ != nullptr && cb_->on_error) {
    cb_->on_error("warning: " + task.entry.url + ": ill-formed " + FeedKindName(feed.kind) + " (" +
                  feed.bozo_reason + "); read " + std::to_string(feed.entries.size()) + " entries");
  }
  std::string local_dir = task.entry.local ? FileDirectory(task.entry.url) : "";
  auto child = [&](const std::string& link, FrontierKind kind) -> std::optional<FrontierEntry> {
    Result<std::string> c = CanonicalizeUrl(link, options_.canonical);
    if (!c.ok()) return std::nullopt;
    FrontierEntry e;
    e.url = *c;
    e.kind = kind;
    e.source = task.entry.url;
    std::string scheme = SchemeOf(e.url);
    if (scheme == "file") {
      std::string dir = FileDirectory(e.url);
      if (local_dir.empty() || dir.compare(0, local_dir.size(), local_dir) != 0) return std::nullopt;
      e.local = true;
    } else if (!IsWebScheme(scheme)) {
      return std::nullopt;
    }
    return e;
  };
  size_t refused = 0;
  for (const std::string& s : feed.sitemaps) {
    std::optional<FrontierEntry> e = child(s, FrontierKind::kSitemap);
    if (!e) {
      ++refused;
      continue;
    }
    if (StateError(Enqueue(std::move(*e), true))) return;
  }
  for (const FeedEntry& fe : feed.entries) {
    std::optional<FrontierEntry> e = child(fe.link, FrontierKind::kPage);
    if (!e) {
      ++refused;
      continue;
    }
    e->title = fe.title;
    e->published = fe.published;
    e->author = fe.author;
    e->lang = fe.lang;
    if (StateError(Enqueue(std::move(*e), true))) return;
  }
  if (refused > 0 && cb_ != nullptr && cb_->on_error) {
    cb_->on_error("warning: " + task.entry.url + ": " + std::to_string(refused) +
                  " entries skipped (no link, not http(s), or file:// outside the feed's directory)");
  }
  StateError(state_->PutFetchState(fs));
  Done(task);
}

}  // namespace newsintel
