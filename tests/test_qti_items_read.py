"""QTI 2.1 items read the way an importer or player reads them, against the source's meaning.

The course (tests/support/qti_reader_course.py) pins one thing per question. The checks
follow the QTI 2.1 rules a validating importer applies beyond the XSD (every identifier
declared, feedback outcomes of base type identifier, values of the declared type and
cardinality), and read attributes with the defaults the spec gives absent ones: a player
that sees no ``maxChoices`` lets a learner pick one choice, no ``shuffle`` means a fixed order.
Texts are compared as a learner reads them (the element's words), never as formatted.
"""

from __future__ import annotations

import re

import pytest
from lxml import etree
from qti_xsd import validate
from support import qti_reader_course as course

NS = "http://www.imsglobal.org/xsd/imsqti_v2p1"
INTERACTIONS = {
    "choiceInteraction",
    "textEntryInteraction",
    "extendedTextInteraction",
    "matchInteraction",
    "orderInteraction",
    "inlineChoiceInteraction",
}
# Variables every QTI item has without declaring them (QTI 2.1, built-in variables).
BUILT_IN = {"completionStatus", "numAttempts", "duration"}
QUESTIONS = {q["id"]: q for q in course.QUESTIONS}


@pytest.fixture(scope="module")
def english(tmp_path_factory):
    return {k: etree.fromstring(v) for k, v in course.items(tmp_path_factory.mktemp("en"), "en").items()}


@pytest.fixture(scope="module")
def german(tmp_path_factory):
    return {k: etree.fromstring(v) for k, v in course.items(tmp_path_factory.mktemp("de"), "de").items()}


@pytest.fixture(scope="module")
def swedish(tmp_path_factory):
    """A language without a catalog: the words come from the code's own English strings."""
    return {k: etree.fromstring(v) for k, v in course.items(tmp_path_factory.mktemp("sv"), "sv").items()}


def q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


def local(e: etree._Element) -> str:
    return etree.QName(e).localname


def words(e: etree._Element | None) -> str:
    """What a learner reads in ``e``: its text with white space collapsed."""
    return "" if e is None else " ".join("".join(e.itertext()).split())


def interactions(root: etree._Element) -> list[etree._Element]:
    return [e for e in root.find(q("itemBody")).iter() if isinstance(e.tag, str) and local(e) in INTERACTIONS]


def declarations(root: etree._Element, kind: str) -> dict[str, etree._Element]:
    return {d.get("identifier"): d for d in root.iterfind(q(kind))}


def correct_values(root: etree._Element, ident: str = "RESPONSE") -> list[str]:
    decl = declarations(root, "responseDeclaration")[ident]
    return [v.text for v in decl.iterfind(f"{q('correctResponse')}/{q('value')}")]


def prompt_div(root: etree._Element) -> etree._Element:
    """The block before the interaction: the item body's first child."""
    return root.find(q("itemBody"))[0]


def test_every_item_is_valid_qti_21(english, german):
    bad = {k: validate("qti21", etree.tostring(v)) for k, v in {**english, **german}.items()}
    assert {k: v for k, v in bad.items() if v} == {}


def test_every_identifier_an_item_uses_is_declared(english):
    """An importer resolves each name to its declaration; an undeclared one is an invalid
    item (a strict engine refuses it, a lenient one sets a variable nobody reads)."""
    problems = []
    for qid, root in english.items():
        responses = declarations(root, "responseDeclaration")
        outcomes = declarations(root, "outcomeDeclaration")
        answered = [i.get("responseIdentifier") for i in interactions(root)]
        if sorted(answered) != sorted(responses):
            problems.append((qid, "interactions answer", answered, "declared", sorted(responses)))
        for d in [*responses.values(), *outcomes.values()]:
            if d.get("baseType") is None:
                problems.append((qid, d.get("identifier"), "has no baseType"))
        rp = root.find(q("responseProcessing"))
        for e in rp.iter() if rp is not None else ():
            name = local(e) if isinstance(e.tag, str) else ""
            ident = e.get("identifier")
            if name == "setOutcomeValue" and ident not in outcomes:
                problems.append((qid, "sets undeclared outcome", ident))
            if name in ("variable", "correct", "mapResponse") and ident not in {*responses, *outcomes, *BUILT_IN}:
                problems.append((qid, name, "names undeclared", ident))
            if name == "baseValue" and not _is_value(e.get("baseType"), e.text):
                problems.append((qid, "baseValue", e.get("baseType"), e.text))
        for mf in root.iterfind(q("modalFeedback")):
            outcome = outcomes.get(mf.get("outcomeIdentifier"))
            # QTI 2.1: modalFeedback's outcome is of base type identifier.
            if outcome is None or outcome.get("baseType") != "identifier":
                problems.append((qid, "feedback on", mf.get("outcomeIdentifier")))
    assert problems == []


