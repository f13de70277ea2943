"""Markdown rendering: math, call-outs, images as assets, sanitising, XHTML for XML targets."""

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from coursekit.render.assets import AssetStore, clean_svg
from coursekit.render.markdown import MarkdownRenderer, SimRequest

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


@pytest.fixture()
def course(tmp_path: Path) -> Path:
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "dot.png").write_bytes(PNG)
    (tmp_path / "assets" / "evil.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script>'
        '<a href="javascript:alert(3)"><rect width="1" height="1"/></a></svg>'
    )
    (tmp_path / "chapters").mkdir()
    return tmp_path


def renderer(root: Path, **kw) -> MarkdownRenderer:
    return MarkdownRenderer(root, AssetStore(root), **kw)


def xml_ok(xhtml: str) -> etree._Element:
    return etree.fromstring(f"<div>{xhtml}</div>".encode())


def test_inline_and_display_math_become_mathml(course):
    frag = renderer(course).render("Speed-up $S = \\frac{N}{1+a}$ and\n\n$$x^2$$", course / "chapters" / "a.md")
    assert frag.html.count("<math") == 2
    assert 'display="block"' in frag.html
    root = xml_ok(frag.xhtml)
    maths = root.findall(".//{http://www.w3.org/1998/Math/MathML}math")
    assert len(maths) == 2


def test_tex_mode_keeps_delimiters_for_moodle(course):
    frag = renderer(course).render("A $x^2$ and $$y$$", course / "q.yaml", math="tex")
    assert "\\(x^2\\)" in frag.html and "\\[y\\]" in frag.html
    assert "<math" not in frag.html


def test_escaped_dollar_is_literal(course):
    frag = renderer(course).render("costs \\$5 and \\$10", course / "q.yaml")
    assert "$5" in frag.html and "<math" not in frag.html


def test_raw_html_is_sanitised(course):
    src = (
        '<script>alert(1)</script><img src=x onerror=alert(1)><a href="javascript:alert(1)">x</a>'
        '<iframe src="https://e.org"></iframe><b onclick="x()">b</b>'
    )
    frag = renderer(course).render(src, course / "q.yaml")
    for bad in ("<script", "onerror", "javascript:", "<iframe", "onclick", "<img"):
        assert bad not in frag.html and bad not in frag.xhtml
    assert "<b>b</b>" in frag.html


def test_raw_html_kept_when_course_allows(course):
    frag = renderer(course, allow_raw_html=True).render("<kbd class=x>Ctrl</kbd>", course / "q.yaml")
    assert "<kbd class=x>Ctrl</kbd>" in frag.html and '<kbd class="x">Ctrl</kbd>' in frag.xhtml


def test_images_become_content_addressed_assets(course):
    r = renderer(course)
    frag = r.render("![a dot](../assets/dot.png)", course / "chapters" / "a.md")
    (path,) = frag.assets
    assert path.startswith("assets/dot-") and path.endswith(".png")
    assert f'src="{path}"' in frag.html and 'alt="a dot"' in frag.html
    assert r.assets[path].data == PNG
    xml_ok(frag.xhtml)


def test_author_svg_is_cleaned(course):
    data = clean_svg((course / "assets" / "evil.svg").read_bytes())
    assert b"script" not in data and b"onload" not in data and b"javascript" not in data


def test_callouts_headings_and_footnotes(course):
    src = "## First part\n\nText.[^n]\n\n:::{warning} Careful\nBody **bold**\n:::\n\n## First part\n\n[^n]: The note."
    result = renderer(course).render_body(src, course / "chapters" / "a.md")
    html = result.fragment.html
    assert '<aside class="ck-callout ck-warning">' in html and "Careful" in html
    assert [h.id for h in result.headings] == ["first-part", "first-part-2"]
    assert html.count('class="footnotes"') == 1  # not repeated inside the call-out
    xml_ok(result.fragment.xhtml)


def _footnote_refs(html: str) -> list[str]:
    """The visible numbers of footnote references, in document order."""
    return re.findall(
        r'<sup class="footnote-ref"><a href="#fn[^"]*" id="fnref[^"]*">\[(\d+(?::\d+)?)\]</a></sup>', html
    )


