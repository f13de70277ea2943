"""qti_text.to_bytes: the QTI writers' items and tests are written as the final text directly,
the bytes lxml's pretty_print gives the tree they hold (``xml_bytes(to_tree(...))``, what the
targets wrote when they parsed that text and serialised it), for the items of the test course,
for any tree of nodes and markup (hypothesis), and through ``to_tree`` where the text would not
be (markup whose elements hold elements only, in an element that lxml would indent)."""

from __future__ import annotations

import pytest
import qti_course
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from coursekit.exporters.qti import package, qti_text
from coursekit.exporters.qti.package import xml_bytes
from coursekit.exporters.qti.qti_spelling import QTI21, QTI30, XSI
from coursekit.exporters.qti.qti_text import Node, Shared, to_bytes, to_element, to_tree

NS = QTI21.ns
NSMAP = {None: NS, "xsi": XSI}


@pytest.fixture(scope="module")
def rendered_courses(tmp_path_factory):
    return qti_course.rendered_with_examples(tmp_path_factory.mktemp("c"))


@pytest.mark.parametrize("spelling", [QTI21, QTI30], ids=["qti21", "qti30"])
def test_every_item_is_written_as_lxml_pretty_prints_it(rendered_courses, spelling, monkeypatch):
    roots = [root for rendered in rendered_courses for root in qti_course.item_roots(rendered, spelling)]
    nsmap = {None: spelling.ns, "xsi": XSI}
    expected = [xml_bytes(to_element(root, nsmap)) for root in roots]
    parsed = []
    real = qti_text.to_tree
    monkeypatch.setattr(qti_text, "to_tree", lambda root, nsmap: parsed.append(root) or real(root, nsmap))
    written = [to_bytes(root, nsmap) for root in roots]
    assert written == expected
    # Written directly but for the one item whose choice is a formula alone (MathML elements
    # holding elements, which lxml indents): that one goes through to_tree.
    assert [root.get("identifier") for root in parsed] == ["kitchen-physics-check.frying-pan-order"]
    every = b"".join(written).replace(b"qti-simple-choice", b"simpleChoice").replace(b"-l", b"L")
    # What the items above hold: math, an image, a unit after an interaction (a tail), converted
    # markup on lines of its own and markup with text first.
    assert b"<math" in every and b"<img" in every and b'expectedLength="12"/> ' in every
    assert b">\n      <p>" in every and b'<simpleChoice identifier="C1">Right' in every


# Converted markup as NodeContent gives it (lxml's serialisation or plain text): text alone,
# elements holding text, elements holding elements (which lxml indents in a formatted parent),
# text around elements, elements without content, escapes, MathML in its namespace.
MARKUP = [
    "Plain",
    " ",
    "a &amp; b &gt; c",
    "<p>One.</p>",
    "<p>One.</p><p>Two.</p>",
    '<p class="x">a <b>bold</b> move</p>',
    "<b>lead</b> text",
    "text <em>end</em>",
    '<img src="a.png" alt=""/>',
    '<p><img src="a.png" alt=""/></p>',
    "<ul><li>a</li><li>b <i>c</i></li></ul>",
    "<div><p>x</p></div><p>y</p>",
    '<p>Sum <math xmlns="http://www.w3.org/1998/Math/MathML"><mi>x</mi></math>.</p>',
    '<math xmlns="http://www.w3.org/1998/Math/MathML" display="block"><mrow><mi>x</mi></mrow></math>',
    "<p>line\nbreak &#13;</p>",
    '<p><textEntryInteraction responseIdentifier="GAP1" expectedLength="6"/> gap</p>',
]
XML_TEXT = st.text(
    st.characters(
        blacklist_categories=("Cs",),
        blacklist_characters=[chr(c) for c in range(32) if chr(c) not in "\t\n\r"] + ["\ufffe", "\uffff"],
    ),
    max_size=8,
)
TAGS = ["a", "b", "itemBody", "value"]
ATTRIBUTES = st.dictionaries(st.sampled_from(["identifier", "class", "baseType"]), XML_TEXT, max_size=2)


# Shared nodes (the same objects in many places, at any depth: written once per level).
SHARED = [
    QTI21.var("RESPONSE"),
    QTI21.condition(QTI21.shared("isNull", QTI21.var("RESPONSE")), [QTI21.set_outcome("SCORE", QTI21.fnum(0))]),
    QTI21.outcome("SCORE", "float", "0"),
]


def nodes(depth: int):
    children = st.lists(
        st.one_of(st.sampled_from(MARKUP), st.sampled_from(SHARED), st.deferred(lambda: nodes(depth + 1)))
        if depth < 4
        else st.sampled_from(MARKUP),
        max_size=3,
    )
    return st.builds(
        _node,
        st.sampled_from(TAGS),
        ATTRIBUTES,
        st.one_of(st.none(), XML_TEXT.filter(bool)),  # an empty one is ``to_tree``'s (test_qti_text)
        st.one_of(st.none(), XML_TEXT.filter(bool)),
        children if depth < 5 else st.just([]),
    )


def _node(tag, attrib, text, tail, children) -> Node:
    node = Node(f"{{{NS}}}{tag}", attrib, text, children)
    node.tail = tail
    return node


