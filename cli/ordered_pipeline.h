// OrderedPipeline: runs work items on threads, consumes results in input order.
//
//   OrderedPipeline<std::string>(files.size(), jobs, 64,
//       [&](size_t i) { return Render(files[i]); },
//       [&](size_t i, std::string s) { out << s; });
#ifndef NEWSINTEL_CLI_ORDERED_PIPELINE_H_
#define NEWSINTEL_CLI_ORDERED_PIPELINE_H_

#include <algorithm>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace newsintel {
namespace cli {

// Runs `work(i)` (returning T) for i in [0, n) on `jobs` threads, the calling
// thread included, and hands the results to `consume(i, T)` on the calling
// thread, in order, keeping at most `window` results in flight. The caller
// consumes whatever is ready first and works only when the next result is not
// ready, so a slow consumer (a database writer) gets the caller's whole time
// and a fast one (printing) leaves the caller a worker like the others.
// Items are taken a few at a time and published together, and a thread wakes
// another only when that one waits for what was published: a wake-up per item
// cost more than the work on small documents. With jobs <= 1 everything runs
// on the caller.
// REQUIRES: `work` is safe to call concurrently; window >= 1.
template <typename T, typename Work, typename Consume>
void OrderedPipeline(size_t n, int jobs, size_t window, Work work, Consume consume) {
  if (jobs <= 1 || n <= 1) {
    for (size_t i = 0; i < n; ++i) consume(i, work(i));
    return;
  }
  const size_t chunk = std::max<size_t>(1, std::min<size_t>(16, window / (2 * static_cast<size_t>(jobs))));
  std::mutex mu;
  std::condition_variable ready_cv, space_cv;
  // Item i waits in slots[i % window]: items in flight lie in
  // [consumed, consumed + window), so no two of them share a slot.
  std::vector<std::unique_ptr<T>> slots(std::min(n, window));
  size_t next = 0, consumed = 0;
  bool consumer_waiting = false;
  int workers_waiting = 0;
  // Takes the next chunk under `mu`: false when there is none to take now.
  auto take = [&](size_t* first, size_t* last) {
    if (next >= n || next >= consumed + window) return false;
    *first = next;
    *last = std::min({n, next + chunk, consumed + window});
    next = *last;
    return true;
  };
  // Works items [first, last) outside `mu`, then publishes them under it.
  // Returns whether the consumer waits for one of them.
  auto run = [&](size_t first, size_t last, std::vector<std::unique_ptr<T>>* done) {
    done->clear();
    for (size_t i = first; i < last; ++i) done->push_back(std::make_unique<T>(work(i)));
    std::lock_guard<std::mutex> lock(mu);
    for (size_t i = first; i < last; ++i) slots[i % slots.size()] = std::move((*done)[i - first]);
    return consumer_waiting && consumed >= first && consumed < last;
  };
  std::vector<std::thread> threads;
  for (int t = 1; t < jobs; ++t) {
    threads.emplace_back([&]() {
      std::vector<std::unique_ptr<T>> done;
      while (true) {
        size_t first, last;
        {
          std::unique_lock<std::mutex> lock(mu);
          bool got = false;
          ++workers_waiting;
          space_cv.wait(lock, [&]() {
            got = take(&first, &last);
            return got || next >= n;
          });
          --workers_waiting;
          if (!got) return;
        }
        if (run(first, last, &done)) ready_cv.notify_one();
      }
    });
  }
  std::vector<std::unique_ptr<T>> done;
  for (size_t i = 0; i < n; ++i) {
    std::unique_ptr<T> result;
    bool wake = false;
    {
      std::unique_lock<std::mutex> lock(mu);
      std::unique_ptr<T>& slot = slots[i % slots.size()];
      while (slot == nullptr) {
        size_t first, last;
        if (take(&first, &last)) {
          lock.unlock();
          run(first, last, &done);
          lock.lock();
          continue;
        }
        consumer_waiting = true;
        ready_cv.wait(lock, [&]() { return slot != nullptr; });
        consumer_waiting = false;
      }
      result = std::move(slot);
      consumed = i + 1;
      wake = workers_waiting > 0;
    }
    if (wake) space_cv.notify_all();
    consume(i, std::move(*result));
  }
  for (std::thread& t : threads) t.join();
}

}  // namespace cli
}  // namespace newsintel

#endif  // NEWSINTEL_CLI_ORDERED_PIPELINE_H_
