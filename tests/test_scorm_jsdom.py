"""The SCORM runtime and bridge as a learner and an LMS meet them, in jsdom: fast enough to run
against every mutant of scorm-runtime.js and scorm-bridge.js (scripts/mutation.sh).

The packages are built by coursekit from tests/support/boundary_course.py (a pass mark that
partial credit in thirds lands just below, exactly at and just above) and
tests/support/every_type_course.py (one question of each type); tests/js/ launches them with
scorm-again as the LMS and a learner answering through the page's controls
(tests/support/jsdom_lms.py). What is asserted is what the LMS stores (status, scores,
interactions, suspend_data brought back on the next launch) and what the learner sees. The
Chromium tests (test_pass_boundaries.py, test_scorm_runtime.py) check the same path in a real
browser; these add the edges that only matter to an LMS's record.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest
from support import boundary_course as bc
from support import codec_course as cc
from support import every_type_course as ec
from support import package_cache
from support import two_quiz_course as tq
from support.course_dir import export, load_rendered, write_course, write_files
from support.jsdom_lms import PlanServer, answer_steps, failed_calls, interactions, lms_view
from support.scorm_again_lms import moodle_request_sizes

VERSIONS = ["1.2", "2004"]
TARGET = {"1.2": "scorm12", "2004": "scorm2004"}
BOUNDARY_PAGE = f"chapter-{bc.CHAPTER_ID}.html"
OBJECTIVE = f"OBJ-{bc.FILES['course.yaml'].split()[1]}"  # the boundary course's 2004 objective


def built(tmp_path_factory, name: str, write, **options) -> dict[str, Path]:
    """The course written by ``write`` exported for both versions: {version: package folder}
    (in a mutation run, built once for all mutants: tests/support/package_cache.py)."""

    def build(course: Path) -> dict[str, Path]:
        rendered = load_rendered(course)
        return {
            v: write_files(tmp_path_factory.mktemp(f"{name}-{v}"), export(rendered, TARGET[v], **options))
            for v in VERSIONS
        }

    return package_cache.packages(write(tmp_path_factory.mktemp(f"{name}-course")), f"{name} {TARGET} {options}", build)


@pytest.fixture(scope="module")
def boundary(tmp_path_factory):
    return built(tmp_path_factory, "boundary", bc.write)


@pytest.fixture(scope="module")
def every(tmp_path_factory):
    return built(tmp_path_factory, "every", ec.write)


@pytest.fixture(scope="module")
def chapters(tmp_path_factory):
    """The every-type course with one SCO per chapter (the reading chapter is a SCO of its own)."""
    return built(tmp_path_factory, "chapters", ec.write, sco_per_chapter=True)


class Outcomes:
    """{plan name: [one dict per launch]}: each plan of this module run in one warm node process
    when a test first asks for it (tests/support/jsdom_lms.py PlanServer)."""

    def __init__(self, server: PlanServer, packages: dict[str, dict[str, Path]]):
        self.server, self.packages, self.done = server, packages, {}

    def __getitem__(self, key: str) -> list[dict]:
        if key not in self.done:
            name, version = re.fullmatch(r"(\w+)\[([\d.]+)\]", key).groups()
            plan = PLANS[name](version, {course: pkgs[version] for course, pkgs in self.packages.items()})
            assert plan is not None, key
            self.done[key] = self.server.run({key: {"version": version, **plan}})[key]
        return self.done[key]


@pytest.fixture(scope="module")
def two_quizzes(tmp_path_factory):
    return built(tmp_path_factory, "two-quizzes", tq.write)


@pytest.fixture(scope="module")
def reading(tmp_path_factory):
    return built(tmp_path_factory, "reading", tq.write_reading)


# suspend_data names an option or item in one base-36 character (0-9, a-z) while there are at
# most 36, in dotted numbers beyond: a matching question of two pairs and 35 distractors (37
# options), an ordering of 36 items (the most of the short form) and one of 40.
WIDE_QUIZ = "wide"
WIDE_PAGE = "chapter-wide.html"
WIDE_FILES = {
    "course.yaml": "id: wide\ntitle: Wide\nlanguage: en\npassing_score: 0.5\nchapters:\n  - chapters/wide.md\n",
    "chapters/wide.md": "---\nid: wide\ntitle: Wide\nquiz: ../quizzes/wide.yaml\n---\n\nOne question.\n",
    "quizzes/wide.yaml": "id: wide\ntitle: Wide\npassing_score: 0.5\nquestions:\n  - id: match\n    type: matching\n"
    "    prompt: Match them.\n    pairs:\n      - {left: one, right: '1'}\n      - {left: two, right: '2'}\n"
    f"    distractors: [{', '.join(f'd{i}' for i in range(35))}]\n"
    "  - id: order\n    type: ordering\n    prompt: Order them.\n"
    f"    items: [{', '.join(f'i{i}' for i in range(36))}]\n"
    "  - id: order40\n    type: ordering\n    prompt: Order these.\n"
    f"    items: [{', '.join(f'j{i}' for i in range(40))}]\n",
}


@pytest.fixture(scope="module")
def wide(tmp_path_factory):
    return built(tmp_path_factory, "wide", lambda root: write_course(root, WIDE_FILES))


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory, boundary, every, chapters, two_quizzes, reading, wide):
    server = PlanServer(tmp_path_factory.mktemp("plans"))
    packages = {
        "boundary": boundary,
        "every": every,
        "chapters": chapters,
        "two": two_quizzes,
        "reading": reading,
        "wide": wide,
    }
    try:
        yield Outcomes(server, packages)
    finally:
        server.close()


PLANS = {}


def plan(builder):
    """Register a plan builder (version, {course name: package folder}) -> plan (None: not for
    this version); a test reads its outcome as outcomes["<builder name>[<version>]"]."""
    PLANS[builder.__name__] = builder
    return builder


def boundary_launch(attempt: str) -> dict:
    responses = bc.ATTEMPTS[attempt][0]
    return {"steps": [{"goto": BOUNDARY_PAGE}, *answer_steps(bc.QUIZ_ID, bc.KINDS, responses), {"check": bc.QUIZ_ID}]}


def scaled_text(ratio: float) -> str:
    """score.scaled as the runtime must write it: rounded down to 7 decimals, never up."""
    return f"{math.floor(ratio * 10**7 + 1e-6) / 10**7:.7f}".rstrip("0").rstrip(".")


def writes(launch: dict) -> list[list[str]]:
    """The calls of a launch that store something in the LMS (SetValue and Commit, either version)."""
    return [c for c in launch["calls"] if c[0] in ("LMSSetValue", "SetValue", "LMSCommit", "Commit")]


def assert_clean_session(launch: dict, version: str) -> None:
    """No problem in any page, no refused call, one Initialize first and one Terminate last,
    and no "not connected" notice."""
    assert launch["problems"] == []
    assert launch["notice"] is False
    assert failed_calls(launch) == []
    names = [c[0] for c in launch["calls"]]
    init, finish = ("LMSInitialize", "LMSFinish") if version == "1.2" else ("Initialize", "Terminate")
    assert names.count(init) == 1 and names[0] == init
    assert names.count(finish) == 1 and names[-1] == finish


# ---------------------------------------------------------------- the pass mark


# The pass-mark launches run on a clock of their own (launch option `clock`): the learner takes
# 1 minute 23.25 seconds before checking, the session's time.
CLOCK = 1_700_000_000_000
SESSION_MS = 83_250


@plan
def pass_mark(version, pkg):
    launches = []
    for attempt in bc.ATTEMPTS:
        steps = boundary_launch(attempt)["steps"]
        launches.append({"clock": CLOCK, "steps": [*steps[:-1], {"later": SESSION_MS}, steps[-1]]})
    return {"pkg": str(pkg["boundary"]), "launches": launches}


@pytest.mark.parametrize("version", VERSIONS)
def test_lms_stores_the_score_and_status_at_the_pass_mark(outcomes, version):
    attempts = list(bc.ATTEMPTS)
    out = outcomes[f"pass_mark[{version}]"]
    for attempt, launch in zip(attempts, out, strict=True):
        _, points, passed, raw = bc.ATTEMPTS[attempt]
        assert_clean_session(launch, version)
        shown = launch["steps"][-1]
        pct = f"{round(points / 5 * 100, 1):g}"
        assert shown["result"].startswith(f"You scored {round(points, 2):g} of 5 points ({pct}%). "), shown
        assert ("Passed: 60% needed." if passed else "Not passed yet: 60% needed.") in shown["result"]
        # "exactly-at" leaves the primes unanswered: the page asked before checking
        assert (shown["asked"] is not None) is (attempt == "exactly-at"), shown["asked"]
        view = lms_view(launch["cmi"], version)
        assert (view["raw"], view["min"], view["max"]) == (raw, "0", "100"), attempt
        # told, not left to the LMS's default (scorm-again's 1.2 max is 100; Moodle's is blank)
        told = {c[1]: c[2] for c in writes(launch) if c[0].endswith("SetValue")}
        score = "cmi.core.score." if version == "1.2" else "cmi.score."
        assert (told[score + "min"], told[score + "max"]) == ("0", "100"), attempt
        if version == "1.2":
            assert view["status"] == ("passed" if passed else "failed"), attempt
            assert view["exit"] == ""  # complete: nothing to resume
            assert launch["cmi"]["core"]["session_time"] == "00:01:23.25"  # this session's (scorm-again's spelling)
        else:
            assert view["status"] == "completed/" + ("passed" if passed else "failed"), attempt
            assert view["scaled"] == scaled_text(points / 5), attempt
            assert view["progress"] == "1"
            assert view["exit"] == "suspend"  # 2004: handed back for review
            assert launch["cmi"]["session_time"] == "PT0H1M23.25S"
            (objective,) = launch["cmi"]["objectives"].values()
            assert objective["id"] == OBJECTIVE
            assert objective["success_status"] == ("passed" if passed else "failed")
            assert objective["completion_status"] == "completed"
            assert objective["score"]["scaled"] == view["scaled"]
        assert view["location"] == BOUNDARY_PAGE


@plan
def relaunch(version, pkg):
    look = {"initial": "previous", "steps": [{"look": bc.QUIZ_ID}]}
    return {"pkg": str(pkg["boundary"]), "launches": [boundary_launch("just-above"), look, look]}


@pytest.mark.parametrize("version", VERSIONS)
def test_a_relaunch_brings_back_the_answers_the_result_and_the_page(outcomes, version):
    """Just above the pass mark, then two more launches: suspend_data carries the quiz, the
    location the page, and a launch that changes nothing keeps the LMS's record as it was."""
    first, second, third = outcomes[f"relaunch[{version}]"]
    for launch in (first, second, third):
        assert_clean_session(launch, version)
    assert first["frame"] == "index.html"  # a new attempt starts at the start
    for later in (second, third):
        assert later["frame"] == BOUNDARY_PAGE  # resumed where the learner was
        seen = later["steps"][0]
        assert {q: a["checked"] for q, a in seen["answers"].items()} == {
            "three": ["0", "1", "2"],
            "thirds": ["0"],
            "truth": ["false"],
        }
        assert seen["result"] == first["steps"][-1]["result"]
        assert seen["checkHidden"] is True and "ck-passed" in seen["resultClass"].split()
        assert lms_view(later["cmi"], version) == lms_view(first["cmi"], version)
        assert later["cmi"]["suspend_data"] == first["cmi"]["suspend_data"]
        assert interactions(later["cmi"]) == interactions(first["cmi"])


