"""Numbers as a course's learners write them: Babel's formatting with CLDR data.

Python formats with Babel; the browser gets the few symbols Babel used (read back from
Babel's own output, not from a second source such as ``Intl``, whose CLDR version may
differ) and formats with the same steps in ``static/scoring.js`` (``CourseKitL10n``).
``tests/test_i18n_numbers.py`` runs both over the same numbers for every shipped locale.

- ``number(x)``: at most two decimals (scores, points), rounded as JavaScript's
  ``Math.round`` does (halves up), grouped by thousands.
- ``percent(fraction)``: at most one decimal, in the locale's percent pattern (``70 %``).
- ``decimal``: the decimal separator a learner may type besides ``.`` (scoring.py).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from babel import Locale
from babel.numbers import format_decimal, format_percent

_PROBE = Decimal("123456.25")
_PROBE_RE = re.compile(r"^123(\D*)456(\D+)25$")


def round_like_js(x: float, decimals: int) -> float:
    """``Math.round(x * 10**d) / 10**d`` exactly as JavaScript computes it (halves go up); x
    itself where ``x * 10**d`` is infinite (above 1.8e306: a whole number already), as the
    browser's twin (scoring.js) does, which would otherwise write Infinity."""
    scale = 10**decimals
    scaled = x * scale
    if not math.isfinite(scaled):
        return x
    return math.floor(scaled + 0.5) / scale


def _group(digits: str, sep: str) -> str:
    out = ""
    while len(digits) > 3:
        out = sep + digits[-3:] + out
        digits = digits[:-3]
    return digits + out


def _short(x: float) -> Decimal:
    # The shortest decimal that reads back as x: what JavaScript's String(x) writes too.
    return Decimal(repr(float(x)))


@dataclass(frozen=True)
class NumberStyle:
    locale: Locale
    decimal: str  # decimal separator
    group: str  # thousands separator
    minus: str  # what Babel puts before a negative number
    percent_prefix: str
    percent_suffix: str

    @classmethod
    def of(cls, locale: Locale) -> NumberStyle:
        m = _PROBE_RE.match(format_decimal(_PROBE, format="#,##0.##", locale=locale))
        if m is None:  # a locale that groups otherwise (no shipped one): plain digits
            group, decimal = "", str(locale.number_symbols.get("latn", {}).get("decimal", "."))
        else:
            group, decimal = m.group(1), m.group(2)
        minus = format_decimal(Decimal(-1), format="#,##0.##", locale=locale)[:-1]
        pct = format_percent(Decimal("0.5"), locale=locale)
        prefix, _, suffix = pct.partition("50")
        return cls(locale, decimal, group, minus, prefix, suffix)

    def number(self, x: float, decimals: int = 2) -> str:
        """x rounded to at most ``decimals`` decimals, with the locale's separators.

        Babel's CLDR symbols, put in by the same steps as CourseKitL10n.number in the browser
        (Babel's own format_decimal gives the same text below a million, which the tests
        check; above it, Babel leaves some locales' numbers ungrouped, e.g. de-CH)."""
        if not math.isfinite(x):
            return str(x)
        value = round_like_js(float(x), decimals)
        if abs(value) >= 1e21:  # JavaScript's String writes an exponent from 1e21 on: so does its twin
            return (self.minus if value < 0 else "") + repr(abs(value))
        digits = format(_short(abs(value)), "f")
        whole, _, fraction = digits.partition(".")
        fraction = fraction.rstrip("0")
        text = _group(whole, self.group) + (self.decimal + fraction if fraction else "")
        return (self.minus if value < 0 else "") + text

    def percent(self, fraction: float) -> str:
        """A fraction as a percentage with at most one decimal (``0.667`` -> ``66,7 %``)."""
        return self.percent_prefix + self.number(float(fraction) * 100, 1) + self.percent_suffix

    def to_json(self) -> dict[str, Any]:
        return {
            "decimal": self.decimal,
            "group": self.group,
            "minus": self.minus,
            "percent": [self.percent_prefix, self.percent_suffix],
        }
