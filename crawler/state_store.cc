#include "crawler/state_store.h"

namespace newsintel {

Result<std::optional<FetchState>> MemoryStateStore::GetFetchState(const std::string& url) {
  auto it = fetched_.find(url);
  if (it == fetched_.end()) return std::optional<FetchState>();
  return std::optional<FetchState>(it->second);
}

Status MemoryStateStore::PutFetchState(const FetchState& state) {
  fetched_[state.url] = state;
  if (!state.content_hash.empty()) by_hash_.emplace(state.content_hash, state.url);
  return Status::OK();
}

Result<std::string> MemoryStateStore::FindUrlByContentHash(const std::string& content_hash) {
  auto it = by_hash_.find(content_hash);
  return it == by_hash_.end() ? std::string() : it->second;
}

Status MemoryStateStore::AddPending(const FrontierEntry& entry) {
  if (pending_index_.count(entry.url) > 0) return Status::OK();
  pending_index_[entry.url] = next_seq_;
  pending_[next_seq_++] = entry;
  return Status::OK();
}

Status MemoryStateStore::RemovePending(const std::string& url) {
  auto it = pending_index_.find(url);
  if (it == pending_index_.end()) return Status::OK();
  pending_.erase(it->second);
  pending_index_.erase(it);
  return Status::OK();
}

Result<std::vector<FrontierEntry>> MemoryStateStore::ListPending() {
  std::vector<FrontierEntry> out;
  out.reserve(pending_.size());
  for (const auto& [seq, entry] : pending_) out.push_back(entry);
  return out;
}

}  // namespace newsintel