@plan
def blank_status(version, pkg):
    # An LMS that answers '' for the status of an attempt that has none yet.
    quirks = {"blankStatus": True}
    answered = [{"goto": BOUNDARY_PAGE}, *answer_steps(bc.QUIZ_ID, bc.KINDS, {"truth": False})]
    again = {"initial": "previous", "quirks": quirks, "steps": [{"look": bc.QUIZ_ID}]}
    return {"pkg": str(pkg["boundary"]), "launches": [{"quirks": quirks, "steps": answered}, again]}


@pytest.mark.parametrize("version", VERSIONS)
def test_an_lms_that_answers_a_blank_status_starts_a_new_attempt(outcomes, version):
    """A status of '' is a new attempt, like 'not attempted' (1.2) and 'unknown' (2004): the
    LMS is told the attempt is incomplete, is asked for no saved data it cannot hold (2004
    answers error 403), and the next launch resumes the answer left unchecked."""
    first, second = outcomes[f"blank_status[{version}]"]
    assert_clean_session(first, version)
    assert_clean_session(second, version)
    view = lms_view(first["cmi"], version)
    assert view["status"] == ("incomplete" if version == "1.2" else "incomplete/unknown")
    assert view["exit"] == "suspend" and view["location"] == BOUNDARY_PAGE
    assert second["frame"] == BOUNDARY_PAGE
    assert second["steps"][0]["answers"]["truth"]["checked"] == ["false"]


@plan
def resume_without_status(version, pkg):
    if version != "2004":
        return None  # 1.2 reads suspend_data in every attempt
    # The LMS says "resume" and hands back the data but lost the status (e.g. reset by the LMS).
    lost = {"entry": "resume", "completion_status": "unknown", "success_status": "unknown"}
    again = {"initial": "previous", "patch": lost, "steps": [{"goto": BOUNDARY_PAGE}, {"look": bc.QUIZ_ID}]}
    return {"pkg": str(pkg["boundary"]), "launches": [boundary_launch("just-above"), again]}


@pytest.mark.parametrize("version", ["2004"])
def test_a_resumed_attempt_keeps_its_answers_when_the_lms_lost_its_status(outcomes, version):
    """SCORM 2004: cmi.entry = resume is enough to read the saved answers back; the attempt is
    not started afresh (which would overwrite suspend_data with an empty quiz)."""
    first, again = outcomes[f"resume_without_status[{version}]"]
    assert_clean_session(first, version)
    assert_clean_session(again, version)
    seen = again["steps"][-1]
    assert seen["result"] == first["steps"][-1]["result"]
    assert {q: a["checked"] for q, a in seen["answers"].items()} == {
        "three": ["0", "1", "2"],
        "thirds": ["0"],
        "truth": ["false"],
    }
    assert lms_view(again["cmi"], version)["suspend_data"] == first["cmi"]["suspend_data"]


@plan
def crash_at_start(version, pkg):
    # the browser dies while the course's first page loads: no pagehide, no Terminate
    return {"pkg": str(pkg["boundary"]), "launches": [{"crash": True}, {"initial": "previous", "steps": []}]}


@pytest.mark.parametrize("version", VERSIONS)
def test_a_new_attempt_is_committed_as_soon_as_it_starts(outcomes, version):
    """The new attempt's status, bookmark and exit reach the LMS before the course's first page
    has loaded, so an attempt whose browser dies then is still one the LMS resumes."""
    crashed, next_launch = outcomes[f"crash_at_start[{version}]"]
    assert crashed["problems"] == [] and failed_calls(crashed) == []
    assert crashed["frame"] == "index.html"
    assert crashed["cmi"] is not None, "nothing was committed"
    view = lms_view(crashed["cmi"], version)
    assert view["status"] == ("incomplete" if version == "1.2" else "incomplete/unknown")
    assert (view["exit"], view["location"]) == ("suspend", "index.html")
    assert view["suspend_data"].startswith("c1~")
    assert_clean_session(next_launch, version)
    assert next_launch["frame"] == "index.html"


@plan
def stays(version, pkg):
    launch = boundary_launch("just-above")
    return {
        "pkg": str(pkg["boundary"]),
        "launches": [{"steps": [launch["steps"][0], {"stay": True}, *launch["steps"][1:]]}],
    }


@pytest.mark.parametrize("version", VERSIONS)
def test_a_window_that_stays_after_beforeunload_keeps_its_session(outcomes, version):
    """A beforeunload is no unload: the learner may cancel leaving (another frame's prompt), or
    the navigation may turn into a download. The session goes on, and the check that follows
    reaches the LMS; it ends once, when the window really goes (pagehide)."""
    (launch,) = outcomes[f"stays[{version}]"]
    assert_clean_session(launch, version)
    view = lms_view(launch["cmi"], version)
    assert view["raw"] == "66.66"
    assert view["status"] == ("passed" if version == "1.2" else "completed/passed")


@plan
def new_attempt(version, pkg):
    below, above = boundary_launch("just-below"), boundary_launch("just-above")
    return {
        "pkg": str(pkg["boundary"]),
        "launches": [{"steps": below["steps"] + [{"retry": bc.QUIZ_ID}] + above["steps"][1:]}],
    }


@pytest.mark.parametrize("version", VERSIONS)
def test_a_new_attempt_replaces_the_lms_record(outcomes, version):
    """Below the pass mark, "Try again", then above it: the LMS holds the second result; the
    interactions of both attempts are recorded."""
    (launch,) = outcomes[f"new_attempt[{version}]"]
    assert_clean_session(launch, version)
    view = lms_view(launch["cmi"], version)
    assert view["raw"] == "66.66"
    assert view["status"] == ("passed" if version == "1.2" else "completed/passed")
    assert len(launch["cmi"]["interactions"]) == 2 * len(bc.KINDS)


@plan
def lms_mastery(version, pkg):
    if version != "1.2":
        return None  # 2004's cmi.scaled_passing_score is not read (see scorm-runtime.js)
    return {
        "pkg": str(pkg["boundary"]),
        "launches": [
            {**boundary_launch("just-above"), "patch": {"student_data": {"mastery_score": "70"}}},
            # below the course's own mark (60): a learner at 53.33 passes by the LMS's 50
            {**boundary_launch("just-below"), "patch": {"student_data": {"mastery_score": "50"}}},
        ],
    }


@pytest.mark.parametrize("version", ["1.2"])
def test_the_lms_mastery_score_wins(outcomes, version):
    """SCORM 1.2: an LMS that holds its own mastery score grades by it, and so does the SCO,
    whether it is above the course's pass mark (70: 66.66 fails) or below it (50: 53.33 passes)."""
    higher, lower = outcomes[f"lms_mastery[{version}]"]
    for out, status, raw in ((higher, "failed", "66.66"), (lower, "passed", "53.33")):
        assert_clean_session(out, version)
        view = lms_view(out["cmi"], version)
        assert (view["status"], view["raw"]) == (status, raw)


OTHERS = 11  # objectives the LMS holds before the SCO's own: its index takes two digits


@plan
def objective_kept(version, pkg):
    if version != "2004":
        return None  # 1.2 packages declare no objective
    below, above = boundary_launch("just-below")["steps"], boundary_launch("just-above")["steps"]
    # the LMS created the manifest's objectives before the SCO started, eleven others first
    held = {
        "objectives": {**{str(i): {"id": f"OBJ-elsewhere-{i}"} for i in range(OTHERS)}, str(OTHERS): {"id": OBJECTIVE}}
    }
    first = {"patch": held, "steps": below + [{"retry": bc.QUIZ_ID}] + above[1:]}
    again = {"initial": "previous", "steps": [{"goto": BOUNDARY_PAGE}, {"retry": bc.QUIZ_ID}] + below[1:]}
    return {"pkg": str(pkg["boundary"]), "launches": [first, again]}


@pytest.mark.parametrize("version", ["2004"])
def test_the_lms_objective_is_found_by_its_id_and_kept_up_to_date(outcomes, version):
    """SCORM 2004: the SCO's objective is the one the LMS holds under the manifest's id (not a
    new one, whatever its index: here the 12th), updated by every check of this launch and of
    the next; the LMS's other objectives are left as they were."""
    first, again = outcomes[f"objective_kept[{version}]"]
    for launch, passed in ((first, "passed"), (again, "failed")):
        assert_clean_session(launch, version)
        objectives = launch["cmi"]["objectives"]
        others = [f"OBJ-elsewhere-{i}" for i in range(OTHERS)]
        assert [objectives[k]["id"] for k in sorted(objectives, key=int)] == [*others, OBJECTIVE]
        ours = objectives[str(OTHERS)]
        assert ours["success_status"] == passed and ours["completion_status"] == "completed"
        assert ours["score"]["scaled"] == lms_view(launch["cmi"], version)["scaled"]
        for i in range(OTHERS):
            other = objectives[str(i)]
            assert (other["success_status"], other["completion_status"]) == ("unknown", "unknown")


@plan
def two_quiz(version, pkg):
    def checked(quiz):
        return [{"goto": tq.PAGES[quiz]}, *answer_steps(quiz, tq.KINDS[quiz], tq.RESPONSES[quiz]), {"check": quiz}]

    # the next launch: "Try again" at both, the second checked again, the first left open
    reopened = [{"goto": tq.PAGES[tq.FIRST]}, {"retry": tq.FIRST}, {"goto": tq.PAGES[tq.SECOND]}, {"retry": tq.SECOND}]
    return {
        "pkg": str(pkg["two"]),
        "launches": [
            {"steps": checked(tq.FIRST)},
            {"initial": "previous", "steps": checked(tq.SECOND)},
            {"initial": "previous", "steps": reopened + checked(tq.SECOND)[1:]},
        ],
    }


