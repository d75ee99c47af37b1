// PathList: a list of file paths kept compactly, for inputs of hundreds of
// thousands of files: each path is stored as what it adds to the previous one
// (front coding: sorted paths share their directories and long beginnings).
//
//   PathList files;
//   AppendFilesBelow("corpus", {".txt", ".html"}, &files);
//   for (size_t i = 0; i < files.size(); ++i) Use(files[i]);  // "corpus/a/x.html", ...
#ifndef NEWSINTEL_CLI_PATH_LIST_H_
#define NEWSINTEL_CLI_PATH_LIST_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace newsintel {
namespace cli {

// Paths in the order they were added. Not thread-safe to modify; const
// methods may be called from several threads.
class PathList {
 public:
  // Appends the path `prefix` + `name`.
  void Add(std::string_view prefix, std::string_view name);

  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  // Decodes at most kRestartInterval paths. REQUIRES: i < size().
  std::string operator[](size_t i) const;

 private:
  // Every kRestartInterval-th path is stored whole.
  static constexpr size_t kRestartInterval = 16;

  size_t size_ = 0;
  // Path i: varint bytes shared with path i - 1, varint length of the rest,
  // the rest.
  std::string paths_;
  std::vector<size_t> restarts_;  // offset in paths_ of path k * kRestartInterval
  std::string last_path_;         // path size_ - 1
};

// Appends the regular files below directory `dir` (recursively; symbolic
// links to directories are not followed) whose extension, ASCII-lowercased,
// is one of `extensions` (".txt"), in the byte order of their full paths, as
// sorting all the paths would give. Paths are spelled as `dir` / relative
// path. Subdirectories that cannot be read are skipped.
void AppendFilesBelow(const std::string& dir, const std::vector<std::string>& extensions, PathList* out);

}  // namespace cli
}  // namespace newsintel

#endif  // NEWSINTEL_CLI_PATH_LIST_H_
