// Internal: the order in which the figures of a partition go to
// GroupFigures(): by article doc_key, then position, then id. Used by
// derived.cc, which sorts the figures itself rather than have SQLite sort the
// rows of each partition (a partition can hold half of all figures).
//
//   ArticleOrder order;
//   NEWSINTEL_RETURN_IF_ERROR(order.Load(conn));
//   uint32_t rank = order.Rank(article_id);  // position of the article by doc_key
//   Permute(sorted_indices, &figures);
#ifndef NEWSINTEL_KB_FIGURE_ORDER_H_
#define NEWSINTEL_KB_FIGURE_ORDER_H_

#include <cstdint>
#include <utility>
#include <vector>

#include "extract/status.h"
#include "kb/sqlite_db.h"

namespace newsintel {
namespace kb {

// The rank of every article in doc_key order, read once from the doc_key
// index: 4 bytes an article while ids are dense (as SQLite assigns them),
// else 16. Immutable after Load(); const methods are thread-safe.
class ArticleOrder {
 public:
  static constexpr uint32_t kNone = UINT32_MAX;

  // Reads the articles table. REQUIRES: fewer than 2^32 - 1 articles.
  Status Load(Connection* conn);

  // The article's rank, 0 for the smallest doc_key; kNone for an id that is
  // not an article's.
  uint32_t Rank(int64_t article_id) const;

 private:
  bool dense_ = true;
  int64_t first_id_ = 0;
  std::vector<uint32_t> ranks_;                       // dense: rank of article first_id_ + i
  std::vector<std::pair<int64_t, uint32_t>> sparse_;  // else: (id, rank), sorted by id
};

// Moves the element at order[k] to position k, for every k, in place.
// REQUIRES: order is a permutation of 0..v->size()-1.
template <typename T>
void Permute(const std::vector<uint32_t>& order, std::vector<T>* v) {
  std::vector<bool> placed(order.size(), false);
  for (size_t k = 0; k < order.size(); ++k) {
    if (placed[k]) continue;
    T held = std::move((*v)[k]);
    size_t j = k;
    while (order[j] != k) {
      (*v)[j] = std::move((*v)[order[j]]);
      placed[j] = true;
      j = order[j];
    }
    (*v)[j] = std::move(held);
    placed[j] = true;
  }
}

}  // namespace kb
}  // namespace newsintel

#endif  // NEWSINTEL_KB_FIGURE_ORDER_H_
