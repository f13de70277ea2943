"""A port of how Canvas's QTI importer decides whether a ``text/html`` field is HTML.

Canvas imports a QTI 1.2 zip in two steps (what happens to one ``<mattext texttype="text/html">``):

1. QTIMigrationTool (instructure/QTIMigrationTool ``lib/imsqtiv1.py``, ``MatText.MakeText`` and
   ``FlowV1.AppendHTMLContainer``) converts the item to QTI 2 and puts the field's HTML, as
   text, in a ``<div class="html">``.
2. The Ruby converters (instructure/canvas-lms ``gems/plugins/qti_exporter/lib/qti/``) read it.
   Feedback (``AssessmentItemConverter#get_feedback`` / ``#attach_feedback_values`` in
   ``assessment_item_converter.rb``) and matching items (``AssociateInteraction#extract_answer!``
   in ``associate_interaction.rb``) go through ``HtmlHelper#detect_html`` (``html_helper.rb``):

   - parse the div's text as an HTML5 fragment (``Nokogiri::HTML5.fragment``);
   - ``sanitize_html!(fragment, true)``: clean every child with ``CanvasSanitize::SANITIZE``
     (``gems/canvas_sanitize/lib/canvas_sanitize/canvas_sanitize.rb``), then drop leading and
     trailing whitespace text and ``<br>``, and step into a lone ``p``/``div``/``span`` child
     for as long as that child has no attribute (or only a class in ``KNOWN_META_CLASSES``,
     ``assessment_item_converter.rb``);
   - unless the package is Canvas-flavoured, the field is HTML only when what is left is *not*
     a single text node; otherwise Canvas keeps its text with the markup escaped
     (``sanitized.gsub(/\\s+/, " ")`` of ``inner_html``), so ``<`` and ``&`` reach the learner
     as ``&lt;`` and ``&amp;``.

``detect_html(html)`` returns ``(text, html_or_None)`` as the Ruby method does. The sanitiser is
reduced to what decides the outcome: elements outside the allow-list are replaced by their
children (script/style dropped with their content) and attributes outside it are removed. The
HTML5 fragment parser is html5lib (WHATWG parsing, as Nokogiri's gumbo).
"""

from __future__ import annotations

import re
from xml.dom import Node

import html5lib

# CanvasSanitize::SANITIZE[:elements] (HTML part; MathML elements are allowed too in current
# Canvas but coursekit's Canvas fields carry TeX, never MathML).
ALLOWED_ELEMENTS = frozenset(
    "a b blockquote br caption cite code col hr h1 h2 h3 h4 h5 h6 h7 h8 del ins iframe font colgroup dd div "
    "dl dt em figure figcaption i img li ol p pre q small span strike strong sub sup table tbody td tfoot th "
    "thead tr u ul object embed param video audio abbr track".split()
)
# CanvasSanitize::SANITIZE[:attributes][:all] (+ the per-element lists that matter here). Only
# ``class`` is relied on by coursekit: it is in every version of the list.
ALLOWED_ALL_ATTRIBUTES = frozenset(["style", "class", "id", "title", "role", "lang", "dir"])
ALLOWED_ELEMENT_ATTRIBUTES = {
    "a": {"href", "target", "name"},
    "img": {"align", "alt", "height", "src", "width"},
    "td": {"abbr", "axis", "colspan", "rowspan", "width", "align", "valign", "dir"},
    "th": {"abbr", "axis", "colspan", "rowspan", "width", "align", "valign", "dir", "scope"},
    "ol": {"start", "type"},
}
REMOVE_WITH_CONTENTS = frozenset(["script", "style"])
# AssessmentItemConverter::KNOWN_META_CLASSES
KNOWN_META_CLASSES = frozenset(["FORMATTED_TEXT_BLOCK", "flow_1"])
_WS_ONLY = re.compile(r"\A\s+\Z")


