"""CK264: raw HTML in a Markdown field that learners would never see.

CommonMark reads ``<Kilo>`` as a raw HTML tag and the sanitiser drops every element it does not
keep, so an ordering item ``$10^{3}$ <Kilo>`` came out as the formula alone, in every target,
without a word. ``validate`` now says so at the tag, in every kind of Markdown field: an
unknown element (``<Kilo>``) or a disallowed one (``<script>``, ``<iframe>``, removed with their
content). With ``allow_raw_html: true`` nothing is sanitised, but a tag that names no HTML,
SVG or MathML element still shows as nothing: those are reported too. What is kept or plainly
meant (allowed tags, comments, autolinks, code, math, escaped ``\\<``) is not.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from coursefixture import COURSE_YAML, write_course
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coursekit.cli import cli

CODE = "CK264"


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def report(root: Path, *args: str) -> list[dict]:
    result = run("validate", str(root), "--format", "json", *args)
    return json.loads(result.stdout)["diagnostics"]


def found(root: Path) -> list[tuple[str, int, int]]:
    return sorted((Path(d["file"]).name, d["line"], d["col"]) for d in report(root) if d["code"] == CODE)


def marked(root: Path, pattern: str) -> list[tuple[str, int, int]]:
    """(file name, line, column) of every match of ``pattern`` in the course's text files."""
    out = []
    for path in sorted(root.rglob("*")):
        if path.suffix not in (".yaml", ".md"):
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
            out += [(path.name, n, m.start() + 1) for m in re.finditer(pattern, line)]
    return sorted(out)


# Every kind of Markdown field, each holding a tag the sanitiser removes (<X...>, and the
# tester's three: <Kilo> in an ordering item, <richtig> in an answer's feedback, <nicht> in a
# call-out of a chapter body).
EVERY_FIELD_COURSE = COURSE_YAML.replace(
    "language: en\n",
    "language: en\ndescription: |\n  About <Xdesc> things.\nprerequisites: 'Know <Xpre> well.'\n",
).replace("A straight line whose", "A straight <Xsim> line whose")

EVERY_FIELD_CHAPTER = """\
---
id: one
title: One
summary: In short <Xsum>.
objectives:
  - Learn <Xobj>.
  - 'Also $x$ <Xobj2>'
quiz: ../quizzes/one.yaml
---

Body <Xbody> text with ![a dot](../assets/dot.png).[^1]

## A heading <Xhead>

- an item <Xitem>
- a [link <Xlink>](https://example.org)

> quoted <Xquote>

| a | b |
| --- | --- |
| <Xcell> | <Xcell> |

<div>
<Xblock>
</div>

:::{warning} Achtung: heiß!
Töpfe & Pfannen <nicht> anfassen.
:::

:::{note} A title <Xtitle>
::::{tip}
Nested <Xnested>.[^2]
::::
:::

:::{figure} ../assets/dot.png
:alt: a dot
A caption <Xcaption>.
:::

:::{simulation} curve
:k: 1
:::

[^1]: A footnote <Xfoot>.
[^2]: Referred to in a call-out <Xfoot2>.
"""

EVERY_FIELD_QUIZ = """\
id: one-check
title: Check
questions:
  - id: pick
    type: single_choice
    prompt: Pick <Xprompt> one.
    feedback:
      correct: Yes <Xcorrect>.
      incorrect: No <Xincorrect>.
      general: So <Xgeneral>.
    choices:
      - text: a <Xchoice>
        correct: true
        feedback: right <Xcfb>
      - text: b
  - id: kurz
    type: short_answer
    prompt: Say it.
    answers:
      - text: ja
        feedback: 'Genau: <richtig> & "gut".'
  - id: ordnung
    type: ordering
    prompt: Order.
    feedback: {general: g}
    items:
      - '$10^{-3}$ (Milli)'
      - '$10^{3}$ <Kilo>'
  - id: pairs
    type: matching
    prompt: Match.
    feedback: {general: g}
    pairs:
      - left: l1 <Xleft>
        right: r1
      - left: l2
        right: r2
  - id: gaps
    type: fill_blanks
    prompt: Fill.
    feedback: {general: g}
    text: 'Water <Xgap> boils at [[t]] C.'
    blanks:
      t: {accept: ["100"]}
  - id: essay
    type: essay
    prompt: Write.
    feedback: {general: g}
    model_answer: |
      Warm air
      really <Xmodel> rises.
"""


