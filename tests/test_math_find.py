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
    parser = markdown_math.parser()

    def no_block_parse(*args, **kwargs):
        raise AssertionError("block parse")

    monkeypatch.setattr(parser, "parse", no_block_parse)
    assert find_math(text) == expected


@pytest.mark.parametrize(
    "text",
    ["# $x$", "- $x$", "1. $x$", "> $x$", "$$x$$", " $x$", "$x$\n\n$y$", "[a]: $x$", "Text ^[note $x$]", "| $x$ |"],
)
def test_what_could_be_a_block_takes_the_block_parse(text):
    assert not one_paragraph(text)
    assert find_math(text) == exact(text)
