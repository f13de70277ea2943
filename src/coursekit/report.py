"""Printing diagnostics: text for people, a JSON report for programs, GitHub annotations.

A big bank can produce thousands of warnings about what one target cannot hold (Canvas has no
ordering question, ...): the same fact once per question. Text output therefore prints each
such code once, with its count and first locations; ``--verbose``, JSON and GitHub annotations
list every one. The JSON report's shape is ``diagnostics.schema.json`` (``coursekit schema
diagnostics``).
"""

from __future__ import annotations

import json
from importlib.resources import files
from typing import Any

from .codes import CODES, is_target_limit
from .diagnostics import Diagnostic

SHOWN_LOCATIONS = 3
SCHEMA_FILE = "diagnostics.schema.json"


def diagnostics_schema() -> dict[str, Any]:
    """The JSON Schema of ``--format json`` output (shipped with the package)."""
    return json.loads(files("coursekit").joinpath(SCHEMA_FILE).read_text(encoding="utf-8"))


def render_json(items: list[Diagnostic], *, files_checked: int, elapsed: float) -> str:
    errors = sum(1 for d in items if d.is_error)
    report = {
        "summary": {
            "errors": errors,
            "warnings": len(items) - errors,
            "files_checked": files_checked,
            "elapsed_seconds": round(max(elapsed, 0.0), 3),
        },
        "diagnostics": [d.as_dict() for d in items],
    }
    return json.dumps(report, indent=2, ensure_ascii=False)


def render_github(items: list[Diagnostic]) -> str:
    return "\n".join(d.as_github() for d in items)


def render_text(items: list[Diagnostic], *, verbose: bool = False) -> str:
    if verbose:
        return "\n".join(d.as_text() for d in items)
    groups: dict[str, list[Diagnostic]] = {}
    for d in items:
        if not d.is_error and is_target_limit(d.code):
            groups.setdefault(d.code, []).append(d)
    summarised = {code for code, group in groups.items() if len(group) > 1}
    lines = [d.as_text() for d in items if d.code not in summarised or d.is_error]
    for code in sorted(summarised):
        lines.append(summary_line(code, groups[code]))
    if summarised:
        lines.append("note: target limits are summarised, one line per code; --verbose lists each one with its hint")
    return "\n".join(lines)


def summary_line(code: str, group: list[Diagnostic]) -> str:
    shown = ", ".join(str(d.location) for d in group[:SHOWN_LOCATIONS])
    more = len(group) - SHOWN_LOCATIONS
    where = shown + (f" and {more:,} more" if more > 0 else "")
    return f"warning {code} ({len(group):,} times): {CODES[code].title}: {where}"
