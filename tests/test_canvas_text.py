"""The canvas target writes each quiz file as text in its final form, without parsing it back:
the bytes are those lxml's pretty_print gives the tree they hold (what the target wrote when it
parsed its items and serialised them again), and a value XML cannot carry fails the export with
lxml's own error, as that parse did."""

from __future__ import annotations

import pytest
import qti_course
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from coursekit.exporters.qti import EXPORTERS
from coursekit.exporters.qti.canvas import CanvasExporter
from coursekit.exporters.qti.canvas_items import line, xml_attr, xml_text
from coursekit.exporters.qti.package import xml_bytes

# What the target did before writing the final text itself: parse the items (written without
# indentation) and serialise with pretty_print. remove_blank_text drops the indentation again.
UNINDENTED = etree.XMLParser(remove_blank_text=True, huge_tree=True)


def canvas_files(rendered) -> dict[str, bytes]:
    (artifact,) = EXPORTERS["canvas"]().run(rendered).artifacts
    return artifact.files


def quiz_files(files: dict[str, bytes]) -> dict[str, bytes]:
    return {p: d for p, d in files.items() if p.count("/") == 1 and not p.endswith("/assessment_meta.xml")}


@pytest.fixture(scope="module")
def rendered_courses(tmp_path_factory):
    """The test course (every type, an image, a drawn quiz, ``&`` and ``<`` in a title) and the
    examples with variants (groups of variants in an undrawn quiz) and every question type."""
    return qti_course.rendered_with_examples(tmp_path_factory.mktemp("c"))


def test_quiz_files_are_what_lxml_pretty_prints(rendered_courses):
    written = {}
    for rendered in rendered_courses:
        written.update(quiz_files(canvas_files(rendered)))
    assert len(written) >= 5
    for path, data in written.items():
        assert xml_bytes(etree.fromstring(data, UNINDENTED)) == data, path
    every = b"".join(written.values())
    # What the files above hold: items in the root section and in question groups (one level
    # deeper), elements with empty text (written empty), escaped attributes and text.
    assert b'\n      <item ident="' in every and b'\n        <item ident="' in every
    assert b"<fieldentry/>" in every
    assert b'title="All types &amp; &lt;more&gt;"' in every
    assert b"&lt;div class=&quot;" not in every and b'&lt;div class="ck-html"&gt;' in every


def test_the_cc_target_gets_the_same_documents(rendered_courses):
    """``quiz_copy`` (the cc target's copy for Canvas): the quiz file's bytes as the canvas
    target writes them, and its assessment_meta.xml; the copy the canvas target writes for cc
    beside its own files (``_quiz``) is the same, deflated."""
    from coursekit.exporters.cc.layout import quiz_ident

    rendered = rendered_courses[1]
    files = canvas_files(rendered)
    exporter = CanvasExporter()
    for rq in rendered.quizzes:
        ident = rq.quiz.id
        copy = exporter.quiz_copy(rendered, rq, ident)
        assert copy.qti == files[f"{ident}/{ident}.xml"]
        assert copy.meta == files[f"{ident}/assessment_meta.xml"]
        other = exporter.quiz_copy(rendered, rq, quiz_ident(ident))
        own, _, _, made = exporter._quiz(rendered, rq, quiz_ident)
        assert own == {f"{ident}/{ident}.xml": copy.qti, f"{ident}/assessment_meta.xml": copy.meta}
        assert (made.qti.inflate(), made.meta.inflate(), made.assets) == (other.qti, other.meta, other.assets)
        assert made.warnings == other.warnings


# Every XML 1.0 character, "\r", "\n" and "\t" included (escaped where lxml escapes them).
XML_TEXT = st.text(
    st.characters(
        blacklist_categories=("Cs",),
        blacklist_characters=[chr(c) for c in range(32) if chr(c) not in "\t\n\r"] + ["\ufffe", "\uffff"],
    )
)


@settings(max_examples=300)
@given(XML_TEXT, XML_TEXT)
def test_text_and_attributes_are_escaped_as_lxml_writes_them(text, value):
    written = line("", "t", text, f' a="{xml_attr(value)}"')
    parsed = etree.fromstring(written)
    assert parsed.text == (text or None) and parsed.get("a") == value
    assert etree.tostring(parsed, encoding="unicode") == written


@pytest.mark.parametrize("char", ["\x00", "\x01", "\x0b", "\x1f", "\ufffe", "\uffff"])
def test_a_character_xml_cannot_carry_fails_as_the_parse_did(char):
    for escape in (xml_text, xml_attr):
        with pytest.raises(etree.XMLSyntaxError):
            escape(f"a & b {char} c")
        with pytest.raises(etree.XMLSyntaxError):
            escape(f"plain{char}")  # no character to escape but this one


def test_an_export_holding_a_character_xml_cannot_carry_fails(tmp_path):
    """The loader refuses such characters in course files; a value set after loading (here a
    quiz title, an attribute, and a prompt, text) still cannot reach a file."""
    for where in ("title", "prompt"):
        rendered = qti_course.build_rendered(tmp_path / where)
        quiz = rendered.quizzes[0].quiz
        if where == "title":
            quiz.title = "Quiz \x0b"
        else:
            rendered.quizzes[0].slots[0].variants[0].prompt = "What \x0b?"
        with pytest.raises(etree.XMLSyntaxError):
            canvas_files(rendered)