def _fragment(html: str):
    fragment = html5lib.parseFragment(html, treebuilder="dom", namespaceHTMLElements=False)
    fragment.normalize()  # one text node per run of text, as Nokogiri has
    return fragment


def _sanitize(node) -> None:
    for child in list(node.childNodes):
        if child.nodeType == Node.COMMENT_NODE:
            node.removeChild(child)
        elif child.nodeType == Node.ELEMENT_NODE:
            name = child.tagName.lower()
            if name in REMOVE_WITH_CONTENTS:
                node.removeChild(child)
                continue
            _sanitize(child)
            if name not in ALLOWED_ELEMENTS:
                for grandchild in list(child.childNodes):
                    node.insertBefore(grandchild, child)
                node.removeChild(child)
                continue
            allowed = ALLOWED_ALL_ATTRIBUTES | ALLOWED_ELEMENT_ATTRIBUTES.get(name, set())
            for attr in list(child.attributes.keys()):
                if attr not in allowed and not attr.startswith(("aria-", "data-")):
                    child.removeAttribute(attr)


def _extraneous(child) -> bool:
    if child.nodeType == Node.TEXT_NODE:
        return bool(_WS_ONLY.match(child.data))
    return child.nodeType == Node.ELEMENT_NODE and child.tagName.lower() == "br"


def _has_known_meta_class(element) -> bool:
    return element.getAttribute("class") in KNOWN_META_CLASSES if element.hasAttribute("class") else False


def _strip_extraneous(node):
    """``sanitize_html!``'s ``remove_extraneous_nodes`` loop: the node whose children Canvas judges."""
    while True:
        while node.firstChild is not None and _extraneous(node.firstChild):
            node.removeChild(node.firstChild)
        while node.lastChild is not None and _extraneous(node.lastChild):
            node.removeChild(node.lastChild)
        children = node.childNodes
        if not (
            len(children) == 1
            and children[0].nodeType == Node.ELEMENT_NODE
            and children[0].tagName.lower() in ("p", "div", "span")
        ):
            return node
        child = children[0]
        if child.attributes.length and not _has_known_meta_class(child):
            return node
        node = child


def _inner_html(node) -> str:
    return "".join(child.toxml() for child in node.childNodes).strip()


_BLOCKS = frozenset("p div li ul ol h1 h2 h3 h4 h5 h6 pre blockquote table tr td th br".split())


def _text_content(node) -> str:
    """The text as read: a block element's text is a line of its own."""
    if node.nodeType == Node.TEXT_NODE:
        return node.data
    inner = "".join(_text_content(c) for c in node.childNodes)
    if node.nodeType == Node.ELEMENT_NODE and node.tagName.lower() in _BLOCKS:
        return f" {inner} "
    return inner


def detect_html(html: str, *, canvas_flavour: bool = False) -> tuple[str, str | None]:
    """``HtmlHelper#detect_html`` on a field whose HTML is ``html``: (text, html or None)."""
    fragment = _fragment(html)
    _sanitize(fragment)
    fragment.normalize()  # unwrapped elements leave text beside text
    judged = _strip_extraneous(fragment)
    is_html = canvas_flavour or not (len(judged.childNodes) == 1 and judged.firstChild.nodeType == Node.TEXT_NODE)
    sanitized = _inner_html(judged)
    if not sanitized:
        return " ".join(_text_content(_fragment(html)).split()), None
    if is_html:
        return " ".join(_text_content(_fragment(html)).split()), sanitized
    return " ".join(sanitized.split()), None


def learner_sees(html: str, *, canvas_flavour: bool = False) -> str:
    """The text a learner reads once Canvas has imported the field (HTML rendered, text shown as is)."""
    text, as_html = detect_html(html, canvas_flavour=canvas_flavour)
    if as_html is None:
        return text  # Canvas shows this string literally: an escaped "&lt;" stays "&lt;"
    return " ".join(_text_content(_fragment(as_html)).split())
