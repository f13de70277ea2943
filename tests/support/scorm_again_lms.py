"""An LMS for SCORM browser tests: npm scorm-again, with strict data types, in headless Chromium.

``StrictScormAgainLms`` serves a package and a parent "LMS" page that creates ``window.API``
(1.2) or ``window.API_1484_11`` (2004) with scorm-again and records every call with its result
and error code; ``session`` runs one launch of a SCO and returns the calls and the CMI data
scorm-again holds afterwards. ``next_launch`` turns that data into what the LMS hands the next
launch, the way Moodle does; ``moodle_request_sizes`` measures what each Commit and Terminate of
the session would post to Moodle.

Strict data types: scorm-again relaxes several SCORM types for old content (its comments give
the strict spellings). The served copy of scorm-again has them put back, and set to what the LMS
that checks hardest accepts, so that a value a real LMS refuses fails here too:

- SCORM 2004 ``CMIDecimal`` (real(10,7)): at most 5 integer digits, as Moodle's 2004 API checks
  (``mod/scorm/datamodels/scorm_13.js``: ``^-?([0-9]{1,5})(\\.[0-9]{1,18})?$``), and at most 7
  decimals (the 7 of real(10,7)); so 786432 and 1e-12 written as numbers fail, as in Moodle.
- SCORM 2004 long identifiers without white space (scorm-again also accepts any text); time
  stamps with at most 2 decimals of a second; descriptions at most 250 characters.
- SCORM 1.2 ``CMIDecimal`` at most 3 integer digits (Moodle's ``scorm_12.js`` and scorm-again
  before it widened it), ``CMIFeedback`` (responses, patterns) a CMIString255, ``CMIIdentifier``
  letters, digits, ``-`` and ``_``, and ``suspend_data`` 4,096 characters.

Each replacement must match scorm-again's text exactly once, so an upgrade that changes it fails
loudly instead of silently testing against the lenient rules.
"""

from __future__ import annotations

import functools
import http.server
import json
import socketserver
import threading
from pathlib import Path
from urllib.parse import quote

from .page_watch import watch_page

ROOT = Path(__file__).resolve().parents[2]
SCORM_AGAIN = ROOT / "node_modules" / "scorm-again" / "dist" / "scorm-again.js"

STRICT_TYPES = [
    # SCORM 2004
    (
        'CMIDecimal: "^-?([0-9]{1,10})(\\\\.[0-9]{1,18})?$"',
        'CMIDecimal: "^-?([0-9]{1,5})(\\\\.[0-9]{1,7})?$"',
    ),
    (
        'CMILongIdentifier: "^(?:(?!urn:)\\\\S{1,4000}|urn:[A-Za-z0-9-]{1,31}:\\\\S{1,4000}|.{1,4000})$"',
        'CMILongIdentifier: "^(?:(?!urn:)\\\\S{1,4000}|urn:[A-Za-z0-9-]{1,31}:\\\\S{1,4000})$"',
    ),
    ("((\\\\.[0-9]{1,6})((Z|", "((\\\\.[0-9]{1,2})((Z|"),
    (
        'CMILangString: "^({lang=([a-zA-Z]{1,8}|i|x)(-[a-zA-Z0-9-]{2,8})?})?((?!{.*$).*$)?$"',
        'CMILangString: "^({lang=([a-zA-Z]{1,8}|i|x)(-[a-zA-Z0-9-]{2,8})?})?((?!{.*$).{0,250}$)?$"',
    ),
    # SCORM 1.2
    (
        'CMIDecimal: "^-?([0-9]{0,10})(\\\\.[0-9]*)?$"',
        'CMIDecimal: "^-?([0-9]{0,3})(\\\\.[0-9]*)?$"',
    ),
    (
        'CMIFeedback: "^.*$",\n      /** CMIIndex - Pattern for array index extraction */ '
        'CMIIndex: "[._](\\\\d+).",\n      /** CMIStatus -',
        'CMIFeedback: "^.{0,255}$",\n      /** CMIIndex - Pattern for array index extraction */ '
        'CMIIndex: "[._](\\\\d+).",\n      /** CMIStatus -',
    ),
    ('CMIIdentifier: "^[\\\\u0021-\\\\u007E\\\\s]{0,255}$"', 'CMIIdentifier: "^[A-Za-z0-9_-]{1,255}$"'),
    ('CMIString64000: "^[\\\\s\\\\S]{0,64000}$"', 'CMIString64000: "^[\\\\s\\\\S]{0,4096}$"'),
]


