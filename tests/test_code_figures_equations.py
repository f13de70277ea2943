"""Code blocks (Pygments highlighting, ``{code-block}`` options), ``{figure}`` with caption and
alt text, numbered equations with ``\\label`` / ``\\eqref``: rendered markup, validate's
warnings, and what the XML targets make of them (official XSDs, the port of Moodle's importer)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from coursefixture import CHAPTER, QUESTION, write_course
from lxml import etree, html

sys.path.insert(0, str(Path(__file__).parent / "support"))

import moodle_import as mi  # noqa: E402
from qti_xsd import validate  # noqa: E402
from test_qti_packages import check_package  # noqa: E402

BODY = """\
## Code

```python
def mean(xs):
    return sum(xs) / len(xs)  # <not a tag>
```

```{code-block} python
:linenos:
:lineno-start: 9
:emphasize-lines: 2
:caption: The *variance*
:name: var-code
def var(xs):
    m = mean(xs)
    return mean([(x - m) ** 2 for x in xs])
```

:::{figure} ../assets/dot.png
:alt: A single black dot
:name: fig-dot

A dot, **the** smallest figure.
:::

## Equations

The mean \\eqref{eq:mean} comes before the variance $\\eqref{eq:var}$, which is $\\ref{eq:var}$.

$$
\\bar x = \\frac{1}{n}\\sum_i x_i \\label{eq:mean}
$$

$$
s^2 = \\frac{1}{n-1}\\sum_i (x_i - \\bar x)^2
$$ (eq:var)

$$
\\text{unnumbered}
$$
"""

PROMPT = """\
    prompt: |
      What does this print?

      ```{code-block} python
      :emphasize-lines: 1
      print(1 < 2 & 3)
      ```

      :::{figure} ../assets/dot.png
      :alt: A dot
      The dot.
      :::

      $$
      y = 2 \\label{eq:y}
      $$

      Use \\eqref{eq:y}.
