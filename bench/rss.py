"""Run one command; write its wall time and peak RSS to a file.

    python bench/rss.py RESULT_FILE COMMAND...

bench/run.py holds a loaded course in memory, and a child forked from it keeps the pages it
shared with its parent in its peak RSS (``ru_maxrss`` survives ``exec``): every figure would
be at least the bench's own size. Started from this small process instead, the command's peak
is its own. The exit status is the command's; the result file holds "seconds peak_kb".
"""

import os
import subprocess
import sys
import time


def main() -> int:
    result, cmd = sys.argv[1], sys.argv[2:]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    with open(result, "w") as fh:
        fh.write(f"{elapsed:.6f} {usage.ru_maxrss}\n")
    return os.waitstatus_to_exitcode(status)


if __name__ == "__main__":
    sys.exit(main())
