"""Issue 13, "What was seen" #1 and #3: math that crashed targets or vanished silently.

Each case builds or validates a real course through the CLI (in a subprocess where process
pools are involved) and checks what the author and the learner get.
"""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from coursefixture import CHAPTER, QUESTION, write_course
from lxml import etree
from qti_xsd import validate as xsd_validate

MATHML = "{http://www.w3.org/1998/Math/MathML}"
ALIGNED = r"""  - id: aligned
    type: true_false
    prompt: 'Is this right? $$\begin{aligned} a &= b \\ c &= d \end{aligned}$$'
    answer: true
    feedback: {general: See the chapter.}
"""


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "coursekit", *args], cwd=cwd, capture_output=True, text=True, timeout=600
    )


@pytest.fixture()
def aligned_course(tmp_path: Path) -> Path:
    return write_course(tmp_path / "c", quiz_questions=QUESTION + ALIGNED)


@pytest.mark.parametrize("target", ["qti21", "qti30"])
def test_aligned_builds_valid_qti(aligned_course: Path, tmp_path: Path, target: str) -> None:
    out = tmp_path / "out"
    proc = run("build", str(aligned_course), "-t", target, "-o", str(out), "-q", "-j", "1", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "internal error" not in proc.stderr
    (zpath,) = out.glob("*.zip")
    with zipfile.ZipFile(zpath) as z:
        items = [n for n in z.namelist() if n.startswith("items/") and n.endswith(".xml")]
        item = next(z.read(n) for n in items if b"aligned" in z.read(n))
    assert xsd_validate(target, item) == []
    root = etree.fromstring(item)
    (math,) = root.iter(f"{MATHML}math")
    rows = list(math.iter(f"{MATHML}mtr"))
    assert len(rows) == 2  # two aligned lines, not one run of text
    ann = next(math.iter(f"{MATHML}annotation"))
    assert ann.get("encoding") == "application/x-tex"
    assert ann.text == r"\begin{aligned} a &= b \\ c &= d \end{aligned}"


def test_aligned_parallel_all_targets(aligned_course: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    proc = run("build", str(aligned_course), "-t", "all", "-o", str(out), "-q", "-j", "2", "--no-cache", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "internal error" not in proc.stderr and "pickle" not in proc.stderr


def test_aligned_in_html_is_wellformed_mathml(aligned_course: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    proc = run("build", str(aligned_course), "-t", "html", "-o", str(out), "-q", "-j", "1", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    page = (out / "html" / "chapter-one.html").read_text(encoding="utf-8")
    assert "<mi>&</mi>" not in page and "<mo>&</mo>" not in page
    start = page.index("<math", page.index("Is this right?"))
    math = etree.fromstring(page[start : page.index("</math>", start) + len("</math>")].encode())
    assert len(list(math.iter(f"{MATHML}mtr"))) == 2
    shown = "".join(t for el in math.iter() if etree.QName(el).localname != "annotation" for t in [el.text or ""])
    assert "&" not in shown


BROKEN = {
    # name: (prompt TeX, code, column of the offending token in the quiz line)
    "unknown-command": (r"$a\sqroot{n}$", "CK270"),
    "unbalanced-frac": (r"$\frac{1}{ + x$", "CK271"),
    "unbalanced-left": (r"$\left( x + y$", "CK271"),
    "stray-ampersand": (r"$a & b$", "CK272"),
    "incomplete": (r"$x^$", "CK273"),
}


def _quiz_with(tex: str) -> str:
    return QUESTION.replace("prompt: Pick one.", f"prompt: 'Compute {tex} now.'")


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_bad_tex_is_located_at_validate(tmp_path: Path, name: str) -> None:
    tex, code = BROKEN[name]
    root = write_course(tmp_path / "c", quiz_questions=_quiz_with(tex))
    proc = run("validate", str(root), "--format", "json", cwd=tmp_path)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    diags = json.loads(proc.stdout)["diagnostics"]
    (d,) = [d for d in diags if d["code"] == code]
    line = (root / "quizzes" / "one.yaml").read_text().split("\n")[d["line"] - 1]
    assert d["file"].endswith("quizzes/one.yaml") and "prompt:" in line
    # the column points inside the formula as written in the file
    start = line.index(tex)
    assert start < d["col"] <= start + len(tex) + 1, (d, line)
    assert d["hint"]


def test_every_math_error_kind_in_one_course(tmp_path: Path) -> None:
    """Chapter body, directive body, front matter and quiz fields: each reported, located, exit 1."""
    chapter = CHAPTER.replace(
        "Body text",
        "Inline $a\\sqroot{n}$ text.\n\n$$\n\\frac{1}{\n$$\n\n:::{note}\nIn a note $x & y$.\n:::\n\nBody text",
    ).replace("title: One\n", "title: One\nsummary: 'A $\\left( x$ summary'\n")
    quiz = QUESTION.replace("feedback: {general: Well done.}", "feedback: {general: 'See $\\begin{foo}x\\end{foo}$.'}")
    root = write_course(tmp_path / "c", quiz_questions=quiz, files={"chapters/one.md": chapter})
    proc = run("validate", str(root), "--format", "json", cwd=tmp_path)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    found = {
        (d["code"], d["file"].rsplit("/", 1)[-1], d["line"], d["col"]) for d in json.loads(proc.stdout)["diagnostics"]
    }
    body = chapter.split("\n")
    n_inline = next(i for i, s in enumerate(body) if s.startswith("Inline")) + 1
    n_frac = next(i for i, s in enumerate(body) if s.startswith("\\frac")) + 1
    n_note = next(i for i, s in enumerate(body) if s.startswith("In a note")) + 1
    n_summary = next(i for i, s in enumerate(body) if s.startswith("summary")) + 1
    assert ("CK270", "one.md", n_inline, len("Inline $a") + 1) in found
    assert ("CK271", "one.md", n_frac, len("\\frac{1}{")) in found  # at the "{" never closed
    assert ("CK272", "one.md", n_note, len("In a note $x ") + 1) in found
    assert any(c == "CK271" and f == "one.md" and ln == n_summary for c, f, ln, _ in found)
    assert any(c == "CK270" and f == "one.yaml" for c, f, _, _ in found)


def test_bad_tex_in_a_variant_is_reported_at_the_field(tmp_path: Path) -> None:
    quiz = """\
  - id: param
    type: numeric
    variants: {count: 3, generator: ../simulations/sim.py:gen}
    prompt: |
      Value:
      $\\frac{ {{ x }}$ here
    answer: '{{ x }}'
    feedback: {general: ok}
"""
    root = write_course(tmp_path / "c", quiz_questions=QUESTION + quiz)
    assert run("validate", str(root), cwd=tmp_path).returncode == 0  # a template: checked per variant
    proc = run("build", str(root), "-t", "html", "-o", str(tmp_path / "out"), "-q", "-j", "1", cwd=tmp_path)
    assert proc.returncode == 1 and "internal error" not in proc.stderr
    lines = (root / "quizzes" / "one.yaml").read_text().split("\n")
    n = next(i for i, s in enumerate(lines) if "$\\frac" in s) + 1
    assert f"quizzes/one.yaml:{n}:8: error CK271: variant 1 of question 'param'" in proc.stdout, proc.stdout
    assert not (tmp_path / "out").exists()


def test_fast_scan_of_huge_texts_finds_what_the_parser_finds() -> None:
    """Past EXACT_LIMIT characters validate finds formulas by regex; on ordinary Markdown it
    must find the same formulas at the same offsets as the markdown-it parse."""
    from test_math_corpus import FORMULAS, _md

    from coursekit.load import markdown_math as mm

    text = "\n\n".join(
        [f"Note {i}: {_md(f)} costs \\$5, `$code$` and $y$." for i, f in enumerate(FORMULAS)]
        + ["```\n$not math$\n```", "Intro $a\\sqroot{n}$ and $$\n\\frac{1}{\n$$\n\nend $x$"]
    )
    exact = [(r.tex, r.display, r.offset) for r in mm.find_math(text)]
    assert len(text) < mm.EXACT_LIMIT and len(exact) == 2 * len(FORMULAS) + 3
    assert [(r.tex, r.display, r.offset) for r in mm._scan_fast(text)] == exact


def test_a_formula_after_a_directives_option_lines_is_located_at_it(tmp_path: Path) -> None:
    # Option lines (:alt: ...) are not Markdown: the scan blanked them to nothing, and every
    # formula after them was reported that many characters too early.
    chapter = CHAPTER.replace(
        "Body text",
        ":::{figure} ../assets/dot.png\n:alt: A small dot on a white ground\n"
        "The caption, $x & y$ here.\n:::\n\nBody text",
    )
    root = write_course(tmp_path / "c", files={"chapters/one.md": chapter})
    proc = run("validate", str(root), "--format", "json", cwd=tmp_path)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    (d,) = [d for d in json.loads(proc.stdout)["diagnostics"] if d["code"] == "CK272"]
    n_caption = next(i for i, s in enumerate(chapter.split("\n")) if s.startswith("The caption")) + 1
    assert (d["line"], d["col"]) == (n_caption, len("The caption, $x ") + 1), d
