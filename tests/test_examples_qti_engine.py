"""Every shipped course's QTI items scored by a real QTI engine (tests/qti_engine.py:
@citolab/qti-components in Chromium), 3.0 as exported and 2.1 upgraded by citolab's
qti_convert: every question (every variant), answered all right and with a wrong answer
(tests/support/learner.py), must score what the format's rules give (coursekit.scoring).
Responses are found in each item by the text the learner sees, never by our identifiers."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest
from lxml import etree
from support import learner
from support.course_dir import load_shipped
from support.qti_packages import engine_items

from coursekit.model import question as qm
from coursekit.scoring import evaluate, question_spec

ROOT = Path(__file__).resolve().parents[1]
COURSES = [ROOT / "course", *sorted(p for p in (ROOT / "examples").iterdir() if (p / "course.yaml").is_file())]
NS = "{http://www.imsglobal.org/xsd/imsqtiasi_v3p0}"


def _seen(e) -> str:
    # white space ignored: MathML tokens come out spaced in one reading and not the other
    return "".join("".join(e.itertext()).split())


def _seen_md(rendered, rq, md: str) -> str:
    html = rendered.quiz_md(rq, md, inline=True, math="mathml").html
    return "".join(lxml.html.fragment_fromstring(html, create_parent="div").text_content().split())


def _by_text(elements, wanted: list[str], which) -> list[str]:
    """Identifiers of ``wanted[i]`` for i in ``which``; equal texts told apart by their order."""
    shown = [_seen(e) for e in elements]
    out = []
    for i in which:
        hits = [e.get("identifier") for e, t in zip(elements, shown, strict=True) if t == wanted[i]]
        assert len(hits) == wanted.count(wanted[i]), (wanted[i], shown)
        out.append(hits[wanted[:i].count(wanted[i])])
    return out


def engine_response(rendered, rq, q, root, response) -> dict:
    """The learner's normalized response as the item's response variables."""
    if response is None:
        return {}
    if isinstance(q, (qm.SingleChoice, qm.MultipleResponse)):
        texts = [_seen_md(rendered, rq, c.text) for c in q.choices]
        ids = _by_text(list(root.iter(NS + "qti-simple-choice")), texts, response)
        return {"RESPONSE": ids[0] if isinstance(q, qm.SingleChoice) and ids else ids}
    if isinstance(q, qm.TrueFalse):
        return {"RESPONSE": "true" if response else "false"}
    if isinstance(q, (qm.NumericQuestion, qm.ShortAnswer, qm.Essay)):
        return {"RESPONSE": str(response)}
    if isinstance(q, qm.Matching):
        lefts_el, targets_el = [
            list(s.iter(NS + "qti-simple-associable-choice")) for s in root.iter(NS + "qti-simple-match-set")
        ]
        lefts = _by_text(lefts_el, [_seen_md(rendered, rq, p.left) for p in q.pairs], range(len(q.pairs)))
        texts = ["".join(t.split()) for t in [p.right for p in q.pairs] + list(q.distractors)]
        return {
            "RESPONSE": [
                f"{lefts[i]} {_by_text(targets_el, texts, [j])[0]}" for i, j in enumerate(response) if j is not None
            ]
        }
    if isinstance(q, qm.Ordering):
        texts = [_seen_md(rendered, rq, t) for t in q.items]
        return {"RESPONSE": _by_text(list(root.iter(NS + "qti-simple-choice")), texts, response)}
    if isinstance(q, qm.FillBlanks):
        gaps = [
            e
            for e in root.iter()
            if isinstance(e.tag, str)
            and e.tag in (NS + "qti-text-entry-interaction", NS + "qti-inline-choice-interaction")
        ]
        out = {}
        for gap, text in zip(gaps, response, strict=True):
            ident = gap.get("response-identifier")
            if gap.tag == NS + "qti-inline-choice-interaction":
                choices = list(gap.iter(NS + "qti-inline-choice"))
                names = [_seen(c) for c in choices]
                key = "".join(text.split())
                out[ident] = _by_text(choices, names, [names.index(key)])[0]
            else:
                out[ident] = text
        return out
    raise AssertionError(q.type)


@pytest.mark.parametrize("course_dir", COURSES, ids=lambda p: p.name)
def test_shipped_course_items_score_as_the_format_says(qti_engine, course_dir):
    rendered = load_shipped(course_dir)
    items = engine_items(rendered)
    for flavour, files in items.items():
        cases, labels = [], []
        for rq in rendered.quizzes:
            for slot in rq.slots:
                for q in slot.variants:
                    xml = files[f"items/{rq.quiz.id}/{q.id}.xml"]
                    root = etree.fromstring(xml)
                    # (learner.mixed is one of these two for every question: no third case)
                    for how, response in (("right", learner.right(q)), ("wrong", learner.wrong(q))):
                        want = evaluate(question_spec(q), response).score
                        cases.append((xml.decode(), engine_response(rendered, rq, q, root, response)))
                        labels.append((rq.quiz.id, q.id, how, want))
        results = qti_engine.score(cases)
        wrong = [
            (flavour, *label, r.get("SCORE", r.get("__error__")))
            for label, r in zip(labels, results, strict=True)
            # the engine reports a float SCORE with three decimals (2/7 points as '0.286')
            if r.get("SCORE") is None or abs(float(r["SCORE"]) - label[3]) > 5e-4 + 1e-9
        ]
        assert wrong == []
