"""Per-target progress lines for long builds, on a terminal only.

A build that takes over ``DELAY`` seconds prints one line per finished step on stderr::

    load 1.1 s
    render 1.3 s
    [3/7] canvas 0.4 s

Lines are held back until the build has run for ``DELAY`` seconds (then the held ones are
printed at once), so quick builds stay silent. Nothing is printed when stderr is not a
terminal, when the ``CI`` environment variable is set (to anything but ``0``/``false``/``no``)
or with ``--quiet``. Progress never goes to stdout, which carries the diagnostics.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Mapping
from typing import IO

DELAY = 1.0


def in_ci(env: Mapping[str, str] | None = None) -> bool:
    value = (os.environ if env is None else env).get("CI")
    return value is not None and value.strip().lower() not in ("", "0", "false", "no")


def progress_wanted(stream: IO[str] | None = None, env: Mapping[str, str] | None = None, quiet: bool = False) -> bool:
    """Whether to show progress: on a terminal, outside CI, without --quiet."""
    if quiet or in_ci(env):
        return False
    stream = sys.stderr if stream is None else stream
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):
        return False


class Progress:
    """Collects step timings; prints them once the build has run for ``delay`` seconds."""

    def __init__(
        self,
        total: int = 0,
        *,
        enabled: bool = True,
        stream: IO[str] | None = None,
        delay: float = DELAY,
        clock=time.monotonic,
    ):
        self.total = total
        self.enabled = enabled
        self.stream = stream
        self.delay = delay
        self.clock = clock
        self.start = clock()
        self.done = 0
        self._held: list[str] = []
        self._showing = False
        self.lines: list[str] = []  # everything reported, shown or not (for tests)

    def stage(self, name: str, seconds: float) -> None:
        self._emit(f"{name} {seconds:.1f} s")

    def target(self, name: str, seconds: float | None, cached: bool = False) -> None:
        self.done += 1
        what = "cached" if cached else f"{seconds or 0.0:.1f} s"
        self._emit(f"[{self.done}/{self.total}] {name} {what}")

    def _emit(self, line: str) -> None:
        self.lines.append(line)
        if not self.enabled:
            return
        self._held.append(line)
        if self._showing or self.clock() - self.start >= self.delay:
            self._showing = True
            stream = self.stream if self.stream is not None else sys.stderr
            try:
                stream.write("".join(f"{held}\n" for held in self._held))
                stream.flush()
            except (OSError, ValueError):
                self.enabled = False
            self._held.clear()


class NullProgress(Progress):
    def __init__(self) -> None:
        super().__init__(0, enabled=False)
