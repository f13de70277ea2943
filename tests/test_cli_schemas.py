"""`coursekit schema course|quiz|chapter` are JSON Schemas by the meta-schema (jsonschema's
Draft 2020-12 validator, the draft pydantic writes), and every course shipped here validates
against them: course.yaml, each quiz file, each chapter's front matter."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from jsonschema import Draft202012Validator

from coursekit.cli import cli

ROOT = Path(__file__).resolve().parents[1]
COURSES = [ROOT / "course", *sorted(p for p in (ROOT / "examples").iterdir() if (p / "course.yaml").is_file())]


def schema(kind: str) -> dict:
    result = CliRunner().invoke(cli, ["schema", kind])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


@pytest.fixture(scope="module")
def validators() -> dict[str, Draft202012Validator]:
    out = {}
    for kind in ("course", "quiz", "chapter"):
        s = schema(kind)
        Draft202012Validator.check_schema(s)  # raises SchemaError on any violation of the meta-schema
        out[kind] = Draft202012Validator(s)
    return out


def test_each_schema_obeys_the_meta_schema(validators):
    assert set(validators) == {"course", "quiz", "chapter"}


def test_a_broken_file_is_refused(validators):
    errors = list(validators["quiz"].iter_errors({"id": "q", "title": "Q", "questions": [{"type": "nonsense"}]}))
    assert errors


def _front_matter(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n"), path
    return yaml.safe_load(text[4 : text.index("\n---", 4)])


@pytest.mark.parametrize("course_dir", COURSES, ids=lambda p: p.name)
def test_shipped_courses_validate(validators, course_dir):
    problems = []

    def check(kind: str, data, path: Path) -> None:
        for e in validators[kind].iter_errors(data):
            problems.append(f"{path.relative_to(ROOT)}: {'/'.join(map(str, e.absolute_path))}: {e.message}")

    course = yaml.safe_load((course_dir / "course.yaml").read_text(encoding="utf-8"))
    check("course", course, course_dir / "course.yaml")
    for chapter in course["chapters"]:
        check("chapter", _front_matter(course_dir / chapter), course_dir / chapter)
    quizzes = sorted((course_dir / "quizzes").glob("*.yaml"))
    assert quizzes
    for quiz in quizzes:
        check("quiz", yaml.safe_load(quiz.read_text(encoding="utf-8")), quiz)
    assert problems == []
