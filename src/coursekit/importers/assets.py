"""Files the imported questions show, stored content-addressed under ``assets/``."""

from __future__ import annotations

import hashlib
import posixpath
import re
from urllib.parse import unquote

_SAFE_RE = re.compile(r"[^a-z0-9]+")
KNOWN_EXT = {".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".bmp", ".pdf", ".mp3", ".mp4", ".txt", ".csv"}


def asset_name(source_name: str, data: bytes) -> str:
    """``assets/<stem>-<sha8><ext>``: a safe name that never collides, the same for the same bytes."""
    base = posixpath.basename(unquote(source_name).replace("\\", "/"))
    stem, ext = posixpath.splitext(base)
    ext = ext.lower() if ext.lower() in KNOWN_EXT else ".bin"
    digest = hashlib.sha256(data).hexdigest()[:8]
    stem = _SAFE_RE.sub("-", stem.lower()).strip("-").removesuffix(f"-{digest}")[:40] or "file"
    return f"assets/{stem}-{digest}{ext}"  # coursekit's own exports already end in the same hash


def unsafe_svg(data: bytes) -> bool:
    """An SVG coursekit would refuse to read (entities, external DTD, not an <svg>): the same
    check validate runs (render.assets.parse_svg), so an import never writes what validate refuses."""
    from lxml import etree

    from ..render.assets import parse_svg

    try:
        parse_svg(data)
    except (etree.XMLSyntaxError, ValueError):
        return True
    return False


class AssetSink:
    """Collects the files of one import; ``add`` returns the path a quiz file writes (None for
    an SVG that is not safe to read: the caller keeps the alt text and warns)."""

    def __init__(self, assets: dict[str, bytes]):
        self.assets = assets

    def add(self, source_name: str, data: bytes) -> str | None:
        if source_name.lower().endswith(".svg") and unsafe_svg(data):
            return None
        name = asset_name(source_name, data)
        self.assets[name] = data
        return "../" + name  # quiz files live in quizzes/
