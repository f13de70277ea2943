"""What a reader hands the writer: quizzes of questions in the authoring format's shape.

A reader turns one foreign file into ``ImportResult``: quizzes whose questions are plain
dicts with the authoring format's keys (what a quiz YAML file holds), each with the place in
the source it came from, plus the files the questions show and the located warnings. The
assembler (``assemble.py``) validates every question against the model before anything is
written, so what reaches the disk is a valid course.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..diagnostics import Diagnostic, Diagnostics, Location, Severity


@dataclass
class DraftQuestion:
    data: dict[str, Any]  # authoring-format keys: id, type, prompt, ...
    where: Location  # source file and line (text formats) or item (zips)
    name: str  # the source's name for the question, for messages


@dataclass
class DraftQuiz:
    id: str
    title: str
    where: Location
    questions: list[DraftQuestion] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)  # quiz keys: select, shuffle_questions, ...


@dataclass
class ImportResult:
    quizzes: list[DraftQuiz] = field(default_factory=list)
    assets: dict[str, bytes] = field(default_factory=dict)  # "assets/<name>" -> bytes
    diags: Diagnostics = field(default_factory=Diagnostics)
    title: str | None = None  # a course title the source names (Moodle's top category, a package title)


class ImportProblem(Exception):
    """The source cannot be read at all: one located error, nothing written."""

    def __init__(self, code: str, message: str, where: Location, hint: str = ""):
        self.diagnostic = Diagnostic(code, message, where, Severity.ERROR, hint)
        super().__init__(f"{where}: {code}: {message}")


class Refused(Exception):
    """A reader refuses one question; the reader turns it into a located warning."""

    def __init__(self, message: str, hint: str = "", code: str = "CK910"):
        self.code = code
        self.message = message
        self.hint = hint
        super().__init__(message)


def question_label(name: str) -> str:
    name = " ".join(name.split())
    return f"question {name[:60] + '…' if len(name) > 60 else name!r}"
