// Crawl state: what was fetched (validators for conditional GET, content
// hash) and what is still to fetch (the frontier), so that a crawl is
// incremental and an interrupted crawl resumes where it stopped.
//
//   MemoryStateStore state;                      // tests; the CLI adapts the KB
//   Result<std::unique_ptr<Crawler>> c = Crawler::Create(options, &state);
//
// The crawler owns this interface; implementations live with their storage
// (MemoryStateStore here, the SQLite one in cli/ over kb/).
#ifndef NEWSINTEL_CRAWLER_STATE_STORE_H_
#define NEWSINTEL_CRAWLER_STATE_STORE_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "extract/status.h"

namespace newsintel {

// What a frontier URL is expected to hold.
enum class FrontierKind { kPage = 0, kFeed = 1, kSitemap = 2 };

// A URL waiting to be fetched, with what the feed said about it. Plain value.
struct FrontierEntry {
  std::string url;  // canonical
  FrontierKind kind = FrontierKind::kPage;
  std::string source;  // the feed or sitemap that listed it ("" for a seed)
  bool local = false;  // a file:// URL the user named (or listed by such a file)
  // Hints from the feed entry, used when the page does not say.
  std::string title;
  std::string published;
  std::string author;
  std::string lang;
};

// The outcome of the last fetch of a URL. Plain value.
struct FetchState {
  std::string url;  // canonical
  std::string etag;
  std::string last_modified;
  std::string content_hash;  // of the body last delivered ("" if none)
  int http_status = 0;       // 0 = network failure
  int64_t fetched_at = 0;    // Unix seconds
};

// Storage for crawl state. Called from the crawler's thread only;
// implementations need not be thread-safe.
class StateStore {
 public:
  virtual ~StateStore() = default;
  // nullopt when the URL was never fetched.
  virtual Result<std::optional<FetchState>> GetFetchState(const std::string& url) = 0;
  virtual Status PutFetchState(const FetchState& state) = 0;
  // A URL whose last delivered body had `content_hash`, or "" when none.
  virtual Result<std::string> FindUrlByContentHash(const std::string& content_hash) = 0;
  // Adds `entry` to the frontier; an entry already pending for the URL is kept.
  virtual Status AddPending(const FrontierEntry& entry) = 0;
  virtual Status RemovePending(const std::string& url) = 0;
  // Pending entries, oldest first.
  virtual Result<std::vector<FrontierEntry>> ListPending() = 0;
};

// In-memory StateStore (tests, one-shot crawls). Not thread-safe.
class MemoryStateStore : public StateStore {
 public:
  Result<std::optional<FetchState>> GetFetchState(const std::string& url) override;
  Status PutFetchState(const FetchState& state) override;
  Result<std::string> FindUrlByContentHash(const std::string& content_hash) override;
  Status AddPending(const FrontierEntry& entry) override;
  Status RemovePending(const std::string& url) override;
  Result<std::vector<FrontierEntry>> ListPending() override;

  size_t pending_size() const { return pending_.size(); }

 private:
  std::unordered_map<std::string, FetchState> fetched_;
  std::unordered_map<std::string, std::string> by_hash_;
  std::map<uint64_t, FrontierEntry> pending_;  // by insertion sequence
  std::unordered_map<std::string, uint64_t> pending_index_;
  uint64_t next_seq_ = 0;
};

}  // namespace newsintel

#endif  // NEWSINTEL_CRAWLER_STATE_STORE_H_
