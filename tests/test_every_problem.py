"""`coursekit validate` prints every problem it can find in one run, not one round at a time.

A quiz file whose model validation fails still has the formulas, images and other per-field
checks of every question run, the failing ones' included; so does a chapter whose front
matter is broken (and its quiz is still read), and a course.yaml that is. The rules of one
question, quiz or file, each broken rule reported, are tests/test_every_rule.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from coursefixture import CHAPTER, COURSE_YAML, QUESTION, QUIZ_HEAD, validate_report, write_course
from support.course_dir import write_course as write_files

from coursekit.cli import cli
from coursekit.load.loader import data_has_feedback, data_markdown_fields, markdown_fields
from coursekit.load.yaml_nodes import parse_yaml
from coursekit.model import Quiz

# The reproduction of the report: question a's four formulas were shown only once question d
# had been fixed twice (its invalid gap first, then its unused blank).
PROBE_QUIZ = r"""id: q
title: Q
questions:
  - id: a
    type: single_choice
    prompt: 'Greek $\nu$'
    choices:
      - {text: '$a & b$', correct: true}
      - {text: '$\foo{x}$'}
      - {text: '$\left( x$'}
      - {text: '$x^{2$'}
    feedback: {correct: ok, incorrect: no}
  - id: d
    type: fill_blanks
    text: 'x [[g1]] [[G2]] [[g3]]'
    blanks:
      g1: {accept: [a]}
      g3: {choices: [a, b], correct: a}
      unused: {accept: [z]}
