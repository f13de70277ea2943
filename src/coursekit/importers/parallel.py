"""``fork_map``: a pure per-item function over a big list, spread over forked workers.

Importing a 10,000-question bank is mostly independent per-question work (HTML to Markdown,
validation, YAML). Forked workers inherit the inputs (nothing is pickled on the way in) and
send back their results, which are merged in order, so the outcome is the same as one process.
Small inputs and platforms without ``fork`` stay serial (see ``coursekit.fanout``).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from ..fanout import can_fork, runs

T = TypeVar("T")
R = TypeVar("R")

MIN_ITEMS = 2000
_TASK: dict[str, Any] = {}


def fork_map(fn: Callable[[T], R], items: Sequence[T], min_items: int | None = None) -> list[R]:
    """``[fn(x) for x in items]``; ``fn`` must not depend on what it did for earlier items."""
    jobs = min(os.cpu_count() or 1, 4)
    if len(items) < (MIN_ITEMS if min_items is None else min_items) or jobs < 2 or not can_fork():
        return [fn(x) for x in items]
    from concurrent.futures import ProcessPoolExecutor

    chunks = runs([1] * len(items), jobs)
    _TASK.update(fn=fn, items=items)
    try:
        with ProcessPoolExecutor(max_workers=len(chunks) - 1, mp_context=multiprocessing.get_context("fork")) as pool:
            futures = [pool.submit(_run, start, end) for start, end in chunks[1:]]
            start, end = chunks[0]
            out = [fn(x) for x in items[start:end]]  # this process's share, meanwhile
            for fut in futures:
                out.extend(fut.result())
        return out
    finally:
        _TASK.clear()


def _run(start: int, end: int) -> list:
    fn, items = _TASK["fn"], _TASK["items"]
    return [fn(x) for x in items[start:end]]
