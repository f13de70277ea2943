"""Questions: nine types as a discriminated union on ``type``, plus variants and feedback."""

from __future__ import annotations

import math
import re
import unicodedata
from typing import Annotated, Any, Literal

from pydantic import Field, PrivateAttr, Strict, model_validator
from pydantic_core import PydanticCustomError

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
    raise_all,
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

    # The one validator of every question type: every rule the question breaks is reported
    # at once (raise_all), the templates' first, then its type's (``_add_problems``).
    @model_validator(mode="after")
    def _check(self) -> QuestionBase:
        problems = (
            []
            if self.variants is not None
            else [
                invariant(
                    "CK321",
                    f"{name!r} is a template but the question has no variants",
                    "add variants: {count, generator} or write a plain value",
                    (name,),
                )
                for name in self._templated_fields()
            ]
        )
        self._add_problems(problems)
        if problems:
            raise_all(problems)
        return self

    def _add_problems(self, problems: list[PydanticCustomError]) -> None:
        """Append the rules of the question's type it breaks (none here)."""

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

    def _add_repeated_choices(self, problems: list[PydanticCustomError]) -> None:
        seen: dict[str, int] = {}
        for i, c in enumerate(self.choices):
            key = " ".join(c.text.split())
            if key in seen and not is_template(c.text):
                problems.append(
                    invariant(
                        "CK305",
                        f"choice {i + 1} repeats choice {seen[key] + 1}",
                        "make every choice's text different",
                        ("choices", i, "text"),
                    )
                )
            else:
                seen[key] = i


class SingleChoice(_ChoiceQuestion):
    """Pick one: exactly one choice is correct."""

    type: Literal["single_choice"] = Field(description="The question type.")

    def _add_problems(self, problems: list[PydanticCustomError]) -> None:
        self._add_repeated_choices(problems)
        if self.templated and any(is_template(c.correct) for c in self.choices):
            return
        correct = [i for i, c in enumerate(self.choices) if c.correct is True]
        if len(correct) != 1:
            # None: the list is at fault; too many: the first choice marked beyond the one allowed.
            at = ("choices",) if not correct else ("choices", correct[1], "correct")
            problems.append(
                invariant(
                    "CK301",
                    f"single_choice needs exactly one correct choice, found {len(correct)}",
                    "mark exactly one choice with correct: true (use multiple_response for several)",
                    at,
                )
            )


class MultipleResponse(_ChoiceQuestion):
    """Pick all that apply: one or more choices are correct."""

    type: Literal["multiple_response"] = Field(description="The question type.")
    scoring: Literal["all_or_nothing", "partial"] = Field(
        "all_or_nothing",
        description="all_or_nothing: full marks only for exactly the correct choices; partial: each correct pick "
        "+1/k, each wrong pick -1/k, at least 0 (k = number of correct choices).",
    )

    def _add_problems(self, problems: list[PydanticCustomError]) -> None:
        self._add_repeated_choices(problems)
        if self.templated and any(is_template(c.correct) for c in self.choices):
            return
        if not any(c.correct is True for c in self.choices):
            problems.append(
                invariant(
                    "CK302",
                    "multiple_response needs at least one correct choice",
                    "mark one or more choices with correct: true",
                    ("choices",),
                )
            )


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

    def _add_problems(self, problems: list[PydanticCustomError]) -> None:
        # Every target writes the correct range answer +- (tolerance + the format's 1e-9 slack):
        # past the largest float (about 1.8e308) one of its ends is infinite, which no target
        # can write. Templates are checked in each variant, once rendered.
        if isinstance(self.answer, float | int) and isinstance(self.tolerance, float | int):
            reach = self.tolerance + 1e-9 * max(abs(self.answer), self.tolerance)
            if not (math.isfinite(self.answer - reach) and math.isfinite(self.answer + reach)):
                problems.append(
                    invariant(
                        "CK317",
                        "the correct range (answer ± tolerance) reaches past the largest number a target can "
                        "write (about 1.8e308)",
                        "write the answer in a larger unit, so that it and its tolerance are smaller numbers",
                        ("tolerance",) if self.tolerance else ("answer",),
                    )
                )


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

    def _add_problems(self, problems: list[PydanticCustomError]) -> None:
        seen: dict[str, int] = {}
        for i, a in enumerate(self.answers):
            if not a.text.strip():
                problems.append(
                    invariant(
                        "CK307",
                        "an accepted answer is empty",
                        "remove it or write the answer text",
                        ("answers", i, "text"),
                    )
                )
                continue
            key = normalize_answer(a.text, self.case_sensitive)
            if key in seen and not is_template(a.text):
                problems.append(
                    invariant(
                        "CK306",
                        f"answer {a.text!r} matches answer {seen[key] + 1} after normalising",
                        "list each accepted answer once",
                        ("answers", i, "text"),
                    )
                )
            else:
                seen[key] = i
        if self.templated and any(is_template(a.score) for a in self.answers):
            return
        if not any(a.score == 1 for a in self.answers):
            problems.append(
                invariant(
                    "CK303",
                    "short_answer needs at least one answer with score 1",
                    "give the best answer score: 1 (or leave score out)",
                    ("answers",),
                )
            )


