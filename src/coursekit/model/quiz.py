"""A quiz file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, PrivateAttr, Strict, model_validator
from pydantic_core import PydanticCustomError

from .base import Bool, Fraction, Node, NonEmptyText, Slug, invariant, raise_all, sum_overflows_at
from .lint import Lint
from .question import Question


class Quiz(Node):
    """A quiz file: its questions and how an attempt draws them."""

    id: Slug = Field(description="The quiz id: a slug, unique in the course.", examples=["large-scale-check"])
    title: NonEmptyText = Field(description="The quiz title.", examples=["Check: Large-Scale Deep Learning"])
    passing_score: Fraction | None = Field(
        None, description="The fraction (0..1) of the points needed to pass; default: the course's.", examples=[0.8]
    )
    shuffle_questions: Bool = Field(False, description="Show the questions in a random order in each attempt.")
    select: Annotated[int, Strict(), Field(ge=1)] | None = Field(
        None,
        description="Draw this many questions per attempt (at most the number of questions); default: all.",
        examples=[3],
    )
    show_answers: Literal["always", "after_pass", "never"] = Field(
        "always",
        description="When the html site and SCORM show learners the correct answer of each question they got "
        "wrong: always (after every check), after_pass (only after a check that passes the quiz) or never.",
    )
    questions: list[Question] = Field(
        min_length=1, description="The questions; each has an id, a type and the keys of its type."
    )
    lint: Lint | None = Field(
        None, description="Extension: warnings to silence in this quiz file: lint: {ignore: [CK401]}."
    )

    _path: Path | None = PrivateAttr(default=None)  # the quiz file; Markdown paths resolve from it
    # Parametric questions: question id -> {field path below the question: a function
    # (line, col in the field's text) -> Location}, set by the loader, so that problems found
    # in a rendered variant (TeX errors) are reported in the YAML the author wrote.
    _field_at: dict = PrivateAttr(default_factory=dict)

    @model_validator(mode="after")
    def _check(self) -> Quiz:
        problems: list[PydanticCustomError] = []
        seen: set[str] = set()
        for i, q in enumerate(self.questions):
            if q.id in seen:
                problems.append(
                    invariant(
                        "CK330",
                        f"question id {q.id!r} is used twice in this quiz",
                        "give every question a distinct id",
                        ("questions", i, "id"),
                    )
                )
            seen.add(q.id)
        self._add_variant_id_problems(problems)
        self._add_total_points_problem(problems)
        if self.select is not None and self.select > len(self.questions):
            problems.append(
                invariant(
                    "CK331",
                    f"select is {self.select} but the quiz has only {len(self.questions)} questions",
                    f"lower select to at most {len(self.questions)}",
                    ("select",),
                )
            )
        if problems:
            raise_all(problems)
        return self

    def _add_total_points_problem(self, problems: list[PydanticCustomError]) -> None:
        """Every target writes the quiz's maximum (the sum of its questions' points, or of those an
        attempt draws): past the largest float (about 1.8e308) it is infinite, which no target
        can write. Templated points are added up once rendered (render.pipeline)."""
        # Templated points count as 0 here: render.pipeline adds them up once rendered.
        i = sum_overflows_at(q.points if isinstance(q.points, float | int) else 0.0 for q in self.questions)
        if i is not None:
            problems.append(
                invariant(
                    "CK333",
                    "the quiz's points add up past the largest number a target can write (about 1.8e308)",
                    "give the questions smaller points: only their ratios matter to the score",
                    ("questions", i, "points"),
                )
            )

    def _add_variant_id_problems(self, problems: list[PydanticCustomError]) -> None:
        """Variant ``k`` of a parametric question ``q`` is the question ``q-vk`` in every target, so
        no authored id may equal one: one of the two questions would be lost (or listed twice)."""
        generated: dict[str, tuple[str, int, int]] = {}
        for q in self.questions:
            if q.variants is not None:
                for k in range(1, q.variants.count + 1):
                    generated[f"{q.id}-v{k}"] = (q.id, k, q.variants.count)
        if not generated:
            return
        for i, q in enumerate(self.questions):
            if q.id in generated:
                source, k, count = generated[q.id]
                problems.append(
                    invariant(
                        "CK332",
                        f"question id {q.id!r} is also the id of variant {k} of the parametric question {source!r}",
                        f"rename this question: the variants of {source!r} are {source}-v1 to {source}-v{count}",
                        ("questions", i, "id"),
                    )
                )

    @property
    def path(self) -> Path:
        # Read the private attribute directly: pydantic's __getattr__ is slow, and
        # exporters ask for this path once per field of every question.
        path = self.__pydantic_private__["_path"]
        assert path is not None
        return path