@pytest.mark.parametrize("version", VERSIONS)
def test_a_sco_of_two_quizzes_is_scored_once_both_are_checked(outcomes, version):
    """One quiz checked of two: the attempt is incomplete and has no score (nor does its 2004
    objective); both checked: complete, scored by the points of both over their maxima. A
    later launch that reopens the first quiz ("Try again") and checks the second makes the
    attempt incomplete again."""
    one, two, three = outcomes[f"two_quiz[{version}]"]
    for launch in (one, two, three):
        assert_clean_session(launch, version)
    view = lms_view(three["cmi"], version)
    # 2004: the earlier "passed" must not stay beside "incomplete" (nor beside the objective's "unknown")
    assert view["status"] == ("incomplete" if version == "1.2" else "incomplete/unknown") and view["exit"] == "suspend"
    if version == "2004":
        (objective,) = three["cmi"]["objectives"].values()
        assert (objective["completion_status"], objective["success_status"]) == ("incomplete", "unknown")
    view = lms_view(one["cmi"], version)
    assert view["raw"] == "" and view["exit"] == "suspend" and view["location"] == tq.PAGES[tq.FIRST]
    assert view["status"] == ("incomplete" if version == "1.2" else "incomplete/unknown")
    view = lms_view(two["cmi"], version)
    assert (view["raw"], view["min"], view["max"]) == ("66.66", "0", "100")
    if version == "1.2":
        assert view["status"] == "passed" and view["exit"] == ""
        return
    assert view["status"] == "completed/passed" and view["scaled"] == scaled_text(2 / 3)
    assert view["progress"] == "1" and lms_view(one["cmi"], version)["progress"] == ""
    for launch, status in ((one, ("incomplete", "unknown", "")), (two, ("completed", "passed", view["scaled"]))):
        (objective,) = launch["cmi"]["objectives"].values()
        assert (objective["completion_status"], objective["success_status"], objective["score"]["scaled"]) == status


@plan
def reading_only(version, pkg):
    return {
        "pkg": str(pkg["reading"]),
        "launches": [
            {"steps": [{"goto": "chapter-one.html"}]},
            {"initial": "previous", "steps": [{"goto": "chapter-two.html"}]},
        ],
    }


@pytest.mark.parametrize("version", VERSIONS)
def test_a_sco_without_quizzes_is_complete_once_every_page_was_shown(outcomes, version):
    one, two = outcomes[f"reading_only[{version}]"]
    assert_clean_session(one, version)
    assert_clean_session(two, version)
    assert two["frame"] == "chapter-one.html"  # resumed where the learner left
    view = lms_view(one["cmi"], version)
    assert view["raw"] == "" and view["exit"] == "suspend"
    assert view["status"] == ("incomplete" if version == "1.2" else "incomplete/unknown")
    view = lms_view(two["cmi"], version)
    assert view["raw"] == ""
    if version == "1.2":
        assert view["status"] == "completed" and view["exit"] == ""
    else:
        assert view["status"] == "completed/unknown" and view["progress"] == "1"


# ---------------------------------------------------------------- where the LMS puts the SCO

# Where LMSs put the launch page (tests/js/lms.js launch option `where`): deep in their own
# frames, in a new window (a popup, the API in the window that opened it), or in a frame of
# one; or in a frame of a player window that holds the API and was itself opened by a page of
# the LMS without one (Moodle's "new window" display).
PLACES = {
    "7 frames down": {"frames": 7},
    "a popup": {"popup": True, "frames": 0},
    "a frame of a popup": {"popup": True, "frames": 1},
    "a frame of a player window": {"frames": 1, "opened": True},
    "8 frames down": {"frames": 8},
}


@plan
def placed(version, pkg):
    return {
        "pkg": str(pkg["boundary"]),
        "launches": [{**boundary_launch("just-above"), "where": w} for w in PLACES.values()],
    }


@pytest.mark.parametrize("version", VERSIONS)
def test_the_lms_api_is_found_where_lms_windows_put_it(outcomes, version):
    """The API is found as ADL's discovery algorithm finds it: in the launch page's window or
    one of up to 7 parents above it, else in the opener's chain (of the window, or of the top
    window it is a frame of). Found, the learner's result reaches the LMS; 8 frames down it is
    not found: the course runs as the HTML site with the "not connected" notice, and the
    learner still sees the result."""
    out = outcomes[f"placed[{version}]"]
    assert len(out) == len(PLACES)
    for where, launch in zip(PLACES, out, strict=True):
        assert launch["steps"][-1]["result"].startswith("You scored 3.33 of 5 points (66.7%). Passed"), where
        if where == "8 frames down":
            assert launch["problems"] == [] and launch["calls"] == [], where
            assert launch["notice"] is True, where
            continue
        assert_clean_session(launch, version)
        view = lms_view(launch["cmi"], version)
        assert (view["raw"], view["status"]) == ("66.66", "passed" if version == "1.2" else "completed/passed"), where


# ---------------------------------------------------------------- an LMS that departs from scorm-again

METHODS = {"1.2": ("LMSInitialize", "LMSGetValue"), "2004": ("Initialize", "GetValue")}
STATUS_ELEMENT = {"1.2": "cmi.core.lesson_status", "2004": "cmi.completion_status"}


@plan
def refused_start(version, pkg):
    # the LMS refuses to start the session (SCORM's "general initialization failure")
    quirks = {"refuse": {METHODS[version][0]: "101" if version == "1.2" else "102"}}
    return {"pkg": str(pkg["boundary"]), "launches": [{**boundary_launch("just-above"), "quirks": quirks}]}


@pytest.mark.parametrize("version", VERSIONS)
def test_an_lms_that_refuses_to_start_the_session_is_left_alone(outcomes, version):
    """Initialize answered "false": the course runs as the HTML site, with the "not connected"
    notice, and the runtime asks and tells the LMS nothing more."""
    (launch,) = outcomes[f"refused_start[{version}]"]
    assert launch["problems"] == [] and launch["notice"] is True
    assert [c[:4] for c in launch["calls"]] == [[METHODS[version][0], "", None, "false"]]
    assert launch["frame"] == "index.html"
    assert launch["steps"][-1]["result"].startswith("You scored 3.33 of 5 points (66.7%). Passed")


@plan
def blank_error(version, pkg):
    # an LMS whose GetLastError answers '' for "no error"
    quirks = {"blankError": True}
    look = {"initial": "previous", "quirks": quirks, "steps": [{"look": bc.QUIZ_ID}]}
    return {"pkg": str(pkg["boundary"]), "launches": [{**boundary_launch("just-above"), "quirks": quirks}, look]}


@pytest.mark.parametrize("version", VERSIONS)
def test_an_lms_that_answers_a_blank_error_code_resumes_the_attempt(outcomes, version):
    """GetLastError answering '' is no error: what the LMS answers is read, and the next launch
    shows the page, the answers and the result the learner left."""
    first, again = outcomes[f"blank_error[{version}]"]
    assert_clean_session(first, version)
    assert_clean_session(again, version)
    assert again["frame"] == BOUNDARY_PAGE
    seen = again["steps"][0]
    assert seen["result"] == first["steps"][-1]["result"]
    assert {q: a["checked"] for q, a in seen["answers"].items()} == {
        "three": ["0", "1", "2"],
        "thirds": ["0"],
        "truth": ["false"],
    }
    assert lms_view(again["cmi"], version) == lms_view(first["cmi"], version)


@plan
def throwing_status(version, pkg):
    # an LMS whose GetValue throws for the status (a broken API), the first launch only
    quirks = {"throws": [[METHODS[version][1], STATUS_ELEMENT[version]]]}
    answered = [{"goto": BOUNDARY_PAGE}, *answer_steps(bc.QUIZ_ID, bc.KINDS, {"truth": False})]
    again = {"initial": "previous", "steps": [{"look": bc.QUIZ_ID}]}
    return {"pkg": str(pkg["boundary"]), "launches": [{"quirks": quirks, "steps": answered}, again]}


@pytest.mark.parametrize("version", VERSIONS)
def test_a_call_the_lms_throws_on_reads_as_no_answer(outcomes, version):
    """GetValue of the status throws: the runtime reads no status, a new attempt, and starts it
    (the LMS holds it incomplete, with the bookmark and the answer left unchecked); no other
    call fails, and the next launch resumes it."""
    first, again = outcomes[f"throwing_status[{version}]"]
    assert first["problems"] == [] and first["notice"] is False
    failed = [[STATUS_ELEMENT[version], METHODS[version][1]]]
    assert [[c[1], c[0]] for c in failed_calls(first)] == failed
    view = lms_view(first["cmi"], version)
    assert view["status"] == ("incomplete" if version == "1.2" else "incomplete/unknown")
    assert view["exit"] == "suspend" and view["location"] == BOUNDARY_PAGE
    assert_clean_session(again, version)
    assert again["frame"] == BOUNDARY_PAGE
    assert again["steps"][0]["answers"]["truth"]["checked"] == ["false"]


@plan
def no_reads(version, pkg):
    # an LMS that answers no GetValue: '' with error 401 (not implemented), as a tracking-only LMS
    quirks = {"refuse": {METHODS[version][1]: "401"}}
    answered = [{"goto": BOUNDARY_PAGE}, *answer_steps(bc.QUIZ_ID, bc.KINDS, {"truth": False})]
    return {"pkg": str(pkg["boundary"]), "launches": [{"quirks": quirks, "steps": answered}]}


@pytest.mark.parametrize("version", VERSIONS)
def test_an_lms_that_answers_no_reads_gets_a_new_attempt(outcomes, version):
    """Every GetValue refused: the runtime reads nothing (no status, no saved data, no mode) and
    starts a new attempt, which the LMS holds incomplete with the bookmark and the answer; only
    the reads failed."""
    (launch,) = outcomes[f"no_reads[{version}]"]
    assert launch["problems"] == [] and launch["notice"] is False
    assert {c[0] for c in failed_calls(launch)} == {METHODS[version][1]}
    assert launch["frame"] == "index.html"
    view = lms_view(launch["cmi"], version)
    assert view["status"] == ("incomplete" if version == "1.2" else "incomplete/unknown")
    assert view["exit"] == "suspend" and view["location"] == BOUNDARY_PAGE
    assert view["suspend_data"].startswith("c1~")


