"""A SCORM package launched by a stand-in LMS whose run-time is the npm package scorm-again.

The LMS page creates ``window.API`` (1.2) or ``window.API_1484_11`` (2004) with scorm-again,
records every call with its error code, and shows the package's launch page in a frame; the
launch page shows the course pages in its own frame (``#ck-scorm-frame``), so a learner
driving a course page goes through the whole path: quiz.js -> scorm-bridge.js ->
scorm-runtime.js -> scorm-again. A session ends as an LMS ends it: by removing the SCO's frame.
What the LMS stores is read from scorm-again's own ``cmi`` object.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from .page_watch import watch_page
from .static_server import serve

ROOT = Path(__file__).resolve().parents[2]
SCORM_AGAIN = ROOT / "node_modules" / "scorm-again" / "dist" / "scorm-again.js"
# scorm-again's API with every call recorded: the same script as the jsdom LMS (tests/js/lms.js).
RECORD_API = ROOT / "tests" / "js" / "record_api.js"

_LMS_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>LMS</title><link rel="icon" href="data:,">
<script src="/scorm-again.js"></script><script>
var V12 = %(v12)s, INITIAL = %(initial)s;
%(record_api)s</script></head><body>
<iframe id="sco" src="/pkg/%(launch)s" style="width:1000px;height:700px"></iframe></body></html>"""


@dataclass
class Session:
    """What one launch left behind: the act's return value, every API call, the LMS's cmi."""

    out: object
    calls: list[list[str]]
    cmi: dict
    problems: list[str] = field(default_factory=list)

    def failed_calls(self) -> list[list[str]]:
        return [c for c in self.calls if c[4] != "0"]


class CourseInLms:
    """The course as the learner sees it inside the LMS: navigate it, reach the page's frame."""

    def __init__(self, page, launch):
        self.page = page
        self.launch = launch

    def goto(self, path: str):
        """Show ``path`` (a page of the course) and return its frame once its quizzes are ready."""
        # Mark the page shown now, so that the wait below sees the new one even when the frame
        # already shows ``path`` (a resumed launch opens at its bookmark).
        self.launch.evaluate(
            """p => { const f = document.getElementById('ck-scorm-frame');
                      if (f.contentWindow) f.contentWindow.__ckLeaving = true;
                      f.src = p; }""",
            path,
        )
        self.launch.wait_for_function(
            """p => { const f = document.getElementById('ck-scorm-frame');
                      const w = f.contentWindow, d = f.contentDocument;
                      return d && !w.__ckLeaving && d.readyState === 'complete'
                             && w.location.pathname.endsWith('/' + p)
                             && w.CourseKit && typeof w.CourseKit.quizIds === 'function'; }""",
            arg=path,
        )
        return self.content()

    def content(self):
        (frame,) = self.launch.child_frames
        return frame


class ScormLms:
    """One package served with the LMS page; ``session`` runs one launch of its SCO."""

    def __init__(self, folder: Path, files: dict[str, bytes], version: str):
        if not SCORM_AGAIN.is_file():
            raise FileNotFoundError(f"{SCORM_AGAIN} is missing: run `npm ci` in the repository")
        self.version = version
        self.folder = folder
        for path, data in files.items():
            target = folder / "pkg" / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        shutil.copy(SCORM_AGAIN, folder / "scorm-again.js")
        self._sessions = 0

    def session(self, browser, act, initial: dict | None = None, launch: str = "scorm.html") -> Session:
        self._sessions += 1
        name = f"lms-{self._sessions}.html"
        (self.folder / name).write_text(
            _LMS_PAGE
            % {
                "v12": json.dumps(self.version == "1.2"),
                "initial": json.dumps(initial),
                "record_api": RECORD_API.read_text(encoding="utf-8"),
                "launch": launch,
            },
            encoding="utf-8",
        )
        with serve(self.folder) as base:
            return self._run(browser, base, name, act, launch)

    def _run(self, browser, base: str, name: str, act, launch: str) -> Session:
        page = browser.new_page(viewport={"width": 1100, "height": 800})
        problems = watch_page(page, base)
        try:
            page.goto(base + name)
            launch_frame = page.wait_for_selector("#sco").content_frame()
            # The launch page starts with an empty frame and points it at the start (or resume)
            # page when it has connected: wait for that page, or a later navigation races it.
            launch_frame.wait_for_function(
                """() => { const f = document.getElementById('ck-scorm-frame');
                           const src = f && f.getAttribute('src');
                           return window.CourseKitScormHost !== undefined && src && f.contentDocument
                             && f.contentWindow.location.pathname.endsWith('/' + src.split('#')[0])
                             && f.contentDocument.readyState === 'complete'; }"""
            )
            out = act(CourseInLms(page, launch_frame))
            page.evaluate("document.getElementById('sco').remove()")  # the LMS closes the SCO
            page.wait_for_function("calls.some(c => c[0] === 'LMSFinish' || c[0] === 'Terminate')", timeout=5000)
            calls = page.evaluate("calls")
            cmi = page.evaluate("JSON.parse(JSON.stringify(api.cmi))")
        finally:
            page.close()
        return Session(out, calls, cmi, problems)


def lms_view(cmi: dict, version: str) -> dict[str, str]:
    """The values an LMS grades and resumes by, under one set of names for both versions
    (the Chromium LMS above and the jsdom one, tests/support/jsdom_lms.py, read the same cmi)."""
    if version == "1.2":
        core = cmi["core"]
        return {
            "status": core["lesson_status"],
            "raw": core["score"]["raw"],
            "min": core["score"]["min"],
            "max": core["score"]["max"],
            "exit": core["exit"],
            "location": core["lesson_location"],
            "suspend_data": cmi["suspend_data"],
        }
    return {
        "status": f"{cmi['completion_status']}/{cmi['success_status']}",
        "raw": cmi["score"]["raw"],
        "min": cmi["score"]["min"],
        "max": cmi["score"]["max"],
        "scaled": cmi["score"]["scaled"],
        "exit": cmi["exit"],
        "location": cmi["location"],
        "progress": cmi["progress_measure"],
        "suspend_data": cmi["suspend_data"],
    }
