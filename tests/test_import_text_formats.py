"""coursekit import gift and text2qti: the text formats, read as Moodle's GIFT importer
(question/format/gift/format.php) and text2qti read them, with warnings at their lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from coursekit.importers import run_import
from coursekit.load import load_course

FIXTURES = Path(__file__).parent / "import_fixtures"


def _questions(out: Path):
    course, diags = load_course(out)
    assert course is not None and not diags.has_errors(), diags.render()
    return course, [q for _, quiz in course.all_quizzes() for q in quiz.questions]


def test_gift_every_kind(tmp_path):
    report = run_import("gift", FIXTURES / "physics.gift", tmp_path / "c")
    assert not report.diags.has_errors(), report.diags.render()
    course, qs = _questions(tmp_path / "c")
    (quiz,) = [q for _, q in course.all_quizzes()]
    assert (quiz.id, quiz.title) == ("physics-basics", "Physics basics")
    by = {q.id: q for q in qs}
    grant = by["grant"]
    assert grant.type == "single_choice" and [c.correct for c in grant.choices] == [False, False, True]
    assert grant.choices[2].feedback == "Right!" and grant.feedback.general == "General fb"
    missing = qs[1]  # Moodle's missing-word format: a blank in the text, a choice question
    assert missing.prompt == r"Grant is \_\_\_\_\_ in Grant's tomb." and missing.choices[1].correct
    tf = by["tf"]
    assert tf.answer is True and tf.feedback.incorrect == "No, it does." and tf.feedback.correct == "Yes."
    sa = qs[3]
    assert [(a.text, a.score) for a in sa.answers] == [("no one", 1), ("nobody", 1), ("nothing", 0.5)]
    assert (qs[4].answer, qs[4].tolerance) == (1822, 5)
    assert (qs[5].answer, qs[5].tolerance) == (3.145, 0.005)
    assert r"\$\pi\$" in qs[5].prompt  # GIFT's default format has no $…$ math: the dollars are text
    match = qs[6]
    assert [(p.left, p.right) for p in match.pairs] == [("Canada", "Ottawa"), ("Italy", "Rome"), ("Japan", "Tokyo")]
    assert match.distractors == ["Paris"]
    mr = qs[7]
    assert mr.type == "multiple_response" and [c.correct for c in mr.choices] == [True, True, False]
    assert qs[8].type == "essay" and qs[8].prompt == "Write about { braces } and x: y."
    assert qs[9].prompt == "**Bold** question?"
    refused = [d for d in report.diags.warnings if d.code == "CK910"]
    assert [d.location.line for d in refused] == [22]  # the description
    rounded = [d for d in report.diags.warnings if d.code == "CK913"]
    assert [d.location.line for d in rounded] == [18]  # 50/50/-100 mapped to partial


def test_gift_tex_in_moodle_delimiters_becomes_math(tmp_path):
    src = tmp_path / "m.gift"
    src.write_text("::m::What is \\(x^2\\) at \\(x\\=3\\)?{#9}\n", encoding="utf-8")
    run_import("gift", src, tmp_path / "c")
    _, (q,) = _questions(tmp_path / "c")
    assert q.prompt == "What is $x^2$ at $x=3$?" and q.answer == 9


def test_text2qti_reader(tmp_path):
    report = run_import("text2qti", FIXTURES / "text2qti" / "physics.txt", tmp_path / "c")
    assert not report.diags.has_errors(), report.diags.render()
    course, qs = _questions(tmp_path / "c")
    assert [q.id for q in qs] == [f"q{i}" for i in range(1, 9)]
    assert qs[0].points == 2 and qs[0].choices[0].feedback == "Right."
    assert qs[1].type == "multiple_response" and qs[1].scoring == "partial"
    assert (qs[3].answer, qs[3].tolerance) == (300000, 1000) and (qs[4].answer, qs[4].tolerance) == (9.8, 0.1)
    assert [d.location.line for d in report.diags.warnings if d.code == "CK914"] == [2]  # the description


def test_text2qti_refuses_what_it_would_run(tmp_path):
    src = tmp_path / "code.txt"
    src.write_text(
        "1.  What does it print?\n*a)  4\nb)  5\n\n```{.python .run}\nprint('2.  injected?')\n```\n", encoding="utf-8"
    )
    report = run_import("text2qti", src, tmp_path / "c")
    codes = [(d.code, d.location.line) for d in report.diags.warnings]
    assert ("CK910", 5) in codes
    assert not (tmp_path / "c").exists() or not any(
        "injected" in p.read_text() for p in (tmp_path / "c").rglob("*.yaml")
    )


@pytest.mark.parametrize("pick", ["²", "٣", "two", "1.5"])
def test_text2qti_pick_that_is_no_whole_number_is_warned_at_its_line(tmp_path, pick):
    src = tmp_path / "pick.txt"
    text = (FIXTURES / "text2qti" / "groups.txt").read_text(encoding="utf-8")
    src.write_text(text.replace("pick: 2", f"pick: {pick}"), encoding="utf-8")
    report = run_import("text2qti", src, tmp_path / "c")
    assert not report.diags.has_errors(), report.diags.render()
    (warning,) = [d for d in report.diags.warnings if d.code == "CK912"]
    assert warning.location.file.endswith("pick.txt") and warning.location.line == 4
    assert repr(pick) in warning.message and warning.hint
    _, qs = _questions(tmp_path / "c")
    assert len(qs) == 3


def test_text2qti_pick_0_is_warned_and_every_question_shown(tmp_path):
    src = tmp_path / "pick0.txt"
    text = (FIXTURES / "text2qti" / "groups.txt").read_text(encoding="utf-8")
    src.write_text(text.replace("pick: 2", "pick: 0"), encoding="utf-8")
    report = run_import("text2qti", src, tmp_path / "c")
    (warning,) = [d for d in report.diags.warnings if d.code == "CK912"]
    assert warning.location.line == 4 and "0" in warning.message and warning.hint
    course, qs = _questions(tmp_path / "c")
    ((_, quiz),) = course.all_quizzes()
    assert quiz.select is None and len(qs) == 3


def test_text2qti_images_beside_the_file_are_copied_and_missing_ones_warned(tmp_path):
    from coursefixture import PNG

    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "fig.png").write_bytes(PNG)
    (tmp_path / "secret.png").write_bytes(PNG)
    src = tmp_path / "src" / "quiz.txt"
    src.write_text(
        "1.  Look: ![a figure](fig.png)\n*a)  yes ![](fig.png)\nb)  no\n\n"
        "2.  Gone: ![lost](missing.png) and ![out](../secret.png)\n*a)  yes\nb)  no\n",
        encoding="utf-8",
    )
    report = run_import("text2qti", src, tmp_path / "c")
    assert not report.diags.has_errors(), report.diags.render()
    course, qs = _questions(tmp_path / "c")
    assets = sorted(p.name for p in (tmp_path / "c" / "assets").iterdir())
    assert len(assets) == 1 and assets[0].startswith("fig-")
    assert qs[0].prompt == f"Look: ![a figure](../assets/{assets[0]})"
    assert qs[0].choices[0].text == f"yes ![fig](../assets/{assets[0]})"
    assert qs[1].prompt == "Gone: lost and out"
    lost = [(d.location.line, d.message) for d in report.diags.warnings if d.code == "CK917"]
    assert [line for line, _ in lost] == [2, 5, 5] and "missing.png" in lost[1][1] and "../secret.png" in lost[2][1]
    assert all(d.hint for d in report.diags.warnings if d.code == "CK917")