@settings(max_examples=400, deadline=None)
@given(nodes(1), st.lists(st.sampled_from(MARKUP), max_size=2))
def test_any_tree_is_written_as_lxml_pretty_prints_its_parse(body, markup):
    root = Node(f"{{{NS}}}assessmentItem", {f"{{{XSI}}}schemaLocation": "a b", "title": "t"}, None, [body, *markup])
    assert to_bytes(root, NSMAP) == xml_bytes(to_element(root, NSMAP))


def test_markup_of_elements_holding_elements_is_left_to_the_parse(monkeypatch):
    """lxml would indent the list items; the item is parsed and serialised instead."""
    div = Node(f"{{{NS}}}div", {"class": "ck-prompt"}, None, ["<ul><li>a</li><li>b</li></ul>"])
    root = Node(f"{{{NS}}}assessmentItem", {}, None, [Node(f"{{{NS}}}itemBody", {}, None, [div])])
    parsed = []
    real = qti_text.to_tree
    monkeypatch.setattr(qti_text, "to_tree", lambda *a: parsed.append(1) or real(*a))
    out = to_bytes(root, NSMAP)
    assert parsed and out == xml_bytes(real(root, NSMAP))
    assert b"\n      <ul>\n        <li>a</li>\n" in out


def test_deep_elements_are_indented_at_most_thirty_levels():
    leaf = Node(f"{{{NS}}}value", {}, "x")
    for _ in range(40):
        leaf = Node(f"{{{NS}}}a", {}, None, [leaf])
    root = Node(f"{{{NS}}}assessmentItem", {}, None, [leaf])
    out = to_bytes(root, NSMAP)
    assert out == xml_bytes(to_tree(root, NSMAP))
    assert b"\n" + b" " * 60 + b"<a>" in out and b" " * 62 not in out


@pytest.mark.parametrize("where", ["text", "tail", "attribute", "root attribute"])
def test_characters_xml_cannot_hold_raise_lxmls_error(where):
    bell = "bell \x07"
    value = Node(f"{{{NS}}}value", {"a": bell} if where == "attribute" else {}, bell if where == "text" else "v")
    value.tail = bell if where == "tail" else None
    root = Node(f"{{{NS}}}assessmentItem", {"title": bell} if where == "root attribute" else {}, None, [value])
    with pytest.raises(ValueError) as raised:
        to_bytes(root, NSMAP)
    with pytest.raises(ValueError) as lxmls:
        etree.Element("value").text = bell
    assert str(raised.value) == str(lxmls.value)


def test_shared_nodes_are_made_once_and_never_changed(rendered_courses):
    items = [root for rendered in rendered_courses for root in qti_course.item_roots(rendered, QTI30)]
    scores = [
        c
        for root in items
        for c in root.children
        if c.tag.endswith("outcome-declaration") and c.get("identifier") == "SCORE"
    ]
    shared = [c for c in scores if isinstance(c, Shared)]
    # Every item but the essays holds the one SCORE declaration; an essay's is its own, marked
    # as scored by a person, and the shared one is left as it was.
    assert len(set(map(id, shared))) == 1 and len(shared) < len(scores)
    assert shared[0].get("external-scored") is None
    assert all(c.get("external-scored") == "human" for c in scores if not isinstance(c, Shared))
    with pytest.raises(TypeError):
        shared[0].append(Node("x", {}))
    with pytest.raises(TypeError):
        shared[0].set("a", "b")


def test_expressions_are_shared_only_when_all_their_parts_are():
    q = QTI21
    score0 = [q.set_outcome("SCORE", q.fnum(0))]
    assert score0[0] is q.set_outcome("SCORE", q.fnum(0.0)) and q.fnum(-0.0) is q.fnum(0)
    guard = q.shared("isNull", q.var("RESPONSE"))
    shared = q.condition(guard, score0)
    assert type(shared) is Shared and shared is q.condition(q.shared("isNull", q.var("RESPONSE")), score0)
    plain = q.el("isNull", q.var("RESPONSE"))  # el makes a new node, which may be changed
    first, second = q.condition(plain, score0), q.condition(plain, score0)
    assert type(first) is Node and first is not second
    assert xml_bytes(to_element(first)) == xml_bytes(to_element(shared))


def test_feedback_given_by_many_items_is_one_shared_block(rendered_courses):
    rendered = rendered_courses[1]  # variants: the variants of a question give its feedback
    blocks = [
        c for root in qti_course.item_roots(rendered, QTI21) for c in root.children if c.tag.endswith("modalFeedback")
    ]
    assert all(type(b) is Shared for b in blocks)
    assert len({id(b) for b in blocks}) < len(blocks)


def test_the_writers_forget_what_they_remember_between_quizzes(rendered_courses, monkeypatch):
    """Every few thousand items the caches are emptied (memory stays bounded); the files are the
    same whether they are emptied before every quiz or never."""
    from coursekit.exporters.qti.package import quiz_files_each, same
    from coursekit.exporters.qti.qti30 import to_qti30

    def files():
        out = []
        for rendered in rendered_courses:
            for rq in rendered.quizzes:
                for test in quiz_files_each(rendered, rq, (same, to_qti30)):
                    out += [test.data] + [item.data for item in test.items]
        return out

    monkeypatch.setattr(package, "FORGET_EVERY", 10**9)
    kept = files()
    assert qti_text._STARTS and QTI21._shared
    forgotten = []
    monkeypatch.setattr(package, "FORGET_EVERY", 1)
    monkeypatch.setattr(package, "forget", lambda: forgotten.append(1) or qti_text.forget())
    assert files() == kept
    assert len(forgotten) >= 5
