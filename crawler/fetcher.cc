#include "crawler/fetcher.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cstring>
#include <ctime>

#include "crawler/curl_library.h"
#include "crawler/dates.h"

namespace newsintel {

const char kDefaultUserAgent[] = "newsintel/0.1 (+https://github.com/newsintel/newsintel)";
const char kProductToken[] = "newsintel";

namespace {

bool IsPrivateV4(uint32_t a) {  // host byte order
  uint8_t b0 = a >> 24, b1 = (a >> 16) & 0xFF;
  return b0 == 127 || b0 == 10 || b0 == 0 || (b0 == 172 && (b1 & 0xF0) == 16) || (b0 == 192 && b1 == 168) ||
         (b0 == 169 && b1 == 254);
}

bool IsPrivateV6(const in6_addr& a) {
  const uint8_t* b = a.s6_addr;
  static const uint8_t kZero[16] = {0};
  if (std::memcmp(b, kZero, 15) == 0 && (b[15] == 0 || b[15] == 1)) return true;  // :: and ::1
  if ((b[0] & 0xFE) == 0xFC) return true;                                         // fc00::/7
  if (b[0] == 0xFE && (b[1] & 0xC0) == 0x80) return true;                         // fe80::/10
  static const uint8_t kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF};
  if (std::memcmp(b, kMapped, 12) == 0) {
    uint32_t v4 = (uint32_t{b[12]} << 24) | (uint32_t{b[13]} << 16) | (uint32_t{b[14]} << 8) | b[15];
    return IsPrivateV4(v4);
  }
  return false;
}

std::string AddressText(const sockaddr* addr) {
  char buf[INET6_ADDRSTRLEN] = "?";
  if (addr->sa_family == AF_INET) {
    inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(addr)->sin_addr, buf, sizeof(buf));
  } else if (addr->sa_family == AF_INET6) {
    inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(addr)->sin6_addr, buf, sizeof(buf));
  }
  return buf;
}

std::string Header(const CurlLibrary& curl, CURL* easy, const char* name) {
  struct curl_header* h = nullptr;
  if (curl.easy_header(easy, name, 0, CURLH_HEADER, -1, &h) != CURLHE_OK || h == nullptr) return "";
  return h->value != nullptr ? h->value : "";
}

bool Retryable(CURLcode code) {
  switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_CONNECT:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_PARTIAL_FILE:
    case CURLE_GOT_NOTHING:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
    case CURLE_SSL_CONNECT_ERROR:
      return true;
    default:
      return false;
  }
}

}  // namespace

struct Fetcher::Transfer {
  Fetcher* owner = nullptr;
  CURL* easy = nullptr;
  FetchResponse response;
  curl_slist* headers = nullptr;
  bool too_large = false;
  std::string refused_ip;
  char errbuf[CURL_ERROR_SIZE] = {0};

  static size_t Write(char* data, size_t size, size_t n, void* user) {
    auto* t = static_cast<Transfer*>(user);
    size_t bytes = size * n;
    if (t->response.body.size() + bytes > t->owner->options_.max_body_bytes) {
      t->too_large = true;
      return 0;  // aborts the transfer with CURLE_WRITE_ERROR
    }
    t->response.body.append(data, bytes);
    return bytes;
  }

  static curl_socket_t OpenSocket(void* user, curlsocktype purpose, struct curl_sockaddr* addr) {
    auto* t = static_cast<Transfer*>(user);
    if (!t->owner->options_.allow_private && IsPrivateAddress(&addr->addr)) {
      t->refused_ip = AddressText(&addr->addr);
      return CURL_SOCKET_BAD;
    }
    return socket(addr->family, addr->socktype, addr->protocol);
  }
};

bool IsPrivateAddress(const sockaddr* addr) {
  if (addr->sa_family == AF_INET) {
    return IsPrivateV4(ntohl(reinterpret_cast<const sockaddr_in*>(addr)->sin_addr.s_addr));
  }
  if (addr->sa_family == AF_INET6) return IsPrivateV6(reinterpret_cast<const sockaddr_in6*>(addr)->sin6_addr);
  return false;
}

bool IsPrivateIp(std::string_view ip) {
  std::string s(ip);
  in_addr v4;
  if (inet_pton(AF_INET, s.c_str(), &v4) == 1) return IsPrivateV4(ntohl(v4.s_addr));
  in6_addr v6;
  if (inet_pton(AF_INET6, s.c_str(), &v6) == 1) return IsPrivateV6(v6);
  return false;
}

std::optional<double> ParseRetryAfter(std::string_view value, int64_t now_epoch) {
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
  if (value.empty()) return std::nullopt;
  bool digits = true;
  for (char c : value) digits = digits && c >= '0' && c <= '9';
  if (digits) {
    if (value.size() > 9) return 1e9;
    return static_cast<double>(std::stol(std::string(value)));
  }
  std::optional<int64_t> t = ParseHttpDate(value);
  if (!t) return std::nullopt;
  return *t > now_epoch ? static_cast<double>(*t - now_epoch) : 0.0;
}

