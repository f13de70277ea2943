"""Rendered XHTML fragments to the XHTML subset that QTI item bodies accept.

QTI 2.1 and 3.0 allow a fixed list of (X)HTML elements and attributes inside items. The
render stage produces ordinary HTML5 (``<s>``, ``<section>``, ``style``, ``id``...), so
every element is copied through an allow-list: known elements keep their safe attributes,
others become ``span``/``div`` with a class, and MathML is copied unchanged. ``id``s are
dropped (fragments are rendered separately and their ids could collide inside one item).
Fill-in-the-blank gaps are found here too: the ``[[name]]`` markers left in the text of the
rendered fill_blanks text are replaced by interaction elements the caller builds.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable

from lxml import etree

from coursekit.exporters.xml_escape import NOT_XML_CHARS
from coursekit.render.sanitize import unsafe_url

MATHML_NS = "http://www.w3.org/1998/Math/MathML"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

INLINE = {
    "a",
    "abbr",
    "acronym",
    "b",
    "big",
    "br",
    "cite",
    "code",
    "dfn",
    "em",
    "i",
    "img",
    "kbd",
    "q",
    "samp",
    "small",
    "span",
    "strong",
    "sub",
    "sup",
    "tt",
    "var",
}
BLOCK = {
    "address",
    "blockquote",
    "div",
    "dl",
    "dt",
    "dd",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "ol",
    "ul",
    "li",
    "p",
    "pre",
    "table",
    "caption",
    "col",
    "colgroup",
    "tbody",
    "tfoot",
    "thead",
    "tr",
    "td",
    "th",
}
# HTML5 elements outside the QTI subset: the element that keeps their content, and a class.
RENAMED = {
    "s": "span",
    "del": "span",
    "strike": "span",
    "ins": "span",
    "u": "span",
    "mark": "span",
    "time": "span",
    "label": "span",
    "section": "div",
    "article": "div",
    "aside": "div",
    "figure": "div",
    "figcaption": "div",
    "header": "div",
    "footer": "div",
    "nav": "div",
    "main": "div",
    "details": "div",
    "summary": "div",
}
DROPPED = {
    "input",
    "script",
    "style",
    "iframe",
    "object",
    "embed",
    "form",
    "button",
    "select",
    "textarea",
    "link",
    "meta",
}
ATTRS = {
    "img": ("src", "alt", "width", "height"),
    "a": ("href",),
    "td": ("colspan", "rowspan", "scope"),
    "th": ("colspan", "rowspan", "scope"),
    "col": ("span",),
    "colgroup": ("span",),
}
_ONLY_CHILDREN = {"ul": ({"li"}, "li"), "ol": ({"li"}, "li"), "dl": ({"dt", "dd"}, "dd"), "blockquote": (BLOCK, "div")}
_ITEM_PARENTS = {"li": {"ul", "ol"}, "dt": {"dl"}, "dd": {"dl"}}
# Elements whose QTI content model is inline only.
_INLINE_ONLY = INLINE | {"p", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "dt", "caption", "address"}
_NUMERIC_ATTRS = {"width", "height", "colspan", "rowspan", "span"}
_GAP_RE = re.compile(r"\[\[([a-z0-9_-]+)\]\]")
_NO_GAPS_IN = {"code", "pre", "kbd", "samp", "tt"}

GapFactory = Callable[[str], "etree._Element | None"]


# Text XML takes as it is (no markup, no reference, no character a parser would change or refuse).
_PLAIN_TEXT = f"[^<>&\r{NOT_XML_CHARS}]*"
_PLAIN_RE = re.compile(_PLAIN_TEXT)
_PLAIN_P_RE = re.compile(f"<p>{_PLAIN_TEXT}</p>")


def unchanged_markup(parent: str, xhtml: str) -> str | None:
    """``xhtml`` itself when converting it into an empty element named ``parent`` (a local name)
    would copy it unchanged, else None: plain text, or one attribute-less ``<p>`` of plain text
    (most prompts and choices of a big bank), where the parent needs no slot (not a list or a
    blockquote, see ``_slot``) and takes blocks (not ``_INLINE_ONLY``); gaps are not looked for."""
    if parent in _ONLY_CHILDREN:
        return None
    if _PLAIN_RE.fullmatch(xhtml) or (parent not in _INLINE_ONLY and _PLAIN_P_RE.fullmatch(xhtml)):
        return xhtml
    return None


def parse_fragment(xhtml: str) -> etree._Element:
    """The fragment inside a wrapper ``<div>`` (no namespace for HTML, MathML in its own)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    return etree.fromstring(f"<div>{xhtml}</div>".encode(), parser)


