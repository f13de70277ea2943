"""Warnings an author controls: `lint: {ignore: [...]}` for the course, a chapter, a quiz file
or one question; CK402 only when enabled; unknown or error codes refused where written."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from coursefixture import CHAPTER, COURSE_YAML, QUESTION, QUIZ_HEAD, write_course

from coursekit.cli import cli

NO_FEEDBACK = QUESTION.replace("    feedback: {general: Well done.}\n", "")


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def diags(root: Path, *extra: str) -> list[dict]:
    result = run("validate", str(root), "--format", "json", *extra)
    return json.loads(result.stdout)["diagnostics"]


def where(d: dict) -> str:
    return f"{Path(d['file']).name}:{d['line']}:{d['col']}"


def two_questions(first_extra: str = "", second_extra: str = "") -> str:
    """Two questions without feedback (CK401 each); extra lines go under each one's id."""
    a = NO_FEEDBACK.replace("  - id: pick\n", "  - id: pick\n" + first_extra)
    b = NO_FEEDBACK.replace("  - id: pick\n", "  - id: other\n" + second_extra)
    return a + b


def test_course_wide_ignore_silences_a_warning(tmp_path: Path) -> None:
    write_course(tmp_path, files={"assets/unused.png": b"png"})
    assert [d["code"] for d in diags(tmp_path)] == ["CK403"]
    course = COURSE_YAML.replace("language: en\n", "language: en\nlint:\n  ignore: [CK403]\n")
    write_course(tmp_path, files={"course.yaml": course})
    assert diags(tmp_path) == []
    assert run("validate", str(tmp_path), "--strict").exit_code == 0


def test_unknown_and_error_codes_are_refused_at_their_position(tmp_path: Path) -> None:
    course = COURSE_YAML.replace("language: en\n", "language: en\nlint:\n  ignore: [CK403, CK4O1, CK301]\n")
    write_course(tmp_path, files={"course.yaml": course})
    found = [d for d in diags(tmp_path) if d["code"] == "CK112"]
    assert [where(d) for d in found] == ["course.yaml:5:19", "course.yaml:5:26"], found
    assert "unknown" in found[0]["message"] and "CK401" in found[0]["hint"]
    assert "error" in found[1]["message"] and all(d["severity"] == "error" for d in found)


def test_enable_accepts_only_opt_in_codes(tmp_path: Path) -> None:
    course = COURSE_YAML.replace("language: en\n", "language: en\nlint: {enable: [CK401]}\n")
    write_course(tmp_path, files={"course.yaml": course})
    (d,) = diags(tmp_path)
    assert (d["code"], where(d)) == ("CK112", "course.yaml:4:17") and "CK402" in d["hint"]


def test_question_ignore_silences_only_that_question(tmp_path: Path) -> None:
    write_course(tmp_path, quiz_questions=two_questions())
    assert [(d["code"], where(d)) for d in diags(tmp_path)] == [
        ("CK401", "one.yaml:4:9"),
        ("CK401", "one.yaml:11:9"),
    ]
    write_course(tmp_path, quiz_questions=two_questions(first_extra="    lint: {ignore: [CK401]}\n"))
    assert [(d["code"], where(d)) for d in diags(tmp_path)] == [("CK401", "one.yaml:12:9")]
    write_course(tmp_path, quiz_questions=two_questions(second_extra="    lint: {ignore: [CK401]}\n"))
    assert [(d["code"], where(d)) for d in diags(tmp_path)] == [("CK401", "one.yaml:4:9")]


def test_question_ignore_with_a_bad_code_is_located(tmp_path: Path) -> None:
    write_course(tmp_path, quiz_questions=two_questions(first_extra="    lint: {ignore: [CK999]}\n"))
    bad = [d for d in diags(tmp_path) if d["severity"] == "error"]
    assert [(d["code"], where(d)) for d in bad] == [("CK112", "one.yaml:5:21")]


def test_quiz_file_ignore_covers_every_question(tmp_path: Path) -> None:
    write_course(tmp_path, files={"quizzes/one.yaml": "lint: {ignore: [CK401]}\n" + QUIZ_HEAD + two_questions()})
    assert diags(tmp_path) == []


