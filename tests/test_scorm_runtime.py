"""The SCORM runtime against a real run-time implementation: npm scorm-again in headless Chromium.

A parent "LMS" page creates window.API (1.2) or window.API_1484_11 (2004) with scorm-again,
records every call and its error code, and loads the package's launch page in a frame. The
tests report quizzes through the runtime, then read the CMI data scorm-again holds.
"""

from __future__ import annotations

import functools
import http.server
import json
import shutil
import socketserver
import subprocess
import sys
import threading
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from support.page_watch import watch_page  # noqa: E402
from test_scorm_manifest import _qti_course, site_for  # noqa: E402

from coursekit.exporters.scorm.exporter import package_files  # noqa: E402

SCORM_AGAIN = "3.4.3"


def _scorm_again_js() -> Path:
    root = Path(__file__).resolve().parent.parent
    for base in (root, root / "tests", Path.home() / ".cache" / "coursekit-tests" / "npm"):
        js = base / "node_modules" / "scorm-again" / "dist" / "scorm-again.js"
        if js.exists():
            return js
    npm = shutil.which("npm")
    if not npm:
        pytest.skip("npm is needed to install scorm-again")
    base = Path.home() / ".cache" / "coursekit-tests" / "npm"
    base.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [npm, "install", "--no-save", "--no-audit", "--no-fund", "--prefix", str(base), f"scorm-again@{SCORM_AGAIN}"],
        check=True,
        capture_output=True,
    )
    return base / "node_modules" / "scorm-again" / "dist" / "scorm-again.js"


HARNESS = """<!DOCTYPE html><html><head><meta charset="utf-8"><link rel="icon" href="data:,">
<script src="/scorm-again.js"></script><script>
var V12 = %(v12)s, calls = [];
var api = V12 ? new Scorm12API({logLevel: 5, autocommit: false}) : new Scorm2004API({logLevel: 5, autocommit: false});
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


class Lms:
    """One served package and harness; ``session`` runs one launch of the SCO."""

    def __init__(self, tmp: Path, files: dict[str, bytes], version: str):
        self.version = version
        self.root = tmp
        for path, data in files.items():
            target = tmp / "pkg" / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        shutil.copy(_scorm_again_js(), tmp / "scorm-again.js")
        handler = functools.partial(_QuietHandler, directory=str(tmp))
        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def session(self, browser, act, initial=None, launch="scorm.html"):
        name = f"harness-{len(list(self.root.glob('harness-*')))}.html"
        (self.root / name).write_text(
            HARNESS % {"v12": json.dumps(self.version == "1.2"), "initial": json.dumps(initial), "launch": launch}
        )
        page = browser.new_page()
        problems = watch_page(page, self.base)
        page.goto(f"{self.base}/{name}")
        page.wait_for_function("document.getElementById('sco').contentWindow.CourseKitScormHost !== undefined")
        frame = page.frame_locator("#sco")
        launch_frame = next(f for f in page.frames if f.url.endswith(launch))
        launch_frame.wait_for_function(
            "document.getElementById('ck-scorm-frame').contentDocument && "
            "document.getElementById('ck-scorm-frame').contentDocument.readyState === 'complete'"
        )
        out = act(page, launch_frame, frame)
        page.evaluate("document.getElementById('sco').remove()")  # the LMS closes the SCO
        page.wait_for_timeout(100)
        calls = page.evaluate("calls")
        cmi = page.evaluate("JSON.parse(JSON.stringify(api.cmi))")
        page.close()
        return out, calls, cmi, problems


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    return _qti_course(tmp_path_factory.mktemp("runtime-course"))


# ---------------------------------------------------------------- answers


def answer(q, correct: bool):
    """A normalized response (as the quiz engine reports it) and its score."""
    from coursekit.model import question as qm

    pts = float(q.points)
    if isinstance(q, qm.SingleChoice):
        good = next(i for i, c in enumerate(q.choices) if c.correct)
        return [good if correct else (good + 1) % len(q.choices)], pts if correct else 0.0
    if isinstance(q, qm.MultipleResponse):
        goods = [i for i, c in enumerate(q.choices) if c.correct]
        bad = [i for i, c in enumerate(q.choices) if not c.correct][:1]
        return (goods if correct else bad), pts if correct else 0.0
    if isinstance(q, qm.TrueFalse):
        return (bool(q.answer) if correct else not q.answer), pts if correct else 0.0
    if isinstance(q, qm.NumericQuestion):
        return (str(q.answer) if correct else str(float(q.answer) + float(q.tolerance) + 1)), pts if correct else 0.0
    if isinstance(q, qm.ShortAnswer):
        return (q.answers[0].text if correct else "zzz"), pts if correct else 0.0
    if isinstance(q, qm.Essay):
        return "An essay\nover two lines, with a comma", None
    if isinstance(q, qm.Matching):
        n = len(q.pairs)
        return (list(range(n)) if correct else [(i + 1) % n for i in range(n)]), pts if correct else 0.0
    if isinstance(q, qm.Ordering):
        n = len(q.items)
        return (list(range(n)) if correct else list(reversed(range(n)))), pts if correct else 0.0
    if isinstance(q, qm.FillBlanks):
        vals = []
        for name in q.gap_order():
            b = q.blanks[name]
            vals.append((b.correct if isinstance(b, qm.DropdownBlank) else b.accept[0]) if correct else "zzz")
        return vals, pts if correct else 0.0
    raise AssertionError(q.type)


def quiz_results(course, correct: bool):
    """Per quiz: the engine's check result and saved state (first variant of each slot)."""
    out = []
    for rq in course.quizzes:
        slots = list(range(len(rq.slots)))
        if rq.quiz.select:
            slots = slots[: rq.quiz.select]
        questions, state_qs, score, max_ = [], [], 0.0, 0.0
        for s in slots:
            q = rq.slots[s].variants[0]
            response, pts = answer(q, correct)
            entry = {"id": q.id, "kind": q.type, "response": response, "latency": 1500}
            if pts is not None:
                entry.update(score=pts, max=float(q.points))
                score += pts
                max_ += float(q.points)
            questions.append(entry)
            state_qs.append({"slot": s, "variant": 0, "answer": response})
        out.append(
            (
                {"quiz": rq.quiz.id, "score": score, "max": max_, "questions": questions},
                {"questions": state_qs, "attempts": 1},
            )
        )
    return out


