"""Canvas items score what the source YAML says, for every question type.

Each Canvas item's conditions (tests/support/canvas_qti12.py, read as Canvas reads them) are
applied to responses picked by visible text from the authored question: the correct choice,
every wrong one, True and False, numeric answers at and beyond the tolerance, every accepted
short answer in another case, matching pairs, ordering positions, blanks. Run over the
fixture course with every type, the example course, every example, and random valid courses.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from lxml import etree
from support import canvas_qti12 as c12
from support.course_dir import export, load_rendered, load_shipped
from test_properties import courses, write_files

from coursekit.model import question as qm

ROOT = Path(__file__).resolve().parents[1]
COURSES = [ROOT / "course", *sorted(p for p in (ROOT / "examples").iterdir() if (p / "course.yaml").is_file())]


def canvas_items(rendered, files: dict[str, bytes]) -> dict[tuple[str, str], etree._Element]:
    """(quiz id, question id) -> the Canvas item; a quiz's assessment is found by its title and
    its items' titles (question ids), not by how the exporter names files."""
    assessments = [
        a
        for path, data in files.items()
        if path.endswith(".xml") and path.count("/") == 1 and not path.endswith("/assessment_meta.xml")
        for a in etree.fromstring(data).iter(f"{c12.Q}assessment")
    ]
    out = {}
    for rq in rendered.quizzes:
        ids = {q.id for slot in rq.slots for q in slot.variants}
        mine = [
            a
            for a in assessments
            if a.get("title") == rq.quiz.title and {i.get("title") for i in a.iter(f"{c12.Q}item")} <= ids
        ]
        if len(mine) > 1:  # same title and question ids: the ident (the quiz id as an XML name) decides
            mine = [a for a in mine if a.get("ident") in (rq.quiz.id, "_" + rq.quiz.id)]
        (mine,) = mine
        for item in mine.iter(f"{c12.Q}item"):
            out[(rq.quiz.id, item.get("title"))] = item
    return out


def _plain(rendered, rq, md: str) -> str:
    """The text a learner reads for ``md`` in Canvas (TeX math left as TeX)."""
    return c12.visible(rendered.quiz_md(rq, md, inline=True, math="tex").html)


def _close(got, want, tol=0.05) -> bool:
    return got is not None and abs(got - want) <= tol


