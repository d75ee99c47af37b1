#include "kb/figure_order.h"

#include <algorithm>

namespace newsintel {
namespace kb {

Status ArticleOrder::Load(Connection* conn) {
  int64_t min_id = 0, max_id = 0, count = 0;
  {
    Stmt s = conn->Prepare("SELECT coalesce(min(id), 0), coalesce(max(id), 0), count(*) FROM articles");
    Result<bool> row = s.Step();
    if (!row.ok()) return row.status();
    min_id = s.Int(0);
    max_id = s.Int(1);
    count = s.Int(2);
  }
  // Dense unless rows were inserted with chosen ids.
  uint64_t span = static_cast<uint64_t>(max_id) - static_cast<uint64_t>(min_id);
  dense_ = span < static_cast<uint64_t>(2 * count + 1024);
  first_id_ = min_id;
  ranks_.clear();
  sparse_.clear();
  if (dense_ && count > 0) ranks_.assign(static_cast<size_t>(span + 1), kNone);
  uint32_t rank = 0;
  Stmt s = conn->Prepare("SELECT id FROM articles ORDER BY doc_key");
  NEWSINTEL_RETURN_IF_ERROR(ForEachRow(s, [&](Stmt& r) {
    if (dense_) {
      ranks_[static_cast<size_t>(r.Int(0) - first_id_)] = rank++;
    } else {
      sparse_.emplace_back(r.Int(0), rank++);
    }
  }));
  std::sort(sparse_.begin(), sparse_.end());
  return Status::OK();
}

uint32_t ArticleOrder::Rank(int64_t article_id) const {
  if (dense_) {
    if (article_id < first_id_) return kNone;
    uint64_t i = static_cast<uint64_t>(article_id) - static_cast<uint64_t>(first_id_);
    return i < ranks_.size() ? ranks_[static_cast<size_t>(i)] : kNone;
  }
  auto it = std::lower_bound(sparse_.begin(), sparse_.end(), std::make_pair(article_id, uint32_t{0}));
  return it != sparse_.end() && it->first == article_id ? it->second : kNone;
}

}  // namespace kb
}  // namespace newsintel
