"""coursekit build --watch: the chosen targets are built again after every change, an error
keeps the last good output, the output folder inside the course is not taken for a change,
and Ctrl-C stops it."""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from serve_course import write_course  # noqa: E402


def wait(predicate, what: str, log: Path | Callable[[], str], timeout: float = 90.0) -> None:
    """Wait for ``predicate``; on time-out show ``log`` (a file, or a function giving the text)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    shown = log() if callable(log) else log.read_text()
    raise AssertionError(f"timed out waiting for {what}:\n{shown}")


def test_build_watch_rebuilds_the_targets_and_keeps_the_last_good_output(tmp_path):
    course = write_course(tmp_path / "course")
    out = course / "out"  # inside the course folder, as with `coursekit build` run there
    log = tmp_path / "watch.log"
    moodle = out / "live-moodle.xml"
    with log.open("wb") as fh:
        proc = subprocess.Popen(
            [sys.executable, "-m", "coursekit", "build", str(course), "-t", "moodle", "-t", "qti21", "-o", str(out)]
            + ["--watch", "-j", "1"],
            cwd=tmp_path,
            stdout=fh,
            stderr=subprocess.STDOUT,
        )
        try:
            wait(lambda: "watching" in log.read_text(), "the first build", log)
            assert moodle.is_file() and (out / "live-qti21.zip").is_file()
            quiz = course / "quizzes/qb.yaml"
            text = quiz.read_text(encoding="utf-8")
            quiz.write_text(text.replace("Second?", "Second, watched?"), encoding="utf-8")
            wait(lambda: b"Second, watched?" in moodle.read_bytes(), "the rebuilt Moodle file", log)
            good = moodle.read_bytes()
            # Writing into out/ inside the course is not a change: the builds stop.
            time.sleep(1.5)
            builds = log.read_text().count(" into ")
            time.sleep(1.5)
            assert log.read_text().count(" into ") == builds

            quiz.write_text(text.replace("type: single_choice", "type: single_choise"), encoding="utf-8")
            wait(lambda: "nothing written" in log.read_text(), "the error", log)
            assert "course/quizzes/qb.yaml:5:11: error CK105" in log.read_text()
            assert moodle.read_bytes() == good

        finally:
            proc.send_signal(signal.SIGINT)
            code = proc.wait(30)
    output = log.read_text()
    assert code == 0 and output.rstrip().endswith("stopped")
    assert "Traceback" not in output


def test_a_save_right_after_watching_is_printed_is_built(tmp_path):
    """ "watching" is a promise: the author's editor may save the instant it appears (CI's
    first failure of the test above was this race). The save is made inside the echo of that
    line, before the watch loop regains control, so a watch armed only afterwards misses it."""
    from coursekit.serve.loop import watch_build

    course = write_course(tmp_path / "course")
    out = tmp_path / "out"
    quiz = course / "quizzes/qb.yaml"
    text = quiz.read_text(encoding="utf-8")
    lines: list[str] = []
    stop = threading.Event()

    def echo(message: str = "", **_: object) -> None:
        lines.append(str(message))
        if str(message).startswith("watching"):
            quiz.write_text(text.replace("Second?", "Second, saved at once?"), encoding="utf-8")

    options = {"sco_per_chapter": False, "split": False, "strict": False}
    worker = threading.Thread(
        target=watch_build, args=(course, ["moodle"], out, options), kwargs={"stop": stop, "echo": echo, "jobs": 1}
    )
    worker.start()
    try:
        moodle = out / "live-moodle.xml"
        saved = lambda: moodle.is_file() and b"Second, saved at once?" in moodle.read_bytes()  # noqa: E731
        wait(saved, "the save made as 'watching' appeared", lambda: "\n".join(lines), timeout=30)
    finally:
        stop.set()
        worker.join(30)
    assert not worker.is_alive()
    assert lines[-1] == "stopped"
