"""Parametric questions: run the generator, render every string field as a Jinja2 template.

Variant ``i`` (1-based) gets ``rng`` seeded from the course, quiz and question ids and ``i``;
the generator returns a mapping; every string of the question is rendered over it (autoescape
off, undefined names an error); numbers and booleans written as templates are converted; the
result is validated as an ordinary question of the same type with id ``<id>-v<i>``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jinja2 import TemplateError
from pydantic import ValidationError

from ..diagnostics import CourseError, Diagnostic, Location, Severity
from ..model import QUESTION_TYPES, QuestionBase, Quiz
from ..model.base import is_template, raw_loc
from .templates import render_template, undefined_name, where_used

_NUMBER_RE = re.compile(r"^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$")


class _TemplateNumber(float):
    """A number produced by a template; text fields read back the text exactly as rendered."""

    yaml_raw: str


class _TemplateInt(int):
    yaml_raw: str


def _convert(rendered: str) -> Any:
    text = rendered.strip()
    if _NUMBER_RE.match(text):
        value: Any
        if re.match(r"^[+-]?\d+$", text):
            value = _TemplateInt(int(text))
        else:
            value = _TemplateNumber(float(text))
        value.yaml_raw = rendered
        return value
    if text in ("True", "true"):
        return True
    if text in ("False", "false"):
        return False
    return rendered


def _plain(value: Any, where: str) -> Any:
    """Generator values: str, int, float, bool (numpy scalars converted) or lists of them."""
    if isinstance(value, (list, tuple)):
        return [_plain(v, where) for v in value]
    if hasattr(value, "item") and callable(value.item) and getattr(value, "shape", None) == ():
        value = value.item()  # numpy scalar
    if isinstance(value, bool) or isinstance(value, str):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{where} is {value!r}, not a finite number")
        return value
    raise ValueError(f"{where} has type {type(value).__name__}; use str, int, float, bool or a list of them")


def _render_tree(value: Any, context: dict[str, Any], path: tuple) -> Any:
    if isinstance(value, str):
        if not is_template(value):
            return value
        try:
            rendered = render_template(value, context)
        except TemplateError as exc:
            raise _TemplateProblem(path, value, exc) from None
        return _convert(rendered)
    if isinstance(value, list):
        return [_render_tree(v, context, (*path, i)) for i, v in enumerate(value)]
    if isinstance(value, dict):
        return {k: _render_tree(v, context, (*path, k)) for k, v in value.items()}
    return value


def _path_text(path: tuple) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else (f".{p}" if i else str(p)) for i, p in enumerate(path))


class _TemplateProblem(Exception):
    """A template string of the question failed to render (usually an undefined name)."""

    def __init__(self, path: tuple, source: str, exc: TemplateError):
        super().__init__(str(exc))
        self.path, self.source, self.message = path, source, (exc.message or str(exc))

    def diagnostic(
        self, question: QuestionBase, i: int, names: list[str], fallback: Callable[[], Location]
    ) -> Diagnostic:
        """Located at the use of the undefined name in the field (or at the field, ``fallback()``),
        naming the values the generator returned."""
        anchor = question.variants._anchors.get(self.path) if question.variants else None
        name = undefined_name(self.message)
        if anchor is not None:
            where = anchor.at(*where_used(self.source, name)) if name else anchor.at()
        else:
            where = fallback()
        returned = ", ".join(names) if names else "nothing"
        return Diagnostic(
            "CK510",
            f"variant {i} of question '{question.id}': template in {_path_text(self.path)}: {self.message}; "
            f"the generator returned: {returned}",
            where,
            hint=f"use one of the generator's names, or return {name!r} from it"
            if name
            else "fix the generator's return value or the template",
        )


def expand_variants(
    question: QuestionBase, quiz: Quiz, course_id: str, course_root: Path, generators: dict | None = None
) -> list[QuestionBase]:
    """The concrete questions of one authored question (itself when it has no variants).
    ``generators``: the generator functions found so far for the quiz's questions (a quiz's
    questions mostly share one file and function: found once, not resolved and stat'ed each time)."""
    if question.variants is None:
        return [question]
    from .author_code import call_author, load_function, rng_for

    def loc() -> Location:
        # Computed only for a diagnostic: a node's location may need the locating parse of its file.
        return question.variants.loc if raw_loc(question.variants) else question.loc

    spec = question.variants
    what = f"generator of question '{question.id}'"
    found = (spec.source_file, spec.function)
    fn = generators.get(found) if generators is not None else None
    if fn is None:
        fn = load_function((quiz.path.parent / spec.source_file).resolve(), spec.function, what=what)
        if generators is not None:
            generators[found] = fn
    raw = question.model_dump(mode="python", exclude={"variants"}, exclude_unset=False)
    cls = QUESTION_TYPES[raw["type"]]
    out: list[QuestionBase] = []
    for i in range(1, spec.count + 1):
        rng = rng_for(course_id, quiz.id, question.id, str(i))
        values = call_author(fn, {"rng": rng}, what=what)
        if i == 1 and repr(call_author(fn, {"rng": rng_for(course_id, quiz.id, question.id, "1")}, what=what)) != repr(
            values
        ):
            # Reproducible builds need the same values from the same seed.
            raise CourseError(
                Diagnostic(
                    "CK504",
                    f"{what} is not deterministic: two calls with the same seed returned different values",
                    loc(),
                    hint=(
                        "draw random numbers only from the rng argument; "
                        "do not use time, global random state or set order"
                    ),
                )
            )
        try:
            if not isinstance(values, dict):
                raise ValueError(f"returned {type(values).__name__}, not a mapping of names to values")
            context = {str(k): _plain(v, f"value {k!r}") for k, v in values.items()}
            data = _render_tree(raw, context, ())
            data["id"] = f"{question.id}-v{i}"
            variant = cls.model_validate(data)
        except _TemplateProblem as problem:
            raise CourseError(problem.diagnostic(question, i, list(context), loc)) from None
        except ValueError as exc:
            raise CourseError(
                Diagnostic(
                    "CK510",
                    f"variant {i} of question '{question.id}': {exc}",
                    loc(),
                    hint="fix the generator's return value or the template",
                )
            ) from None
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"] if not (isinstance(p, str) and p == raw["type"]))
            raise CourseError(
                Diagnostic(
                    "CK511",
                    f"variant {i} of question '{question.id}' is not a valid {raw['type']}: {where}: {first['msg']}",
                    loc(),
                    hint="check what the generator returns for this variant",
                )
            ) from None
        _copy_locations(question, variant)
        out.append(variant)
    return out


