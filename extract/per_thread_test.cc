#include "extract/per_thread.h"

#include <atomic>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace newsintel {
namespace {

struct Value {
  int n = 0;
};

// Runs `threads` threads that all call Get() once they are all started (so
// that none ends before the others have their object), then a second time;
// returns the objects they got. Fails the test if a thread's two calls differ.
std::vector<const Value*> GetFromThreads(const PerThread<Value>& pt, int threads) {
  std::vector<const Value*> got(threads);
  std::atomic<int> started{0};
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      ++started;
      while (started.load() < threads) std::this_thread::yield();
      got[t] = &pt.Get();
      EXPECT_EQ(&pt.Get(), got[t]);
    });
  }
  for (auto& th : pool) th.join();
  return got;
}

TEST(PerThreadTest, OneThreadUsesTheOriginalAndMakesNoCopy) {
  int made = 0;
  auto pt = PerThread<Value>::Create(std::make_unique<Value>(Value{7}), [&] {
    ++made;
    return std::make_unique<Value>(Value{7});
  });
  EXPECT_EQ(&pt->Get(), &pt->original());
  EXPECT_EQ(&pt->Get(), &pt->original());
  EXPECT_EQ(made, 0);
}

TEST(PerThreadTest, EachThreadGetsItsOwnObject) {
  std::atomic<int> made{0};
  auto pt = PerThread<Value>::Create(std::make_unique<Value>(Value{7}), [&] {
    ++made;
    return std::make_unique<Value>(Value{7});
  });
  std::vector<const Value*> got = GetFromThreads(*pt, 4);
  std::set<const Value*> distinct(got.begin(), got.end());
  EXPECT_EQ(distinct.size(), 4u);
  EXPECT_EQ(distinct.count(&pt->original()), 1u);
  EXPECT_EQ(made.load(), 3);
  for (const Value* v : got) EXPECT_EQ(v->n, 7);
}

TEST(PerThreadTest, ThreadsBeyondTheLanesShareTheOriginal) {
  std::atomic<int> made{0};
  auto pt = PerThread<Value>::Create(std::make_unique<Value>(Value{1}), [&] {
    ++made;
    return std::make_unique<Value>(Value{1});
  });
  const int threads = PerThread<Value>::kLanes + 3;
  std::vector<const Value*> got = GetFromThreads(*pt, threads);
  std::set<const Value*> distinct(got.begin(), got.end());
  EXPECT_EQ(distinct.size(), static_cast<size_t>(PerThread<Value>::kLanes));
  EXPECT_EQ(made.load(), PerThread<Value>::kLanes - 1);
  int on_original = 0;
  for (const Value* v : got) on_original += v == &pt->original();
  EXPECT_EQ(on_original, 4);  // the first caller and the three beyond the lanes
}

TEST(PerThreadTest, AFailedCopyFallsBackToTheOriginal) {
  auto pt = PerThread<Value>::Create(std::make_unique<Value>(Value{3}),
                                     [] { return std::unique_ptr<Value>(); });
  std::vector<const Value*> got = GetFromThreads(*pt, 3);
  for (const Value* v : got) EXPECT_EQ(v, &pt->original());
}

TEST(PerThreadTest, RE2CopiesMatchAsTheOriginal) {
  RE2::Options options;
  options.set_longest_match(true);
  auto pt = PerThreadRE2(std::make_unique<RE2>("(?:^|[^a-z])(?:cent|cents|mille)", options));
  std::string text = "trois cents mille";
  std::vector<std::string> found(3);
  std::vector<const RE2*> res(3);
  std::vector<std::thread> pool;
  for (int t = 0; t < 3; ++t) {
    pool.emplace_back([&, t] {
      re2::StringPiece m;
      const RE2& re = pt->Get();
      res[t] = &re;
      if (re.Match(text, 0, text.size(), RE2::UNANCHORED, &m, 1)) found[t] = std::string(m);
    });
  }
  for (auto& th : pool) th.join();
  for (int t = 0; t < 3; ++t) {
    EXPECT_EQ(found[t], " cents");
    EXPECT_EQ(res[t]->pattern(), pt->original().pattern());
    EXPECT_TRUE(res[t]->options().longest_match());
  }
}

TEST(PerThreadTest, SetCopiesMatchAsTheOriginal) {
  RE2::Options options;
  std::vector<std::string> patterns = {"^lire aussi", "^a voir", "publicite$"};
  auto set = std::make_unique<RE2::Set>(options, RE2::ANCHOR_START);
  std::string error;
  for (const auto& p : patterns) ASSERT_GE(set->Add(p, &error), 0) << error;
  ASSERT_TRUE(set->Compile());
  auto pt = PerThreadSet(std::move(set), patterns, options, RE2::ANCHOR_START);
  std::vector<std::vector<int>> ids(3);
  std::vector<std::thread> pool;
  for (int t = 0; t < 3; ++t) {
    pool.emplace_back([&, t] { pt->Get().Match("a voir aussi", &ids[t]); });
  }
  for (auto& th : pool) th.join();
  for (int t = 0; t < 3; ++t) EXPECT_EQ(ids[t], std::vector<int>{1});
}

}  // namespace
}  // namespace newsintel
