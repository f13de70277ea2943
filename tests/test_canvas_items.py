"""Canvas items carry everything the source YAML says, as Canvas's importer reads it.

tests/test_canvas_conditions.py checks the scores; this file checks the rest of each item on a
course written for it (every kind of feedback on every type, units and drop-down choices with
``&``/``<``, several answers per blank, a model answer, prompts of two paragraphs):

- the question text a learner reads, and each field's wrapper (``div`` for block HTML, ``span``
  for inline, docs/targets/canvas.md);
- feedback: every ``displayfeedback`` names one ``itemfeedback``; the one shown for a response
  (QTI 1.2 rules: a condition without ``continue`` ends processing) is the author's text for
  that answer, the correct / incorrect feedback for a right / wrong response;
- what Canvas's importer turns into answers (canvas-lms
  ``gems/plugins/qti_exporter/lib/qti/fill_in_the_blank.rb``, ``#process_canvas``: every label
  of a typed blank is a correct answer, a drop-down's correct label is the one with a SCORE
  ``Add``, answers are keyed by their idents);
- the located warnings, as the author reads them.
"""

from __future__ import annotations

import json

import pytest
from lxml import etree
from qti_xsd import validate
from support import canvas_qti12 as c12
from support.course_dir import load_rendered, write_course

Q = c12.Q

# Every character an XML attribute must escape (the title is the assessment's title attribute).
TITLE = 'The "tea"\tquiz\r\nof <all> & more'

QUESTIONS = [
    {
        "id": "sc",
        "type": "single_choice",
        "prompt": "First paragraph.\n\nSecond paragraph.",
        "choices": [
            {"text": "Right", "correct": True, "feedback": "Yes, right."},
            {"text": "Wrong", "feedback": "No, wrong."},
            {"text": "Other"},
        ],
        "feedback": {"correct": "Well done.", "incorrect": "Not quite.", "general": "General note."},
    },
    {
        "id": "mr",
        "type": "multiple_response",
        "prompt": "Pick the **two**.",
        "choices": [
            {"text": "A", "correct": True, "feedback": "A is in."},
            {"text": "B", "correct": True},
            {"text": "C", "feedback": "C is out."},
        ],
        "feedback": {"correct": "Both.", "incorrect": "Not both."},
    },
    {
        "id": "tf",
        "type": "true_false",
        "prompt": "The sky is *green*.",
        "answer": False,
        "feedback": {"correct": "Indeed not.", "incorrect": "Look up."},
    },
    # No feedback at all: nothing may refer to feedback that is not there.
    {"id": "tf2", "type": "true_false", "prompt": "Water is wet.", "answer": True},
    {
        "id": "num",
        "type": "numeric",
        "prompt": "How fast?",
        "answer": 7,
        "unit": "m & <s>",
        "feedback": {"correct": "Seven it is.", "incorrect": "Not seven."},
    },
    {
        "id": "sa",
        "type": "short_answer",
        "prompt": "Capital of France?",
        "case_sensitive": True,
        "answers": [
            {"text": "Paris", "feedback": "Today's name."},
            {"text": "Lutetia  Parisiorum", "feedback": "The Roman name."},
            {"text": "Lutèce", "score": 0.5},
            {"text": "Lutetia", "score": 0.5},
        ],
        "feedback": {"correct": "Right city.", "incorrect": "Another city."},
    },
    {
        "id": "essay",
        "type": "essay",
        "prompt": "Discuss *tea*.",
        "model_answer": "Tea is *good*.",
        "feedback": {"general": "Thanks.", "correct": "Good essay.", "incorrect": "Weak essay."},
    },
    {
        "id": "match",
        "type": "matching",
        "prompt": "Match the pairs.",
        "scoring": "all_or_nothing",
        "pairs": [
            {"left": "one", "right": "1"},
            {"left": "two", "right": "2"},
            {"left": "three", "right": "3"},
            {"left": "four", "right": "4"},
        ],
        "feedback": {"incorrect": "Some pairs are off."},
    },
    {
        "id": "match2",
        "type": "matching",
        "prompt": "Match again.",
        "scoring": "partial",
        "pairs": [
            {"left": "uno", "right": "1"},
            {"left": "dos", "right": "2"},
            {"left": "tres", "right": "3"},
            {"left": "cuatro", "right": "4"},
        ],
    },
    {"id": "order", "type": "ordering", "prompt": "Order them.", "items": ["first", "second", "third"]},
    {
        "id": "order-part",
        "type": "ordering",
        "prompt": "Order partially.",
        "scoring": "partial",
        "items": ["w", "x"],
    },
    {
        "id": "drop",
        "type": "fill_blanks",
        "prompt": "Choose.",
        "scoring": "partial",
        "case_sensitive": True,  # drop-downs: no typing, so no CK765
        "text": "Tea is [[colour]] or [[taste]].",
        "blanks": {
            "colour": {"choices": ["green", "blue", "dark\rred"], "correct": "green"},
            "taste": {"choices": ["sweet", "bitter"], "correct": "bitter"},
        },
        "feedback": {"incorrect": "Look again."},
    },
    {
        "id": "mixed",
        "type": "fill_blanks",
        "scoring": "partial",
        "text": "Write [[word]], pick [[sym]]. \\[\\[not\\]\\] is no gap.",
        "blanks": {
            "word": {"accept": ["tea"]},
            "sym": {"choices": ["a & b", "R&amp;D", "<c>"], "correct": "<c>"},
        },
    },
    {
        "id": "typed",
        "type": "fill_blanks",
        "scoring": "all_or_nothing",
        "prompt": "Fill in.",
        "text": "[[p]] then [[q]] and [[r]], but $[[p]]$ stays.",
        "blanks": {
            "p": {"accept": ["Paris", "paris", "Lutetia"]},
            "q": {"accept": ["x", "y", "z"], "case_sensitive": True},
            "r": {"accept": ["u", "v"]},
        },
        "feedback": {"incorrect": "Check the blanks."},
    },
]


