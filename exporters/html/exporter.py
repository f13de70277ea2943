"""The ``html`` target: a self-contained static site (folder + zip) of the rendered course.

Site layout::

    index.html                   home: title, description, prerequisites, chapter list
    chapter-<chapter-id>.html    one page per chapter (flat, so relative URLs stay simple)
    search-index.js              the search index, built at build time (search.py)
    static/site.css, code.css, theme.js, site.js, scoring.js, answers.js, quiz.js, sim.js, icon.svg
    static/minisearch.js         the search library (vendored, MIT; its licence beside it)
    assets/...                   images and static simulation figures (RenderedCourse.assets)

No page requests anything outside the site: no CDN, no remote fonts (the math font ships in
static/ when a page has a formula), frames of simulations and quiz data are inside the pages.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable, Iterator
from importlib import resources
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from coursekit.exporters import Artifact, Exporter, require_unique
from coursekit.i18n.jinja import template_functions
from coursekit.package import Deflated, deflated
from coursekit.render.code import code_css
from coursekit.render.rendered import Heading, RenderedChapter, RenderedCourse

from . import search
from .pages import INDEX, HtmlSite, PageOutput, SideLink
from .quiz_view import QuizView
from .sim_widget import SimFrames, sim_widget

STATIC_FILES = (
    "site.css",
    "math.css",
    "theme.js",
    "site.js",
    "scoring.js",
    "answers.js",
    "quiz.js",
    "sim.js",
    "icon.svg",
)
# Vendored in coursekit.vendor (see its README): the search library and its licence.
VENDOR_FILES = {"minisearch.js": "minisearch.js", "minisearch.LICENSE.txt": "minisearch.LICENSE.txt"}
SEARCH_INDEX = "search-index.js"
CHAPTER_TITLE_ID = "ck-chapter-title"  # the h1 of a chapter page: where a search hit on its intro lands
# Shipped when some page holds a formula (math.css's @font-face points at the font; a browser
# fetches it only for <math> text). The licence travels with the font, as the OFL asks.
MATH_FONT_FILES = ("STIXTwoMath-Regular.woff2", "STIXTwoMath-OFL.txt")
_SIM_RE = re.compile(r'<div class="ck-sim" data-ck-sim="(\d+)"></div>')
_SCROLLABLE_RE = re.compile(r'<(pre|table|div class="ck-math(?: ck-numbered)?")(?=[\s>])(?![^>]*\btabindex=)')
_QUIZ_RE = re.compile(r'<div class="ck-quiz" data-ck-quiz="([^"]*)"></div>')


def _static(name: str) -> bytes:
    return resources.files(__package__).joinpath("static", name).read_bytes()


def _vendor(name: str) -> bytes:
    return resources.files("coursekit.vendor").joinpath(name).read_bytes()


def json_for_script(data: Any) -> Markup:
    """JSON safe inside <script type="application/json">: no '<', '>' or '&' characters."""
    text = json.dumps(data, ensure_ascii=True, sort_keys=True, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def toc_html(headings: list[Heading], quizzes: list[QuizView]) -> Markup:
    """Nested list of the chapter's h2/h3 headings, then its end-of-chapter quizzes."""
    items: list[tuple[int, str, str]] = [(h.level, h.id, h.text) for h in headings if h.level in (2, 3)]
    items += [(2, qz.anchor, qz.title) for qz in quizzes]
    if not items:
        return Markup("")
    out, depth = [Markup("<ul>")], 1
    top = min(level for level, _, _ in items)
    opened = False
    for level, anchor, text in items:
        want = 2 if level > top else 1
        if want > depth:
            out.append(Markup("<ul>"))
            depth = 2
        elif want < depth:
            out.append(Markup("</li></ul></li>"))
            depth = 1
        elif opened:
            out.append(Markup("</li>"))
        out.append(Markup('<li><a href="#{}">{}</a>').format(anchor, text))
        opened = True
    out.append(Markup("</li>" + "</ul></li>" * (depth - 1) + "</ul>"))
    return Markup("").join(out)


@functools.lru_cache(maxsize=1)
def _environment() -> Environment:
    """One template environment per process: compiling the templates took most of an
    export's time when every exporter (HTML, and the site inside each SCORM) made its own."""
    env = Environment(
        loader=FileSystemLoader(str(resources.files(__package__).joinpath("templates"))),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.i18n"],
    )
    # gettext/ngettext come with each render (coursekit.i18n.jinja), in Jinja's new style:
    # values are keyword arguments, formatted after translation.
    env.newstyle_gettext = True  # type: ignore[attr-defined]
    return env


