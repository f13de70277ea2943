"""Hostile text through Moodle's own parsing rules (ported in tests/support/moodle_import.py):
Cloze answers, shortanswer wildcards, CDATA with ``]]>``, category paths, names."""

from __future__ import annotations

import sys
from pathlib import Path

from hypothesis import assume, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).parent / "support"))

import moodle_import as mi  # noqa: E402

from coursekit.exporters.moodle import category_path, cloze, idnumber  # noqa: E402
from coursekit.exporters.moodle.xmltext import XmlDoc  # noqa: E402
from coursekit.model.question import normalize_answer  # noqa: E402

HOSTILE = [
    "{",
    "}",
    "#",
    "~",
    "/",
    "=",
    "*",
    '"',
    "\\",
    "]]>",
    "<",
    "&",
    "&amp;",
    "&#35;",
    "%",
    ":",
    "{#1}",
    "{1:SA:=x}",
    "\\}",
    "\\#",
    "\\~",
    "'",
]
# Printable text (what normalize_answer leaves), rich in the characters that matter.
answer_text = st.text(
    alphabet=st.sampled_from(
        list("ab xY9_-.,!?")
        + ["{", "}", "#", "~", "/", "=", "*", '"', "\\", "]", ">", "<", "&", "%", ":", ";", "é", "ß", "€"]
    ),
    min_size=1,
    max_size=24,
)


def cloze_roundtrip(marker: str, before: str = "<p>Start ", after: str = " end</p>") -> dict:
    text = cloze.neutralise_braces(before) + marker + cloze.neutralise_braces(after)
    q = mi.qtype_multianswer_extract_question({"text": text, "format": "html"})
    assert mi.qtype_multianswer_validate_question(q) == {}
    return q


@settings(max_examples=400, deadline=None)
@given(st.lists(answer_text, min_size=1, max_size=4), st.booleans())
def test_typed_gap_answers_survive_moodles_cloze_parser(accepts, case_sensitive):
    accepts = list(dict.fromkeys(a for a in (normalize_answer(a, True) for a in accepts) if a))
    assume(accepts and not any(cloze.unrepresentable(a) for a in accepts))
    q = cloze_roundtrip(cloze.typed_gap(3, accepts, case_sensitive))
    (sub,) = q["questions"].values()
    assert sub["qtype"] == "shortanswer" and sub["usecase"] == int(case_sensitive)
    assert float(sub["defaultmark"]) == 3
    patterns = list(sub["answer"].values())
    assert len(patterns) == len(accepts)
    for accept, pattern in zip(accepts, patterns, strict=True):
        # The literal answer matches itself, exactly: qtype_shortanswer's compare with its wildcard rules.
        assert mi.compare_string_with_wildcard(accept, pattern, not case_sensitive)
        if "*" in accept:
            assert not mi.compare_string_with_wildcard(accept.replace("*", "*extra"), pattern, not case_sensitive)
    assert q["questiontext"]["text"].count("{#1}") == 1


@settings(max_examples=300, deadline=None)
@given(st.lists(answer_text, min_size=2, max_size=5, unique_by=lambda s: s.strip()), st.data())
def test_dropdown_choices_survive_moodles_cloze_parser(choices, data):
    import html

    choices = [c.strip() for c in choices]
    assume(all(c and not cloze.unrepresentable(html.escape(c, quote=False)) for c in choices))
    assume(len(set(choices)) == len(choices))
    correct = data.draw(st.sampled_from(choices))
    q = cloze_roundtrip(cloze.dropdown_gap(1, choices, correct))
    (sub,) = q["questions"].values()
    assert sub["qtype"] == "multichoice" and sub["layout"] == "dropdown"
    # Moodle stores HTML; what a learner sees is the HTML-decoded text.
    assert [html.unescape(a) for a in sub["answer"].values()] == choices
    assert [f == 1.0 for f in sub["fraction"].values()] == [c == correct for c in choices]


