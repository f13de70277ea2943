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
from typing import TYPE_CHECKING

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
    return _INVALID_XML.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


class XmlDoc:
    """One Moodle XML file under construction."""

    def __init__(self) -> None:
        self.root = etree.Element("quiz")
        self._cdata: list[str] = []

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
            node.text = f"\x7fCK{len(self._cdata)}\x7f"  # replaced in to_bytes(); \x7f never survives clean()
            self._cdata.append(value)
        elif value:
            node.text = value
        return node

    def to_bytes(self) -> bytes:
        raw = '<?xml version="1.0" encoding="UTF-8"?>\n' + etree.tostring(self.root, encoding="unicode", pretty_print=True)

        def cdata(m: re.Match) -> str:
            value = self._cdata[int(m.group(1))]
            return "<text><![CDATA[" + value.replace("]]>", "]]]]><![CDATA[>") + "]]></text>"

        out, n = re.subn("<text>\x7fCK([0-9]+)\x7f</text>", cdata, raw)
        if n != len(self._cdata):  # pragma: no cover - would mean a token was altered
            raise AssertionError("CDATA placeholder lost during serialisation")
        return out.encode("utf-8")


def file_name(asset_path: str) -> str:
    """The draft-area file name of an asset (asset paths are content-addressed, so unique)."""
    return posixpath.basename(asset_path)


def rich_text(doc: XmlDoc, rendered: "RenderedCourse", parent: etree._Element, frag: "Fragment", html: str | None = None) -> None:
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
