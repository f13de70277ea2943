"""Text and attribute values escaped as libxml2 (lxml's serialiser) escapes them.

For the writers that write XML as text instead of building lxml trees (the canvas items, the
QTI items' one parse, Moodle's ``XmlDoc``): each is held to lxml's own output byte for byte by
its tests. Characters XML cannot hold are each writer's to refuse or remove (``NOT_XML`` names them
once); these only escape.
"""

from __future__ import annotations

import re

# The characters that are no XML 1.0 Char (C0 controls but tab, line feed and CR; surrogates;
# U+FFFE, U+FFFF), as the body of a character class, for the writers' own refusals.
NOT_XML_CHARS = "\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff"
NOT_XML = re.compile(f"[{NOT_XML_CHARS}]")

TEXT_SPECIAL = re.compile(r"[&<>\r]")
ATTR_SPECIAL = re.compile(r'[&<>"\n\r\t]')


def escape_text(s: str) -> str:
    """Element text (``>`` too, as libxml2 writes it; CR as a character reference)."""
    if TEXT_SPECIAL.search(s) is None:  # most texts: nothing to escape (a search is cheaper)
        return s
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def escape_attr(s: str) -> str:
    """An attribute value between double quotes (line breaks and tabs as character references)."""
    if ATTR_SPECIAL.search(s) is None:
        return s
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    return s.replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")