def problems_of(rendered, rq, q, item) -> list[str]:
    """Every response whose Canvas score differs from the source's rule."""
    bad: list[str] = []

    def expect(responses, want, what):
        got = c12.score(item, responses)
        if want is None and got is not None or want is not None and not _close(got, want):
            bad.append(f"{rq.quiz.id}/{q.id}: {what}: Canvas scores {got}, the source says {want}")

    if isinstance(q, (qm.SingleChoice, qm.MultipleResponse)):
        texts = [_plain(rendered, rq, c.text) for c in q.choices]
        right = [i for i, c in enumerate(q.choices) if c.correct is True]
        expect({"response1": c12.pick(item, texts, right)}, 100, f"the correct choices {right}")
        for i, c in enumerate(q.choices):
            if c.correct is not True:
                expect({"response1": c12.pick(item, texts, [i])}, 0, f"the wrong choice {i}")
                if isinstance(q, qm.MultipleResponse):
                    expect({"response1": c12.pick(item, texts, [*right, i])}, 0, f"all correct plus {i}")
        if isinstance(q, qm.MultipleResponse) and len(right) > 1:
            expect({"response1": c12.pick(item, texts, right[1:])}, 0, "one correct choice left out")
    elif isinstance(q, qm.TrueFalse):
        words = c12.labels(item)
        yes, no = list(words.values())
        expect({"response1": c12.choose(item, [yes])}, 100 if q.answer else 0, f"{yes!r} (true)")
        expect({"response1": c12.choose(item, [no])}, 0 if q.answer else 100, f"{no!r} (false)")
    elif isinstance(q, qm.NumericQuestion):
        a, tol = float(q.answer), float(q.tolerance)
        beyond = tol + max(abs(a), 1.0) * 1e-6
        expect({"response1": repr(a)}, 100, "the answer")
        for r in (a - 0.999 * tol, a + 0.999 * tol):
            expect({"response1": repr(r)}, 100, f"{r!r}, inside the tolerance")
        outside = [a - beyond, a + beyond] + ([-a] if abs(2 * a) > beyond else [])  # the sign matters
        for r in outside:
            expect({"response1": repr(r)}, 0, f"{r!r}, outside the tolerance")
    elif isinstance(q, qm.ShortAnswer):
        # Canvas: all or nothing (CK764 warns) and blind to case (CK765 warns).
        # The expectation is for the text sent: capitals do not always lower back to the
        # answer ("ı" is "I" in capitals, and "I" lowers to "i"), and then no answer matches.
        full = {" ".join(a.text.split()).casefold() for a in q.answers if float(a.score) == 1.0}
        for a in q.answers:
            typed = a.text.upper()
            want = 100 if " ".join(typed.split()).casefold() in full else 0
            expect({"response1": typed}, want, f"{a.text!r} in capitals")
        expect({"response1": "surely not an accepted answer"}, 0, "a wrong answer")
    elif isinstance(q, qm.Essay):
        expect({"response1": "Some text"}, None, "an essay (graded by a person)")
    elif isinstance(q, (qm.Matching, qm.Ordering)):
        if isinstance(q, qm.Matching):
            lefts = [_plain(rendered, rq, p.left) for p in q.pairs]
            options = [c12.visible(t.strip(), False) for t in [p.right for p in q.pairs] + list(q.distractors)]
        else:
            lefts = [_plain(rendered, rq, t) for t in q.items]
            options = [str(i + 1) for i in range(len(q.items))]
        shown = list(c12.lids(item).items())  # (ident, left text), as presented
        assert [t for _, t in shown] == lefts, (q.id, shown, lefts)

        def pairs(order):
            return {shown[i][0]: c12.pick(item, options, [j], shown[i][0]) for i, j in enumerate(order)}

        n = len(lefts)
        expect(pairs(range(n)), 100, "every pair right")
        if n >= 2 and options[0] != options[1]:
            expect(pairs([1, 0, *range(2, n)]), 100 * (n - 2) / n, "the first two swapped")
    elif isinstance(q, qm.FillBlanks):
        names = q.gap_order()
        rights = [
            b.correct.strip() if isinstance(b, qm.DropdownBlank) else b.accept[0] for b in (q.blanks[n] for n in names)
        ]
        responses = {f"response_{n}": c12.typed(item, f"response_{n}", t) for n, t in zip(names, rights, strict=True)}
        expect(responses, 100, "every blank right")
        responses[f"response_{names[0]}"] = c12.typed(item, f"response_{names[0]}", "surely not an accepted answer")
        expect(responses, 100 * (len(names) - 1) / len(names), "the first blank wrong")
    else:  # pragma: no cover - nine types
        raise AssertionError(q.type)
    return bad


def check_course(rendered) -> int:
    items = canvas_items(rendered, export(rendered, "canvas"))
    bad, seen = [], 0
    for rq in rendered.quizzes:
        for slot in rq.slots:
            # Canvas cannot draw variants inside a random selection: only the first is exported
            # then (warning CK766/CK767); every slot has at least one item.
            delivered = [q for q in slot.variants if (rq.quiz.id, q.id) in items]
            assert delivered, (rq.quiz.id, slot.source.id)
            for q in delivered:
                bad += problems_of(rendered, rq, q, items[(rq.quiz.id, q.id)])
                seen += 1
    assert bad == [], "\n".join(bad)
    return seen


def test_every_type_in_the_fixture_course(tmp_path):
    from qti_course import build_rendered

    assert check_course(build_rendered(tmp_path)) >= 17


@pytest.mark.parametrize("course_dir", COURSES, ids=lambda p: p.name)
def test_example_courses(course_dir):
    assert check_course(load_shipped(course_dir)) > 0


@settings(
    max_examples=int(os.environ.get("CK_CANVAS_EXAMPLES", "60")), deadline=None, suppress_health_check=list(HealthCheck)
)
@given(files=courses())
def test_random_courses(files):
    with tempfile.TemporaryDirectory() as tmp:
        check_course(load_rendered(write_files(Path(tmp), files)))