def strict_scorm_again() -> str:
    text = SCORM_AGAIN.read_text(encoding="utf-8")
    for old, new in STRICT_TYPES:
        count = text.count(old)
        assert count == 1, f"scorm-again changed: {old!r} occurs {count} times"
        text = text.replace(old, new)
    return text


HARNESS = """<!DOCTYPE html><html><head><meta charset="utf-8"><link rel="icon" href="data:,">
<script src="/scorm-again.js"></script><script>
var V12 = %(v12)s, calls = [];
var settings = {logLevel: 5, autocommit: false, strict_errors: true};
var api = V12 ? new Scorm12API(settings) : new Scorm2004API(settings);
var initial = %(initial)s;
if (initial) api.loadFromJSON(initial, '');
['LMSInitialize','LMSGetValue','LMSSetValue','LMSCommit','LMSFinish',\
'Initialize','GetValue','SetValue','Commit','Terminate'].forEach(function (m) {
  if (typeof api[m] !== 'function') return;
  var f = api[m].bind(api);
  api[m] = function (a, b) {
    var r = f(a, b);
    calls.push([m, a, b === undefined ? null : String(b), String(r),\
 String(V12 ? api.LMSGetLastError() : api.GetLastError())]);
    return r;
  };
});
if (V12) window.API = api; else window.API_1484_11 = api;
</script></head><body><iframe id="sco" src="/pkg/%(launch)s" style="width:900px;height:600px"></iframe></body></html>"""


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


class Session:
    """One launch: the page, the launch page's frame, and helpers to show pages in it."""

    def __init__(self, page, launch_frame, base: str):
        self.page = page
        self.launch = launch_frame
        self.base = base

    def show(self, path: str):
        """Show a course page in the launch page's frame; returns its Playwright frame.

        The document shown before is marked first, and only an unmarked one counts as loaded: the
        frame may already show this very page (the launch opens the bookmarked page), and its old
        document, complete at the same address, would otherwise be taken for the new one."""
        self.launch.evaluate(
            "p => { const f = document.getElementById('ck-scorm-frame');"
            " if (f.contentWindow) f.contentWindow.__ckLeft = true; f.src = p; }",
            path,
        )
        url = f"{self.base}/pkg/{path}"
        self.page.wait_for_function(
            "u => { const w = document.getElementById('sco').contentDocument.getElementById('ck-scorm-frame')"
            ".contentWindow; return !w.__ckLeft && w.location.href.split('#')[0] === u && "
            "w.document.readyState === 'complete'; }",
            arg=url,
        )
        frame = next(f for f in self.page.frames if f.url.split("#")[0] == url)
        frame.wait_for_function("window.CourseKit && typeof window.CourseKit.getState === 'function'")
        return frame


class StrictScormAgainLms:
    """One served package and harness; ``session`` runs one launch of the SCO."""

    def __init__(self, tmp: Path, files: dict[str, bytes], version: str):
        self.version = version
        self.root = tmp
        for path, data in files.items():
            target = tmp / "pkg" / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        (tmp / "scorm-again.js").write_text(strict_scorm_again(), encoding="utf-8")
        handler = functools.partial(_QuietHandler, directory=str(tmp))
        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def session(self, browser, act, initial=None, launch="scorm.html"):
        """Run ``act(Session)`` in one launch; returns (its result, calls, cmi, problems)."""
        name = f"harness-{len(list(self.root.glob('harness-*')))}.html"
        (self.root / name).write_text(
            HARNESS % {"v12": json.dumps(self.version == "1.2"), "initial": json.dumps(initial), "launch": launch}
        )
        page = browser.new_page()
        problems = watch_page(page, self.base)
        page.goto(f"{self.base}/{name}")
        page.wait_for_function("document.getElementById('sco').contentWindow.CourseKitScormHost !== undefined")
        launch_frame = next(f for f in page.frames if f.url.endswith(launch))
        launch_frame.wait_for_function(
            "document.getElementById('ck-scorm-frame').contentDocument && "
            "document.getElementById('ck-scorm-frame').contentDocument.readyState === 'complete'"
        )
        out = act(Session(page, launch_frame, self.base))
        runtime_errors = launch_frame.evaluate("CourseKitScormHost.errors")
        problems.extend(f"runtime refused {e}" for e in runtime_errors)
        page.evaluate("document.getElementById('sco').remove()")  # the LMS closes the SCO
        page.wait_for_timeout(100)
        calls = page.evaluate("calls")
        cmi = page.evaluate("JSON.parse(JSON.stringify(api.cmi))")
        page.close()
        return out, calls, cmi, problems