"""

PROBE = {
    "course.yaml": "id: bare\ntitle: Bare\nchapters: [chapters/c.md]\n",
    "chapters/c.md": "---\nid: c\ntitle: C\nquiz: ../quizzes/q.yaml\n---\nText.\n",
    "quizzes/q.yaml": PROBE_QUIZ,
}

PROBE_FOUND = [
    ("error", "CK272", "quizzes/q.yaml:8:20"),
    ("error", "CK270", "quizzes/q.yaml:9:18"),
    ("error", "CK271", "quizzes/q.yaml:10:25"),
    ("error", "CK271", "quizzes/q.yaml:11:21"),
    ("warning", "CK401", "quizzes/q.yaml:13:9"),
    ("error", "CK313", "quizzes/q.yaml:15:11"),
    ("error", "CK315", "quizzes/q.yaml:19:7"),
]


@pytest.fixture(autouse=True)
def in_tmp(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)  # paths are reported relative to the working folder


report = validate_report


def found(diags: list[dict]) -> list[tuple[str, str, str]]:
    return [(d["severity"], d["code"], f"{d['file']}:{d['line']}:{d['col']}") for d in diags]


def test_the_reported_course_shows_every_problem_in_one_run(tmp_path: Path) -> None:
    write_files(tmp_path, PROBE)
    status, diags = report(tmp_path)
    assert status == 1
    assert found(diags) == PROBE_FOUND
    messages = {d["code"]: d["message"] for d in diags if d["code"] in ("CK313", "CK315")}
    assert messages == {
        "CK313": "questions.1.text: gap [[G2]] has an invalid name",
        "CK315": "questions.1.blanks.unused: blank 'unused' is never used in text",
    }
    # The text report: each once, in location order, and the same on every run.
    first = CliRunner().invoke(cli, ["validate"])
    assert first.exit_code == 1 and "Traceback" not in first.output
    assert "6 errors, 1 warning" in first.output
    assert CliRunner().invoke(cli, ["validate"]).output == first.output
    located = [line.split(": ")[0] for line in first.stdout.splitlines() if not line.startswith(" ")]
    assert located == [where for _, _, where in PROBE_FOUND]


def test_build_still_refuses_the_course(tmp_path: Path) -> None:
    write_files(tmp_path / "c", PROBE)
    result = CliRunner().invoke(cli, ["build", "c", "-t", "html", "-o", "out", "-j", "1"])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()
    assert "c/quizzes/q.yaml:15:11: error CK313" in result.output
    assert "c/quizzes/q.yaml:9:18: error CK270" in result.output


def test_a_failing_question_hides_no_other_problem_of_its_file(tmp_path: Path) -> None:
    questions = (
        "  - id: one\n    type: single_choice\n    prompt: '$\\sqroot{2}$'\n    choices:\n"  # 4-7: no correct choice
        "      - {text: '![](../assets/dot.png)'}\n      - {text: b}\n"  # 8: an image without alt text
        "  - id: two\n    type: true_false\n    prompt: 'Is $x^{2$ right?'\n    answer: true\n"  # 10-13
        "  - id: three\n    type: essay\n    prompt: P\n    model_answer: '$\\foo$'\n"  # 14-17
        "  - id: four\n    type: ordering\n    prompt: P\n    items: ['$x^$', '$x^$']\n"  # 18-21
    )
    write_course(tmp_path, quiz_questions=questions)
    status, diags = report(tmp_path)
    assert status == 1
    got = {(d["code"], d["line"]) for d in diags}
    assert got == {
        ("CK301", 7),
        ("CK270", 6),
        ("CK260", 8),
        ("CK401", 4),
        ("CK271", 12),
        ("CK401", 10),
        ("CK270", 17),
        ("CK310", 21),
        ("CK273", 21),
        ("CK401", 18),
    }, sorted(got)
    assert len(diags) == len({json.dumps(d, sort_keys=True) for d in diags})


def test_a_broken_quiz_file_still_has_its_questions_checked(tmp_path: Path) -> None:
    quiz = QUIZ_HEAD.replace("title: Check\n", "").replace("id: one-check\n", "id: one-check\nsleect: 2\n")
    questions = QUESTION.replace("prompt: Pick one.", "prompt: 'Pick $\\foo$.'")
    write_course(tmp_path, files={"quizzes/one.yaml": quiz + questions})
    status, diags = report(tmp_path)
    assert status == 1
    assert {(d["code"], d["line"]) for d in diags} == {("CK101", 1), ("CK102", 2), ("CK270", 6)}


def test_a_broken_front_matter_still_has_its_chapter_and_quiz_checked(tmp_path: Path) -> None:
    chapter = CHAPTER.replace("title: One\n", "titel: One\nobjectives: ['$\\foo$']\nsummary: '$x^{2$'\n")
    questions = QUESTION.replace("prompt: Pick one.", "prompt: 'Pick $x^$.'")
    write_course(tmp_path, files={"chapters/one.md": chapter, "quizzes/one.yaml": QUIZ_HEAD + questions})
    status, diags = report(tmp_path)
    assert status == 1
    got = {(d["file"], d["code"], d["line"]) for d in diags}
    assert got == {
        ("chapters/one.md", "CK101", 2),
        ("chapters/one.md", "CK102", 3),
        ("chapters/one.md", "CK270", 4),
        ("chapters/one.md", "CK271", 5),
        ("quizzes/one.yaml", "CK273", 6),
    }, sorted(got)  # and no CK404: the quiz file is used by the chapter


def test_a_broken_course_yaml_still_has_its_texts_and_simulations_checked(tmp_path: Path) -> None:
    text = COURSE_YAML.replace("language: en\n", "language: en\nlicense: not a licence\ndescription: '$\\foo$'\n")
    text = text.replace("description: A straight line", "description: $x^{2$ and a straight line")
    chapter = CHAPTER.replace(":k: 1", ":k: 7")  # checked against the simulations, valid on their own
    write_course(tmp_path, files={"course.yaml": text, "chapters/one.md": chapter})
    status, diags = report(tmp_path)
    assert status == 1
    got = {(d["file"], d["code"], d["line"]) for d in diags}
    assert got == {
        ("course.yaml", "CK111", 4),
        ("course.yaml", "CK270", 5),
        ("course.yaml", "CK271", 12),
        ("chapters/one.md", "CK233", 10),
    }, sorted(got)


def test_a_clean_course_is_still_clean(tmp_path: Path) -> None:
    write_course(tmp_path)
    assert report(tmp_path, "--strict") == (0, [])


def test_a_broken_front_matter_still_has_its_body_checked(tmp_path: Path) -> None:
    chapter = CHAPTER.replace("title: One\n", "title: [One\n").replace("![a dot]", "![]")
    write_course(tmp_path, files={"chapters/one.md": chapter})
    status, diags = report(tmp_path)
    assert status == 1
    assert {(d["file"], d["code"], d["line"]) for d in diags if d["severity"] == "error"} == {
        ("chapters/one.md", "CK012", 4),
        ("chapters/one.md", "CK260", 7),
    }


NO_FEEDBACK = "  - id: quiet\n    type: true_false\n    prompt: P\n    answer: true\n"


def test_the_lint_of_a_broken_quiz_file_still_applies(tmp_path: Path) -> None:
    broken = QUESTION.replace("        correct: true\n", "")  # CK301
    quiet = NO_FEEDBACK.replace("id: quiet", "id: silenced") + "    lint: {ignore: [CK401]}\n"
    write_course(tmp_path, quiz_questions=broken + quiet + NO_FEEDBACK)
    _, diags = report(tmp_path)
    assert [(d["code"], d["message"]) for d in diags if d["severity"] == "warning"] == [
        ("CK401", "question 'quiet' has no feedback")
    ]
    quiz = QUIZ_HEAD.replace("title: Check\n", "title: Check\nlint: {ignore: [CK401, CK999]}\n")  # CK112
    write_course(tmp_path, files={"quizzes/one.yaml": quiz + broken + NO_FEEDBACK})
    _, diags = report(tmp_path)
    assert {d["code"] for d in diags} == {"CK301", "CK112"}


def test_the_lint_of_a_chapter_with_a_broken_front_matter_still_applies(tmp_path: Path) -> None:
    chapter = CHAPTER.replace("title: One\n", "titel: One\nlint: {ignore: [CK262]}\n")
    chapter += '\n<img src="../assets/dot.png" alt="a dot">\n'  # CK262, silenced
    quiz = QUIZ_HEAD.replace("title: Check\n", "title: Check\nlint: {ignore: [CK401]}\n")
    write_course(tmp_path, files={"chapters/one.md": chapter, "quizzes/one.yaml": quiz + QUESTION + NO_FEEDBACK})
    _, diags = report(tmp_path)
    assert {d["code"] for d in diags} == {"CK101", "CK102"}


def test_a_quiz_of_a_chapter_with_a_broken_front_matter_keeps_its_id(tmp_path: Path) -> None:
    two = CHAPTER.replace("id: one", "id: two").replace("title: One\n", "").replace("one.yaml", "two.yaml")
    course_yaml = COURSE_YAML.replace("  - chapters/one.md\n", "  - chapters/one.md\n  - chapters/two.md\n")
    files = {"course.yaml": course_yaml, "chapters/two.md": two, "quizzes/two.yaml": QUIZ_HEAD + QUESTION}
    write_course(tmp_path, files=files)
    _, diags = report(tmp_path)
    assert {(d["file"], d["code"]) for d in diags} == {("chapters/two.md", "CK101"), ("quizzes/two.yaml", "CK243")}


def all_questions() -> list[tuple[str, int]]:
    """Every question of the shipped courses, and of a quiz with every Markdown field of every type."""
    root = Path(__file__).parent.parent
    files = sorted(root.glob("course/quizzes/*.yaml")) + sorted(root.glob("examples/*/quizzes/*.yaml"))
    return [(str(f), i) for f in files for i in range(len(parse_yaml(f.read_text()).data["questions"]))]


EVERY_FIELD = r"""id: every
title: Every field
questions:
  - {id: a, type: single_choice, prompt: '$a$', feedback: {correct: c, incorrect: '', general: g},
     choices: [{text: '$x$', correct: true, feedback: f}, {text: 1.50}]}
  - {id: b, type: multiple_response, prompt: P, choices: [{text: x, correct: true}, {text: '', feedback: ''}]}
  - {id: c, type: true_false, prompt: '', answer: true, feedback: {general: 0}}
  - {id: d, type: numeric, prompt: P, answer: 1}
  - {id: e, type: short_answer, prompt: P, answers: [{text: a, feedback: f}, {text: b, score: 0.5}]}
  - {id: f, type: essay, prompt: P, model_answer: M}
  - {id: g, type: essay, prompt: P, model_answer: ''}
  - {id: h, type: matching, prompt: P, pairs: [{left: '$l$', right: r}, {left: 2, right: s}], distractors: [d]}
  - {id: i, type: ordering, prompt: P, items: [one, '$two$', 3]}
  - {id: j, type: fill_blanks, text: 'x [[g]]', blanks: {g: {accept: [a]}}, feedback: {incorrect: no}}
  - {id: k, type: fill_blanks, prompt: P, text: '[[g]]', blanks: {g: {choices: [a, b], correct: a}}}
"""


@pytest.mark.parametrize("file,index", [("EVERY_FIELD", i) for i in range(11)] + all_questions())
def test_a_questions_data_has_the_fields_and_feedback_of_its_model(file: str, index: int) -> None:
    # What validate checks of a question that failed validation is what it checks of a valid one.
    text = EVERY_FIELD if file == "EVERY_FIELD" else Path(file).read_text(encoding="utf-8")
    data = parse_yaml(text).data
    question = Quiz.model_validate(data).questions[index]
    raw = data["questions"][index]
    # The model holds a number written in a text field as its text; the data leaves it out, as
    # no text check finds anything in a number.
    assert list(data_markdown_fields(raw)) == [
        (path, value) for path, value in markdown_fields(question) if not _number_at(raw, path)
    ]
    assert data_has_feedback(raw) == question.has_feedback()


def _number_at(data, path: tuple) -> bool:
    for part in path:
        data = data[part]
    return isinstance(data, (int, float))
