"""The QTI writers' element trees as plain Python nodes, written as the final file text.

Creating an lxml element costs about a microsecond, and about as much again per attribute
(each name and value is checked and converted on the way in); a 10,000-question bank builds
~700,000 QTI elements, which was a fifth of a QTI target's time. The writers build ``Node``s
instead (a tag, attributes, text, children: what an lxml element holds), and each finished
item or test is written by ``to_bytes`` as the bytes lxml's ``pretty_print`` gives the tree
they describe (``xml_bytes``), without a tree: parsing the text and serialising the
tree again was most of the writing's time.

Direct writing follows libxml2's pretty printer (see ``_emit_formatted``), and converted rich
content is copied as the markup it is where its shape is known (``_markup_kind``). Where it is
not (MathML or HTML elements holding elements only, which lxml would indent, in an element it
would indent), the text is parsed once and that tree serialised (``to_tree``). Where text could
not say the tree the same way (an empty text, which lxml keeps and a parser drops; characters
XML cannot hold, which lxml refuses with its own error), the tree is built element by element
as before (``to_element``): same tree, same errors. tests/test_qti_file.py holds direct writing
to lxml's own serialisation (hypothesis), and tests/test_qti_text.py the parse to the build.
"""

from __future__ import annotations

import re

from lxml import etree

from coursekit.exporters.xml_escape import ATTR_SPECIAL, NOT_XML, NOT_XML_CHARS, TEXT_SPECIAL
from coursekit.exporters.xml_escape import escape_attr as _attr
from coursekit.exporters.xml_escape import escape_text as _text

from .xhtml import QtiContent, unchanged_markup

XSI = "http://www.w3.org/2001/XMLSchema-instance"
XML = "http://www.w3.org/XML/1998/namespace"
_PREFIXES = {XSI: "xsi", XML: "xml"}  # the only namespaced attributes the writers set


class Node:
    """An element to be: ``tag`` is qualified (``{ns}local``) as lxml's; children are nodes
    or strings of XML markup (converted rich content, see ``NodeContent``)."""

    __slots__ = ("tag", "attrib", "text", "tail", "children")

    def __init__(self, tag: str, attrib: dict[str, str], text: str | None = None, children: list | None = None):
        self.tag = tag
        self.attrib = attrib
        self.text = text
        self.tail: str | None = None
        self.children: list[Node | str] = children if children is not None else []

    def append(self, child: Node | str) -> None:
        self.children.append(child)

    def extend(self, children) -> None:
        self.children.extend(children)

    def __len__(self) -> int:
        return len(self.children)

    def __getitem__(self, index: int) -> Node | str:
        return self.children[index]

    def get(self, key: str, default: str | None = None) -> str | None:
        return self.attrib.get(key, default)

    def set(self, key: str, value: str) -> None:
        self.attrib[key] = value  # an attribute set again keeps its place, as in lxml


class Shared(Node):
    """A node that many items hold, made once (``Qti21Spelling.shared``) and never changed
    after: a variable, a base value, the scoring rules of every question with the same points.
    Its text is written once per indentation level (``written``)."""

    __slots__ = ("written",)

    def __init__(self, tag: str, attrib: dict[str, str], text: str | None, children: list):
        super().__init__(tag, attrib, text, children)
        self.written: dict[int, str] = {}

    def append(self, child) -> None:
        raise TypeError("a shared node is not changed")

    extend = set = append

    @classmethod
    def of(cls, node: Node) -> Shared:
        """``node``, finished, as a shared node (its descendants too)."""
        if type(node) is Shared:
            return node  # type: ignore[return-value]
        shared = cls(node.tag, node.attrib, node.text, [c if isinstance(c, str) else cls.of(c) for c in node.children])
        shared.tail = node.tail
        return shared