def _is_value(base_type: str | None, text: str | None) -> bool:
    if base_type == "integer":
        return bool(text) and re.fullmatch(r"-?[0-9]+", text) is not None
    if base_type == "float":
        try:
            float(text or "")
        except ValueError:
            return False
        return True
    if base_type == "identifier":
        return bool(text) and re.fullmatch(r"[A-Za-z_][\w.-]*", text) is not None
    return base_type == "string"


def test_every_feedback_can_be_shown(english):
    """A modalFeedback shows when its outcome holds its identifier: each one must be a value
    the response processing can give that outcome, with the outcome's cardinality."""
    problems = []
    for qid, root in english.items():
        outcomes = declarations(root, "outcomeDeclaration")
        responses = declarations(root, "responseDeclaration")
        choices = {
            i.get("responseIdentifier"): {c.get("identifier") for c in i.iter(q("simpleChoice"))}
            for i in interactions(root)
        }
        possible: dict[str, set[str]] = {}
        for s in root.iter(q("setOutcomeValue")):
            value, outcome = s[0], outcomes.get(s.get("identifier"))
            if local(value) == "baseValue":
                card = "single"
                possible.setdefault(s.get("identifier"), set()).add(value.text)
            elif local(value) == "variable" and value.get("identifier") in responses:
                card = responses[value.get("identifier")].get("cardinality")
                possible.setdefault(s.get("identifier"), set()).update(choices.get(value.get("identifier"), ()))
            else:
                continue
            if outcome is not None and outcome.get("baseType") == "identifier" and outcome.get("cardinality") != card:
                problems.append((qid, s.get("identifier"), "declared", outcome.get("cardinality"), "gets", card))
        for mf in root.iterfind(q("modalFeedback")):
            if mf.get("identifier") not in possible.get(mf.get("outcomeIdentifier"), ()):
                problems.append((qid, "never shown", mf.get("outcomeIdentifier"), mf.get("identifier"), words(mf)))
    assert problems == []


def test_feedback_per_kind_as_the_source_gives_it(english):
    shown = {qid: {words(mf) for mf in root.iterfind(q("modalFeedback"))} for qid, root in english.items()}
    assert shown["sc"] == {"Well done.", "Not quite.", "Subtract.", "Yes, minus three.", "Mind the sign."}
    assert shown["mr"] == {"Iron is a metal.", "Wood is not.", "Glass is not.", "Metals conduct."}
    # An essay is graded by a person later: no correct/incorrect verdict when it is submitted.
    assert shown["essay-range"] == {"Thanks for writing."}


def test_interactions_as_a_player_reads_them(english):
    """Attributes read with QTI 2.1's defaults for absent ones (shuffle false, maxAssociations
    1): the learner can give the whole answer, in the order the source asks. ``maxChoices``
    must be written: the spec's default is 1, the official XSD's is 0 (no limit), so only an
    explicit value reads alike in every importer."""

    def read(qid):
        (i,) = [e for e in interactions(english[qid]) if local(e) != "inlineChoiceInteraction"] or interactions(
            english[qid]
        )
        return i

    def shuffled(i):
        return i.get("shuffle", "false") == "true"

    for qid in ("sc", "mr"):
        assert shuffled(read(qid)), qid  # choices shuffle unless the source says shuffle: false
    assert not shuffled(read("sc-fixed"))
    assert read("sc").get("maxChoices") == "1"
    assert read("mr").get("maxChoices") == "0"  # 0: as many as the learner likes
    for qid in ("tf-true", "tf-false"):
        assert not shuffled(read(qid)) and read(qid).get("maxChoices") == "1"
    match = read("match")
    assert shuffled(match) and not shuffled(read("match-fixed"))
    assert int(match.get("maxAssociations", "1")) == len(QUESTIONS["match"]["pairs"])
    assert shuffled(read("order-ten"))
    (inline,) = [e for e in interactions(english["fill"]) if local(e) == "inlineChoiceInteraction"]
    assert not shuffled(inline)


def test_display_orders_do_not_carry_over_between_questions(english):
    """Players that ignore shuffle show the written order: it differs from the answer, and
    learning one question's order must not give away the next one of the same size."""
    for prefix, tag in (("order-", "simpleChoice"), ("match-", "simpleAssociableChoice")):
        orders = []
        for k in "pqrstu":
            texts = [words(c) for c in english[prefix + k].iter(q(tag))][-3:]
            orders.append(tuple(t[-1] for t in texts))  # 'a', 'b', 'c' / '1', '2', '3' in shown order
        assert len(set(orders)) > 1, (prefix, orders)


