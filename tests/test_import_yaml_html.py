"""Properties of what every reader relies on:

- ``yaml_out.dump`` writes YAML that coursekit's own loader (YAML 1.2) and PyYAML (YAML 1.1)
  both read back exactly, for any text (math, quotes, leading spaces, line breaks, tabs,
  Unicode), and never as a double-quoted scalar (where ``\\n`` in ``$\\nu$`` would be a line break);
- the fast path of the HTML converter (text without elements) gives exactly what the full
  markdownify path gives.
"""

from __future__ import annotations

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from coursekit.importers import yaml_out
from coursekit.importers.html_md import HtmlToMarkdown, clean_text
from coursekit.load.yaml_nodes import parse_yaml

# Text a course file can hold (html_md.clean_text has removed the rest).
text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",), exclude_characters="\r"), max_size=40).map(
    clean_text
)
tricky = st.sampled_from(
    [
        r"$\nu$",
        r"\frac{a}{b}",
        "'quoted'",
        '"double"',
        " lead",
        "trail ",
        "yes",
        "No",
        "null",
        "~",
        "1e3",
        "0x1F",
        "- dash",
        "#hash",
        "a: b",
        "a #b",
        "[x]",
        "{y}",
        "*",
        "&a",
        "!t",
        "%p",
        "@a",
        "`b`",
        "|",
        ">",
        "\ttab",
        "two\nlines",
        "\n\nblank first",
        "end\n",
        "end\n\n",
        " \n ",
        "\u00a0nbsp",
        "x\u2003y",
    ]  # fmt: skip
)
scalar = st.one_of(text, tricky, st.integers(-(10**9), 10**9), st.floats(allow_nan=False, allow_infinity=False),
                   st.booleans())  # fmt: skip
keys = st.one_of(st.from_regex(r"[a-z_][a-z0-9_]{0,8}", fullmatch=True), st.sampled_from(["1", "yes", "no", "on"]))
values = st.recursive(
    scalar,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(keys, inner, max_size=3)),
    max_leaves=12,
)


def _styles(doc: str) -> set[str]:
    return {e.style for e in yaml.parse(doc) if isinstance(e, yaml.ScalarEvent)}


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(data=st.dictionaries(keys, values, min_size=1, max_size=4))
def test_yaml_reads_back_exactly(data):
    doc = yaml_out.dump(data)
    assert parse_yaml(doc).data == data
    assert yaml.safe_load(doc) == data
    assert '"' not in _styles(doc)


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(
    body=st.lists(
        st.one_of(
            text.filter(lambda t: "<" not in t and ">" not in t),
            st.sampled_from(["$", "$$", r"\(x_1\)", r"\[a*b\]", "$$y$$", "&amp;", "&lt;", "{{", "{%", "_", "*", "\\"]),
        ),
        max_size=6,
    ).map("".join),
    wrap=st.booleans(),
)
def test_fast_path_equals_markdownify(body, wrap):
    html = f"<p>{body}</p>" if wrap else body
    conv = HtmlToMarkdown()
    assert conv.markdown(html) == conv.markdown(html, fast=False)


FORMULAS = [
    r"x^2", r"\frac{a}{b}", r"\sqrt{2}", r"\alpha + \beta", r"\sum_{i=1}^{n} i", r"a < b", r"e^{i\pi} = -1",
    r"x_{t+1}", r"\sqrt[3]{x}", r"\frac{1}{d_i} = \frac{1}{f} - \frac{1}{d_o}", r"\Delta T_{\text{iron}}",
    r"1.2 \times 10^{-5}", r"\left( a + b \right)", r"a \, b \; c \quad d", r"\pm x \to y",
]  # fmt: skip


def test_mathml_without_annotation_comes_back_as_the_same_formula():
    """Temml's MathML (what coursekit's exports carry) stripped of its TeX annotation -> TeX ->
    the same MathML (compared without the annotations, which hold each side's own TeX)."""
    from bs4 import BeautifulSoup

    from coursekit.importers.mathml_tex import mathml_to_tex
    from coursekit.render.markdown import tex_to_mathml

    def bare(mathml: str):
        math = BeautifulSoup(mathml, "html.parser").find("math")
        for ann in math.find_all("annotation"):
            ann.decompose()
        return math

    for tex in FORMULAS:
        mathml = bare(tex_to_mathml(tex, False))
        back = mathml_to_tex(mathml)
        assert str(bare(tex_to_mathml(back, False))) == str(mathml), (tex, back)


def test_canvas_equation_images_become_tex():
    conv = HtmlToMarkdown()
    by_url = '<p>See <img class="equation_image" src="/equation_images/x%255E2%2520%252B%25201?scale=1"></p>'
    by_alt = '<p><img class="equation_image" src="https://x.instructure.com/nothing.png" alt="LaTeX: \\frac{a}{b}"></p>'
    by_data = '<p><img class="equation_image" data-equation-content="\\alpha_1" src="/x"></p>'
    assert conv.markdown(by_url) == "See $x^2 + 1$"
    assert conv.markdown(by_alt) == r"$\frac{a}{b}$"
    assert conv.markdown(by_data) == r"$\alpha_1$"


@settings(max_examples=100, deadline=None, derandomize=True, database=None)
@given(
    head=st.dictionaries(keys, scalar, min_size=1, max_size=3),
    items=st.lists(st.dictionaries(keys, values), min_size=1, max_size=3),
)
def test_quiz_file_built_from_question_items_is_the_whole_dump(head, items):
    """assemble writes each question's YAML in a worker and joins them: the same bytes."""
    head = {k: v for k, v in head.items() if k != "questions"}
    parts = ["\n".join(yaml_out.sequence_lines([item], "  ")) for item in items]
    joined = yaml_out.dump(head) + "questions:\n" + "\n".join(parts) + "\n"
    assert joined == yaml_out.dump(head | {"questions": items})
