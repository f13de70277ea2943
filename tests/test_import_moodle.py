"""coursekit import moodle: a bank in the exact shape Moodle's exporter writes
(question/format/xml/format.php writequestion: comments, CDATA only where needed, files in
the element that shows them, combined feedback, hints, tags, units, qtype_ordering's and
Cloze's fields, types coursekit cannot hold), and coursekit's own Moodle export."""

from __future__ import annotations

from pathlib import Path

from coursekit.importers import run_import
from coursekit.load import load_course

FIXTURE = Path(__file__).parent / "import_fixtures" / "moodle-bank.xml"


def _imported(tmp_path: Path):
    report = run_import("moodle", FIXTURE, tmp_path / "c")
    course, diags = load_course(tmp_path / "c")
    assert course is not None and not diags.has_errors(), diags.render()
    return report, {q.id: q for _, quiz in course.all_quizzes() for q in quiz.questions}, course, diags


def _codes_at(report, line: int) -> list[str]:
    return sorted(d.code for d in report.diags.items if d.location.line == line)


def test_every_question_imported_or_refused_with_its_line(tmp_path):
    report, qs, course, diags = _imported(tmp_path)
    assert set(qs) == {
        "first-law", "vectors", "units", "free-fall", "force-unit", "speed", "inertia-essay", "match-laws",
        "planets", "cloze-mix",
    }  # fmt: skip
    refused = {d.location.line: d.message for d in report.diags.warnings if d.code == "CK910"}
    assert set(refused) == {410, 426, 443}  # multiresponse cloze, description, calculated
    assert "MULTIRESPONSE" in refused[410] and "description" in refused[426] and "calculated" in refused[443]
    assert all(d.location.file.endswith("moodle-bank.xml") for d in report.diags.items)
    assert not diags.warnings  # validate --strict passes: every question kept its feedback
    (quiz,) = [q for _, q in course.all_quizzes()]
    assert (quiz.id, quiz.title) == ("mechanics", "Mechanics")
    assert course.title == "Physics 101"


def test_choice_questions(tmp_path):
    report, qs, course, _ = _imported(tmp_path)
    q = qs["first-law"]
    assert q.type == "single_choice" and q.points == 2 and q.tags == ["newton", "laws"]
    assert [c.correct for c in q.choices] == [True, False, False]
    assert q.choices[1].text == "$F = ma$" and q.choices[0].feedback == "Yes."
    assert q.feedback.general == r"Inertia: $F = 0 \Rightarrow v = \text{const}$."
    assert "**Newton's first law**" in q.prompt
    (image,) = list((course.root / "assets").iterdir())
    assert f"![a dot](../assets/{image.name})" in q.prompt and image.read_bytes().startswith(b"\x89PNG")
    assert _codes_at(report, 15) == ["CK914", "CK914"]  # hints and partially correct feedback
    vectors = qs["vectors"]  # +50/+50/-50/-50: exactly the partial rule
    assert vectors.type == "multiple_response" and vectors.scoring == "partial"
    assert [c.correct for c in vectors.choices] == [True, True, False, False] and not _codes_at(report, 74)[:0]
    assert "CK913" not in _codes_at(report, 74)
    assert "CK913" in _codes_at(report, 128)  # wrong picks not penalised in Moodle: nearest rule, warned


def test_typed_answers(tmp_path):
    report, qs, _, _ = _imported(tmp_path)
    tf = qs["free-fall"]
    assert tf.answer is True and tf.feedback.correct == "Apollo 15 showed it."
    sa = qs["force-unit"]
    assert [(a.text, a.score) for a in sa.answers] == [("newton", 1), ("N", 0.5)]
    assert sa.feedback.incorrect == "Look it up." and not sa.case_sensitive
    assert "CK914" in _codes_at(report, 180)  # the wildcard answer kg*
    num = qs["speed"]
    assert (num.answer, num.tolerance, num.unit) == (19.62, 0.05, "m/s")
    assert num.feedback.incorrect == "Use v = gt."
    assert _codes_at(report, 222) == ["CK913", "CK914"]  # 50 % answer; km/h unit
    essay = qs["inertia-essay"]
    assert (essay.min_words, essay.max_words, essay.points) == (50, 300, 5)
    assert essay.model_answer == "Mentions resistance to changes of motion."


def test_structured_questions(tmp_path):
    report, qs, _, _ = _imported(tmp_path)
    m = qs["match-laws"]
    assert [(p.left, p.right) for p in m.pairs] == [("First law", "inertia"), ("Second law", "F = ma")]
    assert m.distractors == ["E = mc²"] and m.scoring == "partial" and m.points == 3
    o = qs["planets"]
    assert o.items == ["Mercury", "Venus", "Earth"] and o.scoring == "partial"
    assert "CK913" in _codes_at(report, 352)  # relative grading -> nearest rule
    c = qs["cloze-mix"]
    assert c.gap_order() == ["g1", "g2", "g3", "g4"] and c.points == 5
    assert c.blanks["g1"].accept == ["9.81"]
    assert c.blanks["g2"].accept == ["g"] and c.blanks["g2"].case_sensitive is True
    assert (c.blanks["g3"].choices, c.blanks["g3"].correct) == (["down", "up", "sideways"], "down")
    assert c.blanks["g4"].accept == ["kilograms"]
    assert _codes_at(report, 394).count("CK913") == 4 and "CK914" in _codes_at(report, 394)


def test_yaml_math_is_single_quoted_never_escaped(tmp_path):
    _imported(tmp_path)
    text = next((tmp_path / "c" / "quizzes").glob("*.yaml")).read_text(encoding="utf-8")
    assert r"'Inertia: $F = 0 \Rightarrow v = \text{const}$.'" in text
    assert '"' not in "".join(line for line in text.splitlines() if "\\" in line)


def test_forked_workers_give_the_same_course_and_warnings(tmp_path, monkeypatch):
    from coursekit.importers import moodle

    results = []
    for name, minimum in (("serial", 10**9), ("forked", 2)):
        monkeypatch.setattr(moodle, "PARALLEL_MIN", minimum)
        out = tmp_path / name / "c"
        report = run_import("moodle", FIXTURE, out)
        files = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}
        results.append((files, report.diags.render()))
    assert results[0] == results[1]


def test_quiz_id_puts_every_category_in_one_quiz(tmp_path):
    """coursekit's own Moodle export of the example course (one category per quiz, plus
    sub-categories for variants) imported into one quiz: every question, ids kept unique."""
    from import_roundtrip import build

    artifact, _, course = build(Path(__file__).resolve().parents[1] / "course", "moodle", tmp_path / "out")
    report = run_import("moodle", artifact, tmp_path / "c", quiz_id="everything")
    assert not report.diags.has_errors(), report.diags.render()
    imported, diags = load_course(tmp_path / "c")
    assert imported is not None and not diags.has_errors()
    (quiz,) = [q for _, q in imported.all_quizzes()]
    assert quiz.id == "everything"
    ids = [q.id for q in quiz.questions]
    assert len(ids) == len(set(ids)) == report.questions
    plain = [q.id for _, qz in course.all_quizzes() for q in qz.questions if q.variants is None]
    assert set(plain) <= set(ids)
