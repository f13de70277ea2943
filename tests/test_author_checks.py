"""Checks that catch an author's slips: a chapter file course.yaml forgot (CK406), a link to a
Markdown file that is no chapter (CK701, found by validate at the link), parametric variants
that come out identical (CK512, at build) and the nearest grid value in CK213's hint."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from coursefixture import CHAPTER, COURSE_YAML, QUESTION, SIM, write_course

from coursekit.cli import cli


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def report(root: Path, *args: str) -> list[dict]:
    return json.loads(run("validate", str(root), "--format", "json", *args).stdout)["diagnostics"]


def located(d: dict) -> tuple[str, str]:
    return d["code"], f"{Path(d['file']).name}:{d['line']}:{d['col']}"


def test_chapter_file_not_listed_is_a_warning(tmp_path: Path) -> None:
    extra = "---\nid: two\ntitle: Two\n---\n\nForgotten.\n"
    write_course(tmp_path, files={"chapters/two.md": extra, "chapters/.draft.md": extra, "chapters/notes.txt": "x"})
    found = report(tmp_path)
    assert [located(d) for d in found] == [("CK406", "two.md:1:1")]
    assert "course.yaml" in found[0]["message"] and "chapters/two.md" in found[0]["hint"]
    course = COURSE_YAML.replace("  - chapters/one.md\n", "  - chapters/one.md\n  - chapters/two.md\n")
    write_course(tmp_path, files={"course.yaml": course})
    assert report(tmp_path) == []


def test_links_to_markdown_files_are_checked_at_the_link(tmp_path: Path) -> None:
    body = CHAPTER + (
        "\nSee [the next part](two.md#start) and [the missing one](three.md).\n"
        "\n[ref]: ./notes.md\n"
        '\n<a href="gone.md">raw</a>\n'
        "\n:::{note}\nInside a call-out: [again](missing.md).\n:::\n"
        "\n`[in code](code.md)` and [web](https://example.org/x.md) and [self](one.md).\n"
    )
    question = QUESTION.replace("{general: Well done.}", "{general: 'Read [this](../chapters/nowhere.md).'}")
    two = "---\nid: two\ntitle: Two\n---\n\nTwo.\n"
    course = COURSE_YAML.replace("  - chapters/one.md\n", "  - chapters/one.md\n  - chapters/two.md\n")
    notes = "# Notes that are no chapter\n"
    write_course(
        tmp_path,
        quiz_questions=question,
        files={"course.yaml": course, "chapters/one.md": body, "chapters/two.md": two, "chapters/notes.md": notes},
    )
    found = [d for d in report(tmp_path) if d["code"] == "CK701"]
    assert [located(d)[1] for d in found] == [
        "one.md:13:39",
        "one.md:15:1",
        "one.md:17:1",
        "one.md:20:20",
        "one.yaml:7:31",
    ], found
    assert "does not exist" in found[0]["message"] and "three.md" in found[0]["message"]
    assert "not a chapter" in found[1]["message"]
    # the build reports each once, at the link, and no longer at line 1
    out = json.loads(
        run("build", str(tmp_path), "-t", "html", "-t", "cc", "-o", str(tmp_path / "out"), "--format", "json").stdout
    )
    assert sorted(located(d) for d in out["diagnostics"] if d["code"] == "CK701") == sorted(located(d) for d in found)


PARAM = """\
  - id: add
    type: numeric
    variants: {count: 4, generator: ../simulations/sim.py:pairs}
    prompt: 'What is {{ a }} + {{ b }}?'
    answer: '{{ a + b }}'
    feedback: {general: Add them.}
"""

PAIRS = """

def pairs(rng):
    a = int(rng.integers(0, 2))
    return {"a": 1, "b": 1} if a < 5 else {"a": a, "b": 2}
