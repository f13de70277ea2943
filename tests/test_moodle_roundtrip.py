"""Every question and field of the Moodle export, read back by a port of Moodle's importer.

Expected values come from the model and the rendered course (points, correct answers,
feedback HTML, scoring rules of shared/course-format.md), never from the exporter.
The reader is tests/support/moodle_import.py (ported from Moodle's qformat_xml,
qtype_multianswer and qtype_ordering import code).
"""

from __future__ import annotations

import base64
import html
import itertools
import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "support"))

import moodle_import as mi  # noqa: E402
from moodle_course import build_rendered  # noqa: E402

from coursekit.exporters.moodle import MoodleExporter  # noqa: E402
from coursekit.model import (  # noqa: E402
    DropdownBlank,
    Essay,
    FillBlanks,
    Matching,
    MultipleResponse,
    NumericQuestion,
    Ordering,
    ShortAnswer,
    SingleChoice,
    TrueFalse,
    normalize_answer,
)

QTYPE = {
    SingleChoice: "multichoice",
    MultipleResponse: "multichoice",
    TrueFalse: "truefalse",
    NumericQuestion: "numerical",
    ShortAnswer: "shortanswer",
    Essay: "essay",
    Matching: "match",
    Ordering: "ordering",
    FillBlanks: "multianswer",
}
PLUGIN_RE = re.compile(r"@@PLUGINFILE@@/([^\"'\s)>]+)")


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    rendered = build_rendered(tmp_path_factory.mktemp("course"))
    result = MoodleExporter().run(rendered)
    (artifact,) = result.artifacts
    data = artifact.files[artifact.name]
    imported = mi.importprocess(data)
    return rendered, result, data, imported


def md(rendered, rq, text, inline=False):
    frag = rendered.quiz_md(rq, text, inline=inline, math="tex")
    return frag.replace_assets({p: "@@PLUGINFILE@@/" + p.rsplit("/", 1)[1] for p in frag.assets}).html


def check_files(rendered, field: dict, text: str) -> None:
    """Every @@PLUGINFILE@@ link has its file, with the asset's exact bytes, in the same field."""
    files = {f["name"]: f for f in field.get("files", [])}
    for name in PLUGIN_RE.findall(text):
        assert name in files, f"{name} used without a <file> in the same element"
        raw = "".join(files[name]["raw"].split())
        strict = base64.b64decode(raw, validate=True)
        asset = next(a for p, a in rendered.assets.items() if p.endswith("/" + name))
        assert strict == asset.data


def test_import_is_clean(exported):
    rendered, result, data, imported = exported
    assert imported.errors == [] and imported.notices == [] and not imported.stopped
    expected = sum(len(slot.variants) for rq in rendered.quizzes for slot in rq.slots)
    assert len(imported.questions) == expected


def test_categories(exported):
    rendered, _, _, imported = exported
    course = rendered.course
    paths = [c["path"] for c in imported.categories]
    assert paths[0] == ["$course$", "top", course.title]  # "/" in the title survives as one name
    for rq in rendered.quizzes:
        title = rq.quiz.title.replace("<", "‹").replace(">", "›")
        assert ["$course$", "top", course.title, title] in paths
        for slot in rq.slots:
            if slot.is_parametric:
                assert ["$course$", "top", course.title, title, slot.source.id] in paths
    ids = [c["idnumber"] for c in imported.categories]
    assert len(ids) == len(set(ids)) and all(ids)
    assert all(c["infoformat"] == "html" for c in imported.categories)


def test_names_and_idnumbers(exported):
    _, _, _, imported = exported
    names = [q["name"] for q in imported.questions]
    ids = [q["idnumber"] for q in imported.questions]
    assert all(0 < len(n) <= 255 for n in names) and len(set(names)) == len(names)
    assert all(ids) and len(set(ids)) == len(ids) and all(len(i) <= 100 for i in ids)


def _by_id(imported):
    return {q["idnumber"]: q for q in imported.questions}


def _all_questions(rendered):
    for rq in rendered.quizzes:
        for slot in rq.slots:
            for q in slot.variants:
                yield rq, slot, q


