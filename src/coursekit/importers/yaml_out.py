"""YAML text for quiz files that reads back exactly, under YAML 1.2 and 1.1 alike.

PyYAML's emitter picks double quotes with backslash escapes whenever a string is awkward,
and the authoring format warns against exactly that for math (``"$\\nu$"`` is a line break).
So scalars are written here with three styles only: plain for conservative words, single
quotes for one-line text (``''`` for a quote, nothing else is special), and literal block
scalars (``|``, with chomping and indentation indicators as needed) for text with line breaks.
Text must already be free of characters YAML cannot print (``html_md.clean_text``).
"""

from __future__ import annotations

import math
import re
from typing import Any

_PLAIN_RE = re.compile(r"^[A-Za-z][A-Za-z0-9 _.,;()/?!+=-]*$")
_RESERVED = {"yes", "no", "on", "off", "y", "n", "true", "false", "null", "nan", "inf"}
INDENT = "  "


def scalar(value: Any) -> str:
    """A one-line scalar (no line breaks allowed here: see ``_block``)."""
    if type(value) is str:
        if "\n" in value:
            raise ValueError("a line break in a one-line scalar")
        if _PLAIN_RE.match(value) and value[-1] != " " and "  " not in value and value.lower() not in _RESERVED:
            return value
        return "'" + value.replace("'", "''") + "'"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return "null"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"cannot write {value!r}")
        text = repr(value)
        if "e" in text:  # YAML 1.1 readers want a dot and a signed exponent: 5.0e-324, 1.0e+20
            mantissa, exponent = text.split("e")
            mantissa += "" if "." in mantissa else ".0"
            exponent = exponent if exponent[0] in "+-" else "+" + exponent
            text = f"{mantissa}e{exponent}"
        return text
    text = value if type(value) is str else str(value)
    if "\n" in text:
        raise ValueError("a line break in a one-line scalar")
    if _PLAIN_RE.match(text) and text[-1] != " " and text.lower() not in _RESERVED and "  " not in text:
        return text
    return "'" + text.replace("'", "''") + "'"


def _block(text: str, indent: str) -> list[str]:
    """A literal block scalar: the header (``|``, ``|-``, ``|+``, with an indentation
    indicator when the first line starts with a space) and its lines."""
    if text.endswith("\n\n") or text == "\n":
        chomp, body = "+", text[:-1]
    elif text.endswith("\n"):
        chomp, body = "", text[:-1]
    else:
        chomp, body = "-", text
    lines = body.split("\n")
    first = next((line for line in lines if line.strip()), "")
    indicator = str(len(INDENT)) if first.startswith(" ") or not first or lines[0] == "" else ""
    header = f"|{indicator}{chomp}"
    return [header] + [(indent + INDENT + line) if line else "" for line in lines]


def _value_lines(value: Any, indent: str) -> tuple[str, list[str]]:
    """(text after ``key:`` on the same line, following lines)."""
    if isinstance(value, dict):
        if not value:
            return " {}", []
        return "", _mapping(value, indent + INDENT)
    if isinstance(value, list):
        if not value:
            return " []", []
        return "", _sequence(value, indent + INDENT)
    if isinstance(value, str) and "\n" in value:
        header, *rest = _block(value, indent)
        return " " + header, rest
    return " " + scalar(value), []


def _mapping(data: dict, indent: str) -> list[str]:
    out: list[str] = []
    for key, value in data.items():
        same, rest = _value_lines(value, indent)
        out.append(f"{indent}{scalar(str(key))}:{same}")
        out.extend(rest)
    return out


def _sequence(items: list, indent: str) -> list[str]:
    out: list[str] = []
    for item in items:
        if isinstance(item, dict) and item:
            lines = _mapping(item, indent + INDENT)
            out.append(indent + "- " + lines[0][len(indent) + len(INDENT) :])
            out.extend(lines[1:])
        elif isinstance(item, list) and item:
            lines = _sequence(item, indent + INDENT)
            out.append(indent + "- " + lines[0][len(indent) + len(INDENT) :])
            out.extend(lines[1:])
        elif isinstance(item, str) and "\n" in item:
            header, *rest = _block(item, indent)
            out.append(f"{indent}- {header}")
            out.extend(rest)
        else:
            same, rest = _value_lines(item, indent)
            out.append(f"{indent}-{same}")
            out.extend(rest)
    return out


def sequence_lines(items: list, indent: str) -> list[str]:
    """The lines of a block sequence at ``indent`` (as under a key at one level less)."""
    return _sequence(items, indent)


def dump(data: dict) -> str:
    """A mapping as a YAML document (the top level of a quiz or course file)."""
    return "\n".join(_mapping(data, "")) + "\n"
