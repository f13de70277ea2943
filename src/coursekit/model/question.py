"""Questions: nine types as a discriminated union on ``type``, plus variants and feedback."""

from __future__ import annotations

import math
import re
import unicodedata
from typing import Annotated, Any, Literal

from pydantic import Field, PrivateAttr, Strict, model_validator

from .base import (
    TEMPLATE_RE,
    Bool,
    Count,
    Markdown,
    Node,
    NonEmptyMarkdown,
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
    """What learners read after answering (Markdown)."""

    correct: Markdown | None = Field(None, description="Shown when the answer earns full marks (Markdown).")
    incorrect: Markdown | None = Field(None, description="Shown when it does not (Markdown).")
    general: Markdown | None = Field(None, description="Shown after any answer (Markdown).")

    def any(self) -> bool:
        return bool(self.correct or self.incorrect or self.general)


class Variants(Node):
    """Makes the question parametric: every string is a Jinja2 template over the generator's values."""

    count: Annotated[int, Strict(), Field(ge=1, le=MAX_VARIANTS)] = Field(
        description=f"How many variants to make (1..{MAX_VARIANTS}); variant i has the id <id>-v<i>.", examples=[8]
    )
    generator: str = Field(
        description="file.py:function, relative to the quiz file: called with rng, it returns a mapping of names "
        "to values (str, int, float, bool or lists of them).",
        examples=["../simulations/scaling.py:speedup_question"],
    )
    # Set by the loader: where each template string of the question begins (data path below the
    # question -> coursekit.diagnostics.TextAnchor), so build locates template errors at the field.
    _anchors: dict = PrivateAttr(default_factory=dict)

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
    """The keys every question type has."""

    id: Slug = Field(description="The question id: a slug, unique in the quiz.", examples=["why-data-parallel"])
    prompt: Markdown = Field(description="The question (Markdown: math, images, simulations).")
    points: PositiveNumber | Template = Field(
        1.0, description="The question's weight in the quiz, any number above 0.", examples=[1, 2, 0.5]
    )
    tags: list[Text] = Field(
        default_factory=list,
        description="Labels for question banks (Moodle tags, QTI metadata).",
        examples=[["scaling"]],
    )
    feedback: Feedback = Field(
        default_factory=Feedback, description="Feedback after answering: correct, incorrect, general (each Markdown)."
    )
    variants: Variants | None = Field(
        None,
        description="Makes the question parametric: {count, generator}; every string becomes a Jinja2 template "
        "over the generator's values.",
    )
    lint: Lint | None = Field(
        None, description="Extension: warnings to silence for this question: lint: {ignore: [CK760]}."
    )

    # Template strings are only allowed in questions with variants; checked once per model
    # (is_template inlined: this runs for every question of a bank).
    def _templated_fields(self) -> list[str]:
        return [
            name
            for name, value in self.__dict__.items()
            if isinstance(value, str) and "{" in value and TEMPLATE_RE.search(value) is not None
        ]

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
    """One choice of a single_choice or multiple_response question."""

    text: Markdown = Field(description="The choice as learners see it (Markdown).")
    correct: Bool | Template = Field(False, description="Whether picking this choice is right.")
    feedback: Markdown | None = Field(None, description="Shown to a learner who picked this choice (Markdown).")


class _ChoiceQuestion(QuestionBase):
    choices: list[Choice] = Field(min_length=2, description="At least two choices: {text, correct?, feedback?}.")
    shuffle: Bool = Field(True, description="Show the choices in a random order.")

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
    """Pick one: exactly one choice is correct."""

    type: Literal["single_choice"] = Field(description="The question type.")

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
    """Pick all that apply: one or more choices are correct."""

    type: Literal["multiple_response"] = Field(description="The question type.")
    scoring: Literal["all_or_nothing", "partial"] = Field(
        "all_or_nothing",
        description="all_or_nothing: full marks only for exactly the correct choices; partial: each correct pick "
        "+1/k, each wrong pick -1/k, at least 0 (k = number of correct choices).",
    )

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
    """A statement learners judge true or false."""

    type: Literal["true_false"] = Field(description="The question type.")
    answer: Bool | Template = Field(description="Whether the statement is true.", examples=[True])


class NumericQuestion(QuestionBase):
    """A number learners type; correct within the tolerance."""

    type: Literal["numeric"] = Field(description="The question type.")
    answer: Number | Template = Field(description="The correct number.", examples=[42, 1.5e-3])
    tolerance: Annotated[float, Strict(), Field(ge=0, allow_inf_nan=False)] | Template = Field(
        0.0, description="Absolute tolerance: correct when |response - answer| <= tolerance.", examples=[0.05]
    )
    unit: Text | None = Field(None, description="A unit shown after the answer field (not typed).", examples=["m/s"])

    @model_validator(mode="after")
    def _check_range(self) -> NumericQuestion:
        # Every target writes the correct range answer +- (tolerance + the format's 1e-9 slack):
        # past the largest float (about 1.8e308) one of its ends is infinite, which no target
        # can write. Templates are checked in each variant, once rendered.
        if isinstance(self.answer, float | int) and isinstance(self.tolerance, float | int):
            reach = self.tolerance + 1e-9 * max(abs(self.answer), self.tolerance)
            if not (math.isfinite(self.answer - reach) and math.isfinite(self.answer + reach)):
                raise invariant(
                    "CK317",
                    "the correct range (answer ± tolerance) reaches past the largest number a target can "
                    "write (about 1.8e308)",
                    "write the answer in a larger unit, so that it and its tolerance are smaller numbers",
                    ("tolerance",) if self.tolerance else ("answer",),
                )
        return self


class ShortAnswerOption(Node):
    """One accepted answer of a short_answer question."""

    text: NonEmptyText = Field(description="The answer as typed (plain text; compared after trimming spaces).")
    score: Annotated[float, Strict(), Field(ge=0, le=1, allow_inf_nan=False)] | Template = Field(
        1.0, description="The fraction of the points it earns, 0..1.", examples=[1, 0.5]
    )
    feedback: Markdown | None = Field(None, description="Shown to a learner who typed this answer (Markdown).")


class ShortAnswer(QuestionBase):
    """A word or phrase learners type."""

    type: Literal["short_answer"] = Field(description="The question type.")
    answers: list[ShortAnswerOption] = Field(
        min_length=1, description="Accepted answers {text, score?, feedback?}; at least one with score 1."
    )
    case_sensitive: Bool = Field(False, description="Compare answers with their upper and lower case.")

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
    """A free text a person grades."""

    type: Literal["essay"] = Field(description="The question type.")
    min_words: Count | None = Field(None, description="The fewest words expected.", examples=[50])
    max_words: Annotated[int, Strict(), Field(ge=1)] | None = Field(
        None, description="The most words expected.", examples=[300]
    )
    model_answer: Markdown | None = Field(None, description="A model answer for graders (Markdown).")

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
    """One pair of a matching question."""

    left: NonEmptyMarkdown = Field(description="The prompt side (Markdown).")
    right: NonEmptyText = Field(description="The answer learners pick for it (plain text, distinct in the question).")


class Matching(QuestionBase):
    """Match each left-hand prompt to its right-hand answer."""

    type: Literal["matching"] = Field(description="The question type.")
    pairs: list[Pair] = Field(min_length=2, description="At least two pairs {left, right}.")
    distractors: list[NonEmptyText] = Field(
        default_factory=list, description="Extra right-hand options that match nothing.", examples=[["Sublimation"]]
    )
    scoring: Literal["partial", "all_or_nothing"] = Field(
        "partial", description="partial: each correct pair earns points/pairs; all_or_nothing: every pair right."
    )
    shuffle: Bool = Field(True, description="Show the right-hand options in a random order.")

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
    """Put items in order."""

    type: Literal["ordering"] = Field(description="The question type.")
    items: list[NonEmptyMarkdown] = Field(
        min_length=2, description="The items in their correct order (Markdown, distinct).", examples=[["a", "b"]]
    )
    scoring: Literal["all_or_nothing", "partial"] = Field(
        "all_or_nothing",
        description="all_or_nothing: the whole order right; partial: each item in its place earns points/items.",
    )

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
    """A gap learners type into."""

    accept: list[NonEmptyText] = Field(
        min_length=1, description="The accepted answers (plain text).", examples=[["convection"]]
    )
    case_sensitive: Bool | None = Field(None, description="Overrides the question's case_sensitive for this gap.")


class DropdownBlank(Node):
    """A gap learners fill from a drop-down."""

    choices: list[NonEmptyText] = Field(
        min_length=2, description="The drop-down's options (plain text).", examples=[["rises", "sinks"]]
    )
    correct: NonEmptyText = Field(description="The correct option: the text of one of the choices.", examples=["rises"])

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
    """A text with [[name]] gaps, typed or picked from drop-downs."""

    type: Literal["fill_blanks"] = Field(description="The question type.")
    prompt: Markdown | None = Field(  # type: ignore[assignment]  # optional instruction here
        None, description="An optional instruction above the text (Markdown)."
    )
    text: Markdown = Field(
        min_length=1,
        description="The text with its gaps written [[name]] (Markdown; not inside code or math).",
        examples=["Warm air [[dir]] because it is less [[dense]]."],
    )
    blanks: dict[str, Blank] = Field(
        min_length=1,
        description="Each gap by name: {accept: [...]} for a typed gap or {choices: [...], correct} for a drop-down.",
    )
    case_sensitive: Bool = Field(False, description="Compare typed gaps with their upper and lower case.")
    scoring: Literal["partial", "all_or_nothing"] = Field(
        "partial", description="partial: each correct gap earns points/gaps; all_or_nothing: every gap right."
    )

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
