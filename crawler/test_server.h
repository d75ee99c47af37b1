// An HTTP server inside the test process (cpp-httplib on 127.0.0.1 and a
// random port) that records when each request arrived.
//
//   TestServer s;
//   s.http().Get("/a", [](const httplib::Request&, httplib::Response& res) { res.set_content("hi", "text/plain"); });
//   s.Start();
//   Fetch(s.Url("/a"));
//   EXPECT_EQ(s.Count("/a"), 1);
#ifndef NEWSINTEL_CRAWLER_TEST_SERVER_H_
#define NEWSINTEL_CRAWLER_TEST_SERVER_H_

#include <httplib.h>

#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace newsintel {
namespace testing {

// Owns the server and its listening thread. Routes must be added before
// Start(). Hits() and Count() are thread-safe.
class TestServer {
 public:
  struct Hit {
    std::string path;  // with the query, if any
    std::chrono::steady_clock::time_point at;
    std::map<std::string, std::string> headers;  // lower-case names
    int remote_port = 0;  // one per TCP connection: shows keep-alive
  };

  TestServer();
  ~TestServer();

  httplib::Server& http() { return server_; }
  void Start();
  int port() const { return port_; }
  std::string Url(const std::string& path) const;

  std::vector<Hit> Hits() const;
  int Count(const std::string& path) const;
  // Distinct client connections seen.
  int Connections() const;
  // The smallest gap between two consecutive requests, in seconds (paths
  // starting with `prefix` only, all if empty); a large value when < 2 hits.
  double MinGap(const std::string& prefix = "") const;

 private:
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
  mutable std::mutex mu_;
  std::vector<Hit> hits_;
};

}  // namespace testing
}  // namespace newsintel

#endif  // NEWSINTEL_CRAWLER_TEST_SERVER_H_