@pytest.fixture()
def every_field(tmp_path: Path) -> Path:
    return write_course(
        tmp_path / "c",
        files={
            "course.yaml": EVERY_FIELD_COURSE,
            "chapters/one.md": EVERY_FIELD_CHAPTER,
            "quizzes/one.yaml": EVERY_FIELD_QUIZ,
        },
    )


def test_every_kind_of_markdown_field_is_warned_at_the_tag(every_field: Path) -> None:
    expected = marked(every_field, r"<X\w+>|<nicht>|<richtig>|<Kilo>")
    assert len(expected) == 31
    assert found(every_field) == expected


def test_the_testers_three_are_located_with_a_one_line_fix(every_field: Path) -> None:
    diags = {(Path(d["file"]).name, d["line"], d["col"]): d for d in report(every_field) if d["code"] == CODE}
    ((at_kilo,), (at_richtig,), (at_nicht,)) = (marked(every_field, p) for p in ("<Kilo>", "<richtig>", "<nicht>"))
    assert at_kilo == ("one.yaml", 28, 19)
    kilo = diags[at_kilo]
    assert kilo["severity"] == "warning"
    assert "<Kilo>" in kilo["message"] and "removes" in kilo["message"]
    assert "\\<Kilo>" in kilo["hint"] and "&lt;Kilo&gt;" in kilo["hint"]
    assert "<richtig>" in diags[at_richtig]["message"]
    assert "<nicht>" in diags[at_nicht]["message"]
    # the text form: one line with the location, one hint line
    text = run("validate", str(every_field)).output
    assert "one.yaml:28:19: warning CK264: " in text and "\\<Kilo> (or &lt;Kilo&gt;)" in text


def test_build_reports_it_too(every_field: Path, tmp_path: Path) -> None:
    out = run("build", str(every_field), "-t", "html", "-o", str(tmp_path / "out"), "--no-cache", "--format", "json")
    diags = json.loads(out.stdout)["diagnostics"]
    assert ("one.yaml", 28, 19) in [(Path(d["file"]).name, d["line"], d["col"]) for d in diags if d["code"] == CODE]


def test_strict_validate_fails_and_lint_ignore_silences(every_field: Path) -> None:
    assert run("validate", str(every_field), "--strict").exit_code == 1
    course = EVERY_FIELD_COURSE.replace("language: en\n", "language: en\nlint: {ignore: [CK264]}\n")
    write_course(every_field, files={"course.yaml": course})
    assert found(every_field) == []


NOT_WARNED_CHAPTER = """\
---
id: one
title: One
summary: Allowed <b>bold</b> and H<sub>2</sub>O.
quiz: ../quizzes/one.yaml
---

Allowed <b>bold</b>, <i>i</i>, H<sub>2</sub>O, x<sup>2</sup>, a<br>b, <br/>, <kbd>Ctrl</kbd>,
<span class="x">span</span>, <abbr title="t">abbr</abbr>, <a href="https://example.org">link</a>, <B>upper</B>.

<!-- an author's note: <Kilo> and <script> stay unseen -->

Autolinks <https://example.org/a?b=c> and <mail@example.org>; a <javascript:void(0)> one.

Code `<Kilo>` and ``<script>``, math $a <Kilo> b$ and $$x <iframe> y$$.

Escaped \\<Kilo> and &lt;Kilo&gt;, comparisons a < b > c, <3 and <1 bar>, <Kapazität>, <-> and < b>.

```html
<Kilo><script>alert(1)</script>
```

    <Kilo> in an indented code block

:::{code-block} html
<Kilo><iframe></iframe>
:::

<details>
<summary>More</summary>

Inside <em>details</em>.
</details>

<table><tr><td>cell</td></tr></table>

<img src="../assets/dot.png" alt="raw"> (CK262 says it, once)

:::{simulation} curve
:k: 1
:::
"""


