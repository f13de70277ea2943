"""coursekit serve against what happens to files while an author writes (issue 16): each case
gives a located diagnostic (in the terminal and in the state open pages follow) or a clear
message, the server keeps serving the last good pages, a fix clears it, and no traceback
is ever printed. Each test runs ``coursekit serve`` as its own process on a free port."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from serve_course import write_course  # noqa: E402
from serve_harness import Served  # noqa: E402


@pytest.fixture
def course(tmp_path):
    return write_course(tmp_path / "course")


def no_traceback(served: Served) -> None:
    out = served.output()
    assert "Traceback" not in out and "internal error" not in out, out


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_chapter_deleted_then_restored(course, tmp_path):
    with Served(course, tmp_path) as served:
        saved = (course / "chapters/b.md").read_bytes()
        (course / "chapters/b.md").unlink()
        [err] = served.wait_errors("CK023")
        assert (err["file"], err["line"]) == ("course/course.yaml", 6)  # where course.yaml lists it
        assert served.get("chapter-b.html")[0] == 200  # the last good page is still served
        (course / "chapters/b.md").write_bytes(saved)
        served.wait_for(lambda st: not st["errors"] and st["version"] >= 3, "the fix")
        assert "CK023" in served.output()
        no_traceback(served)


def test_a_quiz_renamed_then_its_reference_fixed(course, tmp_path):
    with Served(course, tmp_path) as served:
        (course / "quizzes/qc.yaml").rename(course / "quizzes/gamma.yaml")
        errors = served.wait_errors("CK023")
        assert any((e["file"], e["line"]) == ("course/chapters/c.md", 5) for e in errors), errors
        edit(course / "chapters/c.md", "quiz: ../quizzes/qc.yaml", "quiz: ../quizzes/gamma.yaml")
        served.wait_page("chapter-c.html", "Quiz C")
        no_traceback(served)


def test_a_half_written_save_is_a_diagnostic_until_the_editor_finishes(course, tmp_path):
    with Served(course, tmp_path) as served:
        quiz = course / "quizzes/qb.yaml"
        full = quiz.read_text(encoding="utf-8").replace("Second?", "Second, rewritten?")
        with quiz.open("w", encoding="utf-8") as fh:  # the first part of the save
            fh.write(full[: full.index("choices:")])
            fh.flush()
            served.wait_for(lambda st: bool(st["errors"]), "the half-written file's diagnostic")
            # (the fixture's link to notes.md, a file course.yaml does not list, stays a warning)
            errors = [e for e in served.state()["errors"] if e["severity"] == "error"]
            assert errors and all(e["file"] == "course/quizzes/qb.yaml" for e in errors), errors
            fh.write(full[full.index("choices:") :])  # the rest
        served.wait_page("chapter-b.html", "Second, rewritten?")
        no_traceback(served)


def test_a_save_by_rename_is_seen(course, tmp_path):
    """Editors that write a temporary file and rename it over the original (vim, VS Code)."""
    with Served(course, tmp_path) as served:
        tmp = course / "chapters/.c.md.swp"
        tmp.write_text((course / "chapters/c.md").read_text(encoding="utf-8").replace("Gamma body.", "Renamed in."))
        os.replace(tmp, course / "chapters/c.md")
        served.wait_page("chapter-c.html", "Renamed in.")
        no_traceback(served)


def test_the_course_folder_stops_existing_then_comes_back(course, tmp_path):
    with Served(course, tmp_path) as served:
        backup = tmp_path / "backup"
        shutil.copytree(course, backup)
        shutil.rmtree(course)
        [err] = served.wait_errors("CK019")
        assert err["file"] == "course/course.yaml"
        assert served.get("index.html")[0] == 200
        shutil.copytree(backup, course)
        edit(course / "chapters/a.md", "Alpha body", "Alpha back")
        served.wait_page("chapter-a.html", "Alpha back")
        out = served.output()
        assert "no longer exists" in out and "is back" in out
        no_traceback(served)


def test_two_quick_saves_end_with_the_second_and_never_overlap(course, tmp_path):
    with Served(course, tmp_path) as served:
        before = served.output().count("rebuilt in")
        page = course / "chapters/a.md"
        text = page.read_text(encoding="utf-8")
        page.write_text(text.replace("Alpha body", "First save"), encoding="utf-8")
        page.write_text(text.replace("Alpha body", "Second save"), encoding="utf-8")
        html = served.wait_page("chapter-a.html", "Second save")
        assert b"First save" not in html
        time.sleep(1.0)  # any build still to come would be reported by now
        assert served.output().count("rebuilt in") - before <= 2  # coalesced: one build, at most two
        no_traceback(served)


def test_a_file_saved_in_another_encoding(course, tmp_path):
    with Served(course, tmp_path) as served:
        page = course / "chapters/c.md"
        text = page.read_text(encoding="utf-8")
        page.write_bytes(text.replace("Gamma body.", "Gamma b\u00f6dy.").encode("latin-1"))
        [err] = served.wait_errors("CK011")
        lines = text.split("\n")
        row = next(i for i, line in enumerate(lines) if "Gamma body." in line) + 1
        assert (err["file"], err["line"], err["col"]) == ("course/chapters/c.md", row, 8)
        page.write_text(text.replace("Gamma body.", "Gamma b\u00f6dy."), encoding="utf-8")
        served.wait_page("chapter-c.html", "Gamma b\u00f6dy.")
        no_traceback(served)


def test_a_simulation_that_raises_then_runs_too_long(course, tmp_path):
    with Served(course, tmp_path, env={"COURSEKIT_TIME_LIMIT": "2"}) as served:
        sim = course / "simulations/sim.py"
        good = sim.read_text(encoding="utf-8")
        sim.write_text(good.replace("    fig = Figure", "    raise ValueError('no line today')\n    fig = Figure"))
        [err] = served.wait_errors("CK501")
        assert (err["file"], err["line"]) == ("course/simulations/sim.py", 5)
        assert "no line today" in err["message"]
        sim.write_text(good.replace("    fig = Figure", "    while True:\n        k = k + 0\n    fig = Figure"))
        [err] = served.wait_errors("CK502")
        assert err["file"] == "course/simulations/sim.py"
        assert served.get("chapter-a.html")[0] == 200
        sim.write_text(good.replace("title='line'", "title='line again'"))
        served.wait_page("chapter-a.html", "line again")
        no_traceback(served)


def test_ctrl_c_stops_cleanly_and_removes_the_temporary_folder(course, tmp_path):
    with Served(course, tmp_path) as served:
        folder = Path(re.search(r"built into (\S+);", served.output()).group(1))
        assert (folder / "index.html").is_file()
        assert folder.resolve() != course.resolve() and course.resolve() not in folder.resolve().parents
        served.proc.send_signal(signal.SIGINT)
        assert served.proc.wait(20) == 0
        assert not folder.exists()
        assert served.output().rstrip().endswith("stopped")
        no_traceback(served)


def test_a_port_in_use(course, tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        # Asked for by the author: a clear message, exit 1.
        proc = subprocess.run(
            [sys.executable, "-m", "coursekit", "serve", str(course), "--port", str(port)],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert proc.returncode == 1
        assert f"port {port} on 127.0.0.1 in use" in proc.stderr and "--port" in proc.stderr
        assert "Traceback" not in proc.stderr + proc.stdout
        # The default port taken: the next free one is used and printed.
        from coursekit.serve.server import LiveServer

        server = LiveServer(tmp_path, "127.0.0.1", port, next_free=True)
        server.start()
        try:
            assert server.port > port and server.url == f"http://127.0.0.1:{server.port}/"
        finally:
            server.stop()


def test_served_pages_get_the_reload_script_and_files_on_disk_never_do(course, tmp_path):
    with Served(course, tmp_path) as served:
        status, page = served.get("chapter-a.html")
        assert status == 200 and page.count(b"/__coursekit__/live.js") == 1
        assert page.index(b"/__coursekit__/live.js") < page.rindex(b"</body>")
        status, index = served.get("")
        assert status == 200 and b'data-ck-page="index.html"' in index
        folder = Path(re.search(r"built into (\S+);", served.output()).group(1))
        for path in folder.rglob("*"):
            if path.is_file():
                assert b"__coursekit__" not in path.read_bytes(), path
        assert served.get("../course.yaml")[0] == 404
        assert served.get("no-such-page.html")[0] == 404
    out = tmp_path / "built"
    subprocess.run(
        [sys.executable, "-m", "coursekit", "build", str(course), "-t", "html", "-o", str(out), "-q"],
        cwd=tmp_path,
        check=True,
        timeout=120,
    )
    built = [p for p in out.rglob("*") if p.is_file()]
    assert built and not any(b"__coursekit__" in p.read_bytes() for p in built)


def test_a_page_removed_from_the_course_says_so(course, tmp_path):
    with Served(course, tmp_path) as served:
        assert served.get("chapter-c.html")[0] == 200
        edit(course / "course.yaml", "  - chapters/c.md\n", "")
        served.wait_for(lambda st: served.get("chapter-c.html")[0] == 404, "the page's removal")
        status, page = served.get("chapter-c.html")
        assert b"No page chapter-c.html" in page and b'href="/"' in page
        assert b'data-ck-page="chapter-c.html"' in page  # reloads by itself if the page comes back
        no_traceback(served)


@pytest.mark.parametrize(
    "args,said",
    [
        (["--host", "256.1.1.1", "--port", "8767"], "cannot listen on 256.1.1.1 port 8767"),
        (["--host", "no-such-host.invalid"], "cannot listen on no-such-host.invalid"),
    ],
)
def test_a_host_it_cannot_listen_on(course, tmp_path, args, said):
    proc = subprocess.run(
        [sys.executable, "-m", "coursekit", "serve", str(course), *args],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 1, proc.stderr
    assert said in proc.stderr and "--host 127.0.0.1" in proc.stderr, proc.stderr
    assert "internal error" not in proc.stderr and "Traceback" not in proc.stderr + proc.stdout


def test_a_course_folder_that_does_not_exist(tmp_path):
    # Not a folder that went away while serving (that is waited for): nothing to serve.
    proc = subprocess.run(
        [sys.executable, "-m", "coursekit", "serve", str(tmp_path / "nope")],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 1
    assert "CK019" in proc.stderr + proc.stdout and "nope" in proc.stderr + proc.stdout
    assert "Traceback" not in proc.stderr + proc.stdout