def failed_calls(calls: list[list]) -> list[list]:
    """Calls that returned false or set an error code."""
    return [c for c in calls if c[3] == "false" or c[4] != "0"]


def next_launch(cmi: dict, version: str, mode: str = "normal") -> dict:
    """What the LMS hands the next launch of the SCO, from the CMI data of the last one.

    As Moodle does (``mod/scorm/datamodels/scorm_13lib.php``, ``get_scorm_default``): SCORM 2004
    data comes back only after ``cmi.exit`` = ``suspend`` (then ``cmi.entry`` = ``resume``);
    otherwise the SCO starts from nothing. SCORM 1.2 data always comes back (``scorm_12lib.php``),
    with ``entry`` = ``resume`` after ``suspend``. ``mode``: normal, review or browse."""
    data = json.loads(json.dumps(cmi))
    if version == "1.2":
        core = data["core"]
        core["entry"] = "resume" if core.get("exit") == "suspend" else ""
        core["lesson_mode"] = mode
        core.pop("exit", None)
        core.pop("session_time", None)
        return data
    if data.get("exit") != "suspend":
        return {"mode": mode}
    data["entry"] = "resume"
    data["mode"] = mode
    for key in ("exit", "session_time"):
        data.pop(key, None)
    return data


# ---------------------------------------------------------------- Moodle's request sizes

# What Moodle's API puts before the elements: datamodelurlparams in scorm_13.js / scorm_12.js
# ("id=<cmid>&a=<scorm id>&sesskey=<10 chars>&attempt=<n>&scoid=<id>"), at realistic widths.
MOODLE_URL_PARAMS = "id=123456&a=12345&sesskey=AbCdEfGhIj&attempt=12&scoid=123456"


def moodle_element(name: str, value: str) -> int:
    """One element as Moodle's CollectData posts it: '&' + underscore(name) + '=' +
    encodeURIComponent(value), underscore() writing every '.' as '__' (mod/scorm/module.js)."""
    return len("&" + name.replace(".", "__") + "=" + quote(value, safe="-_.!~*'()"))


def moodle_request_sizes(sessions: list[list[list]]) -> list[tuple[str, int]]:
    """(call, bytes) for every Commit/Terminate of the last session of ``sessions`` (the call
    logs of one attempt, in order), counting every element set so far in the attempt, as
    Moodle's 2004 API does: each request carries the whole data model, earlier sessions' data
    included (it comes back with the launch and is sent again); Terminate adds total_time."""
    stored: dict[str, str] = {}
    sizes: list[tuple[str, int]] = []
    for index, calls in enumerate(sessions):
        last = index == len(sessions) - 1
        for method, element, value, result, error in calls:
            if method in ("SetValue", "LMSSetValue") and result == "true" and error == "0":
                stored[element] = value
            elif last and method in ("Commit", "LMSCommit", "Terminate", "LMSFinish"):
                size = len(MOODLE_URL_PARAMS) + sum(moodle_element(k, v) for k, v in stored.items())
                if method in ("Terminate", "LMSFinish"):
                    size += moodle_element("cmi.total_time", "PT10H10M10.25S")
                sizes.append((method, size))
    return sizes
