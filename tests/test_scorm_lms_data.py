"""What a SCORM package leaves with an LMS, seen through scorm-again with strict data types.

- A 200-question course, both versions: the learner answers half, leaves, comes back with the
  data the LMS kept, finishes, and reviews. No API call fails; every Commit and Terminate stays
  within 32 KiB as Moodle's 2004 API would post it (every element set so far in the attempt);
  the score, status and the manifest's objective are what the quizzes scored; review writes
  nothing and shows every answer.
- Every numeric answer of the example courses, and hostile ones (over 99,999, negative
  exponents, 1e-12, -0, huge), is recorded without a refused SetValue, as a number where SCORM
  allows one and as text where it does not.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from support.scorm_again_lms import (  # noqa: E402
    StrictScormAgainLms,
    failed_calls,
    moodle_request_sizes,
    next_launch,
)
from test_html_answers import shown as shown_answers  # noqa: E402
from test_scorm_manifest import _example_dirs, _load, big_course, site_for  # noqa: E402
from test_scorm_runtime import answer  # noqa: E402

from coursekit.exporters.scorm.exporter import package_files  # noqa: E402

BUDGET = 32 * 1024
WRITES = ("SetValue", "LMSSetValue", "Commit", "LMSCommit")


@pytest.fixture(scope="module")
def course200(tmp_path_factory):
    return big_course(tmp_path_factory.mktemp("c200"), 200)


def answer_in_page(frame, rq, wrong_slots: set[int]) -> None:
    """Answer a quiz through the page's own quiz engine, then press its Check button."""
    st = frame.evaluate("id => CourseKit.getState(id)", rq.quiz.id)
    for q in st["questions"]:
        question = rq.slots[q["slot"]].variants[q["variant"]]
        q["answer"], _ = answer(question, q["slot"] not in wrong_slots)
    assert frame.evaluate("([id, st]) => CourseKit.setState(id, st)", [rq.quiz.id, st])
    frame.click(f'section[data-ck-quiz="{rq.quiz.id}"] [data-ck-check]')


def cmi_of(cmi: dict, version: str, key: str):
    return cmi["core"][key] if version == "1.2" and key in cmi.get("core", {}) else cmi.get(key)


def listed(collection) -> list[dict]:
    if isinstance(collection, dict):
        collection = collection.get("childArray", [v for k, v in sorted(collection.items()) if k.isdigit()])
    return list(collection)


def assert_no_commit_before_terminate(calls: list[list]) -> None:
    finish = [i for i, c in enumerate(calls) if c[0] in ("Terminate", "LMSFinish")]
    assert len(finish) == 1
    before = [c[0] for c in calls[: finish[0]] if c[0] not in ("GetValue", "LMSGetValue")]
    assert before and before[-1] in ("SetValue", "LMSSetValue"), before[-3:]