def to_tree(root: Node, nsmap: dict[str | None, str]) -> etree._Element:
    """The lxml tree of ``root`` (whose namespaces are ``nsmap``): parsed from its text, or built
    element by element where the text could not say the same (see the module docstring)."""
    try:
        names = _LOCAL_NAMES.setdefault(nsmap[None], {})
        out = [_start_tag(root, names, nsmap), ">"]
        _emit_content(root, out, names)
        return etree.fromstring("".join(out))
    except (_NotText, etree.XMLSyntaxError, ValueError, UnicodeError):
        return to_element(root, nsmap)


def to_bytes(root: Node, nsmap: dict[str | None, str]) -> bytes:
    """The file of ``root``: ``xml_bytes(to_tree(root, nsmap))``, written directly where the
    text is provably what lxml's pretty_print gives (see ``_emit_formatted``), else that."""
    names = _LOCAL_NAMES.setdefault(nsmap[None], {})
    try:
        out = [_XML_DECLARATION, _start_tag(root, names, nsmap)]
        _emit_after_start(root, out, names, 0)
    except _NotText:
        return xml_bytes(to_tree(root, nsmap))  # which raises lxml's error where it refuses
    return "".join(out).encode()


def to_element(node: Node, nsmap: dict[str | None, str] | None = None) -> etree._Element:
    """``node`` as an lxml element, made as the writers made their elements before ``Node``."""
    if nsmap is not None:
        e = etree.Element(node.tag, nsmap=nsmap)
        for k, v in node.attrib.items():
            e.set(k, v)
    elif node.attrib:
        e = etree.Element(node.tag, node.attrib)
    else:
        e = etree.Element(node.tag)
    if node.text is not None:
        e.text = node.text
    for child in node.children:
        if isinstance(child, str):
            _append_markup(e, child)
        else:
            c = to_element(child)
            if child.tail is not None:
                c.tail = child.tail
            e.append(c)
    return e


class NodeContent:
    """``QtiContent`` for ``Node`` parents: the converted content of a fragment is kept as
    markup, once per (parent tag, XHTML) as ``QtiContent`` keeps it, and added as a string."""

    def __init__(self, ns: str):
        self.ns = ns
        self.content = QtiContent(ns)
        self._markup: dict[tuple[str, str], str] = {}

    def append(self, parent: Node, xhtml: str, gap=None) -> None:
        """Append the converted content of ``xhtml`` to ``parent``, which is empty (as every
        parent the writers give is: a new choice, or a new ``div``)."""
        if parent.children or parent.text:
            raise ValueError("content goes into an empty element")
        key = (parent.tag, xhtml)
        markup = self._markup.get(key) if gap is None else None
        if markup is None:
            if gap is None:
                markup = unchanged_markup(etree.QName(parent.tag).localname, xhtml)
            if markup is None:
                # Converted into an empty element of the parent's tag, as QtiContent converts
                # into the parent itself (the result depends only on that tag); remembered here
                # as markup, not by QtiContent as elements too.
                holder = etree.Element(parent.tag, nsmap={None: self.ns})
                self.content.convert(holder, xhtml, None if gap is None else lambda name: _gap_element(gap(name)))
                markup = inner_markup(holder)
            if "></" in markup and _EMPTY_PAIR.search(markup) is not None:
                markup = _reserialised(markup, self.ns)
            if gap is None:
                self._markup[key] = markup
        if markup:
            parent.children.append(markup if gap is None else GapMarkup(markup))

    def block(self, parent: Node, xhtml: str, cls: str | None = None, gap=None) -> Node:
        """A ``div`` holding the fragment, as ``QtiContent.block``."""
        div = Node(f"{{{self.ns}}}div", {"class": cls} if cls else {})
        parent.children.append(div)
        self.append(div, xhtml, gap)
        return div


class GapMarkup(str):
    """Converted markup holding fill-in gaps: QTI interactions, whose names QTI 3.0 spells
    otherwise (all other markup is HTML and MathML, spelt alike in both)."""

    __slots__ = ()


class _NotText(Exception):
    """The tree holds something its text would not give back the same (see the module docstring)."""


# By default namespace: each qualified tag's local name (a few dozen per spelling).
_LOCAL_NAMES: dict[str, dict[str, str]] = {}


