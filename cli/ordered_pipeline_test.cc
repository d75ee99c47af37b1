#include "cli/ordered_pipeline.h"

#include <atomic>
#include <chrono>
#include <mutex>
#include <set>
#include <string>
#include <thread>

#include "gtest/gtest.h"

namespace newsintel {
namespace cli {
namespace {

TEST(OrderedPipelineTest, ConsumesEveryResultOnceInInputOrder) {
  for (int jobs : {1, 2, 3, 8}) {
    for (size_t window : {1, 2, 7, 64}) {
      for (size_t n : {0, 1, 2, 5, 1000}) {
        SCOPED_TRACE("jobs " + std::to_string(jobs) + " window " + std::to_string(window) + " n " +
                     std::to_string(n));
        std::atomic<int> in_flight{0}, worked{0};
        size_t expected = 0;
        OrderedPipeline<std::string>(
            n, jobs, window,
            [&](size_t i) {
              ++worked;
              // Uneven work, so that results arrive out of order.
              if (i % 7 == 3) std::this_thread::sleep_for(std::chrono::microseconds(50));
              return std::to_string(i * i);
            },
            [&](size_t i, std::string s) {
              EXPECT_EQ(i, expected);
              EXPECT_EQ(s, std::to_string(i * i));
              ++expected;
            });
        EXPECT_EQ(expected, n);
        EXPECT_EQ(worked.load(), static_cast<int>(n));
        (void)in_flight;
      }
    }
  }
}

TEST(OrderedPipelineTest, KeepsAtMostTheWindowInFlight) {
  const size_t window = 4;
  std::atomic<size_t> consumed{0};
  std::atomic<size_t> max_ahead{0};
  OrderedPipeline<int>(
      500, 3, window,
      [&](size_t i) {
        size_t ahead = i - std::min(i, consumed.load());
        size_t seen = max_ahead.load();
        while (ahead > seen && !max_ahead.compare_exchange_weak(seen, ahead)) {
        }
        return static_cast<int>(i);
      },
      [&](size_t i, int v) {
        EXPECT_EQ(static_cast<size_t>(v), i);
        consumed = i + 1;
      });
  EXPECT_EQ(consumed.load(), 500u);
  EXPECT_LT(max_ahead.load(), window + 1);
}

// The calling thread is one of the `jobs` threads: it works when the next
// result is not ready, so `jobs` threads work in all, the caller included.
TEST(OrderedPipelineTest, CallerIsOneOfTheWorkers) {
  std::mutex mu;
  std::set<std::thread::id> workers;
  size_t expected = 0;
  OrderedPipeline<size_t>(
      200, 2, 64,
      [&](size_t i) {
        std::this_thread::sleep_for(std::chrono::microseconds(200));
        std::lock_guard<std::mutex> lock(mu);
        workers.insert(std::this_thread::get_id());
        return i;
      },
      [&](size_t i, size_t v) {
        EXPECT_EQ(i, expected++);
        EXPECT_EQ(v, i);
      });
  EXPECT_EQ(expected, 200u);
  EXPECT_EQ(workers.size(), 2u);
  EXPECT_EQ(workers.count(std::this_thread::get_id()), 1u);
}

// A consumer slower than the work (a database writer) is fed without gaps,
// and nothing runs more than the window ahead of it.
TEST(OrderedPipelineTest, SlowConsumerGetsEverythingInOrder) {
  std::atomic<size_t> consumed{0};
  std::atomic<size_t> max_ahead{0};
  OrderedPipeline<size_t>(
      300, 3, 8,
      [&](size_t i) {
        size_t ahead = i - std::min(i, consumed.load());
        size_t seen = max_ahead.load();
        while (ahead > seen && !max_ahead.compare_exchange_weak(seen, ahead)) {
        }
        return i * 3;
      },
      [&](size_t i, size_t v) {
        EXPECT_EQ(v, i * 3);
        EXPECT_EQ(i, consumed.load());
        std::this_thread::sleep_for(std::chrono::microseconds(100));
        consumed = i + 1;
      });
  EXPECT_EQ(consumed.load(), 300u);
  EXPECT_LT(max_ahead.load(), 9u);
}

}  // namespace
}  // namespace cli
}  // namespace newsintel