def submit_all(results):
    def act(page, launch, frame):
        for result, state in results:
            launch.evaluate("([r, s]) => CourseKitScormHost.quizChecked(r, s)", [result, state])

    return act


def interactions(cmi, version):
    items = cmi["interactions"]
    return {v["id"]: v for v in items.values()} if isinstance(items, dict) else {v["id"]: v for v in items}


# ---------------------------------------------------------------- tests


@pytest.mark.parametrize("version", ["1.2", "2004"])
@pytest.mark.parametrize("correct", [True, False])
def test_reports_score_status_and_interactions(browser, course, tmp_path, version, correct):
    files = package_files(course, site_for(course), version, False)
    lms = Lms(tmp_path, files, version)
    try:
        _, calls, cmi, problems = lms.session(browser, submit_all(quiz_results(course, correct)))
    finally:
        lms.close()
    assert problems == []
    assert [c for c in calls if c[4] != "0"] == []
    init = [c for c in calls if c[0] in ("LMSInitialize", "Initialize")]
    finish = [c for c in calls if c[0] in ("LMSFinish", "Terminate")]
    assert len(init) == 1 and len(finish) == 1 and calls[-1] == finish[0]

    inter = interactions(cmi, version)
    if version == "1.2":
        core = cmi["core"]
        assert core["lesson_status"] == ("passed" if correct else "failed")
        assert core["score"]["raw"] == ("100" if correct else "0")
        assert core["score"]["min"] == "0" and core["score"]["max"] == "100"
        assert core["exit"] == ""
        assert len(core["session_time"].split(":")) == 3
        sc = inter["all-types_sc"]
        assert sc["type"] == "choice" and sc["student_response"] == ("a" if correct else "b")
        assert sc["result"] == ("correct" if correct else "wrong")
        assert inter["all-types_match"]["student_response"] == ("1.a,2.b,3.c" if correct else "1.b,2.c,3.a")
        assert inter["all-types_tf"]["student_response"] == ("f" if correct else "t")
        assert inter["all-types_essay"]["type"] == "fill-in" and inter["all-types_essay"]["result"] == "neutral"
        assert inter["all-types_essay"]["student_response"] == "An essay over two lines, with a comma"
        assert inter["all-types_order"]["type"] == "sequencing"
        assert inter["all-types_order"]["student_response"] == ("a,b,c" if correct else "c,b,a")
        assert inter["all-types_num"]["time"].count(":") == 2
        assert ["LMSSetValue", "cmi.interactions.3.latency", "0000:00:01.50", "true", "0"] in calls
    else:
        assert cmi["completion_status"] == "completed"
        assert cmi["success_status"] == ("passed" if correct else "failed")
        assert cmi["score"]["scaled"] == ("1" if correct else "0")
        assert cmi["score"]["raw"] == ("100" if correct else "0")
        assert cmi["exit"] == "suspend"  # finished, and still handed back for review (Moodle: only after suspend)
        assert cmi["session_time"].startswith("PT")
        sc = inter["all-types_sc"]
        assert sc["type"] == "choice" and sc["learner_response"] == ("a" if correct else "b")
        assert sc["result"] == ("correct" if correct else "incorrect")
        assert inter["all-types_match"]["learner_response"] == (
            "1[.]a[,]2[.]b[,]3[.]c" if correct else "1[.]b[,]2[.]c[,]3[.]a"
        )
        assert inter["all-types_match"]["correct_responses"]["0"]["pattern"] == "1[.]a[,]2[.]b[,]3[.]c"
        assert inter["all-types_tf"]["learner_response"] == ("false" if correct else "true")
        assert inter["all-types_essay"]["type"] == "long-fill-in" and inter["all-types_essay"]["result"] == "neutral"
        assert inter["all-types_num"]["correct_responses"]["0"]["pattern"] == "5.65[:]5.75"
        assert inter["all-types_fill"]["learner_response"] == ("Paris[,]blue" if correct else "zzz[,]zzz")
        assert ["SetValue", "cmi.interactions.3.latency", "PT0H0M1.5S", "true", "0"] in calls
        assert inter["all-types_sc"]["timestamp"].endswith("Z")
    expected_types = {
        "single_choice": "choice",
        "multiple_response": "choice",
        "true_false": "true-false",
        "numeric": "numeric",
        "short_answer": "fill-in",
        "matching": "matching",
        "ordering": "sequencing",
    }
    for rq in course.quizzes:
        for slot in rq.slots[: rq.quiz.select or len(rq.slots)]:
            q = slot.variants[0]
            got = inter[f"{rq.quiz.id}_{q.id}"]
            if q.type in expected_types:
                assert got["type"] == expected_types[q.type]
            if q.type != "essay":
                assert got["result"] == ("correct" if correct else ("wrong" if version == "1.2" else "incorrect"))


