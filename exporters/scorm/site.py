"""The HTML course inside the package: built by the html exporter, with the bridge script added.

Everything the SCORM exporter assumes about the html target lives here: which artifact holds
the site, which page is the start page and which page shows each chapter. Each page gets one
extra ``<script>`` (scorm-bridge.js, before the site's own scripts) that connects its quizzes
to the launch page's runtime when, and only when, it runs inside a SCORM launch page.
"""

from __future__ import annotations

import html as html_escape
import posixpath
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from coursekit.exporters import ExportOptions
from coursekit.package import Deflated, deflated, raw
from coursekit.render.rendered import RenderedCourse

from .runtime_data import SCORM_TARGETS

# The quiz engine's scorer in the site: the launch page loads it too, so that the runtime reads a
# numeric answer exactly as the quiz scored it (scorm-interactions.js).
SCORER = "static/scoring.js"


@dataclass
class SiteFiles:
    files: dict[str, bytes]
    index: str  # start page
    pages: list[str]  # every HTML page, sorted
    chapter_pages: dict[str, str]  # chapter id -> its page


def _html_exporter(options: ExportOptions):
    from coursekit.exporters.html import EXPORTERS

    return EXPORTERS["html"](options)


def _chapter_pages(rendered: RenderedCourse, pages: list[str]) -> dict[str, str]:
    from coursekit.exporters import html as html_target

    page_of = getattr(html_target, "chapter_page", None)
    out: dict[str, str] = {}
    for rc in rendered.chapters:
        if page_of is not None:
            out[rc.chapter.id] = page_of(rc.chapter)
            continue
        # Fallback: the page whose file name ends with the chapter id.
        matches = [p for p in pages if posixpath.splitext(posixpath.basename(p))[0].endswith(rc.chapter.id)]
        out[rc.chapter.id] = min(matches, key=len) if matches else "index.html"
    return out


_HEAD_SCRIPT = re.compile(rb"<script\b|</head>", re.IGNORECASE)


def add_bridge(page: str, data: bytes) -> bytes:
    """Insert the bridge script before the page's first script (or at the end of its head)."""
    depth = page.count("/")
    src = "../" * depth + "scorm/scorm-bridge.js"
    tag = f'<script src="{html_escape.escape(src)}" data-ck-page="{html_escape.escape(page)}"></script>\n'.encode()
    m = _HEAD_SCRIPT.search(data)
    if m is None:
        return data
    return data[: m.start()] + tag + data[m.start() :]


# The site with the bridge added, as one SCORM target holds it for the other (RenderedCourse.shared).
SCORM_SITE = "scorm-site"


def site_items(rendered: RenderedCourse, options: ExportOptions) -> Iterator[tuple[str, bytes | Deflated]]:
    """The site's files with the bridge added: each page as the html exporter hands it over
    (HtmlExporter.site_stream: rendered one at a time, or as the html target held it). When the
    other SCORM target is still to come in this process, each file is deflated once (if the
    html target did not) and held so for it; that target takes them as they are."""
    held = rendered.shared.pop(SCORM_SITE, None)
    if held is not None:
        yield from held
        return
    keep = bool(rendered.coming & SCORM_TARGETS)
    kept: list[tuple[str, Deflated]] = []
    # The site's own warnings are the html target's: none are reported here.
    for path, data in _html_exporter(options).site_stream(rendered):
        if path.endswith(".html"):
            data = add_bridge(path, raw(data))
        if keep:
            data = deflated(data)
            kept.append((path, data))
        yield path, data
    if keep:
        rendered.shared[SCORM_SITE] = kept


def site_layout(rendered: RenderedCourse, names: Iterable[str], files: dict[str, bytes] | None = None) -> SiteFiles:
    """What the package needs to know of a site whose files are ``names`` (``files``: their bytes,
    when held)."""
    names = set(names)
    pages = sorted(p for p in names if p.endswith(".html"))
    index = "index.html" if "index.html" in names else pages[0]
    return SiteFiles(files if files is not None else {}, index, pages, _chapter_pages(rendered, pages))


def build_site(rendered: RenderedCourse, options: ExportOptions) -> SiteFiles:
    files = {path: raw(data) for path, data in site_items(rendered, options)}
    return site_layout(rendered, files, files)
