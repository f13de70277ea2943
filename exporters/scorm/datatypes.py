"""SCORM data types for the values the exporter computes at build time (the runtime checks the
values it computes in the browser the same way, in ``static/scorm-types.js``).

Numbers are written in their shortest round-trip form as plain decimals (never an exponent,
never float noise such as ``0.08549999999999999``): arithmetic on authored numbers is done in
``decimal.Decimal`` from their shortest ``repr``.

Which numbers fit:

- SCORM 2004 ``real(10,7)`` ("a real number with a precision of seven significant digits"),
  as LMSs enforce it: Moodle's 2004 API (``mod/scorm/datamodels/scorm_13.js``) checks
  ``-?[0-9]{1,5}(\\.[0-9]{1,18})?``. A value fits when it has at most 5 integer digits, at most
  7 decimals and at most 10 significant digits. What does not fit is never written as a number
  (a numeric interaction becomes ``fill-in`` text).
- SCORM 1.2 ``CMIDecimal``: a plain decimal. Moodle's 1.2 API (``scorm_12.js``) and scorm-again
  accept at most 3 integer digits where the element is a CMIDecimal (weighting: -100..100);
  interaction responses and patterns are CMIFeedback strings, where any plain decimal fits.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

_PLAIN = re.compile(r"-?(\d+)(?:\.(\d+))?")


def exact(value: float | int | str | Decimal) -> Decimal:
    """The authored number as a Decimal: a float through its shortest repr (0.1 is 0.1)."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        return Decimal(repr(value))
    return Decimal(value)


def plain(value: float | int | str | Decimal) -> str | None:
    """Shortest plain decimal text (``1e-12`` -> ``0.000000000001``, ``-0`` -> ``0``); None for
    infinities, NaN, or more than 40 digits either side of the point (never a real answer)."""
    try:
        d = exact(value)
    except (InvalidOperation, ValueError):
        return None
    if not d.is_finite():
        return None
    if d.is_zero():
        return "0"
    sign, digits, exp = d.normalize().as_tuple()
    if not isinstance(exp, int) or len(digits) + abs(exp) > 80:
        return None
    text = format(d.normalize(), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def fits_real107(text: str | None) -> bool:
    """A plain decimal SCORM 2004 LMSs accept as ``real(10,7)`` (see the module docstring)."""
    if text is None:
        return False
    m = _PLAIN.fullmatch(text)
    if not m:
        return False
    whole, frac = m.group(1), m.group(2) or ""
    significant = (whole + frac).lstrip("0")
    return len(whole) <= 5 and len(frac) <= 7 and len(significant) <= 10


def fits_cmidecimal12(text: str | None, low: float = -100, high: float = 100) -> bool:
    """A SCORM 1.2 CMIDecimal inside the element's range (weighting: -100..100)."""
    if text is None or not _PLAIN.fullmatch(text):
        return False
    return len(text.lstrip("-").split(".")[0]) <= 3 and low <= Decimal(text) <= high


def is_plain_decimal(text: str | None) -> bool:
    """Any plain decimal: what SCORM 1.2 numeric responses and patterns hold (CMIFeedback)."""
    return text is not None and _PLAIN.fullmatch(text) is not None and len(text) <= 255
