// PerThread<T>: a read-only object of which each thread that uses it, up to
// kLanes threads, gets a copy of its own, made on first use.
//
//   auto re = PerThread<RE2>::Create(std::make_unique<RE2>(pattern, options),
//                                    [=] { return std::make_unique<RE2>(pattern, options); });
//   re->Get().Match(text, 0, text.size(), RE2::UNANCHORED, &m, 1);
//
// Meant for RE2 and RE2::Set: every search takes a reader lock on the
// object's DFA cache, a counter in memory that two cores searching the same
// object at once hand back and forth, call after call. With a copy per thread
// each core keeps its own lock and cache.
#ifndef NEWSINTEL_EXTRACT_PER_THREAD_H_
#define NEWSINTEL_EXTRACT_PER_THREAD_H_

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <re2/re2.h>
#include <re2/set.h>

namespace newsintel {

// The first thread to call Get() uses the original (no copy is made in a
// one-thread program); the next kLanes - 1 threads each get a copy made by
// the factory; threads beyond them share the original. A lane stays with its
// thread's id: a thread started after another ended may reuse its id, and then
// its copy, which is safe since the two never run at once.
// Thread-safe; Get() takes no lock. Owns the original and the copies.
template <typename T>
class PerThread {
 public:
  static constexpr int kLanes = 8;
  using Factory = std::function<std::unique_ptr<T>()>;

  // REQUIRES: `original` is not null; `make` returns an object that behaves
  // as `original` does (or null, and the thread then shares the original).
  static std::unique_ptr<PerThread> Create(std::unique_ptr<T> original, Factory make) {
    return std::unique_ptr<PerThread>(new PerThread(std::move(original), std::move(make)));
  }

  PerThread(const PerThread&) = delete;
  PerThread& operator=(const PerThread&) = delete;

  // The calling thread's object.
  const T& Get() const {
    const std::thread::id me = std::this_thread::get_id();
    for (int i = 0; i < kLanes; ++i) {
      std::thread::id owner = owners_[i].load(std::memory_order_relaxed);
      if (owner == me) return i == 0 || copies_[i] == nullptr ? *original_ : *copies_[i];
      if (owner == std::thread::id()) {
        // Free: claim it, or go on if another thread just did.
        if (owners_[i].compare_exchange_strong(owner, me, std::memory_order_acq_rel)) {
          if (i > 0) copies_[i] = make_();
          return i == 0 || copies_[i] == nullptr ? *original_ : *copies_[i];
        }
      }
    }
    return *original_;
  }

  // The object the others were copied from.
  const T& original() const { return *original_; }

 private:
  PerThread(std::unique_ptr<T> original, Factory make)
      : original_(std::move(original)), make_(std::move(make)) {
    for (auto& owner : owners_) owner.store(std::thread::id(), std::memory_order_relaxed);
  }

  std::unique_ptr<T> original_;
  Factory make_;
  mutable std::atomic<std::thread::id> owners_[kLanes];  // default id: free
  // copies_[i] is written and read only by the thread owning lane i.
  mutable std::unique_ptr<T> copies_[kLanes];
};

// `re` (compiled, ok()) shared by threads, each copy compiled again from its
// pattern and options.
inline std::unique_ptr<PerThread<re2::RE2>> PerThreadRE2(std::unique_ptr<re2::RE2> re) {
  const re2::RE2* original = re.get();
  return PerThread<re2::RE2>::Create(std::move(re), [original] {
    return std::make_unique<re2::RE2>(original->pattern(), original->options());
  });
}

// `set` (compiled from `patterns`, in this order, with `options` and
// `anchor`) shared by threads, each copy compiled again the same way.
inline std::unique_ptr<PerThread<re2::RE2::Set>> PerThreadSet(std::unique_ptr<re2::RE2::Set> set,
                                                              std::vector<std::string> patterns,
                                                              const re2::RE2::Options& options,
                                                              re2::RE2::Anchor anchor) {
  return PerThread<re2::RE2::Set>::Create(
      std::move(set), [patterns = std::move(patterns), options, anchor]() -> std::unique_ptr<re2::RE2::Set> {
        auto copy = std::make_unique<re2::RE2::Set>(options, anchor);
        std::string error;
        for (const std::string& p : patterns) {
          if (copy->Add(p, &error) < 0) return nullptr;
        }
        if (!copy->Compile()) return nullptr;
        return copy;
      });
}

}  // namespace newsintel

#endif  // NEWSINTEL_EXTRACT_PER_THREAD_H_
