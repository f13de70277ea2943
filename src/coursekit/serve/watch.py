"""Which files of a course changed: batches of paths from watchfiles, one batch per build.

The consumer builds between two batches, and watchfiles keeps collecting events meanwhile,
so saves made during a build arrive together in the next batch: builds never overlap and a
burst of saves (an editor writing a file in steps, a ``git checkout``) costs one or two
builds. A batch is yielded ``STEP_MS`` after the last event of a burst.

Every file under the course folder is watched (the loader refuses references that leave
it), except the build cache, tool and version-control folders, editor swap and backup
files, and output folders named in ``ignore``. When the course folder disappears, a batch
``{MISSING}`` is yielded, then the folder is polled until it is back (as a new folder: a
new watch starts) and a batch ``{BACK}`` is yielded.

The first batch is empty (or ``{MISSING}``): it comes as soon as the operating system's watch
exists, so a consumer that takes it before its first build sees every save made from then on.
watchfiles arms the watch inside its first iteration and has no signal for it; a timeout of
that iteration is one, hence ``yield_on_timeout`` and a short ``rust_timeout``.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path

import watchfiles

from ..cache import CACHE_DIR, SKIP_DIRS

STEP_MS = 50
MISSING = "<course folder missing>"
BACK = "<course folder back>"
# coursekit's own staging folders beside an output (coursekit.package._staging_for): every
# file inside them is ignored too, not just the folder's own name.
_STAGING_RE = re.compile(r"^\.(?:.+|coursekit)\.ck-tmp-\d+-")
_IGNORED_NAMES = (
    r"\.coursekit-tmp$",  # files the live site is writing
    r"^4913$",  # vim's test file
    r"\.(swp|swx|tmp|bak)$",
)


class CourseFilter(watchfiles.DefaultFilter):
    """watchfiles' default filter, plus coursekit's cache, staging folders and outputs."""

    def __call__(self, change: watchfiles.Change, path: str) -> bool:
        if not super().__call__(change, path):
            return False
        return not any(_STAGING_RE.match(part) for part in Path(path).parts)


def course_filter(ignore: Iterable[Path] = ()) -> CourseFilter:
    return CourseFilter(
        ignore_dirs=sorted(set(watchfiles.DefaultFilter.ignore_dirs) | SKIP_DIRS | {CACHE_DIR}),
        ignore_entity_patterns=(*watchfiles.DefaultFilter.ignore_entity_patterns, *_IGNORED_NAMES),
        ignore_paths=[str(Path(p).resolve()) for p in ignore],
    )


def _identity(root: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(root)
    except OSError:
        return None
    return (st.st_dev, st.st_ino) if os.path.isdir(root) else None


def course_changes(
    root: Path, *, ignore: Iterable[Path] = (), stop: threading.Event | None = None, poll_seconds: float = 0.2
) -> Iterator[set[str]]:
    """Yield sets of changed paths until ``stop`` is set (Ctrl-C raises KeyboardInterrupt).

    The first set is empty, or ``{MISSING}``: see the module's docstring."""
    root = Path(root)
    armed = False
    stop = stop or threading.Event()
    watch_filter = course_filter(ignore)
    while not stop.is_set():
        ident = _identity(root)
        if ident is None:
            armed = True
            yield {MISSING}
            while _identity(root) is None:
                if stop.wait(poll_seconds):
                    return
            yield {BACK}
            continue
        for changes in watchfiles.watch(
            root,
            watch_filter=watch_filter,
            step=STEP_MS,
            stop_event=stop,
            yield_on_timeout=True,
            rust_timeout=int(poll_seconds * 1000),
        ):
            gone = _identity(root) != ident
            if not armed:
                armed = True
                yield set()
            if changes:
                yield {path for _, path in changes}
            if gone:
                break  # deleted or replaced: watch the new folder (or wait for one)
        else:
            return  # stopped
