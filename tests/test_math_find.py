"""validate finds the formulas of a one-line field with markdown-it's inline parse (a tenth of a
10,000-question bank's validate was the block parse of such fields); it must find exactly what
the block parse finds, which is what the renderer converts."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coursekit.load import markdown_math
from coursekit.load.markdown_math import find_math, one_paragraph


def exact(text: str) -> list:
    out: list = []
    markdown_math._scan(text, 0, out, inline_ok=False)
    return out


def forbid(monkeypatch, *methods: str) -> None:
    """Make the formula finder's parser fail if ``find_math`` calls any of ``methods``."""
    parser = markdown_math.parser()

    def refused(*args, **kwargs):
        raise AssertionError("parsed")

    for name in methods:
        monkeypatch.setattr(parser, name, refused)


PIECES = st.one_of(
    st.text(alphabet="ab x1 $\\`*_[]()^{}<>#|:-+!~=.&;", max_size=5),
    st.sampled_from(["$x$", "$x_1 = 2$", "$ y$", "$5", "\\$", "`$a$`", "[^1]", "^[n $z$]", "$$d$$", "<b>$c$</b>"]),
)


@settings(max_examples=600, deadline=None)
@given(st.lists(PIECES, max_size=7).map("".join))
def test_the_inline_parse_finds_what_the_block_parse_finds(text):
    assert find_math(text) == exact(text)


@pytest.mark.parametrize(
    "text",
    [
        "Which statement about item 9 holds, given $x_{9} = 9$?",
        "Cost $c = 2$ and `$not math$` and \\$5.",
        "A **bold** $a+b$ [link](x.md) ![i](p.png)",
    ],
)
def test_a_one_line_field_takes_the_inline_parse(monkeypatch, text):
    assert one_paragraph(text)
    expected = exact(text)
    assert expected
    forbid(monkeypatch, "parse")
    assert find_math(text) == expected


@pytest.mark.parametrize(
    "text",
    ["# $x$", "- $x$", "1. $x$", "> $x$", "$$x$$", " $x$", "$x$\n\n$y$", "[a]: $x$", "Text ^[note $x$]", "| $x$ |"],
)
def test_what_could_be_a_block_takes_the_block_parse(text):
    assert not one_paragraph(text)
    assert find_math(text) == exact(text)


@pytest.mark.parametrize(
    "text",
    [
        "Which statement about item 9 holds, given $x_{9} = 9$ and $y < 2$?",
        "x and $x$: the formula's offset is where the parser's search finds its TeX first",
        "Compute $\\frac{a}{b}$.\n",  # a YAML block scalar's final newline
        "$a$ alone, then $b$",
    ],
)
def test_plain_text_with_inline_formulas_is_read_without_the_parser(monkeypatch, text):
    """Most formulas of a big bank sit in one line of plain prose: the renderer's own rule for
    such text (coursekit.render.plain_text.inline_math_pieces) finds them as the parser would."""
    expected = exact(text)
    assert expected
    forbid(monkeypatch, "parse", "parseInline")
    assert find_math(text) == expected


# The renderer's alphabet for its own fast path (tests/test_render_markdown.py): prose and
# formulas with what changes how the parser reads a dollar sign.
_MATH_ALPHABET = "ab $$ 12 x\\{}^_[]()*<&.\n-\t\u00a0\u0663"


# Words, spaces and formulas (most texts of these are read without the parser), with now and then
# a near miss that must leave that path: spaces inside the dollars, digits beside them, escapes,
# markup, line breaks.
_PROSE = ["word", "a", " ", " ", ", ", ".", "?", "(", ")", "[[gap]]", "$x$", "$x_{1} = 2$", "$x^2$", "$\\frac{a}{b}$"]
_NEAR_MISSES = [
    "$ x$",
    "$x $",
    "1",
    "\u0663",
    "$",
    "\\",
    "\\$",
    "*",
    "\n",
    "[a](b)",
    "`c`",
    "&amp;",
    "$$y$$",
    "<b>",
    "-",
]
_PROSE_AND_FORMULAS = st.lists(st.sampled_from(_PROSE * 8 + _NEAR_MISSES), min_size=1, max_size=12).map("".join)


@settings(max_examples=3000, deadline=None)
@given(st.one_of(st.text(alphabet=_MATH_ALPHABET, min_size=1, max_size=16), _PROSE_AND_FORMULAS))
def test_prose_and_formulas_are_found_as_the_block_parse_finds_them(text):
    assert find_math(text) == exact(text)