def test_every_question_round_trips(exported):
    rendered, result, _, imported = exported
    by_id = _by_id(imported)
    codes = {(d.code, d.message.split("'")[1]) for d in result.diagnostics}
    for rq, slot, q in _all_questions(rendered):
        got = by_id[f"{rq.quiz.id}/{q.id}"]
        assert got["qtype"] == QTYPE[type(q)], q.id
        title = rq.quiz.title.replace("<", "‹").replace(">", "›")
        expected_cat = ["$course$", "top", rendered.course.title, title] + (
            [slot.source.id] if slot.is_parametric else []
        )
        assert got["category"] == expected_cat
        assert got["tags"] == list(dict.fromkeys(q.tags))
        assert got["generalfeedback"] == md(rendered, rq, q.feedback.general)
        check_files(rendered, {"files": got["generalfeedbackfiles"]}, got["generalfeedback"])
        assert float(got["penalty"]) in (0.3333333, 1.0)
        if not isinstance(q, FillBlanks):
            assert float(got["defaultmark"]) == float(q.points)
            assert got["questiontextformat"] == "html"
            check_files(rendered, {"files": got["questiontextfiles"]}, got["questiontext"])
        CHECKS[type(q)](rendered, rq, q, got, codes)


# ---------------------------------------------------------------------------- per type


def moodle_mc_score(fractions: list[float], selected: set[int], single: bool) -> float:
    """qtype_multichoice grade_response: single = the chosen answer's fraction; multi = sum, clamped to 0..1."""
    if single:
        return fractions[next(iter(selected))] if selected else 0.0
    return min(max(0.0, sum(fractions[i] for i in selected)), 1.0)


def format_mr_score(q: MultipleResponse, selected: set[int]) -> float:
    correct = {i for i, c in enumerate(q.choices) if c.correct}
    if q.scoring == "all_or_nothing":
        return 1.0 if selected == correct else 0.0
    k = len(correct)
    return max(0.0, (len(selected & correct) - len(selected - correct)) / k)


def check_choices(rendered, rq, q, got):
    assert [a["text"] for a in got["answer"]] == [md(rendered, rq, c.text, inline=True) for c in q.choices]
    assert [f["text"] for f in got["feedback"]] == [md(rendered, rq, c.feedback) for c in q.choices]
    for a in got["answer"]:
        check_files(rendered, a, a["text"])
    assert got["shuffleanswers"] == int(q.shuffle)
    assert got["correctfeedback"]["text"] == md(rendered, rq, q.feedback.correct)
    assert got["incorrectfeedback"]["text"] == md(rendered, rq, q.feedback.incorrect)
    assert got["partiallycorrectfeedback"]["text"] == md(rendered, rq, q.feedback.incorrect)


def check_single(rendered, rq, q, got, codes):
    assert got["single"] == 1
    check_choices(rendered, rq, q, got)
    for i, c in enumerate(q.choices):
        assert moodle_mc_score(got["fraction"], {i}, True) == (1.0 if c.correct else 0.0)


def check_multiple(rendered, rq, q, got, codes):
    assert got["single"] == 0
    check_choices(rendered, rq, q, got)
    positive = sum(f for f in got["fraction"] if f > 0)
    assert abs(positive - 1) < 1e-6  # Moodle accepts other sums silently; they would be wrong
    n = len(q.choices)
    k = sum(1 for c in q.choices if c.correct)
    exact = ("CK801", q.id) not in codes and ("CK802", q.id) not in codes
    if q.scoring == "all_or_nothing" and k > 1:
        assert ("CK801", q.id) in codes
    if k > 10:
        assert ("CK802", q.id) in codes
    correct = {i for i, c in enumerate(q.choices) if c.correct}
    for r in range(n + 1):
        for sel in itertools.combinations(range(n), r):
            sel = set(sel)
            moodle = moodle_mc_score(got["fraction"], sel, False)
            expected = format_mr_score(q, sel)
            if exact:
                assert abs(moodle - expected) < 1e-6, (q.id, sel, moodle, expected)
            else:  # the documented closest mapping: full marks exactly when right, 0 with any wrong pick (AoN)
                assert (abs(moodle - 1) < 1e-6) == (sel == correct) or q.scoring == "partial"
                if q.scoring == "all_or_nothing" and sel - correct:
                    assert moodle == 0.0