# ---------------------------------------------------------------- every question type

INTERACTION_TYPES = {
    "sc": "choice",
    "mr": "choice",
    "tf": "true-false",
    "num": "numeric",
    "short": "fill-in",
    "match": "matching",
    "order": "sequencing",
    "gaps": "fill-in",
}
# What the LMS must hold as the learner's response: SCORM 1.2 and 2004 spellings.
RESPONSES = {
    "right": {
        "sc": ("a", "a"),
        "mr": ("a,b", "a[,]b"),
        "tf": ("t", "true"),
        "num": ("5.7", "5.7"),
        "short": ("Paris", "Paris"),
        "essay": ("An essay over two lines, with a comma", "An essay over two lines, with a comma"),
        "match": ("1.a,2.b,3.c", "1[.]a[,]2[.]b[,]3[.]c"),
        "order": ("a,b,c", "a[,]b[,]c"),
        "gaps": ("Paris,blue", "Paris[,]blue"),
    },
    "wrong": {
        "sc": ("b", "b"),
        "mr": ("c", "c"),
        "tf": ("f", "false"),
        "num": ("7.5", "7.5"),
        "short": ("Lyon, or; ~so! 100% a|b^c", "Lyon, or; ~so! 100% a|b^c"),
        "essay": ("An essay over two lines, with a comma", "An essay over two lines, with a comma"),
        "match": ("1.b,2.c,3.a", "1[.]b[,]2[.]c[,]3[.]a"),
        "order": ("c,b,a", "c[,]b[,]a"),
        "gaps": ("Rome; or~not,green", "Rome; or~not[,]green"),
    },
}
WEIGHTS = {
    "sc": "2",
    "mr": "1",
    "tf": "1",
    "num": "1",
    "short": "1",
    "essay": "3",
    "match": "3",
    "order": "1",
    "gaps": "1",
}


def every_type_plan(every, responses: dict) -> dict:
    first = {
        "steps": [
            {"goto": ec.QUIZ_PAGE},
            *answer_steps(ec.QUIZ_ID, ec.KINDS, responses),
            {"check": ec.QUIZ_ID},
            {"look": ec.QUIZ_ID},
        ]
    }
    again = {"initial": "previous", "steps": [{"goto": ec.QUIZ_PAGE}, {"look": ec.QUIZ_ID}]}
    return {"pkg": str(every), "launches": [first, again]}


@plan
def every_right(version, pkg):
    return every_type_plan(pkg["every"], ec.RIGHT)


@plan
def every_wrong(version, pkg):
    return every_type_plan(pkg["every"], ec.WRONG)


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("how", ["right", "wrong"])
def test_every_type_reaches_the_lms_and_comes_back(outcomes, version, how):
    responses = ec.RIGHT if how == "right" else ec.WRONG
    one, two = outcomes[f"every_{how}[{version}]"]
    assert_clean_session(one, version)
    assert_clean_session(two, version)
    view = lms_view(one["cmi"], version)
    assert view["raw"] == ("100" if how == "right" else "0")
    passed = "passed" if how == "right" else "failed"
    assert view["status"] == (passed if version == "1.2" else f"completed/{passed}")
    if version == "2004":
        assert view["scaled"] == ("1" if how == "right" else "0")
    got = interactions(one["cmi"])
    assert sorted(got) == sorted(f"{ec.QUIZ_ID}_{q}" for q in ec.KINDS)
    for qid in ec.KINDS:
        row = got[f"{ec.QUIZ_ID}_{qid}"]
        response = row["student_response"] if version == "1.2" else row["learner_response"]
        assert response == RESPONSES[how][qid][0 if version == "1.2" else 1], qid
        assert row["weighting"] == WEIGHTS[qid], qid
        if qid == "essay":
            assert row["result"] == "neutral"
            assert row["type"] == ("fill-in" if version == "1.2" else "long-fill-in")
        else:
            assert row["type"] == INTERACTION_TYPES[qid], qid
            wrong = "wrong" if version == "1.2" else "incorrect"
            assert row["result"] == ("correct" if how == "right" else wrong), qid
    # The next launch shows every answer as the learner left it, and the same results.
    before, after = one["steps"][-1], two["steps"][-1]
    assert after == before
    assert after["answers"]["order"]["order"] == [str(i) for i in responses["order"]]
    assert after["answers"]["short"]["typed"] == [responses["short"]]


@plan
def unchecked(version, pkg):
    first = {
        "steps": [{"goto": ec.QUIZ_PAGE}, *answer_steps(ec.QUIZ_ID, ec.KINDS, ec.WRONG), {"goto": ec.READING_PAGE}]
    }
    again = {"initial": "previous", "steps": [{"goto": ec.QUIZ_PAGE}, {"look": ec.QUIZ_ID}]}
    return {"pkg": str(pkg["every"]), "launches": [first, again]}


@pytest.mark.parametrize("version", VERSIONS)
def test_answers_without_a_check_survive_a_relaunch_and_the_attempt_stays_open(outcomes, version):
    one, two = outcomes[f"unchecked[{version}]"]
    assert_clean_session(one, version)
    assert_clean_session(two, version)
    view = lms_view(one["cmi"], version)
    assert view["status"] == ("incomplete" if version == "1.2" else "incomplete/unknown")
    assert view["raw"] == "" and view["exit"] == "suspend"
    assert view["location"] == ec.READING_PAGE
    assert two["frame"] == ec.READING_PAGE
    seen = two["steps"][-1]
    assert seen["result"] == "" and seen["checkHidden"] is False
    assert seen["answers"]["short"]["typed"] == [ec.WRONG["short"]]
    assert seen["answers"]["gaps"]["typed"] == ec.WRONG["gaps"]
    assert seen["answers"]["match"]["typed"] == [str(i) for i in ec.WRONG["match"]]
    assert seen["answers"]["sc"]["checked"] == ["1"] and seen["answers"]["tf"]["checked"] == ["false"]
    assert one["cmi"]["interactions"] == {} or one["cmi"]["interactions"] == []


# Free text holding every delimiter of the suspend_data encoding (, ; ! ~ | ^ %) and text that
# reads like its escapes (%2c, %7C, %25): suspend_data must bring back what was typed, no more
# decoded than it was. The first gap holds the gaps' own separator, `|`.
DELIMITED = {
    **ec.WRONG,
    "short": "50%2c off; 100%25 | %7C^%5e ~!,",
    "essay": "%41 is not A;\nnor %zz, ~| ^! %",
    "gaps": ["a|b %7c; c!d~e^f", "green"],
}


@plan
def delimited(version, pkg):
    # The items are put in another order first: an order the page happened to show and the
    # learner never changed is not kept by suspend_data (the page shows them anew on return).
    arranged = {"answer": [ec.QUIZ_ID, "order", "ordering", ec.RIGHT["order"]]}
    answers = answer_steps(ec.QUIZ_ID, ec.KINDS, DELIMITED)
    first = {"steps": [{"goto": ec.QUIZ_PAGE}, arranged, *answers, {"goto": ec.READING_PAGE}]}
    again = {"initial": "previous", "steps": [{"goto": ec.QUIZ_PAGE}, {"look": ec.QUIZ_ID}, {"check": ec.QUIZ_ID}]}
    later = {"initial": "previous", "steps": [{"goto": ec.QUIZ_PAGE}, {"look": ec.QUIZ_ID}]}
    return {"pkg": str(pkg["every"]), "launches": [first, again, later]}


@pytest.mark.parametrize("version", VERSIONS)
def test_text_with_the_delimiters_of_suspend_data_comes_back_as_typed(outcomes, version):
    """The learner types text full of suspend_data's delimiters and leaves without checking;
    back, they see every answer as they typed it and check: the LMS records the first
    session's answers; a third launch shows them again."""
    one, two, three = outcomes[f"delimited[{version}]"]
    for launch in (one, two, three):
        assert_clean_session(launch, version)
    seen = two["steps"][1]
    for qid in ("num", "short", "essay"):
        assert seen["answers"][qid]["typed"] == [DELIMITED[qid]], qid
    assert seen["answers"]["gaps"]["typed"] == DELIMITED["gaps"]
    assert seen["answers"]["match"]["typed"] == [str(i) for i in DELIMITED["match"]]
    assert seen["answers"]["order"]["order"] == [str(i) for i in DELIMITED["order"]]
    assert seen["answers"]["sc"]["checked"] == ["1"] and seen["answers"]["mr"]["checked"] == ["2"]
    assert seen["answers"]["tf"]["checked"] == ["false"]
    got = interactions(two["cmi"])
    response = "student_response" if version == "1.2" else "learner_response"
    assert got[f"{ec.QUIZ_ID}_short"][response] == DELIMITED["short"]
    assert got[f"{ec.QUIZ_ID}_essay"][response] == " ".join(DELIMITED["essay"].split())
    separator = "," if version == "1.2" else "[,]"
    assert got[f"{ec.QUIZ_ID}_gaps"][response] == separator.join(DELIMITED["gaps"])
    assert lms_view(two["cmi"], version)["raw"] == "0"
    assert three["steps"][-1]["answers"] == seen["answers"]


# Some questions left open: no choice, no text, a pair and a gap not filled.
PARTLY = {"mr": [0, 2], "tf": True, "match": [None, 0, 2], "gaps": ["", "green"]}


@plan
def partly(version, pkg):
    first = {"steps": [{"goto": ec.QUIZ_PAGE}, *answer_steps(ec.QUIZ_ID, ec.KINDS, PARTLY), {"goto": ec.READING_PAGE}]}
    reading = {"initial": "previous", "steps": [{"goto": ec.READING_PAGE}]}
    again = {"initial": "previous", "steps": [{"sidebar": True}, {"goto": ec.QUIZ_PAGE}, {"look": ec.QUIZ_ID}]}
    return {"pkg": str(pkg["every"]), "launches": [first, reading, again]}


