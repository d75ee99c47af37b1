#include "cli/path_list.h"

#include <algorithm>
#include <cstdint>
#include <filesystem>

namespace newsintel {
namespace cli {

void PathList::Add(std::string_view prefix, std::string_view name) {
  if (runs_.empty() || runs_.back().second != prefix) runs_.emplace_back(ends_.size(), std::string(prefix));
  names_.append(name);
  ends_.push_back(names_.size());
}

std::string PathList::operator[](size_t i) const {
  auto run = std::upper_bound(runs_.begin(), runs_.end(), i,
                              [](size_t index, const std::pair<size_t, std::string>& r) { return index < r.first; });
  size_t begin = i == 0 ? 0 : ends_[i - 1];
  std::string path = std::prev(run)->second;
  path.append(names_, begin, ends_[i] - begin);
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
