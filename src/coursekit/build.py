"""build_course: load, render once, run each target's exporter, write outputs atomically.

Nothing is written until every requested exporter has succeeded, so a failing build never
leaves half-written output (and never replaces a previous good one).
"""
from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

from .diagnostics import CourseError, Diagnostics


def _exporter_class(name: str) -> type:
    from .targets import EXPORTER_MODULES

    module = importlib.import_module(EXPORTER_MODULES[name])
    return module.EXPORTERS[name]


def build_course(course_dir: Path, targets: list[str], out_dir: Path, options: dict[str, Any] | None = None) -> Diagnostics:
    """Build ``targets`` (exporter names, already expanded) of the course into ``out_dir``."""
    from coursekit.exporters import ExportOptions

    from .load import load_course
    from .package import write_artifact
    from .render.pipeline import render_course

    options = options or {}
    course, diags = load_course(course_dir)
    if course is None or diags.has_errors():
        return diags
    try:
        rendered = render_course(course)
        export_options = ExportOptions(
            sco_per_chapter=bool(options.get("sco_per_chapter")),
            split=bool(options.get("split")),
            extra={k: v for k, v in options.items() if k not in ("sco_per_chapter", "split")},
        )
        artifacts = []
        for name in targets:
            result = _exporter_class(name)(export_options).run(rendered)
            diags.extend(result.diagnostics)
            artifacts.extend(result.artifacts)
    except CourseError as exc:
        diags.extend(exc.diagnostics)
        return diags
    if options.get("strict") and diags.warnings:
        return diags
    out_dir.mkdir(parents=True, exist_ok=True)
    for artifact in artifacts:
        write_artifact(artifact, out_dir)
    return diags
