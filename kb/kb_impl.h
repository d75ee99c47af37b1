// Internal: the state behind KnowledgeBase, shared by kb.cc (writes),
// derived.cc (contradictions, claim links) and queries.cc (reads).
#ifndef NEWSINTEL_KB_KB_IMPL_H_
#define NEWSINTEL_KB_KB_IMPL_H_

#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "extract/sentences.h"
#include "kb/kb.h"
#include "kb/sqlite_db.h"

namespace newsintel {

// Owns the connection and per-connection caches of ids. The caches only hold
// rows that are committed; a failed transaction clears them.
struct KnowledgeBase::Impl {
  std::unique_ptr<kb::Connection> conn;
  bool read_only = false;
  int version = 0;

  std::unordered_map<std::string, int64_t> entity_ids;  // name_key -> id
  std::unordered_map<std::string, std::string> entity_types;  // name_key -> type
  std::unordered_set<std::string> aliases;  // id '\x1f' alias_key, known stored
  std::unordered_map<std::string, int64_t> chip_ids;    // name_key -> id
  std::unordered_map<std::string, int64_t> outlet_ids;  // name_key -> id
  std::unordered_map<std::string, std::string> fold_cache;  // text -> FoldKey(text)

  // What the writes since the last Finish() touched.
  std::set<std::pair<std::string, std::string>> touched_partitions;  // metric, unit
  std::set<int64_t> touched_entities;  // about entities of claims written or removed
  std::vector<int64_t> new_denials;  // claim ids, in the order written (may repeat)
  bool recompute_all = false;  // derived tables were left stale by a previous run

  std::unique_ptr<SentenceSplitter> splitter;  // for Sources(); created on first use

  void ClearCaches() {
    entity_ids.clear();
    entity_types.clear();
    aliases.clear();
    chip_ids.clear();
    outlet_ids.clear();
  }
};

namespace kb {

// Recomputes contradiction groups and denial links for what `impl` records as
// touched (or everything), in one transaction; clears the derived_dirty flag.
// Returns the number of contradictions in the KB.
Result<int> RecomputeDerived(KnowledgeBase::Impl* impl);

// claim_about.deniable: whether (and how readily) a denial may link to the
// claim: allegations before assertions; 0 for the other modalities.
constexpr int kDeniableAlleged = 2;
constexpr int kDeniableAsserted = 1;
inline int DeniableRank(const std::string& modality) {
  if (modality == "alleged") return kDeniableAlleged;
  if (modality == "asserted") return kDeniableAsserted;
  return 0;
}

}  // namespace kb
}  // namespace newsintel

#endif  // NEWSINTEL_KB_KB_IMPL_H_
