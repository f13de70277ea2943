"""Helpers every reader uses: warnings about one question, numbers, score rounding."""

from __future__ import annotations

import math
from collections.abc import Callable

from ..diagnostics import Diagnostics, Location
from .draft import question_label


class QuestionLog:
    """Warnings about the question being read, located at it."""

    def __init__(self, diags: Diagnostics, where: Location, name: str):
        self.diags = diags
        self.where = where
        self.name = name

    def warn(self, code: str, message: str, hint: str = "") -> None:
        self.diags.warning(code, f"{question_label(self.name)}: {message}", self.where, hint)

    def lost(self, what: str, hint: str = "") -> None:
        """Part of the question the format has no place for (CK914)."""
        self.warn("CK914", f"{what} is not imported", hint or "add it by hand if it matters")

    def rounded(self, what: str, hint: str = "") -> None:
        """A score the format cannot express, mapped to the nearest rule (CK913)."""
        self.warn("CK913", what, hint or "check the question's scoring after import")

    def html_warner(self) -> Callable[[str], None]:
        return lambda msg: self.warn("CK917", msg, "fix the text after import")


def parse_float(text: str | None) -> float | None:
    if text is None:
        return None
    try:
        value = float(str(text).strip().replace(",", ".") if str(text).count(",") == 1 else str(text).strip())
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def number(value: float) -> int | float:
    """Whole numbers as ints (``points: 2``, not ``2.0``)."""
    return int(value) if float(value).is_integer() and abs(value) < 2**53 else float(value)


def close(a: float, b: float, tol: float = 1e-4) -> bool:
    return abs(a - b) <= tol


def tolerance_from_half_width(answer: float, half: float) -> float:
    """The tolerance behind an interval ``answer ± half``.

    coursekit's exports widen the interval by a slack of 1e-9 x max(|answer|, tolerance); other
    producers write the tolerance itself. Of the two readings, the one with the shorter decimal
    form is the one an author typed.
    """
    if half <= 0:
        return 0.0
    ours = half - 1e-9 * abs(answer) if abs(answer) >= half else half / (1 + 1e-9)
    candidates = [float(f"{max(ours, 0.0):.10g}"), float(f"{half:.12g}")]
    return min(candidates, key=lambda x: (len(repr(x)), -x))