def _footnote_items(html: str) -> list[str]:
    """The texts of the footnote list at the end, in order."""
    (section,) = re.findall(r'<section class="footnotes">(.*?)</section>', html, re.S)
    return [re.sub(r"<[^>]+>|↩︎", "", li).strip() for li in re.findall(r"<li [^>]*>(.*?)</li>", section, re.S)]


@pytest.mark.parametrize("name", ["note", "tip", "warning", "unknown", "plain"])
def test_footnotes_inside_every_directive(course, name):
    """References inside a directive, definitions inside or outside it: one numbering over the
    chapter, one list at its end, nothing shown literally."""
    fence = ":::" if name == "plain" else f":::{{{name}}}"
    src = (
        "First[^a] paragraph.\n\n"
        f"{fence}\nInside[^b] and again[^a].\n\n[^b]: Defined inside the box.\n:::\n\n"
        "After[^c] the box.\n\n[^a]: Defined outside.\n[^c]: The last one.\n"
    )
    result = renderer(course).render_body(src, course / "chapters" / "a.md")
    html = result.fragment.html
    assert "[^" not in html, html
    assert _footnote_refs(html) == ["1", "2", "1:1", "3"], html  # 1:1: the second reference to note 1
    assert _footnote_items(html) == ["Defined outside.", "Defined inside the box.", "The last one."], html
    assert html.count('class="footnotes"') == 1
    ids = re.findall(r' id="([^"]+)"', html)
    assert len(ids) == len(set(ids)), ids
    hrefs = re.findall(r'href="#([^"]+)"', html)
    assert set(hrefs) <= set(ids), (hrefs, ids)
    xml_ok(result.fragment.xhtml)


def test_footnote_in_a_callout_title_nested_directives_and_quiz_fields(course):
    src = (
        "::::{warning} Careful[^t]\nOuter.\n\n:::{note}\nDeep[^d] inside.\n:::\n::::\n\n"
        "[^t]: In the title.\n[^d]: Nested.\n"
    )
    r = renderer(course)
    html = r.render_body(src, course / "chapters" / "a.md").fragment.html
    assert html.index("Careful") < html.index("Outer.") < html.index("Deep")
    assert '<aside class="ck-callout ck-note">' in html.split('<aside class="ck-callout ck-warning">', 1)[1]
    assert _footnote_refs(html) == ["1", "2"] and _footnote_items(html) == ["In the title.", "Nested."], html
    frag = r.render(":::{tip}\nSee[^x].\n:::\n\n[^x]: A quiz field's note.", course / "q.yaml")
    assert "[^x]" not in frag.html and _footnote_items(frag.html) == ["A quiz field's note."]
    xml_ok(frag.xhtml)


def test_simulation_directive_placeholders(course):
    seen = []

    def provider(req: SimRequest, base: Path, static: bool):
        seen.append((req.sim_id, req.fixed, static))
        return ("assets/sim-x-1.svg", "alt text", "Title") if static else object()

    r = renderer(course, sim_provider=provider)
    body = r.render_body(":::{simulation} scaling\n:overhead: 0.1\n:::\n", course / "chapters" / "a.md")
    assert '<div class="ck-sim" data-ck-sim="0"></div>' in body.fragment.html
    assert seen == [("scaling", {"overhead": "0.1"}, False)]
    frag = r.render(":::{simulation} scaling\n:::\n", course / "q.yaml")
    assert (
        '<img src="assets/sim-x-1.svg" alt="alt text" />' in frag.html and "<figcaption>Title</figcaption>" in frag.html
    )


def test_inline_rendering_has_no_paragraph(course):
    frag = renderer(course).render("**x** and $y$", course / "q.yaml", inline=True)
    assert not frag.html.startswith("<p>") and "<strong>x</strong>" in frag.html
    assert frag.text.startswith("x and y")


def test_tex_spacing_commands_give_lengths_browsers_and_schemas_accept(course):
    frag = renderer(course).render("$a\\!b\\,c\\;d\\:e\\quad f$", course / "chapters" / "a.md")
    widths = re.findall(r'<mspace width="([^"]+)"', frag.xhtml)
    assert widths and all(re.fullmatch(r"-?\d+(\.\d+)?em", w) for w in widths), widths
    assert widths == ["0.1667em", "0.2778em", "0.2222em", "1em"]
    assert 'style="margin-left:-0.1667em;"' in frag.xhtml  # \\! is a negative margin (MathML Core)


