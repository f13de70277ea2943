"""How diagnostics are printed: target-limit warnings summarised in text (one line per code,
with its count and first three locations), every one with --verbose, in JSON and as GitHub
annotations; the JSON report checked against its published JSON Schema (jsonschema)."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner
from coursefixture import COURSE_YAML, write_course

from coursekit.cli import cli

ROOT = Path(__file__).resolve().parents[1]

ORDERING = """\
  - id: order-{n}
    type: ordering
    prompt: Put them in order.
    feedback: {{general: g}}
    items: [a, b, c]
"""


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def schema() -> dict:
    return json.loads(run("schema", "diagnostics").stdout)


def check(report: dict) -> None:
    jsonschema.Draft202012Validator(schema(), format_checker=jsonschema.FormatChecker()).validate(report)


@pytest.fixture(scope="module")
def six_orderings(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("six")
    return write_course(root, quiz_questions="".join(ORDERING.format(n=n) for n in range(6)))


def test_target_warnings_are_one_line_per_code(six_orderings: Path, tmp_path: Path) -> None:
    result = run("build", str(six_orderings), "-t", "canvas", "-o", str(tmp_path), "--no-cache")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    ck760 = [ln for ln in lines if "CK760" in ln]
    assert len(ck760) == 1, result.stdout
    # the count and the first three locations (questions start every 5 lines from line 4)
    assert "6 times" in ck760[0]
    assert re.findall(r"one\.yaml:(\d+):5", ck760[0]) == ["4", "9", "14"], ck760[0]
    assert "--verbose" in result.stdout


def test_verbose_json_and_github_list_every_warning(six_orderings: Path, tmp_path: Path) -> None:
    base = ["build", str(six_orderings), "-t", "canvas", "-o", str(tmp_path), "--no-cache"]
    verbose = run(*base, "--verbose").stdout
    assert len(re.findall(r"warning CK760: question 'order-\d'", verbose)) == 6
    github = run(*base, "--format", "github").stdout
    assert len([ln for ln in github.splitlines() if "title=CK760::" in ln]) == 6
    report = json.loads(run(*base, "--format", "json").stdout)
    check(report)
    assert len([d for d in report["diagnostics"] if d["code"] == "CK760"]) == 6
    assert report["summary"]["warnings"] == len(report["diagnostics"]) and report["summary"]["errors"] == 0


def test_small_warnings_are_printed_whole(tmp_path: Path) -> None:
    write_course(tmp_path, quiz_questions=ORDERING.format(n=1))
    out = run("build", str(tmp_path), "-t", "canvas", "-o", str(tmp_path / "out"), "--no-cache").stdout
    assert "one.yaml:4:5: warning CK760: question 'order-1'" in out and "  hint: " in out


def test_validate_json_report_matches_its_schema(tmp_path: Path) -> None:
    write_course(tmp_path, files={"course.yaml": COURSE_YAML.replace("language: en", "language: en_GB\nbogus: 1")})
    result = run("validate", str(tmp_path), "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    check(report)
    summary = report["summary"]
    assert summary["errors"] == 2 and summary["warnings"] == 0
    # course.yaml does not validate, but its chapter, the chapter's quiz and image are still checked
    # (the simulation's source is not: its declaration is part of what failed)
    assert summary["files_checked"] == 4 and 0 <= summary["elapsed_seconds"] < 60
    assert sorted(d["code"] for d in report["diagnostics"]) == ["CK102", "CK110"]


def test_files_checked_counts_what_validate_read(tmp_path: Path) -> None:
    write_course(tmp_path)
    report = json.loads(run("validate", str(tmp_path), "--format", "json").stdout)
    check(report)
    # course.yaml, the chapter, its quiz, the image and the simulation's source
    assert report["summary"]["files_checked"] == 5 and report["diagnostics"] == []


def test_published_schema_is_a_valid_json_schema() -> None:
    data = schema()
    jsonschema.Draft202012Validator.check_schema(data)
    assert data["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert set(data["required"]) == {"summary", "diagnostics"}
    # the schema refuses what is not a report
    with pytest.raises(jsonschema.ValidationError):
        check({"summary": {"errors": 0}, "diagnostics": []})
    with pytest.raises(jsonschema.ValidationError):
        check([])


def test_schema_file_is_shipped_and_documented() -> None:
    from importlib.resources import files

    shipped = json.loads(files("coursekit").joinpath("diagnostics.schema.json").read_text(encoding="utf-8"))
    assert shipped == schema()
    assert "coursekit schema diagnostics" in (ROOT / "docs" / "diagnostics.md").read_text(encoding="utf-8")


def test_a_generated_course_with_thousands_of_warnings_prints_few_lines(tmp_path: Path) -> None:
    """`build --target all` of a generated 300-question bank: every question type, so every target warns;
    the default output stays short (bench/output_lines.py checks the 10,000-question course)."""
    sys.path.insert(0, str(ROOT / "bench"))
    from gen_course import generate

    course = generate(tmp_path / "bank", questions=300)
    result = run("build", str(course), "-t", "all", "-o", str(tmp_path / "out"), "-j", "1", "--no-cache", "-q")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert len(lines) <= 40, result.output
    full = json.loads(
        run("build", str(course), "-t", "all", "-o", str(tmp_path / "out"), "-j", "1", "--format", "json").stdout
    )
    check(full)
    assert full["summary"]["warnings"] > 400  # about 1.5 per question
    codes = {d["code"] for d in full["diagnostics"]}
    assert all(any(c in ln for ln in lines) for c in codes), (codes, result.output)


def test_every_code_is_registered_and_documented() -> None:
    """codes.py, docs/diagnostics.md and the codes the source reports agree."""
    from coursekit.codes import CODES

    doc = (ROOT / "docs" / "diagnostics.md").read_text(encoding="utf-8")
    documented: dict[str, str] = {}
    for m in re.finditer(r"^\| (CK\d{3})(?:[–-](CK\d{3}))? \| (error|warning) \|", doc, re.M):
        lo = int(m.group(1)[2:])
        hi = int(m.group(2)[2:]) if m.group(2) else lo
        for n in range(lo, hi + 1):
            documented[f"CK{n:03d}"] = m.group(3)
    assert documented == {code: c.severity for code, c in CODES.items()}
    used = set()
    for folder in ("src/coursekit", "exporters"):
        for path in (ROOT / folder).rglob("*.py"):
            used |= set(re.findall(r'"(CK\d{3})"', path.read_text(encoding="utf-8")))
    assert used <= set(CODES), used - set(CODES)


def test_each_distinct_diagnostic_once_in_location_order_the_first_reported_kept():
    """Every report prints ``Diagnostics.sorted()``: file, then line and column as numbers (10
    after 9), then code and message; a diagnostic that several targets report is printed once,
    as the first of them reported it (its hint and severity)."""
    from coursekit.diagnostics import Diagnostic, Diagnostics, Location, Severity

    first = Diagnostic("CK700", "m", Location("b.yaml", 2, 1), Severity.WARNING, "the first target's hint")
    again = Diagnostic("CK700", "m", Location("b.yaml", 2, 1), Severity.WARNING, "another target's hint")
    items = [
        Diagnostic("CK700", "m", Location("b.yaml", 10, 1), Severity.WARNING),
        first,
        Diagnostic("CK701", "m", Location("b.yaml", 2, 1), Severity.WARNING),
        Diagnostic("CK700", "a", Location("b.yaml", 2, 1), Severity.WARNING),
        Diagnostic("CK700", "m", Location("b.yaml", 2, 3), Severity.WARNING),
        Diagnostic("CK700", "m", Location("a.yaml", 30, 9), Severity.ERROR),
        again,
        Diagnostic("CK700", "m", Location("b.yaml", 9, 1), Severity.WARNING),
    ]
    out = Diagnostics(list(items)).sorted()
    assert [(d.location.file, d.location.line, d.location.col, d.code, d.message) for d in out] == [
        ("a.yaml", 30, 9, "CK700", "m"),
        ("b.yaml", 2, 1, "CK700", "a"),
        ("b.yaml", 2, 1, "CK700", "m"),
        ("b.yaml", 2, 1, "CK701", "m"),
        ("b.yaml", 2, 3, "CK700", "m"),
        ("b.yaml", 9, 1, "CK700", "m"),
        ("b.yaml", 10, 1, "CK700", "m"),
    ]
    assert out[2] is first
    assert Diagnostics(list(items)).counts() == (1, 6)