@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_resume_restores_location_and_answers(browser, course, tmp_path, version):
    files = package_files(course, site_for(course), version, False)
    lms = Lms(tmp_path, files, version)
    first_quiz = quiz_results(course, True)[:1]
    first_quiz[0][1]["questions"].append({"slot": 6, "variant": 0, "answer": "Paris, or; ~so!"})
    chapter_page = site_for(course).chapter_pages[course.chapters[0].chapter.id]

    def first(page, launch, frame):
        launch.evaluate("p => { document.getElementById('ck-scorm-frame').src = p; }", chapter_page)
        # Until the page has been shown and bookmarked (a fixed pause raced it on a loaded machine).
        page.wait_for_function(
            "p => calls.some(c => /^(LMS)?SetValue$/.test(c[0]) && /location$/.test(c[1]) && c[2] === p)",
            arg=chapter_page,
        )
        submit_all(first_quiz)(page, launch, frame)

    def second(page, launch, frame):
        return launch.evaluate(
            "[document.getElementById('ck-scorm-frame').getAttribute('src'), CourseKitScormHost.loadQuiz('all-types')]"
        )

    try:
        _, calls1, cmi, problems1 = lms.session(browser, first)
        (src, restored), calls2, cmi2, problems2 = lms.session(browser, second, initial=cmi)
    finally:
        lms.close()
    assert problems1 == [] and problems2 == []
    assert [c for c in calls1 + calls2 if c[4] != "0"] == []
    exit_value = cmi["core"]["exit"] if version == "1.2" else cmi["exit"]
    assert exit_value == "suspend"  # the second quiz is not done: incomplete
    assert src == chapter_page
    assert restored["submitted"] is True
    assert restored["questions"] == first_quiz[0][1]["questions"]