def assert_as_the_parser_renders(fast, text: str, inline: bool, math: str = "mathml") -> None:
    """A fast path's fragment (None: it left the text to the parser) is the parser's, exactly."""
    if fast is not None:
        slow = renderer(Path("."))._render_slow(text, Path("q.yaml"), inline, math)
        assert (fast.html, fast.xhtml, fast.text, fast.assets) == (slow.html, slow.xhtml, slow.text, slow.assets)


_ALPHABET = "ab cdXYZ.,;:?!'\"()/%+=-1234567890éü中→\u00a0\t\n\r*_[]<>&$#|~{}@\u2028\u0085\x0b\x0c\ue000"


@settings(max_examples=3000, deadline=None)
@given(text=st.text(alphabet=_ALPHABET, min_size=1, max_size=16), inline=st.booleans())
def test_plain_text_fast_path_equals_the_parser(tmp_path_factory, text, inline):
    """Plain fields skip markdown-it; whatever they give must be exactly the parser's output."""
    from coursekit.render.markdown import _plain_fragment

    assert_as_the_parser_renders(_plain_fragment(text, inline), text, inline)


def test_fast_path_is_taken_for_ordinary_prompts():
    from coursekit.render.markdown import _plain_fragment

    assert _plain_fragment("Why is data parallelism the most common strategy?", True) is not None
    assert (
        _plain_fragment("It removes the need for communication.\n", False).html
        == "<p>It removes the need for communication.</p>"
    )
    for text in ("**bold**", "1. one", "a $x$", "- item", "a & b", "    code", "a\nb"):
        assert _plain_fragment(text, False) is None, text


def test_fast_path_is_taken_for_fill_in_texts_with_gaps():
    """A fill-in-the-blank text is prose with [[gaps]]: brackets that are no link, image,
    reference or footnote are text to markdown-it, so such texts skip the parser too."""
    from coursekit.render.markdown import _plain_fragment

    frag = _plain_fragment("In case 7 the [[first]] comes before the [[second]].", False)
    assert frag is not None and frag.html == "<p>In case 7 the [[first]] comes before the [[second]].</p>"
    for text in ("see [the docs](x.html)", "![a](b.png)", "[a]: b", "a[^1]", "a ^[note]"):
        assert _plain_fragment(text, False) is None, text


# Brackets with what can make them markup (links, images, references, footnotes) and nothing
# else: the fast path's bracket rule meets every combination the parser treats specially.
_BRACKETS = "ab [[]]()!^: x"


@settings(max_examples=3000, deadline=None)
@given(text=st.text(alphabet=_BRACKETS, min_size=1, max_size=14), inline=st.booleans())
def test_bracketed_text_fast_path_equals_the_parser(text, inline):
    from coursekit.render.markdown import _plain_fragment

    assert_as_the_parser_renders(_plain_fragment(text, inline), text, inline)


def test_fast_path_is_taken_for_plain_text_with_inline_formulas():
    """A prompt of prose and $formulas$ skips the parser: each formula is converted as the parser's
    math rule would convert it, in both math flavours."""
    r = renderer(Path("."))
    text = "Which statement about item 7 holds, given $x_{7} = 7$ and $y < 2$?"
    for math in ("mathml", "tex"):
        fast = r._math_fragment(text, False, math)
        slow = r._render_slow(text, Path("q.yaml"), False, math)
        assert fast is not None, math
        assert (fast.html, fast.xhtml, fast.text, fast.assets) == (slow.html, slow.xhtml, slow.text, slow.assets)
    # what only the parser knows how to treat: left to it
    for text in ("a $ x$", "a $x $", "1$x$", "$x$1", "a $$x$$", "*a* $x$", "a $x$ [b](c)", "$x\\$", "a $\\ref{e}$"):
        assert r._math_fragment(text, False, "mathml") is None, text


def test_a_bad_formula_on_the_fast_path_is_reported_as_the_parser_reports_it():
    from coursekit.diagnostics import CourseError

    r = renderer(Path("."))
    with pytest.raises(CourseError) as exc:
        r.render("given $\\frac{1}{$ now", Path("q.yaml"))
    assert "\\frac{1}{" in str(exc.value.diagnostics.items[0].message)


# Prose and formulas, with what changes how the parser reads a dollar sign: spaces and digits
# (an Arabic-Indic three too) next to it, escapes, doubled dollars, markup around it, line breaks.
_MATH_ALPHABET = "ab $$ 12 x\\{}^_[]()*<&.\n-\t\u00a0\u0663"