# Per test, not per module: mutmut runs only the tests that executed the mutated code while it
# collected coverage, and a module-wide export would be credited to the first test alone.
@pytest.fixture
def built(tmp_path):
    root = tmp_path
    quiz = {"id": "q", "title": TITLE, "questions": QUESTIONS}
    write_course(
        root,
        {
            "course.yaml": "id: c\ntitle: C\nlanguage: en\nversion: '1'\nchapters:\n  - chapters/01.md\n",
            "chapters/01.md": "---\nid: ch\ntitle: Ch\nquiz: ../quizzes/q.yaml\n---\n\n# Ch\n\nText.\n",
            "quizzes/q.yaml": json.dumps(quiz),  # JSON is YAML
        },
    )
    rendered = load_rendered(root)
    from coursekit.exporters.qti import EXPORTERS

    result = EXPORTERS["canvas"]().run(rendered)
    (artifact,) = result.artifacts
    xml = artifact.files["q/q.xml"]
    items = {i.get("title"): i for i in etree.fromstring(xml).iter(Q + "item")}
    (rq,) = rendered.quizzes
    questions = {q.id: q for slot in rq.slots for q in slot.variants}
    return rendered, rq, questions, items, xml, result.diagnostics


def words(html: str) -> str:
    """The text a learner reads in an HTML field (TeX left as TeX)."""
    if not html.strip():
        return ""
    # A paragraph ends with a break between words.
    html = html.replace("</p>", "</p> ")
    return " ".join(etree.HTML(f"<div>{html}</div>").xpath("string()").split())


def md_words(built, md: str, inline: bool = False) -> str:
    rendered, rq, *_ = built
    return words(rendered.quiz_md(rq, md, inline=inline, math="tex").html)


def meta(item) -> dict[str, str]:
    return {f.findtext(Q + "fieldlabel"): f.findtext(Q + "fieldentry") for f in item.iter(Q + "qtimetadatafield")}


def question_html(item) -> str:
    return item.findtext(f"{Q}presentation/{Q}material/{Q}mattext")


def feedback_texts(item) -> dict[str, str]:
    return {f.get("ident"): words(f.findtext(f".//{Q}mattext")) for f in item.iter(Q + "itemfeedback")}