@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_200_questions_leave_resume_finish_review(browser, course200, tmp_path, version):
    rendered = course200
    site = site_for(rendered)
    files = package_files(rendered, site, version, False)
    quizzes = rendered.quizzes
    assert len(quizzes) == 10 and sum(len(rq.slots) for rq in quizzes) == 200
    wrong = {0, 7}  # two questions of each quiz answered wrong: 90% of the points at most

    def answer_chapters(first: int, last: int):
        def act(s):
            for c in range(first, last):
                frame = s.show(site.chapter_pages[rendered.chapters[c].chapter.id])
                for rq in rendered.chapters[c].quizzes:
                    answer_in_page(frame, rq, wrong)
            return shown_answers(frame, f"section[data-ck-quiz='{quizzes[last - 1].quiz.id}']")

        return act

    def review(s):
        frame = s.show(site.chapter_pages[rendered.chapters[9].chapter.id])
        shown = frame.evaluate("id => CourseKit.getState(id)", quizzes[9].quiz.id)
        kept = s.launch.evaluate("ids => ids.map(id => CourseKitScormHost.loadQuiz(id))", [q.quiz.id for q in quizzes])
        return shown, kept, shown_answers(frame, f"section[data-ck-quiz='{quizzes[9].quiz.id}']")

    lms = StrictScormAgainLms(tmp_path, files, version)
    try:
        _, calls1, cmi1, problems1 = lms.session(browser, answer_chapters(0, 5))
        checked, calls2, cmi2, problems2 = lms.session(
            browser, answer_chapters(5, 10), initial=next_launch(cmi1, version)
        )
        (shown, kept, reviewed), calls3, cmi3, problems3 = lms.session(
            browser, review, initial=next_launch(cmi2, version, mode="review")
        )
    finally:
        lms.close()

    for calls, problems in ((calls1, problems1), (calls2, problems2), (calls3, problems3)):
        assert problems == []
        assert failed_calls(calls) == []
    # cmi.exit = suspend from the start, committed before anything else: a lost exit still resumes.
    exit_element = "cmi.core.exit" if version == "1.2" else "cmi.exit"
    first_commit = next(i for i, c in enumerate(calls1) if c[0] in ("Commit", "LMSCommit"))
    assert [c[2] for c in calls1[:first_commit] if c[1] == exit_element] == ["suspend"]
    # Half-way: the attempt was left suspended, so the LMS hands it back.
    assert cmi_of(cmi1, version, "exit") == "suspend"
    assert (cmi_of(cmi1, version, "lesson_status") if version == "1.2" else cmi1["completion_status"]) == "incomplete"
    # Every request, of every session, as Moodle's 2004 API would post it.
    for n in (1, 2, 3):
        sizes = moodle_request_sizes([calls1, calls2, calls3][:n])
        assert sizes and max(size for _, size in sizes) <= BUDGET, sizes[-3:]
    assert_no_commit_before_terminate(calls1)
    assert_no_commit_before_terminate(calls2)

    # Finished: scores as the quizzes scored them, on what scorm-again stores.
    points = sum(float(q.variants[0].points) for rq in quizzes for q in rq.slots if q.source.type != "essay")
    lost = sum(
        float(rq.slots[s].variants[0].points) for rq in quizzes for s in wrong if rq.slots[s].source.type != "essay"
    )
    raw = f"{int((points - lost) / points * 10000) / 100:g}"
    interactions = listed(cmi2["interactions"])
    if version == "1.2":
        assert cmi2["core"]["lesson_status"] == "passed"
        assert cmi2["core"]["score"]["raw"] == raw
        assert cmi2["core"]["exit"] == ""
    else:
        assert cmi2["completion_status"] == "completed" and cmi2["success_status"] == "passed"
        assert cmi2["score"]["raw"] == raw
        assert cmi2["exit"] == "suspend"  # a finished attempt stays reviewable
        objectives = listed(cmi2["objectives"])
        assert [o["id"] for o in objectives] == ["OBJ-big-course"]
        assert objectives[0]["success_status"] == "passed" and objectives[0]["completion_status"] == "completed"
        assert objectives[0]["score"]["scaled"] == cmi2["score"]["scaled"]
    # As many interactions as the budget holds, in short form, each with a response and result.
    assert 110 <= len(interactions) < 200
    assert all(i["result"] for i in interactions)
    assert {i["id"].split("_")[0] for i in interactions} >= {"quiz-0", "quiz-5"}

    # Review: nothing written, every answer shown.
    assert [c for c in calls3 if c[0] in WRITES] == []
    assert all(k is not None and k["submitted"] for k in kept)
    assert shown["submitted"] and all(q["answer"] is not None for q in shown["questions"])
    # The correct answers shown after the check (the two wrong questions) come back in review, from
    # suspend_data, which holds every answer and state of the 200 questions within SCORM 1.2's limit.
    assert set(checked) == {rendered.quizzes[9].slots[s].variants[0].id for s in wrong}
    assert reviewed == checked
    suspend = cmi_of(cmi2, version, "suspend_data")
    assert len(suspend) < 4096, len(suspend)