class Essay(QuestionBase):
    """A free text a person grades."""

    type: Literal["essay"] = Field(description="The question type.")
    min_words: Count | None = Field(None, description="The fewest words expected.", examples=[50])
    max_words: Annotated[int, Strict(), Field(ge=1)] | None = Field(
        None, description="The most words expected.", examples=[300]
    )
    model_answer: Markdown | None = Field(None, description="A model answer for graders (Markdown).")

    def _add_problems(self, problems: list[PydanticCustomError]) -> None:
        if self.min_words is not None and self.max_words is not None and self.min_words > self.max_words:
            problems.append(
                invariant(
                    "CK308",
                    f"min_words ({self.min_words}) is above max_words ({self.max_words})",
                    "lower min_words or raise max_words",
                    ("min_words",),
                )
            )

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

    def _add_problems(self, problems: list[PydanticCustomError]) -> None:
        seen: set[str] = set()
        for i, p in enumerate(self.pairs):
            key = p.right.strip()
            if not key:
                problems.append(
                    invariant(
                        "CK309",
                        "a matching answer (right) is empty",
                        "write the right-hand text",
                        ("pairs", i, "right"),
                    )
                )
            if not p.left.strip():
                problems.append(
                    invariant(
                        "CK309", "a matching prompt (left) is empty", "write the left-hand text", ("pairs", i, "left")
                    )
                )
            if not key:
                continue
            if key in seen and not is_template(p.right):
                problems.append(
                    invariant(
                        "CK304",
                        f"right-hand option {p.right!r} is used by two pairs",
                        "make every right distinct",
                        ("pairs", i, "right"),
                    )
                )
            seen.add(key)
        for i, d in enumerate(self.distractors):
            key = d.strip()
            if not key:
                problems.append(
                    invariant("CK309", "a distractor is empty", "remove it or write its text", ("distractors", i))
                )
                continue
            if key in seen and not is_template(d):
                problems.append(
                    invariant(
                        "CK304",
                        f"distractor {d!r} repeats a right-hand option",
                        "make every distractor distinct from the answers",
                        ("distractors", i),
                    )
                )
            seen.add(key)


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

    def _add_problems(self, problems: list[PydanticCustomError]) -> None:
        seen: dict[str, int] = {}
        for i, item in enumerate(self.items):
            key = " ".join(item.split())
            if key in seen and not is_template(item):
                problems.append(
                    invariant(
                        "CK310",
                        f"item {i + 1} repeats item {seen[key] + 1}",
                        "ordering items must be distinct",
                        ("items", i),
                    )
                )
            else:
                seen[key] = i


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
        problems = []
        stripped: set[str] = set()
        repeated: set[str] = set()
        for i, choice in enumerate(self.choices):
            c = choice.strip()
            if c not in stripped:
                stripped.add(c)
            elif c not in repeated:  # once per choice, at its second listing
                repeated.add(c)
                problems.append(
                    invariant(
                        "CK311", f"drop-down choice {c!r} is listed twice", "list each choice once", ("choices", i)
                    )
                )
        if self.correct.strip() not in stripped and not is_template(self.correct):
            problems.append(
                invariant(
                    "CK312",
                    f"correct {self.correct!r} is not one of the drop-down's choices",
                    "set correct to the text of one of the choices",
                    ("correct",),
                )
            )
        if problems:
            raise_all(problems)
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

    def _add_problems(self, problems: list[PydanticCustomError]) -> None:
        # An invalid name (of a blank or a gap) is reported as that alone: whether a blank or
        # gap of the name it gets exists is for the next run to say.
        invalid_blanks = set()
        for name in self.blanks:
            if not GAP_NAME_RE.match(name):
                invalid_blanks.add(name)
                problems.append(
                    invariant(
                        "CK313",
                        f"blank name {name!r} is not of the form [a-z0-9_-]+",
                        "use lower-case letters, digits, '_' and '-'",
                        ("blanks", name),
                    )
                )
        used: set[str] = set()
        repeated: set[str] = set()
        for gap in find_gaps(self.text):
            name = gap.name
            if name in used:
                if name not in repeated:  # once per gap name
                    repeated.add(name)
                    problems.append(
                        invariant(
                            "CK316", f"gap [[{name}]] is used twice", "give each gap its own name and blank", ("text",)
                        )
                    )
                continue
            used.add(name)
            if not GAP_NAME_RE.match(name):
                problems.append(
                    invariant(
                        "CK313",
                        f"gap [[{name}]] has an invalid name",
                        "use lower-case letters, digits, '_' and '-' inside [[...]]",
                        ("text",),
                    )
                )
            elif name not in self.blanks:
                problems.append(
                    invariant(
                        "CK314",
                        f"gap [[{name}]] has no blank defined",
                        f"add blanks: {{{name}: {{accept: [...]}}}}",
                        ("text",),
                    )
                )
        for name in self.blanks:
            if name not in used and name not in invalid_blanks:
                problems.append(
                    invariant(
                        "CK315",
                        f"blank {name!r} is never used in text",
                        f"put [[{name}]] in text or remove the blank",
                        ("blanks", name),
                    )
                )

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