def identical_variants(question: QuestionBase, variants: list[QuestionBase]) -> list[Diagnostic]:
    """CK512 for each set of variants that hold the same content (all but the id): learners
    meant to get different numbers would get the same question."""
    if question.variants is None or len(variants) < 2:
        return []
    groups: dict[str, list[str]] = {}
    for v in variants:
        groups.setdefault(v.model_dump_json(exclude={"id", "lint"}), []).append(v.id)
    out = []
    for ids in groups.values():
        if len(ids) > 1:
            names = ", ".join(ids[:-1]) + " and " + ids[-1]
            out.append(
                Diagnostic(
                    "CK512",
                    f"variants {names} of question '{question.id}' are identical",
                    question.variants.loc if raw_loc(question.variants) else question.loc,
                    Severity.WARNING,
                    "let the generator draw from a wider range (or more names), or lower variants.count",
                )
            )
    return out


def _copy_locations(source: Any, variant: Any) -> None:
    """Give the variant's nodes the source locations of the authored question's nodes, so
    that diagnostics about a variant point at the YAML the author wrote."""
    from ..model.base import LEAF_TYPES, Node, set_loc, shared_loc

    # ~15 nodes and ~60 field values per variant, thousands of variants in a big bank: one loop,
    # and a str, number or None is skipped by its exact type (LEAF_TYPES). Fields live in the
    # nodes' __dict__.
    stack = [(source, variant)]
    leaf = LEAF_TYPES
    while stack:
        a, b = stack.pop()
        if isinstance(a, Node) and isinstance(b, Node):
            set_loc(b, shared_loc(a))
            fields_b = b.__dict__
            pairs = ((value, fields_b.get(name)) for name, value in a.__dict__.items())
        elif isinstance(a, list) and isinstance(b, list):
            pairs = zip(a, b, strict=True)
        elif isinstance(a, dict) and isinstance(b, dict):
            pairs = ((value, b[key]) for key, value in a.items() if key in b)
        else:
            continue
        stack.extend(pair for pair in pairs if type(pair[0]) not in leaf)