def check_truefalse(rendered, rq, q, got, codes):
    assert got["correctanswer"] is q.answer and not got["warning"]
    right, wrong = md(rendered, rq, q.feedback.correct), md(rendered, rq, q.feedback.incorrect)
    assert got["feedbacktrue"]["text"] == (right if q.answer else wrong)
    assert got["feedbackfalse"]["text"] == (wrong if q.answer else right)


def check_numerical(rendered, rq, q, got, codes):
    assert float(got["answer"][0]) == float(q.answer)
    assert float(got["tolerance"][0]) == float(q.tolerance)
    assert got["fraction"][0] == 1.0
    assert got["feedback"][0]["text"] == md(rendered, rq, q.feedback.correct)
    if q.feedback.incorrect:
        assert got["answer"][1] == "*" and got["fraction"][1] == 0.0
        assert got["feedback"][1]["text"] == md(rendered, rq, q.feedback.incorrect)
    assert int(got["unitgradingtype"]) == 0
    if q.unit:
        assert got["unit"] == [q.unit] and float(got["multiplier"][0]) == 1.0
        assert html.escape(q.unit, quote=False) in got["questiontext"]  # shown next to the box
    else:
        assert got["unit"] == [] and int(got["showunits"]) == 3
    assert got["questiontext"].startswith(md(rendered, rq, q.prompt))


def moodle_shortanswer(got, response: str):
    """qtype_shortanswer: the first answer whose pattern matches the trimmed response."""
    for text, fraction in zip(got["answer"], got["fraction"], strict=True):
        if mi.compare_string_with_wildcard(response, text, not int(got["usecase"])):
            return fraction
    return None


def check_shortanswer(rendered, rq, q, got, codes):
    assert int(got["usecase"]) == int(q.case_sensitive)
    assert got["questiontext"] == md(rendered, rq, q.prompt)
    for a in q.answers:
        response = normalize_answer(a.text, True)
        fraction = moodle_shortanswer(got, response)
        if mi.match_grade_options(float(a.score), "error") is False:  # no Moodle grade: nearest, and warned
            assert ("CK803", q.id) in codes
            assert fraction == mi.match_grade_options(float(a.score), "nearest")
        else:
            assert abs(fraction - float(a.score)) < 1e-6, (q.id, a.text)
        # Literal characters stay literal: "*" is not a wildcard.
        if "*" in response:
            assert moodle_shortanswer(got, response.replace("*", "XYZ")) in (None, 0.0)
        if not q.case_sensitive:
            assert moodle_shortanswer(got, response.upper()) == fraction
    if q.feedback.incorrect:
        assert got["answer"][-1] == "*" and got["fraction"][-1] == 0.0
        assert moodle_shortanswer(got, "surely not an answer") == 0.0


def check_essay(rendered, rq, q, got, codes):
    assert got["responseformat"] == "editor" and int(got["responserequired"]) == 1
    assert int(got["attachments"]) == 0
    assert got["minwordenabled"] == bool(q.min_words) and got["maxwordenabled"] == bool(q.max_words)
    if q.min_words:
        assert int(got["minwordlimit"]) == q.min_words
    if q.max_words:
        assert int(got["maxwordlimit"]) == q.max_words
    assert got["graderinfo"]["text"] == md(rendered, rq, q.model_answer)
    check_files(rendered, got["graderinfo"], got["graderinfo"]["text"])


def check_match(rendered, rq, q, got, codes):
    stems = [(s["text"], a) for s, a in zip(got["subquestions"], got["subanswers"], strict=True) if s["text"] != ""]
    extra = [a for s, a in zip(got["subquestions"], got["subanswers"], strict=True) if s["text"] == ""]
    assert stems == [(md(rendered, rq, p.left, inline=True), p.right.strip()) for p in q.pairs]
    assert extra == [d.strip() for d in q.distractors]
    assert got["shuffleanswers"] == int(q.shuffle)
    assert got["correctfeedback"]["text"] == md(rendered, rq, q.feedback.correct)
    # qtype_match: each stem right earns 1/stems — the format's partial rule.
    if q.scoring == "all_or_nothing":
        assert ("CK804", q.id) in codes