def test_what_is_kept_or_plainly_meant_is_not_warned(tmp_path: Path) -> None:
    root = write_course(tmp_path, files={"chapters/one.md": NOT_WARNED_CHAPTER})
    codes = [d["code"] for d in report(root)]
    assert CODE not in codes and codes.count("CK262") == 1, codes


DISALLOWED_CHAPTER = """\
---
id: one
title: One
quiz: ../quizzes/one.yaml
---

Script <script>alert("<Kilo>")</script> and frame <iframe src="https://example.org"></iframe>.

A <button>Go</button> and <svg width="2"><circle r="1"/></svg> and <Kilo>paired</Kilo> and </Stray>.

<?php echo 1; ?>

A <![CDATA[hidden]]> section.

:::{simulation} curve
:k: 1
:::
"""


def test_disallowed_elements_say_what_is_lost(tmp_path: Path) -> None:
    root = write_course(tmp_path, files={"chapters/one.md": DISALLOWED_CHAPTER})
    diags = [d for d in report(root) if d["code"] == CODE]
    got = {(d["line"], d["col"]): d for d in diags}
    # one warning per element (a paired close tag is not warned again), none inside <script> or <svg>
    expected = r"<script>alert|<iframe|<button>|<svg|<Kilo>paired|</Stray>|<\?php|<!\[CDATA"
    assert sorted(got) == [(line, col) for _, line, col in marked(root / "chapters", expected)], sorted(got)
    script, iframe, button, svg, kilo, stray, php, cdata = (got[k] for k in sorted(got))
    assert "<script>" in script["message"] and "content" in script["message"]
    assert "<iframe" in iframe["message"] and "content" in iframe["message"]
    assert "<button>" in button["message"] and "text stays" in button["message"]
    assert "<svg" in svg["message"] and "content" in svg["message"]
    assert "<Kilo>" in kilo["message"] and "\\<Kilo>" in kilo["hint"]
    assert "</Stray>" in stray["message"] and "\\</Stray>" in stray["hint"]
    assert "<?php" in php["message"] and "<![CDATA[" in cdata["message"]


RAW_CHAPTER = """\
---
id: one
title: One
quiz: ../quizzes/one.yaml
---

Kept as written: <script>var s = "<Kilo>";</script> <iframe src="https://example.org"></iframe>
<my-widget>w</my-widget> <svg><circle r="1"/><foreignObject>f</foreignObject></svg>
<math><mrow><mi>x</mi></mrow></math> <center>old</center> <button>b</button>.

But no element: <Kilo> and <Kilo-Watt>? No: that one is a custom element; <Watt> is not.

:::{simulation} curve
:k: 1
:::
"""


def test_allow_raw_html_warns_only_for_names_that_are_no_element(tmp_path: Path) -> None:
    course = COURSE_YAML.replace("language: en\n", "language: en\nallow_raw_html: true\n")
    root = write_course(tmp_path, files={"course.yaml": course, "chapters/one.md": RAW_CHAPTER})
    diags = [d for d in report(root) if d["code"] == CODE]
    assert [(d["line"], d["col"]) for d in diags] == [(11, 17), (11, 75)], diags
    assert "<Kilo>" in diags[0]["message"] and "element" in diags[0]["message"]
    assert "\\<Kilo>" in diags[0]["hint"]


def test_a_live_preview_checks_again_when_allow_raw_html_changes(tmp_path: Path) -> None:
    from coursekit.load import load_course
    from coursekit.load.memo import LoadMemo

    root = write_course(tmp_path, files={"chapters/one.md": DISALLOWED_CHAPTER})
    memo = LoadMemo()
    _, diags = load_course(root, memo=memo)
    assert sum(d.code == CODE for d in diags.items) == 8
    course = COURSE_YAML.replace("language: en\n", "language: en\nallow_raw_html: true\n")
    write_course(root, files={"course.yaml": course, "chapters/one.md": DISALLOWED_CHAPTER})
    _, diags = load_course(root, memo=memo)
    assert [d.location.line for d in diags.items if d.code == CODE] == [9, 9]  # <Kilo>, </Stray>