class Sidebar:
    """The sidebar's list of chapters, rendered once per export: every page shows it whole, the
    page's own chapter marked current. Each item is rendered both ways once; a page's list is the
    unmarked list with its chapter's item swapped in (``for_page``), which is what rendering the
    whole list per page gave, at the cost of a copy instead of a template loop per chapter."""

    def __init__(self, item: Any, links: list[SideLink]):
        plain = [str(item(ch, False)) for ch in links]
        self._current = {ch.page: (i, str(item(ch, True))) for i, ch in enumerate(links)}
        self._plain = "".join(plain)
        self._starts = [0]
        for text in plain:
            self._starts.append(self._starts[-1] + len(text))

    def for_page(self, page: str) -> Markup:
        """The list as ``page`` shows it (a page that is no chapter's, the home page, marks none)."""
        if page not in self._current:
            return Markup(self._plain)
        i, current = self._current[page]
        return Markup(self._plain[: self._starts[i]] + current + self._plain[self._starts[i + 1] :])


# The targets that ship the HTML site too (inside their packages), and the key under which the
# html target holds its files for them in RenderedCourse.shared.
SITE_TAKERS = frozenset({"scorm12", "scorm2004"})
SITE_FILES = "html-site"


class HtmlExporter(Exporter):
    name = "html"

    def __init__(self, options=None):
        super().__init__(options)
        self.env = _environment()

    # ------------------------------------------------------------------ pages
    def _chapter_body(
        self, rendered: RenderedCourse, rc: RenderedChapter, quizzes: dict[str, QuizView], frames: SimFrames
    ) -> tuple[Markup, list[QuizView]]:
        """The body with simulations and inline quizzes in place; returns the quizzes left for the end."""
        macros = self._quiz_macros
        placed: set[str] = set()

        def sim(m: re.Match) -> str:
            i = int(m.group(1))
            if i >= len(rc.sims):
                return ""
            return str(sim_widget(rendered, rc.sims[i], f"ck-sim-{i}", frames, self._ui))

        def quiz(m: re.Match) -> str:
            qid = m.group(1)
            if qid not in quizzes or qid in placed:
                return ""
            placed.add(qid)
            return str(macros.quiz(quizzes[qid]))

        body = _QUIZ_RE.sub(quiz, _SIM_RE.sub(sim, self.links.fix(rc.body.html, rc.chapter.path)))
        rest = [qz for qid, qz in quizzes.items() if qid not in placed]
        return Markup(body), rest

    def _render(self, template: str, **context: Any) -> bytes:
        html = self.env.get_template(template).render(**context, **self._i18n)
        # A code block, table or display formula wider than the page scrolls (on phones); keyboard users
        # must be able to reach it to scroll it (WCAG 2.1.1, axe scrollable-region-focusable).
        html = _SCROLLABLE_RE.sub(r'<\1 tabindex="0"', html)
        return html.encode("utf-8")

    def site(self, rendered: RenderedCourse) -> HtmlSite:
        """What the pages of one export share (coursekit serve keeps none of it between rebuilds)."""
        site = HtmlSite(rendered)
        self.links = site.links
        self._ui = site.ui
        self._i18n = template_functions(site.ui)
        # The quiz macros see the course's gettext: a module made with it, once per export.
        self._quiz_macros = self.env.get_template("quiz.html.j2").make_module(self._i18n)
        browser = site.ui.browser_data()
        self._l10n = json_for_script(browser) if browser is not None else None
        course = rendered.course
        # Pages key their quizzes' data and saved progress by quiz id.
        require_unique(self.name, "quiz id", (rq.quiz.id for rq in rendered.quizzes), course.loc)
        require_unique(self.name, "page", site.pages, course.loc)
        # After the check above: each chapter's page is its own.
        self._sidebar = Sidebar(self.env.get_template("sidebar.html.j2").make_module(self._i18n).item, site.sidebar)
        return site

    def render_page(self, site: HtmlSite, page: str) -> PageOutput:
        """One page of ``site.pages``, with what it used (assets, warnings)."""
        rendered = site.rendered
        warned = len(self.diagnostics)
        rendered.asset_log = used = set()
        docs: list[dict[str, str]] = []
        try:
            if page == INDEX:
                data = self._index_page(site)
            else:
                i = site.chapter_of[page]
                views = site.views(i)  # made for this page alone, dropped with it
                data = self._chapter_page(site, i, views)
                docs = self._search_docs(site, i, views)
        finally:
            rendered.asset_log = None
        return PageOutput(
            data,
            {path: rendered.assets[path] for path in sorted(used) if path in rendered.assets},
            self.diagnostics[warned:],
            docs,
        )

    def _search_docs(self, site: HtmlSite, i: int, views: dict[str, QuizView]) -> list[dict[str, str]]:
        """The page's search documents: its sections (each linking to its heading) and quizzes."""
        rendered, link = site.rendered, site.nav[i]
        rc = rendered.chapters[i]
        intro = " ".join([rc.summary.text] + [o.text for o in rc.objectives])
        docs = []
        for anchor, title, text in search.chapter_sections(rc.body.html, link.title, CHAPTER_TITLE_ID):
            if anchor == CHAPTER_TITLE_ID:
                text = f"{intro} {text}".strip()
            docs.append(search.document(f"{link.page}#{anchor}", title, link.title, text))
        for qid, view in views.items():
            rq = next(q for q in rc.quizzes if q.quiz.id == qid)
            prompts = [rendered.quiz_md(rq, getattr(slot.variants[0], "prompt", None)).text for slot in rq.slots]
            docs.append(search.document(f"{link.page}#{view.anchor}-title", view.title, link.title, " ".join(prompts)))
        return docs

    def _index_page(self, site: HtmlSite) -> bytes:
        rendered, links = site.rendered, site.links
        course = rendered.course
        all_quizzes = {qz.id: {"title": qz.title, "pass": qz.passing_score} for link in site.nav for qz in link.quizzes}
        return self._render(
            "index.html.j2",
            sidebar=self._sidebar.for_page(INDEX),
            course=course,
            quiz_macros=self._quiz_macros,
            data=json_for_script({"course": course.id, "quizzes": {}, "progress": all_quizzes}),
            l10n=self._l10n,
            has_sims=False,
            description=Markup(links.fix(rendered.description.html, site.course_file)),
            prerequisites=Markup(links.fix(rendered.prerequisites.html, site.course_file)),
            chapters=site.nav,
        )

    def _chapter_page(self, site: HtmlSite, i: int, views: dict[str, QuizView]) -> bytes:
        rendered, nav = site.rendered, site.nav
        rc = rendered.chapters[i]
        frames = SimFrames()
        body, end_quizzes = self._chapter_body(rendered, rc, views, frames)
        body = Markup(body + frames.templates())
        data = {"course": rendered.course.id, "quizzes": {qid: qz.spec for qid, qz in views.items()}}
        return self._render(
            "chapter.html.j2",
            sidebar=self._sidebar.for_page(nav[i].page),
            course=rendered.course,
            quiz_macros=self._quiz_macros,
            data=json_for_script(data),
            l10n=self._l10n,
            has_sims=bool(rc.sims),
            chapter=nav[i],
            chapter_count=len(nav),
            toc=toc_html(rc.toc, end_quizzes),
            body=body,
            end_quizzes=end_quizzes,
            prev=nav[i - 1] if i > 0 else None,
            next=nav[i + 1] if i + 1 < len(nav) else None,
        )

    def site_files(self, site: HtmlSite, pages: dict[str, PageOutput]) -> dict[str, bytes]:
        """The site folder: the pages, the static files and every asset. (A link to a Markdown file
        that is no chapter is left as written; validate reports it at the link, CK701.)"""
        return dict(self.site_items(site, pages.items()))

    def site_items(self, site: HtmlSite, pages: Iterable[tuple[str, PageOutput]]) -> Iterator[tuple[str, bytes]]:
        """``site_files`` a file at a time, taking the pages (in ``site.pages`` order) as they come,
        so that an export can hand each page over and let it go before the next is rendered. What
        comes after the pages needs them all (the search index, whether one holds a formula, the
        assets they used, read once all are rendered as the pages may add some)."""
        page_assets, docs, math = [], [], False
        for page, out in pages:
            page_assets.append(out.assets)
            docs.extend(out.search)
            math = math or b"<math" in out.data
            yield page, out.data
        for name in STATIC_FILES:
            yield f"static/{name}", _static(name)
        yield "static/code.css", code_css()
        for name, source in VENDOR_FILES.items():
            yield f"static/{name}", _vendor(source)
        yield SEARCH_INDEX, search.index_script(docs)
        if math:
            for name in MATH_FONT_FILES:
                yield f"static/{name}", _static(name)
        assets = dict(site.rendered.assets)
        for used in page_assets:
            assets.update(used)
        for path, asset in sorted(assets.items()):
            yield path, asset.data

    def site_stream(self, rendered: RenderedCourse) -> Iterable[tuple[str, bytes | Deflated]]:
        """The site's files, each page as soon as it is rendered (so that an export can hand it
        over and let it go before the next); or, when the html target ran before in this process
        and held the site for a target to come (``export``), its files as held, deflated."""
        held = rendered.shared.pop(SITE_FILES, None)
        if held is not None:
            files, diagnostics = held
            self.diagnostics.extend(diagnostics)
            return files
        site = self.site(rendered)
        return self.site_items(site, ((page, self.render_page(site, page)) for page in site.pages))

    def export(self, rendered: RenderedCourse) -> list[Artifact]:
        folder = self.output("html", "dir")
        zipped = self.output(f"{rendered.course.id}-html.zip", "zip")
        # A SCORM package still to come in this process ships the site too: each file is deflated
        # once, for this zip and that package, and held so (a fraction of its size) until it runs.
        keep = bool(rendered.coming & SITE_TAKERS)
        kept: list[tuple[str, Deflated]] = []
        for path, data in self.site_stream(rendered):
            folder.add(path, data)
            if keep:
                data = deflated(data)
                kept.append((path, data))
            zipped.add(path, data)
        if keep:
            rendered.shared[SITE_FILES] = (kept, list(self.diagnostics))
        return [folder.close(), zipped.close()]
