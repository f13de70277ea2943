"""Helpers every reader uses: warnings about one question, numbers, score rounding."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any

from ..diagnostics import Diagnostics, Location
from .draft import Refused, question_label


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


_WHOLE = re.compile(r"[0-9]+")


def whole_number(text: str | None) -> int | None:
    """``text`` as a whole number written in ASCII digits (``" 12 "``), else None.

    Not ``str.isdigit``: it also accepts ``²`` (which ``int`` refuses) and other scripts' digits.
    """
    if text is None or not _WHOLE.fullmatch(text.strip()):
        return None
    return int(text.strip())


DRAWS_NOTHING = "learners would get no questions; the quiz is imported without select (every question is shown)"
"""Why a group drawing 0 questions (Canvas ``selection_number``, QTI ``select``, text2qti ``pick``)
becomes a quiz without ``select``: coursekit's select is 1 or more, and a quiz of none means nothing."""


def number(value: float) -> int | float:
    """Whole numbers as ints (``points: 2``, not ``2.0``)."""
    return int(value) if float(value).is_integer() and abs(value) < 2**53 else float(value)


def tidy(value: float) -> float:
    """A computed number (a range's middle or half-width) without float noise: 0.005, not 0.004999…"""
    return float(f"{value:.12g}")


def close(a: float, b: float, tol: float = 1e-4) -> bool:
    return abs(a - b) <= tol


def tolerance_from_interval(answer: float, lo: float, hi: float) -> float:
    """The tolerance behind an accepted interval ``[lo, hi]`` around ``answer``.

    coursekit's exporters write ``answer ± (t + 1e-9 x max(|answer|, t))`` (exporters/qti/ids.py
    ``numeric_bounds``): the shortest decimal ``t`` that gives back exactly these bounds is the
    tolerance the author wrote (0 for an exact answer). Other producers write the tolerance
    itself: the half-width, without the float noise of the subtraction (0.001, not
    0.0010000000475 around 1000000).
    """
    half = (hi - lo) / 2
    if not half > 0:
        return 0.0

    def ours(t: float) -> bool:
        reach = t + 1e-9 * max(abs(answer), t)
        return _same(answer - reach, lo) and _same(answer + reach, hi)

    if ours(0.0):
        return 0.0
    # (significant digits, tolerance) of each reading; the fewest digits is what an author typed,
    # and coursekit's reading (listed first) wins a tie.
    readings = []
    for estimate in ((hi - answer) - 1e-9 * abs(answer), (hi - answer) / (1 + 1e-9)):
        found = _shortest(estimate, ours) if estimate > 0 else None
        if found is not None:
            readings.append(found)
    noise = 4 * max(math.ulp(max(abs(lo), abs(hi))), math.ulp(half))
    readings.append(_shortest(half, lambda t: abs(t - half) <= noise) or (17, half))
    return min(readings, key=lambda r: r[0])[1]


def _same(a: float, b: float) -> bool:
    """Equal but for the last bit (a writer may round its last digit differently)."""
    return abs(a - b) <= math.ulp(max(abs(a), abs(b)))


def _shortest(x: float, fits: Callable[[float], bool]) -> tuple[int, float] | None:
    """The decimal with the fewest significant digits near ``x`` that ``fits`` (and that number)."""
    for digits in range(1, 18):
        candidate = float(f"{x:.{digits}g}")
        if candidate > 0 and fits(candidate):
            return digits, candidate
    return None


def choice_question(
    data: dict[str, Any], choices: list[dict[str, Any]], fractions: list[float], single: bool, log: QuestionLog
) -> dict[str, Any]:
    """A choice question from Moodle-style answer fractions (1 = 100 %), in the nearest rule.

    Single answer: the best answer is the correct one (part marks for others are lost, CK913).
    Several answers: correct = positive fraction; exactly +1/k and -1/k is ``partial``;
    anything else is mapped to ``partial`` with a warning.
    """
    if len(choices) < 2:
        raise Refused(f"a choice question needs at least 2 answers, it has {len(choices)}", code="CK911")
    if max(fractions) <= 0:
        raise Refused("no answer earns any mark", "mark the right answer(s)", code="CK911")
    data = dict(data)
    data["choices"] = choices
    if single:
        best = max(fractions)
        right = fractions.index(best)
        for i, c in enumerate(choices):
            c["correct"] = i == right
        others = [f for i, f in enumerate(fractions) if i != right]
        if not close(best, 1) or any(f > 0 for f in others) or min(fractions) < 0:
            log.rounded(
                "answers earn " + ", ".join(f"{f * 100:g} %" for f in fractions) + "; single_choice gives full "
                f"marks for answer {right + 1} only"
            )
        return {"type": "single_choice"} | data
    k = sum(1 for f in fractions if f > 0)
    for c, f in zip(choices, fractions, strict=True):
        c["correct"] = f > 0
    positives = [f for f in fractions if f > 0]
    negatives = [f for f in fractions if f <= 0]
    exact = all(close(f, 1 / k) for f in positives) and all(close(f, -1 / k) for f in negatives)
    if k == 1 and all(close(f, -1) for f in negatives):
        exact = True
    if not exact:
        log.rounded(
            "answer fractions " + ", ".join(f"{f * 100:g} %" for f in fractions) + " are imported as "
            "scoring: partial (each right pick +1/k, each wrong pick -1/k, floor 0)"
        )
    return {"type": "multiple_response", "scoring": "partial"} | data