@settings(max_examples=3000, deadline=None)
@given(text=st.text(alphabet=_MATH_ALPHABET, min_size=1, max_size=14), inline=st.booleans())
def test_math_fast_path_equals_the_parser(text, inline):
    r = renderer(Path("."))
    for math in ("tex", "mathml"):
        assert_as_the_parser_renders(r._math_fragment(text, inline, math), text, inline, math)


def test_fast_path_is_taken_for_plain_text_with_images(course):
    """A prompt of prose and images (a tenth of a big bank's slow renders) skips the parser: each
    image becomes the asset the parser's image rule makes of it, or its alt text when its file
    is not in the course."""
    r = renderer(course)
    base = course / "quizzes" / "q.yaml"
    for text in (
        "Question 40: look at ![figure 40](../assets/dot.png) and answer.",
        "![a dot](../assets/dot.png)",
        'Two: ![one](../assets/dot.png) and ![two "quoted"](../assets/dot.png)!',
        "Missing: ![no such file](../assets/none.png) here.",
    ):
        for inline in (False, True):
            fast = r._image_fragment(text, base, inline)
            slow = r._render_slow(text, base, inline, "mathml")
            assert fast is not None, text
            assert (fast.html, fast.xhtml, fast.text, fast.assets) == (slow.html, slow.xhtml, slow.text, slow.assets)
    # what only the parser knows how to treat: left to it
    for text in (
        '![a](../assets/dot.png "title")',
        "![a *b*](../assets/dot.png)",
        "![ a](../assets/dot.png)",
        "![](../assets/dot.png)",
        "![a](<../assets/dot.png>)",
        "[![a](../assets/dot.png)](x.md)",
        "a $x$ ![b](../assets/dot.png)",
        "1. ![a](../assets/dot.png)",
    ):
        assert r._image_fragment(text, base, False) is None, text


# Prose and images (most texts of these are read without the parser), with now and then what
# changes how the parser reads them: brackets, parentheses, spaces and markup in the alt text or
# the path, titles, a second "!", an unresolvable or external path, line breaks.
_IMAGE_PROSE = ["a", " ", "b c", "!", "(", ")", "'", '"', "![a](../assets/dot.png)", "![x y](../assets/dot.png)"]
_IMAGE_PROSE += ["![a](../assets/none.png)", "![a](http://x/y.png)", "![a](dot.png)"]
_IMAGE_NEAR_MISSES = ["[", "]", "*", "\\", "`", "1.", "\n", "![", "](../assets/dot.png)", "](", "![a](", '"t")']
_IMAGE_NEAR_MISSES += ["../assets/dot.png", "![ a](../assets/dot.png)", "![a](../assets/dot.png 'x')", "<b>"]
_IMAGE_PIECES = st.sampled_from(_IMAGE_PROSE * 6 + _IMAGE_NEAR_MISSES)


@pytest.fixture(scope="module")
def image_course(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("img")
    (root / "assets").mkdir()
    (root / "assets" / "dot.png").write_bytes(PNG)
    return root


@settings(max_examples=3000, deadline=None)
@given(pieces=st.lists(_IMAGE_PIECES, min_size=1, max_size=8), inline=st.booleans())
def test_image_fast_path_equals_the_parser(image_course, pieces, inline):
    root = image_course
    text = "".join(pieces)
    r = renderer(root)
    base = root / "quizzes" / "q.yaml"
    fast = r._image_fragment(text, base, inline)
    if fast is not None:
        slow = renderer(root)._render_slow(text, base, inline, "mathml")
        assert (fast.html, fast.xhtml, fast.text, fast.assets) == (slow.html, slow.xhtml, slow.text, slow.assets)


def test_only_the_parsers_renders_are_remembered(course):
    """A big bank's fields are rendered again by each target; those the fast paths take cost less
    to render again than to keep (the memo held every field of a 100,000-question build)."""
    r = renderer(course)
    base = course / "quizzes" / "q.yaml"
    for text in ("Plain prose.", "Given $x_{1} = 2$?", "Look at ![a dot](../assets/dot.png) here."):
        first = r.render(text, base)
        assert r.render(text, base) == first
    assert r._cache == {}
    slow = r.render("Some **bold** prose.", base)
    assert r.render("Some **bold** prose.", base) is slow
    assert len(r._cache) == 1
