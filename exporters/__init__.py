"""Exporters: one module (or package) per target family, registered in coursekit.targets.

Each exporter module exposes ``EXPORTERS: dict[str, type[Exporter]]`` (target name to class).
An exporter receives the rendered course and returns artifacts in memory; coursekit.build
writes them atomically and deterministically (so a failed export leaves nothing half-written).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from coursekit.diagnostics import Diagnostic, Location, Severity

if TYPE_CHECKING:
    from coursekit.render.rendered import RenderedCourse


@dataclass
class Artifact:
    """One output: a zip, a folder, or a single file, relative to the --out folder."""

    name: str  # e.g. "dl-applications-scorm12.zip", "html", "dl-applications-moodle.xml"
    kind: Literal["zip", "dir", "file"]
    files: dict[str, bytes]  # archive/folder paths -> bytes; for kind "file": {name: bytes}


@dataclass
class ExportOptions:
    sco_per_chapter: bool = False
    split: bool = False  # moodle: one file per quiz
    jobs: int = 1  # processes a big bank's quizzes may be spread over (coursekit.fanout)
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class ExportResult:
    artifacts: list[Artifact]
    diagnostics: list[Diagnostic] = field(default_factory=list)


class Exporter:
    """Base class: subclasses set ``name`` and implement ``export``."""

    name: str = ""

    def __init__(self, options: ExportOptions | None = None):
        self.options = options or ExportOptions()
        self.diagnostics: list[Diagnostic] = []

    def warn(self, code: str, message: str, location: Location, hint: str = "") -> None:
        """A located warning, e.g. a question a target cannot hold exactly (never drop silently)."""
        self.diagnostics.append(Diagnostic(code, message, location, Severity.WARNING, hint))

    def export(self, rendered: RenderedCourse) -> list[Artifact]:  # pragma: no cover - interface
        raise NotImplementedError

    def run(self, rendered: RenderedCourse) -> ExportResult:
        artifacts = self.export(rendered)
        return ExportResult(artifacts, list(self.diagnostics))