# ---------------------------------------------------------------- numbers

HOSTILE = [
    (786432, 0),
    (0.0905, 0.005),
    (1e-12, 0),
    (-0.0, 0),
    (123456.789, 0.001),
    (99999, 1),
    (-2.5e-7, 1e-8),
    (1e300, 1e290),
    (12345.6789012, 0),
    (6.02214076e23, 1e21),  # past 1e21 a 7-decimal range needs more than Decimal's 28 digits
    (-1e25, 0),
]
RESPONSES = ["786432", "1e-12", "-0", "1e308", "-1.5E-7", "123456.789", "  42  ", "abc", "0.0855", "99999.9999999"]


def hostile_course(tmp: Path):
    from coursekit.model import Chapter, Course
    from coursekit.render.pipeline import render_course

    questions = [
        {"id": f"n{i}", "type": "numeric", "prompt": f"Number {i}", "answer": a, "tolerance": t, "points": p}
        for i, ((a, t), p) in enumerate(zip(HOSTILE, [1, 2.5, 150, 0.125, 123456.5, 1, 3, 1, 99, 1, 1], strict=True))
    ]
    chapter = Chapter.model_validate(
        {
            "id": "numbers",
            "title": "Numbers",
            "body": "Text.",
            "quiz": "../q.yaml",
            "quizzes": [{"id": "hostile", "title": "Hostile", "questions": questions}],
        }
    )
    course = Course.model_construct(
        id="numbers",
        title="Numbers",
        language="en",
        version="1.0.0",
        chapters=[chapter],
        simulations=[],
        passing_score=0.7,
        keywords=[],
        authors=[],
        license=None,
        description=None,
    )
    course._root = tmp
    chapter._path = tmp / "chapters" / "numbers.md"
    chapter.quizzes[0]._path = tmp / "quizzes" / "hostile.yaml"
    return render_course(course)


def numeric_results(rendered) -> list[dict]:
    """One quiz result per numeric question variant: its correct answer and every hostile response."""
    out = []
    for rq in rendered.quizzes:
        for slot in rq.slots:
            for q in slot.variants:
                if q.type != "numeric":
                    continue
                responses = [repr(q.answer), str(q.answer)] + RESPONSES
                out.append(
                    {
                        "quiz": rq.quiz.id,
                        "score": 0,
                        "max": float(q.points),
                        "questions": [
                            {"id": q.id, "kind": "numeric", "response": r, "score": 0.0, "max": float(q.points)}
                            for r in responses
                        ],
                    }
                )
    return out


def _noise(value: str) -> bool:
    """Float noise such as 0.08549999999999999 or 0.30000000000000004."""
    return re.search(r"\.\d*[1-9](9{6,}\d|0{6,}[1-9])$", value) is not None


