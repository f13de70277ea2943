"""Exporters: one module (or package) per target family, registered in coursekit.targets.

Each exporter module exposes ``EXPORTERS: dict[str, type[Exporter]]`` (target name to class).
An exporter receives the rendered course and returns artifacts in memory; coursekit.build
writes them atomically and deterministically (so a failed export leaves nothing half-written).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from coursekit.diagnostics import CourseError, Diagnostic, Location, Severity

if TYPE_CHECKING:
    from lxml import etree

    from coursekit.model.base import Node
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


def require_unique(target: str, what: str, identifiers: Iterable[str], at: Location) -> None:
    """Refuse to write one identifier twice. In every format a duplicate silently loses content
    (a file or dict entry overwritten, an LMS keeping one of two questions) or lists it twice;
    validate refuses the author-level causes (CK243, CK330, CK332), so this is a last guard."""
    require_unique_at(target, what, ((ident, at) for ident in identifiers))


def require_unique_at(target: str, what: str, entries: Iterable[tuple[str, Location | Node]]) -> None:
    """``require_unique`` with the source of each identifier (the second one is shown): its
    Location, or the model node it comes from, located only for a duplicate (a node's location
    may need its file's positions read: a big bank would pay that for every question)."""
    seen: set[str] = set()
    for ident, at in entries:
        if ident in seen:
            raise CourseError(
                Diagnostic(
                    "CK001",
                    f"the {target} export would write the {what} {ident!r} twice (one question or quiz would be lost)",
                    at if isinstance(at, Location) else at.loc,
                    hint="rename the quiz or question it comes from; if their ids already differ, "
                    "this is a coursekit bug: please report it",
                )
            )
        seen.add(ident)


def require_unique_xml_ids(target: str, root: etree._Element, at: Location, attr: str = "identifier") -> None:
    """Every ``attr`` (an xs:ID in manifests) of an XML tree is distinct (see ``require_unique``)."""
    require_unique(target, attr, (v for e in root.iter() if (v := e.get(attr)) is not None), at)
