"""The typed value the render stage hands to every exporter.

Exporters never parse Markdown or run numpy: everything they show comes from here.
Every Markdown field is rendered on demand (and memoised) through ``RenderedCourse.markdown``
so an exporter can ask for the math flavour it needs (MathML, or TeX for Moodle).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from ..model import Chapter, Course, QuestionBase, Quiz, Simulation

MathMode = Literal["mathml", "tex"]


@dataclass(frozen=True)
class Asset:
    """A file shipped in every package that references it."""

    path: str  # package-relative POSIX path, always under "assets/", e.g. "assets/diagram-1a2b3c4d.png"
    data: bytes
    media_type: str  # "image/png", "image/svg+xml", ...


@dataclass(frozen=True)
class Fragment:
    """One rendered Markdown field.

    ``html`` is an HTML5 fragment and ``xhtml`` the same content as well-formed XML (void
    elements closed, MathML in its namespace) for XML targets. Both are sanitised. Images
    point at ``assets/...`` relative to the package root; use ``with_asset_prefix`` when a
    page lives elsewhere.
    """

    html: str
    xhtml: str
    text: str  # plain text: tags dropped, math as its TeX source
    assets: tuple[str, ...] = ()  # Asset.path values referenced by this fragment

    def with_asset_prefix(self, prefix: str) -> Fragment:
        """Rewrite ``src="assets/`` / ``href="assets/`` to ``prefix + "assets/``."""

        def fix(s: str) -> str:
            return s.replace('src="assets/', f'src="{prefix}assets/').replace('href="assets/', f'href="{prefix}assets/')

        return Fragment(fix(self.html), fix(self.xhtml), self.text, self.assets)

    def replace_assets(self, mapping: dict[str, str]) -> Fragment:
        """Replace each referenced asset path with another URL (e.g. ``@@PLUGINFILE@@/x.png``)."""
        html, xhtml = self.html, self.xhtml
        for path, url in mapping.items():
            for attr in ("src", "href"):
                html = html.replace(f'{attr}="{path}"', f'{attr}="{url}"')
                xhtml = xhtml.replace(f'{attr}="{path}"', f'{attr}="{url}"')
        return Fragment(html, xhtml, self.text, self.assets)

    def __bool__(self) -> bool:
        return bool(self.html.strip())


EMPTY = Fragment("", "", "", ())


@dataclass
class SimEmbed:
    """A ``:::{simulation}`` directive in a chapter body.

    The chapter body holds ``<div class="ck-sim" data-ck-sim="N"></div>`` at its place (N is the
    index in ``RenderedChapter.sims``); the HTML/SCORM exporters replace it with the
    interactive widget built from ``output`` (frames + manifest). Static targets use
    ``static_asset``.
    """

    simulation: Simulation
    fixed: dict[str, Any]
    output: Any  # coursekit.render.simulate.SimulationOutput (frames, manifest, default_svg)
    static_asset: str  # Asset.path of the SVG at defaults merged with fixed


@dataclass
class Heading:
    level: int
    id: str
    text: str


@dataclass
class QuestionSlot:
    """One authored question; ``variants`` holds the concrete questions to deliver.

    Without ``variants`` in the source, ``variants == [source]``. With them, each variant is a
    fully validated question of the same type whose id is ``<id>-v<i>`` (1-based); exporters
    deliver exactly one variant per attempt (a group / category / section selecting 1).
    """

    source: QuestionBase
    variants: list[QuestionBase]

    @property
    def is_parametric(self) -> bool:
        return self.source.variants is not None


@dataclass
class RenderedQuiz:
    quiz: Quiz
    chapter: Chapter
    slots: list[QuestionSlot]
    passing_score: float  # the quiz's own, else the course's


@dataclass
class RenderedChapter:
    chapter: Chapter
    body: Fragment  # simulation placeholders inside, see SimEmbed; inline quizzes see quiz_placeholders
    toc: list[Heading]
    sims: list[SimEmbed]
    quizzes: list[RenderedQuiz]  # front-matter quiz (end of chapter) and inline quizzes
    # Inline ``:::{quiz}`` directives leave ``<div class="ck-quiz" data-ck-quiz="QUIZ_ID"></div>``.
    summary: Fragment = EMPTY
    objectives: list[Fragment] = field(default_factory=list)


@dataclass
class RenderedCourse:
    course: Course
    renderer: Any  # coursekit.render.markdown.MarkdownRenderer
    chapters: list[RenderedChapter]
    assets: dict[str, Asset]  # every asset any fragment references, by Asset.path
    description: Fragment = EMPTY
    prerequisites: Fragment = EMPTY
    warnings: list[Any] = field(default_factory=list)  # Diagnostics found while rendering (CK512)
    _bodies: dict[tuple[str, str], Fragment] = field(default_factory=dict, repr=False, compare=False)
    # When a set: collects the asset paths of every fragment rendered on demand (an exporter
    # records what one page uses, so a live rebuild can reuse the page without rendering it).
    asset_log: set[str] | None = None
    # What several targets of one build make alike, made once per process and handed on (files
    # held as package.Deflated): the HTML site (the html target and the site inside each SCORM
    # package) and both SCORM packages' interaction data, the QTI 3.0 package (from the trees of
    # QTI 2.1's items), each quiz's Canvas copy in the cartridge (from the canvas target's
    # items). ``coming``: the targets this process exports after the one running (set by
    # coursekit.build), so nothing is kept that no target will take.
    shared: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
    coming: frozenset[str] = frozenset()

    @property
    def quizzes(self) -> list[RenderedQuiz]:
        return [q for ch in self.chapters for q in ch.quizzes]

    def markdown(self, text: str | None, base: Path, *, inline: bool = False, math: MathMode = "mathml") -> Fragment:
        """Render any Markdown field; ``base`` is the file holding it (quiz YAML for quiz fields)."""
        if not text:
            return EMPTY
        frag = self.renderer.render(text, base, inline=inline, math=math, assets=self.assets)
        if self.asset_log is not None:
            self.asset_log.update(frag.assets)
        return frag

    def chapter_body(self, rc: RenderedChapter, *, math: MathMode = "mathml") -> Fragment:
        """A chapter body in the math flavour a target needs (``rc.body`` is MathML).

        Rendered on demand and memoised, like ``markdown``; simulation and quiz markers are the
        same as in ``rc.body`` and in the same order, so ``rc.sims`` describes both.
        """
        if math == "mathml":
            return rc.body
        key = (rc.chapter.id, math)
        body = self._bodies.get(key)
        if body is None:
            from .pipeline import name_inline_quizzes

            ch = rc.chapter
            result = self.renderer.render_body(ch.body, ch.path, line_offset=ch.body_line - 1, math=math)
            body = self._bodies[key] = name_inline_quizzes(result.fragment, result.quizzes, ch)
        return body

    def quiz_md(
        self, rq: RenderedQuiz, text: str | None, *, inline: bool = False, math: MathMode = "mathml"
    ) -> Fragment:
        return self.markdown(text, rq.quiz.path, inline=inline, math=math)