@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_without_lms_runs_as_html_with_notice(browser, course, tmp_path, version):
    files = package_files(course, site_for(course), version, False)
    for path, data in files.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_bytes(data)
    page = browser.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto((tmp_path / "scorm.html").as_uri())
    page.wait_for_timeout(300)
    assert page.is_visible("#ck-scorm-notice")
    assert page.evaluate("CourseKitScormHost.connected") is False
    assert page.get_attribute("#ck-scorm-frame", "src") == "index.html"
    page.close()
    assert problems == []


def _encode_decode(browser, tmp_path, quizzes: list[dict], state: dict) -> tuple[str, dict]:
    """The runtime's suspend_data codec (SCORM 1.2, one SCO of 30 pages) on ``state``."""
    data = {
        "version": "1.2",
        "quizzes": quizzes,
        "interactions": {},
        "scos": {
            "c": {
                "pages": [f"p{i}.html" for i in range(30)],
                "quizzes": [q["id"] for q in quizzes],
                "start": "p0.html",
                "mastery": 0.7,
            }
        },
    }
    (tmp_path / "data.js").write_text(
        f"window.CourseKitScormSco = 'c'; window.CourseKitScormData = {json.dumps(data)};"
    )
    static = Path(__file__).resolve().parent.parent / "exporters" / "scorm" / "static"
    scripts = ["scorm-types.js", "scorm-interactions.js", "scorm-runtime.js"]
    for name in scripts:
        shutil.copy(static / name, tmp_path / name)
    tags = "".join(f'<script src="{name}"></script>' for name in scripts)
    (tmp_path / "t.html").write_text(f'<!DOCTYPE html><script src="data.js"></script>{tags}')
    page = browser.new_page()
    page.goto((tmp_path / "t.html").as_uri())
    encoded, decoded = page.evaluate(
        "s => { var c = CourseKitScormHost._codec; var e = c.encode(s); return [e, c.decode(e)]; }", state
    )
    page.close()
    return encoded, decoded


def test_suspend_data_shortens_only_the_longest_texts(browser, tmp_path):
    """18 quizzes with a 700-character essay each, and short answers of 30 characters: only the
    essays are shortened (the old fixed steps cut every text to 20 characters, and a short
    answer came back wrong on resume). An ordering question the learner has not moved keeps
    the order it was shown in (it was drawn anew on resume, which changes what is scored)."""
    quizzes = [{"id": f"q{i}", "kinds": ["essay", "essay", "essay", "short_answer", "ordering"]} for i in range(18)]
    short = "rectified linear unit function"
    state = {"visited": [True] * 30, "quizzes": {}}
    for i in range(18):
        qs = [{"slot": k, "variant": 0, "answer": "An essay that goes on. " * 31} for k in range(3)]
        qs += [
            {"slot": 3, "variant": 0, "answer": short},
            {"slot": 4, "variant": 0, "answer": None, "order": [3, 2, 1, 0]},
        ]
        state["quizzes"][i] = {"questions": qs, "submitted": i % 2 == 0, "attempts": 1, "score": 1, "max": 3}
    encoded, decoded = _encode_decode(browser, tmp_path, quizzes, state)
    assert len(encoded) <= 4096
    for i in range(18):
        *essays, answer, order = decoded["quizzes"][str(i)]["questions"]
        assert answer["answer"] == short
        assert all(len(short) < len(e["answer"]) < 700 for e in essays)
        assert order["answer"] == [3, 2, 1, 0]


