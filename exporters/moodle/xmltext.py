"""Writing Moodle XML: HTML text in CDATA (that survives ``]]>``) and embedded files.

``XmlDoc`` writes the text of the ``<question>`` elements directly (see its docstring): HTML
texts go in CDATA split exactly as Moodle's ``qformat_xml::xml_escape`` splits it
(``]]>`` -> ``]]]]><![CDATA[>``); plain-text fields stay ordinary escaped XML text.
"""

from __future__ import annotations

import base64
import hashlib
import posixpath
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from coursekit.exporters.xml_escape import escape_attr, escape_text

if TYPE_CHECKING:
    from coursekit.render.rendered import Fragment, RenderedCourse

PLUGINFILE = "@@PLUGINFILE@@/"
# Characters XML 1.0 cannot carry at all (not even in CDATA), plus DEL, which we reserve as
# the name token delimiter (so no author text can forge a token).
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")


def clean(text: str) -> str:
    # XML parsers turn CR and CRLF into LF anyway (even in CDATA): do it here so what we
    # write is exactly what Moodle reads.
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _INVALID_XML.sub("", text)


CLOSED = -1  # the handle of an element written whole (a leaf): adding to it raises


class XmlDoc:
    """Questions of a Moodle XML file under construction (a whole file, or one quiz's part).

    Written straight to text, in document order, exactly as lxml's ``tostring(root,
    pretty_print=True)`` of the same tree would serialise it (tests/test_moodle_xmldoc.py
    holds the two side by side): this exporter owns the format and builds tens of thousands
    of small elements, and a tree of them cost more than everything else it does. Elements are
    handles (ints); a child may be added to any element still open, which closes the deeper
    ones (the tree is only ever built in document order). Escaping happens here only.
    """

    def __init__(self) -> None:
        self.root = 0
        self._out: list[str] = []
        self._ids = [0]  # handles of the open elements, root first
        self._closes = [""]  # the end tag line of each open element (<quiz>'s is written by join())
        # The innermost open element's start tag still lacks its ">": it has no child yet and
        # is written ``<tag/>`` if it closes like that (as lxml writes an empty element).
        self._bare = False
        self._last = 0  # the last handle given out
        self._names: list[tuple[str, str]] = []  # (name, question id) in document order
        # Finished lines by what they are made of: questions repeat most of their fields
        # (feedback texts, settings), and a line is a pure function of its key.
        self._el_lines: dict[tuple, str] = {}
        self._text_lines: dict[tuple[int, str, bool], str] = {}
        self._field_lines: dict[tuple, str] = {}
        self._html_field_lines: dict[tuple[int, str, str], str] = {}
        self._leaves_lines: dict[tuple[int, tuple[tuple[str, str], ...]], str] = {}

    def _enter(self, parent: int) -> int:
        """Close the elements inside ``parent``; the depth of its children."""
        ids = self._ids
        if ids[-1] != parent:
            self._close_to(parent)
        if self._bare:
            self._out.append(">\n")
            self._bare = False
        return len(ids)

    def _close_to(self, parent: int) -> None:
        ids, closes, out = self._ids, self._closes, self._out
        if parent not in ids:
            raise ValueError("XmlDoc: element already closed (elements are written in document order)")
        while ids[-1] != parent:
            ids.pop()
            close = closes.pop()
            if self._bare:
                out.append("/>\n")
                self._bare = False
            else:
                out.append(close)

    def el(self, parent: int, tag: str, text: str | None = None, **attrs: str) -> int:
        depth = self._enter(parent)
        key = (depth, tag, text, *attrs.items()) if attrs else (depth, tag, text)
        line = self._el_lines.get(key)
        if line is None:
            start = f"{'  ' * depth}<{tag}{_attributes(attrs)}" if attrs else f"{'  ' * depth}<{tag}"
            # With text, a leaf closed at once (lxml writes set text, even empty, as <tag>...</tag>).
            line = start if text is None else f"{start}>{escape_text(clean(text))}</{tag}>\n"
            self._el_lines[key] = line
        self._out.append(line)
        if text is not None:
            return CLOSED
        self._last += 1
        self._ids.append(self._last)
        self._closes.append(_end_tag(depth, tag))
        self._bare = True
        return self._last

    def text(self, parent: int, value: str, *, html: bool = False) -> int:
        """A ``<text>`` child; HTML goes in CDATA (Moodle reads either, CDATA keeps it readable)."""
        depth = self._enter(parent)
        self._out.append(self._text_line(depth, value, html))
        return CLOSED

    def _text_line(self, depth: int, value: str, html: bool) -> str:
        key = (depth, value, html)
        line = self._text_lines.get(key)
        if line is None:
            indent = "  " * depth
            value = clean(value)
            if html and value:
                # CDATA cannot hold "]]>": split as Moodle's qformat_xml::xml_escape splits it.
                line = f"{indent}<text><![CDATA[{value.replace(']]>', ']]]]><![CDATA[>')}]]></text>\n"
            elif value:
                line = f"{indent}<text>{escape_text(value)}</text>\n"
            else:
                line = f"{indent}<text/>\n"
            self._text_lines[key] = line
        return line

    def html_field(self, parent: int, tag: str, html: str) -> int:
        """``text_field(parent, tag, html, True, format="html")``, the most common field, with
        a shorter key."""
        depth = self._enter(parent)
        key = (depth, tag, html)
        lines = self._html_field_lines.get(key)
        if lines is None:
            lines = f'{"  " * depth}<{tag} format="html">\n' + self._text_line(depth + 1, html, True)
            self._html_field_lines[key] = lines
        self._out.append(lines)
        self._last += 1
        self._ids.append(self._last)
        self._closes.append(_end_tag(depth, tag))
        return self._last

    def text_field(self, parent: int, tag: str, value: str, html: bool, **attrs: str) -> int:
        """``el(parent, tag, **attrs)`` holding ``text(..., value, html=html)``: the same lines,
        written at once (most questions have a dozen such fields). The field stays open."""
        depth = self._enter(parent)
        key = (depth, tag, value, html, *attrs.items())
        lines = self._field_lines.get(key)
        if lines is None:
            start = f"{'  ' * depth}<{tag}{_attributes(attrs)}>\n"
            lines = self._field_lines[key] = start + self._text_line(depth + 1, value, html)
        self._out.append(lines)
        self._last += 1
        self._ids.append(self._last)
        self._closes.append(_end_tag(depth, tag))
        return self._last

    def name(self, parent: int, text: str, question_id: str) -> None:
        """A question's ``<name><text>...</text></name>``. Names must be unique across the whole
        file (or split folder), which a part written on its own cannot know: ``join`` settles
        them in order."""
        indent = "  " * self._enter(parent)
        # \x7f never survives clean(): no author text can forge the token.
        self._out.append(f"{indent}<name>\n{indent}  <text>\x7fN{len(self._names)}\x7f</text>\n{indent}</name>\n")
        self._names.append((text, question_id))

    def leaves(self, parent: int, pairs: tuple[tuple[str, str], ...]) -> None:
        """``el(parent, tag, text)`` for each (tag, text) of ``pairs``, written at once: the
        settings every question of a type repeats."""
        if not pairs:  # nothing written: the parent may still close as <tag/>
            return
        depth = self._enter(parent)
        key = (depth, pairs)
        lines = self._leaves_lines.get(key)
        if lines is None:
            indent = "  " * depth
            lines = "".join(f"{indent}<{tag}>{escape_text(clean(text))}</{tag}>\n" for tag, text in pairs)
            self._leaves_lines[key] = lines
        self._out.append(lines)

    def to_bytes(self) -> bytes:
        """This document alone as a Moodle XML file."""
        return join([self.part()], set())

    def part(self) -> DocPart:
        """The serialised children of ``<quiz>``, names still to settle."""
        self._close_to(self.root)
        if not self._out:  # no children: nothing to add
            return DocPart(b"", [])
        # Kept as UTF-8 from here: a str holding one character past U+FFFF (a math letter, an
        # emoji) takes 4 bytes per character, and a 100,000-question file is held whole.
        return DocPart("".join(self._out).encode("utf-8"), list(self._names))


