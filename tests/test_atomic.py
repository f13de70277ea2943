"""Atomic output: a build killed at any moment leaves the previous output intact and no
temporary file in the output folder.

Three angles:

* the real CLI in a subprocess, SIGKILLed after seeded random delays spread over a build;
* a fork-based crash at *every* file-system step of the writing phase (exhaustive, fast:
  the course is rendered once, each child only writes), with a previous output from a
  different version of the course, so "intact" means each output is wholly old or wholly new;
* clean-up: what a killed build leaves beside the output folder is removed by the next one.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from coursefixture import COURSE_YAML, write_course

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "course"
COURSEKIT = [sys.executable, "-m", "coursekit"]
SEED = 20240611


def snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every entry under ``folder`` (relative path -> bytes; folders -> None)."""
    out: dict[str, bytes | None] = {}
    for p in sorted(folder.rglob("*")):
        rel = p.relative_to(folder).as_posix()
        out[rel] = None if p.is_dir() else p.read_bytes()
    return out


def hidden_entries(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.name.startswith("."))


def leftovers_beside(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}.ck-tmp-"))


def build_cli(course: Path, out: Path, *extra: str) -> subprocess.CompletedProcess:
    proc = subprocess.run(
        [*COURSEKIT, "build", str(course), "--target", "all", "--out", str(out), "-q", *extra],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc


# ---------------------------------------------------------------- SIGKILL, real CLI


def writing_steps(out: Path) -> set[str]:
    """What a build has written so far beside (or inside) ``out``: its temporary folders, the
    outputs of each target in the staging folder, and the folder the commit moves old outputs
    into."""
    steps: set[str] = set()
    for folder in (out, out.parent):
        for name in os.listdir(folder):
            if not name.startswith("."):
                continue
            steps.add(name)
            for inner in (folder / name, folder / name / "out"):
                try:
                    steps |= {f"{name}/{n}" for n in os.listdir(inner)}
                except OSError:
                    pass
    return steps


def built_once(tmp_path: Path) -> tuple[Path, Path, dict]:
    """A copy of the example course built once into work/out: (course, out, its snapshot)."""
    course = tmp_path / "course"
    shutil.copytree(EXAMPLE, course)
    out = tmp_path / "work" / "out"
    out.parent.mkdir()
    build_cli(course, out)
    return course, out, snapshot(out)


def test_sigkill_at_random_points_keeps_previous_output(tmp_path: Path) -> None:
    course, out, before = built_once(tmp_path)
    assert before and not hidden_entries(out)

    t0 = time.monotonic()
    build_cli(course, tmp_path / "timing")
    duration = time.monotonic() - t0

    rng = random.Random(SEED)
    # Half spread over the whole run, half over its end, where the outputs are written.
    delays = sorted(
        [rng.uniform(0, duration) for _ in range(5)] + [rng.uniform(0.75 * duration, 1.05 * duration) for _ in range(5)]
    )
    finished = 0
    for delay in delays:
        proc = subprocess.Popen(
            [*COURSEKIT, "build", str(course), "--target", "all", "--out", str(out), "-q"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        finished += proc.wait(timeout=60) == 0
        after = snapshot(out)
        assert sorted(after) == sorted(before), f"killed after {delay:.3f}s: entries changed"
        changed = [k for k in before if before[k] != after[k]]
        assert not changed, f"killed after {delay:.3f}s: {changed[:5]} differ"
        assert not hidden_entries(out), f"killed after {delay:.3f}s: temporary files in the output folder"
        # Anything a killed build left lies beside the output folder, under one known name.
        assert all(name.startswith(f".{out.name}.ck-tmp-") for name in os.listdir(out.parent) if name != out.name)
    assert finished < len(delays), "every build finished before its kill: the delays miss the build"

    # The next build removes what killed builds left beside the output folder.
    build_cli(course, out)
    assert leftovers_beside(out) == []
    assert snapshot(out) == before


def test_sigkill_while_writing_keeps_previous_output(tmp_path: Path) -> None:
    """Random delays rarely land in the writing steps: here the build is watched and killed as
    soon as it has taken its k-th step (writing_steps)."""
    course, out, before = built_once(tmp_path)
    hits = 0
    for k in (1, 2, 4, 7):
        proc = subprocess.Popen(
            [*COURSEKIT, "build", str(course), "--target", "all", "--out", str(out), "-q"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        seen: set[str] = set()
        deadline = time.monotonic() + 60
        while proc.poll() is None and time.monotonic() < deadline:
            seen |= writing_steps(out)
            if len(seen) >= k:
                proc.send_signal(signal.SIGKILL)
                hits += 1
                break
            time.sleep(0.0005)
        proc.wait(timeout=60)
        assert snapshot(out) == before, f"killed at temporary folder {k}: the previous output changed"
        assert not hidden_entries(out), f"killed at temporary folder {k}: temporary files in the output folder"
    assert hits >= 2, "the watcher never caught the build writing"
    build_cli(course, out)
    assert leftovers_beside(out) == [] and snapshot(out) == before


# ---------------------------------------------------------------- crash at every step


class _Crash:
    """In a forked child: count file-system steps and die (like SIGKILL: no clean-up code
    runs) just before step ``at``."""

    def __init__(self, at: int):
        self.at, self.n = at, 0

    def step(self) -> None:
        self.n += 1
        if self.n == self.at:
            os._exit(77)

    def wrap(self, fn):
        def inner(*args, **kwargs):
            self.step()
            return fn(*args, **kwargs)

        return inner


def _artifacts(course: Path):
    """The artifacts of every target, made as a build makes them, held in memory (not written)."""
    from coursekit.build import _export_options, _exporter_class
    from coursekit.load import load_course
    from coursekit.render.pipeline import render_course
    from coursekit.targets import expand

    loaded, diags = load_course(course)
    assert loaded is not None and not diags.has_errors(), diags.render("text")
    rendered = render_course(loaded)
    return [a for name in expand(["all"]) for a in _exporter_class(name)(_export_options({})).run(rendered).artifacts]


def _write_all_in_child(artifacts, out: Path, crash_at: int) -> int:
    """Fork; the child writes every artifact as build_course does (each into the staging folder,
    then all moved into place), dying before step ``crash_at``. Returns the child's exit status
    (0: finished, 77: crashed)."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover - child
        try:
            import tempfile
            from pathlib import Path as P

            import coursekit.package as package

            crash = _Crash(crash_at)
            os.replace = crash.wrap(os.replace)
            package._exchange = crash.wrap(package._exchange)
            shutil.rmtree = crash.wrap(shutil.rmtree)
            tempfile.mkdtemp = crash.wrap(tempfile.mkdtemp)
            P.write_bytes = crash.wrap(P.write_bytes)
            P.mkdir = crash.wrap(P.mkdir)
            out.mkdir(parents=True, exist_ok=True)
            stage = package.Staging(out)
            try:
                stage.commit([stage.add(artifact, "t") for artifact in artifacts])
            finally:
                stage.discard()
            os._exit(0)
        except BaseException:
            os._exit(3)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_crash_at_every_write_step_leaves_each_output_old_or_new(tmp_path: Path) -> None:
    old_course = write_course(tmp_path / "old")
    new_course = write_course(
        tmp_path / "new", files={"course.yaml": COURSE_YAML.replace("Demo course", "Demo course, second edition")}
    )
    old_arts, new_arts = _artifacts(old_course), _artifacts(new_course)
    assert [a.name for a in old_arts] == [a.name for a in new_arts]

    ref_old, ref_new = tmp_path / "ref-old", tmp_path / "ref-new"
    import coursekit.package as package

    for a in old_arts:
        package.write_artifact(a, ref_old)
    for a in new_arts:
        package.write_artifact(a, ref_new)
    old_snap, new_snap = snapshot(ref_old), snapshot(ref_new)
    tops = sorted(p.name for p in ref_old.iterdir())
    assert any(old_snap[k] != new_snap[k] for k in old_snap), "the two versions must differ"

    def per_artifact(snap: dict, top: str) -> dict:
        return {k: v for k, v in snap.items() if k == top or k.startswith(top + "/")}

    crash_at, crashed = 1, 0
    while True:
        out = tmp_path / f"run{crash_at}" / "out"
        shutil.copytree(ref_old, out)
        status = _write_all_in_child(new_arts, out, crash_at)
        assert status in (0, 77), f"child failed with {status} at step {crash_at}"
        snap = snapshot(out)
        assert not hidden_entries(out), f"crash before step {crash_at}: temporary files in the output folder"
        assert sorted(p.name for p in out.iterdir()) == tops, f"crash before step {crash_at}: an output went missing"
        for top in tops:
            got = per_artifact(snap, top)
            assert got in (per_artifact(old_snap, top), per_artifact(new_snap, top)), (
                f"crash before step {crash_at}: {top} is neither the old nor the new output"
            )
        assert all(n.startswith(".out.ck-tmp-") for n in os.listdir(out.parent) if n != "out")
        if status == 0:
            assert snap == new_snap
            break
        crashed += 1
        crash_at += 1
        shutil.rmtree(out.parent)
    assert crashed > 20, crashed  # every artifact's steps were hit


def test_next_build_removes_leftovers_of_dead_builds_only(tmp_path: Path) -> None:
    course = write_course(tmp_path / "c")
    out = tmp_path / "out"
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = tmp_path / f".out.ck-tmp-{dead.pid}-abc"
    (stale / "html").mkdir(parents=True)
    (stale / "html" / "index.html").write_text("half")
    live = tmp_path / f".out.ck-tmp-{os.getppid()}-xyz"  # a running process's: left alone
    live.mkdir()
    unrelated = tmp_path / ".other.ck-tmp-1-x"
    unrelated.mkdir()

    from coursekit.build import build_course
    from coursekit.targets import expand

    diags = build_course(course, expand(["all"]), out)
    assert not diags.has_errors()
    assert not stale.exists()
    assert live.exists() and unrelated.exists()
    assert not hidden_entries(out)


def test_staging_falls_back_inside_output_when_parent_unusable(tmp_path: Path, monkeypatch) -> None:
    """Where the output folder's parent cannot hold the temporary folder (another file
    system, not writable), it goes in the output folder; a finished build leaves nothing."""
    import coursekit.package as package

    course = write_course(tmp_path / "c")
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.setattr(package.os, "access", lambda *a, **k: False)
    staging, prefix = package._staging_for(out)
    assert staging == out.resolve() and prefix.startswith(".coursekit.ck-tmp-")
    from coursekit.build import build_course
    from coursekit.targets import expand

    assert not build_course(course, expand(["all"]), out).has_errors()
    assert not hidden_entries(out)
    assert leftovers_beside(out) == []


def test_folder_replaced_by_atomic_exchange(tmp_path: Path, monkeypatch) -> None:
    """A folder output replaces the previous one in one step: at no moment is it missing."""
    import coursekit.package as package

    dest = tmp_path / "html"
    package.write_tree({"a.txt": b"old"}, dest)
    seen = []
    real = package._exchange

    def spy(a, b):
        seen.append(b.exists())
        return real(a, b)

    monkeypatch.setattr(package, "_exchange", spy)
    package.write_tree({"a.txt": b"new"}, dest)
    assert (dest / "a.txt").read_bytes() == b"new"
    if sys.platform.startswith("linux"):
        assert seen == [True]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["html"]
