// HTTP(S) fetching with the libcurl multi interface: many transfers in
// flight on one thread, connection reuse (keep-alive, HTTP/2 multiplexing),
// gzip/br/zstd decoding with a cap on decoded bytes, time-outs, and refusal
// of private and loopback addresses.
//
//   Result<std::unique_ptr<Fetcher>> f = Fetcher::Create(FetchOptions{});
//   (*f)->Start({.id = 1, .url = "https://example.com/"});
//   std::vector<FetchResponse> done;
//   while ((*f)->in_flight() > 0) (*f)->Poll(100, &done);
//
// The Fetcher does not retry, wait between requests or read robots.txt:
// the Crawler does. Redirects are returned (redirect_url) unless the request
// asks to follow them.
#ifndef NEWSINTEL_CRAWLER_FETCHER_H_
#define NEWSINTEL_CRAWLER_FETCHER_H_

#include <sys/socket.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "extract/status.h"

namespace newsintel {

struct CurlLibrary;

// The User-Agent sent by default; its product token is kProductToken.
extern const char kDefaultUserAgent[];
extern const char kProductToken[];

struct FetchOptions {
  std::string user_agent = kDefaultUserAgent;
  double connect_timeout_seconds = 10;  // default 10 s
  double total_timeout_seconds = 60;    // whole transfer; default 60 s
  // A transfer slower than low_speed_bytes per second for low_speed_seconds
  // is aborted. Defaults: 512 B/s over 20 s.
  long low_speed_bytes = 512;
  long low_speed_seconds = 20;
  // Decoded (decompressed) body cap; the transfer is aborted past it. Default 16 MiB.
  size_t max_body_bytes = 16u << 20;
  // Connections: overall and per host. Defaults 64 and 4.
  long max_connections = 64;
  long max_host_connections = 4;
  // Connect to private, loopback and link-local addresses. Default off.
  bool allow_private = false;
  // Offer HTTP/2 over TLS. Default on.
  bool http2 = true;
};

struct FetchRequest {
  uint64_t id = 0;
  std::string url;
  // Conditional GET validators from a previous fetch ("" = none).
  std::string if_none_match;
  std::string if_modified_since;
  // Allow the file:// scheme (only for paths the user named). Default off.
  bool allow_file = false;
  // Let libcurl follow up to 5 redirects (robots.txt). Default off: the
  // response carries redirect_url instead.
  bool follow_redirects = false;
};

// What came back. `error` is OK whenever an HTTP response (any status) or a
// file was read; otherwise it says what failed and `http_status` is 0.
struct FetchResponse {
  uint64_t id = 0;
  std::string url;            // as requested
  std::string effective_url;  // after followed redirects
  long http_status = 0;       // 200 for a file:// read
  std::string redirect_url;   // absolute target of a 3xx, if any
  std::string content_type;
  std::string etag;
  std::string last_modified;
  std::string retry_after;    // raw header value
  std::string body;           // decoded
  std::string primary_ip;
  Status error;
  bool retryable = false;     // a network failure worth trying again
  double seconds = 0;
};

// One libcurl multi handle and its transfers. Not thread-safe, except
// Wakeup(), which may be called from any thread.
class Fetcher {
 public:
  // Loads libcurl on first use (crawler/curl_library.h); its error (NotFound)
  // when it cannot be loaded.
  static Result<std::unique_ptr<Fetcher>> Create(const FetchOptions& options);
  ~Fetcher();
  Fetcher(const Fetcher&) = delete;
  Fetcher& operator=(const Fetcher&) = delete;

  // Queues a transfer. Errors (bad URL, refused scheme) come back from Poll.
  void Start(const FetchRequest& request);
  // Waits up to `timeout_ms` for network activity (or a Wakeup), advances
  // the transfers and appends those that finished to *done. Waits even when
  // nothing is in flight, so it doubles as the crawler's sleep.
  void Poll(int timeout_ms, std::vector<FetchResponse>* done);
  // Aborts every transfer in flight (they are not reported).
  void CancelAll();
  // Makes a Poll() in progress return early.
  void Wakeup();
  size_t in_flight() const { return in_flight_; }

 private:
  struct Transfer;
  Fetcher(const FetchOptions& options, const CurlLibrary* curl);
  void Finish(Transfer* t, int curl_code, std::vector<FetchResponse>* done);

  FetchOptions options_;
  const CurlLibrary* curl_;  // not owned: loaded for the life of the process
  void* multi_ = nullptr;  // CURLM*
  size_t in_flight_ = 0;
  std::unordered_set<Transfer*> active_;    // owned
  std::vector<FetchResponse> immediate_;  // failed before starting
  std::vector<void*> idle_handles_;  // CURL* kept for reuse
};

// True for loopback, private (RFC 1918, unique local), link-local,
// "this network" and unspecified addresses, IPv4-mapped ones included.
bool IsPrivateAddress(const struct sockaddr* addr);
// Same for a textual address ("10.1.2.3", "::1"); false if not an address.
bool IsPrivateIp(std::string_view ip);

// Seconds to wait from a Retry-After value: delay-seconds or an HTTP date
// (relative to `now_epoch`); nullopt if unparseable.
std::optional<double> ParseRetryAfter(std::string_view value, int64_t now_epoch);

}  // namespace newsintel

#endif  // NEWSINTEL_CRAWLER_FETCHER_H_