@pytest.mark.parametrize("version", VERSIONS)
def test_a_partly_answered_quiz_comes_back_as_it_was_left(outcomes, version):
    """Questions left open come back open, and the answered ones as they were: a matching
    with its first pair open, a fill-in with its first gap empty. Between the two, a session
    that only reads a page saves the state it was handed again, as it was."""
    one, reading, two = outcomes[f"partly[{version}]"]
    for launch in (one, reading, two):
        assert_clean_session(launch, version)
    side, _, seen = two["steps"]
    assert [row[2] for row in side if row[2]] == ["Quiz in progress"]
    answers = seen["answers"]
    assert answers["sc"]["checked"] == [] and answers["mr"]["checked"] == ["0", "2"]
    assert answers["tf"]["checked"] == ["true"]
    assert answers["num"]["typed"] == answers["short"]["typed"] == answers["essay"]["typed"] == [""]
    assert answers["match"]["typed"] == ["", "0", "2"]
    assert answers["gaps"]["typed"] == ["", "green"]


@plan
def untouched(version, pkg):
    typed = [{"answer": [ec.QUIZ_ID, "short", "short_answer", text]} for text in ("Paris", "")]
    first = {"steps": [{"goto": ec.QUIZ_PAGE}, *typed, {"goto": ec.READING_PAGE}]}
    again = {"initial": "previous", "steps": [{"sidebar": True}, {"goto": ec.QUIZ_PAGE}, {"look": ec.QUIZ_ID}]}
    return {"pkg": str(pkg["every"]), "launches": [first, again]}


@pytest.mark.parametrize("version", VERSIONS)
def test_a_quiz_whose_only_answer_was_taken_back_is_not_taken_yet(outcomes, version):
    """The learner types an answer, deletes it again and leaves: back, the menu says the quiz
    is not taken yet and every question is open."""
    one, two = outcomes[f"untouched[{version}]"]
    assert_clean_session(one, version)
    assert_clean_session(two, version)
    side, _, seen = two["steps"]
    assert [row[2] for row in side if row[2]] == ["Quiz not taken yet"]
    for qid, shown in seen["answers"].items():
        assert shown["checked"] == [], qid
        assert set(shown["typed"]) <= {""}, qid


@plan
def wide_match(version, pkg):
    first = {"steps": [{"goto": WIDE_PAGE}, {"answer": [WIDE_QUIZ, "match", "matching", [36, 5]]}, {"look": WIDE_QUIZ}]}
    return {"pkg": str(pkg["wide"]), "launches": [first, {"initial": "previous", "steps": [{"look": WIDE_QUIZ}]}]}


@pytest.mark.parametrize("version", VERSIONS)
def test_a_pair_matched_beyond_the_36th_option_comes_back_as_matched(outcomes, version):
    """37 options, one more than one character names: the first pair, matched to the 37th
    option, and the second, matched to the 6th, both come back as the learner left them."""
    one, two = outcomes[f"wide_match[{version}]"]
    assert_clean_session(one, version)
    assert_clean_session(two, version)
    assert one["steps"][-1]["answers"]["match"]["typed"] == ["36", "5"]
    assert two["steps"][-1]["answers"]["match"]["typed"] == ["36", "5"]


REVERSED = list(range(35, -1, -1))


@plan
def wide_order(version, pkg):
    first = {"steps": [{"goto": WIDE_PAGE}, {"answer": [WIDE_QUIZ, "order", "ordering", REVERSED]}]}
    return {"pkg": str(pkg["wide"]), "launches": [first, {"initial": "previous", "steps": [{"look": WIDE_QUIZ}]}]}


@pytest.mark.parametrize("version", ["2004"])
def test_an_ordering_of_36_items_comes_back_as_left(outcomes, version):
    """36 items, the most suspend_data writes (one character each): the learner reverses them
    and leaves; back, they are in the learner's order."""
    one, two = outcomes[f"wide_order[{version}]"]
    assert_clean_session(one, version)
    assert_clean_session(two, version)
    assert two["steps"][-1]["answers"]["order"]["order"] == [str(i) for i in REVERSED]


REVERSED_40 = list(range(39, -1, -1))


@plan
def wide_order_40(version, pkg):
    first = {"steps": [{"goto": WIDE_PAGE}, {"answer": [WIDE_QUIZ, "order40", "ordering", REVERSED_40]}]}
    back = {"initial": "previous", "steps": [{"sidebar": True}, {"look": WIDE_QUIZ}]}
    return {"pkg": str(pkg["wide"]), "launches": [first, back]}


@pytest.mark.parametrize("version", VERSIONS)
def test_an_ordering_of_40_items_comes_back_as_left(outcomes, version):
    """40 items, more than one character each can name: the learner reverses them and leaves;
    back, they are in the learner's order, and the menu calls the quiz begun, not untouched."""
    one, two = outcomes[f"wide_order_40[{version}]"]
    assert_clean_session(one, version)
    assert_clean_session(two, version)
    assert len(REVERSED_40) == 40
    side, seen = two["steps"]
    assert [row[2] for row in side if row[2]] == ["Quiz in progress"]
    assert seen["answers"]["order40"]["order"] == [str(i) for i in REVERSED_40]


# Just over what the budget leaves suspend_data in the every-type course's 2004 package: 32,768
# bytes less its reserve (1,059) and the 9 interactions of the check (4,476), about 27,200.
LONG_ESSAY = "a" * 28200


def essay_then_relaunch(version: str, pkg: dict, essay: str, only: str = "2004") -> dict | None:
    """Every answer right with this essay, checked; then a relaunch that looks at the quiz (in
    SCORM version ``only``: 1.2's suspend_data holds 4,096 characters, so there an essay is cut
    long before the request budget)."""
    if version != only:
        return None
    responses = {**ec.RIGHT, "essay": essay}
    first = {"steps": [{"goto": ec.QUIZ_PAGE}, *answer_steps(ec.QUIZ_ID, ec.KINDS, responses), {"check": ec.QUIZ_ID}]}
    again = {"initial": "previous", "steps": [{"goto": ec.QUIZ_PAGE}, {"look": ec.QUIZ_ID}]}
    return {"pkg": str(pkg["every"]), "launches": [first, again]}


@plan
def long_essay(version, pkg):
    return essay_then_relaunch(version, pkg, LONG_ESSAY)


@pytest.mark.parametrize("version", ["2004"])
def test_suspend_data_keeps_to_its_share_of_the_request(outcomes, version):
    """An essay that would take suspend_data past what the request budget leaves it (32 KiB,
    less the reserve and the interactions recorded) comes back shortened to 200 characters;
    every other answer comes back whole."""
    one, two = outcomes[f"long_essay[{version}]"]
    assert_clean_session(one, version)
    assert_clean_session(two, version)
    seen = two["steps"][-1]
    assert seen["answers"]["essay"]["typed"] == [LONG_ESSAY[:200]]
    assert seen["answers"]["short"]["typed"] == [ec.RIGHT["short"]]
    assert seen["answers"]["sc"]["checked"] == ["0"]


# Just over what SCORM 1.2's suspend_data holds (4,096 characters) with the other answers.
ESSAY_OVER_12 = "b" * 4050


@plan
def essay_over_12(version, pkg):
    return essay_then_relaunch(version, pkg, ESSAY_OVER_12, only="1.2")


@pytest.mark.parametrize("version", ["1.2"])
def test_suspend_data_keeps_to_the_12_limit(outcomes, version):
    """SCORM 1.2: an essay that would take suspend_data past its 4,096 characters comes back
    shortened to 200 characters; every other answer, and the result, come back whole."""
    one, two = outcomes[f"essay_over_12[{version}]"]
    assert_clean_session(one, version)
    assert_clean_session(two, version)
    assert len(one["cmi"]["suspend_data"]) <= 4096
    seen = two["steps"][-1]
    assert seen["answers"]["essay"]["typed"] == [ESSAY_OVER_12[:200]]
    assert seen["answers"]["short"]["typed"] == [ec.RIGHT["short"]]
    assert seen["answers"]["sc"]["checked"] == ["0"]
    assert seen["result"].startswith(f"You scored {ec.MAX} of {ec.MAX} points"), seen["result"]


# A gap's text as long: suspend_data shortens it as it does an essay's.
LONG_GAP = "c" * 4050


@plan
def gap_over_12(version, pkg):
    if version != "1.2":
        return None
    responses = {**ec.RIGHT, "gaps": [LONG_GAP, "blue"]}
    first = {"steps": [{"goto": ec.QUIZ_PAGE}, *answer_steps(ec.QUIZ_ID, ec.KINDS, responses), {"check": ec.QUIZ_ID}]}
    again = {"initial": "previous", "steps": [{"goto": ec.QUIZ_PAGE}, {"look": ec.QUIZ_ID}]}
    return {"pkg": str(pkg["every"]), "launches": [first, again]}


@pytest.mark.parametrize("version", ["1.2"])
def test_a_gap_too_long_for_12s_suspend_data_comes_back_shortened(outcomes, version):
    """SCORM 1.2: a fill-in gap's text that would take suspend_data past its 4,096 characters
    comes back shortened to 200 characters; the other gap, the other answers and the result
    come back whole."""
    one, two = outcomes[f"gap_over_12[{version}]"]
    assert_clean_session(one, version)
    assert_clean_session(two, version)
    assert len(one["cmi"]["suspend_data"]) <= 4096
    seen = two["steps"][-1]
    assert seen["answers"]["gaps"]["typed"] == [LONG_GAP[:200], "blue"]
    assert seen["answers"]["essay"]["typed"] == [ec.ESSAY]
    assert seen["answers"]["sc"]["checked"] == ["0"]
    assert seen["result"] == one["steps"][-1]["result"]


# Just within that share: the rest of suspend_data takes 148 of its 27,233 bytes.
FITTING_ESSAY = "a" * 27000
REQUEST_BYTES = 32 * 1024  # exporters/scorm/budget.py


@plan
def fitting_essay(version, pkg):
    return essay_then_relaunch(version, pkg, FITTING_ESSAY)


@pytest.mark.parametrize("version", ["2004"])
def test_suspend_data_uses_all_of_its_share_of_the_request(outcomes, version):
    """An essay that leaves suspend_data just within its share comes back whole, and every
    request of Moodle's API (the whole data model) stays within the budget."""
    one, two = outcomes[f"fitting_essay[{version}]"]
    assert_clean_session(one, version)
    assert_clean_session(two, version)
    assert two["steps"][-1]["answers"]["essay"]["typed"] == [FITTING_ESSAY]
    assert all(size <= REQUEST_BYTES for _, size in moodle_request_sizes([one["calls"]]))


