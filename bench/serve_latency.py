"""How long from saving a file to the open page showing it, with ``coursekit serve``.

    python bench/serve_latency.py                     # the example course + a 10,000-question course
    python bench/serve_latency.py --sizes 100 --edits 1 --no-example   # the CI smoke run

For each course: start ``coursekit serve`` (its own process, a free port on 127.0.0.1), open
a page in Chromium (Debian's, through Playwright), then edit a file N times. Each edit is
timed from just before the write to the reloaded page's load event (the browser's
``performance.timeOrigin + loadEventStart``, on the same clock as ``time.time()``), and the
server's own rebuild time (wall and CPU: the machine may be busy with other work) is read
from its "rebuilt in" line. The example course edits a
chapter body; a generated course edits one question of one quiz. Results go to
bench/results/serve.json. No assertions: the figures are for people (target: under 0.5 s).
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from gen_course import generate  # noqa: E402

# When the page now shown finished loading, in seconds since the epoch (as time.time()).
LOADED_AT = "() => (performance.timeOrigin + performance.getEntriesByType('navigation')[0].loadEventStart) / 1000"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _state(url: str) -> dict | None:
    try:
        with urllib.request.urlopen(url + "__coursekit__/state", timeout=5) as resp:
            return json.loads(resp.read())
    except OSError:
        return None


class ChapterEdit:
    """Append a sentence to a chapter's body."""

    def __init__(self, course: Path, rel: str):
        self.path = course / rel
        self.original = self.path.read_text(encoding="utf-8")
        chapter_id = re.search(r"^id:\s*(\S+)", self.original, re.M).group(1)
        self.page = f"chapter-{chapter_id}.html"

    def apply(self, n: int) -> str:
        marker = f"Edited for the benchmark, round {n}."
        self.path.write_text(self.original.rstrip("\n") + f"\n\n{marker}\n", encoding="utf-8")
        return marker


class QuestionEdit:
    """Change one question's prompt in a generated quiz (bench/gen_course.py's wording)."""

    def __init__(self, course: Path, chapter: int, question: int):
        self.path = course / "quizzes" / f"c{chapter:03d}.yaml"
        self.original = self.path.read_text(encoding="utf-8")
        self.old = f"prompt: Select every true statement ({question})."
        assert self.old in self.original, self.old
        self.question = question
        self.page = f"chapter-c{chapter}.html"

    def apply(self, n: int) -> str:
        marker = f"Select every true statement ({self.question}, round {n})."
        self.path.write_text(self.original.replace(self.old, "prompt: " + marker), encoding="utf-8")
        return marker


def measure(name: str, course: Path, edit_for, edits: int, browser, work: Path) -> dict:
    port = _free_port()
    url = f"http://127.0.0.1:{port}/"
    log = work / f"serve-{name}.log"
    with log.open("wb") as fh:
        proc = subprocess.Popen(
            [sys.executable, "-m", "coursekit", "serve", str(course), "--port", str(port)],
            cwd=work,
            stdout=fh,
            stderr=subprocess.STDOUT,
        )
        try:
            started = time.perf_counter()
            while (_state(url) or {}).get("version", 0) < 1:
                if proc.poll() is not None:
                    raise SystemExit(f"coursekit serve exited:\n{log.read_text()}")
                time.sleep(0.1)
            first = time.perf_counter() - started
            edit = edit_for(course)
            page = browser.new_page()
            page.goto(url + edit.page)
            page.wait_for_load_state("load")
            save_to_load, rebuilds, cpu = [], [], []
            for n in range(1, edits + 1):
                time.sleep(0.5)  # let the previous round settle
                lines_before = log.read_text().count("rebuilt in")
                with page.expect_event("load", timeout=60_000):
                    saved = time.time()
                    marker = edit.apply(n)
                loaded = page.evaluate(LOADED_AT)
                html = page.content()
                if marker not in html:
                    raise SystemExit(f"{name}: round {n}: the reloaded page does not show the edit")
                save_to_load.append(loaded - saved)
                text = log.read_text()
                found = re.findall(r"rebuilt in ([0-9.]+) s \(([0-9.]+) s CPU\)", text)
                if len(found) > lines_before:
                    rebuilds.append(float(found[-1][0]))
                    cpu.append(float(found[-1][1]))
            page.close()
        finally:
            proc.send_signal(signal.SIGINT)
            proc.wait(30)
    row = {
        "first_build_s": round(first, 3),
        "save_to_load_s": [round(x, 3) for x in save_to_load],
        "rebuild_s": rebuilds,
        "rebuild_cpu_s": cpu,
        "median_s": round(statistics.median(save_to_load), 3),
        "max_s": round(max(save_to_load), 3),
    }
    print(
        f"{name:>12}: first build {first:6.2f} s   save -> page loaded: median {row['median_s']:.3f} s, "
        f"max {row['max_s']:.3f} s   rebuild median {_median(rebuilds):.3f} s ({_median(cpu):.3f} s CPU)"
    )
    return row


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="*", default=[10000], help="generated courses (questions)")
    ap.add_argument("--edits", type=int, default=5)
    ap.add_argument("--no-example", action="store_true", help="skip the example course in course/")
    ap.add_argument("--out", type=Path, default=HERE / "results" / "serve.json")
    args = ap.parse_args()

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        raise SystemExit("needs Debian's chromium (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix="coursekit-serve-bench-") as tmp, sync_playwright() as p:
        work = Path(tmp)
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        if not args.no_example:
            course = work / "example"
            shutil.copytree(REPO / "course", course, ignore=shutil.ignore_patterns(".coursekit-cache"))
            first_chapter = sorted((course / "chapters").glob("*.md"))[1].relative_to(course).as_posix()
            results["example"] = measure(
                "example", course, lambda c: ChapterEdit(c, first_chapter), args.edits, browser, work
            )
        for size in args.sizes:
            course = generate(work / f"q{size}", questions=size)
            chapter = (size // 100) // 2
            # A plain multiple_response question of that chapter's quiz (see gen_course._q).
            question = next(i for i in range(chapter * 100, chapter * 100 + 100) if i % 9 == 1 and i % 25 and i % 40)
            results[f"q{size}"] = measure(
                f"q{size}", course, lambda c, ch=chapter, q=question: QuestionEdit(c, ch, q), args.edits, browser, work
            )
        browser.close()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()
