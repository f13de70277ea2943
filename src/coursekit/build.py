"""build_course: load, render once, run each target's exporter, write outputs atomically.

Nothing is written until every requested exporter has succeeded, so a failing build never
leaves half-written output (and never replaces a previous good one).

With ``cache=True`` the build keeps what it computed in ``<course>/.coursekit-cache/``
(see coursekit.cache and docs/build-cache.md): targets whose inputs did not change are
copied from there without loading or rendering the course, and a render reuses every
unchanged chapter body and simulation. The bytes written are the same either way.

With ``jobs > 1`` the targets left to export run in parallel worker processes (forked
after the single render on Linux; elsewhere each worker loads and renders the course
itself). Every exporter runs even when another one fails, so the diagnostics are the same
whatever the number of jobs.
"""

from __future__ import annotations

import importlib
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

from .diagnostics import CourseError, Diagnostic, Diagnostics, InternalError

# Relative export time of each target: CPU seconds to export and zip bench/run.py's
# 10,000-question course in one process, after loading and rendering it, as a target worker
# does: its sharing group's members in turn, the first making what the later ones take (alone,
# qti30 takes 2.8 s, scorm12 2.0 s, scorm2004 1.8 s, cc 2.0 s; qti21 2.4 s and canvas 0.8 s
# without making the others' share). Measured 2026-12-07 with bench/target_seconds.py.
_TYPICAL_SECONDS = {
    "qti21": 3.8,
    "qti30": 0.25,
    "html": 1.9,
    "scorm12": 0.7,
    "scorm2004": 0.15,
    "cc": 1.25,
    "canvas": 1.05,
    "moodle": 0.5,
}

# The rendered course and export options of this process, for _export_one (set in the
# parent before forking workers, or by _init_worker in a spawned worker).
_STATE: dict[str, Any] = {}


def _exporter_class(name: str) -> type:
    from .targets import EXPORTER_MODULES

    module = importlib.import_module(EXPORTER_MODULES[name])
    return module.EXPORTERS[name]


def _export_options(options: dict[str, Any], jobs: int = 1):
    from coursekit.exporters import ExportOptions

    return ExportOptions(
        sco_per_chapter=bool(options.get("sco_per_chapter")),
        split=bool(options.get("split")),
        jobs=jobs,
        extra={k: v for k, v in options.items() if k not in ("sco_per_chapter", "split")},
    )


def _options_key(options: dict[str, Any]) -> dict[str, Any]:
    """What of the options can change an exporter's output (``strict`` only gates writing)."""
    return {
        "sco_per_chapter": bool(options.get("sco_per_chapter")),
        "split": bool(options.get("split")),
        "extra": sorted((k, repr(v)) for k, v in options.items() if k not in ("sco_per_chapter", "split", "strict")),
    }


class _StagedOutput:
    """An exporter's output in a build (coursekit.exporters.Output): each file written as it
    comes, a zip's deflated into its members (package.ZipMembers), a folder's into its staging
    folder; ``close`` writes what is left and gives the package.Staged."""

    def __init__(self, stage, owner: str, name: str, kind: str):
        from .package import ZipMembers

        self.stage, self.owner, self.name, self.kind = stage, owner, name, kind
        self.members = ZipMembers(spool=stage.spool(owner, name)) if kind == "zip" else None
        self.staged = None
        self.fh = None  # a "file" output written in pieces (append)
        if kind == "dir":
            self.staged, self.add = stage.tree(owner, name)

    def add(self, path: str, data) -> None:
        """One file, its bytes or package.Deflated (a zip takes that as it is)."""
        if self.members is not None:
            self.members.add(path, data, replace=True)  # as Artifact.files would keep the last
        else:  # kind "file": its one file
            from .package import raw

            self.staged = self.stage.file(self.owner, self.name, raw(data))

    def append(self, data: bytes) -> None:
        """The next piece of a "file" output, written at once."""
        if self.staged is None:
            self.staged, self.fh = self.stage.file_writer(self.owner, self.name)
        self.fh.write(data)

    def close(self):
        if self.members is not None:
            self.staged = self.stage.zip(self.owner, self.name, self.members)
            self.members = None
        if self.fh is not None:
            self.fh.close()
            self.fh = None
        return self.staged


def _staged(stage, owner: str, artifacts: list) -> list:
    """Every artifact written in the staging folder: those an exporter gave as Artifacts (its
    files held in memory) are written now, so that they need not be held to the end."""
    from coursekit.exporters import Artifact

    return [stage.add(a, owner) if isinstance(a, Artifact) else a for a in artifacts]


