#include "cli/webhook_client.h"

#include <curl/curl.h>

#include <memory>

#include "crawler/curl_library.h"

namespace newsintel {
namespace {

size_t Discard(char*, size_t size, size_t n, void*) { return size * n; }

struct CurlDeleter {
  const CurlLibrary* curl;
  void operator()(CURL* c) const { curl->easy_cleanup(c); }
};
struct SlistDeleter {
  const CurlLibrary* curl;
  void operator()(curl_slist* l) const { curl->slist_free_all(l); }
};

}  // namespace

Status WebhookClient::Post(const std::string& url, const std::string& json_body, const std::string& idempotency_key) {
  Result<const CurlLibrary*> loaded = LoadCurl();
  if (!loaded.ok()) return loaded.status();
  const CurlLibrary* lib = *loaded;
  std::unique_ptr<CURL, CurlDeleter> curl(lib->easy_init(), CurlDeleter{lib});
  if (!curl) return Status::Internal("curl_easy_init failed");
  curl_slist* raw = nullptr;
  raw = lib->slist_append(raw, "Content-Type: application/json; charset=utf-8");
  raw = lib->slist_append(raw, ("Idempotency-Key: " + idempotency_key).c_str());
  raw = lib->slist_append(raw, "Expect:");
  std::unique_ptr<curl_slist, SlistDeleter> headers(raw, SlistDeleter{lib});
  CURL* c = curl.get();
  lib->easy_setopt(c, CURLOPT_URL, url.c_str());
  lib->easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  lib->easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
  lib->easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  lib->easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, options_.connect_timeout_ms);
  lib->easy_setopt(c, CURLOPT_TIMEOUT_MS, options_.total_timeout_ms);
  lib->easy_setopt(c, CURLOPT_USERAGENT, options_.user_agent.c_str());
  lib->easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
  lib->easy_setopt(c, CURLOPT_POST, 1L);
  lib->easy_setopt(c, CURLOPT_POSTFIELDS, json_body.data());
  lib->easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(json_body.size()));
  lib->easy_setopt(c, CURLOPT_WRITEFUNCTION, Discard);
  char error[CURL_ERROR_SIZE] = {0};
  lib->easy_setopt(c, CURLOPT_ERRORBUFFER, error);
  CURLcode rc = lib->easy_perform(c);
  if (rc != CURLE_OK) {
    return Status::Unavailable(std::string("POST failed: ") + (error[0] != '\0' ? error : lib->easy_strerror(rc)));
  }
  long code = 0;
  lib->easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
  if (code >= 200 && code < 300) return Status::OK();
  std::string msg = "POST answered HTTP " + std::to_string(code);
  if (code >= 500 || code == 408 || code == 429) return Status::Unavailable(msg);
  return Status::InvalidArgument(msg);
}

}  // namespace newsintel
