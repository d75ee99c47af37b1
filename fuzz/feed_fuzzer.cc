// RSS, Atom, RDF, JSON Feed, sitemaps and URL lists: ill-formed input yields
// what it can, flagged, and never crashes. The input is also read as a feed
// date (crawler/dates.h), whose parsers must not crash either.
#include <cstddef>
#include <cstdint>

#include "crawler/dates.h"
#include "crawler/feed_parser.h"
#include "fuzz/fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  newsintel::FeedOptions options;
  newsintel::Feed feed = newsintel::ParseFeed(bytes, options);
  FUZZ_CHECK(feed.entries.size() <= 100000);
  if (std::optional<int64_t> t = newsintel::ParseFeedDate(bytes.substr(0, 256))) {
    FUZZ_CHECK(!newsintel::FormatIso8601(*t).empty());
  }
  return 0;
}