def _local_name(tag: str, names: dict[str, str]) -> str:
    local = names.get(tag)
    if local is None:
        uri, _, local = tag[1:].partition("}")
        if not tag.startswith("{") or _LOCAL_NAMES.get(uri) is not names:
            raise _NotText(tag)  # not in the default namespace: the text would not say it
        names[tag] = local
    return local


def _start_tag(root: Node, names: dict[str, str], nsmap: dict[str | None, str]) -> str:
    """The root's start tag but its ``>``: its namespace declarations, then its attributes (the
    only ones with namespaces, xsi:schemaLocation and xml:lang)."""
    parts = [f"<{_local_name(root.tag, names)}"]
    parts += [
        f' xmlns="{_checked_attr(uri)}"' if p is None else f' xmlns:{p}="{_checked_attr(uri)}"'
        for p, uri in nsmap.items()
    ]
    for k, v in root.attrib.items():
        if k[0] == "{":
            uri, _, local = k[1:].partition("}")
            if uri not in _PREFIXES:
                raise _NotText(k)
            k = f"{_PREFIXES[uri]}:{local}"
        parts.append(f' {k}="{v if _attr_special(v) is None else _checked_attr(v)}"')
    return "".join(parts)


# A character to escape, or one XML cannot hold (the text would not parse; ``to_element`` then
# raises lxml's error). Converted markup is lxml's or plain (``unchanged_markup``): it holds none.
_not_xml = NOT_XML.search
_attr_special = re.compile(ATTR_SPECIAL.pattern[:-1] + NOT_XML_CHARS + "]").search
_text_special = re.compile(TEXT_SPECIAL.pattern[:-1] + NOT_XML_CHARS + "]").search


def _checked_text(s: str) -> str:
    if _not_xml(s) is not None:
        raise _NotText(s)
    return _text(s)


def _checked_attr(s: str) -> str:
    if _not_xml(s) is not None:
        raise _NotText(s)
    return _attr(s)


def _emit_content(node: Node, out: list[str], names: dict[str, str]) -> None:
    """``node``'s text, children (with their tails) and end tag, as they are (no line breaks).
    Below the root, attribute names are the writers' keywords (see ``_attribute_name``)."""
    text = node.text
    if text is not None:
        if not text:
            raise _NotText("empty text")  # lxml keeps it (<a></a>), a parser would not
        out.append(text if _text_special(text) is None else _checked_text(text))
    for child in node.children:
        if isinstance(child, str):  # markup
            out.append(child)
            continue
        out.append(_start_of(child, names))
        if child.text is None and not child.children:
            out.append("/>")  # as lxml writes the element a parse of <tag></tag> gives
        else:
            out.append(">")
            _emit_content(child, out, names)
        tail = child.tail
        if tail:
            out.append(tail if _text_special(tail) is None else _checked_text(tail))
    out.append(f"</{names[node.tag]}>")


# Direct writing, as libxml2's pretty printer (xmlNodeDumpOutput with format=1) writes a tree:
# an element's children go on lines of their own, indented two spaces a level (at most 30
# levels), unless any child is text (a tail, or text of its own, even empty); then that element's
# whole content is written as it is. An element without content is written ``<tag/>``.
_XML_DECLARATION = "<?xml version='1.0' encoding='UTF-8'?>\n"
_INDENTS = ["\n" + "  " * min(level, 30) for level in range(200)]


def xml_bytes(root: etree._Element) -> bytes:
    """An XML file as the QTI targets write their trees: lxml's pretty_print."""
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _emit_after_start(node: Node, out: list[str], names: dict[str, str], level: int) -> None:
    """``node``'s content and end tag, formatted or not (its start tag lacks only its ``>``)."""
    children = node.children
    if node.text is None:
        if not children:
            out.append("/>\n" if level == 0 else "/>")
            return
        if not _holds_text(children):
            out.append(">")
            _emit_formatted(node, out, names, level)
            return
    out.append(">")
    _emit_content(node, out, names)
    if level == 0:
        out.append("\n")


