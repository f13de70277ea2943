"""qti_text: the QTI writers' nodes become lxml trees by one parse of their text (the fast
path) or element by element (``to_element``, where text could not say the same); both give
the same trees, and the slow path keeps lxml's own errors."""

from __future__ import annotations

import pytest
import qti_course
from lxml import etree

from coursekit.exporters.qti import qti_text
from coursekit.exporters.qti.package import xml_bytes
from coursekit.exporters.qti.qti_spelling import QTI21, QTI30, XSI
from coursekit.exporters.qti.qti_text import Node, to_element, to_tree

NS = QTI21.ns
NSMAP = {None: NS, "xsi": XSI}


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    return qti_course.build_rendered(tmp_path_factory.mktemp("course"))


@pytest.mark.parametrize("spelling", [QTI21, QTI30], ids=["qti21", "qti30"])
def test_parsed_and_built_trees_are_the_same_bytes(rendered, spelling, monkeypatch):
    roots = qti_course.item_roots(rendered, spelling)
    assert len(roots) >= 10
    nsmap = {None: spelling.ns, "xsi": XSI}
    built = [xml_bytes(to_element(root, nsmap)) for root in roots]
    # The fast path is taken for every item: none falls back to building element by element.
    monkeypatch.setattr(qti_text, "to_element", lambda *a: pytest.fail("fell back to to_element"))
    parsed = [xml_bytes(to_tree(root, nsmap)) for root in roots]
    assert parsed == built
    assert any(b"<math" in b for b in parsed) and any(b"<img" in b for b in parsed)


def a_root(*, empty_text: bool) -> tuple[Node, etree._Element]:
    """Escapes, tails, a namespaced attribute and converted markup: as nodes, and as lxml builds it."""
    root = Node(f"{{{NS}}}assessmentItem", {f"{{{XSI}}}schemaLocation": "a b", "title": 'x "&" <y>\n\t\r'})
    value = Node(f"{{{NS}}}value", {}, "" if empty_text else "a\r\nb & <c> ]]>")
    value.tail = "\r tail"
    root.extend([value, '<p xmlns:m="urn:m" class="c">markup <m:b>kept</m:b></p>'])
    expected = etree.Element(root.tag, nsmap=NSMAP)
    for k, v in root.attrib.items():
        expected.set(k, v)
    c = etree.SubElement(expected, f"{{{NS}}}value")
    c.text, c.tail = value.text, value.tail
    p = etree.SubElement(expected, f"{{{NS}}}p", {"class": "c"}, nsmap={"m": "urn:m"})
    p.text = "markup "
    etree.SubElement(p, "{urn:m}b").text = "kept"
    return root, expected


def test_escapes_come_back_the_same_from_text(monkeypatch):
    root, expected = a_root(empty_text=False)
    monkeypatch.setattr(qti_text, "to_element", lambda *a: pytest.fail("fell back to to_element"))
    assert xml_bytes(to_tree(root, NSMAP)) == xml_bytes(expected)


def test_text_that_markup_would_not_give_back_is_built_as_lxml_would():
    root, expected = a_root(empty_text=True)  # lxml writes <value></value>; a parser would drop ""
    out = xml_bytes(to_tree(root, NSMAP))
    assert out == xml_bytes(expected)
    assert b"<value></value>" in out


def test_characters_xml_cannot_hold_raise_lxmls_error():
    root = Node(f"{{{NS}}}assessmentItem", {}, children=[Node(f"{{{NS}}}value", {}, "bell \x07")])
    with pytest.raises(ValueError) as raised:
        to_tree(root, NSMAP)
    with pytest.raises(ValueError) as lxmls:
        etree.Element("value").text = "bell \x07"
    assert str(raised.value) == str(lxmls.value)


PARENTS = ["div", "simpleChoice", "simpleAssociableChoice", "p", "span", "li", "ul", "ol", "dl", "blockquote", "h2"]
FRAGMENTS = [
    "",
    " ",
    "Right",
    "tab\tand\nnewline é ∑ 𝔸",
    "a > b",
    "<p>Plain paragraph.</p>",
    "<p></p>",
    "<p>two</p><p>paragraphs</p>",
    '<p class="x">classed</p>',
    "<p>a &amp; b</p>",
    "x &lt; y",
    "<em>emphasis</em>",
    "<p>carriage\r\nreturn</p>",
    "]]",
]


@pytest.mark.parametrize("parent", PARENTS)
def test_unchanged_markup_is_what_conversion_gives(parent):
    from coursekit.exporters.qti.xhtml import QtiContent, unchanged_markup

    taken = 0
    for xhtml in FRAGMENTS:
        markup = unchanged_markup(parent, xhtml)
        converted = etree.Element(f"{{{NS}}}{parent}", nsmap={None: NS})
        QtiContent(NS).append(converted, xhtml)
        if markup is None:
            continue
        taken += 1
        parsed = etree.fromstring(f'<{parent} xmlns="{NS}">{markup}</{parent}>')
        assert etree.tostring(parsed) == etree.tostring(converted), (parent, xhtml)
    assert taken >= (0 if parent in ("ul", "ol", "dl", "blockquote") else 5)