@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_every_numeric_value_is_accepted(browser, tmp_path, version):
    courses = [("hostile", hostile_course(tmp_path / "course"))] + [(d.name, _load(d)) for d in _example_dirs()]
    records: dict[str, dict[str, dict[str, str]]] = {}  # course -> interaction -> element -> value
    fed = 0
    for name, rendered in courses:
        results = numeric_results(rendered)
        if not results:
            continue  # e.g. the minimal example
        fed += len(results)
        files = package_files(rendered, site_for(rendered), version, False)
        lms = StrictScormAgainLms(tmp_path / f"lms-{name}", files, version)
        try:
            # Three questions (36 interactions) per attempt: every response is written, within the budget.
            for start in range(0, len(results), 3):
                batch = results[start : start + 3]
                _, calls, cmi, problems = lms.session(
                    browser,
                    lambda s, b=batch: s.launch.evaluate(
                        "b => b.forEach(r => CourseKitScormHost.quizChecked(r, null))", b
                    ),
                )
                assert problems == []
                assert failed_calls(calls) == []
                assert len(listed(cmi["interactions"])) == sum(len(r["questions"]) for r in batch)
                for c in calls:
                    if c[0] in ("SetValue", "LMSSetValue") and c[1].startswith("cmi.interactions."):
                        n, element = c[1].split(".", 3)[2:]
                        records.setdefault(name, {}).setdefault(f"{start}-{n}", {})[element] = c[2]
        finally:
            lms.close()
    assert fed >= 40  # 9 hostile questions and every numeric variant of the examples

    response = "student_response" if version == "1.2" else "learner_response"
    for name, interactions in records.items():
        for rec in interactions.values():
            values = [v for k, v in rec.items() if k == response or k.endswith(".pattern")]
            assert not any(_noise(v) for v in values), (name, rec)
            if rec["type"] == "numeric":
                assert all(re.fullmatch(r"-?\d+(\.\d+)?", n) for v in values for n in v.split("[:]")), rec

    hostile = list(records["hostile"].values())
    patterns = {v for rec in hostile for k, v in rec.items() if k.endswith(".pattern")}
    answered = {rec.get(response) for rec in hostile}
    assert {"abc", "42", "786432"} <= answered
    # -0 is written as the number 0 (as text, the learner's own "-0" is kept).
    assert not {"-0", "-0.0"} & {v for rec in hostile if rec["type"] == "numeric" for v in rec.values()}
    if version == "2004":
        assert "0.0855[:]0.0955" in patterns  # 0.0905 +- 0.005 exactly, no float noise
        by_type = {(rec["type"], rec.get(response)) for rec in hostile}
        assert ("fill-in", "786432") in by_type and ("fill-in", "1e-12") in by_type and ("numeric", "42") in by_type
        assert ("fill-in", "abc") in by_type
        dice = [rec for rec in records["variants"].values() if rec["id"].startswith("dice-check")]
        assert dice and all(rec["type"] == "numeric" for rec in dice if rec.get(response) in ("42", "-0"))
    else:
        assert {"0.0905", "786432", "0.000000000001"} <= patterns


# ---------------------------------------------------------------- the objective (SCORM 2004)


def two_chapter_course(tmp: Path):
    """A scored chapter and a chapter of reading, for one SCO per chapter."""
    from coursekit.model import Chapter, Course
    from coursekit.render.pipeline import render_course

    questions = [{"id": "t", "type": "true_false", "prompt": "Yes?", "answer": True}]
    scored = Chapter.model_validate(
        {
            "id": "quiz-chapter",
            "title": "Quiz",
            "body": "Text.",
            "quiz": "../q.yaml",
            "quizzes": [{"id": "check", "title": "Check", "questions": questions}],
        }
    )
    reading = Chapter.model_validate({"id": "reading", "title": "Reading", "body": "Only text."})
    course = Course.model_construct(
        id="two",
        title="Two",
        language="en",
        version="1.0.0",
        chapters=[scored, reading],
        simulations=[],
        passing_score=0.7,
        keywords=[],
        authors=[],
        license=None,
        description=None,
    )
    course._root = tmp
    for ch in course.chapters:
        ch._path = tmp / "chapters" / f"{ch.id}.md"
    scored.quizzes[0]._path = tmp / "quizzes" / "check.yaml"
    return render_course(course)