"""


def find_all(root, tag: str, classes: list[str]) -> list:
    """Descendants ``tag`` carrying every class in ``classes`` (what CSS's tag.a.b selects)."""
    test = "".join(f"[contains(concat(' ', normalize-space(@class), ' '), ' {c} ')]" for c in classes)
    return root.xpath(f".//{tag}{test}")


def course_dir(tmp_path: Path) -> Path:
    chapter = CHAPTER.replace("Body text with ![a dot](../assets/dot.png).", BODY)
    question = QUESTION.replace("    prompt: Pick one.\n", PROMPT)
    return write_course(tmp_path, quiz_questions=question, files={"chapters/one.md": chapter})


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    from coursekit.load import load_course
    from coursekit.render.pipeline import render_course

    course, diags = load_course(course_dir(tmp_path_factory.mktemp("course")))
    assert course is not None and not diags.has_errors(), diags.render()
    assert not [d for d in diags.items if d.code in ("CK408", "CK407")], diags.render()
    return render_course(course)


@pytest.fixture(scope="module")
def body(rendered):
    return html.fragment_fromstring(rendered.chapters[0].body.html, create_parent="div")


def test_python_block_has_token_classes(body):
    block = find_all(body, "div", ["ck-code"])[0]
    code = block.find("pre/code")
    assert code.get("class") == "language-python"
    keywords = [s.text for s in find_all(code, "span", ["tk-k"])]
    assert keywords == ["def", "return"]
    assert find_all(code, "span", ["tk-nb"])[0].text == "sum"  # a builtin
    assert find_all(code, "span", ["tk-c1"])[0].text == "# <not a tag>"  # escaped, not markup
    assert code.text_content() == "def mean(xs):\n    return sum(xs) / len(xs)  # <not a tag>"


def test_code_block_options(body):
    fig = body.get_element_by_id("var-code")
    assert fig.tag == "figure" and "ck-linenos" in fig.get("class")
    assert fig.find("figcaption").text_content() == "The variance"
    assert fig.find("figcaption/em").text == "variance"
    numbers = [s.text for s in find_all(fig, "span", ["ck-ln"])]
    assert numbers == [" 9", "10", "11"]  # :lineno-start: 9, padded to one width
    marked = find_all(fig, "mark", ["ck-hl"])
    assert len(marked) == 1 and marked[0].text_content() == "10    m = mean(xs)\n"
    for number in find_all(fig, "span", ["ck-ln"]):
        number.drop_tree()  # what the copy button leaves out
    code = fig.find("pre/code").text_content()
    assert code == "def var(xs):\n    m = mean(xs)\n    return mean([(x - m) ** 2 for x in xs])"


def test_figure_with_caption_and_alt_text(body, rendered):
    fig = body.get_element_by_id("fig-dot")
    assert fig.tag == "figure" and fig.get("class") == "ck-figure"
    img = fig.find("img")
    assert img.get("alt") == "A single black dot" and img.get("src").startswith("assets/dot-")
    assert img.get("src") in rendered.assets
    assert fig.find("figcaption").text_content().strip() == "A dot, the smallest figure."


def test_equations_are_numbered_and_referenced(body):
    numbered = find_all(body, "div", ["ck-math", "ck-numbered"])
    assert [d.get("id") for d in numbered] == ["eq-mean", "eq-var"]
    assert [find_all(d, "span", ["ck-eqno"])[0].text for d in numbered] == ["(1)", "(2)"]
    assert len(find_all(body, "div", ["ck-math"])) == 3  # the unlabelled one has no number
    refs = [(a.get("href"), a.text) for a in find_all(body, "a", ["ck-eqref"])]
    assert refs == [("#eq-mean", "(1)"), ("#eq-var", "(2)"), ("#eq-var", "2")]
    annotation = numbered[0].find(".//annotation")
    assert annotation is not None and "\\label" not in annotation.text


def test_tex_mode_tags_the_equations(rendered):
    body = rendered.chapter_body(rendered.chapters[0], math="tex").html
    assert "\\tag{1}\\]" in body and "\\tag{2}\\]" in body and "\\label" not in body
    assert '<a class="ck-eqref" href="#eq-mean">(1)</a>' in body


def test_xhtml_is_well_formed(rendered):
    etree.fromstring(f"<div>{rendered.chapters[0].body.xhtml}</div>".encode())


def test_unknown_language_and_ignored_options_are_located_warnings(tmp_path):
    from coursekit.load import load_course

    body = "```pyhton\nx = 1\n```\n\n```{code-block} python\n:dedent: 4\nx = 1\n```\n\n"
    body += ":::{figure} ../assets/dot.png\n:alt: A dot\n:width: 50%\n:::\n"
    chapter = CHAPTER.replace("Body text with ![a dot](../assets/dot.png).", body)
    course, diags = load_course(write_course(tmp_path, files={"chapters/one.md": chapter}))
    assert course is not None and not diags.has_errors()
    found = sorted((d.code, d.location.line, d.location.col) for d in diags.items if d.code in ("CK408", "CK407"))
    assert found == [("CK407", 12, 1), ("CK407", 18, 1), ("CK408", 7, 1)]
    assert all(d.hint for d in diags.items)


def test_unknown_language_is_shown_plain(tmp_path):
    from coursekit.render.assets import AssetStore
    from coursekit.render.markdown import MarkdownRenderer

    frag = MarkdownRenderer(tmp_path, AssetStore(tmp_path)).render("```pyhton\nx < 1\n```", tmp_path / "a.md")
    assert frag.html == '<div class="ck-code"><pre><code>x &lt; 1</code></pre></div>'


def _export(rendered, target):
    from coursekit.build import _exporter_class

    result = _exporter_class(target)().run(rendered)
    assert not [d for d in result.diagnostics if d.severity == "error"]
    return result.artifacts[0].files


@pytest.mark.parametrize("target", ["qti21", "qti30"])
def test_qti_items_with_code_figures_and_equations_are_valid(rendered, target):
    files = _export(rendered, target)
    check_package(files, target)
    item = next(data for path, data in files.items() if path.startswith("items/") and b"print" in data)
    text = item.decode()
    assert 'class="tk-nb"' in text and "print" in text  # highlighted, as span classes
    assert "<mark" not in text and "<figure" not in text  # outside the QTI subset: renamed


def test_canvas_and_moodle_accept_the_markup(rendered):
    files = _export(rendered, "canvas")
    for path, data in files.items():
        if path.endswith(".xml") and path.count("/") == 1 and not path.endswith("assessment_meta.xml"):
            assert not validate("qti12", data), path
    moodle = _export(rendered, "moodle")
    [xml] = moodle.values()
    result = mi.importprocess(xml)
    assert result.errors == [] and result.notices == [] and not result.stopped
    text = result.questions[0]["questiontext"]
    assert '<span class="tk-nb">print</span>' in text and "\\tag{1}" in text and "<figure" in text


def test_the_code_colours_leave_the_logging_set_up_alone():
    # accessible-pygments calls logging.basicConfig(level=INFO) when its style is imported: it
    # made `coursekit serve` print every watchfiles INFO line ("3 changes detected").
    import subprocess
    import sys

    probe = (
        "import logging; from coursekit.render.code import code_css; code_css(); "
        "root = logging.getLogger(); print(len(root.handlers), root.level)"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["0", str(30)], out  # no handler added, the level still WARNING
