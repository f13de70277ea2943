"""LiveSite: the html target of one course, rebuilt into one folder after every change.

Each rebuild is the ordinary pipeline (load, render, export), made incremental by what the
process keeps between rebuilds:

- load: a LoadMemo reuses every chapter and quiz file whose bytes and dependencies are
  unchanged (coursekit.load.memo);
- render: the build cache in ``<course>/.coursekit-cache/`` (chapter bodies, simulations),
  held in memory, plus each quiz's expanded variants (coursekit.serve.session_cache);
- export: a page is rendered again only when a digest of its inputs changed
  (``HtmlSite.page_inputs``, in the html exporter): an edited question re-renders the page
  of its chapter; an edited chapter re-renders its page, and the home page and neighbours
  only if its title (or summary, objectives, quiz titles) changed.

The folder then holds exactly what ``coursekit build -t html`` writes into ``out/html/``
(tests compare them byte for byte). A rebuild that finds errors writes nothing: the last
good pages stay in the folder.
"""

from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..cache import code_fingerprint, digest
from ..diagnostics import CourseError, Diagnostics
from ..load.memo import LoadMemo
from .session_cache import SessionCache

_TMP_SUFFIX = ".coursekit-tmp"


@dataclass
class RebuildResult:
    ok: bool
    diagnostics: Diagnostics
    changed: list[str] = field(default_factory=list)  # site paths written with new bytes
    removed: list[str] = field(default_factory=list)  # site paths deleted
    rendered: list[str] = field(default_factory=list)  # pages rendered (the others were reused)
    seconds: float = 0.0
    cpu_seconds: float = 0.0  # of this process: the rebuild's own work, whatever else the machine runs

    @property
    def pages(self) -> list[str]:
        """HTML pages that changed or disappeared: what an open browser tab must reload."""
        return sorted(p for p in self.changed + self.removed if p.endswith(".html"))


@dataclass
class _Page:
    key: str
    output: Any  # coursekit.exporters.html.pages.PageOutput


class LiveSite:
    def __init__(self, course_dir: Path, out_dir: Path):
        self.course_dir = Path(course_dir)
        self.out_dir = Path(out_dir)
        self.memo = LoadMemo()
        self.cache = SessionCache(self.course_dir)
        self.files: dict[str, bytes] = {}  # what out_dir holds now
        self._pages: dict[str, _Page] = {}
        self._code_state: str | None = None

    # ------------------------------------------------------------------ one rebuild
    def rebuild(self) -> RebuildResult:
        start, cpu = time.perf_counter(), time.process_time()
        result = self._rebuild()
        result.seconds, result.cpu_seconds = time.perf_counter() - start, time.process_time() - cpu
        return result

    def _rebuild(self) -> RebuildResult:
        from ..exporters.html import HtmlExporter
        from ..load import load_course
        from ..render.pipeline import render_course

        self.cache.refresh()
        self._forget_changed_code()
        course, diags = load_course(self.course_dir, memo=self.memo)
        if course is None or diags.has_errors():
            return RebuildResult(False, diags)
        try:
            rendered = render_course(course, cache=self.cache)
            exporter = HtmlExporter()
            site = exporter.site(rendered)
            outputs, fresh = {}, []
            for page in site.pages:
                key = self._page_key(site, page)
                held = self._pages.get(page)
                if held is None or held.key != key:
                    held = _Page(key, exporter.render_page(site, page))
                    fresh.append(page)
                outputs[page] = held
            self._pages = outputs
            warned = len(exporter.diagnostics)
            files = exporter.site_files(site, {page: held.output for page, held in outputs.items()})
        except CourseError as exc:
            diags.extend(exc.diagnostics)
            return RebuildResult(False, diags)
        found = [d for held in outputs.values() for d in held.output.diagnostics]
        found += exporter.diagnostics[warned:] + rendered.warnings
        diags.extend(course.lint_rules.apply(found))  # as build_course does
        changed, removed = self._write(files)
        return RebuildResult(True, diags, changed, removed, fresh)

    def _page_key(self, site: Any, page: str) -> str:
        inputs = site.page_inputs(page)
        return digest("page", code_fingerprint(), inputs.values, [self._quiz_key(rq) for rq in inputs.quizzes])

    def _quiz_key(self, rq: Any) -> str:
        """Everything a quiz shows: its file and what loading it looked at (the LoadMemo's
        fingerprint), its generators' folders, and the passing score it inherits."""
        loaded = self.memo.fingerprint(rq.quiz) or rq.quiz.model_dump_json()
        return digest("quiz", loaded, self.cache.generator_key(rq.quiz), rq.passing_score)

    def _forget_changed_code(self) -> None:
        """Python modules stay imported in this process: after any .py file of the course
        changed, forget the course's modules so simulations and generators import them anew."""
        from ..render.author_code import forget_modules

        state = digest("code", sorted((k, v) for k, v in self.cache.files().items() if k.endswith(".py")))
        if self._code_state is not None and state != self._code_state:
            forget_modules(self.course_dir)
        self._code_state = state

    # ------------------------------------------------------------------ the folder
    def _write(self, files: dict[str, bytes]) -> tuple[list[str], list[str]]:
        """Write what changed (assets first, pages after, so a page never names a missing
        asset), each file through a temporary name and a rename, then delete what is gone."""
        changed = [p for p, data in files.items() if self.files.get(p) is not data and self.files.get(p) != data]
        changed.sort(key=lambda p: (p.endswith(".html"), p == "index.html", p))
        for path in changed:
            _write_file(self.out_dir / path, files[path])
        removed = sorted(p for p in self.files if p not in files)
        for path in removed:
            _remove_file(self.out_dir, path)
        self.files = dict(files)
        return sorted(changed), removed


def _write_file(dest: Path, data: bytes) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.{hashlib.sha256(data).hexdigest()[:8]}{_TMP_SUFFIX}")
    tmp.write_bytes(data)
    os.replace(tmp, dest)


def _remove_file(root: Path, rel: str) -> None:
    path = root / rel
    try:
        path.unlink()
    except FileNotFoundError:
        pass
    parent = path.parent
    while parent != root and parent.is_dir() and not any(parent.iterdir()):
        parent.rmdir()
        parent = parent.parent
