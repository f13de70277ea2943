"""Canvas reads every HTML field of our Canvas items as HTML, in the plain and the Canvas-flavoured
import, so ``<`` and ``&`` reach the learner as written; essays carry their feedback and model answer.

The judge is ``support/canvas_html.py``, a port of Canvas's ``HtmlHelper#detect_html``
(canvas-lms ``gems/plugins/qti_exporter/lib/qti/html_helper.rb``) with the sanitiser's allow-list
and QTIMigrationTool's ``<div class="html">`` step; see its docstring for every source file.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import qti_course
import yaml
from hypothesis import given, settings
from lxml import etree
from support.canvas_html import detect_html, learner_sees

from coursekit.exporters.qti import EXPORTERS
from coursekit.load import load_course
from coursekit.render.pipeline import render_course

ROOT = Path(__file__).resolve().parents[1]
Q = "{http://www.imsglobal.org/xsd/ims_qtiasiv1p2}"
EXAMPLES = [ROOT / "course"] + sorted(p for p in (ROOT / "examples").glob("*") if (p / "course.yaml").is_file())


def canvas_files(rendered) -> dict[str, bytes]:
    result = EXPORTERS["canvas"]().run(rendered)
    (artifact,) = result.artifacts
    return artifact.files


def html_fields(files: dict[str, bytes]):
    """(quiz file, item ident, where, HTML) for every ``text/html`` mattext of every item."""
    for path, data in sorted(files.items()):
        if path == "imsmanifest.xml" or not path.endswith(".xml") or path.endswith("assessment_meta.xml"):
            continue
        root = etree.fromstring(data)
        for item in root.iter(Q + "item"):
            for mattext in item.iter(Q + "mattext"):
                if mattext.get("texttype") == "text/html":
                    where = mattext.getparent().getparent().tag.removeprefix(Q)
                    ident = mattext.getparent().getparent().get("ident")
                    yield path, item.get("ident"), f"{where} {ident or ''}".strip(), mattext.text or ""


def not_read_as_html(files: dict[str, bytes]) -> list[str]:
    """The fields Canvas's plain import would take for plain text, or show differently from its Canvas flavour."""
    bad = []
    for path, item, where, html in html_fields(files):
        _, as_html = detect_html(html)
        if as_html is None:
            bad.append(f"{path} {item} {where}: read as plain text: {html[:120]!r}")
        elif learner_sees(html) != learner_sees(html, canvas_flavour=True):
            bad.append(f"{path} {item} {where}: plain and Canvas-flavoured imports differ")
    return bad


def build(course_dir: Path):
    course, diags = load_course(course_dir)
    assert course is not None and not diags.has_errors(), diags
    return render_course(course)


# ------------------------------------------------------------------ the port itself


def test_port_reproduces_the_bug_canvas_has_with_bare_text():
    """What the issue saw: a feedback that is one paragraph of text loses its entities."""
    html = r"<p>When \(d_o &lt; f\) the image is virtual &amp; upright.</p>"
    text, as_html = detect_html(html)
    assert as_html is None
    assert learner_sees(html) == r"When \(d_o &lt; f\) the image is virtual &amp; upright."
    # The Canvas flavour takes it as HTML (is_html starts true there).
    assert learner_sees(html, canvas_flavour=True) == r"When \(d_o < f\) the image is virtual & upright."
    # Markup beside the text, or a wrapper with an attribute Canvas keeps, makes it HTML.
    assert detect_html("<p>a <em>b</em></p>")[1] == "a <em>b</em>"
    assert detect_html('<div class="x"><p>a &lt; b</p></div>')[1] is not None
    # A wrapper without attributes is stepped into; a known meta class is too.
    assert detect_html("<div><span>a &lt; b</span></div>")[1] is None
    assert detect_html('<div class="flow_1"><p>a &lt; b</p></div>')[1] is None


# ------------------------------------------------------------------ built output


@pytest.mark.parametrize("course_dir", EXAMPLES, ids=lambda p: p.name)
def test_every_html_field_of_the_example_courses_is_read_as_html(course_dir):
    files = canvas_files(build(course_dir))
    assert list(html_fields(files))
    assert not_read_as_html(files) == []


def test_every_html_field_of_the_test_course_is_read_as_html(tmp_path):
    files = canvas_files(qti_course.build_rendered(tmp_path))
    assert not_read_as_html(files) == []


SPECIAL = r"When $d_o < f$ & $a \le b$, 1 < 2 & 3 > 2"