"""


def test_identical_variants_are_named_in_a_warning(tmp_path: Path) -> None:
    write_course(tmp_path, quiz_questions=PARAM, files={"simulations/sim.py": SIM + PAIRS})
    result = run("build", str(tmp_path), "-t", "html", "-o", str(tmp_path / "out"), "--format", "json")
    found = [d for d in json.loads(result.stdout)["diagnostics"] if d["code"] == "CK512"]
    assert [located(d) for d in found] == [("CK512", "one.yaml:6:15")], result.stdout
    assert all(f"add-v{i}" in found[0]["message"] for i in range(1, 5)) and found[0]["severity"] == "warning"
    # silenced on the question like any other warning
    quiet = PARAM.replace("    type: numeric\n", "    type: numeric\n    lint: {ignore: [CK512]}\n")
    write_course(tmp_path, quiz_questions=quiet)
    result = run("build", str(tmp_path), "-t", "html", "-o", str(tmp_path / "out"), "--format", "json")
    assert [d for d in json.loads(result.stdout)["diagnostics"] if d["code"] == "CK512"] == []


def test_distinct_variants_give_no_warning(tmp_path: Path) -> None:
    distinct = PAIRS.replace('{"a": 1, "b": 1} if a < 5 else ', "").replace("(0, 2)", "(0, 10**9)")
    write_course(tmp_path, quiz_questions=PARAM, files={"simulations/sim.py": SIM + distinct})
    result = run("build", str(tmp_path), "-t", "html", "-o", str(tmp_path / "out"), "--strict")
    assert result.exit_code == 0, result.output


def test_off_grid_default_hint_names_the_nearest_value(tmp_path: Path) -> None:
    course = COURSE_YAML.replace("max: 1\n", "max: 2\n").replace("default: 0.5", "default: 1.3")
    write_course(tmp_path, files={"course.yaml": course})
    (d,) = [d for d in report(tmp_path) if d["code"] == "CK213"]
    assert "1.5" in d["hint"] and "nearest" in d["hint"], d


def test_templated_points_that_add_up_past_the_largest_float_are_an_error_at_build(tmp_path: Path) -> None:
    # validate cannot add up points a generator gives; the build does, once the variants are
    # rendered, and stops at the question (CK333) rather than crash in an exporter on inf.
    huge = PARAM.replace("    feedback:", "    points: '{{ p }}'\n    feedback:")
    questions = huge + huge.replace("id: add", "id: add-again")
    gen = "\n\ndef pairs(rng):\n    return {'a': int(rng.integers(0, 10**9)), 'b': 1, 'p': 1e308}\n"
    write_course(tmp_path, quiz_questions=questions, files={"simulations/sim.py": SIM + gen})
    assert [d for d in report(tmp_path) if d["severity"] == "error"] == []
    result = CliRunner().invoke(cli, ["build", str(tmp_path), "-t", "canvas", "-o", str(tmp_path / "out"), "-j", "1"])
    assert result.exit_code == 1 and "internal error" not in result.output, result.output
    assert "CK333" in result.output and "one.yaml:11:5" in result.output, result.output
    assert not (tmp_path / "out").exists()


def test_quizzes_whose_points_add_up_past_the_largest_float_are_an_error_at_validate(tmp_path: Path) -> None:
    # Each quiz alone is fine; the SCORM runtime's course score adds them up (CK333 at the
    # question where the sum overflows), so validate says so rather than a build crash.
    big = QUESTION.replace("  - id: pick\n", "  - id: pick\n    points: 1e308\n")
    two = CHAPTER.replace("id: one", "id: two").replace("one.yaml", "two.yaml")
    course = COURSE_YAML.replace("  - chapters/one.md\n", "  - chapters/one.md\n  - chapters/two.md\n")
    write_course(tmp_path, quiz_questions=big, files={"course.yaml": course, "chapters/two.md": two})
    quiz = (tmp_path / "quizzes" / "one.yaml").read_text()
    (tmp_path / "quizzes" / "two.yaml").write_text(quiz.replace("id: one-check", "id: two-check", 1))
    found = [d for d in report(tmp_path) if d["severity"] == "error"]
    assert [d["code"] for d in found] == ["CK333"], found
    assert Path(found[0]["file"]).name == "two.yaml"
    result = CliRunner().invoke(cli, ["build", str(tmp_path), "-t", "scorm12", "-o", str(tmp_path / "out")])
    assert result.exit_code == 1 and "CK333" in result.output and "internal error" not in result.output