@pytest.mark.parametrize("version", ["2004"])
def test_interactions_the_lms_holds_unaccounted_count_against_the_budget(outcomes, every, version):
    """The LMS holds the 9 interactions of a first check, but suspend_data does not count them:
    it was saved by a package from before its last field (the runtime's account of the
    interactions), as a course updated in the LMS during an attempt hands it back. The learner
    tries again with an essay that would fill suspend_data's usual share and checks: the new
    interactions are recorded, the runtime assumes the worst for the old ones, so the essay is
    shortened and every request of Moodle's API (the old interactions as well as the new) stays
    within the budget; the next launch shows the new answers."""
    first = outcomes[f"every_right[{version}]"][0]
    held = {**first["cmi"], "suspend_data": first["cmi"]["suspend_data"].rsplit("~", 1)[0]}
    assert len(interactions(held)) == len(ec.KINDS) and held["suspend_data"].count("~") == 2
    again, later = retry_with_a_fitting_essay(outcomes, every, version, held)
    seen = assert_two_checks_within_budget(first, again, later)
    assert seen["answers"]["short"]["typed"] == [ec.RIGHT["short"]]


@pytest.mark.parametrize("version", ["2004"])
def test_interactions_the_lms_stopped_handing_back_still_count_against_the_budget(outcomes, every, version):
    """The learner checks the every-type quiz; on the next launch the LMS hands back
    suspend_data but none of the 9 interactions (as an LMS that keeps them without reporting
    them), while Moodle's API still posts them with every request. The learner tries again with
    an essay that would fill suspend_data's usual share and checks: the runtime keeps counting
    the interactions it recorded, so the essay is shortened to 200 characters and every request
    (the first check's interactions as well as the new) stays within the budget."""
    first = outcomes[f"every_right[{version}]"][0]
    items = first["cmi"]["interactions"]
    assert len(items) == len(ec.KINDS)
    lost = {**first["cmi"], "interactions": {} if isinstance(items, dict) else []}
    again, later = retry_with_a_fitting_essay(outcomes, every, version, lost)
    assert len(again["cmi"]["interactions"]) == len(ec.KINDS)
    sizes = moodle_request_sizes([first["calls"], again["calls"]])
    assert sizes and all(size <= REQUEST_BYTES for _, size in sizes), sizes
    seen = later["steps"][-1]
    assert seen["answers"]["essay"]["typed"] == [FITTING_ESSAY[:200]]
    assert seen["result"].startswith(f"You scored {ec.MAX} of {ec.MAX} points"), seen["result"]


def retry_with_a_fitting_essay(outcomes, every, version: str, held: dict) -> tuple[dict, dict]:
    """A launch on the LMS data ``held`` in which the learner tries the every-type quiz again,
    all right with an essay that would fill suspend_data's usual share, and checks; then a
    launch that looks at the quiz. Both sessions clean; their outcomes."""
    responses = {**ec.RIGHT, "essay": FITTING_ESSAY}
    steps = [{"goto": ec.QUIZ_PAGE}, {"retry": ec.QUIZ_ID}, *answer_steps(ec.QUIZ_ID, ec.KINDS, responses)]
    look = {"initial": "previous", "steps": [{"goto": ec.QUIZ_PAGE}, {"look": ec.QUIZ_ID}]}
    launches = [{"initial": held, "steps": [*steps, {"check": ec.QUIZ_ID}]}, look]
    plan = {"version": version, "pkg": str(every[version]), "launches": launches}
    again, later = outcomes.server.run({"held": plan})["held"]
    assert_clean_session(again, version)
    assert_clean_session(later, version)
    return again, later


def assert_two_checks_within_budget(first: dict, second: dict, look: dict) -> dict:
    """The second session's check is recorded in full beside the first's, every request within
    Moodle's budget, and the essay comes back shortened to 200 characters: what ``look`` saw."""
    assert len(second["cmi"]["interactions"]) == 2 * len(ec.KINDS)
    sizes = moodle_request_sizes([first["calls"], second["calls"]])
    assert sizes and all(size <= REQUEST_BYTES for _, size in sizes), sizes
    seen = look["steps"][-1]
    assert seen["answers"]["essay"]["typed"] == [FITTING_ESSAY[:200]]
    assert seen["result"].startswith(f"You scored {ec.MAX} of {ec.MAX} points"), seen["result"]
    return seen


# ---------------------------------------------------------------- suspend_data across launches


# At the edges of what suspend_data may take in the every-type course, every other answer right:
# 1.2's 4,096 characters are reached exactly with an essay of 4,002; in 2004 its share of the
# request (32 KiB less the reserve and the check's 9 interactions: 27,260 bytes URL-encoded)
# with one of 27,112. One character more, and the essay is shortened. The launches run on a
# clock (as the pass-mark ones): the interactions' timestamps and latencies, and so their
# bytes, depend on the time.
ESSAY_AT_EDGE = {"1.2": 4002, "2004": 27112}


def on_the_clock(plan: dict | None) -> dict | None:
    if plan is not None:
        plan["launches"] = [{**launch, "clock": CLOCK} for launch in plan["launches"]]
    return plan


@plan
def essay_at_edge(version, pkg):
    plan = essay_then_relaunch(version, pkg, "c" * ESSAY_AT_EDGE[version], only=version)
    plan["launches"].append(plan["launches"][-1])  # and once more: a session that changes nothing
    return on_the_clock(plan)


@plan
def essay_past_edge(version, pkg):
    return on_the_clock(essay_then_relaunch(version, pkg, "c" * (ESSAY_AT_EDGE[version] + 1), only=version))


@pytest.mark.parametrize("version", VERSIONS)
def test_suspend_data_takes_all_it_may_and_not_one_character_more(outcomes, version):
    """An essay that fills suspend_data to the last character it may take (1.2: 4,096; 2004:
    its share of the request) comes back whole, and again after a session that changed nothing
    (which knows what the interactions recorded take); one character longer, it comes back
    shortened to 200 characters, and the other answers whole."""
    (one, two, three), (over, later) = outcomes[f"essay_at_edge[{version}]"], outcomes[f"essay_past_edge[{version}]"]
    for launch in (one, two, three, over, later):
        assert_clean_session(launch, version)
    if version == "1.2":
        assert len(one["cmi"]["suspend_data"]) == 4096
    essay = "c" * ESSAY_AT_EDGE[version]
    assert two["steps"][-1]["answers"]["essay"]["typed"] == [essay]
    assert three["steps"][-1] == two["steps"][-1]
    seen = later["steps"][-1]
    assert seen["answers"]["essay"]["typed"] == [essay[:200]]
    assert seen["answers"]["short"]["typed"] == [ec.RIGHT["short"]]
    assert seen["answers"]["gaps"]["typed"] == ec.RIGHT["gaps"]
    assert seen["result"].startswith(f"You scored {ec.MAX} of {ec.MAX} points"), seen["result"]


@pytest.mark.parametrize("version", ["1.2"])
def test_suspend_data_at_its_edge_in_a_sco_of_five_pages(tmp_path_factory, outcomes, version):
    """The same edge in the every-type course of five pages (two more chapters): the pages seen
    still take one character of suspend_data, and the essay that fills its 4,096 comes back whole."""
    pkg = {"every": built(tmp_path_factory, "every-5", cc.every_in_five_pages)[version]}
    plan = on_the_clock(essay_then_relaunch(version, pkg, "c" * ESSAY_AT_EDGE[version], only=version))
    one, two = outcomes.server.run({"five pages": {"version": version, **plan}})["five pages"]
    assert_clean_session(one, version)
    assert_clean_session(two, version)
    assert len(one["cmi"]["suspend_data"]) == 4096
    assert two["steps"][-1]["answers"]["essay"]["typed"] == ["c" * ESSAY_AT_EDGE[version]]


@plan
def checked_again(version, pkg):
    if version != "2004":
        return None  # 1.2's 4,096 characters are far below the request budget
    responses = {**ec.RIGHT, "essay": FITTING_ESSAY}
    check = [*answer_steps(ec.QUIZ_ID, ec.KINDS, responses), {"check": ec.QUIZ_ID}]
    first = {"steps": [{"goto": ec.QUIZ_PAGE}, *check]}
    again = {"initial": "previous", "steps": [{"goto": ec.QUIZ_PAGE}, {"retry": ec.QUIZ_ID}, *check]}
    look = {"initial": "previous", "steps": [{"goto": ec.QUIZ_PAGE}, {"look": ec.QUIZ_ID}]}
    return {"pkg": str(pkg["every"]), "launches": [first, again, look]}


@pytest.mark.parametrize("version", ["2004"])
def test_a_check_in_a_later_session_counts_the_interactions_recorded_before(outcomes, version):
    """The learner checks with an essay that leaves suspend_data just within its share, and in
    the next session tries again with the same answers: the LMS now holds the interactions of
    both checks, which leave suspend_data less room, so the essay is shortened to 200
    characters, and every request of Moodle's API stays within the budget."""
    one, two, three = outcomes[f"checked_again[{version}]"]
    for launch in (one, two, three):
        assert_clean_session(launch, version)
    assert_two_checks_within_budget(one, two, three)


@pytest.fixture(scope="module")
def carry(tmp_path_factory):
    return built(tmp_path_factory, "carry", cc.write_carry)


def part_check(responses: dict) -> list[dict]:
    return [*answer_steps(cc.PART, cc.KINDS[cc.PART], responses), {"check": cc.PART}, {"text": cc.ATTEMPT}]


