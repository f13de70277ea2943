"""validate skips the converter for plain formulas: every formula it calls plain must convert in Temml.

``markdown_math.plainly_valid`` answers True only for TeX that Temml (the converter the build
uses, tests/test_math_corpus.py) turns into MathML without an error; these tests hold it to
that on hand-picked edge cases and on generated formulas over its whole alphabet.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coursekit.load.markdown_math import MathRef, check, plainly_valid
from coursekit.render.texmath import TexError, convert

ALPHABET = "ax1 +-=<>()[],.;:|/!{}_^"


def converts(tex: str) -> bool:
    return not isinstance(convert(tex, False), TexError) and not isinstance(convert(tex, True), TexError)


@pytest.mark.parametrize(
    "tex",
    [
        "x_{3} = 4",
        "n^2 + 1",
        "x_1^2",
        "{x}_1",
        "(a+b)^2",
        "a_{b_{c}}",
        "x_{}",
        "[0, 1]",
        "f(x) = |x|",
        "1_2",
        "a ^ {b}",
    ],
)
def test_plain_formulas_convert(tex: str) -> None:
    assert plainly_valid(tex)
    assert converts(tex)


@pytest.mark.parametrize("tex", ["x_1_2", "x^1^2", "x_", "x^", "x_{1}_2", "x^{", "}", "{x", "x__1", "x_^1", "x^_1"])
def test_formulas_temml_refuses_are_never_plain(tex: str) -> None:
    assert not converts(tex)
    assert not plainly_valid(tex)
    assert check(MathRef(tex, False, 0)) is not None  # the converter still reports them


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=ALPHABET, min_size=1, max_size=14))
def test_every_plain_formula_converts(tex: str) -> None:
    if plainly_valid(tex):
        assert converts(tex), tex
