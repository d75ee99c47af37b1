#include "tests/test_util.h"

#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace newsintel {
namespace testing {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string TempDir(const std::string& name) {
  std::string dir = std::string(NEWSINTEL_BINARY_DIR) + "/test-tmp/" + name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

std::string SharedDir() {
  std::string dir = std::string(NEWSINTEL_SOURCE_DIR) + "/../shared";
  return std::filesystem::exists(dir + "/seeds") ? dir : "";
}

CommandResult RunShell(const std::string& command) {
  static int counter = 0;
  std::string err_path = TempDir("stderr-" + std::to_string(::getpid()) + "-" + std::to_string(counter++)) + "/err";
  CommandResult r;
  std::string full = "(" + command + ") 2>" + err_path;
  FILE* p = ::popen(full.c_str(), "r");
  if (p == nullptr) return r;
  char buf[65536];
  size_t n;
  while ((n = fread(buf, 1, sizeof(buf), p)) > 0) r.out.append(buf, n);
  int status = ::pclose(p);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.err = ReadFile(err_path);
  return r;
}

CommandResult RunNewsintel(const std::string& args) {
  return RunShell(std::string(NEWSINTEL_BINARY_DIR) + "/newsintel " + args);
}

}  // namespace testing
}  // namespace newsintel
