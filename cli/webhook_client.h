// WebhookClient: the libcurl implementation of kb's WebhookSender.
//
//   WebhookClient client;                       // default time-outs
//   Status st = client.Post("https://hooks.example/x", body, "3f9a...");
//
// Sends `body` as a JSON POST with headers Content-Type: application/json and
// Idempotency-Key; only http and https, no redirects followed. OK for a 2xx
// response; Unavailable for a connection failure, a time-out or a 5xx;
// InvalidArgument for another status.
#ifndef NEWSINTEL_CLI_WEBHOOK_CLIENT_H_
#define NEWSINTEL_CLI_WEBHOOK_CLIENT_H_

#include <string>

#include "kb/alerts.h"

namespace newsintel {

struct WebhookClientOptions {
  long connect_timeout_ms = 5000;  // default 5 s
  long total_timeout_ms = 15000;   // default 15 s for the whole request
  std::string user_agent = "newsintel-alerts/0.1";
};

// Stateless between calls (one curl handle per Post); safe to use from one
// thread at a time. libcurl is loaded by the first Post (crawler/
// curl_library.h), not by the constructor: ingest builds one without
// necessarily sending anything. Post returns the load error (NotFound).
class WebhookClient : public WebhookSender {
 public:
  explicit WebhookClient(WebhookClientOptions options = WebhookClientOptions()) : options_(std::move(options)) {}
  Status Post(const std::string& url, const std::string& json_body, const std::string& idempotency_key) override;

 private:
  WebhookClientOptions options_;
};

}  // namespace newsintel

#endif  // NEWSINTEL_CLI_WEBHOOK_CLIENT_H_
