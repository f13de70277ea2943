"""The ``html`` target: a self-contained static site (folder + zip) of the rendered course.

Site layout::

    index.html                   home: title, description, prerequisites, chapter list
    chapter-<chapter-id>.html    one page per chapter (flat, so relative URLs stay simple)
    static/site.css, scoring.js, answers.js, quiz.js, sim.js, icon.svg
    assets/...                   images and static simulation figures (RenderedCourse.assets)

No page requests anything outside the site: no CDN, no web fonts, frames of simulations and
quiz data are inside the pages.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from importlib import resources
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from coursekit.diagnostics import Location, display_path
from coursekit.exporters import Artifact, Exporter
from coursekit.render.rendered import Heading, RenderedChapter, RenderedCourse

from .links import ChapterLinks
from .quiz_view import QuizView, quiz_view
from .sim_widget import SimFrames, sim_widget

STATIC_FILES = ("site.css", "scoring.js", "answers.js", "quiz.js", "sim.js", "icon.svg")
_SIM_RE = re.compile(r'<div class="ck-sim" data-ck-sim="(\d+)"></div>')
_SCROLLABLE_RE = re.compile(r'<(pre|table|div class="ck-math")(?=[\s>])(?![^>]*\btabindex=)')
_QUIZ_RE = re.compile(r'<div class="ck-quiz" data-ck-quiz="([^"]*)"></div>')


def chapter_page(chapter: Any) -> str:
    """The site path of a chapter's page (the SCORM exporter uses it too)."""
    return f"chapter-{chapter.id}.html"


def _static(name: str) -> bytes:
    return resources.files(__package__).joinpath("static", name).read_bytes()


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


@dataclass
class ChapterLink:
    number: int
    title: str
    page: str
    summary: Markup
    objectives: list[Markup]
    quizzes: list[QuizView]


@functools.lru_cache(maxsize=1)
def _environment() -> Environment:
    """One template environment per process: compiling the templates took most of an
    export's time when every exporter (HTML, and the site inside each SCORM) made its own."""
    return Environment(
        loader=FileSystemLoader(str(resources.files(__package__).joinpath("templates"))),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


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
        macros = self.env.get_template("quiz.html.j2").module
        placed: set[str] = set()

        def sim(m: re.Match) -> str:
            i = int(m.group(1))
            return str(sim_widget(rendered, rc.sims[i], f"ck-sim-{i}", frames)) if i < len(rc.sims) else ""

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
        html = self.env.get_template(template).render(**context)
        # A code block, table or display formula wider than the page scrolls (on phones); keyboard users
        # must be able to reach it to scroll it (WCAG 2.1.1, axe scrollable-region-focusable).
        html = _SCROLLABLE_RE.sub(r'<\1 tabindex="0"', html)
        return html.encode("utf-8")

    def export(self, rendered: RenderedCourse) -> list[Artifact]:
        course = rendered.course
        files: dict[str, bytes] = {}
        self.links = links = ChapterLinks({rc.chapter.path: chapter_page(rc.chapter) for rc in rendered.chapters})
        course_file = course.root / "course.yaml"
        views: list[dict[str, QuizView]] = []
        for rc in rendered.chapters:
            views.append({rq.quiz.id: quiz_view(rendered, rq, links) for rq in rc.quizzes})
        nav = [
            ChapterLink(
                i + 1,
                rc.chapter.title,
                chapter_page(rc.chapter),
                Markup(links.fix(rc.summary.html, rc.chapter.path)),
                [Markup(links.fix(o.html, rc.chapter.path)) for o in rc.objectives],
                list(views[i].values()),
            )
            for i, rc in enumerate(rendered.chapters)
        ]
        macros = self.env.get_template("quiz.html.j2").module
        base = {"course": course, "quiz_macros": macros}
        all_quizzes = {qz.id: {"title": qz.title, "pass": qz.passing_score} for link in nav for qz in link.quizzes}
        files["index.html"] = self._render(
            "index.html.j2",
            **base,
            data=json_for_script({"course": course.id, "quizzes": {}, "progress": all_quizzes}),
            has_sims=False,
            description=Markup(links.fix(rendered.description.html, course_file)),
            prerequisites=Markup(links.fix(rendered.prerequisites.html, course_file)),
            chapters=nav,
        )
        for i, rc in enumerate(rendered.chapters):
            frames = SimFrames()
            body, end_quizzes = self._chapter_body(rendered, rc, views[i], frames)
            body = Markup(body + frames.templates())
            data = {"course": course.id, "quizzes": {qid: qz.spec for qid, qz in views[i].items()}}
            files[nav[i].page] = self._render(
                "chapter.html.j2",
                **base,
                data=json_for_script(data),
                has_sims=bool(rc.sims),
                chapter=nav[i],
                chapter_count=len(nav),
                toc=toc_html(rc.toc, end_quizzes),
                body=body,
                end_quizzes=end_quizzes,
                prev=nav[i - 1] if i > 0 else None,
                next=nav[i + 1] if i + 1 < len(nav) else None,
            )
        for base_file, target in sorted(set(links.unresolved)):
            self.warn(
                "CK701",
                f"link to {target!r} names a Markdown file that is not a chapter of the course",
                Location(display_path(base_file), 1, 1),
                "link to a chapter's file (e.g. 02-next.md) or to a web address",
            )
        for name in STATIC_FILES:
            files[f"static/{name}"] = _static(name)
        for path, asset in sorted(rendered.assets.items()):
            files[path] = asset.data
        return [
            Artifact("html", "dir", files),
            Artifact(f"{course.id}-html.zip", "zip", files),
        ]
