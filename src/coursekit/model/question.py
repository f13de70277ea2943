"""Questions: nine types as a discriminated union on ``type``, plus variants and feedback."""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated, Any, Literal

from pydantic import Field, Strict, model_validator

from .base import (
    Bool,
    Count,
    Markdown,
    Node,
    NonEmptyText,
    Number,
    PositiveNumber,
    Slug,
    Template,
    Text,
    invariant,
    is_template,
)
from .gaps import GAP_NAME_RE, find_gaps
from .lint import Lint

GENERATOR_RE = re.compile(r"^(?P<file>[^:]+\.py):(?P<func>[A-Za-z_][A-Za-z0-9_]*)$")
MAX_VARIANTS = 100


def normalize_answer(text: str, case_sensitive: bool) -> str:
    """The comparison form of a typed answer (format: NFC, trim, collapse spaces, casefold)."""
    text = " ".join(unicodedata.normalize("NFC", text).split())
    return text if case_sensitive else text.casefold()


class Feedback(Node):
    correct: Markdown | None = None
    incorrect: Markdown | None = None
    general: Markdown | None = None

    def any(self) -> bool:
        return bool(self.correct or self.incorrect or self.general)


class Variants(Node):
    count: Annotated[int, Strict(), Field(ge=1, le=MAX_VARIANTS)]
    generator: str = Field(description="file.py:function, relative to the quiz file")

    @model_validator(mode="after")
    def _check(self) -> Variants:
        if not GENERATOR_RE.match(self.generator):
            raise invariant(
                "CK320",
                f"generator {self.generator!r} is not of the form file.py:function",
                "write e.g. ../simulations/scaling.py:speedup_question",
                ("generator",),
            )
        return self

    @property
    def source_file(self) -> str:
        return self.generator.rsplit(":", 1)[0]

    @property
    def function(self) -> str:
        return self.generator.rsplit(":", 1)[1]


class QuestionBase(Node):
    id: Slug
    prompt: Markdown
    points: PositiveNumber | Template = 1.0
    tags: list[Text] = Field(default_factory=list)
    feedback: Feedback = Field(default_factory=Feedback)
    variants: Variants | None = None
    lint: Lint | None = None

    # Template strings are only allowed in questions with variants; checked once per model.
    def _templated_fields(self) -> list[str]:
        return [name for name in type(self).model_fields if is_template(getattr(self, name))]

    @model_validator(mode="after")
    def _check_templates(self) -> QuestionBase:
        if self.variants is None:
            for name in self._templated_fields():
                raise invariant(
                    "CK321",
                    f"{name!r} is a template but the question has no variants",
                    "add variants: {count, generator} or write a plain value",
                    (name,),
                )
        return self

    @property
    def templated(self) -> bool:
        return self.variants is not None

    def has_feedback(self) -> bool:
        return self.feedback.any()


class Choice(Node):
    text: Markdown
    correct: Bool | Template = False
    feedback: Markdown | None = None


class _ChoiceQuestion(QuestionBase):
    choices: list[Choice] = Field(min_length=2)
    shuffle: Bool = True

    def has_feedback(self) -> bool:
        return super().has_feedback() or any(c.feedback for c in self.choices)

    def _check_distinct_choices(self) -> None:
        seen: dict[str, int] = {}
        for i, c in enumerate(self.choices):
            key = " ".join(c.text.split())
            if key in seen and not is_template(c.text):
                raise invariant(
                    "CK305",
                    f"choice {i + 1} repeats choice {seen[key] + 1}",
                    "make every choice's text different",
                    ("choices", i, "text"),
                )
            seen[key] = i


class SingleChoice(_ChoiceQuestion):
    type: Literal["single_choice"]

    @model_validator(mode="after")
    def _check(self) -> SingleChoice:
        self._check_distinct_choices()
        if self.templated and any(is_template(c.correct) for c in self.choices):
            return self
        correct = [i for i, c in enumerate(self.choices) if c.correct is True]
        if len(correct) != 1:
            # None: the list is at fault; too many: the first choice marked beyond the one allowed.
            at = ("choices",) if not correct else ("choices", correct[1], "correct")
            raise invariant(
                "CK301",
                f"single_choice needs exactly one correct choice, found {len(correct)}",
                "mark exactly one choice with correct: true (use multiple_response for several)",
                at,
            )
        return self


