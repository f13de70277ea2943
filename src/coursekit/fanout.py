"""Spread one exporter's per-quiz work over processes when the question bank is big.

Exporting 10,000 questions is mostly per-question work that does not depend on other quizzes,
so ``quiz_map`` cuts the quizzes into contiguous runs of about equal size and hands all but the
first to forked workers while this process does the first. Workers inherit the rendered course
(nothing is pickled on the way in); they send back the results (bytes and small records), the
warnings they raised and the assets Markdown rendering added. Results, warnings and assets are
merged in quiz order, so the output is the same bytes as a serial run, and so are the warnings.

Forking costs ~20 ms per worker and the results cost pickling, so small courses (under
``MIN_QUESTIONS``) and platforms without ``fork`` stay serial.
"""

from __future__ import annotations

import multiprocessing
import sys
from collections.abc import Callable, Iterator, Sequence
from itertools import pairwise
from typing import TYPE_CHECKING, Any, TypeVar

from .diagnostics import CourseError, Diagnostic, InternalError

if TYPE_CHECKING:
    from coursekit.exporters import Exporter
    from coursekit.render.rendered import RenderedCourse, RenderedQuiz

T = TypeVar("T")

MIN_QUESTIONS = 2000

# What the forked workers run: set just before the fork, cleared after.
_TASK: dict[str, Any] = {}


def can_fork() -> bool:
    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


def runs(weights: Sequence[int], parts: int) -> list[tuple[int, int]]:
    """Cut indices 0..len(weights) into at most ``parts`` contiguous, non-empty [start, end)
    runs whose total weights are as close to equal as the cuts allow."""
    n = len(weights)
    parts = max(1, min(parts, n))
    prefix = [0]
    for w in weights:
        prefix.append(prefix[-1] + w)
    cuts = [0]
    for k in range(1, parts):
        target = prefix[-1] * k / parts
        # leave at least one item for each run still to come
        cuts.append(min(range(cuts[-1] + 1, n - (parts - k) + 1), key=lambda c: abs(prefix[c] - target)))
    cuts.append(n)
    return list(pairwise(cuts))


def quiz_map(exporter: Exporter, rendered: RenderedCourse, fn: Callable[[RenderedQuiz], T]) -> list[T]:
    """``[fn(rq) for rq in rendered.quizzes]``, spread over ``exporter.options.jobs`` processes
    for big banks. ``fn`` may warn through the exporter and render Markdown (adding assets); it
    must not depend on what it did for earlier quizzes."""
    return list(quiz_iter(exporter, rendered, fn))


def quiz_iter(exporter: Exporter, rendered: RenderedCourse, fn: Callable[[RenderedQuiz], T]) -> Iterator[T]:
    """``quiz_map``'s results one at a time, in quiz order: serially each is made when asked
    for, so that an exporter may hand it over (Exporter.output) and let it go before the next
    is made. Warnings and assets of a worker's quizzes are merged before its first result is
    given (so in the order a serial run makes them); all are merged once the last is given."""
    quizzes = rendered.quizzes
    weights = [sum(len(s.variants) for s in rq.slots) for rq in quizzes]
    jobs = min(max(1, exporter.options.jobs), len(quizzes))
    if jobs <= 1 or sum(weights) < MIN_QUESTIONS or not can_fork():
        for rq in quizzes:
            yield fn(rq)
        return
    from concurrent.futures import ProcessPoolExecutor

    chunks = runs(weights, jobs)
    _TASK.update(fn=fn, quizzes=quizzes, exporter=exporter, assets=rendered.assets)
    try:
        with ProcessPoolExecutor(max_workers=len(chunks) - 1, mp_context=multiprocessing.get_context("fork")) as pool:
            futures = [pool.submit(_run, start, end) for start, end in chunks[1:]]
            start, end = chunks[0]
            for rq in quizzes[start:end]:  # this process's share, meanwhile
                yield fn(rq)
            for fut in futures:
                out, diags, assets, error = fut.result()
                exporter.diagnostics.extend(diags)
                for path, asset in assets.items():
                    rendered.assets.setdefault(path, asset)
                if error is not None:
                    raise CourseError(error)
                yield from out
    finally:
        _TASK.clear()


def _run(start: int, end: int) -> tuple[list, list[Diagnostic], dict, list[Diagnostic] | None]:
    """In a forked worker: the results of quizzes[start:end], with the warnings and assets added."""
    exporter, assets = _TASK["exporter"], _TASK["assets"]
    seen_diags, seen_assets = len(exporter.diagnostics), set(assets)
    out, error = [], None
    try:
        for rq in _TASK["quizzes"][start:end]:
            out.append(_TASK["fn"](rq))
    except CourseError as exc:
        error = list(exc.diagnostics.items)
    except Exception as exc:  # noqa: BLE001 - sent back as a picklable InternalError
        raise InternalError.wrap(exc, "a split export") from None
    new_assets = {p: a for p, a in assets.items() if p not in seen_assets}
    return out, exporter.diagnostics[seen_diags:], new_assets, error
