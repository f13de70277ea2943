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
    stem = _SAFE_RE.sub("-", stem.lower()).strip("-")[:40] or "file"
    return f"assets/{stem}-{hashlib.sha256(data).hexdigest()[:8]}{ext}"


class AssetSink:
    """Collects the files of one import; ``add`` returns the path a quiz file writes."""

    def __init__(self, assets: dict[str, bytes]):
        self.assets = assets

    def add(self, source_name: str, data: bytes) -> str:
        name = asset_name(source_name, data)
        self.assets[name] = data
        return "../" + name  # quiz files live in quizzes/
