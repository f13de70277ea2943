"""The benchmark runs in CI at its smallest size (a smoke test: no timing assertions)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_bench_runs_at_100_questions(tmp_path):
    out = tmp_path / "bench.json"
    proc = subprocess.run(
        [sys.executable, str(REPO / "bench" / "run.py"), "--sizes", "100", "--no-sim-course", "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stderr
    results = json.loads(out.read_text())
    rows = results["courses"]["q100"]
    assert {"validate", "html", "scorm12", "scorm2004", "qti21", "qti30", "canvas", "moodle", "cc"} <= set(rows)
    assert all(r["ok"] for name, r in rows.items() if not name.startswith("text2qti")), rows
    assert "validate" in proc.stdout


def test_simulation_grid_bench_runs():
    proc = subprocess.run(
        [sys.executable, str(REPO / "bench" / "sim_grid.py")], capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("frames 512, distinct 1024")  # each frame wide and narrow (phones)


def test_serve_latency_bench_runs(tmp_path, browser):
    # `browser` only checks that Debian's Chromium and Playwright are there (skip, or fail in CI).
    out = tmp_path / "serve.json"
    proc = subprocess.run(
        [sys.executable, str(REPO / "bench" / "serve_latency.py"), "--sizes", "100", "--edits", "1", "--no-example"]
        + ["--out", str(out)],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stderr
    row = json.loads(out.read_text())["q100"]
    assert len(row["save_to_load_s"]) == 1 and row["save_to_load_s"][0] > 0
    assert "save -> page loaded" in proc.stdout


def test_import_bench_runs_at_50_questions(tmp_path):
    proc = subprocess.run(
        [sys.executable, str(REPO / "bench" / "import_bench.py"), "--questions", "50", "--keep", str(tmp_path / "w")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    result = json.loads(proc.stdout)
    assert result["validate_status"] == 0 and result["questions"] == 50


def test_output_lines_bench_runs_at_100_questions(tmp_path):
    proc = subprocess.run(
        [sys.executable, str(REPO / "bench" / "output_lines.py"), "--questions", "100", "--validate-runs", "1"],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "lines printed" in proc.stdout and "validate, 100 questions" in proc.stdout


def test_target_seconds_bench_runs_every_target(tmp_path, monkeypatch):
    monkeypatch.syspath_prepend(str(REPO / "bench"))
    from gen_course import generate

    course = generate(tmp_path / "q50", questions=50)
    proc = subprocess.run(
        [sys.executable, str(REPO / "bench" / "target_seconds.py"), str(course)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    names = [line.split()[0] for line in proc.stdout.splitlines()[1:]]
    assert sorted(names) == ["canvas", "cc", "html", "moodle", "qti21", "qti30", "scorm12", "scorm2004"]