def run(item, responses: dict, strict: bool = True) -> tuple[float, list[str]]:
    """(SCORE, feedback idents shown) after the item's conditions. ``strict``: QTI 1.2's rule
    that a condition without ``continue`` ends processing (the XSD's default "No"); Canvas's
    matching and blank items carry no ``continue`` on their Add conditions and are read as
    answers, so they run with ``strict=False``."""
    score, shown = 0.0, []
    for cond in item.iter(Q + "respcondition"):
        tests = [t for t in cond.find(Q + "conditionvar") if isinstance(t.tag, str)]
        if not any(c12._holds(t, responses) for t in tests):
            continue
        for sv in cond.iter(Q + "setvar"):
            amount = float(sv.text)
            score = amount if sv.get("action", "Set") == "Set" else score + amount
        shown += [d.get("linkrefid") for d in cond.iter(Q + "displayfeedback")]
        if cond.get("continue", "No" if strict else "Yes") == "No":
            break
    return score, shown


def test_schema_valid_and_score_is_a_decimal(built):
    *_, items, xml, _ = built
    assert not validate("qti12", xml)
    for item in items.values():
        # Blank and pair shares such as 33.33 need a Decimal SCORE (QTI 1.2's default is Integer).
        decvar = item.find(f"{Q}resprocessing/{Q}outcomes/{Q}decvar")
        assert decvar.get("vartype") == "Decimal"
        for mt in item.iter(Q + "mattext"):
            assert mt.get("texttype") in ("text/html", "text/plain")


def test_quiz_title(built):
    *_, xml, _ = built
    (assessment,) = etree.fromstring(xml).iter(Q + "assessment")
    # Shown as HTML, where tabs and line breaks are spaces.
    assert " ".join(assessment.get("title").split()) == " ".join(TITLE.split())


def test_question_text_is_the_prompt(built):
    _, _, questions, items, *_ = built
    for qid in ("sc", "mr", "tf", "sa", "essay", "match", "order"):
        html = question_html(items[qid])
        # Block HTML (paragraphs) sits in a div; a span may not hold a <p>.
        assert html.startswith('<div class="ck-html">'), (qid, html)
        assert words(html) == md_words(built, questions[qid].prompt), qid
    sc = question_html(items["sc"])
    assert sc.count("<p>") == 2  # both paragraphs stay paragraphs
    assert words(question_html(items["num"])) == "How fast? (m & <s>)"
    assert words(question_html(items["drop"])) == "Choose. Tea is [colour] or [taste]."
    # Escaped brackets are text: the learner reads [[not]].
    assert (
        words(question_html(items["mixed"])) == "Write [word], pick [sym] (a & b / R&amp;D / <c>). [[not]] is no gap."
    )
    # [[p]] inside TeX is not a gap.
    assert words(question_html(items["typed"])) == "Fill in. [p] then [q] and [r], but \\([[p]]\\) stays."


def test_inline_fields_are_spans(built):
    *_, items, _, _ = built
    for qid in ("sc", "mr"):
        for label in items[qid].iter(Q + "response_label"):
            assert label.findtext(f"{Q}material/{Q}mattext").startswith('<span class="ck-html">')
    for qid in ("match", "order"):
        for lid in items[qid].iter(Q + "response_lid"):
            assert lid.findtext(f"{Q}material/{Q}mattext").startswith('<span class="ck-html">')


def test_conditions_name_the_presented_responses(built):
    *_, items, _, _ = built
    for qid, item in items.items():
        presented = {
            r.get("ident") for r in item.find(Q + "presentation") if r.tag in (Q + "response_lid", Q + "response_str")
        }
        named = {v.get("respident") for v in item.iter() if v.get("respident") is not None}
        assert named <= presented, (qid, named - presented)
        labels = [lab.get("ident") for lab in item.iter(Q + "response_label")]
        # Matching repeats every target (same ident) under each left; the others list each once.
        if item.find(f"{Q}presentation/{Q}response_lid") is not None and qid not in (
            "match",
            "match2",
            "order",
            "order-part",
        ):
            # Canvas keys answers by these idents (get_or_generate_answer_id): one answer each.
            assert len(set(labels)) == len(labels), (qid, labels)
            assert meta(item)["original_answer_ids"] == ",".join(labels), qid


def test_every_displayed_feedback_exists_once(built):
    *_, items, _, _ = built
    for qid, item in items.items():
        idents = [f.get("ident") for f in item.iter(Q + "itemfeedback")]
        assert len(set(idents)) == len(idents), (qid, idents)
        links = {d.get("linkrefid") for d in item.iter(Q + "displayfeedback")}
        assert links <= set(idents), (qid, links - set(idents))