class QtiContent:
    """Copies fragment XHTML into a QTI body namespace (``None`` for 3.0's no-namespace HTML)."""

    def __init__(self, ns: str | None):
        self.ns = ns
        # The converted content of each fragment, by (empty parent's tag, XHTML): feedback such
        # as "Correct." repeats in every question of a quiz, and converting it is a parse and a
        # walk in Python; a copy of the converted elements is one C call.
        self._done: dict[tuple[str, str], etree._Element] = {}

    def tag(self, name: str) -> str:
        return f"{{{self.ns}}}{name}" if self.ns else name

    def append(self, parent: etree._Element, xhtml: str, gap: GapFactory | None = None) -> None:
        """Append the converted content of ``xhtml`` to ``parent`` (text and elements)."""
        if gap is not None or len(parent) or parent.text:
            self.convert(parent, xhtml, gap)
            return
        # Into an empty parent the result depends only on the parent's tag (``_slot`` and the
        # content-model checks look at nothing else): convert once, copy after.
        key = (parent.tag, xhtml)
        done = self._done.get(key)
        if done is None:
            done = self._done[key] = etree.Element(parent.tag)
            self._children(parse_fragment(xhtml), done, None, in_code=False)
        parent.text = done.text
        for child in done:
            parent.append(copy.deepcopy(child))  # with its tail

    def convert(self, parent: etree._Element, xhtml: str, gap: GapFactory | None = None) -> None:
        """``append`` without remembering the result (for callers that keep their own)."""
        self._children(parse_fragment(xhtml), parent, gap, in_code=False)

    def block(
        self, parent: etree._Element, xhtml: str, cls: str | None = None, gap: GapFactory | None = None
    ) -> etree._Element:
        """A ``div`` holding the fragment (item bodies and feedback take blocks, not bare text)."""
        div = etree.SubElement(parent, self.tag("div"))
        if cls:
            div.set("class", cls)
        self.append(div, xhtml, gap)
        return div

    # -- copying
    def _text(self, parent: etree._Element, text: str | None, gap: GapFactory | None, in_code: bool) -> None:
        if not text:
            return
        if text.strip():
            parent = self._slot(parent, "#text")
        if gap is None or in_code:
            _add_text(parent, text)
            return
        pos = 0
        for m in _GAP_RE.finditer(text):
            el = gap(m.group(1))
            if el is None:
                continue
            _add_text(parent, text[pos : m.start()])
            parent.append(el)
            pos = m.end()
        _add_text(parent, text[pos:])

    def _children(self, src: etree._Element, dst: etree._Element, gap: GapFactory | None, in_code: bool) -> None:
        self._text(dst, src.text, gap, in_code)
        for child in src:
            if isinstance(child.tag, str):
                self._element(child, dst, gap, in_code)
            self._text(dst, child.tail, gap, in_code)

    def _slot(self, dst: etree._Element, target: str) -> etree._Element:
        """Where content may go in ``dst``: lists hold only items and a blockquote only blocks
        (HTML parsers can leave a stray ``<b>`` or text between ``<li>``s or in a quote), so
        other content joins the last item (or block), made when there is none."""
        rule = _ONLY_CHILDREN.get(etree.QName(dst).localname)
        if rule is None or target in rule[0]:
            return dst
        wrap = rule[1]
        if len(dst) and etree.QName(dst[-1]).localname == wrap:
            return dst[-1]
        return etree.SubElement(dst, self.tag(wrap))

    def _element(self, src: etree._Element, dst: etree._Element, gap: GapFactory | None, in_code: bool) -> None:
        qname = etree.QName(src)
        if qname.namespace == MATHML_NS:
            self._slot(dst, "math").append(_copy_mathml(src))
            return
        if qname.namespace is not None:
            return  # e.g. inline SVG: not part of the QTI content model
        name = qname.localname.lower()
        if name in DROPPED:
            return
        if name == "img" and unsafe_url(src.get("src", "")):
            return  # raw author HTML (allow_raw_html) may hold such an image; never ship it
        cls = src.get("class")
        if name in INLINE or name in BLOCK:
            target = name
        elif name in RENAMED:
            target = RENAMED[name]
            cls = " ".join(filter(None, [f"ck-{name}", cls]))
        else:
            target = "span"
            cls = " ".join(filter(None, [f"ck-{name}", cls]))
        if target == "a" and not _safe_href(src.get("href", "")):
            target = "span"  # in-fragment anchors (footnotes) point at ids we drop
        dst = self._slot(dst, target)
        if target in _ITEM_PARENTS and etree.QName(dst).localname not in _ITEM_PARENTS[target]:
            # A list item outside any list (HTML parsers keep "<li>" after a stray "</ul>").
            cls = " ".join(filter(None, [f"ck-{name}", cls]))
            target = "div"
        if target in BLOCK and etree.QName(dst).localname in _INLINE_ONLY:
            # HTML parsers build e.g. <strong><p/></strong> from "**a </p> b**"; QTI allows
            # only inline content there, so the block becomes a span.
            if target == name:
                cls = " ".join(filter(None, [f"ck-{name}", cls]))
            target = "span"
        el = etree.SubElement(dst, self.tag(target))
        if cls:
            el.set("class", " ".join(re.findall(r"[A-Za-z_][\w-]*", cls)) or "ck")
            if not el.get("class"):
                del el.attrib["class"]
        for attr in ATTRS.get(target, ()):
            value = src.get(attr)
            if value is None:
                continue
            if attr in _NUMERIC_ATTRS and not re.fullmatch(r"[0-9]+", value):
                continue
            el.set(attr, value)
        if target == "img" and el.get("alt") is None:
            el.set("alt", "")
        self._children(src, el, gap, in_code or name in _NO_GAPS_IN)


def _safe_href(href: str) -> bool:
    return bool(href.strip()) and not href.strip().startswith("#") and not unsafe_url(href)


# MathML Core (what Temml writes) allows a bare "0" as an mpadded length; MathML 2 (QTI 2.1's
# schema) wants a unit.
_PADDED_LENGTHS = {"width", "height", "depth", "lspace", "voffset"}


def _copy_mathml(src: etree._Element) -> etree._Element:
    qname = etree.QName(src)
    el = etree.Element(src.tag, nsmap={None: MATHML_NS}) if qname.localname == "math" else etree.Element(src.tag)
    for k, v in src.attrib.items():
        if qname.localname == "mpadded" and k in _PADDED_LENGTHS and re.fullmatch(r"[+-]?0*\.?0*", v.strip()):
            v = "0em"
        el.set(k, v)
    el.text = src.text
    for child in src:
        if isinstance(child.tag, str):
            c = _copy_mathml(child)
            c.tail = child.tail
            el.append(c)
    return el


def _add_text(parent: etree._Element, text: str) -> None:
    if not text:
        return
    if len(parent):
        last = parent[-1]
        last.tail = (last.tail or "") + text
    else:
        parent.text = (parent.text or "") + text