def _holds_text(children: list) -> bool:
    """Whether a text node is among the children: a tail, or markup with text at its top level."""
    for child in children:
        if not isinstance(child, str):
            if child.tail:  # an empty one is not written (``_emit_content``), so not parsed
                return True
        elif _markup_kind(child) is _TEXT:
            return True
    return False


def _emit_formatted(node: Node, out: list[str], names: dict[str, str], level: int) -> None:
    """``node``'s children each on a line of its own, and its end tag on one."""
    inner = _INDENTS[level + 1]
    for child in node.children:
        kind = type(child)
        if kind is Node:
            _emit_child(child, out, names, level + 1, inner)
        elif kind is Shared:
            written = child.written.get(level + 1)  # type: ignore[union-attr]
            if written is None:
                lines: list[str] = []
                _emit_child(child, lines, names, level + 1, inner)  # type: ignore[arg-type]
                written = child.written[level + 1] = "".join(lines)  # type: ignore[union-attr]
            out.append(written)
        else:
            kind = _markup_kind(child)  # type: ignore[arg-type]
            if type(kind) is not tuple:
                raise _NotText(child)  # elements holding elements only: they would be formatted too
            for element in kind:
                out.append(inner + element)
    out.append(f"{_INDENTS[level]}</{names[node.tag]}>\n" if level == 0 else f"{_INDENTS[level]}</{names[node.tag]}>")


def _emit_child(child: Node, out: list[str], names: dict[str, str], level: int, indent: str) -> None:
    """An element at ``level`` in a formatted parent: on a line of its own."""
    if not child.children:
        out.append(indent + _leaf(child, names))
    elif child.text is None and not _holds_text(child.children):
        out.append(indent + _start_of(child, names) + ">")
        _emit_formatted(child, out, names, level)
    else:
        out.append(indent + _start_of(child, names) + ">")
        _emit_content(child, out, names)


def _leaf(node: Node, names: dict[str, str]) -> str:
    """An element without children, whole (most repeat: <baseValue baseType="float">0</baseValue>)."""
    attrib = node.attrib
    key = (node.tag, tuple(attrib), tuple(attrib.values()), node.text)
    leaf = _STARTS.get(key)
    if leaf is None:
        text = node.text
        if text is None:
            leaf = _start_of(node, names) + "/>"
        elif not text:
            raise _NotText("empty text")  # lxml keeps it (<a></a>), a parser would not
        else:
            escaped = text if _text_special(text) is None else _checked_text(text)
            leaf = f"{_start_of(node, names)}>{escaped}</{names[node.tag]}>"
        _remember(key, leaf)
    return leaf


def _start_of(node: Node, names: dict[str, str]) -> str:
    """A start tag below the root, without its ``>``."""
    # Most start tags repeat (<variable identifier="RESPONSE", <baseValue baseType="float"...):
    # looked up by what they are made of rather than escaped and joined again. The qualified
    # tag says which spelling's names it is in.
    attrib = node.attrib
    key = (node.tag, tuple(attrib), tuple(attrib.values())) if attrib else node.tag
    start = _STARTS.get(key)
    if start is None:
        start = _new_start(node, names)
        _remember(key, start)
    return start


# Start tags and leaves by what they are made of.
_STARTS: dict[object, str] = {}

# What the QTI writers remember from item to item (these caches, the spellings' shared nodes,
# their 3.0 twins): emptied every few thousand items (``forget``), so that what is kept is
# what the items at hand repeat, not every answer and number of a bank (the hot entries are
# made again at once, for a few milliseconds).
MEMOS: list[dict] = [_STARTS]


def forget() -> None:
    for memo in MEMOS:
        memo.clear()


def _remember(key: object, text: str) -> None:
    if len(_STARTS) >= 50_000:
        _STARTS.clear()  # values that do not repeat (answer keys, quiz titles) would fill it
    _STARTS[key] = text


