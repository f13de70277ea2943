"""Identifiers, numbers and deterministic orders shared by the QTI writers."""

from __future__ import annotations

import hashlib
import re


def ncname(text: str) -> str:
    """A QTI identifier / XML ID (NCName): slugs may start with a digit, NCNames may not."""
    text = re.sub(r"[^A-Za-z0-9_.-]", "-", text)
    return text if text[:1].isalpha() or text[:1] == "_" else f"_{text}"


def num(x: float) -> str:
    """Deterministic xs:double text: integers without ``.0``, others as Python's shortest repr."""
    x = float(x)
    if x == int(x) and abs(x) < 1e15:
        return str(int(x))
    return repr(x)


def scrambled(n: int, seed: str) -> list[int]:
    """A deterministic permutation of range(n) that is never the identity (for n >= 2).

    Used where display order must not give the answer away even in players that ignore
    ``shuffle`` (matching targets, ordering items).
    """
    order = sorted(range(n), key=lambda i: hashlib.sha256(f"{seed}:{i}".encode()).hexdigest())
    if n >= 2 and order == list(range(n)):
        order = order[1:] + order[:1]
    return order


def numeric_bounds(answer: float, tolerance: float) -> tuple[float, float]:
    """The inclusive interval a numeric response must fall in.

    The format's rule is ``|r - answer| <= tolerance`` plus a relative slack of 1e-9; the slack
    is taken relative to the larger of |answer| and tolerance, so an exact answer of 0 stays exact.
    """
    slack = 1e-9 * max(abs(answer), tolerance)
    t = tolerance + slack
    return answer - t, answer + t
