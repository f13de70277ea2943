"""render_course: the loaded Course in, the RenderedCourse every exporter reads out."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from ..diagnostics import CourseError, Diagnostic, Location, display_path
from ..model import Chapter, Course, Quiz
from ..model.base import sum_overflows_at
from .assets import AssetStore
from .markdown import MarkdownRenderer, SimRequest
from .rendered import EMPTY, Fragment, QuestionSlot, RenderedChapter, RenderedCourse, RenderedQuiz, SimEmbed
from .variant_math import check_variant_math
from .variants import expand_variants, identical_variants


class SimulationCache:
    """Runs each (simulation, fixed parameters) once per build and keeps its static SVG asset."""

    def __init__(self, course: Course, assets: AssetStore, disk: Any = None):
        self.course = course
        self.assets = assets
        self.disk = disk  # a coursekit.cache.BuildCache, or None
        self._outputs: dict[tuple, Any] = {}
        self.renderer: MarkdownRenderer | None = None  # set once the renderer exists (for alt text)

    def _fixed(self, req: SimRequest, base: Path) -> tuple[Any, dict[str, Any]]:
        sim = self.course.simulation(req.sim_id)
        if sim is None:
            raise CourseError(
                Diagnostic(
                    "CK230",
                    f"unknown simulation {req.sim_id!r}",
                    Location(display_path(base), req.line + 1, 1),
                    hint="declare it under simulations: in course.yaml",
                )
            )
        fixed: dict[str, Any] = {}
        for name, raw in req.fixed.items():
            param = sim.param(name)
            if param is None:
                raise CourseError(
                    Diagnostic(
                        "CK231",
                        f"simulation {sim.id!r} has no parameter {name!r}",
                        Location(display_path(base), req.line + 1, 1),
                        hint="use one of: " + ", ".join(p.name for p in sim.params),
                    )
                )
            try:
                fixed[name] = param.coerce(raw)
            except (TypeError, ValueError):
                raise CourseError(
                    Diagnostic(
                        "CK232",
                        f"option :{name}: {raw!r} does not fit parameter {name!r}",
                        Location(display_path(base), req.line + 1, 1),
                        hint="give a value of the parameter's type within min..max",
                    )
                ) from None
        return sim, fixed

    def output(self, sim, fixed: dict[str, Any], fixed_by: str = "") -> Any:
        key = (sim.id, tuple(sorted((k, repr(v)) for k, v in fixed.items())))
        if key not in self._outputs:
            from .simulate import figure_text, render_simulation

            def compute() -> Any:
                return render_simulation(
                    self.course.root, self.course.id, sim, fixed, fixed_by, figure_text(self.course)
                )

            self._outputs[key] = (
                self.disk.simulation(self.course, sim, fixed, compute) if self.disk is not None else compute()
            )
        return self._outputs[key]

    def static_asset(self, sim, fixed: dict[str, Any], fixed_by: str = "") -> str:
        out = self.output(sim, fixed, fixed_by)
        return self.assets.add_bytes(f"sim-{sim.id}", ".svg", out.default_svg).path

    def provide(self, req: SimRequest, base: Path, static: bool) -> Any:
        sim, fixed = self._fixed(req, base)
        fixed_by = ""
        if fixed:  # named in error messages; chapter bodies know the directive's line, quiz fields their file
            where = display_path(base) if static else f"{display_path(base)}:{req.line + 1}"
            fixed_by = f"{', '.join(fixed)} fixed by the directive at {where}"
        if static:
            alt = (
                self.renderer.render(sim.description, self.course.root / "course.yaml").text
                if self.renderer
                else sim.title
            )
            return self.static_asset(sim, fixed, fixed_by), alt, sim.title
        return SimEmbed(sim, fixed, self.output(sim, fixed, fixed_by), self.static_asset(sim, fixed))


def _quiz_slots(quiz: Quiz, course: Course) -> list[QuestionSlot]:
    slots = []
    course_id, root = course.id, course.root  # a private attribute: pydantic's slow __getattr__
    generators: dict = {}
    for q in quiz.questions:
        variants = expand_variants(q, quiz, course_id, root, generators)
        if q.variants is not None:
            check_variant_math(quiz, q, variants)
        slots.append(QuestionSlot(q, variants))
    return slots


def _check_total_points(chapters: list[RenderedChapter]) -> None:
    """The points of every quiz, added up as the SCORM runtime adds them for the course's score
    (each quiz's own maximum is part of it): past the largest float (about 1.8e308) the sum is
    infinite, which no target can write. The loader adds up authored numbers for validate
    (CK333 there too); this adds what generators gave, counting each slot's largest variant
    (an attempt may draw any)."""
    slots = [slot for rc in chapters for rq in rc.quizzes for slot in rq.slots]
    i = sum_overflows_at(max(float(v.points) for v in slot.variants) for slot in slots)
    if i is not None:
        raise CourseError(
            Diagnostic(
                "CK333",
                "the points of the course's quizzes add up past the largest number a target can "
                f"write (about 1.8e308) at question '{slots[i].source.id}'",
                slots[i].source.loc,
                hint="give the questions smaller points (check the values a generator returns): "
                "only their ratios matter to a score",
            )
        )


def name_inline_quizzes(fragment: Fragment, quiz_paths: list[str], chapter: Chapter) -> Fragment:
    """Inline ``:::{quiz}`` markers carry the index of the directive; give them the quiz id."""
    by_path = {q.path.resolve(): q for q in chapter.quizzes}
    html, xhtml = fragment.html, fragment.xhtml
    for i, rel in enumerate(quiz_paths):
        quiz = by_path.get((chapter.path.parent / rel).resolve())
        qid = quiz.id if quiz else ""
        html = html.replace(f'data-ck-quiz-index="{i}"', f'data-ck-quiz="{qid}"')
        xhtml = xhtml.replace(f'data-ck-quiz-index="{i}"', f'data-ck-quiz="{qid}"')
    return Fragment(html, xhtml, fragment.text, fragment.assets)


def render_course(course: Course, cache: Any = None) -> RenderedCourse:
    """``cache``: a coursekit.cache.BuildCache that keeps chapter bodies and simulations (and,
    in a long-running coursekit serve, each quiz's expanded variants)."""
    assets = AssetStore(course.root)
    sims = SimulationCache(course, assets, cache)
    renderer = MarkdownRenderer(course.root, assets, allow_raw_html=course.allow_raw_html, sim_provider=sims.provide)
    sims.renderer = renderer
    course_file = course.root / "course.yaml"
    chapters: list[RenderedChapter] = []
    warnings: list[Diagnostic] = []
    for ch in course.chapters:

        def render_body(ch=ch) -> Any:
            return renderer.render_body(ch.body, ch.path, line_offset=ch.body_line - 1)

        body = cache.chapter_body(course, ch, renderer, sims, render_body) if cache is not None else render_body()
        quizzes: list[RenderedQuiz] = []
        for q in ch.quizzes:

            def expand(q=q) -> list[QuestionSlot]:
                return _quiz_slots(q, course)

            slots = cache.quiz_slots(course, q, expand) if cache is not None else expand()
            for slot in slots:
                warnings.extend(identical_variants(slot.source, slot.variants))
            quizzes.append(
                RenderedQuiz(q, ch, slots, q.passing_score if q.passing_score is not None else course.passing_score)
            )
        chapters.append(
            RenderedChapter(
                chapter=ch,
                body=name_inline_quizzes(body.fragment, body.quizzes, ch),
                toc=body.headings,
                sims=body.sims,
                quizzes=quizzes,
                summary=renderer.render(ch.summary, ch.path, inline=True) if ch.summary else EMPTY,
                objectives=[renderer.render(o, ch.path, inline=True) for o in ch.objectives],
            )
        )
    rendered = RenderedCourse(
        course=course,
        renderer=renderer,
        chapters=chapters,
        assets=assets,
        description=renderer.render(course.description, course_file) if course.description else EMPTY,
        prerequisites=renderer.render(course.prerequisites, course_file, inline=True)
        if course.prerequisites
        else EMPTY,
        warnings=warnings,
    )
    _check_total_points(chapters)
    return rendered


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