class MultipleResponse(_ChoiceQuestion):
    type: Literal["multiple_response"]
    scoring: Literal["all_or_nothing", "partial"] = "all_or_nothing"

    @model_validator(mode="after")
    def _check(self) -> MultipleResponse:
        self._check_distinct_choices()
        if self.templated and any(is_template(c.correct) for c in self.choices):
            return self
        if not any(c.correct is True for c in self.choices):
            raise invariant(
                "CK302",
                "multiple_response needs at least one correct choice",
                "mark one or more choices with correct: true",
                ("choices",),
            )
        return self


class TrueFalse(QuestionBase):
    type: Literal["true_false"]
    answer: Bool | Template


class NumericQuestion(QuestionBase):
    type: Literal["numeric"]
    answer: Number | Template
    tolerance: Annotated[float, Strict(), Field(ge=0, allow_inf_nan=False)] | Template = 0.0
    unit: Text | None = None


class ShortAnswerOption(Node):
    text: NonEmptyText
    score: Annotated[float, Strict(), Field(ge=0, le=1, allow_inf_nan=False)] | Template = 1.0
    feedback: Markdown | None = None


class ShortAnswer(QuestionBase):
    type: Literal["short_answer"]
    answers: list[ShortAnswerOption] = Field(min_length=1)
    case_sensitive: Bool = False

    def has_feedback(self) -> bool:
        return super().has_feedback() or any(a.feedback for a in self.answers)

    @model_validator(mode="after")
    def _check(self) -> ShortAnswer:
        seen: dict[str, int] = {}
        for i, a in enumerate(self.answers):
            if not a.text.strip():
                raise invariant(
                    "CK307", "an accepted answer is empty", "remove it or write the answer text", ("answers", i, "text")
                )
            key = normalize_answer(a.text, self.case_sensitive)
            if key in seen and not is_template(a.text):
                raise invariant(
                    "CK306",
                    f"answer {a.text!r} matches answer {seen[key] + 1} after normalising",
                    "list each accepted answer once",
                    ("answers", i, "text"),
                )
            seen[key] = i
        if self.templated and any(is_template(a.score) for a in self.answers):
            return self
        if not any(a.score == 1 for a in self.answers):
            raise invariant(
                "CK303",
                "short_answer needs at least one answer with score 1",
                "give the best answer score: 1 (or leave score out)",
                ("answers",),
            )
        return self


class Essay(QuestionBase):
    type: Literal["essay"]
    min_words: Count | None = None
    max_words: Annotated[int, Strict(), Field(ge=1)] | None = None
    model_answer: Markdown | None = None

    @model_validator(mode="after")
    def _check(self) -> Essay:
        if self.min_words is not None and self.max_words is not None and self.min_words > self.max_words:
            raise invariant(
                "CK308",
                f"min_words ({self.min_words}) is above max_words ({self.max_words})",
                "lower min_words or raise max_words",
                ("min_words",),
            )
        return self

    def has_feedback(self) -> bool:
        return super().has_feedback() or bool(self.model_answer)


class Pair(Node):
    left: Markdown = Field(min_length=1)
    right: NonEmptyText


class Matching(QuestionBase):
    type: Literal["matching"]
    pairs: list[Pair] = Field(min_length=2)
    distractors: list[NonEmptyText] = Field(default_factory=list)
    scoring: Literal["partial", "all_or_nothing"] = "partial"
    shuffle: Bool = True

    @model_validator(mode="after")
    def _check(self) -> Matching:
        seen: dict[str, tuple] = {}
        for i, p in enumerate(self.pairs):
            if not p.right.strip():
                raise invariant(
                    "CK309", "a matching answer (right) is empty", "write the right-hand text", ("pairs", i, "right")
                )
            if not p.left.strip():
                raise invariant(
                    "CK309", "a matching prompt (left) is empty", "write the left-hand text", ("pairs", i, "left")
                )
            key = p.right.strip()
            if key in seen and not is_template(p.right):
                raise invariant(
                    "CK304",
                    f"right-hand option {p.right!r} is used by two pairs",
                    "make every right distinct",
                    ("pairs", i, "right"),
                )
            seen[key] = ("pairs", i)
        for i, d in enumerate(self.distractors):
            key = d.strip()
            if not key:
                raise invariant("CK309", "a distractor is empty", "remove it or write its text", ("distractors", i))
            if key in seen and not is_template(d):
                raise invariant(
                    "CK304",
                    f"distractor {d!r} repeats a right-hand option",
                    "make every distractor distinct from the answers",
                    ("distractors", i),
                )
            seen[key] = ("distractors", i)
        return self


