"""Rendering a parametric question's template strings.

Most template fields hold only ``{{ name }}`` tags; ``render_template`` substitutes those
without compiling a Jinja template (compiling was a tenth of a 10,000-question build), and
must give what Jinja gives, errors included: Jinja itself is the reference here.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jinja2 import TemplateError

from coursekit.render import templates
from coursekit.render.templates import ENV, render_template

NAMES = ["a", "b", "s", "x_1", "Name", "true", "none", "range", "loop", "undefined_one"]
VALUES = st.one_of(
    st.text(max_size=8),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.lists(st.integers(0, 9), max_size=3),
)
PIECES = st.one_of(
    st.text(alphabet="ab {}%#-\n\r\t$", max_size=6),
    st.sampled_from(NAMES).map(lambda n: "{{ " + n + " }}"),
    st.sampled_from(NAMES).map(lambda n: "{{" + n + "}}"),
    st.sampled_from(NAMES).map(lambda n: "{{- " + n + " -}}"),
    st.sampled_from(["{{ a + b }}", "{{ a ~ b }}", "{% if a %}y{% endif %}", "{# c #}", "{{{ a }}}"]),
)


def jinja(source: str, context: dict) -> tuple[str, str]:
    try:
        return "ok", ENV.from_string(source).render(context)
    except TemplateError as exc:
        return type(exc).__name__, exc.message or str(exc)
    except TypeError as exc:  # "{{ a + b }}" over a string and a number
        return "TypeError", str(exc)


def ours(source: str, context: dict) -> tuple[str, str]:
    try:
        return "ok", render_template(source, context)
    except TemplateError as exc:
        return type(exc).__name__, exc.message or str(exc)
    except TypeError as exc:  # "{{ a + b }}" over a string and a number
        return "TypeError", str(exc)


@settings(max_examples=400, deadline=None)
@given(st.lists(PIECES, max_size=6).map("".join), st.dictionaries(st.sampled_from(NAMES[:5]), VALUES, max_size=5))
def test_same_text_and_errors_as_jinja(source, context):
    assert ours(source, context) == jinja(source, context)


@pytest.mark.parametrize(
    ("source", "context", "expected"),
    [
        ("What is {{ a }} + {{ b }}?", {"a": 2, "b": 0.5}, "What is 2 + 0.5?"),
        ("{{ s }}", {"s": -3}, "-3"),
        ("{{s}} and {{ s }}", {"s": True}, "True and True"),
        ("line\n{{ a }}\n", {"a": "x"}, "line\nx\n"),  # keep_trailing_newline
    ],
)
def test_simple_tags(source, context, expected):
    assert render_template(source, context) == expected


def test_an_undefined_name_is_jinjas_error():
    with pytest.raises(TemplateError) as caught:
        render_template("{{ a }} and {{ missing }}", {"a": 1})
    assert caught.value.message == "'missing' is undefined"


def test_simple_tags_compile_nothing(monkeypatch):
    def no_compile(source):
        raise AssertionError(f"compiled {source!r}")

    monkeypatch.setattr(templates, "template", no_compile)
    assert render_template("x = {{ x }}, y = {{y}}", {"x": 1, "y": "two"}) == "x = 1, y = two"
    with pytest.raises(AssertionError, match="compiled"):
        render_template("{{ x + 1 }}", {"x": 1})