_end_tags: dict[tuple[int, str], str] = {}


def _end_tag(depth: int, tag: str) -> str:
    """``</tag>`` on its own line at ``depth`` (a few tags and depths: made once each)."""
    line = _end_tags.get((depth, tag))
    if line is None:
        line = _end_tags[depth, tag] = f"{'  ' * depth}</{tag}>\n"
    return line


# Attribute values lxml refuses (it raises rather than write them; so do we).
_INVALID_ATTR = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_attr_cache: dict[str, str] = {}  # few distinct values (format, fraction, type, file names)


def _attribute_value(value: str) -> str:
    """``value`` escaped as libxml2 escapes an attribute value."""
    escaped = _attr_cache.get(value)
    if escaped is None:
        if _INVALID_ATTR.search(value):
            raise ValueError(
                "All strings must be XML compatible: Unicode or ASCII, no NULL bytes or control characters"
            )
        escaped = escape_attr(value)
        if len(_attr_cache) < 4096:
            _attr_cache[value] = escaped
    return escaped


def _attributes(attrs: dict[str, str]) -> str:
    return "".join(f' {key}="{_attribute_value(value)}"' for key, value in attrs.items())


_NAME_TOKEN = re.compile(b"\x7fN([0-9]+)\x7f")


@dataclass
class DocPart:
    body: bytes  # pretty-printed <question> elements, as they sit under <quiz>, in UTF-8
    names: list[tuple[str, str]]


