"""Hostile bytes and sizes the loader must refuse or accept cleanly, within bounded time and
memory: BOM and CRLF (accepted), binary files, 50 MB files, a 100,000-question quiz, a
symlink out of the course, unicode look-alike ids, Windows paths, a huge Markdown chapter."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from coursefixture import CHAPTER, COURSE_YAML, PNG, QUESTION, QUIZ_HEAD, write_course

LIMIT_S = 20.0  # documented bound per validate run (docs/diagnostics.md)
LIMIT_MB = 400
RSS = Path(__file__).resolve().parents[1] / "bench" / "rss.py"


def validate(root: Path) -> tuple[int, list[dict], float, float, str]:
    """Run `coursekit validate --format json` in a fresh process: exit, diagnostics, seconds, MB.

    Started through bench/rss.py, which reads the command's own peak RSS from ``os.wait4``:
    RUSAGE_CHILDREN of this worker is the largest child any earlier test of the worker waited
    for (a build, a browser), not this validate's.
    """
    with tempfile.TemporaryDirectory(prefix="coursekit-rss-") as tmp:
        result = Path(tmp) / "result"
        proc = subprocess.run(
            [sys.executable, str(RSS), str(result), sys.executable, "-m", "coursekit", "validate", "--format", "json"],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=120,
        )
        seconds, peak_kb = result.read_text().split()
    diags = json.loads(proc.stdout)["diagnostics"] if proc.stdout.strip() else []
    return proc.returncode, diags, float(seconds), int(peak_kb) / 1024, proc.stderr


def errors(diags: list[dict]) -> list[tuple[str, str]]:
    return [(d["code"], f"{d['file']}:{d['line']}:{d['col']}") for d in diags if d["severity"] == "error"]


def test_bom_and_crlf_are_accepted(tmp_path):
    files = {
        "course.yaml": ("\ufeff" + COURSE_YAML).replace("\n", "\r\n").encode("utf-8"),
        "chapters/one.md": ("\ufeff" + CHAPTER).replace("\n", "\r\n").encode("utf-8"),
        "quizzes/one.yaml": (QUIZ_HEAD + QUESTION).replace("\n", "\r\n").encode("utf-8"),
    }
    root = write_course(tmp_path / "c", files=files)
    code, diags, *_ = validate(root)
    assert code == 0, diags


@pytest.mark.parametrize(
    "name,files,expected",
    [
        ("binary-course-yaml", {"course.yaml": PNG * 50}, ("CK011", "course.yaml:1:1")),
        ("binary-chapter", {"chapters/one.md": b"\x00\x01\x02" * 100}, ("CK011", "chapters/one.md:1:1")),
        (
            "latin1-chapter",
            {"chapters/one.md": CHAPTER.replace("Body text", "Caf\xe9 text").encode("latin-1")},
            ("CK011", "chapters/one.md:7:4"),
        ),
        (
            "lookalike-chapter-id",
            {"chapters/one.md": CHAPTER.replace("id: one", "id: \u043ene")},
            ("CK106", "chapters/one.md:2:5"),
        ),
        (
            "lookalike-question-id",
            {"quizzes/one.yaml": QUIZ_HEAD + QUESTION.replace("id: pick", "id: p\u0456ck")},
            ("CK106", "quizzes/one.yaml:4:9"),
        ),
        ("windows-backslash-path", {"course.yaml": COURSE_YAML.replace("chapters/one.md", "chapters\\\\one.md")}, None),
    ],
)
def test_hostile_bytes_and_names(tmp_path, name, files, expected):
    root = write_course(tmp_path / "c", files=files)
    code, diags, seconds, mb, err = validate(root)
    assert code == 1 and "Traceback" not in err, (code, err)
    found = errors(diags)
    assert found and all(d["hint"] for d in diags), diags
    if expected:
        assert expected[0] in [c for c, _ in found], found
        assert expected in found, found
    assert seconds < LIMIT_S


def test_fifty_megabyte_file_is_refused_quickly(tmp_path):
    root = write_course(tmp_path / "c")
    with open(root / "quizzes" / "one.yaml", "wb") as f:
        f.write((QUIZ_HEAD + QUESTION).encode())
        pad = (b"# " + b"x" * 1021 + b"\n") * 1024
        for _ in range(50):
            f.write(pad)
    code, diags, seconds, mb, err = validate(root)
    assert code == 1 and ("CK013", "quizzes/one.yaml:1:1") in errors(diags), diags
    assert seconds < LIMIT_S and mb < LIMIT_MB, (seconds, mb)


def test_hundred_thousand_questions_are_refused_with_bounded_cost(tmp_path):
    root = write_course(tmp_path / "c")
    body = "".join(
        f"  - {{id: q{i}, type: true_false, prompt: P{i}, answer: true, feedback: {{general: g}}}}\n"
        for i in range(100_000)
    )
    (root / "quizzes" / "one.yaml").write_text(QUIZ_HEAD + body)
    code, diags, seconds, mb, err = validate(root)
    # about 7 MB: over the documented 5 MB limit per file, refused before parsing
    assert code == 1 and ("CK013", "quizzes/one.yaml:1:1") in errors(diags), diags
    assert seconds < LIMIT_S and mb < LIMIT_MB, (seconds, mb)


def test_symlink_out_of_the_course_is_refused(tmp_path):
    outside = tmp_path / "outside.md"
    outside.write_text(CHAPTER)
    root = write_course(tmp_path / "c")
    (root / "chapters" / "one.md").unlink()
    (root / "chapters" / "one.md").symlink_to(outside)
    code, diags, *_ = validate(root)
    assert code == 1
    assert [c for c, _ in errors(diags)][0] in ("CK021", "CK022", "CK024"), diags
    assert any(d["file"].endswith("course.yaml") for d in diags if d["severity"] == "error"), diags


def test_huge_markdown_chapter_within_limits_builds_in_bounded_time(tmp_path):
    root = write_course(tmp_path / "c")
    chapter = (
        CHAPTER
        + ("Some *text* with `code` and $x^2$ and a [link](https://example.org).\n\n" * 40_000)[: 4 * 1024 * 1024]
    )
    (root / "chapters" / "one.md").write_text(chapter)
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "coursekit", "validate", str(root)], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert time.perf_counter() - start < LIMIT_S
