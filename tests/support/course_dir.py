"""Courses on disk, loaded and rendered the way `coursekit build` does (no private shortcuts).

``write_course(root, files)`` writes a course folder from ``{relative path: text}``;
``load_rendered(root)`` loads it with the real loader (an error fails the caller) and
renders it; ``load_shipped(root)`` does so once per run for a shipped course (course/,
examples/*), which the tests only read; ``export(rendered, target)`` runs one exporter and
returns its one artifact's files.
"""

from __future__ import annotations

import functools
from pathlib import Path


def write_course(root: Path, files: dict[str, str | bytes]) -> Path:
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
    return root


def load_rendered(root: Path):
    """The course at ``root`` loaded and rendered; an error fails the caller's test."""
    from coursekit.load import load_course
    from coursekit.render.pipeline import render_course

    course, diags = load_course(root)
    assert course is not None and not diags.has_errors(), diags.render("text")
    return render_course(course)


@functools.cache
def load_shipped(root: Path):
    """A shipped course loaded and rendered once per test run, shared by the modules that read
    it (exporters take a rendered course as input and leave it as it was)."""
    return load_rendered(root)


def export(rendered, target: str, **options) -> dict[str, bytes]:
    """The files of ``target``'s single artifact (a zip's entries, a folder's files);
    ``options`` are ExportOptions fields (``sco_per_chapter=True``)."""
    from coursekit.build import _exporter_class
    from coursekit.exporters import ExportOptions

    result = _exporter_class(target)(ExportOptions(**options)).run(rendered)
    assert not [d for d in result.diagnostics if d.severity.value == "error"], result.diagnostics
    # the html target writes a folder and its zip: the folder is the site
    artifact = next((a for a in result.artifacts if a.kind == "dir"), result.artifacts[0])
    return dict(artifact.files)


def write_files(folder: Path, files: dict[str, bytes]) -> Path:
    for rel, data in files.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_bytes(data)
    return folder
