// CueFinder: Find(), which runs a pattern only where a prefix derived from its
// syntax occurs, gives the same hits as FindPlain() (RE2::Set over the range,
// then each pattern's own RE2) for any patterns and text.
//
// Input: up to four patterns separated by tabs, a newline, then the text; the
// first two bytes of the text choose the range searched.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "extract/cue_finder.h"
#include "fuzz/fuzz_util.h"

namespace {

std::vector<std::tuple<int, uint32_t, uint32_t>> Sorted(const std::vector<newsintel::CueFinder::Hit>& hits) {
  std::vector<std::tuple<int, uint32_t, uint32_t>> out;
  for (const auto& h : hits) out.emplace_back(h.pattern, h.begin, h.end);
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  size_t newline = input.find('\n');
  if (newline == std::string_view::npos) return 0;
  std::string_view patterns = input.substr(0, newline);
  std::string_view text = input.substr(newline + 1);

  RE2::Options options;
  options.set_log_errors(false);
  options.set_max_mem(8 << 20);
  newsintel::CueFinder finder(options);
  int added = 0;
  while (added < 4) {
    size_t tab = patterns.find('\t');
    std::string pattern(patterns.substr(0, tab));
    std::string error;
    if (!pattern.empty() && finder.Add(pattern, added % 2 == 0 ? 1u : 3u, &error) >= 0) ++added;
    if (tab == std::string_view::npos) break;
    patterns.remove_prefix(tab + 1);
  }
  if (added == 0 || !finder.Compile()) return 0;

  uint32_t n = static_cast<uint32_t>(text.size());
  uint32_t begin = 0, end = n;
  if (n >= 2) {
    begin = static_cast<unsigned char>(text[0]) % (n + 1);
    end = begin + static_cast<unsigned char>(text[1]) % (n - begin + 1);
  }
  for (uint32_t mask : {1u, 2u}) {
    std::vector<newsintel::CueFinder::Hit> fast, plain;
    finder.Find(text, begin, end, mask, &fast);
    finder.FindPlain(text, begin, end, mask, &plain);
    FUZZ_CHECK(Sorted(fast) == Sorted(plain));
    for (const auto& h : fast) {
      FUZZ_CHECK(h.begin < h.end);
      FUZZ_CHECK(h.begin >= begin && h.end <= end);
    }
  }
  return 0;
}