def _fb(built, md: str) -> str:
    return md_words(built, md)


def test_feedback_texts_and_when_they_show(built):
    _, _, questions, items, *_ = built
    for qid in ("sc", "mr", "tf", "num", "sa", "essay", "match", "drop", "typed"):
        fb = questions[qid].feedback
        texts = feedback_texts(items[qid])
        for kind, ident in (("correct", "correct_fb"), ("incorrect", "general_incorrect_fb")):
            want = getattr(fb, kind)
            assert texts.get(ident) == (_fb(built, want) if want else None), (qid, ident)
    sc, mr, tf, num, sa = (items[k] for k in ("sc", "mr", "tf", "num", "sa"))
    assert feedback_texts(sc)["general_fb"] == "General note."

    def ids(item, *texts):
        by_text = {v: k for k, v in c12.labels(item).items()}
        return [by_text[t] for t in texts]

    def shown(item, responses, strict=True):
        score, links = run(item, responses, strict)
        texts = feedback_texts(item)
        return score, [texts[link] for link in links]

    assert shown(sc, {"response1": ids(sc, "Right")}) == (100, ["General note.", "Yes, right.", "Well done."])
    assert shown(sc, {"response1": ids(sc, "Wrong")}) == (0, ["General note.", "No, wrong.", "Not quite."])
    assert shown(sc, {"response1": ids(sc, "Other")}) == (0, ["General note.", "Not quite."])
    assert shown(mr, {"response1": ids(mr, "A", "B")}) == (100, ["A is in.", "Both."])
    assert shown(mr, {"response1": ids(mr, "A", "C")}) == (0, ["A is in.", "C is out.", "Not both."])
    assert shown(tf, {"response1": ids(tf, "False")}) == (100, ["Indeed not."])
    assert shown(tf, {"response1": ids(tf, "True")}) == (0, ["Look up."])
    assert shown(num, {"response1": "7"}) == (100, ["Seven it is."])
    assert shown(num, {"response1": "8"}) == (0, ["Not seven."])
    assert shown(sa, {"response1": "paris"}) == (100, ["Today's name.", "Right city."])
    assert shown(sa, {"response1": "Lutetia Parisiorum"}) == (100, ["The Roman name.", "Right city."])
    assert shown(sa, {"response1": "Rome"}) == (0, ["Another city."])
    essay = feedback_texts(items["essay"])["general_fb"]
    # The model answer follows the general feedback under its heading (no field of its own).
    assert essay == "Thanks. Model answer Tea is good."
    assert "<strong>Model answer</strong>" in items["essay"].find(f".//{Q}itemfeedback").findtext(f".//{Q}mattext")


def test_incorrect_feedback_never_shows_to_a_right_response(built):
    _, _, _, items, *_ = built
    match = items["match"]
    right = {}
    lefts = c12.lids(match)
    for ident, left in lefts.items():
        want = {"one": "1", "two": "2", "three": "3", "four": "4"}[left]
        right[ident] = [i for i, t in c12.labels(match, ident).items() if t == want]
    assert run(match, right, strict=False) == (100, [])
    drop = items["drop"]
    good = {
        "response_colour": c12.typed(drop, "response_colour", "green"),
        "response_taste": c12.typed(drop, "response_taste", "bitter"),
    }
    assert run(drop, good, strict=False) == (100, [])
    typed = items["typed"]
    good = {f"response_{n}": c12.typed(typed, f"response_{n}", t) for n, t in (("p", "Paris"), ("q", "x"), ("r", "u"))}
    score, links = run(typed, good, strict=False)
    assert score == pytest.approx(100, abs=0.05) and links == []