def _new_start(node: Node, names: dict[str, str]) -> str:
    tag = names.get(node.tag) or _local_name(node.tag, names)
    attrib = node.attrib
    if not attrib:
        return f"<{tag}"
    for k in attrib:
        if k not in _ATTRIBUTE_NAMES:
            _attribute_name(k)
    return f"<{tag}" + "".join(
        [f' {k}="{v if _attr_special(v) is None else _checked_attr(v)}"' for k, v in attrib.items()]
    )


_ATTRIBUTE_NAMES: set[str] = set()
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")


def _attribute_name(name: str) -> None:
    """Below the root, attribute names are the writers' keywords; any other name is left to
    ``to_tree``, as its parse would not read it."""
    if _NAME.fullmatch(name) is None:
        raise _NotText(name)
    _ATTRIBUTE_NAMES.add(name)


# Converted markup by what it holds at its top level: text (_TEXT: written as it is, in an
# element written as it is), elements each holding text or nothing (a tuple of them: each goes
# on a line of its own, its content as it is), or an element holding elements only (_NESTED:
# left to ``to_tree``). Markup is lxml's own serialisation or plain text (``NodeContent``
# makes it so), so ``<`` and ``>`` only ever delimit tags, and it parses back to the same text.
_TEXT = "text"
_NESTED = "nested"
_MARKUP_KINDS: dict[str, object] = {}
MEMOS.append(_MARKUP_KINDS)
_TAG = re.compile(r"<(/?)[^>]*?(/?)>")


def _markup_kind(markup: str) -> object:
    if markup[0] != "<" or markup[-1] != ">":
        return _TEXT  # text first or last (most choices and short feedback)
    kind = _MARKUP_KINDS.get(markup)
    if kind is None:
        if len(_MARKUP_KINDS) >= 2_000:
            _MARKUP_KINDS.clear()  # prompts do not repeat: only the few that do are worth keeping
        kind = _MARKUP_KINDS[markup] = _kind_of(markup)
    return kind


def _kind_of(markup: str) -> object:
    elements: list[str] = []
    depth = pos = start = 0
    text = child = False  # of the top-level element open
    for m in _TAG.finditer(markup):
        if m.start() > pos:
            if depth == 0:
                return _TEXT
            if depth == 1:
                text = True
        pos = m.end()
        if m.group(1):  # an end tag
            depth -= 1
            if depth == 0:
                if child and not text:
                    return _NESTED
                elements.append(markup[start:pos])
        elif m.group(2):  # an element without content
            if depth == 0:
                elements.append(m.group())
            elif depth == 1:
                child = True
        else:  # a start tag
            if depth == 0:
                start, text, child = m.start(), False, False
            elif depth == 1:
                child = True
            depth += 1
    return tuple(elements)


# An element written with an empty text (``<p></p>``, as plain markup may be, or an empty inline
# choice): lxml's serialisation of a parse of it writes ``<p/>``.
_EMPTY_PAIR = re.compile(r"<[^/>][^>]*(?<!/)></")


def _reserialised(markup: str, ns: str) -> str:
    """``markup`` as lxml writes what a parse of it gives (the same tree, so ``to_tree`` gives
    the same bytes), so that direct writing can copy it as it is."""
    return inner_markup(etree.fromstring(f'<w xmlns="{ns}">{markup}</w>'))


def inner_markup(holder: etree._Element) -> str:
    """The markup of ``holder``'s content (text and children), declaring the MathML namespace
    where it did; ``holder`` declares only the default namespace and has no attributes."""
    markup = etree.tostring(holder, encoding="unicode")
    if markup.endswith("/>"):
        return ""
    return markup[markup.index(">") + 1 : markup.rindex("<")]


def _append_markup(e: etree._Element, markup: str) -> None:
    holder = etree.fromstring(f'<w xmlns="{etree.QName(e).namespace}">{markup}</w>')
    if holder.text:
        if len(e):
            e[-1].tail = (e[-1].tail or "") + holder.text
        else:
            e.text = (e.text or "") + holder.text
    for child in list(holder):
        e.append(child)


def _gap_element(node: Node | None) -> etree._Element | None:
    return None if node is None else to_element(node)
