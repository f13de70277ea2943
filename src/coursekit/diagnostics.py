"""The one diagnostics type every stage reports with.

A diagnostic names the file, line and column of the offending node (1-based), a stable
code (``CK123``), a one-line message and a one-line hint that says how to fix it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Location:
    file: str  # path as shown to the user (relative to the course folder where possible)
    line: int = 1
    col: int = 1

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}"


@dataclass(frozen=True)
class TextAnchor:
    """Where a YAML string's text begins, to locate a position inside the text later (a template
    error found at build time). ``block``: a ``|``/``>`` scalar whose lines map one to one."""

    file: str
    line: int  # 1-based line and column of the text's first character
    col: int
    block: bool = False

    def at(self, line_in_text: int = 1, col_in_text: int = 1) -> Location:
        if self.block:
            return Location(self.file, self.line + line_in_text - 1, self.col + col_in_text - 1)
        if line_in_text == 1:
            return Location(self.file, self.line, self.col + col_in_text - 1)
        return Location(self.file, self.line, self.col)  # a folded flow scalar: its first line


@dataclass(frozen=True)
class Diagnostic:
    code: str
    message: str
    location: Location
    severity: Severity = Severity.ERROR
    hint: str = ""

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def as_text(self) -> str:
        text = f"{self.location}: {self.severity.value} {self.code}: {self.message}"
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text

    def as_github(self) -> str:
        # GitHub Actions workflow command; properties and message need their own escaping.
        def prop(v: str) -> str:
            return (
                v.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A").replace(":", "%3A").replace(",", "%2C")
            )

        def msg(v: str) -> str:
            return v.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")

        body = f"{self.code}: {self.message}" + (f" (hint: {self.hint})" if self.hint else "")
        return (
            f"::{self.severity.value} file={prop(self.location.file)},line={self.location.line},"
            f"col={self.location.col},title={prop(self.code)}::{msg(body)}"
        )

    def as_dict(self) -> dict:
        return {
            "file": self.location.file,
            "line": self.location.line,
            "col": self.location.col,
            "severity": self.severity.value,
            "code": self.code,
            "message": self.message,
            "hint": self.hint,
        }


@dataclass
class Diagnostics:
    """An ordered collection that stages append to; printing sorts by location.

    ``files_checked``: how many course files the loader read (the JSON report's summary).
    """

    items: list[Diagnostic] = field(default_factory=list)
    files_checked: int = 0

    def add(self, diag: Diagnostic) -> None:
        self.items.append(diag)

    def error(self, code: str, message: str, location: Location, hint: str = "") -> None:
        self.items.append(Diagnostic(code, message, location, Severity.ERROR, hint))

    def warning(self, code: str, message: str, location: Location, hint: str = "") -> None:
        self.items.append(Diagnostic(code, message, location, Severity.WARNING, hint))

    def extend(self, other: Diagnostics | list[Diagnostic]) -> None:
        self.items.extend(other.items if isinstance(other, Diagnostics) else other)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.is_error]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if not d.is_error]

    def has_errors(self) -> bool:
        return any(d.is_error for d in self.items)

    def sorted(self) -> list[Diagnostic]:
        """In file, line, column, code and message order, each distinct diagnostic once (the
        first reported, when several targets report the same one)."""
        # Keyed on plain fields, not on Location itself: the dataclass's generated ``__lt__``
        # made this sort a tenth of a second for the 20,000 warnings of a big bank's build.
        # The index keeps equal keys in the order they were reported.
        keyed = sorted(
            ((d.location.file, d.location.line, d.location.col, d.code, d.message), i, d)
            for i, d in enumerate(self.items)
        )
        out: list[Diagnostic] = []
        last = None
        for key, _, d in keyed:
            if key != last:
                out.append(d)
                last = key
        return out

    def counts(self) -> tuple[int, int]:
        """(errors, warnings) as printed: each distinct diagnostic once."""
        items = self.sorted()
        errors = sum(1 for d in items if d.is_error)
        return errors, len(items) - errors

    def render(self, fmt: str = "text", *, verbose: bool = False, elapsed: float = 0.0) -> str:
        """``text`` summarises target-limit warnings unless ``verbose``; ``json`` is the report
        object described by diagnostics.schema.json (``elapsed``: seconds, for its summary)."""
        from .report import render_github, render_json, render_text

        items = self.sorted()
        if fmt == "json":
            return render_json(items, files_checked=self.files_checked, elapsed=elapsed)
        if fmt == "github":
            return render_github(items)
        return render_text(items, verbose=verbose)


class CourseError(Exception):
    """Raised by any stage when it cannot go on; carries located diagnostics.

    The CLI catches it, prints the diagnostics and exits 1; nothing else is shown.
    """

    def __init__(self, diagnostics: Diagnostics | list[Diagnostic] | Diagnostic):
        if isinstance(diagnostics, Diagnostic):
            diagnostics = [diagnostics]
        if isinstance(diagnostics, list):
            diagnostics = Diagnostics(list(diagnostics))
        self.diagnostics = diagnostics
        super().__init__(diagnostics.render("text"))


class InternalError(Exception):
    """An unexpected exception raised in a worker process, carried back to the parent as text.

    Exceptions cross the process boundary pickled, and many cannot be (lxml's XMLSyntaxError
    holds its error log); this one always can, and the CLI prints it as it prints an internal
    error of its own process: its original type name and message.
    """

    def __init__(self, kind: str, message: str, where: str = ""):
        super().__init__(kind, message, where)
        self.kind, self.message, self.where = kind, message, where

    @classmethod
    def wrap(cls, exc: BaseException, where: str = "") -> InternalError:
        if isinstance(exc, InternalError):
            return exc
        return cls(type(exc).__name__, str(exc), where)

    def __str__(self) -> str:
        return self.message + (f" (in {self.where})" if self.where else "")


def display_path(path: Path) -> str:
    """A path as the author should see it: relative to the working directory when inside it,
    so that editors and GitHub annotations can open it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()