Fetcher::Fetcher(const FetchOptions& options, const CurlLibrary* curl) : options_(options), curl_(curl) {}

Result<std::unique_ptr<Fetcher>> Fetcher::Create(const FetchOptions& options) {
  Result<const CurlLibrary*> loaded = LoadCurl();
  if (!loaded.ok()) return loaded.status();
  const CurlLibrary* curl = *loaded;
  std::unique_ptr<Fetcher> f(new Fetcher(options, curl));
  CURLM* multi = curl->multi_init();
  if (multi == nullptr) return Status::Internal("curl_multi_init failed");
  f->multi_ = multi;
  curl->multi_setopt(multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, options.max_connections);
  curl->multi_setopt(multi, CURLMOPT_MAX_HOST_CONNECTIONS, options.max_host_connections);
  curl->multi_setopt(multi, CURLMOPT_MAXCONNECTS, options.max_connections);
  curl->multi_setopt(multi, CURLMOPT_PIPELINING, long{CURLPIPE_MULTIPLEX});
  return f;
}

Fetcher::~Fetcher() {
  CancelAll();
  for (void* h : idle_handles_) curl_->easy_cleanup(static_cast<CURL*>(h));
  if (multi_ != nullptr) curl_->multi_cleanup(static_cast<CURLM*>(multi_));
}

void Fetcher::Start(const FetchRequest& request) {
  auto t = std::make_unique<Transfer>();
  t->owner = this;
  t->response.id = request.id;
  t->response.url = request.url;
  bool is_file = request.url.compare(0, 7, "file://") == 0 || request.url.compare(0, 7, "FILE://") == 0;
  if (is_file && !request.allow_file) {
    t->response.error = Status::InvalidArgument("GET " + request.url + ": file:// URLs are only read when named on the command line");
    immediate_.push_back(std::move(t->response));
    return;
  }
  CURL* easy = nullptr;
  if (!idle_handles_.empty()) {
    easy = static_cast<CURL*>(idle_handles_.back());
    idle_handles_.pop_back();
    curl_->easy_reset(easy);
  } else {
    easy = curl_->easy_init();
  }
  if (easy == nullptr) {
    t->response.error = Status::Internal("curl_easy_init failed");
    immediate_.push_back(std::move(t->response));
    return;
  }
  t->easy = easy;
  curl_->easy_setopt(easy, CURLOPT_URL, request.url.c_str());
  curl_->easy_setopt(easy, CURLOPT_PRIVATE, t.get());
  curl_->easy_setopt(easy, CURLOPT_ERRORBUFFER, t->errbuf);
  curl_->easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
  curl_->easy_setopt(easy, CURLOPT_PROTOCOLS_STR, request.allow_file ? "http,https,file" : "http,https");
  curl_->easy_setopt(easy, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_->easy_setopt(easy, CURLOPT_FOLLOWLOCATION, request.follow_redirects ? 1L : 0L);
  curl_->easy_setopt(easy, CURLOPT_MAXREDIRS, 5L);
  curl_->easy_setopt(easy, CURLOPT_USERAGENT, options_.user_agent.c_str());
  curl_->easy_setopt(easy, CURLOPT_ACCEPT_ENCODING, "");  // every encoding libcurl decodes
  curl_->easy_setopt(easy, CURLOPT_HTTP_VERSION, options_.http2 ? long{CURL_HTTP_VERSION_2TLS} : long{CURL_HTTP_VERSION_1_1});
  curl_->easy_setopt(easy, CURLOPT_PIPEWAIT, 1L);
  curl_->easy_setopt(easy, CURLOPT_TCP_KEEPALIVE, 1L);
  curl_->easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options_.connect_timeout_seconds * 1000));
  curl_->easy_setopt(easy, CURLOPT_TIMEOUT_MS, static_cast<long>(options_.total_timeout_seconds * 1000));
  curl_->easy_setopt(easy, CURLOPT_LOW_SPEED_LIMIT, options_.low_speed_bytes);
  curl_->easy_setopt(easy, CURLOPT_LOW_SPEED_TIME, options_.low_speed_seconds);
  curl_->easy_setopt(easy, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(options_.max_body_bytes));
  curl_->easy_setopt(easy, CURLOPT_PROXY, "");  // environment proxies would defeat the address check
  curl_->easy_setopt(easy, CURLOPT_WRITEFUNCTION, &Transfer::Write);
  curl_->easy_setopt(easy, CURLOPT_WRITEDATA, t.get());
  curl_->easy_setopt(easy, CURLOPT_OPENSOCKETFUNCTION, &Transfer::OpenSocket);
  curl_->easy_setopt(easy, CURLOPT_OPENSOCKETDATA, t.get());
  t->headers = curl_->slist_append(t->headers,
      "Accept: text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
      "application/feed+json,application/xml;q=0.9,*/*;q=0.8");
  if (!request.if_none_match.empty()) {
    t->headers = curl_->slist_append(t->headers, ("If-None-Match: " + request.if_none_match).c_str());
  }
  if (!request.if_modified_since.empty()) {
    t->headers = curl_->slist_append(t->headers, ("If-Modified-Since: " + request.if_modified_since).c_str());
  }
  curl_->easy_setopt(easy, CURLOPT_HTTPHEADER, t->headers);
  CURLMcode mc = curl_->multi_add_handle(static_cast<CURLM*>(multi_), easy);
  if (mc != CURLM_OK) {
    t->response.error = Status::Internal(std::string("curl_multi_add_handle: ") + curl_->multi_strerror(mc));
    curl_->slist_free_all(t->headers);
    curl_->easy_cleanup(easy);
    immediate_.push_back(std::move(t->response));
    return;
  }
  ++in_flight_;
  active_.insert(t.get());
  t.release();  // owned through CURLOPT_PRIVATE until Finish or CancelAll
}

