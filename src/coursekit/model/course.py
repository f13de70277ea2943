"""course.yaml, chapter front matter, and the assembled Course the loader returns."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pydantic import Field, PrivateAttr, field_validator, model_validator

from ..i18n.overrides import check_ui_strings, schema_extra
from .base import Bool, Fraction, Markdown, Node, NonEmptyText, Slug, Text, invariant, raise_all
from .lint import CourseLint, Lint
from .quiz import Quiz
from .simulation import Simulation

# BCP 47 (RFC 5646) language tag: language[-script][-region][-variant]*[-extension]*[-x-private]
_BCP47_RE = re.compile(
    r"^(?:(?:[A-Za-z]{2,3}(?:-[A-Za-z]{3}){0,3}|[A-Za-z]{4,8})"
    r"(?:-[A-Za-z]{4})?"
    r"(?:-(?:[A-Za-z]{2}|[0-9]{3}))?"
    r"(?:-(?:[A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*"
    r"(?:-[0-9A-WY-Za-wy-z](?:-[A-Za-z0-9]{2,8})+)*"
    r"(?:-x(?:-[A-Za-z0-9]{1,8})+)?"
    r"|x(?:-[A-Za-z0-9]{1,8})+)$"
)
_SPDX_RE = re.compile(r"^[A-Za-z0-9.+-]+(?:\s+(?:AND|OR|WITH)\s+[A-Za-z0-9.+-]+)*$")


class CourseFile(Node):
    """course.yaml: the course's metadata, its chapters in order and its simulations."""

    id: Slug = Field(
        description="The course id: a slug [a-z0-9][a-z0-9-]*, at most 64 characters; used in package identifiers.",
        examples=["dl-applications"],
    )
    title: NonEmptyText = Field(description="The course title.", examples=["Deep Learning: Applications"])
    description: Markdown | None = Field(
        None, description="What the course is about (Markdown), shown on the course's first page."
    )
    language: Text = Field(
        "en",
        description="The course's language as a BCP 47 tag (en, en-GB, pt-BR; not en_GB): the language of "
        "everything coursekit writes for learners (UI words, numbers, text direction), the decimal separator "
        "learners may type and the language of the packages.",
        examples=["en", "en-GB", "de"],
    )
    version: Text = Field("1.0.0", description="The course's version, as text.", examples=["1.0.0"])
    authors: list[NonEmptyText] = Field(
        default_factory=list, description="The authors' names.", examples=[["Ada Lovelace"]]
    )
    license: Text | None = Field(None, description="An SPDX license id.", examples=["CC-BY-4.0", "MIT"])
    prerequisites: Markdown | None = Field(None, description="What learners should know first (Markdown).")
    keywords: list[NonEmptyText] = Field(
        default_factory=list,
        description="Extension: keywords for LMS metadata (SCORM and Common Cartridge LOM).",
        examples=[["deep learning", "GPUs"]],
    )
    passing_score: Fraction = Field(
        0.7,
        description="The fraction (0..1) of a quiz's points needed to pass it; a quiz may override it.",
        examples=[0.7],
    )
    allow_raw_html: Bool = Field(
        False,
        description="Keep raw HTML in Markdown unsanitised (html and scorm targets); by default scripts, styles, "
        "frames and event handlers are removed.",
    )
    chapters: list[NonEmptyText] = Field(
        min_length=1,
        description="The chapter files in order, as paths relative to course.yaml.",
        examples=[["chapters/01-intro.md", "chapters/02-vision.md"]],
    )
    simulations: list[Simulation] = Field(
        default_factory=list,
        description="The simulations chapters embed with :::{simulation} ID (numpy code drawn as SVG).",
    )
    lint: CourseLint | None = Field(
        None,
        description="Extension: warnings to silence in the whole course (lint: {ignore: [CK403]}) and opt-in "
        "checks to turn on (lint: {enable: [CK402]}).",
    )
    ui_strings: dict[str, Text | list[Text]] = Field(
        default_factory=dict,
        description="Extension: the course's own wording of single UI messages, by message id (the English text); "
        "a list gives one text per plural form of the course's language.",
        examples=[{"Check answers": "Abschicken", "%(points)s point": ["%(points)s P.", "%(points)s P."]}],
        json_schema_extra=schema_extra,
    )

    @field_validator("language")
    @classmethod
    def _bcp47(cls, v: str) -> str:
        if not _BCP47_RE.match(v):
            from pydantic_core import PydanticCustomError

            hint = f"write {v.replace('_', '-')!r}" if "_" in v else "write a BCP 47 tag such as en, en-GB or pt-BR"
            raise PydanticCustomError("CK110", "language {value!r} is not a BCP 47 tag", {"value": v, "hint": hint})
        return v

    @field_validator("license")
    @classmethod
    def _spdx(cls, v: str | None) -> str | None:
        if v is not None and not _SPDX_RE.match(v):
            from pydantic_core import PydanticCustomError

            raise PydanticCustomError(
                "CK111",
                "license {value!r} is not an SPDX identifier",
                {"value": v, "hint": "write an SPDX id such as CC-BY-4.0 or MIT"},
            )
        return v

    @model_validator(mode="after")
    def _check(self) -> CourseFile:
        problems = []
        seen: set[str] = set()
        for i, s in enumerate(self.simulations):
            if s.id in seen:
                problems.append(
                    invariant(
                        "CK120",
                        f"simulation id {s.id!r} is declared twice",
                        "give every simulation a distinct id",
                        ("simulations", i, "id"),
                    )
                )
            seen.add(s.id)
        for problem in check_ui_strings(self.ui_strings, self.language):
            problems.append(invariant(problem.code, problem.message, problem.hint, ("ui_strings", problem.key)))
        paths: set[str] = set()
        for i, c in enumerate(self.chapters):
            if c in paths:
                problems.append(
                    invariant("CK121", f"chapter file {c!r} is listed twice", "list each chapter once", ("chapters", i))
                )
            paths.add(c)
        if problems:
            raise_all(problems)
        return self


