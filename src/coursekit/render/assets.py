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
        if not src or "://" in src or src.startswith(("/", "\\", "data:", "javascript:")) or re.match(r"^[A-Za-z]:", src):
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


_SVG_FORBIDDEN = {"script", "foreignObject", "iframe", "object", "embed", "handler"}


def clean_svg(data: bytes) -> bytes:
    """Remove script, event handlers and non-local references from an author's SVG."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_comments=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        return b'<svg xmlns="http://www.w3.org/2000/svg" role="img"/>'
    for el in list(root.iter()):
        if not isinstance(el.tag, str):
            continue
        local = etree.QName(el).localname
        if local in _SVG_FORBIDDEN:
            el.getparent().remove(el)
            continue
        for name in list(el.attrib):
            lname = etree.QName(name).localname.lower()
            value = el.attrib[name].strip().lower()
            if lname.startswith("on"):
                del el.attrib[name]
            elif lname == "href" and not value.startswith("#"):
                del el.attrib[name]
    return etree.tostring(root, encoding="utf-8", xml_declaration=False)
