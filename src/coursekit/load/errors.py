"""Turning pydantic validation errors into located, coded diagnostics."""

from __future__ import annotations

import difflib
import re
from typing import Any

from pydantic import BaseModel, ValidationError

from ..diagnostics import Diagnostic, Location, Severity
from ..model import QUESTION_TYPES
from .yaml_nodes import YamlDoc

# pydantic's own error types -> our stable codes and a hint template
_BUILTIN = {
    "missing": ("CK101", "add the key"),
    "extra_forbidden": ("CK102", "remove the key or fix its spelling"),
    "union_tag_invalid": ("CK105", ""),
    "union_tag_not_found": ("CK101", "add a type: key"),
    "literal_error": ("CK104", "use one of the allowed values"),
    "string_pattern_mismatch": (
        "CK106",
        "use lower-case letters, digits and '-' (a slug), starting with a letter or digit",
    ),
    "string_too_long": ("CK104", "shorten it"),
    "string_too_short": ("CK104", "write a non-empty value"),
    "too_short": ("CK104", "add more entries"),
    "too_long": ("CK104", "remove entries"),
    "greater_than": ("CK104", "use a larger number"),
    "greater_than_equal": ("CK104", "use a larger number"),
    "less_than": ("CK104", "use a smaller number"),
    "less_than_equal": ("CK104", "use a smaller number"),
    "finite_number": ("CK104", "write a finite number"),
}


def _hint_for_type(err: dict) -> str:
    expected = err["type"].split("_")[0]
    return {
        "float": "write a number (without quotes)",
        "int": "write a whole number (without quotes)",
        "bool": "write true or false (without quotes)",
        "string": "write text",
        "list": "write a list (- item lines or [a, b])",
        "dict": "write a mapping (key: value lines)",
        "model": "write a mapping (key: value lines)",
    }.get(expected, "check the value's type")


def _model_fields(model: type[BaseModel], data: Any, path: tuple) -> list[str]:
    """Field names of the model that holds ``path`` (for "did you mean")."""
    from ..model import question as q

    current: Any = model
    node: Any = data
    for part in path:
        if isinstance(node, dict) and isinstance(current, type) and issubclass(current, BaseModel):
            if current.__name__ == "Quiz" and part == "questions":
                current = "questions"
            else:
                field = current.model_fields.get(part) if isinstance(part, str) else None
                current = _annotation_model(field.annotation) if field else None
        elif current == "questions" and isinstance(part, int):
            qtype = (
                node[part].get("type")
                if isinstance(node, list) and part < len(node) and isinstance(node[part], dict)
                else None
            )
            current = QUESTION_TYPES.get(qtype, q.QuestionBase) if isinstance(qtype, str) else q.QuestionBase
        elif isinstance(part, int) and isinstance(node, list):
            pass  # list item: keep the item model
        elif isinstance(node, dict) and current is not None and not isinstance(current, type):
            pass
        node = node[part] if isinstance(node, (dict, list)) and _has(node, part) else None
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _has(node: Any, part: Any) -> bool:
    if isinstance(node, dict):
        return part in node
    return isinstance(part, int) and 0 <= part < len(node)


def _annotation_model(annotation: Any) -> Any:
    """The BaseModel inside an annotation such as ``list[Choice]`` or ``Feedback | None``."""
    from typing import get_args

    stack = [annotation]
    while stack:
        ann = stack.pop(0)
        if isinstance(ann, type) and issubclass(ann, BaseModel):
            return ann
        stack.extend(get_args(ann))
    return None


def _clean_loc(loc: tuple, data: Any) -> tuple:
    """Drop the tags pydantic inserts for unions (question type, param/blank kind, int/str)."""
    out: list = []
    node = data
    for part in loc:
        if out and not isinstance(node, (dict, list)) and isinstance(part, str):
            continue  # below a scalar value: only union tags remain
        if (
            isinstance(node, dict)
            and isinstance(part, str)
            and part not in node
            and (
                node.get("type") == part
                or part in ("number", "choice", "typed", "dropdown")
                or "[" in part
                or part in ("float", "str", "int", "bool")
            )
        ):
            continue
        if isinstance(node, list) and not isinstance(part, int):
            continue
        if (
            isinstance(part, str)
            and ("[" in part or part.startswith("function-"))
            and not (isinstance(node, dict) and part in node)
        ):
            continue  # a pydantic union tag such as "function-after[...]" (not an author's key like "a[[b")
        out.append(part)
        node = node[part] if isinstance(node, (dict, list)) and _has(node, part) else None
    return tuple(out)


