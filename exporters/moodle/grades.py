"""Moodle's answer grade options, and writing a fraction exactly as Moodle writes it.

Moodle's importer (``question/format.php`` importprocess) skips every question whose answer
fractions are not one of ``question_bank::fraction_options_full()`` within 0.00001, so we only
ever write values from this list, as Moodle's own export writes them (fraction * 100, PHP float
to string: ``33.33333``, ``12.5``, ``-100``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

# question_bank::ensure_fraction_options_initialised(): p/q for q <= 6, p/10, 1/q for q <= 10, 1/20.
RAW_FRACTIONS: tuple[float, ...] = (
    0.9,
    0.8333333,
    0.8,
    0.75,
    0.7,
    0.6666667,
    0.6,
    0.5,
    0.4,
    0.3333333,
    0.3,
    0.25,
    0.2,
    0.1666667,
    0.1428571,
    0.125,
    0.1111111,
    0.1,
    0.05,
)
OPTIONS_FULL: tuple[float, ...] = (0.0, 1.0) + RAW_FRACTIONS + tuple(-f for f in reversed(RAW_FRACTIONS)) + (-1.0,)

# Closer than this to an option counts as that option (the option is the fraction rounded to 7 dp).
_EXACT = 5e-7


def percent_text(option: float) -> str:
    """``option`` (a fraction from OPTIONS_FULL) as Moodle writes ``fraction * 100``."""
    text = f"{option * 100:.5f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


@dataclass(frozen=True)
class Grade:
    fraction: float  # the Moodle option used
    text: str  # the attribute value to write
    exact: bool  # False when the wanted fraction had to be rounded to the nearest option


@lru_cache(maxsize=1024)  # a few distinct fractions (1/k, answer scores) over a whole bank
def grade(wanted: float) -> Grade:
    """The Moodle option nearest to ``wanted`` (a fraction in -1..1)."""
    best = min(OPTIONS_FULL, key=lambda opt: (abs(wanted - opt), -opt))
    return Grade(best, percent_text(best), abs(wanted - best) < _EXACT)


def is_allowed(fraction_percent_text: str) -> bool:
    """Moodle's own test: ``abs(grade - option) < 0.00001`` on the 0..1 scale."""
    value = float(fraction_percent_text) / 100
    return any(abs(value - opt) < 0.00001 for opt in OPTIONS_FULL)
