"""A learner exactly at, just below and just above the pass mark, end to end.

SCORM: the learner answers in the course page inside the package, launched by scorm-again as
the LMS (quiz.js -> scorm-bridge.js -> scorm-runtime.js -> scorm-again), in both versions;
what counts is what the LMS stores: status, raw score (rounded down, never up, so the LMS
never sees a pass the course did not award), scaled score, and suspend_data that brings the
answers back on the next launch. HTML: the same quiz on the static site, result line and home
page progress. The course is tests/support/boundary_course.py (partial credit in thirds).
"""

from __future__ import annotations

import math

import pytest
from lxml import etree
from support import boundary_course as bc
from support import learner
from support.course_dir import export, load_rendered, write_files
from support.scorm_lms import ScormLms, lms_view
from support.static_server import serve

PAGE = f"chapter-{bc.CHAPTER_ID}.html"


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    return load_rendered(bc.write(tmp_path_factory.mktemp("boundary-course")))


@pytest.fixture(scope="module")
def packages(rendered):
    return {"1.2": export(rendered, "scorm12"), "2004": export(rendered, "scorm2004")}


def manifest_mastery_percent(files: dict[str, bytes], version: str) -> float:
    """The pass mark as the LMS reads it from the manifest, in percent."""
    root = etree.fromstring(files["imsmanifest.xml"])
    if version == "1.2":
        (m,) = root.iter("{http://www.adlnet.org/xsd/adlcp_rootv1p2}masteryscore")
        return float(m.text)
    (m,) = root.iter("{http://www.imsglobal.org/xsd/imsss}minNormalizedMeasure")
    return float(m.text) * 100


def answer_and_check(attempt: str):
    responses = bc.ATTEMPTS[attempt][0]

    def act(course):
        frame = course.goto(PAGE)
        for qid, response in responses.items():
            learner.answer(frame, bc.QUIZ_ID, qid, bc.KINDS[qid], response)
        return learner.check(frame, bc.QUIZ_ID, unanswered(attempt))

    return act


def check_stored(s, files: dict[str, bytes], version: str, attempt: str) -> None:
    """What the LMS stored after ``attempt`` (one launch, quiz checked)."""
    _, points, passed, raw = bc.ATTEMPTS[attempt]
    assert s.problems == [] and s.failed_calls() == []
    assert ("Passed" if passed else "Not passed yet") in s.out, s.out
    view = lms_view(s.cmi, version)
    assert (view["raw"], view["min"], view["max"]) == (raw, "0", "100")
    # The LMS's own test: the stored raw score against the manifest's mastery score.
    assert (float(view["raw"]) >= manifest_mastery_percent(files, version) - 1e-9) is passed
    if version == "1.2":
        assert view["status"] == ("passed" if passed else "failed")
    else:
        assert view["status"] == "completed/" + ("passed" if passed else "failed")
        # scaled is rounded down to 7 decimals, never up
        assert view["scaled"] == str(math.floor(points / 5 * 10**7) / 10**7).rstrip("0").rstrip(".")


# "just-above" is the first launch of the resume test below, which checks the same.
@pytest.mark.parametrize("version", ["1.2", "2004"])
@pytest.mark.parametrize("attempt", [a for a in bc.ATTEMPTS if a != "just-above"])
def test_scorm_lms_stores_the_score_and_status_the_course_awarded(browser, packages, tmp_path, version, attempt):
    s = ScormLms(tmp_path, packages[version], version).session(browser, answer_and_check(attempt))
    check_stored(s, packages[version], version, attempt)


@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_scorm_resume_brings_back_the_learners_answers(browser, packages, tmp_path, version):
    """A learner just above the pass mark; suspend_data carries the quiz: on the next launch the
    same answers are shown, checked."""
    lms = ScormLms(tmp_path, packages[version], version)
    first = lms.session(browser, answer_and_check("just-above"))
    check_stored(first, packages[version], version, "just-above")
    assert first.cmi["suspend_data"], "nothing reached suspend_data"

    def look(course):
        frame = course.goto(PAGE)
        quiz = learner.quiz(frame, bc.QUIZ_ID)
        return {
            "checked": {
                qid: quiz.locator(f"li[data-ck-qid='{qid}'] input:checked").evaluate_all(
                    "els => els.map(e => e.value).sort()"
                )
                for qid in bc.KINDS
            },
            "result": quiz.locator("[data-ck-result]").inner_text(),
        }

    second = lms.session(browser, look, initial=first.cmi)
    assert first.problems == [] and second.problems == []
    assert second.failed_calls() == []
    assert second.out["checked"] == {"three": ["0", "1", "2"], "thirds": ["0"], "truth": ["false"]}
    assert second.out["result"] == first.out


@pytest.fixture(scope="module")
def site(rendered, tmp_path_factory):
    folder = write_files(tmp_path_factory.mktemp("boundary-site"), export(rendered, "html"))
    with serve(folder) as base:
        yield base


@pytest.mark.parametrize("attempt", list(bc.ATTEMPTS))
def test_html_site_pass_mark_at_the_boundary(browser, site, attempt):
    _, points, passed, _ = bc.ATTEMPTS[attempt]
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(site + PAGE)
        text = answer_and_check_on(page, attempt)
        pct = round(points / 5 * 100, 1)
        assert text.startswith(f"You scored {round(points, 2):g} of 5 points ({pct:g}%). "), text
        assert ("Passed: 60% needed." if passed else "Not passed yet: 60% needed.") in text
        cls = learner.quiz(page, bc.QUIZ_ID).locator("[data-ck-result]").get_attribute("class")
        assert ("ck-passed" if passed else "ck-failed") in cls.split()
        page.goto(site + "index.html")
        progress = page.locator(f"[data-ck-progress='{bc.QUIZ_ID}']").inner_text()
        assert progress.endswith(", passed" if passed else ", not passed yet"), progress
    finally:
        page.close()
    assert errors == []


def answer_and_check_on(page, attempt: str) -> str:
    for qid, response in bc.ATTEMPTS[attempt][0].items():
        learner.answer(page, bc.QUIZ_ID, qid, bc.KINDS[qid], response)
    return learner.check(page, bc.QUIZ_ID, unanswered(attempt))


def unanswered(attempt: str) -> bool:
    """Whether the attempt leaves a question without an answer ("exactly-at" picks no prime):
    the page then asks to confirm the check."""
    return not all(learner.is_answer(bc.KINDS[qid], r) for qid, r in bc.ATTEMPTS[attempt][0].items())
