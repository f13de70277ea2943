"""Writing Moodle XML: HTML text in CDATA (that survives ``]]>``) and embedded files.

lxml's ``etree.CDATA`` refuses text containing ``]]>``, so HTML texts are first written as
opaque tokens and, after serialisation, each ``<text>TOKEN</text>`` is replaced by the text in
CDATA split exactly as Moodle's ``qformat_xml::xml_escape`` splits it
(``]]>`` -> ``]]]]><![CDATA[>``). Plain-text fields stay ordinary escaped XML text.
"""

from __future__ import annotations

import base64
import hashlib
import posixpath
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape as xml_escape

from lxml import etree

if TYPE_CHECKING:
    from coursekit.render.rendered import Fragment, RenderedCourse

PLUGINFILE = "@@PLUGINFILE@@/"
# Characters XML 1.0 cannot carry at all (not even in CDATA), plus DEL, which we reserve as
# the CDATA token delimiter (so no author text can forge a token).
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")


def clean(text: str) -> str:
    # XML parsers turn CR and CRLF into LF anyway (even in CDATA): do it here so what we
    # write is exactly what Moodle reads.
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _INVALID_XML.sub("", text)


class XmlDoc:
    """Questions of a Moodle XML file under construction (a whole file, or one quiz's part)."""

    def __init__(self) -> None:
        self.root = etree.Element("quiz")
        self._cdata: list[str] = []
        self._names: list[tuple[str, str]] = []  # (name, question id) in document order

    def el(self, parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
        child = etree.SubElement(parent, tag)
        for key, value in attrs.items():
            child.set(key, value)
        if text is not None:
            child.text = clean(text)
        return child

    def text(self, parent: etree._Element, value: str, *, html: bool = False) -> etree._Element:
        """A ``<text>`` child; HTML goes in CDATA (Moodle reads either, CDATA keeps it readable)."""
        node = etree.SubElement(parent, "text")
        value = clean(value)
        if html and value:
            node.text = f"\x7fCK{len(self._cdata)}\x7f"  # replaced in part(); \x7f never survives clean()
            self._cdata.append(value)
        elif value:
            node.text = value
        return node

    def name(self, parent: etree._Element, text: str, question_id: str) -> None:
        """A question's name ``<text>``. Names must be unique across the whole file (or split
        folder), which a part written on its own cannot know: ``join`` settles them in order."""
        node = etree.SubElement(parent, "text")
        node.text = f"\x7fN{len(self._names)}\x7f"  # \x7f never survives clean()
        self._names.append((text, question_id))

    def to_bytes(self) -> bytes:
        """This document alone as a Moodle XML file."""
        return join([self.part()], set())

    def part(self) -> DocPart:
        """The serialised children of ``<quiz>``, CDATA in place, names still to settle."""
        raw = etree.tostring(self.root, encoding="unicode", pretty_print=True)
        if not raw.startswith("<quiz>\n"):  # no children: nothing to add
            return DocPart(b"", [])

        def cdata(m: re.Match) -> str:
            value = self._cdata[int(m.group(1))]
            return "<text><![CDATA[" + value.replace("]]>", "]]]]><![CDATA[>") + "]]></text>"

        body, n = _CDATA_TOKEN.subn(cdata, raw[len("<quiz>\n") : -len("</quiz>\n")])
        if n != len(self._cdata):  # pragma: no cover - would mean a token was altered
            raise AssertionError("CDATA placeholder lost during serialisation")
        # Kept as UTF-8 from here: a str holding one character past U+FFFF (a math letter, an
        # emoji) takes 4 bytes per character, and a 100,000-question file is held whole.
        return DocPart(body.encode("utf-8"), list(self._names))


_CDATA_TOKEN = re.compile("<text>\x7fCK([0-9]+)\x7f</text>")
_NAME_TOKEN = re.compile(b"\x7fN([0-9]+)\x7f")


@dataclass
class DocPart:
    body: bytes  # pretty-printed <question> elements, as they sit under <quiz>, in UTF-8
    names: list[tuple[str, str]]


def join(parts: list[DocPart], taken: set[str]) -> bytes:
    """One Moodle XML file of ``parts``; a question name already in ``taken`` (which grows)
    gets its question id appended, as Moodle shows names side by side in the bank."""
    out = [b'<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n']
    for part in parts:

        def name(m: re.Match, part: DocPart = part) -> bytes:
            text, question_id = part.names[int(m.group(1))]
            if text in taken:
                text = f"{text} [{question_id}]"
            taken.add(text)
            return xml_escape(clean(text)).encode("utf-8")

        out.append(_NAME_TOKEN.sub(name, part.body))
    out.append(b"</quiz>\n")
    return b"".join(out)


def file_name(asset_path: str) -> str:
    """The draft-area file name of an asset (asset paths are content-addressed, so unique)."""
    return posixpath.basename(asset_path)


def rich_text(
    doc: XmlDoc, rendered: RenderedCourse, parent: etree._Element, frag: Fragment, html: str | None = None
) -> None:
    """``<text>`` with the fragment's HTML plus one ``<file>`` per asset it shows.

    Files sit in the same element as the text that uses them: Moodle imports each text's files
    into that text's own draft area, so a ``@@PLUGINFILE@@`` link only resolves there.
    ``html`` overrides the fragment's HTML (already rewritten, e.g. with Cloze markers).
    """
    mapping = {path: PLUGINFILE + file_name(path) for path in frag.assets}
    body = html if html is not None else frag.replace_assets(mapping).html
    doc.text(parent, body, html=True)
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