class Ordering(QuestionBase):
    type: Literal["ordering"]
    items: list[Annotated[Markdown, Field(min_length=1)]] = Field(min_length=2)
    scoring: Literal["all_or_nothing", "partial"] = "all_or_nothing"

    @model_validator(mode="after")
    def _check(self) -> Ordering:
        seen: dict[str, int] = {}
        for i, item in enumerate(self.items):
            key = " ".join(item.split())
            if key in seen and not is_template(item):
                raise invariant(
                    "CK310",
                    f"item {i + 1} repeats item {seen[key] + 1}",
                    "ordering items must be distinct",
                    ("items", i),
                )
            seen[key] = i
        return self


class TypedBlank(Node):
    accept: list[NonEmptyText] = Field(min_length=1)
    case_sensitive: Bool | None = None


class DropdownBlank(Node):
    choices: list[NonEmptyText] = Field(min_length=2)
    correct: NonEmptyText

    @model_validator(mode="after")
    def _check(self) -> DropdownBlank:
        stripped = [c.strip() for c in self.choices]
        for i, c in enumerate(stripped):
            if c in stripped[:i]:
                raise invariant(
                    "CK311", f"drop-down choice {c!r} is listed twice", "list each choice once", ("choices", i)
                )
        if self.correct.strip() not in stripped and not is_template(self.correct):
            raise invariant(
                "CK312",
                f"correct {self.correct!r} is not one of the drop-down's choices",
                "set correct to the text of one of the choices",
                ("correct",),
            )
        return self


def _blank_kind(value: Any) -> str:
    if isinstance(value, dict):
        return "dropdown" if "choices" in value or "correct" in value else "typed"
    return "dropdown" if isinstance(value, DropdownBlank) else "typed"


from pydantic import Discriminator, Tag  # noqa: E402  (kept next to its only use)

Blank = Annotated[
    Annotated[TypedBlank, Tag("typed")] | Annotated[DropdownBlank, Tag("dropdown")],
    Discriminator(_blank_kind),
]


class FillBlanks(QuestionBase):
    type: Literal["fill_blanks"]
    prompt: Markdown | None = None  # type: ignore[assignment]  # optional instruction here
    text: Markdown = Field(min_length=1)
    blanks: dict[str, Blank] = Field(min_length=1)
    case_sensitive: Bool = False
    scoring: Literal["partial", "all_or_nothing"] = "partial"

    @model_validator(mode="after")
    def _check(self) -> FillBlanks:
        for name in self.blanks:
            if not GAP_NAME_RE.match(name):
                raise invariant(
                    "CK313",
                    f"blank name {name!r} is not of the form [a-z0-9_-]+",
                    "use lower-case letters, digits, '_' and '-'",
                    ("blanks", name),
                )
        used: dict[str, int] = {}
        for gap in find_gaps(self.text):
            if not GAP_NAME_RE.match(gap.name):
                raise invariant(
                    "CK313",
                    f"gap [[{gap.name}]] has an invalid name",
                    "use lower-case letters, digits, '_' and '-' inside [[...]]",
                    ("text",),
                )
            if gap.name in used:
                raise invariant(
                    "CK316", f"gap [[{gap.name}]] is used twice", "give each gap its own name and blank", ("text",)
                )
            used[gap.name] = gap.start
            if gap.name not in self.blanks:
                raise invariant(
                    "CK314",
                    f"gap [[{gap.name}]] has no blank defined",
                    f"add blanks: {{{gap.name}: {{accept: [...]}}}}",
                    ("text",),
                )
        for name in self.blanks:
            if name not in used:
                raise invariant(
                    "CK315",
                    f"blank {name!r} is never used in text",
                    f"put [[{name}]] in text or remove the blank",
                    ("blanks", name),
                )
        return self

    def gap_order(self) -> list[str]:
        return [g.name for g in find_gaps(self.text)]

    def blank_case_sensitive(self, name: str) -> bool:
        b = self.blanks[name]
        return self.case_sensitive if not isinstance(b, TypedBlank) or b.case_sensitive is None else b.case_sensitive


Question = Annotated[
    SingleChoice
    | MultipleResponse
    | TrueFalse
    | NumericQuestion
    | ShortAnswer
    | Essay
    | Matching
    | Ordering
    | FillBlanks,
    Field(discriminator="type"),
]

QUESTION_TYPES: dict[str, type[QuestionBase]] = {
    "single_choice": SingleChoice,
    "multiple_response": MultipleResponse,
    "true_false": TrueFalse,
    "numeric": NumericQuestion,
    "short_answer": ShortAnswer,
    "essay": Essay,
    "matching": Matching,
    "ordering": Ordering,
    "fill_blanks": FillBlanks,
}
