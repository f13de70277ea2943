"""``pip install .`` gives a working coursekit: the wheel carries every template, stylesheet
and runtime script, and the installed copy (not this checkout) validates and builds."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("install")
    wheels = tmp / "wheels"
    # An isolated build, as `pip install .` does (setuptools comes from the package index).
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(REPO), "--no-deps", "-q", "-w", str(wheels)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    (wheel,) = wheels.glob("coursekit-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for data in (REPO / "exporters").rglob("*"):
        if data.is_file() and "__pycache__" not in data.parts:
            assert "coursekit/exporters/" + data.relative_to(REPO / "exporters").as_posix() in names, data
    for data in (REPO / "src" / "coursekit").rglob("*"):
        if data.is_file() and "__pycache__" not in data.parts:
            assert data.relative_to(REPO / "src").as_posix() in names, data
    site = tmp / "site"
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(site), str(wheel)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    return site


def _run(site: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(site)}
    return subprocess.run(
        [sys.executable, "-m", "coursekit", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )


def test_installed_copy_is_the_one_running(installed):
    env = {**os.environ, "PYTHONPATH": str(installed)}
    out = subprocess.run(
        [sys.executable, "-c", "import coursekit.exporters.html as h; print(h.__file__)"],
        cwd="/",
        env=env,
        capture_output=True,
        text=True,
    )
    assert out.stdout.strip().startswith(str(installed)), out


def test_validate_from_the_repo_root(installed):
    proc = _run(installed, "validate", "--strict", cwd=REPO)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "0 errors, 0 warnings" in proc.stderr


def test_build_every_target_from_the_installed_package(installed, tmp_path):
    proc = _run(
        installed,
        "build",
        str(REPO / "examples" / "variants"),
        "--target",
        "all",
        "--out",
        str(tmp_path / "out"),
        "--quiet",
        "--no-cache",
        cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    built = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert (
        any(n.endswith("-scorm12.zip") for n in built)
        and any(n.endswith("-moodle.xml") for n in built)
        and "html" in built
    )
    assert (tmp_path / "out" / "html" / "index.html").read_text().count("<link") >= 1


def test_import_from_the_installed_package(installed, tmp_path):
    """The wheel carries the importers: a GIFT file becomes a course that validates."""
    src = tmp_path / "bank.gift"
    src.write_text("::q1::Which is larger?{=2#Yes ~1#No}\n", encoding="utf-8")
    proc = _run(installed, "import", "gift", str(src), "--out", str(tmp_path / "course"), cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    check = _run(installed, "validate", "--strict", str(tmp_path / "course"), cwd=tmp_path)
    assert check.returncode == 0, check.stdout + check.stderr


def test_installed_package_speaks_the_course_language(installed, tmp_path):
    """The catalogs (.po, read at run time: nothing to compile) travel in the wheel."""
    import shutil

    course = tmp_path / "course"
    shutil.copytree(REPO / "examples" / "minimal", course)
    yaml_path = course / "course.yaml"
    yaml_path.write_text(yaml_path.read_text().replace("language: en", "language: de"))
    assert "language: de" in yaml_path.read_text()
    proc = _run(installed, "build", str(course), "-t", "html", "-o", str(tmp_path / "out"), "-q", cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    page = (tmp_path / "out" / "html" / "index.html").read_text()
    assert '<html lang="de">' in page and "Zum Hauptinhalt springen" in page
