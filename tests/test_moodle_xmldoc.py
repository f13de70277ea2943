"""``XmlDoc`` writes Moodle XML as text; it must give the bytes lxml gives for the same tree.

The reference below builds the tree with lxml and serialises it as the exporter did before
it wrote text directly (``tostring(pretty_print=True)``, HTML texts in CDATA split at ``]]>``).
Random trees, built in document order, go through both.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from coursekit.exporters.moodle.xmltext import XmlDoc, clean, join


class LxmlDoc:
    """The same calls as ``XmlDoc``, on an lxml tree."""

    def __init__(self) -> None:
        self.root = etree.Element("quiz")
        self._cdata: list[str] = []
        self.names: list[tuple[str, str]] = []

    def el(self, parent, tag, text=None, **attrs):
        child = etree.SubElement(parent, tag)
        for key, value in attrs.items():
            child.set(key, value)
        if text is not None:
            child.text = clean(text)
        return child

    def text(self, parent, value, *, html=False):
        node = etree.SubElement(parent, "text")
        value = clean(value)
        if html and value:
            node.text = f"\x7fCK{len(self._cdata)}\x7f"
            self._cdata.append(value)
        elif value:
            node.text = value
        return node

    def html_field(self, parent, tag, html):
        return self.text_field(parent, tag, html, True, format="html")

    def text_field(self, parent, tag, value, html, **attrs):
        node = self.el(parent, tag, **attrs)
        self.text(node, value, html=html)
        return node

    def leaves(self, parent, pairs):
        for tag, text in pairs:
            self.el(parent, tag, text)

    def name(self, parent, text, question_id):
        node = etree.SubElement(etree.SubElement(parent, "name"), "text")
        node.text = f"\x7fN{len(self.names)}\x7f"
        self.names.append((text, question_id))

    def body(self) -> bytes:
        raw = etree.tostring(self.root, encoding="unicode", pretty_print=True)
        if not raw.startswith("<quiz>\n"):
            return b""

        def cdata(m: re.Match) -> str:
            value = self._cdata[int(m.group(1))]
            return "<text><![CDATA[" + value.replace("]]>", "]]]]><![CDATA[>") + "]]></text>"

        body = re.sub("<text>\x7fCK([0-9]+)\x7f</text>", cdata, raw[len("<quiz>\n") : -len("</quiz>\n")])
        return body.encode("utf-8")


# Few distinct values, so that trees repeat lines (XmlDoc reuses a line it has written).
TAGS = st.sampled_from(["question", "answer", "feedback", "file", "tag"])
TEXTS = st.one_of(st.sampled_from(["", "0", "a&b", "<x>", "]]>", "é\r\n😀", "\x00\x7f"]), st.text(max_size=12))
ATTR_VALUES = st.one_of(
    st.sampled_from(["html", "100", "a&b<c>\"d'", "x\ny\tz\r", "é"]), st.text("ab&<>\"' ", max_size=6)
)
ATTRS = st.dictionaries(st.sampled_from(["type", "format", "fraction"]), ATTR_VALUES, max_size=2)

NODES = st.recursive(
    st.one_of(
        st.tuples(st.just("leaf"), TAGS, TEXTS, ATTRS),
        st.tuples(st.just("text"), TEXTS, st.booleans()),
        st.tuples(st.just("name"), TEXTS),
        st.tuples(st.just("leaves"), st.lists(st.tuples(TAGS, TEXTS), max_size=3).map(tuple)),
    ),
    lambda children: st.one_of(
        st.tuples(st.just("el"), TAGS, ATTRS, st.lists(children, max_size=4)),
        st.tuples(st.just("field"), TAGS, TEXTS, st.booleans(), ATTRS, st.lists(children, max_size=2)),
        st.tuples(st.just("html_field"), TAGS, TEXTS, st.lists(children, max_size=2)),
    ),
    max_leaves=25,
)


def build(doc, parent, node) -> None:
    kind = node[0]
    if kind == "leaf":
        doc.el(parent, node[1], node[2], **node[3])
    elif kind == "text":
        doc.text(parent, node[1], html=node[2])
    elif kind == "name":
        doc.name(parent, node[1], "qid")
    elif kind == "leaves":
        doc.leaves(parent, node[1])
    else:
        if kind == "el":
            element, children = doc.el(parent, node[1], **node[2]), node[3]
        elif kind == "html_field":
            element, children = doc.html_field(parent, node[1], node[2]), node[3]
        else:
            element, children = doc.text_field(parent, node[1], node[2], node[3], **node[4]), node[5]
        for child in children:
            build(doc, element, child)


@settings(max_examples=300, deadline=None)
@given(st.lists(NODES, max_size=5))
def test_written_text_is_what_lxml_serialises(nodes):
    ours, ref = XmlDoc(), LxmlDoc()
    for node in nodes:
        build(ours, ours.root, node)
        build(ref, ref.root, node)
    part = ours.part()
    assert part.body == ref.body()
    assert part.names == ref.names
    # The whole file (names settled by join) is well-formed XML with the questions in order.
    whole = etree.fromstring(join([part], set()))
    assert [child.tag for child in whole] == [tag for node in nodes for tag in _top_tags(node)]


def _top_tags(node) -> list[str]:
    """The tags ``build`` writes for ``node`` as children of its parent."""
    kind = node[0]
    if kind == "leaves":
        return [tag for tag, _text in node[1]]
    return {"text": ["text"], "name": ["name"]}.get(kind, [node[1]])


def test_a_question_written_twice_gives_the_same_lines_twice():
    doc = XmlDoc()
    for _ in range(2):
        q = doc.el(doc.root, "question", type="multichoice")
        doc.text(doc.el(q, "questiontext", format="html"), "<p>x ]]> y</p>", html=True)
        doc.el(q, "penalty", "0.3333333")
        doc.el(q, "shownumcorrect")
    body = doc.part().body.decode()
    first, second = body.split("  </question>\n")[:2]
    assert first == second
    assert "    <shownumcorrect/>\n" in first and "<![CDATA[<p>x ]]]]><![CDATA[> y</p>]]>" in first


def test_an_element_once_closed_takes_no_more_children():
    doc = XmlDoc()
    first = doc.el(doc.root, "question", type="a")
    doc.el(doc.root, "question", type="b")
    with pytest.raises(ValueError):
        doc.el(first, "hidden", "0")
    leaf = doc.el(doc.root, "idnumber", "x")
    with pytest.raises(ValueError):
        doc.el(leaf, "hidden", "0")


@pytest.mark.parametrize("value", ["\x00", "a\x0bb", "\ufffe"])
def test_attribute_values_xml_cannot_hold_are_refused_as_lxml_refuses_them(value):
    with pytest.raises(ValueError):
        etree.Element("x").set("a", value)
    with pytest.raises(ValueError):
        XmlDoc().el(0, "question", type=value)
