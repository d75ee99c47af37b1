// Helpers for end-to-end tests: run the real binary and read its output.
#ifndef NEWSINTEL_TESTS_TEST_UTIL_H_
#define NEWSINTEL_TESTS_TEST_UTIL_H_

#include <string>

namespace newsintel {
namespace testing {

struct CommandResult {
  int exit_code = -1;
  std::string out;  // standard output
  std::string err;  // standard error
};

// Runs `args` (a shell-quoted argument string) with build/newsintel.
CommandResult RunNewsintel(const std::string& args);

// Runs a shell command line, capturing stdout and stderr separately.
CommandResult RunShell(const std::string& command);

// A fresh empty directory under the build tree, removed first if present.
std::string TempDir(const std::string& name);

// Path of the shared evaluation folder (../shared), or "" when absent.
std::string SharedDir();

std::string ReadFile(const std::string& path);

}  // namespace testing
}  // namespace newsintel

#endif  // NEWSINTEL_TESTS_TEST_UTIL_H_
