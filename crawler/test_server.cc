#include "crawler/test_server.h"

#include <algorithm>
#include <set>

namespace newsintel {
namespace testing {

TestServer::TestServer() {
  server_.set_keep_alive_max_count(100000);
  server_.set_tcp_nodelay(true);
  server_.new_task_queue = [] { return new httplib::ThreadPool(16); };
  server_.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response&) {
    Hit hit;
    hit.path = req.path;
    if (!req.params.empty()) {
      std::string q;
      for (const auto& [k, v] : req.params) q += (q.empty() ? "?" : "&") + k + "=" + v;
      hit.path += q;
    }
    hit.at = std::chrono::steady_clock::now();
    hit.remote_port = req.remote_port;
    for (const auto& [k, v] : req.headers) {
      std::string name = k;
      std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
      hit.headers[name] = v;
    }
    std::lock_guard<std::mutex> lock(mu_);
    hits_.push_back(std::move(hit));
    return httplib::Server::HandlerResponse::Unhandled;
  });
}

TestServer::~TestServer() {
  server_.stop();
  if (thread_.joinable()) thread_.join();
}

void TestServer::Start() {
  port_ = server_.bind_to_any_port("127.0.0.1");
  thread_ = std::thread([this] { server_.listen_after_bind(); });
  while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

std::string TestServer::Url(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(port_) + path;
}

std::vector<TestServer::Hit> TestServer::Hits() const {
  std::lock_guard<std::mutex> lock(mu_);
  return hits_;
}

int TestServer::Count(const std::string& path) const {
  std::lock_guard<std::mutex> lock(mu_);
  return static_cast<int>(std::count_if(hits_.begin(), hits_.end(), [&](const Hit& h) { return h.path == path; }));
}

int TestServer::Connections() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::set<int> ports;
  for (const Hit& h : hits_) ports.insert(h.remote_port);
  return static_cast<int>(ports.size());
}

double TestServer::MinGap(const std::string& prefix) const {
  std::vector<std::chrono::steady_clock::time_point> times;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (const Hit& h : hits_) {
      if (h.path.compare(0, prefix.size(), prefix) == 0) times.push_back(h.at);
    }
  }
  std::sort(times.begin(), times.end());
  double gap = 1e9;
  for (size_t i = 1; i < times.size(); ++i) {
    gap = std::min(gap, std::chrono::duration<double>(times[i] - times[i - 1]).count());
  }
  return gap;
}

}  // namespace testing
}  // namespace newsintel
