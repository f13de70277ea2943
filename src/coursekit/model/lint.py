"""``lint:``: which warnings an author silences, for the course, a chapter, a quiz file or a question.

Only warnings can be silenced (an error always stops the build). Each code is checked on its
own, so every bad one is reported where it is written (CK112), with the nearest code as hint.
"""

from __future__ import annotations

import difflib
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, Field

from ..codes import CODES, OPT_IN
from .base import Node, _scalar_text, invariant

WARNING_CODES = sorted(code for code, c in CODES.items() if c.severity == "warning")


def _unknown(key: str, code: str, allowed: list[str]):
    close = difflib.get_close_matches(code.upper(), allowed, n=1, cutoff=0.6)
    return invariant(
        "CK112",
        f"lint.{key}: unknown code {code!r}",
        f"did you mean {close[0]}?" if close else "the codes are listed in docs/diagnostics.md",
    )


def _warning_code(code: str) -> str:
    if code in WARNING_CODES:
        return code
    if code in CODES:
        raise invariant(
            "CK112",
            f"lint.ignore: {code} is an error, and errors cannot be ignored",
            "fix what the error says; only warnings can be silenced",
        )
    raise _unknown("ignore", code, WARNING_CODES)


def _opt_in_code(code: str) -> str:
    if code in OPT_IN:
        return code
    if code in CODES:
        raise invariant(
            "CK112",
            f"lint.enable: {code} is always checked; only opt-in checks can be enabled",
            "checks that can be enabled: " + ", ".join(sorted(OPT_IN)),
        )
    raise _unknown("enable", code, sorted(OPT_IN))


WarningCode = Annotated[str, BeforeValidator(_scalar_text), AfterValidator(_warning_code)]
OptInCode = Annotated[str, BeforeValidator(_scalar_text), AfterValidator(_opt_in_code)]


class Lint(Node):
    """Warnings to silence here (extension): `lint: {ignore: [CK401]}`."""

    ignore: list[WarningCode] = Field(
        default_factory=list,
        description="Warning codes to leave out here (e.g. CK401); errors cannot be ignored. "
        "The codes are listed in docs/diagnostics.md.",
        examples=[["CK401"], ["CK760", "CK763"]],
    )


class CourseLint(Lint):
    """Warnings to silence in the whole course, and opt-in checks to turn on (extension)."""

    enable: list[OptInCode] = Field(
        default_factory=list,
        description="Checks that are off by default, to turn on: " + ", ".join(sorted(OPT_IN)) + ".",
        examples=[["CK402"]],
    )
