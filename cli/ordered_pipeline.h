// OrderedPipeline: runs work items on threads, consumes results in input order.
//
//   OrderedPipeline<std::string>(files.size(), jobs, 64,
//       [&](size_t i) { return Render(files[i]); },
//       [&](size_t i, std::string s) { out << s; });
#ifndef NEWSINTEL_CLI_ORDERED_PIPELINE_H_
#define NEWSINTEL_CLI_ORDERED_PIPELINE_H_

#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace newsintel {
namespace cli {

// Runs `work(i)` (returning T) for i in [0, n) on `jobs` threads and hands the
// results to `consume(i, T)` on the calling thread, in order, keeping at most
// `window` results in flight. With jobs <= 1 everything runs on the caller.
// REQUIRES: `work` is safe to call concurrently; window >= 1.
template <typename T, typename Work, typename Consume>
void OrderedPipeline(size_t n, int jobs, size_t window, Work work, Consume consume) {
  if (jobs <= 1 || n <= 1) {
    for (size_t i = 0; i < n; ++i) consume(i, work(i));
    return;
  }
  std::mutex mu;
  std::condition_variable ready_cv, space_cv;
  std::vector<std::unique_ptr<T>> slots(n);
  size_t next = 0, consumed = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < jobs; ++t) {
    threads.emplace_back([&]() {
      while (true) {
        size_t i;
        {
          std::unique_lock<std::mutex> lock(mu);
          space_cv.wait(lock, [&]() { return next >= n || next < consumed + window; });
          if (next >= n) return;
          i = next++;
        }
        auto result = std::make_unique<T>(work(i));
        {
          std::lock_guard<std::mutex> lock(mu);
          slots[i] = std::move(result);
        }
        ready_cv.notify_all();
      }
    });
  }
  for (size_t i = 0; i < n; ++i) {
    std::unique_ptr<T> result;
    {
      std::unique_lock<std::mutex> lock(mu);
      ready_cv.wait(lock, [&]() { return slots[i] != nullptr; });
      result = std::move(slots[i]);
      consumed = i + 1;
    }
    space_cv.notify_all();
    consume(i, std::move(*result));
  }
  for (std::thread& t : threads) t.join();
}

}  // namespace cli
}  // namespace newsintel

#endif  // NEWSINTEL_CLI_ORDERED_PIPELINE_H_