@pytest.mark.parametrize("version", VERSIONS)
def test_a_quiz_checked_in_an_earlier_session_counts_as_the_course_scored_it(outcomes, carry, version):
    """Two quizzes in one SCO, checked in different sessions. The first is checked twice, at
    2/3 of its point, and the learner moves on to the essay, drafts a line (of the variant drawn
    for them) and leaves. The next session resumes there: the sidebar shows the first quiz
    passed and the essay in progress, the essay shows the same variant and the draft, and
    checking it completes the SCO: the LMS is given the first quiz's 2/3 as the course scored it
    (66.66, rounded down; not the 66.67 of a score rounded on the way). A third session tries
    the first quiz again: it is the learner's third attempt."""
    words = cc.KINDS[cc.ESSAY]
    first = [{"goto": cc.PAGES[cc.PART]}, *part_check(cc.TWO_THIRDS), {"retry": cc.PART}, *part_check(cc.TWO_THIRDS)]
    first += [
        {"goto": cc.PAGES[cc.ESSAY]},
        *answer_steps(cc.ESSAY, words, {cc.ESSAY_QID: "A draft."}),
        {"look": cc.ESSAY},
    ]
    essay = [{"look": cc.ESSAY}, *answer_steps(cc.ESSAY, words, {cc.ESSAY_QID: "Some words."}), {"check": cc.ESSAY}]
    third = [{"goto": cc.PAGES[cc.PART]}, {"look": cc.PART}, {"retry": cc.PART}, *part_check(cc.ALL_RIGHT)]
    launches = [
        {"random": 0.99, "steps": first},
        {"initial": "previous", "steps": [{"sidebar": True}, *essay]},
        {"initial": "previous", "steps": third},
    ]
    plan = {"version": version, "pkg": str(carry[version]), "launches": launches}
    one, two, three = outcomes.server.run({"carry": plan})["carry"]
    for launch in (one, two, three):
        assert_clean_session(launch, version)
    assert [one["steps"][i] for i in (3, 7)] == ["Attempt 1", "Attempt 2"]
    drafted = one["steps"][-1]
    assert drafted["drawn"] == [[cc.ESSAY_QID, 0, cc.ESSAY_VARIANT], ["more", 1, 0]]
    view = lms_view(one["cmi"], version)
    assert (view["status"], view["raw"]) == ("incomplete" if version == "1.2" else "incomplete/unknown", "")
    assert two["frame"] == cc.PAGES[cc.ESSAY]
    assert two["steps"][0] == [["1. Part", True, "\u2713 Quiz passed"], ["2. Essay", True, "Quiz in progress"]]
    assert two["steps"][1] == drafted  # the variant drawn, the draft
    view = lms_view(two["cmi"], version)
    assert view["raw"] == "66.66"
    if version == "1.2":
        assert view["status"] == "passed"
    else:
        assert (view["status"], view["scaled"]) == ("completed/passed", "0.6666666")
    seen = three["steps"][1]
    assert seen["answers"]["thirds"]["checked"] == ["0", "1"]
    assert seen["result"].startswith("You scored 0.67 of 1 point"), seen["result"]
    assert three["steps"][-1] == "Attempt 3"
    assert lms_view(three["cmi"], version)["raw"] == "100"


@pytest.fixture(scope="module")
def updated(tmp_path_factory):
    return {change: built(tmp_path_factory, "updated", cc.updated(change)) for change in cc.UPDATES}


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("change", list(cc.UPDATES))
def test_an_attempt_carries_on_in_a_course_updated_meanwhile(outcomes, carry, updated, change, version):
    """The author updates the course in the LMS during a learner's attempt: the essay's chapter
    loses its quiz, or the essay quiz its second question. The learner, who had checked the
    first quiz and drafted the essay, resumes in the new package: the course runs as before and
    the first quiz shows the answers and result it had; the essay quiz's draft, which no longer
    fits, is gone (the chapter has no status, or its quiz is not taken yet)."""
    words = cc.KINDS[cc.ESSAY]
    steps = [{"goto": cc.PAGES[cc.PART]}, *part_check(cc.TWO_THIRDS), {"goto": cc.PAGES[cc.ESSAY]}]
    steps += answer_steps(cc.ESSAY, words, {cc.ESSAY_QID: "A draft."})
    old = {"version": version, "pkg": str(carry[version]), "launches": [{"random": 0.99, "steps": steps}]}
    (before,) = outcomes.server.run({"before update": old})["before update"]
    assert_clean_session(before, version)
    resumed = {"initial": before["cmi"], "steps": [{"sidebar": True}, {"goto": cc.PAGES[cc.PART]}, {"look": cc.PART}]}
    new = {"version": version, "pkg": str(updated[change][version]), "launches": [resumed]}
    (after,) = outcomes.server.run({"after update": new})["after update"]
    assert_clean_session(after, version)
    assert after["frame"] == cc.PAGES[cc.ESSAY]
    essay = "" if change == "quiz removed" else "Quiz not taken yet"
    assert after["steps"][0] == [["1. Part", True, "\u2713 Quiz passed"], ["2. Essay", True, essay]]
    seen = after["steps"][-1]
    assert seen["answers"]["thirds"]["checked"] == ["0", "1"]
    assert seen["result"].startswith("You scored 0.67 of 1 point"), seen["result"]


PAGE_COUNTS = [5, 6, 10, 11]  # 5 pages to a character of suspend_data: one, and one more, of each


@pytest.fixture(scope="module")
def paged(tmp_path_factory):
    return {n: built(tmp_path_factory, f"pages-{n}", cc.pages(n)) for n in PAGE_COUNTS}


@pytest.mark.parametrize("pages", PAGE_COUNTS)
def test_the_pages_seen_are_counted_across_sessions(outcomes, paged, pages):
    """A SCO without quizzes, of 5, 6, 10 and 11 pages, seen over three sessions: the first
    two chapters (and the home page, where a new attempt starts), then every chapter after the
    third: the attempt is incomplete after each; then the third chapter: it is complete."""
    version = "1.2"
    sessions = [[1, 2], range(4, pages), [3]]
    launches = [{"initial": "previous", "steps": [{"goto": cc.chapter_page(i)} for i in seen]} for seen in sessions]
    launches[0]["initial"] = None
    plan = {"version": version, "pkg": str(paged[pages][version]), "launches": launches}
    out = outcomes.server.run({f"pages-{pages}": plan})[f"pages-{pages}"]
    assert len(out) == 3
    for launch in out:
        assert_clean_session(launch, version)
    assert [launch["frame"] for launch in out] == ["index.html", cc.chapter_page(2), cc.chapter_page(pages - 1)]
    statuses = [lms_view(launch["cmi"], version)["status"] for launch in out]
    assert statuses == ["incomplete", "incomplete", "completed"]


def five_pages_read_in_two_sessions(outcomes, paged, held: dict, first: tuple, then: tuple) -> tuple[dict, dict]:
    """The 1.2 SCO of five reading pages: a launch on the LMS data ``held`` that shows the
    chapters ``first``, then a resumed one that shows ``then``. Both sessions clean; their
    outcomes."""
    version = "1.2"
    launches = [
        {"patch": held, "steps": [{"goto": cc.chapter_page(i)} for i in first]},
        {"initial": "previous", "steps": [{"goto": cc.chapter_page(i)} for i in then]},
    ]
    plan = {"version": version, "pkg": str(paged[5][version]), "launches": launches}
    one, two = outcomes.server.run({"five pages, two sessions": plan})["five pages, two sessions"]
    assert_clean_session(one, version)
    assert_clean_session(two, version)
    return one, two


def test_the_pages_seen_survive_an_lms_holding_more_interactions_than_the_request_has_room_for(outcomes, paged):
    """A SCO of five reading pages meets an LMS that holds 36 interactions its suspend_data does
    not know (as a course updated during an attempt leaves them): counted at the runtime's
    estimate they fill the request, so suspend_data keeps only what it must, the pages seen. The
    learner reads two chapters, leaves, comes back and reads the other two: the attempt is
    complete, the first session's pages counted."""
    version = "1.2"
    rows = list(interactions(outcomes[f"every_right[{version}]"][0]["cmi"]).values())
    held = {"interactions": [{**row, "id": f"{row['id']}-{n}"} for n in range(4) for row in rows]}
    assert len(held["interactions"]) == 36
    one, two = five_pages_read_in_two_sessions(outcomes, paged, held, (1, 2), (3, 4))
    assert len(interactions(two["cmi"])) == 36
    assert [lms_view(launch["cmi"], version)["status"] for launch in (one, two)] == ["incomplete", "completed"]


def test_suspend_data_another_package_wrote_is_not_read_as_this_ones(outcomes, paged):
    """The LMS hands back suspend_data that this runtime did not write (a package of another tool,
    replaced by this one during the attempt): shaped like its fields, it would say every page was
    seen. The runtime starts from nothing: after the home page and one chapter of five pages, the
    attempt is incomplete, and the next session completes it."""
    version = "1.2"
    foreign = {"suspend_data": "s1~vvvv~~0.0"}  # "v": five pages seen, in this runtime's base 32
    one, two = five_pages_read_in_two_sessions(outcomes, paged, foreign, (1,), (2, 3, 4))
    assert [lms_view(launch["cmi"], version)["status"] for launch in (one, two)] == ["incomplete", "completed"]


# ---------------------------------------------------------------- the interactions' budget


def interactions_of(cmi: dict) -> list[dict]:
    """The LMS's interaction records in the order of their indices."""
    items = cmi["interactions"]
    return [items[k] for k in sorted(items, key=int)] if isinstance(items, dict) else list(items)


def attempt_steps(responses: dict, retry: bool = True) -> list[dict]:
    """An attempt at the every-type quiz: "Try again" first (after a check), the answers, the check."""
    again = [{"retry": ec.QUIZ_ID}] if retry else []
    return [*again, *answer_steps(ec.QUIZ_ID, ec.KINDS, responses), {"check": ec.QUIZ_ID}]


@plan
def again_and_again(version, pkg):
    if version != "2004":
        return None
    answers = [ec.RIGHT, ec.WRONG] * 4
    first = [step for k, responses in enumerate(answers[:3]) for step in attempt_steps(responses, retry=k > 0)]
    more = [step for responses in answers[3:] for step in attempt_steps(responses)]
    launches = [  # on a clock (the latencies, and so the interactions' sizes, are the same every run)
        {"clock": CLOCK, "steps": [{"goto": ec.QUIZ_PAGE}, *first]},
        {"clock": CLOCK, "initial": "previous", "steps": [{"goto": ec.QUIZ_PAGE}, *more, {"look": ec.QUIZ_ID}]},
    ]
    return {"pkg": str(pkg["every"]), "launches": launches}


@pytest.mark.parametrize("version", ["2004"])
def test_interactions_stop_once_their_share_of_the_request_is_spent(outcomes, version):
    """A learner checks the quiz eight times over two sessions, 9 interactions a check (3 checks,
    then 5): the LMS is sent interactions while they fit the SCO's share of Moodle's request,
    the earlier session's counted from suspend_data: six checks' worth, the last of them in the
    standard form (no time, weighting or latency), then none. Every request stays within the budget,
    and the score and status of the last check are sent."""
    one, two = outcomes[f"again_and_again[{version}]"]
    assert_clean_session(one, version)
    assert_clean_session(two, version)
    rows = interactions_of(two["cmi"])
    assert [row["id"] for row in rows] == [f"{ec.QUIZ_ID}_{qid}" for qid in ec.KINDS] * 6
    assert [bool(row["timestamp"]) for row in rows] == [True] * 53 + [False]
    assert rows[-1]["learner_response"] == RESPONSES["wrong"]["gaps"][1] and rows[-1]["result"] == "incorrect"
    assert rows[-1]["correct_responses"]["0"]["pattern"].endswith("Paris[,]blue") and rows[-1]["latency"] == ""
    sizes = moodle_request_sizes([one["calls"], two["calls"]])
    assert sizes and all(size <= REQUEST_BYTES for _, size in sizes), sizes
    assert lms_view(two["cmi"], version)["status"] == "completed/failed"
    assert lms_view(two["cmi"], version)["raw"] == "0"
    assert two["steps"][-1]["result"].startswith(f"You scored 0 of {ec.MAX} points"), two["steps"][-1]["result"]