void Fetcher::Finish(Transfer* raw, int curl_code, std::vector<FetchResponse>* done) {
  std::unique_ptr<Transfer> t(raw);
  active_.erase(raw);
  CURL* easy = t->easy;
  auto code = static_cast<CURLcode>(curl_code);
  FetchResponse& r = t->response;
  long status = 0;
  curl_->easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
  char* s = nullptr;
  if (curl_->easy_getinfo(easy, CURLINFO_EFFECTIVE_URL, &s) == CURLE_OK && s != nullptr) r.effective_url = s;
  s = nullptr;
  if (curl_->easy_getinfo(easy, CURLINFO_CONTENT_TYPE, &s) == CURLE_OK && s != nullptr) r.content_type = s;
  s = nullptr;
  if (curl_->easy_getinfo(easy, CURLINFO_PRIMARY_IP, &s) == CURLE_OK && s != nullptr) r.primary_ip = s;
  double total = 0;
  curl_->easy_getinfo(easy, CURLINFO_TOTAL_TIME, &total);
  r.seconds = total;
  bool is_file = r.effective_url.compare(0, 7, "file://") == 0;
  if (code == CURLE_OK) {
    r.http_status = is_file ? 200 : status;
    s = nullptr;
    if (r.http_status >= 300 && r.http_status < 400 &&
        curl_->easy_getinfo(easy, CURLINFO_REDIRECT_URL, &s) == CURLE_OK && s != nullptr) {
      r.redirect_url = s;
    }
    if (!is_file) {
      r.etag = Header(*curl_, easy, "ETag");
      r.last_modified = Header(*curl_, easy, "Last-Modified");
      r.retry_after = Header(*curl_, easy, "Retry-After");
    }
  } else {
    std::string what;
    if (t->too_large || code == CURLE_FILESIZE_EXCEEDED) {
      what = "body larger than " + std::to_string(options_.max_body_bytes) + " bytes";
    } else if (!t->refused_ip.empty()) {
      what = "refused to connect to private address " + t->refused_ip + " (see --allow-private)";
    } else if (code == CURLE_OPERATION_TIMEDOUT) {
      what = std::string("timed out (") + (t->errbuf[0] ? t->errbuf : curl_->easy_strerror(code)) + ")";
    } else {
      what = t->errbuf[0] ? t->errbuf : curl_->easy_strerror(code);
    }
    r.error = Status::Unavailable("GET " + r.url + ": " + what);
    r.retryable = Retryable(code) && t->refused_ip.empty() && !t->too_large;
    r.body.clear();
  }
  curl_->multi_remove_handle(static_cast<CURLM*>(multi_), easy);
  curl_->slist_free_all(t->headers);
  --in_flight_;
  idle_handles_.push_back(easy);
  done->push_back(std::move(r));
}

void Fetcher::Poll(int timeout_ms, std::vector<FetchResponse>* done) {
  auto* multi = static_cast<CURLM*>(multi_);
  for (FetchResponse& r : immediate_) done->push_back(std::move(r));
  bool had_immediate = !immediate_.empty();
  immediate_.clear();
  int running = 0;
  curl_->multi_perform(multi, &running);
  auto collect = [&] {
    int left = 0;
    while (CURLMsg* msg = curl_->multi_info_read(multi, &left)) {
      if (msg->msg != CURLMSG_DONE) continue;
      Transfer* t = nullptr;
      curl_->easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, reinterpret_cast<char**>(&t));
      CURLcode code = msg->data.result;
      if (t != nullptr) Finish(t, code, done);
    }
  };
  collect();
  if (had_immediate || !done->empty()) return;
  curl_->multi_poll(multi, nullptr, 0, timeout_ms, nullptr);
  curl_->multi_perform(multi, &running);
  collect();
}

void Fetcher::CancelAll() {
  auto* multi = static_cast<CURLM*>(multi_);
  for (Transfer* t : active_) {
    curl_->multi_remove_handle(multi, t->easy);
    curl_->slist_free_all(t->headers);
    idle_handles_.push_back(t->easy);
    delete t;
  }
  active_.clear();
  in_flight_ = 0;
  immediate_.clear();
}

void Fetcher::Wakeup() { curl_->multi_wakeup(static_cast<CURLM*>(multi_)); }

}  // namespace newsintel