def diagnostics_from_validation(
    exc: ValidationError, doc: YamlDoc, file: str, model: type[BaseModel]
) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    seen: set[tuple] = set()
    errors = exc.errors(include_url=False)
    # "number or template" unions report a type error and a template error for one value;
    # the template alternative is only interesting when it is the only complaint.
    by_path: dict[tuple, set[str]] = {}
    for err in errors:
        by_path.setdefault(_clean_loc(tuple(err["loc"]), doc.data), set()).add(err["type"])
    errors = [
        e
        for e in errors
        if not (any("_template_only" in str(p) for p in e["loc"]) or e["type"] == "CK131")
        or len(by_path[_clean_loc(tuple(e["loc"]), doc.data)]) == 1
    ]
    # A union of "number or template" reports two errors for one value: keep the first per place.
    for err in errors:
        loc = _clean_loc(tuple(err["loc"]), doc.data)
        etype = err["type"]
        ctx = err.get("ctx") or {}
        if etype.startswith("CK"):
            at = tuple(ctx.get("at") or ())
            path = loc + at
            code, hint = etype, ctx.get("hint", "")
            message = err["msg"]
            key = bool(at) and False
        else:
            path = loc
            code, hint = _BUILTIN.get(etype, ("CK103", ""))
            message = err["msg"]
            key = etype == "extra_forbidden"
            if etype == "extra_forbidden":
                name = str(path[-1])
                fields = _model_fields(model, doc.data, path[:-1])
                close = difflib.get_close_matches(name, fields, n=1, cutoff=0.6)
                message = f"unknown key {name!r}"
                hint = (
                    f"did you mean {close[0]!r}?"
                    if close
                    else ("allowed keys: " + ", ".join(fields) if fields else hint)
                )
            elif etype == "missing":
                message = f"missing required key {str(path[-1])!r}"
                hint = f"add {path[-1]}: ..."
                path = path[:-1]
                key = False
            elif etype in ("union_tag_invalid",):
                got = ctx.get("tag", "")
                message = f"unknown question type {got!r}"
                close = difflib.get_close_matches(str(got), list(QUESTION_TYPES), n=1)
                hint = (f"did you mean {close[0]!r}? " if close else "") + "types: " + ", ".join(QUESTION_TYPES)
                path = path + ("type",)
            elif (
                etype.endswith("_type")
                or etype.endswith("_parsing")
                or etype == "model_type"
                or etype == "model_attributes_type"
            ):
                code = "CK103"
                hint = _hint_for_type(err)
                message = f"{err['msg'].rstrip('.')}, got {_describe(err.get('input'))}"
            elif etype == "literal_error":
                hint = _literal_hint(ctx.get("expected", ""), err.get("input"))
            elif not hint:
                hint = "fix the value"
            if code == "CK104" and etype == "string_too_short":
                message = "must not be empty"
        line, col = doc.position(path, key=key or _is_keyed_container(doc.data, path))
        # One per place and code; a model's own rules (CK types) may break several times at one
        # place, told apart by their messages (two gaps of one fill-in text).
        place = (line, col, code, message) if etype.startswith("CK") else (line, col, code)
        if place in seen:
            continue
        seen.add(place)
        field = ".".join(str(p) for p in (path[:-1] if key else path))
        text = f"{field}: {message}" if field else message
        out.append(Diagnostic(code, text, Location(file, line, col), Severity.ERROR, hint))
    return out


def _literal_hint(expected: str, got: Any) -> str:
    """The allowed values of a Literal field (pydantic lists them as "'a', 'b' or 'c'"), with the
    closest one first when the author's value looks like a misspelling of it."""
    allowed = re.findall(r"'([^']*)'", expected)
    if not allowed:
        return "use one of the allowed values"
    close = difflib.get_close_matches(str(got), allowed, n=1, cutoff=0.6) if isinstance(got, str) else []
    return (f"did you mean {close[0]!r}? " if close else "") + "allowed: " + ", ".join(allowed)


def _is_keyed_container(data: Any, path: tuple) -> bool:
    """Whether ``path`` names a list or mapping written under a key: an error about the whole
    value then points at its key (``choices:``), where the author looks, not at its first item."""
    if not path or not isinstance(path[-1], str):
        return False
    node = data
    for part in path:
        if not isinstance(node, (dict, list)) or not _has(node, part):
            return False
        node = node[part]
    return isinstance(node, (dict, list))


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return f"the number {getattr(value, 'yaml_raw', value)}"
    if isinstance(value, str):
        short = value if len(value) <= 30 else value[:27] + "..."
        return f"the text {short!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__