def _special_course(root: Path) -> Path:
    """One question of every type whose every Markdown field holds ``<``, ``&`` and math."""
    fb = {"correct": SPECIAL, "incorrect": SPECIAL, "general": SPECIAL}
    questions = [
        {
            "id": "sc",
            "type": "single_choice",
            "prompt": SPECIAL,
            "choices": [{"text": SPECIAL, "correct": True, "feedback": SPECIAL}, {"text": "b < c"}],
            "feedback": fb,
        },
        {
            "id": "mr",
            "type": "multiple_response",
            "prompt": SPECIAL,
            "scoring": "partial",
            "choices": [{"text": SPECIAL, "correct": True}, {"text": "x & y", "feedback": SPECIAL}],
            "feedback": fb,
        },
        {"id": "tf", "type": "true_false", "prompt": SPECIAL, "answer": True, "feedback": fb},
        {"id": "num", "type": "numeric", "prompt": SPECIAL, "answer": 1, "unit": "m < km", "feedback": fb},
        {"id": "sa", "type": "short_answer", "prompt": SPECIAL, "answers": [{"text": "a", "feedback": SPECIAL}]},
        {"id": "essay", "type": "essay", "prompt": SPECIAL, "model_answer": SPECIAL, "feedback": fb},
        {
            "id": "match",
            "type": "matching",
            "prompt": SPECIAL,
            "scoring": "partial",
            "pairs": [{"left": SPECIAL, "right": "1"}, {"left": "$\\bar{x}$", "right": "2"}],
            "feedback": fb,
        },
        {"id": "order", "type": "ordering", "prompt": SPECIAL, "scoring": "partial", "items": [SPECIAL, "$\\mu$"]},
        {
            "id": "fill",
            "type": "fill_blanks",
            "prompt": SPECIAL,
            "text": SPECIAL + " [[g]] & more",
            "blanks": {"g": {"accept": ["a < b"]}},
            "scoring": "partial",
            "feedback": fb,
        },
    ]
    (root / "chapters").mkdir(parents=True)
    (root / "quizzes").mkdir()
    (root / "course.yaml").write_text(
        yaml.safe_dump({"id": "special", "title": "Special", "chapters": ["chapters/one.md"]})
    )
    (root / "chapters/one.md").write_text("---\nid: one\ntitle: One\nquiz: ../quizzes/q.yaml\n---\n\nText.\n")
    (root / "quizzes/q.yaml").write_text(yaml.safe_dump({"id": "q", "title": "Q", "questions": questions}))
    return root


def test_special_characters_reach_the_learner_as_written(tmp_path):
    files = canvas_files(build(_special_course(tmp_path / "c")))
    assert not_read_as_html(files) == []
    seen = [learner_sees(html) for _, _, _, html in html_fields(files)]
    assert len([s for s in seen if r"When \(d_o < f\) & \(a \le b\), 1 < 2 & 3 > 2" in s]) > 20
    assert not [s for s in seen if "&lt;" in s or "&amp;" in s or "&gt;" in s]


# Random valid courses (the generator of tests/test_properties.py), Canvas only.
from test_properties import courses, write_files  # noqa: E402


@settings(max_examples=25)
@given(files=courses())
def test_random_courses_every_html_field_is_read_as_html(files, tmp_path_factory):
    root = write_files(tmp_path_factory.mktemp("r") / "course", files)
    assert not_read_as_html(canvas_files(build(root))) == []


# Canvas's importer files an item's modalFeedback by its identifier
# (AssessmentItemConverter#get_feedback, assessment_item_converter.rb), in this order.
def canvas_feedback_field(ident: str) -> str | None:
    import re

    if re.search(r"wrong|incorrect|(_IC$)", ident, re.I):
        return "incorrect_comments"
    if re.search(r"correct|(_C$)", ident, re.I):
        return "correct_comments"
    if re.search(r"solution", ident, re.I):
        return "example_solution"
    if re.search(r"general_|_all", ident, re.I):
        return "neutral_comments"
    return None


def test_essay_keeps_all_feedback_and_shows_the_model_answer(tmp_path):
    root = _special_course(tmp_path / "c")
    quiz = yaml.safe_load((root / "quizzes/q.yaml").read_text())
    essay = next(q for q in quiz["questions"] if q["id"] == "essay")
    essay["feedback"] = {"general": "Read *chapter 2*.", "correct": "Well argued.", "incorrect": "See the model."}
    essay["model_answer"] = "The mean $\\bar{x} < 3$ & so on."
    (root / "quizzes/q.yaml").write_text(yaml.safe_dump(quiz))
    files = canvas_files(build(root))
    item = next(i for i in etree.fromstring(files["q/q.xml"]).iter(Q + "item") if i.get("ident") == "q.essay")
    seen = {
        canvas_feedback_field(f.get("ident")): learner_sees(f.findtext(f".//{Q}mattext"))
        for f in item.iter(Q + "itemfeedback")
    }
    assert seen == {
        "neutral_comments": r"Read chapter 2. Model answer The mean \(\bar{x} < 3\) & so on.",
        "correct_comments": "Well argued.",
        "incorrect_comments": "See the model.",
    }
    general = next(f for f in item.iter(Q + "itemfeedback") if f.get("ident") == "general_fb")
    assert "<strong>Model answer</strong>" in general.findtext(f".//{Q}mattext")
    # Each one is referred to as Canvas's own exporter does (lib/cc/qti/qti_items.rb).
    links = [d.get("linkrefid") for d in item.iter(Q + "displayfeedback")]
    assert links == ["general_fb", "general_incorrect_fb"]


def test_essay_model_answer_alone_becomes_general_feedback(tmp_path):
    files = canvas_files(qti_course.build_rendered(tmp_path))
    item = next(
        i
        for i in etree.fromstring(files["all-types/all-types.xml"]).iter(Q + "item")
        if i.get("ident").endswith(".essay")
    )
    (general,) = [f for f in item.iter(Q + "itemfeedback")]
    assert general.get("ident") == "general_fb"
    assert learner_sees(general.findtext(f".//{Q}mattext")) == "Model answer A good essay says x."
