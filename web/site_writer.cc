#include "web/site_writer.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

namespace newsintel {
namespace web {

namespace fs = std::filesystem;

namespace {

Status Errno(const std::string& what) { return Status::IOError(what + ": " + std::strerror(errno)); }

// Whole file, or false when it cannot be read.
bool ReadAll(const std::string& path, size_t expected, std::string* out) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  out->resize(expected);
  size_t got = 0;
  while (got < expected) {
    ssize_t n = ::read(fd, &(*out)[got], expected - got);
    if (n <= 0) break;
    got += static_cast<size_t>(n);
  }
  ::close(fd);
  return got == expected;
}

}  // namespace

bool SiteWriter::IsValidPath(std::string_view path) {
  if (path.empty() || path.size() > 240 || path.front() == '/' || path.back() == '/') return false;
  size_t seg_start = 0;
  for (size_t i = 0; i <= path.size(); ++i) {
    if (i == path.size() || path[i] == '/') {
      std::string_view seg = path.substr(seg_start, i - seg_start);
      if (seg.empty() || seg.front() == '.') return false;  // no "", ".", "..", hidden files
      seg_start = i + 1;
      continue;
    }
    char c = path[i];
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

Result<std::unique_ptr<SiteWriter>> SiteWriter::Open(const std::string& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return Status::IOError(dir + ": " + ec.message());
  std::unique_ptr<SiteWriter> w(new SiteWriter(dir));
  std::string manifest = dir + "/" + kManifest;
  std::ifstream in(manifest);
  if (in) {
    std::string line;
    while (std::getline(in, line)) {
      if (IsValidPath(line)) w->previous_.insert(line);
    }
  } else {
    fs::directory_iterator it(dir, ec);
    if (ec) return Status::IOError(dir + ": " + ec.message());
    if (it != fs::directory_iterator()) {
      return Status::InvalidArgument(dir + " is not empty and was not written by export-web (no " +
                                     std::string(kManifest) + "); choose a new or empty directory");
    }
  }
  return w;
}

Status SiteWriter::WriteIfChanged(const std::string& path, std::string_view content, bool* changed) {
  std::string full = dir_ + "/" + path;
  struct stat st;
  if (::stat(full.c_str(), &st) == 0 && S_ISREG(st.st_mode) && static_cast<size_t>(st.st_size) == content.size()) {
    std::string old;
    if (ReadAll(full, content.size(), &old) && old == content) {
      *changed = false;
      return Status::OK();
    }
  }
  *changed = true;
  size_t slash = path.rfind('/');
  if (slash != std::string::npos) {
    std::string parent = path.substr(0, slash);
    if (made_dirs_.insert(parent).second) {
      std::error_code ec;
      fs::create_directories(dir_ + "/" + parent, ec);
      if (ec) return Status::IOError(dir_ + "/" + parent + ": " + ec.message());
    }
  }
  // Write aside, then rename: a reader never sees half a page.
  std::string tmp = full + ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return Errno(tmp);
  size_t done = 0;
  while (done < content.size()) {
    ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      Status s = Errno(tmp);
      ::close(fd);
      ::unlink(tmp.c_str());
      return s;
    }
    done += static_cast<size_t>(n);
  }
  if (::close(fd) != 0) {
    Status s = Errno(tmp);
    ::unlink(tmp.c_str());
    return s;
  }
  if (::rename(tmp.c_str(), full.c_str()) != 0) {
    Status s = Errno(full);
    ::unlink(tmp.c_str());
    return s;
  }
  return Status::OK();
}

Status SiteWriter::Write(const std::string& path, std::string_view content) {
  if (!IsValidPath(path)) return Status::InvalidArgument("invalid site path '" + path + "'");
  if (!current_.insert(path).second) return Status::InvalidArgument("site path written twice: " + path);
  bool changed = false;
  NEWSINTEL_RETURN_IF_ERROR(WriteIfChanged(path, content, &changed));
  ++(changed ? stats_.written : stats_.unchanged);
  return Status::OK();
}

Result<SiteWriteStats> SiteWriter::Finish() {
  std::set<std::string> parents;
  for (const std::string& path : previous_) {
    if (current_.count(path)) continue;
    std::string full = dir_ + "/" + path;
    if (::unlink(full.c_str()) == 0) {
      ++stats_.removed;
    } else if (errno != ENOENT) {
      return Errno(full);
    }
    for (size_t slash = path.rfind('/'); slash != std::string::npos && slash > 0;
         slash = path.rfind('/', slash - 1)) {
      parents.insert(path.substr(0, slash));
    }
  }
  // Deepest first; rmdir fails harmlessly on directories that still hold files.
  for (auto it = parents.rbegin(); it != parents.rend(); ++it) ::rmdir((dir_ + "/" + *it).c_str());
  std::string manifest;
  for (const std::string& path : current_) manifest += path + "\n";
  bool changed = false;
  NEWSINTEL_RETURN_IF_ERROR(WriteIfChanged(kManifest, manifest, &changed));
  return stats_;
}

}  // namespace web
}  // namespace newsintel
