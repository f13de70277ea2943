"""The QTI writers' element trees as plain Python nodes, made into lxml trees with one parse.

Creating an lxml element costs about a microsecond, and about as much again per attribute
(each name and value is checked and converted on the way in); a 10,000-question bank builds
~700,000 QTI elements, which was a fifth of a QTI target's time. The writers build ``Node``s
instead (a tag, attributes, text, children: what an lxml element holds) and each finished
item or test is written out as XML text and parsed once, in C.

The text is only a way into lxml: the parsed tree is the tree the writers describe, and it is
serialised as before (``package.xml_bytes``), so the bytes do not depend on how the text was
written. Where text could not say it the same way (an empty text, which lxml keeps and a
parser drops; characters XML cannot hold, which lxml refuses with its own error), the tree is
built element by element as before (``to_element``): same tree, same errors.
"""

from __future__ import annotations

from lxml import etree

from coursekit.exporters.xml_escape import ATTR_SPECIAL, TEXT_SPECIAL
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


def to_tree(root: Node, nsmap: dict[str | None, str]) -> etree._Element:
    """The lxml tree of ``root`` (whose namespaces are ``nsmap``): parsed from its text, or built
    element by element where the text could not say the same (see the module docstring)."""
    try:
        names = _LOCAL_NAMES.setdefault(nsmap[None], {})
        out = [_start_tag(root, names, nsmap)]
        _emit_content(root, out, names)
        return etree.fromstring("".join(out))
    except (_NotText, etree.XMLSyntaxError, ValueError, UnicodeError):
        return to_element(root, nsmap)


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
                markup = _inner_markup(holder)
            if gap is None:
                self._markup[key] = markup
        if markup:
            parent.children.append(markup)

    def block(self, parent: Node, xhtml: str, cls: str | None = None, gap=None) -> Node:
        """A ``div`` holding the fragment, as ``QtiContent.block``."""
        div = Node(f"{{{self.ns}}}div", {"class": cls} if cls else {})
        parent.children.append(div)
        self.append(div, xhtml, gap)
        return div


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
    """The root's start tag: its namespace declarations, then its attributes (the only ones with
    namespaces, xsi:schemaLocation and xml:lang)."""
    parts = [f"<{_local_name(root.tag, names)}"]
    parts += [f' xmlns="{_attr(uri)}"' if p is None else f' xmlns:{p}="{_attr(uri)}"' for p, uri in nsmap.items()]
    for k, v in root.attrib.items():
        if k[0] == "{":
            uri, _, local = k[1:].partition("}")
            if uri not in _PREFIXES:
                raise _NotText(k)
            k = f"{_PREFIXES[uri]}:{local}"
        parts.append(f' {k}="{_attr(v)}"')
    parts.append(">")
    return "".join(parts)


_attr_special = ATTR_SPECIAL.search
_text_special = TEXT_SPECIAL.search


def _emit_content(node: Node, out: list[str], names: dict[str, str]) -> None:
    """``node``'s text, children (with their tails) and end tag. Below the root, attribute names
    are the writers' keywords (no namespace; one with a namespace would not parse, and the tree
    would be built element by element)."""
    text = node.text
    if text is not None:
        if not text:
            raise _NotText("empty text")  # lxml keeps it (<a></a>), a parser would not
        out.append(text if _text_special(text) is None else _text(text))
    for child in node.children:
        if type(child) is str:
            out.append(child)
            continue
        tag = names.get(child.tag) or _local_name(child.tag, names)
        attrib = child.attrib
        if attrib:
            attrs = "".join([f' {k}="{v if _attr_special(v) is None else _attr(v)}"' for k, v in attrib.items()])
            out.append(f"<{tag}{attrs}>")
        else:
            out.append(f"<{tag}>")
        _emit_content(child, out, names)
        tail = child.tail
        if tail:
            out.append(tail if _text_special(tail) is None else _text(tail))
    out.append(f"</{names[node.tag]}>")


def _inner_markup(holder: etree._Element) -> str:
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