def test_escaped_forms_of_the_hint_show_the_text(tmp_path: Path) -> None:
    from coursekit.render.assets import AssetStore
    from coursekit.render.markdown import MarkdownRenderer

    r = MarkdownRenderer(tmp_path, AssetStore(tmp_path))
    for text in ("$10^{3}$ \\<Kilo>", "$10^{3}$ &lt;Kilo&gt;"):
        frag = r.render(text, tmp_path / "q.yaml")
        assert "&lt;Kilo&gt;" in frag.html and "&lt;Kilo&gt;" in frag.xhtml and "<Kilo>" in frag.text


def test_fields_without_a_tag_do_not_parse(monkeypatch) -> None:
    """The check costs a field without ``<`` (most of a big bank) nothing, and one whose tags are all
    kept a regular expression: the Markdown parser runs only where a tag may be removed."""
    from coursekit.load import markdown_html

    monkeypatch.setattr(markdown_html, "parser", lambda: pytest.fail("parsed"))
    for text in ("Plain text.", "a < b", "Allowed <b>bold</b> and <sub>2</sub>, <!-- note -->.", "<3 and <1 bar>"):
        assert markdown_html.removed_html(text, raw=False) == []
    assert markdown_html.removed_html("<Kilo-Watt> <center>c</center>", raw=True) == []


# ---------------------------------------------------------------- the finder reads as the renderer does

PIECES = [
    "a",
    " ",
    "\n",
    "\n\n",
    "    ",
    "\\",
    "`",
    "$",
    "*",
    "- ",
    "> ",
    "<Kilo>",
    '<Kilo x="1">',
    "<b>",
    "</b>",
    "<span>",
    "</span>",
    "<br>",
    "<kbd>",
    "<div>\n",
    "\n</div>",
    "<x-y>",
    "<button>",
    "<script>",
    "</script>",
    "<style>",
    "</style>",
    "<svg><circle/></svg>",  # whole: html5lib predates the HTML spec's rule that </p> ends SVG (html5ever has it)
    "<math><mi>x</mi></math>",
    "<iframe>",
    "</iframe>",
    "<object>",
    "</object>",
    "<textarea>",
    "</textarea>",
    "<!-- c -->",
    "<https://e.org>",
    "&lt;",
    "```\n",
    ":::{note}\n",
    "\n:::\n",
    "| a |\n| --- |\n",
    "[^1]",
    "[^1]: ",
    "<?php ?>",
    "<![CDATA[x]]>",
]


def _kept_out(html: str) -> set[str]:
    """Names of the elements of ``html`` that sanitising does not keep, outside those it removes
    whole (their content goes with them)."""
    import html5lib

    from coursekit.render.html_tags import CLEAN_CONTENT_TAGS, KEPT_TAGS

    out: set[str] = set()

    def walk(el) -> None:
        for child in el:
            if not isinstance(child.tag, str):
                continue
            name = child.tag.rsplit("}", 1)[-1].lower()
            if name not in KEPT_TAGS:
                out.add(name)
            if name not in CLEAN_CONTENT_TAGS:
                walk(child)

    walk(html5lib.parseFragment(html, namespaceHTMLElements=False))
    return out


@pytest.fixture(scope="module")
def raw_renderer(tmp_path_factory):
    from coursekit.render.assets import AssetStore
    from coursekit.render.markdown import MarkdownRenderer

    root = tmp_path_factory.mktemp("raw")
    return root, MarkdownRenderer(root, AssetStore(root), allow_raw_html=True)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(PIECES), max_size=14).map("".join))
def test_the_elements_warned_are_the_elements_sanitising_removes(raw_renderer, text: str) -> None:
    """The renderer's own unsanitised HTML, parsed as a browser (and the sanitiser) parses it,
    holds an element the sanitiser removes exactly when validate warns about it."""
    from coursekit.load.markdown_html import removed_html

    root, renderer = raw_renderer
    html = renderer.render(text, root / "q.yaml", math="tex").html
    warned = {r.name.lower() for r in removed_html(text, raw=False) if r.name and not r.closing}
    assert warned == _kept_out(html), (text, html)