def join(parts: list[DocPart], taken: set[str]) -> bytes:
    """One Moodle XML file of ``parts``; a question name already in ``taken`` (which grows)
    gets its question id appended, as Moodle shows names side by side in the bank."""
    return b"".join(joined(parts, taken))


def joined(parts: Iterable[DocPart], taken: set[str]) -> Iterator[bytes]:
    """``join`` in pieces, a part's as it comes: a big bank's file need not be whole in memory."""
    yield b'<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n'
    for part in parts:

        def name(m: re.Match, part: DocPart = part) -> bytes:
            text, question_id = part.names[int(m.group(1))]
            if text in taken:
                text = f"{text} [{question_id}]"
            taken.add(text)
            return escape_text(clean(text)).encode("utf-8")

        yield _NAME_TOKEN.sub(name, part.body)
    yield b"</quiz>\n"


def file_name(asset_path: str) -> str:
    """The draft-area file name of an asset (asset paths are content-addressed, so unique)."""
    return posixpath.basename(asset_path)


def rich_text(doc: XmlDoc, rendered: RenderedCourse, parent: int, frag: Fragment, html: str | None = None) -> None:
    """``<text>`` with the fragment's HTML plus one ``<file>`` per asset it shows.

    Files sit in the same element as the text that uses them: Moodle imports each text's files
    into that text's own draft area, so a ``@@PLUGINFILE@@`` link only resolves there.
    ``html`` overrides the fragment's HTML (already rewritten, e.g. with Cloze markers).
    """
    if html is not None:
        body = html
    elif frag.assets:
        body = frag.replace_assets({path: PLUGINFILE + file_name(path) for path in frag.assets}).html
    else:  # most texts show no image: nothing to replace, no new Fragment
        body = frag.html
    doc.text(parent, body, html=True)
    if not frag.assets:
        return
    seen: set[str] = set()
    for path in sorted(frag.assets):
        name = file_name(path)
        if name in seen or path not in rendered.assets:
            continue
        seen.add(name)
        data = rendered.assets[path].data
        doc.el(parent, "file", base64.b64encode(data).decode("ascii"), name=name, path="/", encoding="base64")


def short_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]