def _export_one(name: str, coming: frozenset[str] = frozenset()) -> tuple[str, list | None, list[Diagnostic], float]:
    """Run one exporter on this process's rendered course, its outputs written into the build's
    staging folder: (name, the package.Staged or None, diagnostics, seconds). ``coming``: the
    targets this process exports next (what it may make for them, RenderedCourse.shared)."""
    start = time.perf_counter()
    rendered, stage = _STATE["rendered"], _STATE["stage"]
    rendered.coming = coming
    try:
        exporter = _exporter_class(name)(_STATE["options"])
        exporter.outputs = lambda artifact, kind: _StagedOutput(stage, name, artifact, kind)
        result = exporter.run(rendered)
        staged = _staged(stage, name, result.artifacts)
    except CourseError as exc:
        return name, None, list(exc.diagnostics.items), time.perf_counter() - start
    finally:
        rendered.coming = frozenset()
        if not coming:
            rendered.shared.clear()  # the last target of this process: nothing is to be handed on
    return name, staged, list(result.diagnostics), time.perf_counter() - start


# Targets that make some of their output alike (RenderedCourse.shared): with --jobs, each
# group runs in one process, in this order, so that the later ones take what the first made.
SHARING_GROUPS = (("html", "scorm12", "scorm2004"), ("qti21", "qti30"), ("canvas", "cc"))


def _groups(names: list[str]) -> list[list[str]]:
    """``names`` as the lists one process exports in turn: each sharing group's members, and
    every other target alone."""
    grouped = [[n for n in group if n in names] for group in SHARING_GROUPS]
    together = {n for group in grouped for n in group}
    return [g for g in grouped if g] + [[n] for n in names if n not in together]


def _export_in_worker(names: list[str]) -> list[tuple[str, list | None, list[Diagnostic], float]]:
    """_export_one of each name in turn, in a pool worker: whatever it raises reaches the parent
    (pickled) as an InternalError, never as an exception the pool cannot send back. Its outputs
    are in the staging folder: only their paths go back."""
    results = []
    for i, name in enumerate(names):
        try:
            results.append(_export_one(name, frozenset(names[i + 1 :])))
        except Exception as exc:  # noqa: BLE001 - re-raised as a picklable InternalError
            raise InternalError.wrap(exc, f"target {name}") from None
    return results


def _init_worker(course_dir: str, cache: bool, exclude: list[str], options: dict[str, Any], stage) -> None:
    """Spawned workers (no fork): load and render the course once per worker."""
    from .cache import BuildCache
    from .load import load_course
    from .render.pipeline import render_course

    course, diags = load_course(Path(course_dir))
    if course is None or diags.has_errors():
        raise RuntimeError("the course no longer loads")
    disk = BuildCache(Path(course_dir), exclude=[Path(p) for p in exclude]) if cache else None
    _STATE.update(rendered=render_course(course, cache=disk), options=_export_options(options), stage=stage)


def _start_method() -> str:
    import multiprocessing

    return "fork" if sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods() else "spawn"


def _run_exporters(
    names: list[str], rendered, options: dict[str, Any], jobs: int, progress, spawn_args: tuple, stage
) -> dict[str, tuple]:
    results: dict[str, tuple] = {}
    try:
        if jobs <= 1 or len(names) <= 1:
            # One target at a time in this process: each may spread a big bank's quizzes over
            # the jobs (coursekit.fanout). A sharing group's targets run back to back, so that
            # what one holds for the next is not held while another target runs.
            _STATE.update(rendered=rendered, options=_export_options(options, jobs), stage=stage)
            order = [name for group in _groups(names) for name in group]
            for i, name in enumerate(order):
                results[name] = _export_one(name, frozenset(order[i + 1 :]))
                progress.target(name, results[name][3])
            return results
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor, as_completed

        _STATE.update(rendered=rendered, options=_export_options(options), stage=stage)
        method = _start_method()
        ctx = multiprocessing.get_context(method)
        init = {} if method == "fork" else {"initializer": _init_worker, "initargs": (*spawn_args, stage)}
        # Longest first (measured on the 10,000-question benchmark course), so that a slow
        # target does not start last; results are keyed by name, so order never shows.
        groups = sorted(_groups(names), key=lambda g: -sum(_TYPICAL_SECONDS.get(n, 0.0) for n in g))
        with ProcessPoolExecutor(max_workers=min(jobs, len(groups)), mp_context=ctx, **init) as pool:
            futures = [pool.submit(_export_in_worker, group) for group in groups]
            for fut in as_completed(futures):
                for result in fut.result():
                    results[result[0]] = result
                    progress.target(result[0], result[3])
        return results
    finally:
        _STATE.clear()


