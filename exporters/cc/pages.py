"""Chapter pages: one HTML document per chapter in two link flavours.

- ``pages/<chapter>.html`` is what Moodle and other LMSs read (the organization's webcontent):
  images and figures as relative URLs to ``../web_resources/...``, which Moodle's restore turns
  into files of the page (backup/cc/entity11.resource.class.php resolves each relative
  ``src``/``href`` against the page's folder).
- ``wiki_content/<chapter>.html`` is the page Canvas makes a Page of (lib/cc/importer/canvas/
  wiki_converter.rb): ``<meta name="identifier">``, links written ``$IMS-CC-FILEBASE$/...``,
  ``$WIKI_REFERENCE$/pages/<chapter>`` and ``$CANVAS_OBJECT_REFERENCE$/quizzes/<quiz>``.

Both are what an LMS page sanitiser keeps: no script, no inline SVG (figures are image files, the
interactive version a linked file), no MathML: math is TeX in ``\\(..\\)`` / ``\\[..\\]``, which
Canvas renders with MathJax and Moodle with its MathJax filter (on by default,
filter/mathjaxloader/db/install.php), whereas Moodle's HTML Purifier drops MathML elements and
would leave their bare text (lib/weblib.php purify_html has no MathML). docs/targets/cc.md has the
per-LMS table.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from markupsafe import Markup, escape

from coursekit.diagnostics import Location, display_path
from coursekit.exporters.html.links import ChapterLinks
from coursekit.i18n import resolve
from coursekit.render.sanitize import sanitize_page

from . import layout
from .sim_pages import has_controls, interactive_page

if TYPE_CHECKING:
    from coursekit.render.rendered import RenderedChapter, RenderedCourse, RenderedQuiz

_SIM_RE = re.compile(r'<div class="ck-sim" data-ck-sim="(\d+)"></div>')
_QUIZ_RE = re.compile(r'<div class="ck-quiz" data-ck-quiz="([^"]*)"></div>')
# Raw author HTML (allow_raw_html) an LMS page sanitiser would remove; sanitize_page removes it here.
_RAW_RE = re.compile(r"<(script|svg|math|iframe|object|embed|style|template|noscript|form|input)\b", re.I)

Warn = Callable[[str, str, Location, str], None]


@dataclass
class Flavour:
    """How one kind of page writes its URLs."""

    name: str
    web_url: Callable[[str], str]  # a web_resources/... path -> URL from the page
    quiz_html: Callable[[RenderedQuiz], Markup]
    links: ChapterLinks
    meta: Callable[[RenderedChapter], list[tuple[str, str]]] = lambda rc: []


@dataclass
class ChapterPages:
    standard: bytes
    wiki: bytes
    assets: list[str]  # Asset.path values the pages show, in order of first use
    interactive: dict[str, bytes] = field(default_factory=dict)  # web_resources/simulations/... -> file


def _quiz_ref(label: Markup) -> Markup:
    return Markup('<p class="ck-quiz-ref"><strong>Quiz:</strong> {}</p>').format(label)


class PageBuilder:
    def __init__(self, rendered: RenderedCourse, warn: Warn):
        self.rendered = rendered
        self.warn = warn
        chapters = rendered.chapters
        self.standard = Flavour(
            "standard",
            web_url=lambda web: layout.UP + web,
            quiz_html=lambda rq: _quiz_ref(escape(rq.quiz.title)),
            links=ChapterLinks({rc.chapter.path: f"{rc.chapter.id}.html" for rc in chapters}),
        )
        self.canvas = Flavour(
            "canvas",
            web_url=lambda web: layout.FILEBASE + web.removeprefix(layout.WEB + "/"),
            quiz_html=lambda rq: _quiz_ref(
                Markup('<a href="{}">{}</a>').format(layout.OBJECT_REF + layout.quiz_ident(rq.quiz.id), rq.quiz.title)
            ),
            links=ChapterLinks({rc.chapter.path: layout.WIKI_REF + rc.chapter.id for rc in chapters}),
            meta=lambda rc: [
                ("identifier", layout.wiki_ident(rc.chapter.id)),
                ("editing_roles", "teachers"),
                ("workflow_state", "active"),
            ],
        )

    def chapter(self, rc: RenderedChapter) -> ChapterPages:
        ch = self.rendered.chapter_body(rc, math="tex")
        self._report_raw_html(rc, ch.html)
        summary = self.rendered.markdown(rc.chapter.summary, rc.chapter.path, inline=True, math="tex")
        objectives = [
            self.rendered.markdown(o, rc.chapter.path, inline=True, math="tex") for o in rc.chapter.objectives
        ]
        assets = list(dict.fromkeys([*summary.assets, *(a for o in objectives for a in o.assets), *ch.assets]))
        interactive: dict[str, bytes] = {}
        for i, embed in enumerate(rc.sims):
            assets.append(embed.static_asset)
            if has_controls(embed):
                interactive[layout.sim_path(rc.chapter.id, i, embed.simulation.id)] = interactive_page(
                    self.rendered, embed
                )
        assets = list(dict.fromkeys(assets))
        pages = {}
        for flavour in (self.standard, self.canvas):
            head = ""
            if summary:
                head += f'<p class="ck-summary">{summary.html}</p>\n'
            if objectives:
                head += (
                    '<aside class="ck-objectives-box">\n<h2>Learning objectives</h2>\n<ul>\n'
                    + "".join(f"<li>{o.html}</li>\n" for o in objectives)
                    + "</ul>\n</aside>\n"
                )
            body = self._body(rc, ch.html, flavour, interactive)
            html = head + body
            for path in assets:
                url = escape(flavour.web_url(layout.web_path(path)))
                html = html.replace(f'src="{path}"', f'src="{url}"').replace(f'href="{path}"', f'href="{url}"')
            pages[flavour.name] = _document(
                self.rendered.course.language, rc.chapter.title, sanitize_page(html), flavour.meta(rc)
            )
        return ChapterPages(pages["standard"], pages["canvas"], assets, interactive)

    def _body(self, rc: RenderedChapter, html: str, flavour: Flavour, interactive: dict[str, bytes]) -> str:
        by_id = {rq.quiz.id: rq for rq in rc.quizzes}
        placed: set[str] = set()

        def figure(m: re.Match) -> str:
            i = int(m.group(1))
            if i >= len(rc.sims):
                return ""
            embed = rc.sims[i]
            sim = embed.simulation
            alt = self.rendered.markdown(sim.description, self.rendered.course.root / "course.yaml").text
            img = Markup('<img src="{}" alt="{}">').format(flavour.web_url(layout.web_path(embed.static_asset)), alt)
            caption = escape(sim.title)
            web = layout.sim_path(rc.chapter.id, i, sim.id)
            if web in interactive:
                caption += Markup(' &ndash; <a href="{}">Open the interactive version</a>').format(flavour.web_url(web))
            return str(
                Markup('<figure class="ck-sim-static">{}<figcaption>{}</figcaption></figure>').format(img, caption)
            )

        def quiz(m: re.Match) -> str:
            rq = by_id.get(m.group(1))
            if rq is None or rq.quiz.id in placed:
                return ""
            placed.add(rq.quiz.id)
            return str(flavour.quiz_html(rq))

        body = _QUIZ_RE.sub(quiz, _SIM_RE.sub(figure, flavour.links.fix(html, rc.chapter.path)))
        rest = "".join(str(flavour.quiz_html(rq)) + "\n" for rq in rc.quizzes if rq.quiz.id not in placed)
        return body + ("\n" + rest if rest else "")

    def _report_raw_html(self, rc: RenderedChapter, html: str) -> None:
        """Raw HTML (allow_raw_html) that no LMS page keeps: removed here, and said so."""
        if not self.rendered.course.allow_raw_html:
            return
        tags = sorted({m.group(1).lower() for m in _RAW_RE.finditer(html)})
        if not tags:
            return
        ch = rc.chapter
        line = ch.body_line
        for n, text in enumerate(ch.body.splitlines()):
            if _RAW_RE.search(text):
                line = ch.body_line + n
                break
        self.warn(
            "CK729",
            f"chapter '{ch.id}': raw HTML {', '.join(f'<{t}>' for t in tags)} removed from its LMS page "
            "(LMS page sanitisers remove it too)",
            Location(display_path(ch.path), line, 1),
            "use Markdown, images and simulations instead of raw HTML for the cc target",
        )


def _document(language: str, title: str, body: str, meta: list[tuple[str, str]]) -> bytes:
    """An HTML5 document; ``<body>`` without attributes (Canvas strips exactly ``<body>``)."""
    head = [Markup('<meta charset="utf-8">'), Markup("<title>{}</title>").format(title)]
    head += [Markup('<meta name="{}" content="{}">').format(k, v) for k, v in meta]
    direction = Markup(' dir="rtl"') if resolve(language).direction == "rtl" else ""
    text = Markup('<!DOCTYPE html>\n<html lang="{}"{}>\n<head>\n{}\n</head>\n<body>\n{}\n</body>\n</html>\n').format(
        language, direction, Markup("\n").join(head), Markup(body.strip())
    )
    return str(text).encode("utf-8")
