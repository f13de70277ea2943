"""Exporters: one module (or package) per target family, registered in coursekit.targets.

Each exporter module exposes ``EXPORTERS: dict[str, type[Exporter]]`` (target name to class).
An exporter receives the rendered course and hands over each artifact's files as it makes
them, through ``Exporter.output``: by default they are held in memory and ``export`` returns
Artifacts; in a build, coursekit.build gives every exporter outputs that write each file as it
comes (a zip's deflated, a folder's into a staging folder, see coursekit.package.Staging), so
that no output is held whole, and moves them into place atomically once every target has
succeeded (so a failed export leaves nothing half-written).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from coursekit.diagnostics import CourseError, Diagnostic, Location, Severity
from coursekit.package import Deflated, raw

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


class Output:
    """Where one artifact's files go as an exporter makes them (``Exporter.output``): ``add``
    each file once, then ``close`` gives what ``export`` returns for the artifact. This one
    holds them in memory: ``close`` gives the Artifact."""

    def __init__(self, name: str, kind: Literal["zip", "dir", "file"]):
        self.artifact = Artifact(name, kind, {})
        self._pieces: list[bytes] = []

    def add(self, path: str, data: bytes | Deflated) -> None:
        """One file of the artifact (for kind "file": the artifact's name and its bytes), as
        bytes or as package.Deflated (what a target made for several zips, deflated once)."""
        self.artifact.files[path] = raw(data)

    def append(self, data: bytes) -> None:
        """For kind "file", instead of ``add``: the next piece of its one file (so that a big file
        is never whole in memory when a build writes each piece as it comes)."""
        self._pieces.append(data)

    def close(self) -> Any:
        if self._pieces:
            self.artifact.files[self.artifact.name] = b"".join(self._pieces)
            self._pieces = []
        return self.artifact


@dataclass
class ExportOptions:
    sco_per_chapter: bool = False
    split: bool = False  # moodle: one file per quiz
    jobs: int = 1  # processes a big bank's quizzes may be spread over (coursekit.fanout)
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class ExportResult:
    artifacts: list[Any]  # Artifacts, or what a build's outputs gave (Output.close)
    diagnostics: list[Diagnostic] = field(default_factory=list)


class Exporter:
    """Base class: subclasses set ``name`` and implement ``export``."""

    name: str = ""

    def __init__(self, options: ExportOptions | None = None):
        self.options = options or ExportOptions()
        self.diagnostics: list[Diagnostic] = []
        # Set by coursekit.build: makes the outputs that write each file as it comes.
        self.outputs: Callable[[str, str], Output] | None = None

    def output(self, name: str, kind: Literal["zip", "dir", "file"]) -> Output:
        """Where the artifact ``name`` goes, file by file (held in memory unless a build set
        ``outputs``). An exporter that hands each file over as soon as it is made, and keeps no
        reference to it, never holds its whole output."""
        return self.outputs(name, kind) if self.outputs is not None else Output(name, kind)

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