def test_suspend_data_fits_scorm12_limit_for_200_questions(browser, tmp_path):
    """200 questions of every type, long essays included, encode within 4,096 characters."""
    kinds = [
        "single_choice",
        "multiple_response",
        "true_false",
        "numeric",
        "short_answer",
        "essay",
        "matching",
        "ordering",
        "fill_blanks",
    ]
    samples = {
        "single_choice": [3],
        "multiple_response": [0, 2, 5],
        "true_false": True,
        "numeric": "-12.375e-3",
        "short_answer": "mitochondria, the powerhouse",
        "essay": "A long essay. " * 200,
        "matching": [3, 0, None, 1, 2],
        "ordering": [4, 2, 0, 1, 3],
        "fill_blanks": ["alpha", "beta; gamma", "δ"],
    }
    quizzes = [{"id": f"quiz-{i}", "kinds": [kinds[(i * 20 + j) % 9] for j in range(20)]} for i in range(10)]
    state = {"visited": [True] * 30, "quizzes": {}}
    for i, q in enumerate(quizzes):
        qs = [{"slot": j, "variant": j % 5, "answer": samples[k]} for j, k in enumerate(q["kinds"])]
        state["quizzes"][i] = {"questions": qs, "submitted": True, "attempts": 2, "score": 13.5, "max": 19.25}
    encoded, decoded = _encode_decode(browser, tmp_path, quizzes, state)
    assert len(encoded) <= 4096
    for i in range(10):
        got = decoded["quizzes"][str(i)]
        assert got["submitted"] and got["score"] == 13.5 and got["max"] == 19.25
        for q, want in zip(got["questions"], state["quizzes"][i]["questions"], strict=True):
            assert (q["slot"], q["variant"]) == (want["slot"], want["variant"])
            if q["slot"] < 20 and quizzes[i]["kinds"][q["slot"]] not in (
                "essay",
                "short_answer",
                "numeric",
                "fill_blanks",
            ):
                assert q["answer"] == want["answer"]


@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_sco_per_chapter_reports_its_own_quizzes(browser, course, tmp_path, version):
    files = package_files(course, site_for(course), version, True)
    chapter = course.chapters[0].chapter.id
    lms = Lms(tmp_path, files, version)
    try:
        _, calls, cmi, problems = lms.session(
            browser, submit_all(quiz_results(course, True)), launch=f"scorm-{chapter}.html"
        )
    finally:
        lms.close()
    assert problems == []
    assert [c for c in calls if c[4] != "0"] == []
    if version == "1.2":
        assert cmi["core"]["lesson_status"] == "passed" and cmi["core"]["score"]["raw"] == "100"
    else:
        assert cmi["completion_status"] == "completed" and cmi["success_status"] == "passed"


def _sidebar(frame, expect_filled: str) -> dict[str, str]:
    """The course page's sidebar in the launch page's frame: chapter text -> status text."""
    page = frame.frame_locator("#ck-scorm-frame")
    # (The frame is narrow: the list is collapsed, so its text is read, not its rendering.)
    status = page.locator(f"li:has(a[href='{expect_filled}']) [data-ck-side-status]:not(:empty)")
    status.wait_for(state="attached", timeout=10_000)
    items = page.locator(".ck-sidebar-list li")
    return {
        " ".join(items.nth(i).locator("a, .ck-side-elsewhere").text_content().split()): items.nth(i)
        .locator("[data-ck-side-status]")
        .text_content()
        for i in range(items.count())
    }


@pytest.fixture(scope="module")
def chapters_course(tmp_path_factory):
    """tests/html_course.py's course: three chapters (one without a quiz, one with two)."""
    from html_course import rendered_course

    return rendered_course(tmp_path_factory.mktemp("sidebar-course"))