def test_each_hostile_string_alone_and_together():
    for text in HOSTILE:
        if cloze.unrepresentable(text):
            continue
        q = cloze_roundtrip(cloze.typed_gap(1, [text, "plain"], True))
        assert list(q["questions"][1]["answer"].values()) == [cloze.shortanswer_pattern(text), "plain"]
    joined = "".join(t for t in HOSTILE if not cloze.unrepresentable(t))
    q = cloze_roundtrip(cloze.typed_gap(1, [joined], False), before="<p>{1:SA:=evil} {#1} ", after=" }~#</p>")
    assert len(q["questions"]) == 1
    assert mi.compare_string_with_wildcard(joined, q["questions"][1]["answer"][0], True)


def test_unrepresentable_sequences_are_detected():
    # Moodle unescapes \} and \# after decoding references: these cannot be carried.
    for text in ("a\\}b", "x\\#"):
        assert cloze.unrepresentable(text)
        q = cloze_roundtrip(cloze.typed_gap(1, [text], True))
        assert q["questions"][1]["answer"][0] != cloze.shortanswer_pattern(text)


def test_shortanswer_patterns_are_literal():
    for text in ["st*r", "**", "a\\*b", "\\", "*", "x*", "(.*)+?[]|^$"]:
        pattern = cloze.shortanswer_pattern(text)
        assert mi.compare_string_with_wildcard(text, pattern, False)
        assert not mi.compare_string_with_wildcard(text + "z", pattern, False)


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=0, max_size=60))
def test_cdata_survives_anything(value):
    doc = XmlDoc()
    q = doc.el(doc.root, "question", type="description")
    doc.text(doc.el(q, "questiontext", format="html"), value + "]]>" + value, html=True)
    parsed = mi.xmlize(doc.to_bytes())
    got = parsed["quiz"]["#"]["question"][0]["#"]["questiontext"][0]["#"]["text"][0]["#"]
    from coursekit.exporters.moodle.xmltext import clean

    assert got == clean(value + "]]>" + value)


def test_category_paths_split_back_into_names():
    names = ["A/B", "/lead", "trail/", "x // y", "plain", "<b>tag</b>"]
    path = category_path(*names)
    got = mi.split_category_path(path)
    assert got[:2] == ["$course$", "top"]
    assert got[2:] == [" ".join(n.split()).replace("<", "‹").replace(">", "›") for n in names]


def test_long_idnumbers_are_shortened_uniquely():
    a, b = "q" * 64 + "/" + "x" * 60 + "-v1", "q" * 64 + "/" + "x" * 60 + "-v2"
    assert len(idnumber(a)) <= 100 and idnumber(a) != idnumber(b) and idnumber(a) == idnumber(a)
    assert idnumber("quiz/q") == "quiz/q"


def test_port_models_the_matching_hazard():
    """lms-notes: an empty matching answer ends the import; the port must show that."""
    xml = b"""<?xml version="1.0" encoding="UTF-8"?><quiz>
    <question type="matching"><name><text>m</text></name><questiontext format="html"><text>q</text></questiontext>
    <subquestion format="html"><text>left</text><answer><text></text></answer></subquestion>
    <subquestion format="html"><text>b</text><answer><text>B</text></answer></subquestion></question>
    <question type="truefalse"><name><text>lost</text></name><questiontext format="html"><text>t</text></questiontext>
    <answer fraction="100"><text>true</text></answer>\
<answer fraction="0"><text>false</text></answer></question></quiz>"""
    result = mi.importprocess(xml)
    assert result.stopped and result.notices and [q["name"] for q in result.questions] == ["m"]


def test_port_rejects_fractions_moodle_rejects():
    xml = b"""<?xml version="1.0" encoding="UTF-8"?><quiz>
    <question type="multichoice"><name><text>m</text></name><questiontext format="html"><text>q</text></questiontext>
    <single>false</single><answer fraction="33"><text>a</text></answer><answer fraction="33"><text>b</text></answer>
    <answer fraction="34"><text>c</text></answer></question></quiz>"""
    result = mi.importprocess(xml)
    assert result.stopped and not result.questions and "invalidgrade" in result.errors[0]
