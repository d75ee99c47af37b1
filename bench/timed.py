#!/usr/bin/env python3
"""Runs a command and writes its wall time, CPU times (s, to the millisecond)
and peak RSS (KB) to a file: bench/run's timer.

  python3 bench/timed.py OUT.time CMD [ARG...]   # OUT.time: "wall user sys maxrss"

The command inherits stdin, stdout and stderr; its exit status is returned.
GNU time prints hundredths of a second, 2% of a 0.47 s run: too coarse to
compare one thread with two."""
import os
import sys
import time


def main():
    if len(sys.argv) < 3:
        sys.stderr.write("usage: timed.py OUT.time CMD [ARG...]\n")
        return 2
    out, cmd = sys.argv[1], sys.argv[2:]
    # posix_spawn (vfork-like) and wait4: no copy of this Python process is
    # made, and the CPU times and RSS are the command's alone.
    start = time.perf_counter()
    try:
        pid = os.posix_spawnp(cmd[0], cmd, os.environ)
    except OSError as e:
        sys.stderr.write("timed.py: %s: %s\n" % (cmd[0], e))
        return 127
    _, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - start
    with open(out, "w") as f:
        f.write("%.3f %.3f %.3f %d\n" % (wall, usage.ru_utime, usage.ru_stime, usage.ru_maxrss))
    rc = os.waitstatus_to_exitcode(status)
    return rc if rc >= 0 else 128 - rc


if __name__ == "__main__":
    sys.exit(main())
