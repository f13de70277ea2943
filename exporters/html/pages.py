"""The site as pages: which pages there are, what each one shows, and what each depends on.

A full export renders every page. ``coursekit serve`` renders only the pages whose inputs
changed (coursekit.serve.site), so every input of a page must appear in ``page_inputs``:
the tests compare a live rebuild with a clean full build byte for byte.

- every page shows the sidebar (``SideLink``: each chapter's number, title, page, and its
  quizzes' ids and passing scores, for the status the browser fills in from saved results);
- ``index.html`` shows the course, and each chapter's title, summary, objectives and quiz
  titles (``ChapterLink``): a chapter body or a question edit does not change it.
- ``chapter-<id>.html`` shows its chapter and quizzes in full, the titles of its neighbours
  (the pager) and the number of chapters; links to chapter files need every chapter's page.
  Its search documents (``PageOutput.search``) come from what it shows, so they are reused
  with the page; the site's ``search-index.js`` is built from every page's documents.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from coursekit.diagnostics import Diagnostic
from coursekit.i18n import UiText, ui_text
from coursekit.render.rendered import Asset, RenderedCourse, RenderedQuiz

from .links import ChapterLinks
from .quiz_view import QuizView, quiz_view

INDEX = "index.html"


def chapter_page(chapter: Any) -> str:
    """The site path of a chapter's page (the SCORM exporter uses it too)."""
    return f"chapter-{chapter.id}.html"


@dataclass
class QuizLink:
    """What the home page shows of a quiz (its full view is built only for its own page)."""

    id: str
    title: str
    passing_score: float


@dataclass
class ChapterLink:
    number: int
    title: str
    page: str
    summary: Markup
    objectives: list[Markup]
    quizzes: list[QuizLink]


@dataclass
class SideLink:
    """A chapter in the sidebar; ``quizzes`` is ``"id:pass id:pass"`` (ids are slugs)."""

    number: int
    title: str
    page: str
    quizzes: str


@dataclass
class PageOutput:
    """One rendered page and what a rebuild needs to reuse it without rendering it again."""

    data: bytes
    assets: dict[str, Asset] = field(default_factory=dict)  # assets of fragments rendered for this page
    diagnostics: list[Diagnostic] = field(default_factory=list)  # warnings raised while rendering it
    search: list[dict[str, str]] = field(default_factory=list)  # its documents for the search index


@dataclass
class PageInputs:
    """Everything a page shows: ``values`` (JSON-able) and the quizzes it shows in full, which
    the caller fingerprints its own way (hashing whole question banks on every rebuild is slow)."""

    values: list[Any]
    quizzes: list[RenderedQuiz]


class HtmlSite:
    """The state one export shares between its pages: chapter links and the navigation. A
    chapter's quiz views are made by the page that shows them (``views``) and not kept: they hold
    every variant's markup, which for a big bank is more than the pages need at any one time."""

    def __init__(self, rendered: RenderedCourse):
        self.rendered = rendered
        course = rendered.course
        self.ui: UiText = ui_text(course)  # words and numbers in the course's language
        self.course_file = course.root / "course.yaml"
        self.links = ChapterLinks({rc.chapter.path: chapter_page(rc.chapter) for rc in rendered.chapters})
        self.nav = [
            ChapterLink(
                i + 1,
                rc.chapter.title,
                chapter_page(rc.chapter),
                Markup(self.links.fix(rc.summary.html, rc.chapter.path)),
                [Markup(self.links.fix(o.html, rc.chapter.path)) for o in rc.objectives],
                [QuizLink(rq.quiz.id, rq.quiz.title, rq.passing_score) for rq in rc.quizzes],
            )
            for i, rc in enumerate(rendered.chapters)
        ]
        self.sidebar = [
            SideLink(link.number, link.title, link.page, " ".join(f"{q.id}:{q.passing_score!r}" for q in link.quizzes))
            for link in self.nav
        ]
        self.pages = [INDEX] + [link.page for link in self.nav]
        self.chapter_of = {link.page: i for i, link in enumerate(self.nav)}
        self._shared: list[Any] | None = None

    def views(self, i: int) -> dict[str, QuizView]:
        """The quiz views of chapter ``i``, made anew on each call."""
        rc = self.rendered.chapters[i]
        return {rq.quiz.id: quiz_view(self.rendered, rq, self.links, self.ui) for rq in rc.quizzes}

    # ------------------------------------------------------------------ what depends on what
    def page_inputs(self, page: str) -> PageInputs:
        rendered = self.rendered
        course = rendered.course
        if self._shared is None:
            self._shared = [
                _course_fields(course),
                sorted((str(p), name) for p, name in self.links.pages.items()),
                [(s.number, s.title, s.page, s.quizzes) for s in self.sidebar],
                self.ui.fingerprint(),  # every page shows UI text: the catalog and ui_strings
            ]
        common = [page, *self._shared]
        if page == INDEX:
            return PageInputs(
                common
                + [rendered.description.html, rendered.prerequisites.html, [_link_values(link) for link in self.nav]],
                [],
            )
        i = self.chapter_of[page]
        rc = rendered.chapters[i]
        pager = [(link.page, link.title) if link else None for link in self._neighbours(i)]
        sims = [
            [
                e.simulation.model_dump(mode="json"),
                sorted((k, repr(v)) for k, v in e.fixed.items()),
                e.static_asset,
                e.output.manifest,
                hashlib.sha256(e.output.default_svg).hexdigest(),
                rendered.markdown(e.simulation.description, self.course_file).html,
            ]
            for e in rc.sims
        ]
        quizzes = [(rq.quiz.id, str(rq.quiz.path), rq.passing_score) for rq in rc.quizzes]
        values = common + [
            _link_values(self.nav[i]),
            len(self.nav),
            pager,
            str(rc.chapter.path),
            rc.body.html,
            [(h.level, h.id, h.text) for h in rc.toc],
            sims,
            quizzes,
        ]
        return PageInputs(values, list(rc.quizzes))

    def _neighbours(self, i: int) -> tuple[ChapterLink | None, ChapterLink | None]:
        return (self.nav[i - 1] if i > 0 else None, self.nav[i + 1] if i + 1 < len(self.nav) else None)


def _course_fields(course: Any) -> dict[str, Any]:
    return course.model_dump(mode="json", exclude={"chapters"})


def _link_values(link: ChapterLink) -> list[Any]:
    return [
        link.number,
        link.title,
        link.page,
        str(link.summary),
        [str(o) for o in link.objectives],
        [(q.id, q.title, q.passing_score) for q in link.quizzes],
    ]
