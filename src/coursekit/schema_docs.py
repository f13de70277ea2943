"""The key tables of docs/format.md, generated from the model's field definitions.

Each key's meaning is written once, as ``Field(description=...)`` in ``coursekit.model``: the
JSON Schemas (``coursekit schema``, hover help in editors) and the reference tables in
docs/format.md both come from it. ``scripts/format_tables.py --write`` refreshes the tables
between ``<!-- keys:NAME -->`` and ``<!-- /keys -->``; a test fails when they are stale.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel
from pydantic_core import PydanticUndefined

from .model import (
    QUESTION_TYPES,
    ChapterMeta,
    Choice,
    ChoiceParam,
    CourseFile,
    DropdownBlank,
    Feedback,
    NumberParam,
    Pair,
    QuestionBase,
    Quiz,
    ShortAnswerOption,
    Simulation,
    TypedBlank,
    Variants,
)
from .model.lint import CourseLint, Lint

# marker name -> the model whose keys the table lists
SIMPLE_TABLES: dict[str, type[BaseModel]] = {
    "course": CourseFile,
    "course-lint": CourseLint,
    "simulation": Simulation,
    "number-param": NumberParam,
    "choice-param": ChoiceParam,
    "chapter": ChapterMeta,
    "quiz": Quiz,
    "question": QuestionBase,
    "feedback": Feedback,
    "variants": Variants,
    "lint": Lint,
    "choice": Choice,
    "short-answer-option": ShortAnswerOption,
    "pair": Pair,
    "typed-blank": TypedBlank,
    "dropdown-blank": DropdownBlank,
}

_BLOCK_RE = re.compile(r"(<!-- keys:(?P<name>[a-z-]+) -->\n)(?P<body>.*?)(<!-- /keys -->)", re.S)


def _default(field: Any) -> str:
    if field.is_required():
        return ""
    if field.default_factory is not None:
        value = field.default_factory()
        return "`[]`" if isinstance(value, list) else "`{}`" if isinstance(value, (dict, BaseModel)) else ""
    value = field.default
    if value is None or value is PydanticUndefined:
        return ""
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, float) and value.is_integer():
        return f"`{int(value)}`"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"`{value:,}`" if value >= 10_000 else f"`{value}`"
    return f"`{value}`"


def _cell(text: str) -> str:
    """A description as a Markdown table cell: no raw HTML tags, no emphasis, no column breaks."""
    return text.replace("|", "\\|").replace("<", "&lt;").replace("*", "\\*").replace("\n", " ")


def _fields(model: type[BaseModel], own_only: bool = False) -> list[tuple[str, Any]]:
    """The model's keys; ``own_only``: those a question type adds or redefines (fill_blanks' prompt)."""
    base = QuestionBase.model_fields if own_only else {}
    return [
        (name, f)
        for name, f in model.model_fields.items()
        if name not in base or (f.description, f.is_required()) != (base[name].description, base[name].is_required())
    ]


def table(model: type[BaseModel]) -> str:
    rows = ["| key | required | default | meaning |", "| --- | --- | --- | --- |"]
    if model is QuestionBase:
        rows.append(
            "| `type` | yes | | the question type: one of " + ", ".join(f"`{t}`" for t in QUESTION_TYPES) + " |"
        )
    for name, f in _fields(model):
        rows.append(f"| `{name}` | {'yes' if f.is_required() else ''} | {_default(f)} | {_cell(f.description or '')} |")
    return "\n".join(rows) + "\n"


def types_table() -> str:
    """The keys each question type adds to the common ones."""
    rows = ["| type | key | required | default | meaning |", "| --- | --- | --- | --- | --- |"]
    for tname, model in QUESTION_TYPES.items():
        for name, f in _fields(model, own_only=True):
            if name == "type":
                continue
            req = "yes" if f.is_required() else ""
            rows.append(f"| `{tname}` | `{name}` | {req} | {_default(f)} | {_cell(f.description or '')} |")
    return "\n".join(rows) + "\n"


def tables() -> dict[str, str]:
    out = {name: table(model) for name, model in SIMPLE_TABLES.items()}
    out["question-types"] = types_table()
    return out


def documented_keys() -> dict[str, list[str]]:
    """Every key the generated tables list, by table."""
    keys = {name: list(model.model_fields) for name, model in SIMPLE_TABLES.items()}
    keys["question-types"] = sorted({n for m in QUESTION_TYPES.values() for n, _ in _fields(m, own_only=True)})
    return keys


def refresh(text: str) -> str:
    """``text`` (docs/format.md) with every marked table generated anew; unknown markers are an error."""
    generated = tables()

    def sub(m: re.Match) -> str:
        name = m.group("name")
        if name not in generated:
            raise KeyError(f"no generated table named {name!r}")
        return m.group(1) + generated[name] + m.group(4)

    return _BLOCK_RE.sub(sub, text)


def markers(text: str) -> list[str]:
    return [m.group("name") for m in _BLOCK_RE.finditer(text)]