def build_course(
    course_dir: Path,
    targets: list[str],
    out_dir: Path,
    options: dict[str, Any] | None = None,
    *,
    cache: bool = False,
    jobs: int = 1,
    progress: Any = None,
    stats: Any = None,
) -> Diagnostics:
    """Build ``targets`` (exporter names, already expanded) of the course into ``out_dir``.

    ``cache``: use ``<course>/.coursekit-cache/`` (the CLI's default; off here so library
    callers keep their old behaviour). ``jobs``: worker processes for the exporters (0: one
    per CPU). ``progress``: a coursekit.progress.Progress. ``stats``: a coursekit.cache.BuildStats
    to fill in (what was computed, what came from the cache).
    """
    from .cache import DEBUG_ENV, BuildCache, BuildStats
    from .package import Staging
    from .progress import NullProgress

    options = options or {}
    stats = stats if stats is not None else BuildStats()
    progress = progress if progress is not None else NullProgress()
    progress.total = len(targets)
    jobs = (os.cpu_count() or 1) if jobs == 0 else max(1, jobs)
    stats.cache, stats.jobs = bool(cache), jobs
    try:
        # Each output is written into a staging folder beside ``out_dir`` as soon as it is made
        # (package.Staging), all moved into ``out_dir`` at the end if the build succeeded; the
        # staging folder goes whatever happens.
        stage = Staging(Path(out_dir))
        try:
            return _build(
                Path(course_dir), targets, Path(out_dir), options, cache, jobs, progress, stats, BuildCache, stage
            )
        finally:
            stage.discard()
    finally:
        if os.environ.get(DEBUG_ENV, "").strip() not in ("", "0"):
            print("coursekit-cache: " + json.dumps(stats.as_dict(), sort_keys=True), file=sys.stderr)


def _build(
    course_dir: Path,
    targets: list[str],
    out_dir: Path,
    options: dict[str, Any],
    cache: bool,
    jobs: int,
    progress,
    stats,
    BuildCache,
    stage,
) -> Diagnostics:
    okey = _options_key(options)
    disk = None
    exclude: list[Path] = []
    if cache:
        root = course_dir.resolve()
        out = out_dir.resolve()
        if out != root and root in out.parents:
            exclude.append(out)  # `coursekit build` run inside the course folder writes ./out there
        disk = BuildCache(course_dir, exclude=exclude, stats=stats)

    done: dict[str, tuple[list | None, list[Diagnostic]]] = {}
    if disk is not None:
        for name in targets:
            hit = disk.load_export(name, okey)
            if hit is not None:
                done[name] = ([stage.put(name, *item) for item in hit.artifacts], hit.diagnostics)
    load_diags = disk.load_diags() if disk is not None and len(done) == len(targets) else None

    if load_diags is not None:
        diags = load_diags
    else:
        from .load import load_course

        start = time.perf_counter()
        course, diags = load_course(course_dir)
        stats.loaded = True
        progress.stage("load", time.perf_counter() - start)
        if course is None or diags.has_errors():
            return diags
        if disk is not None:
            disk.store_diags(diags)
        missing = [name for name in targets if name not in done]
        if missing:
            from .render.pipeline import render_course

            start = time.perf_counter()
            try:
                rendered = render_course(course, cache=disk)
            except CourseError as exc:
                diags.extend(exc.diagnostics)
                return diags
            stats.rendered = True
            progress.stage("render", time.perf_counter() - start)
            spawn_args = (str(course_dir), disk is not None, [str(p) for p in exclude], options)
            results = _run_exporters(missing, rendered, options, jobs, progress, spawn_args, stage)
            for name in missing:
                _, staged, found, _seconds = results[name]
                # What rendering found (identical variants) belongs to every target built from it;
                # the author's lint applies to exporters' warnings as to the loader's.
                found = course.lint_rules.apply([*found, *rendered.warnings])
                stats.exporters_run.append(name)
                done[name] = (staged, found)
                if disk is not None and staged is not None and not any(d.is_error for d in found):
                    disk.store_export(name, okey, staged, found)
    for name in targets:
        if name in stats.exporters_run:
            continue
        stats.targets_cached.append(name)
        progress.target(name, None, cached=True)

    outputs = []
    failed = False
    for name in targets:
        staged, found = done[name]
        diags.extend(found)
        if staged is None:
            failed = True
        else:
            outputs.extend(staged)
    if failed or diags.has_errors():
        return diags
    if options.get("strict") and diags.warnings:
        return diags
    stage.commit(outputs)
    return diags