def test_blank_answers_as_canvas_imports_them(built):
    *_, items, _, _ = built
    drop, mixed, typed = items["drop"], items["mixed"], items["typed"]
    assert meta(drop)["question_type"] == "multiple_dropdowns_question"
    assert meta(mixed)["question_type"] == meta(typed)["question_type"] == "fill_in_multiple_blanks_question"

    def scored(item, respident):
        """Labels with a SCORE condition: Canvas's correct answers of a drop-down."""
        return {
            c.findtext(f"{Q}conditionvar/{Q}varequal")
            for c in item.iter(Q + "respcondition")
            if c.find(Q + "setvar") is not None and c.find(f"{Q}conditionvar/{Q}varequal").get("respident") == respident
        }

    def shown(item, respident):
        return {i: t for i, t in c12.labels(item, respident).items()}

    colour = shown(drop, "response_colour")
    assert sorted(colour.values()) == ["blue", "dark red", "green"]  # a CR is a space in HTML
    assert {colour[i] for i in scored(drop, "response_colour")} == {"green"}
    taste = shown(drop, "response_taste")
    assert {taste[i] for i in scored(drop, "response_taste")} == {"bitter"}
    # Canvas makes every label of a typed blank a correct answer (weight 100): only accepted
    # answers, once each as Canvas compares them (blind to case), as the author wrote them.
    assert sorted(shown(typed, "response_p").values()) == ["Lutetia", "Paris"]
    assert sorted(shown(typed, "response_q").values()) == ["x", "y", "z"]
    assert sorted(shown(typed, "response_r").values()) == ["u", "v"]
    for name in ("p", "q", "r"):
        assert scored(typed, f"response_{name}") == set(shown(typed, f"response_{name}"))
    # A drop-down of a mixed question becomes typed: its one answer is the correct choice.
    assert list(shown(mixed, "response_sym").values()) == ["<c>"]


def test_short_answers_keep_the_authors_spelling(built):
    *_, items, _, _ = built
    accepted = [v.text for v in items["sa"].iter(Q + "varequal")]
    # Canvas lists these answers to teachers, and to learners when it shows correct answers.
    assert set(accepted) == {"Paris", "Lutetia Parisiorum"}


def test_matching_targets_are_shuffled_per_question(built):
    *_, items, _, _ = built

    def order(item):
        lid = item.find(f"{Q}presentation/{Q}response_lid")
        return [lab.findtext(f"{Q}material/{Q}mattext") for lab in lid.iter(Q + "response_label")]

    # Targets in one fixed order for every question would let a learner who learnt one
    # question's positions answer the next.
    assert sorted(order(items["match"])) == sorted(order(items["match2"])) == ["1", "2", "3", "4"]
    assert order(items["match"]) != order(items["match2"])


def test_warnings_as_the_author_reads_them(built):
    *_, questions, _, _, diags = built
    got = sorted((d.code, str(d.location), d.message, d.hint, d.severity.value) for d in diags)

    def w(code, qid, message, hint):
        return (code, str(questions[qid].loc), f"question '{qid}': {message}", hint, "warning")

    partial = "set scoring: partial to match Canvas"
    want = sorted(
        [
            w(
                "CK762",
                "mr",
                "Canvas scores multiple answers with partial credit, not all_or_nothing",
                "set scoring: partial, or accept partial credit in Canvas",
            ),
            w(
                "CK764",
                "sa",
                "Canvas short answers are all-or-nothing; answers with a partial score (Lutèce, Lutetia) are left out",
                "give these answers score 1 or accept that Canvas marks them wrong",
            ),
            w("CK765", "sa", "Canvas compares short answers case-insensitively", "set case_sensitive: false"),
            w(
                "CK763",
                "match",
                "Canvas scores matching per pair, not all_or_nothing",
                "set scoring: partial, or accept per-pair credit in Canvas",
            ),
            w(
                "CK760",
                "order",
                "Canvas has no ordering question; exported as matching (item -> position)",
                "check the question in Canvas, or use another type for the Canvas target",
            ),
            w(
                "CK763",
                "order",
                "the Canvas fallback gives partial credit per item in its place, not all_or_nothing",
                partial,
            ),
            w(
                "CK760",
                "order-part",
                "Canvas has no ordering question; exported as matching (item -> position)",
                "check the question in Canvas, or use another type for the Canvas target",
            ),
            w(
                "CK761",
                "mixed",
                "Canvas cannot mix typed and drop-down blanks; drop-downs become typed blanks with "
                "their choices listed",
                "use only typed or only drop-down blanks for Canvas",
            ),
            w("CK763", "typed", "Canvas scores blanks one by one, not all_or_nothing", partial),
            w("CK765", "typed", "Canvas compares typed blanks case-insensitively", "set case_sensitive: false"),
        ]
    )
    assert got == want
