"""The CLI's contract: formats, exit statuses, schema, new, targets."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner
from coursefixture import write_course

from coursekit.cli import cli


def run(*args: str, cwd: Path | None = None):
    return (
        CliRunner().invoke(cli, list(args), catch_exceptions=False)
        if cwd is None
        else subprocess.run(
            [sys.executable, "-m", "coursekit", *args], cwd=cwd, capture_output=True, text=True, timeout=60
        )
    )


def test_new_course_validates_strict(tmp_path: Path) -> None:
    target = tmp_path / "fresh"
    assert run("new", str(target)).exit_code == 0
    result = run("validate", str(target), "--strict")
    assert result.exit_code == 0, result.output


def test_new_refuses_non_empty(tmp_path: Path) -> None:
    (tmp_path / "x").write_text("x")
    result = run("new", str(tmp_path))
    assert result.exit_code == 2 and "not empty" in result.output


def test_warning_fails_only_under_strict(tmp_path: Path) -> None:
    write_course(tmp_path, files={"assets/unused.png": b"png"})
    assert run("validate", str(tmp_path)).exit_code == 0
    result = run("validate", str(tmp_path), "--strict")
    assert result.exit_code == 1
    assert "warning CK403" in result.output


def test_github_annotations(tmp_path: Path) -> None:
    write_course(tmp_path, files={"assets/unused.png": b"png"})
    result = run("validate", str(tmp_path), "--format", "github")
    line = next(ln for ln in result.output.splitlines() if ln.startswith("::warning"))
    assert "line=1,col=1,title=CK403::CK403" in line and "assets/unused.png" in line


def test_json_format_lists_every_problem(tmp_path: Path) -> None:
    from coursefixture import COURSE_YAML

    write_course(tmp_path, files={"course.yaml": COURSE_YAML.replace("language: en", "language: en_GB\nbogus: 1")})
    result = run("validate", str(tmp_path), "--format", "json")
    codes = sorted(d["code"] for d in json.loads(result.stdout)["diagnostics"])
    assert codes == ["CK102", "CK110"] and result.exit_code == 1


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    result = run("build", "--target", "pdf", str(tmp_path))
    assert result.exit_code == 2 and "html" in result.output and "scorm12" in result.output
    assert run("validate", "--format", "xml").exit_code == 2


def test_schema_is_json_schema() -> None:
    data = json.loads(run("schema").output)
    assert set(data) == {"course", "quiz", "chapter"}
    quiz = json.loads(run("schema", "quiz").output)
    assert "questions" in quiz["properties"]
    assert {"single_choice", "fill_blanks"} <= set(json.dumps(quiz).split('"')) or "fill_blanks" in json.dumps(quiz)


def test_default_course_dir_is_course_subfolder(tmp_path: Path) -> None:
    write_course(tmp_path / "course")
    proc = run("validate", "--strict", cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_help_is_fast_and_lazy() -> None:
    code = (
        "import sys, coursekit.cli; "
        "print(sorted(m for m in ('pydantic','lxml','numpy','markdown_it') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip()
    assert out == "[]"


def test_validate_reads_a_clean_course_without_jinja_or_pyyaml(tmp_path: Path) -> None:
    """Importing them was a tenth of validate's time: Jinja only parses a template that holds
    more than ``{{ name }}`` tags, PyYAML only reads a file the fast reader leaves to it."""
    from coursefixture import PARAMETRIC, QUESTION

    course = write_course(tmp_path / "c", quiz_questions=QUESTION + PARAMETRIC)
    code = (
        "import sys; from pathlib import Path; from coursekit.load import load_course; "
        f"course, diags = load_course(Path({str(course)!r})); "
        "print(course is not None, len(diags.items), sorted(m for m in ('jinja2', 'yaml') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "True 0 []", out.stderr
    # A template with more than names, and a file with an anchor, still get both.
    (course / "quizzes" / "one.yaml").write_text(
        (course / "quizzes" / "one.yaml")
        .read_text()
        .replace("prompt: 'What is {{ x }}", "prompt: &p 'What is {{ x|int }}")
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "True 0 ['jinja2', 'yaml']", out.stdout + out.stderr


def test_question_id_equal_to_a_variant_id_stops_the_build(tmp_path: Path) -> None:
    """'rms-variant-v1' beside a parametric 'rms-variant': once the QTI 2.1 manifest listed the
    item twice and one question was lost; now validate and build stop at the colliding id."""
    questions = (
        "  - id: rms-variant\n    type: numeric\n    prompt: 'What is {{ x }}?'\n    answer: '{{ x }}'\n"
        "    feedback: {general: g}\n    variants: {count: 2, generator: ../simulations/sim.py:gen}\n"
        "  - id: rms-variant-v1\n    type: true_false\n    prompt: P\n    answer: true\n    feedback: {general: g}\n"
    )
    write_course(tmp_path / "c", quiz_questions=questions)
    for args in (["validate", "c"], ["build", "c", "--target", "qti21", "--out", "out"]):
        proc = run(*args, cwd=tmp_path)
        assert proc.returncode == 1, proc.stdout + proc.stderr
        assert "quizzes/one.yaml:10:9: error CK332: " in proc.stdout, proc.stdout + proc.stderr
        assert "question id 'rms-variant-v1' is also the id of variant 1 of the parametric question" in proc.stdout
        assert "Traceback" not in proc.stdout + proc.stderr
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_undefined_template_name_is_located_at_the_field_and_lists_the_generators_names(tmp_path: Path) -> None:
    """'step_size' is undefined: reported at the line that uses it, not at count:, with the names
    the generator returned (the fixture's generator returns {"x": 1})."""
    questions = (
        "  - id: rate\n    type: numeric\n"
        "    variants: {count: 2, generator: ../simulations/sim.py:gen}\n"
        "    prompt: |\n      With {{ x }} steps,\n      each of size {{ step_size }}, how far?\n"
        "    answer: '{{ x }}'\n    feedback: {general: g}\n"
    )
    write_course(tmp_path / "c", quiz_questions=questions)
    assert run("validate", "c", "--strict", cwd=tmp_path).returncode == 0  # names are only known by running it
    proc = run("build", "c", "--target", "moodle", "--out", "out", cwd=tmp_path)
    assert proc.returncode == 1 and "Traceback" not in proc.stdout + proc.stderr
    assert "c/quizzes/one.yaml:9:23: error CK510: " in proc.stdout, proc.stdout
    assert "'step_size' is undefined" in proc.stdout and "the generator returned: x" in proc.stdout, proc.stdout


def test_json_format_is_a_report_object(tmp_path: Path) -> None:
    write_course(tmp_path, files={"assets/unused.png": b"png"})
    data = json.loads(run("validate", str(tmp_path), "--format", "json").stdout)
    assert set(data) == {"summary", "diagnostics"}
    assert data["summary"]["warnings"] == 1 and data["diagnostics"][0]["code"] == "CK403"


def test_build_without_target_builds_html(tmp_path: Path) -> None:
    write_course(tmp_path / "c")
    assert "default: html" in run("build", "--help").output
    result = run("build", str(tmp_path / "c"), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["demo-html.zip", "html"]


def test_top_level_help_lists_every_command_on_one_line() -> None:
    out = run("--help").output
    listed = out.split("Commands:", 1)[1].strip().splitlines()
    names = [ln.split()[0] for ln in listed]
    assert names == ["validate", "build", "serve", "new", "import", "render-sim", "schema"]
    for ln in listed:
        summary = ln.split(None, 1)[1]
        assert not summary.endswith("...") and len(summary) > 10, ln


def test_render_sim_takes_the_course_folder_as_an_argument(tmp_path: Path) -> None:
    root = write_course(tmp_path / "c")
    positional = run("render-sim", str(root), "curve", "-p", "k=1")
    assert positional.exit_code == 0 and positional.stdout.startswith("<svg"), positional.output
    legacy = run("render-sim", "curve", "-p", "k=1", "--course", str(root))
    assert legacy.stdout == positional.stdout
    in_course = run("render-sim", "curve", "-p", "k=1", cwd=root)
    assert in_course.returncode == 0 and in_course.stdout == positional.stdout
    both = run("render-sim", str(root), "curve", "--course", str(tmp_path))
    assert both.exit_code == 2 and "--course" in both.output
    assert run("render-sim").exit_code == 2
