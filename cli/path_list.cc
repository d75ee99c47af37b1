#include "cli/path_list.h"

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <utility>

namespace newsintel {
namespace cli {

namespace {

void PutVarint(size_t v, std::string* out) {
  while (v >= 0x80) {
    out->push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out->push_back(static_cast<char>(v));
}

size_t GetVarint(const std::string& in, size_t* pos) {
  size_t v = 0;
  for (int shift = 0;; shift += 7) {
    unsigned char byte = static_cast<unsigned char>(in[(*pos)++]);
    v |= static_cast<size_t>(byte & 0x7f) << shift;
    if (byte < 0x80) return v;
  }
}

}  // namespace

void PathList::Add(std::string_view prefix, std::string_view name) {
  std::string path;
  path.reserve(prefix.size() + name.size());
  path.append(prefix).append(name);
  size_t shared = 0;
  if (size_ % kRestartInterval == 0) {
    restarts_.push_back(paths_.size());
  } else {
    size_t limit = std::min(last_path_.size(), path.size());
    while (shared < limit && last_path_[shared] == path[shared]) ++shared;
  }
  PutVarint(shared, &paths_);
  PutVarint(path.size() - shared, &paths_);
  paths_.append(path, shared, std::string::npos);
  last_path_ = std::move(path);
  ++size_;
}

std::string PathList::operator[](size_t i) const {
  std::string path;
  size_t pos = restarts_[i / kRestartInterval];
  for (size_t k = i - i % kRestartInterval; k <= i; ++k) {
    size_t shared = GetVarint(paths_, &pos);
    size_t rest = GetVarint(paths_, &pos);
    path.resize(shared);
    path.append(paths_, pos, rest);
    pos += rest;
  }
  return path;
}

namespace {

namespace fs = std::filesystem;

bool WantedExtension(const std::string& name, const std::vector<std::string>& extensions) {
  std::string ext = fs::path(name).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  });
  return std::find(extensions.begin(), extensions.end(), ext) != extensions.end();
}

}  // namespace

void AppendFilesBelow(const std::string& dir, const std::vector<std::string>& extensions, PathList* out) {
  // The entries of `dir`, each keyed by its name with a '/' after a
  // directory's: comparing full paths amounts to comparing these keys, so
  // visiting them in key order, depth first, gives the sorted full paths.
  std::string keys;
  std::vector<std::pair<size_t, size_t>> entries;  // begin, end of the key in `keys`
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    std::string name = it->path().filename().string();
    std::error_code type_ec;
    bool is_dir = !it->is_symlink(type_ec) && it->is_directory(type_ec);
    if (!is_dir && !(it->is_regular_file(type_ec) && WantedExtension(name, extensions))) continue;
    size_t begin = keys.size();
    keys += name;
    if (is_dir) keys += '/';
    entries.emplace_back(begin, keys.size());
  }
  auto key = [&keys](const std::pair<size_t, size_t>& e) {
    return std::string_view(keys).substr(e.first, e.second - e.first);
  };
  std::sort(entries.begin(), entries.end(), [&](const auto& a, const auto& b) { return key(a) < key(b); });
  std::string prefix = (fs::path(dir) / "").string();
  for (const auto& e : entries) {
    std::string_view k = key(e);
    if (k.back() == '/') {
      AppendFilesBelow(prefix + std::string(k.substr(0, k.size() - 1)), extensions, out);
    } else {
      out->Add(prefix, k);
    }
  }
}

}  // namespace cli
}  // namespace newsintel
