"""The build cache (<course>/.coursekit-cache/), -j/--jobs and build progress.

What is asserted is what the build computed (coursekit.cache.BuildStats, also printed by
COURSEKIT_CACHE_DEBUG=1), never timings: a warm build takes nothing but bytes from the
cache, a one-chapter change re-renders that chapter only, corrupt entries are rebuilt,
and the bytes written are the same with and without the cache and with any -j.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from coursefixture import write_course

from coursekit.build import build_course
from coursekit.cache import CACHE_DIR, DEBUG_ENV, MAGIC, BuildStats, pack, unpack
from coursekit.diagnostics import CourseError, Diagnostic, Location
from coursekit.progress import Progress, in_ci, progress_wanted
from coursekit.targets import expand

REPO = Path(__file__).resolve().parents[1]
ALL = expand(["all"])


def copy_example(tmp_path: Path) -> Path:
    dest = tmp_path / "course"
    shutil.copytree(REPO / "course", dest, ignore=shutil.ignore_patterns("__pycache__", CACHE_DIR))
    return dest


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def build(
    course: Path, out: Path, targets=ALL, *, cache: bool = True, jobs: int = 1, options=None
) -> tuple[BuildStats, object]:
    stats = BuildStats()
    diags = build_course(course, list(targets), out, options or {}, cache=cache, jobs=jobs, stats=stats)
    assert not diags.has_errors(), diags.render()
    return stats, diags


def cli(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    full_env = {**os.environ, "CI": "true", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "coursekit", *args], cwd=cwd, capture_output=True, text=True, timeout=300, env=full_env
    )


def debug_stats(stderr: str) -> dict:
    line = next(ln for ln in stderr.splitlines() if ln.startswith("coursekit-cache: "))
    return json.loads(line.split(": ", 1)[1])


@pytest.fixture(scope="module")
def example(tmp_path_factory) -> dict:
    """The example course built cold with the cache, warm, and without the cache."""
    tmp = tmp_path_factory.mktemp("example")
    course = copy_example(tmp)
    cold_stats, cold_diags = build(course, tmp / "cold")
    warm_stats, warm_diags = build(course, tmp / "warm")
    plain = tmp / "plain"
    shutil.copytree(course, plain, ignore=shutil.ignore_patterns(CACHE_DIR))
    _, plain_diags = build(plain, tmp / "nocache", cache=False)
    return {
        "tmp": tmp,
        "course": course,
        "cold": cold_stats,
        "warm": warm_stats,
        "diags": [cold_diags.render("json"), warm_diags.render("json")],
        "plain_diags": plain_diags.render("json"),
    }


# --------------------------------------------------------------------------- warm rebuilds
def test_cold_build_computes_everything(example) -> None:
    cold = example["cold"]
    assert cold.loaded and cold.rendered and cold.exporters_run == ALL
    assert cold.simulations_run and not cold.simulations_cached
    assert len(cold.chapters_rendered) == 9 and not cold.chapters_cached
    assert (example["course"] / CACHE_DIR / "README.txt").is_file()
    assert (example["course"] / CACHE_DIR / "CACHEDIR.TAG").is_file()


def test_warm_build_takes_everything_from_the_cache(example) -> None:
    warm = example["warm"]
    assert warm.targets_cached == ALL
    assert warm.exporters_run == [] and warm.simulations_run == [] and warm.chapters_rendered == []
    assert not warm.loaded and not warm.rendered  # not even the loader ran


def test_warm_and_uncached_bytes_are_identical(example) -> None:
    tmp = example["tmp"]
    cold, warm, plain = tree(tmp / "cold"), tree(tmp / "warm"), tree(tmp / "nocache")
    assert cold and cold.keys() == plain.keys()
    assert cold == warm == plain
    assert example["diags"][0] == example["diags"][1]
    # Paths differ (course vs plain folder) but the problems are the same.
    strip = lambda text: [(d["code"], d["line"], d["message"]) for d in json.loads(text)["diagnostics"]]  # noqa: E731
    assert strip(example["diags"][1]) == strip(example["plain_diags"])


def test_one_chapter_change_rerenders_only_that_chapter(example, tmp_path: Path) -> None:
    course = tmp_path / "course"
    shutil.copytree(example["course"], course)  # with its warm cache
    chapter = course / "chapters" / "03-nlp.md"
    chapter.write_text(
        chapter.read_text(encoding="utf-8") + "\nOne more sentence about *tokenisers*.\n", encoding="utf-8"
    )
    stats, _ = build(course, tmp_path / "out")
    assert stats.chapters_rendered == ["nlp"]
    assert len(stats.chapters_cached) == 8 and "nlp" not in stats.chapters_cached
    assert stats.simulations_run == []  # its simulation did not change either
    assert stats.exporters_run == ALL  # every target shows the chapter

    plain = tmp_path / "plain"
    shutil.copytree(course, plain, ignore=shutil.ignore_patterns(CACHE_DIR))
    build(plain, tmp_path / "nocache", cache=False)
    assert tree(tmp_path / "out") == tree(tmp_path / "nocache")
    assert any(b"tokenisers" in data for name, data in tree(tmp_path / "out").items() if name.startswith("html/"))


def test_quiz_change_rerenders_no_chapter_and_simulation_change_reruns_it(example, tmp_path: Path) -> None:
    course = tmp_path / "course"
    shutil.copytree(example["course"], course)
    quiz = course / "quizzes" / "nlp.yaml"
    quiz.write_text(
        quiz.read_text(encoding="utf-8").replace('title: "Check:', 'title: "Revised check:', 1), encoding="utf-8"
    )
    stats, _ = build(course, tmp_path / "out1")
    assert stats.chapters_rendered == [] and stats.simulations_run == [] and stats.exporters_run == ALL

    svg = course / "assets" / "two-stage-recommender.svg"
    svg.write_text(svg.read_text(encoding="utf-8").replace("</svg>", "<!-- edited --></svg>"), encoding="utf-8")
    stats, _ = build(course, tmp_path / "out2")
    assert stats.simulations_run == [] and stats.chapters_rendered  # an image may appear in any chapter

    sim = course / "simulations" / "quantization.py"
    sim.write_text(sim.read_text(encoding="utf-8") + "\n# a comment changes the key\n", encoding="utf-8")
    stats, _ = build(course, tmp_path / "out3")
    assert "quantization-error" in stats.simulations_run  # (with every simulation of its folder)

    plain = tmp_path / "plain"
    shutil.copytree(course, plain, ignore=shutil.ignore_patterns(CACHE_DIR))
    build(plain, tmp_path / "nocache", cache=False)
    assert tree(tmp_path / "out3") == tree(tmp_path / "nocache")


def test_deleting_the_cache_is_safe(example, tmp_path: Path) -> None:
    course = tmp_path / "course"
    shutil.copytree(example["course"], course)
    shutil.rmtree(course / CACHE_DIR)
    stats, _ = build(course, tmp_path / "out")
    assert stats.exporters_run == ALL and stats.simulations_run
    assert tree(tmp_path / "out") == tree(example["tmp"] / "cold")


# --------------------------------------------------------------------------- corrupt entries
def _entries(course: Path) -> list[Path]:
    return sorted(p for p in (course / CACHE_DIR).rglob("*.bin"))


def test_corrupt_and_truncated_entries_are_ignored(tmp_path: Path) -> None:
    course = write_course(tmp_path / "course")
    build(course, tmp_path / "good", ["html", "moodle"])
    entries = _entries(course)
    kinds = {p.parent.name for p in entries}
    assert kinds == {"export", "load", "chapter", "sim"}
    for i, path in enumerate(entries):
        data = path.read_bytes()
        if i % 4 == 0:
            path.write_bytes(data[: len(data) // 2])  # truncated
        elif i % 4 == 1:
            path.write_bytes(data[:-5] + bytes(b ^ 0xFF for b in data[-5:]))  # flipped bytes
        elif i % 4 == 2:
            path.write_bytes(b"")  # empty
        else:
            path.write_bytes(b"not a cache entry at all")
    stats, _ = build(course, tmp_path / "again", ["html", "moodle"])
    # Every entry read was found corrupt (the loader's is read only when every target hits).
    assert stats.corrupt_entries == len([p for p in entries if p.parent.name != "load"])
    assert stats.exporters_run == ["html", "moodle"] and stats.simulations_run and stats.chapters_rendered
    assert tree(tmp_path / "again") == tree(tmp_path / "good")
    # ... and were rewritten: the next build is fully cached.
    stats, _ = build(course, tmp_path / "third", ["html", "moodle"])
    assert stats.targets_cached == ["html", "moodle"] and stats.corrupt_entries == 0


def test_well_formed_entries_with_wrong_contents_are_ignored(tmp_path: Path) -> None:
    course = write_course(tmp_path / "course")
    build(course, tmp_path / "good", ["html"])
    for path in _entries(course):
        raw = path.read_bytes()
        meta, blobs = unpack(raw[len(MAGIC) + 32 :])
        bad = {"key": meta["key"], "artifacts": [["x"]], "frames": 3, "touches": [["file"]], "diags": [[1]]}
        payload = pack(bad, blobs[:1])
        import hashlib

        path.write_bytes(MAGIC + hashlib.sha256(payload).digest() + payload)
    stats, _ = build(course, tmp_path / "again", ["html"])
    assert stats.exporters_run == ["html"] and stats.corrupt_entries >= 3
    assert tree(tmp_path / "again") == tree(tmp_path / "good")


# --------------------------------------------------------------------------- keys
def test_source_date_epoch_is_part_of_the_key(tmp_path: Path, monkeypatch) -> None:
    course = write_course(tmp_path / "course")
    build(course, tmp_path / "a", ["qti21"])
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    stats, _ = build(course, tmp_path / "b", ["qti21"])
    assert stats.exporters_run == ["qti21"]
    build(course, tmp_path / "c", ["qti21"], cache=False)
    assert tree(tmp_path / "b") == tree(tmp_path / "c") != tree(tmp_path / "a")


def test_options_are_part_of_the_key(tmp_path: Path) -> None:
    course = write_course(tmp_path / "course")
    build(course, tmp_path / "a", ["moodle"])
    stats, _ = build(course, tmp_path / "b", ["moodle"], options={"split": True})
    assert stats.exporters_run == ["moodle"]
    build(course, tmp_path / "c", ["moodle"], options={"split": True}, cache=False)
    assert tree(tmp_path / "b") == tree(tmp_path / "c")


def test_warnings_come_back_from_the_cache(tmp_path: Path) -> None:
    course = write_course(tmp_path / "course", files={"assets/unused.png": b"png"})
    _, cold = build(course, tmp_path / "a", ["html"])
    stats, warm = build(course, tmp_path / "b", ["html"])
    assert not stats.loaded
    assert "CK403" in warm.render("text") and warm.render("json") == cold.render("json")


def test_strict_build_with_cached_warnings_writes_nothing(tmp_path: Path) -> None:
    course = write_course(tmp_path / "course", files={"assets/unused.png": b"png"})
    build(course, tmp_path / "a", ["html"])
    stats = BuildStats()
    diags = build_course(course, ["html"], tmp_path / "strict", {"strict": True}, cache=True, stats=stats)
    assert diags.warnings and not (tmp_path / "strict").exists()
    assert stats.targets_cached == ["html"]


def test_links_and_tool_folders_are_not_inputs(tmp_path: Path) -> None:
    course = write_course(tmp_path / "course")
    (tmp_path / "elsewhere").mkdir()
    (course / "up").symlink_to("..")  # leaves the course folder: not followed
    (course / "again").symlink_to(".")  # a loop: followed once
    build(course, tmp_path / "a", ["moodle"])
    (tmp_path / "elsewhere" / "new.txt").write_text("outside the course")
    (course / "simulations" / "__pycache__").mkdir(exist_ok=True)
    (course / "simulations" / "__pycache__" / "sim.cpython-311.pyc").write_bytes(b"bytecode")
    (course / ".git").mkdir()
    (course / ".git" / "index").write_bytes(b"git state")
    stats, _ = build(course, tmp_path / "b", ["moodle"])
    assert stats.targets_cached == ["moodle"]
    (course / "notes.txt").write_text("any other file of the course is an input")
    stats, _ = build(course, tmp_path / "c", ["moodle"])
    assert stats.exporters_run == ["moodle"]


# --------------------------------------------------------------------------- the CLI
def test_cli_warm_build_and_no_cache(tmp_path: Path) -> None:
    course = write_course(tmp_path / "course")
    env = {DEBUG_ENV: "1"}
    first = cli("build", str(course), "-t", "all", "-o", "a", cwd=tmp_path, env=env)
    assert first.returncode == 0, first.stderr
    assert debug_stats(first.stderr)["exporters_run"] == ALL
    assert debug_stats(first.stderr)["jobs"] == (os.cpu_count() or 1)  # the default: one process per CPU
    second = cli("build", str(course), "-t", "all", "-o", "b", cwd=tmp_path, env=env)
    stats = debug_stats(second.stderr)
    assert second.returncode == 0 and stats["targets_cached"] == ALL and not stats["loaded"]
    assert second.stdout == first.stdout

    plain = write_course(tmp_path / "plain")
    third = cli("build", str(plain), "-t", "all", "-o", "c", "--no-cache", cwd=tmp_path, env=env)
    assert third.returncode == 0, third.stderr
    assert not (plain / CACHE_DIR).exists()
    assert debug_stats(third.stderr)["cache"] is False
    assert tree(tmp_path / "a") == tree(tmp_path / "b") == tree(tmp_path / "c")


def test_output_folder_inside_the_course_does_not_defeat_the_cache(tmp_path: Path) -> None:
    course = write_course(tmp_path / "course")
    env = {DEBUG_ENV: "1"}
    # No course argument, default --out: the course is the working folder, out/ lies inside it.
    first = cli("build", "-t", "html", "-t", "moodle", cwd=course, env=env)
    assert first.returncode == 0, first.stderr
    assert (course / "out" / "html").is_dir()
    second = cli("build", "-t", "html", "-t", "moodle", cwd=course, env=env)
    assert debug_stats(second.stderr)["targets_cached"] == ["html", "moodle"]


def test_cli_jobs_give_the_same_bytes_and_diagnostics(example, tmp_path: Path) -> None:
    course = tmp_path / "course"
    shutil.copytree(example["course"], course, ignore=shutil.ignore_patterns(CACHE_DIR))
    one = cli("build", str(course), "-t", "all", "-o", "one", "--no-cache", "-j", "1", cwd=tmp_path)
    two = cli("build", str(course), "-t", "all", "-o", "two", "--no-cache", "-j", "2", cwd=tmp_path)
    assert one.returncode == two.returncode == 0, two.stderr
    assert one.stdout == two.stdout and "CK761" in one.stdout
    assert tree(tmp_path / "one") == tree(tmp_path / "two") == tree(example["tmp"] / "cold")


def test_jobs_with_cache_fill_the_cache(tmp_path: Path) -> None:
    course = write_course(tmp_path / "course")
    stats, _ = build(course, tmp_path / "a", jobs=2)
    assert stats.exporters_run == ALL and stats.jobs == 2
    stats, _ = build(course, tmp_path / "b", jobs=2)
    assert stats.targets_cached == ALL
    build(course, tmp_path / "c", cache=False)
    assert tree(tmp_path / "a") == tree(tmp_path / "b") == tree(tmp_path / "c")


def test_spawned_workers_load_and_render_themselves(tmp_path: Path, monkeypatch) -> None:
    """Where fork is not used (macOS, Windows), each worker loads and renders the course."""
    import coursekit.build as build_module

    monkeypatch.setattr(build_module, "_start_method", lambda: "spawn")
    course = write_course(tmp_path / "course")
    stats, _ = build(course, tmp_path / "spawned", ["html", "qti21", "moodle"], cache=False, jobs=2)
    assert stats.exporters_run == ["html", "qti21", "moodle"]
    build(course, tmp_path / "serial", ["html", "qti21", "moodle"], cache=False)
    assert tree(tmp_path / "spawned") == tree(tmp_path / "serial")


def test_a_failing_target_writes_nothing_whatever_the_jobs(tmp_path: Path, monkeypatch) -> None:
    import coursekit.build as build_module

    real = build_module._exporter_class

    class Failing:
        def __init__(self, options):
            pass

        def run(self, rendered):
            raise CourseError(Diagnostic("CK999", "qti21 broke", Location("x.yaml", 2, 1)))

    monkeypatch.setattr(build_module, "_exporter_class", lambda name: Failing if name == "qti21" else real(name))
    course = write_course(tmp_path / "course", files={"assets/unused.png": b"png"})
    rendered = []
    for jobs, cache in ((1, False), (2, False), (2, True)):
        out = tmp_path / f"out{jobs}{cache}"
        diags = build_course(course, ALL, out, {}, cache=cache, jobs=jobs)
        assert [d.code for d in diags.errors] == ["CK999"]
        assert "CK403" in diags.render("text")  # the other targets' and the loader's warnings too
        assert not out.exists()
        rendered.append(diags.render("json"))
    assert rendered[0] == rendered[1] == rendered[2]
    # The targets that did succeed were cached; the failing one was not.
    monkeypatch.setattr(build_module, "_exporter_class", real)
    stats, _ = build(course, tmp_path / "fixed")
    assert stats.exporters_run == ["qti21"] and len(stats.targets_cached) == len(ALL) - 1


# --------------------------------------------------------------------------- progress
class _Stream(io.StringIO):
    def __init__(self, tty: bool):
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


def test_progress_only_on_a_terminal_outside_ci_without_quiet() -> None:
    assert progress_wanted(_Stream(True), env={}) is True
    assert progress_wanted(_Stream(False), env={}) is False
    assert progress_wanted(_Stream(True), env={"CI": "true"}) is False
    assert progress_wanted(_Stream(True), env={"CI": "1"}) is False
    assert progress_wanted(_Stream(True), env={"CI": "false"}) is True
    assert progress_wanted(_Stream(True), env={}, quiet=True) is False
    assert progress_wanted(object(), env={}) is False  # no isatty at all
    assert in_ci({"CI": "yes"}) and not in_ci({}) and not in_ci({"CI": ""})


def test_progress_lines_wait_for_a_second() -> None:
    now = [0.0]
    stream = _Stream(True)
    p = Progress(3, enabled=True, stream=stream, clock=lambda: now[0])
    p.stage("load", 0.2)
    now[0] = 0.5
    p.target("html", 0.3)
    assert stream.getvalue() == ""  # a quick build prints nothing
    now[0] = 1.2
    p.target("canvas", 0.4)
    p.target("moodle", None, cached=True)
    assert stream.getvalue().splitlines() == [
        "load 0.2 s",
        "[1/3] html 0.3 s",
        "[2/3] canvas 0.4 s",
        "[3/3] moodle cached",
    ]

    quiet = _Stream(True)
    q = Progress(1, enabled=False, stream=quiet, clock=lambda: 5.0)
    q.target("html", 3.0)
    assert quiet.getvalue() == "" and q.lines == ["[1/1] html 3.0 s"]


def test_cli_prints_no_progress_when_not_a_terminal(tmp_path: Path) -> None:
    course = write_course(tmp_path / "course")
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    proc = subprocess.run(
        [sys.executable, "-m", "coursekit", "build", str(course), "-t", "all", "-o", "out"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )
    assert proc.returncode == 0, proc.stderr
    assert "[1/7]" not in proc.stderr and "built html" in proc.stderr