def test_the_learner_reads_every_prompt_and_every_choice(english):
    for qid, question in QUESTIONS.items():
        if "prompt" in question:
            expected = " ".join(question["prompt"].replace("## ", "").replace("- ", "").split())
            assert words(prompt_div(english[qid])) == expected, qid
    assert [words(li) for li in prompt_div(english["sc"]).iter(q("li"))] == ["take 5 from 2", "write the result"]
    assert [local(h) for h in prompt_div(english["essay-free"]).iter(q("h2"))] == ["h2"]
    # Choice texts are inline: "- 3" reads as written, it is no bulleted list.
    choice = next(c for c in english["sc"].iter(q("simpleChoice")) if words(c).endswith("3") and len(words(c)) == 3)
    assert [local(e) for e in choice.iter()] == ["simpleChoice"]


def test_the_title_is_the_prompt_as_read(english):
    """Item banks list an item by its title: the prompt's words, at most 200 characters."""
    for qid, root in english.items():
        title, text = root.get("title"), words(prompt_div(root)) if "prompt" in QUESTIONS[qid] else ""
        if not text:
            assert title == qid
        else:
            assert len(title) <= 200 and text.startswith(title) and len(title) >= min(len(text), 190), qid
    assert english["essay-free"].get("title") == "Snow Discuss snow."


@pytest.mark.parametrize("language", ["en", "de", "sv"])
def test_true_false_choices_and_answer(english, german, swedish, language):
    items = {"en": english, "de": german, "sv": swedish}[language]
    yes, no = course.TRUE_FALSE[language]
    for qid, answer in (("tf-true", yes), ("tf-false", no)):
        root = items[qid]
        labels = {words(c): c.get("identifier") for c in root.iter(q("simpleChoice"))}
        assert list(labels) == [yes, no]
        assert correct_values(root) == [labels[answer]], qid


@pytest.mark.parametrize("language", ["en", "de", "sv"])
def test_essay_word_limits_in_the_course_language(english, german, swedish, language):
    items = {"en": english, "de": german, "sv": swedish}[language]
    for qid, limits in course.WORD_LIMITS[language].items():
        body = items[qid].find(q("itemBody"))
        lines = [words(p) for p in body.iterfind(q("p"))]
        assert lines == ([limits] if limits else []), qid


def test_the_scorer_sees_the_model_answer(english):
    (rubric,) = english["essay-range"].iter(q("rubricBlock"))
    assert rubric.get("view") == "scorer" and words(rubric) == "A good essay names conduction."


def test_numeric_answer_and_unit(english):
    root = english["num"]
    (entry,) = interactions(root)
    assert words(entry.getparent()) == "m/s"  # the unit right after the box
    assert [float(v) for v in correct_values(root)] == [12.5]


def test_correct_responses_a_player_can_show(english):
    """The correct response is what a player shows as the solution (and what importers read):
    one value per single response, and it is an answer worth full points."""
    sa = english["sa"]
    best = [a["text"] for a in QUESTIONS["sa"]["answers"] if a.get("score", 1) == 1]
    (value,) = correct_values(sa)
    assert value in best
    fill = english["fill"]
    accepts = QUESTIONS["fill"]["blanks"]
    assert correct_values(fill, "GAP1")[0] in accepts["a"]["accept"]
    assert correct_values(fill, "GAP2") == accepts["b"]["accept"]


def test_answer_boxes_fit_the_longest_answer(english):
    """``expectedLength`` sizes the box a learner types in: every accepted answer fits."""
    longest = {
        "sa": max(len(a["text"]) for a in QUESTIONS["sa"]["answers"]),
        "num": len("12.5"),
        "fill": max(len(a) for b in QUESTIONS["fill"]["blanks"].values() for a in b.get("accept", [])),
    }
    for qid, n in longest.items():
        boxes = [i for i in interactions(english[qid]) if local(i) == "textEntryInteraction"]
        assert max(int(b.get("expectedLength", "0")) for b in boxes) >= n, qid
    for qid in course.WORD_LIMITS["en"]:
        (box,) = interactions(english[qid])
        assert int(box.get("expectedLines", "0")) >= 5, qid  # an essay gets room for a paragraph


def test_a_perfect_partial_order_scores_the_points_outright(english):
    """Points / items added once per item need not add up to the points in binary floating
    point (0.1 ten times is 0.9999999999999999 where an engine sums doubles, as Java ones do),
    and SCORE >= MAXSCORE decides the correct feedback: the whole order sets SCORE to MAXSCORE."""
    root = english["order-ten"]
    points = root.find(f"{q('outcomeDeclaration')}[@identifier='MAXSCORE']").findtext(
        f"{q('defaultValue')}/{q('value')}"
    )
    outright = [
        c
        for c in root.find(q("responseProcessing")).iter(q("responseIf"))
        if local(c[0]) == "match"
        and [local(e) for e in c[0]] == ["variable", "correct"]
        and any(
            s.get("identifier") == "SCORE" and local(s[0]) == "baseValue" and float(s[0].text) == float(points)
            for s in c.iterfind(q("setOutcomeValue"))
        )
    ]
    assert len(outright) == 1