def test_the_declared_objective_is_written(browser, tmp_path):
    rendered = two_chapter_course(tmp_path / "course")
    files = package_files(rendered, site_for(rendered), "2004", True)
    manifest = files["imsmanifest.xml"].decode()
    # Only the scored chapter declares an objective: nothing would ever satisfy the other.
    assert re.findall(r'objectiveID="([^"]+)"', manifest) == ["OBJ-quiz-chapter"]
    result = {
        "quiz": "check",
        "score": 1.0,
        "max": 1.0,
        "questions": [{"id": "t", "kind": "true_false", "response": True, "score": 1.0, "max": 1.0}],
    }
    lms = StrictScormAgainLms(tmp_path / "lms", files, "2004")
    try:
        _, calls, cmi, problems = lms.session(
            browser,
            lambda s: s.launch.evaluate("r => CourseKitScormHost.quizChecked(r, null)", result),
            launch="scorm-quiz-chapter.html",
        )
        _, calls2, cmi2, problems2 = lms.session(browser, lambda s: None, launch="scorm-reading.html")
    finally:
        lms.close()
    assert problems == [] and problems2 == []
    assert failed_calls(calls + calls2) == []
    objectives = listed(cmi["objectives"])
    assert len(objectives) == 1 and objectives[0]["id"] == "OBJ-quiz-chapter"
    assert objectives[0]["success_status"] == "passed" and objectives[0]["completion_status"] == "completed"
    assert objectives[0]["score"]["scaled"] == cmi["score"]["scaled"] == "1"
    assert listed(cmi2["objectives"]) == [] and cmi2["completion_status"] == "completed"


# ---------------------------------------------------------------- telling the author


def test_a_sco_too_big_to_itemise_is_a_located_warning(tmp_path):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    from gen_course import generate

    from coursekit.build import build_course

    course = generate(tmp_path / "course", questions=300)
    diags = build_course(course, ["scorm2004"], tmp_path / "out")
    warnings = [d for d in diags.warnings if d.code == "CK740"]
    assert len(warnings) == 1 and not diags.has_errors()
    assert warnings[0].location.file.endswith(".yaml") and "quizzes" in warnings[0].location.file
    assert "--sco-per-chapter" in warnings[0].hint
    per_chapter = build_course(course, ["scorm2004"], tmp_path / "out2", {"sco_per_chapter": True})
    assert [d for d in per_chapter.warnings if d.code == "CK740"] == []


def test_numeric_patterns_are_exact_and_inside_the_range(tmp_path):
    from coursekit.exporters.scorm.runtime_data import quiz_entries

    _, interactions = quiz_entries(hostile_course(tmp_path))
    specs = interactions["hostile"]
    assert specs["n1"]["correct2004"] == ["0.0855[:]0.0955"] and specs["n1"]["correct12"] == ["0.0905"]
    assert specs["n0"]["correct2004"] == [] and specs["n0"]["numtext"] == "786432"  # 6 integer digits
    assert specs["n2"]["correct12"] == ["0.000000000001"] and specs["n2"]["correct2004"] == []
    assert specs["n3"]["correct2004"] == ["0[:]0"]  # -0
    # -2.5e-7 +- 1e-8: no 7-decimal number lies inside, so the 2004 record is text.
    assert specs["n6"]["correct2004"] == [] and specs["n6"]["numtext"] == "-0.00000025"
    assert specs["n7"]["numtext"] == "1e+300" and specs["n7"]["correct12"] == []
    # Too big for real(10,7) and for CMIDecimal's plain form: recorded as text, never a crash.
    assert specs["n9"]["correct2004"] == [] and specs["n9"]["numtext"] == "602214076000000000000000"
    assert specs["n10"]["correct2004"] == [] and specs["n10"]["numtext"] == "-10000000000000000000000000"
    # Weighting only where the type holds it: 1.2 at most 100, 2004 real(10,7).
    assert (specs["n2"]["weighting12"], specs["n2"]["weighting2004"]) == (None, "150")
    assert (specs["n4"]["weighting12"], specs["n4"]["weighting2004"]) == (None, None)
    variants = _load(next(d for d in _example_dirs() if d.name == "variants"))
    _, interactions = quiz_entries(variants)
    dice = interactions["dice-check"]["two-dice-probability-v1"]  # 1/6 +- 0.001, rounded inwards
    assert dice["correct2004"] == ["0.1656667[:]0.1676666"]
    assert all(len(spec["description"]) <= 60 for quiz in interactions.values() for spec in quiz.values())
