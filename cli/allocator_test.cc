#include "cli/allocator.h"

#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

namespace newsintel {
namespace cli {
namespace {

// In a child process, since the flag stays with the process: after
// UseSmallPages() the kernel reports transparent huge pages off.
TEST(AllocatorTest, UseSmallPagesTurnsHugePagesOff) {
  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    // The flag is inherited: start from huge pages allowed, whatever the parent did.
    prctl(PR_SET_THP_DISABLE, 0, 0, 0, 0);
    int before = prctl(PR_GET_THP_DISABLE, 0, 0, 0, 0);
    UseSmallPages();
    int after = prctl(PR_GET_THP_DISABLE, 0, 0, 0, 0);
    _exit(before == 0 && after == 1 ? 0 : 1);
  }
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

}  // namespace
}  // namespace cli
}  // namespace newsintel