class ChapterMeta(Node):
    """A chapter's YAML front matter, between the --- lines at the top of its Markdown file."""

    id: Slug = Field(description="The chapter id: a slug, unique in the course.", examples=["large-scale"])
    title: NonEmptyText = Field(description="The chapter title.", examples=["Large-Scale Deep Learning"])
    summary: Markdown | None = Field(None, description="One or two sentences (Markdown) shown in the contents.")
    objectives: list[Markdown] = Field(
        default_factory=list,
        description="Learning objectives (Markdown), listed at the top of the chapter.",
        examples=[["Explain why data parallelism is the default strategy."]],
    )
    quiz: NonEmptyText | None = Field(
        None,
        description="A quiz file shown at the end of the chapter, relative to this file (inline quizzes use the "
        ":::{quiz} PATH directive).",
        examples=["../quizzes/large-scale.yaml"],
    )
    lint: Lint | None = Field(
        None, description="Extension: warnings to silence in this chapter file: lint: {ignore: [CK262]}."
    )


class Chapter(ChapterMeta):
    """A loaded chapter: front matter, its Markdown body and its quizzes."""

    body: str = ""
    quizzes: list[Quiz] = Field(default_factory=list, description="front-matter quiz first, then inline ones in order")

    _path: Path | None = PrivateAttr(default=None)
    _body_line: int = PrivateAttr(default=1)  # line of the body's first line in the file

    @property
    def path(self) -> Path:
        # Read the private attribute directly: pydantic's __getattr__ is slow, and
        # exporters ask for this path once per field of every question.
        path = self.__pydantic_private__["_path"]
        assert path is not None
        return path

    @property
    def body_line(self) -> int:
        return self._body_line

    @property
    def quiz_obj(self) -> Quiz | None:
        """The quiz named in front matter, shown at the end of the chapter."""
        return self.quizzes[0] if self.quiz and self.quizzes else None


class Course(CourseFile):
    """The whole validated course: what every later stage receives."""

    chapters: list[Chapter]  # type: ignore[assignment]
    _root: Path | None = PrivateAttr(default=None)
    # The loader's coursekit.load.lint_rules.LintRules: which warnings the author silenced
    # (exporters' warnings are filtered with it too).
    _lint_rules: Any = PrivateAttr(default=None)

    @property
    def root(self) -> Path:
        assert self._root is not None
        return self._root

    @property
    def lint_rules(self) -> Any:
        return self._lint_rules

    def all_quizzes(self) -> list[tuple[Chapter, Quiz]]:
        return [(ch, q) for ch in self.chapters for q in ch.quizzes]

    def simulation(self, sim_id: str) -> Simulation | None:
        return next((s for s in self.simulations if s.id == sim_id), None)
