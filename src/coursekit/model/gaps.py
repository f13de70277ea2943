"""Finding ``[[name]]`` gaps in fill_blanks text, skipping code and math."""

from __future__ import annotations

import re
from dataclasses import dataclass

GAP_NAME_RE = re.compile(r"^[a-z0-9_-]+$")
_GAP_RE = re.compile(r"\[\[([^\[\]\n]*)\]\]")
# Code and math are masked before looking for gaps: fenced code, inline code spans,
# display math and inline math ($...$ not preceded by a backslash).
_MASK_RE = re.compile(
    r"(?ms)^(?P<fence>```|~~~).*?^(?P=fence)[^\n]*$"
    r"|(?P<ticks>`+).+?(?P=ticks)"
    r"|(?<!\\)\$\$.+?(?<!\\)\$\$"
    r"|(?<![\\$])\$(?!\s)[^$\n]+?(?<![\\\s])\$"
)


@dataclass(frozen=True)
class Gap:
    name: str
    start: int  # offset of "[[" in the text
    end: int


def mask_code_and_math(text: str) -> str:
    return _MASK_RE.sub(lambda m: " " * len(m.group(0)), text)


def find_gaps(text: str) -> list[Gap]:
    masked = mask_code_and_math(text)
    return [Gap(m.group(1), m.start(), m.end()) for m in _GAP_RE.finditer(masked)]