def check_ordering(rendered, rq, q, got, codes):
    assert [a["text"] for a in got["answer"]] == [md(rendered, rq, item, inline=True) for item in q.items]
    assert got["selecttype"] == "ALL" and got["selectcount"] == len(q.items)
    assert got["gradingtype"] == {"all_or_nothing": "ALL_OR_NOTHING", "partial": "ABSOLUTE_POSITION"}[q.scoring]
    assert got["correctfeedback"]["text"] == md(rendered, rq, q.feedback.correct)


def check_cloze(rendered, rq, q, got, codes):
    names = q.gap_order()
    subs = got["questions"]
    assert list(subs) == list(range(1, len(names) + 1))
    # The text keeps every gap in place, in order, and nothing else became a gap.
    assert re.findall(r"\{#(\d+)\}", got["questiontext"]) == [str(i) for i in subs]
    weights = {float(s["defaultmark"]) for s in subs.values()}
    assert len(weights) == 1  # equal weights: each gap earns points/gaps
    if float(q.points).is_integer() and int(q.points) % len(names) == 0:
        assert got["defaultmark"] == float(q.points)
    else:
        assert ("CK806", q.id) in codes
    for i, name in enumerate(names, start=1):
        blank, sub = q.blanks[name], subs[i]
        if isinstance(blank, DropdownBlank):
            assert sub["qtype"] == "multichoice" and sub["single"] == 1 and sub["layout"] == "dropdown"
            assert [html.unescape(a) for a in sub["answer"].values()] == [c.strip() for c in blank.choices]
            assert [c.strip() == blank.correct.strip() for c in blank.choices] == [
                f == 1.0 for f in sub["fraction"].values()
            ]
        else:
            cs = q.blank_case_sensitive(name)
            assert sub["qtype"] == "shortanswer" and sub["usecase"] == int(cs)
            got_answers = list(sub["answer"].values())
            assert all(f == 1.0 for f in sub["fraction"].values())
            for accept in blank.accept:
                response = normalize_answer(accept, True)
                assert any(mi.compare_string_with_wildcard(response, pat, not cs) for pat in got_answers), (
                    q.id,
                    accept,
                    got_answers,
                )
                if "*" in response:
                    assert not any(
                        mi.compare_string_with_wildcard(response.replace("*", "QQ"), pat, not cs) for pat in got_answers
                    )
    if q.scoring == "all_or_nothing":
        assert ("CK805", q.id) in codes


CHECKS = {
    SingleChoice: check_single,
    MultipleResponse: check_multiple,
    TrueFalse: check_truefalse,
    NumericQuestion: check_numerical,
    ShortAnswer: check_shortanswer,
    Essay: check_essay,
    Matching: check_match,
    Ordering: check_ordering,
    FillBlanks: check_cloze,
}


def test_every_fraction_is_a_moodle_grade_written_as_moodle_writes_it(exported):
    _, _, data, _ = exported
    from lxml import etree

    root = etree.fromstring(data)
    written = {f"{o * 100:.5f}".rstrip("0").rstrip(".") for o in mi.FRACTION_OPTIONS_FULL} | {"0"}
    for ans in root.iter("answer"):
        frac = ans.get("fraction")
        if frac is None:
            continue
        assert frac in written, frac
        assert mi.match_grade_options(float(frac) / 100, "error") is not False


def test_cloze_prompt_and_text_cannot_inject_gaps(exported):
    rendered, _, _, imported = exported
    fill = _by_id(imported)["all-types/fill"]
    # The prompt holds "{2:MULTICHOICE:=no~way}" and the text "$[[x]]$" / `[[code]]`: none is a gap.
    assert len(fill["questions"]) == 2
    assert "[[x]]" in fill["questiontext"] and "[[code]]" in fill["questiontext"]
    sc = _by_id(imported)["all-types/sc"]
    assert "{1:SHORTANSWER:=gotcha}" in sc["questiontext"]  # only Cloze reads markers; kept verbatim elsewhere


def test_warnings_are_located_and_coded(exported):
    _, result, _, _ = exported
    codes = {d.code for d in result.diagnostics}
    assert {"CK801", "CK802", "CK803", "CK804", "CK805", "CK806", "CK807"} <= codes
    assert all(d.severity.value == "warning" and d.hint for d in result.diagnostics)