@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_sidebar_quiz_status_comes_from_the_lms_runtime_state(browser, chapters_course, tmp_path, version):
    """A quiz passed in one session shows as passed in the sidebar of the next (resumed) one: the
    status is read from suspend_data through the runtime, not from the browser's storage."""
    course = chapters_course
    files = package_files(course, site_for(course), version, False)
    results = quiz_results(course, True)[:1]
    quiz_id = results[0][0]["quiz"]
    rc = next(rc for rc in course.chapters if any(q.quiz.id == quiz_id for q in rc.quizzes))
    page_of = site_for(course).chapter_pages
    passed = "\u2713 Quiz passed" if len(rc.quizzes) == 1 else f"1 of {len(rc.quizzes)} quizzes passed"

    def second(page, launch, frame):
        storage = launch.evaluate("Object.keys(document.getElementById('ck-scorm-frame').contentWindow.localStorage)")
        return _sidebar(frame, page_of[rc.chapter.id]), storage

    lms = Lms(tmp_path, files, version)
    try:
        _, _, cmi, problems1 = lms.session(browser, submit_all(results))
        (sidebar, storage), _, _, problems2 = lms.session(browser, second, initial=cmi)
    finally:
        lms.close()
    assert problems1 == [] and problems2 == []
    assert not [k for k in storage if ":quiz:" in k]  # nothing of the quiz in localStorage
    expected = {
        f"{i + 1}. {other.chapter.title}": (passed if other is rc else "Quiz not taken yet" if other.quizzes else "")
        for i, other in enumerate(course.chapters)
    }
    assert sidebar == expected


@pytest.mark.parametrize("version", ["2004"])
def test_sco_per_chapter_sidebar_names_other_chapters_without_linking(browser, chapters_course, tmp_path, version):
    course = chapters_course
    files = package_files(course, site_for(course), version, True)
    rc = course.chapters[1]  # two quizzes, neighbours on both sides
    page = site_for(course).chapter_pages[rc.chapter.id]

    def act(p, launch, frame):
        inner = frame.frame_locator("#ck-scorm-frame")
        inner.locator(f".ck-sidebar-list a[href='{page}']").wait_for(state="attached")
        inner.locator(".ck-side-elsewhere").first.wait_for(state="attached")
        return (
            inner.locator(".ck-sidebar-list a").evaluate_all("els => els.map(e => e.getAttribute('href'))"),
            inner.locator(".ck-side-elsewhere").count(),
            inner.locator(".ck-sidebar-list [data-ck-side-status]:not(:empty)").count(),
        )

    lms = Lms(tmp_path, files, version)
    try:
        (links, elsewhere, statuses), _, _, problems = lms.session(browser, act, launch=f"scorm-{rc.chapter.id}.html")
    finally:
        lms.close()
    assert problems == []
    assert links == [page] and elsewhere == len(course.chapters) - 1
    assert statuses == 1  # only this SCO's quizzes have a known status


@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_a_decimal_comma_is_recorded_as_a_number(browser, tmp_path, version):
    """In a German course, 2,505 is the number 2.505 for the quiz (scoring.js) and for the LMS:
    scorm-again holds a numeric interaction whose learner response is the SCORM real 2.505."""
    import zipfile

    from i18n_course import write_i18n_course

    course = write_i18n_course(tmp_path / "de", "de")
    out = tmp_path / "out"
    target = "scorm12" if version == "1.2" else "scorm2004"
    proc = subprocess.run(
        [sys.executable, "-m", "coursekit", "build", str(course), "-q", "-o", str(out), "-j", "1", "-t", target],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    with zipfile.ZipFile(next(out.glob(f"*-{target}.zip"))) as z:
        files = {n: z.read(n) for n in z.namelist() if not n.endswith("/")}
    lms = Lms(tmp_path / "lms", files, version)
    try:
        result = {
            "quiz": "unus-probatio",
            "score": 1.0,
            "max": 1.0,
            "questions": [{"id": "numerus", "kind": "numeric", "response": "2,505", "score": 1.0, "max": 1.0}],
        }
        state = {"questions": [{"slot": 0, "variant": 0, "answer": "2,505"}], "attempts": 1}
        _, _, cmi, problems = lms.session(browser, submit_all([(result, state)]))
    finally:
        lms.close()
    assert not problems, problems
    (record,) = [v for k, v in interactions(cmi, version).items() if "numerus" in k]
    key = "student_response" if version == "1.2" else "learner_response"
    assert (record["type"], record[key]) == ("numeric", "2.505")