def test_chapter_without_quiz_passes_strict_by_default(tmp_path: Path) -> None:
    """The README's CI recipe on a course whose first chapter has no quiz."""
    intro = "---\nid: intro\ntitle: Introduction\n---\n\nWelcome.\n"
    course = COURSE_YAML.replace("  - chapters/one.md\n", "  - chapters/intro.md\n  - chapters/one.md\n")
    write_course(tmp_path, files={"course.yaml": course, "chapters/intro.md": intro})
    result = run("validate", str(tmp_path), "--strict", "--format", "github")
    assert result.exit_code == 0 and result.output == "", result.output

    enabled = course.replace("language: en\n", "language: en\nlint: {enable: [CK402]}\n")
    write_course(tmp_path, files={"course.yaml": enabled})
    assert [(d["code"], where(d)) for d in diags(tmp_path)] == [("CK402", "intro.md:2:1")]

    silenced = intro.replace("title: Introduction\n", "title: Introduction\nlint: {ignore: [CK402]}\n")
    write_course(tmp_path, files={"course.yaml": enabled, "chapters/intro.md": silenced})
    assert diags(tmp_path) == []


def test_chapter_ignore_covers_its_body(tmp_path: Path) -> None:
    body = CHAPTER + '\n<img src="../assets/dot.png" alt="raw">\n'
    write_course(tmp_path, files={"chapters/one.md": body})
    assert [d["code"] for d in diags(tmp_path)] == ["CK262"]
    write_course(
        tmp_path, files={"chapters/one.md": body.replace("title: One\n", "title: One\nlint: {ignore: [CK262]}\n")}
    )
    assert diags(tmp_path) == []


def test_removed_html_is_silenced_per_question_and_per_chapter(tmp_path: Path) -> None:
    tagged = QUESTION.replace("prompt: Pick one.", "prompt: Pick <Kilo> one.")
    write_course(tmp_path, quiz_questions=tagged)
    assert [(d["code"], where(d)) for d in diags(tmp_path)] == [("CK264", "one.yaml:6:18")]
    silenced = tagged.replace("    type: single_choice\n", "    type: single_choice\n    lint: {ignore: [CK264]}\n")
    write_course(tmp_path, quiz_questions=silenced)
    assert diags(tmp_path) == []
    body = CHAPTER + "\nTöpfe & Pfannen <nicht> anfassen.\n"
    write_course(tmp_path, files={"chapters/one.md": body})
    assert [(d["code"], where(d)) for d in diags(tmp_path)] == [("CK264", "one.md:13:17")]
    body = body.replace("title: One\n", "title: One\nlint: {ignore: [CK264]}\n")
    write_course(tmp_path, files={"chapters/one.md": body})
    assert diags(tmp_path) == []


ORDERING = """\
  - id: order-{n}
    type: ordering
    prompt: Put them in order.
    feedback: {{general: g}}
    items: [a, b, c]
"""


def test_target_warnings_are_silenced_per_question_in_build(tmp_path: Path) -> None:
    silenced = ORDERING.format(n=2).replace("    type: ordering\n", "    type: ordering\n    lint: {ignore: [CK760]}\n")
    write_course(tmp_path, quiz_questions=ORDERING.format(n=1) + silenced)
    result = run("build", str(tmp_path), "-t", "canvas", "-o", str(tmp_path / "out"), "--no-cache", "--format", "json")
    found = [(d["code"], d["line"]) for d in json.loads(result.stdout)["diagnostics"] if d["code"] == "CK760"]
    assert found == [("CK760", 4)], result.stdout
    strict = run("build", str(tmp_path), "-t", "canvas", "-o", str(tmp_path / "strict"), "--no-cache", "--strict")
    assert strict.exit_code == 1  # order-1 still warns
    course = COURSE_YAML.replace("language: en\n", "language: en\nlint: {ignore: [CK760, CK763]}\n")
    write_course(tmp_path, quiz_questions=ORDERING.format(n=1) + silenced, files={"course.yaml": course})
    strict = run("build", str(tmp_path), "-t", "canvas", "-o", str(tmp_path / "strict"), "--strict")
    assert strict.exit_code == 0, strict.output
    assert (tmp_path / "strict" / "demo-canvas.zip").is_file()


def test_cached_build_keeps_the_same_silencing(tmp_path: Path) -> None:
    silenced = ORDERING.format(n=2).replace("    type: ordering\n", "    type: ordering\n    lint: {ignore: [CK760]}\n")
    write_course(tmp_path, quiz_questions=ORDERING.format(n=1) + silenced)
    out = [
        run("build", str(tmp_path), "-t", "canvas", "-o", str(tmp_path / "out"), "--format", "json").stdout
        for _ in range(2)
    ]
    first, second = (json.loads(o)["diagnostics"] for o in out)
    assert first == second and [d["line"] for d in first if d["code"] == "CK760"] == [4]
