"""`coursekit new`: a course that teaches the format, validates under --strict and builds every
target with only the target limits its README lists; `--minimal` is the smallest course."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from coursekit.cli import cli
from coursekit.model import QUESTION_TYPES

NINE = set(QUESTION_TYPES)


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def scaffold(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("new") / "Physics 101: Heat!"
    result = run("new", str(root))
    assert result.exit_code == 0, result.output
    return root


def test_id_and_title_come_from_the_folder_name(scaffold: Path) -> None:
    course = yaml.safe_load((scaffold / "course.yaml").read_text(encoding="utf-8"))
    assert course["id"] == "physics-101-heat"
    assert course["title"] == "Physics 101: Heat!"


def test_it_validates_under_strict(scaffold: Path) -> None:
    result = run("validate", str(scaffold), "--strict")
    assert result.exit_code == 0, result.output


def test_it_teaches_every_part_of_the_format(scaffold: Path) -> None:
    quizzes = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((scaffold / "quizzes").glob("*.yaml"))]
    questions = [q for quiz in quizzes for q in quiz["questions"]]
    assert {q["type"] for q in questions} == NINE
    assert len([q for q in questions if "variants" in q]) == 1
    assert len(questions) == 10
    chapters = "\n".join(p.read_text(encoding="utf-8") for p in (scaffold / "chapters").glob("*.md"))
    assert "$$" in chapters and re.search(r"(?<!\$)\$[^$\s][^$]*\$", chapters)  # display and inline math
    assert re.search(r"!\[[^\]]+\]\(\.\./assets/", chapters)  # an image with alt text
    assert ":::{note}" in chapters and ":::{simulation}" in chapters and ":::{quiz}" not in chapters
    course = yaml.safe_load((scaffold / "course.yaml").read_text(encoding="utf-8"))
    (sim,) = course["simulations"]
    assert len(sim["params"]) == 1
    quiz_text = "\n".join(p.read_text(encoding="utf-8") for p in (scaffold / "quizzes").glob("*.yaml"))
    values = [ln.split("#", 1)[0] for ln in quiz_text.splitlines() if not ln.lstrip().startswith("#")]
    assert any("\\" in v for v in values)
    assert not any(re.search(r':\s*"[^"]*\\', v) for v in values)  # no TeX in double quotes


def test_editor_settings_map_existing_schemas(scaffold: Path) -> None:
    settings = json.loads((scaffold / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    mapping = settings["yaml.schemas"]
    assert set(mapping.values()) == {"course.yaml", "quizzes/*.yaml"}
    for schema_path, pattern in mapping.items():
        data = json.loads((scaffold / schema_path).read_text(encoding="utf-8"))
        kind = "course" if pattern == "course.yaml" else "quiz"
        assert data == json.loads(run("schema", kind).stdout)


def test_ci_workflow_runs_the_readme_recipe(scaffold: Path) -> None:
    workflow = yaml.safe_load((scaffold / ".github" / "workflows" / "validate.yml").read_text(encoding="utf-8"))
    steps = [s.get("run", "") for job in workflow["jobs"].values() for s in job["steps"]]
    assert "coursekit validate --strict --format github" in steps


def _build_codes(scaffold: Path, out: Path) -> tuple[int, set[str]]:
    result = run("build", str(scaffold), "-t", "all", "-o", str(out), "--no-cache", "--format", "json")
    report = json.loads(result.stdout)
    assert report["summary"]["errors"] == 0, report
    return result.exit_code, {d["code"] for d in report["diagnostics"]}


def test_every_target_builds_with_only_the_limits_its_readme_lists(scaffold: Path, tmp_path: Path) -> None:
    from coursekit.codes import is_target_limit

    status, codes = _build_codes(scaffold, tmp_path)
    assert status == 0
    readme = (scaffold / "README.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"\bCK\d{3}\b", readme.split("## Target limits", 1)[1]))
    assert codes == listed
    assert all(is_target_limit(c) for c in codes), codes
    targets = {"html", "scorm12", "scorm2004", "qti21", "qti30", "canvas", "moodle", "cc"}
    built = {p.name for p in tmp_path.iterdir()}
    assert len(built) >= len(targets)


def test_non_slug_folder_names_are_refused(tmp_path: Path) -> None:
    result = run("new", str(tmp_path / "---"))
    assert result.exit_code == 2 and "course id" in result.output and "--id" in result.output
    assert not (tmp_path / "---").exists()
    ok = run("new", str(tmp_path / "---"), "--id", "mine")
    assert ok.exit_code == 0, ok.output
    assert yaml.safe_load((tmp_path / "---" / "course.yaml").read_text())["id"] == "mine"
    assert run("new", str(tmp_path / "x"), "--id", "Not A Slug").exit_code == 2


def test_minimal_is_the_smallest_course(tmp_path: Path) -> None:
    root = tmp_path / "tiny-course"
    assert run("new", str(root), "--minimal").exit_code == 0
    files = sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())
    assert files == ["chapters/01-introduction.md", "course.yaml", "quizzes/introduction.yaml"]
    assert yaml.safe_load((root / "course.yaml").read_text())["id"] == "tiny-course"
    assert run("validate", str(root), "--strict").exit_code == 0


def test_a_folder_it_cannot_write_is_an_error_and_leaves_nothing(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "afile").write_text("x")
    result = run("new", str(tmp_path / "afile" / "course"))
    assert result.exit_code == 1, result.output
    assert "cannot create" in result.output and "Not a directory" in result.output, result.output
    assert "internal error" not in result.output
    # Written in part (the disk fills after two files): what was written is removed again.
    real_write = Path.write_text
    written: list[Path] = []

    def write_text(self, *args, **kwargs):
        if len(written) == 2:
            raise OSError(28, "No space left on device")
        written.append(self)
        return real_write(self, *args, **kwargs)

    monkeypatch.setattr(Path, "write_text", write_text)
    result = run("new", str(tmp_path / "full"))
    assert result.exit_code == 1 and "No space left on device" in result.output, result.output
    assert not (tmp_path / "full").exists()
