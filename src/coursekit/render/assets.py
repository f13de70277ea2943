"""The asset table: files referenced from Markdown, copied into every package.

Assets get content-addressed names (``assets/<stem>-<hash8><ext>``) so two files with the
same name in different folders never clash and identical files are shipped once. SVG files
from authors are cleaned of scripts and event handlers before they are shipped.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from lxml import etree

from .rendered import Asset
from .sanitize import URL_NOISE_RE, unsafe_url

MEDIA_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".svg": "image/svg+xml",
    ".webp": "image/webp",
}
_SAFE_STEM_RE = re.compile(r"[^a-z0-9-]+")


class AssetStore(dict):
    """``dict[path, Asset]`` plus the logic to add files and generated SVGs."""

    def __init__(self, course_root: Path):
        super().__init__()
        self.root = course_root.resolve()
        self._by_source: dict[Path, Asset] = {}

    def add_file(self, src: str, base: Path) -> Asset | None:
        """Add a file named in Markdown relative to ``base``; None if it is not a local file
        inside the course (the loader reports why)."""
        if (
            not src
            or "://" in src
            or src.startswith(("/", "\\", "data:", "javascript:"))
            or re.match(r"^[A-Za-z]:", src)
        ):
            return None
        path = (base.parent / src.split("#", 1)[0].split("?", 1)[0]).resolve()
        try:
            path.relative_to(self.root)
        except ValueError:
            return None
        if path in self._by_source:
            return self._by_source[path]
        if not path.is_file() or path.suffix.lower() not in MEDIA_TYPES:
            return None
        data = path.read_bytes()
        if path.suffix.lower() == ".svg":
            data = clean_svg(data)
        asset = self.add_bytes(path.stem, path.suffix.lower(), data)
        self._by_source[path] = asset
        return asset

    def add_bytes(self, stem: str, ext: str, data: bytes) -> Asset:
        digest = hashlib.sha256(data).hexdigest()[:8]
        safe = _SAFE_STEM_RE.sub("-", stem.lower()).strip("-")[:40] or "asset"
        path = f"assets/{safe}-{digest}{ext}"
        asset = self.get(path) or Asset(path, data, MEDIA_TYPES.get(ext, "application/octet-stream"))
        self[path] = asset
        return asset


SVG_NS = "http://www.w3.org/2000/svg"
_XLINK_NS = "http://www.w3.org/1999/xlink"
_SVG_FORBIDDEN = {"script", "foreignObject", "iframe", "object", "embed", "handler", "listener", "include"}
_SVG_ANIMATIONS = {"set", "animate", "animateMotion", "animateTransform", "animateColor", "discard"}
# Author SVGs may only use the SVG and XLink namespaces for elements; XHTML elements (which
# would run scripts, frames or meta refreshes when the file is opened on its own) and
# editor metadata (Inkscape, Illustrator, RDF) are dropped.
_SVG_ELEMENT_NS = {SVG_NS}
_CSS_URL_RE = re.compile(r"url\(\s*['\"]?\s*([^)'\"]*)", re.I)
_CSS_BAD_RE = re.compile(r"@import|expression\s*\(|javascript:|-moz-binding|behavior\s*:", re.I)
EMPTY_SVG = b'<svg xmlns="http://www.w3.org/2000/svg" role="img"/>'


def svg_parser() -> etree.XMLParser:
    """The one parser for author SVGs: no network, no external entities or DTDs, internal
    entities expanded under libxml2's amplification limit (a "billion laughs" file fails)."""
    return etree.XMLParser(
        resolve_entities="internal",
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


def parse_svg(data: bytes):
    """The root element of an author SVG; raises ``etree.XMLSyntaxError`` (with line and
    column) when it is not well-formed, uses an undefined or external entity or expands
    too far, and ``ValueError`` when the root is not an SVG ``<svg>`` element."""
    root = etree.fromstring(data, svg_parser())
    if root.tag != f"{{{SVG_NS}}}svg":
        found = etree.QName(root).localname if isinstance(root.tag, str) else "?"
        err = ValueError(f"the root element is <{found}>, not an SVG <svg>")
        err.line = root.sourceline or 1  # type: ignore[attr-defined]
        raise err
    return root


def _unsafe_css(text: str) -> bool:
    """CSS that loads something from elsewhere or runs code (only ``url(#local)`` is kept)."""
    if _CSS_BAD_RE.search(URL_NOISE_RE.sub("", text)):
        return True
    return any(not m.group(1).strip().startswith("#") for m in _CSS_URL_RE.finditer(text))


def _unsafe_url(value: str) -> bool:
    # Stricter than sanitize.unsafe_url: any javascript: inside an SVG attribute value.
    return unsafe_url(value) or "javascript:" in URL_NOISE_RE.sub("", value).lower()


def clean_svg(data: bytes) -> bytes:
    """Remove scripts, event handlers, animations of links or handlers, foreign (XHTML)
    elements and non-local references (links, CSS ``url()``/``@import``) from an author's SVG.

    Entities are never fetched; a file that cannot be read safely becomes an empty SVG (the
    loader reports it, with its line and column, before any build gets here)."""
    try:
        root = parse_svg(data)
    except (etree.XMLSyntaxError, ValueError):
        return EMPTY_SVG
    for el in list(root.iter()):
        if el is not root and el.getparent() is None:
            continue  # inside a subtree already removed
        if not isinstance(el.tag, str):  # comments, PIs, entity references left over
            _remove(el)
            continue
        qn = etree.QName(el)
        if el is not root and (qn.namespace not in _SVG_ELEMENT_NS or qn.localname in _SVG_FORBIDDEN):
            _remove(el)
            continue
        if qn.localname in _SVG_ANIMATIONS:
            target = (el.get("attributeName") or "").strip().lower()
            if target.startswith("on") or target.endswith("href") or any(_unsafe_url(v) for v in el.attrib.values()):
                _remove(el)
                continue
        if qn.localname == "style" and el.text and _unsafe_css(el.text):
            _remove(el)
            continue
        for name in list(el.attrib):
            aq = etree.QName(name)
            lname = aq.localname.lower()
            value = el.attrib[name]
            if aq.namespace not in (None, _XLINK_NS, "http://www.w3.org/XML/1998/namespace"):
                del el.attrib[name]
            elif lname.startswith("on"):
                del el.attrib[name]
            elif lname in ("href", "src") and not value.strip().startswith("#"):
                del el.attrib[name]
            elif _unsafe_url(value) or ((lname == "style" or "url(" in value.lower()) and _unsafe_css(value)):
                del el.attrib[name]  # style="...url(http://...)", fill="url(http://...)" and the like
    return etree.tostring(root, encoding="utf-8", xml_declaration=False)


def _remove(el) -> None:
    """Remove an element but keep its tail text in place."""
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)