@pytest.mark.parametrize("version", ["2004"])
def test_interactions_the_lms_holds_beyond_what_suspend_data_counts_are_charged_once(outcomes, every, version):
    """The LMS holds the 18 interactions of two checks, but suspend_data counts the first 9 (it
    is the first check's: two windows of one attempt, the one that saved last had seen one
    check). Only the 9 it does not know are charged at the worst case (1,200 bytes each): the
    learner checks again, and the 9 new interactions fit the SCO's share and are recorded, in
    full; every request stays within the budget."""
    first = outcomes[f"every_right[{version}]"][0]
    retry = [{"goto": ec.QUIZ_PAGE}, {"retry": ec.QUIZ_ID}, *answer_steps(ec.QUIZ_ID, ec.KINDS, ec.WRONG)]
    plan = {
        "version": version,
        "pkg": str(every[version]),
        "launches": [{"initial": first["cmi"], "steps": [*retry, {"check": ec.QUIZ_ID}]}],
    }
    [second] = outcomes.server.run({"second": plan})["second"]
    assert len(interactions_of(second["cmi"])) == 2 * len(ec.KINDS)
    held = {**second["cmi"], "suspend_data": first["cmi"]["suspend_data"]}
    again = [{"goto": ec.QUIZ_PAGE}, {"retry": ec.QUIZ_ID}, *answer_steps(ec.QUIZ_ID, ec.KINDS, ec.RIGHT)]
    plan = {
        "version": version,
        "pkg": str(every[version]),
        "launches": [{"initial": held, "steps": [*again, {"check": ec.QUIZ_ID}]}],
    }
    [third] = outcomes.server.run({"third": plan})["third"]
    assert_clean_session(second, version)
    assert_clean_session(third, version)
    rows = interactions_of(third["cmi"])
    assert [row["id"] for row in rows] == [f"{ec.QUIZ_ID}_{qid}" for qid in ec.KINDS] * 3
    assert [row["learner_response"] for row in rows[18:]] == [RESPONSES["right"][qid][1] for qid in ec.KINDS]
    assert all(row["timestamp"] for row in rows[18:])
    sizes = moodle_request_sizes([first["calls"], second["calls"], third["calls"]])
    assert sizes and all(size <= REQUEST_BYTES for _, size in sizes), sizes


# ---------------------------------------------------------------- no LMS, review


@plan
def alone(version, pkg):
    return {"pkg": str(pkg["every"]), "launches": [{"lms": False}, {"lms": False, "page": ec.QUIZ_PAGE}]}


@pytest.mark.parametrize("version", VERSIONS)
def test_without_an_lms_the_course_runs_with_a_notice(outcomes, version):
    alone, page = outcomes[f"alone[{version}]"]
    assert alone == {"notice": True, "frame": "index.html", "connected": False, "problems": []}
    # a course page of the package opened on its own runs its quiz as the HTML site does
    assert page == {"quizzes": [ec.QUIZ_ID], "problems": []}


@plan
def served_alone(version, pkg):
    """The package on a web server, opened with no LMS: the learner answers, checks, and comes
    back later in the same browser."""
    first = {
        "lms": False,
        "served": True,
        "steps": [
            {"goto": ec.QUIZ_PAGE},
            *answer_steps(ec.QUIZ_ID, ec.KINDS, ec.RIGHT),
            {"check": ec.QUIZ_ID},
            {"look": ec.QUIZ_ID},
        ],
    }
    again = {"lms": False, "served": True, "steps": [{"goto": ec.QUIZ_PAGE}, {"look": ec.QUIZ_ID}]}
    return {"pkg": str(pkg["every"]), "launches": [first, again]}


@pytest.mark.parametrize("version", VERSIONS)
def test_without_an_lms_the_browser_keeps_the_answers(outcomes, version):
    """With no LMS the course is the HTML site: the browser's storage keeps the learner's
    answers and result, and a later visit shows them (the runtime's memory would lose them)."""
    one, two = outcomes[f"served_alone[{version}]"]
    for launch in (one, two):
        assert launch["problems"] == []
        assert launch["notice"] is True and launch["connected"] is False
        assert launch["frame"] == "index.html"
    shown = one["steps"][-1]
    assert shown["result"].startswith(f"You scored {ec.MAX} of {ec.MAX} points"), shown["result"]
    assert two["steps"][-1] == shown
    assert two["steps"][-1]["answers"]["short"]["typed"] == [ec.RIGHT["short"]]


@plan
def review(version, pkg):
    return looking(version, pkg, "review")


@plan
def browse(version, pkg):
    return looking(version, pkg, "browse")


def looking(version, pkg, how):
    first = {
        "steps": [
            {"goto": ec.QUIZ_PAGE},
            *answer_steps(ec.QUIZ_ID, ec.KINDS, ec.RIGHT),
            {"check": ec.QUIZ_ID},
            {"look": ec.QUIZ_ID},
        ]
    }
    mode = {"core": {"lesson_mode": how}} if version == "1.2" else {"mode": how}
    # the learner looks, then tries again and checks other answers: nothing reaches the LMS
    again = [{"retry": ec.QUIZ_ID}, *answer_steps(ec.QUIZ_ID, ec.KINDS, ec.WRONG), {"check": ec.QUIZ_ID}]
    review = {"initial": "previous", "patch": mode, "steps": [{"goto": ec.QUIZ_PAGE}, {"look": ec.QUIZ_ID}, *again]}
    return {"pkg": str(pkg["every"]), "launches": [first, review]}


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("mode", ["review", "browse"])
def test_review_mode_shows_the_attempt_and_changes_nothing(outcomes, version, mode):
    """Review and browse (the LMS's modes without credit): the page shows the attempt the LMS
    holds, and nothing the learner does reaches the LMS."""
    one, two = outcomes[f"{mode}[{version}]"]
    assert_clean_session(two, version)
    assert two["steps"][1] == one["steps"][-1]
    assert two["steps"][-1]["result"].startswith("You scored 0 of"), two["steps"][-1]  # the page checked it
    assert writes(two) == []


@plan
def browse_new(version, pkg):
    mode = {"core": {"lesson_mode": "browse"}} if version == "1.2" else {"mode": "browse"}
    return {
        "pkg": str(pkg["every"]),
        "launches": [{"patch": mode, "steps": [{"goto": ec.QUIZ_PAGE}, {"look": ec.QUIZ_ID}]}],
    }


@pytest.mark.parametrize("version", VERSIONS)
def test_browsing_a_new_attempt_starts_at_the_start_and_asks_for_nothing_unset(outcomes, version):
    """Browse mode before any attempt: the course opens at its start page with empty quizzes,
    nothing is written, and the LMS is asked for no bookmark or saved data it does not hold
    (SCORM 2004 answers those with error 403)."""
    (launch,) = outcomes[f"browse_new[{version}]"]
    assert_clean_session(launch, version)
    assert launch["frame"] == "index.html"
    assert launch["steps"][-1]["result"] == "" and launch["steps"][-1]["checkHidden"] is False
    assert writes(launch) == []


# ---------------------------------------------------------------- one SCO per chapter


@plan
def per_chapter(version, pkg):
    reading = {
        "page": "scorm-reading.html",
        "steps": [
            {"sidebar": True},
            {"follow": "a.ck-pager-prev"},
            {"follow": "a[aria-current='page']"},
            {"follow": "a[target='_blank']"},
            {"follow": "a[href='../another-package-entirely/chapter.html']"},
            {"follow": "a[href='notes.html.txt']"},
            {"follow": "a[href='old-page.htm']"},
        ],
    }
    quiz = {
        "page": "scorm-quiz.html",
        "steps": [*answer_steps(ec.QUIZ_ID, ec.KINDS, ec.RIGHT), {"check": ec.QUIZ_ID}, {"sidebar": True}],
    }
    return {"pkg": str(pkg["chapters"]), "launches": [reading, quiz]}


@pytest.mark.parametrize("version", VERSIONS)
def test_a_chapter_sco_reports_its_own_pages_and_quiz(outcomes, version):
    """The reading chapter's SCO is complete once its page is shown (no score); the links to
    another SCO's page do not leave it (the LMS's navigation does that; one that opens a new
    window is followed), and the sidebar names
    the other chapter without a link or a status it cannot know. The quiz chapter's SCO is
    scored by its quiz alone."""
    reading, quiz = outcomes[f"per_chapter[{version}]"]
    assert_clean_session(reading, version)
    assert_clean_session(quiz, version)
    assert reading["frame"] == ec.READING_PAGE and quiz["frame"] == ec.QUIZ_PAGE
    side, other, same, new_window, outside, text, htm = reading["steps"]
    assert side == [["1. The quiz (open it from the course menu)", False, ""], ["2. Reading", True, ""]]
    assert other == {"prevented": True} and same == {"prevented": False}
    # a link that opens another window leaves this SCO's window as it is: the learner may follow it
    assert new_window == {"prevented": False}
    # a link out of the package, or to a file of it that is no page, is no page of another SCO;
    # an .htm file of the package that is none of this SCO's pages is refused as an .html one
    assert outside == text == {"prevented": False} and htm == {"prevented": True}
    view = lms_view(reading["cmi"], version)
    assert view["raw"] == ""
    if version == "1.2":
        assert view["status"] == "completed" and view["exit"] == ""
    else:
        assert view["status"] == "completed/unknown" and view["progress"] == "1"
    view = lms_view(quiz["cmi"], version)
    assert view["raw"] == "100" and view["status"] == ("passed" if version == "1.2" else "completed/passed")
    assert quiz["steps"][-1] == [
        ["1. The quiz", True, "\u2713 Quiz passed"],
        ["2. Reading (open it from the course menu)", False, ""],
    ]
