"""Target ``cc``: the whole course as one IMS Common Cartridge 1.1, ``<course-id>.imscc``.

Every LMS reads the standard part: one organization item per chapter (in course order) holding
the chapter page and its quizzes, pages as ``webcontent``, quizzes in the CC QTI profile. Canvas
recognises its own flavour by ``course_settings/canvas_export.txt`` and reads its extensions
instead: ``wiki_content/`` pages, ``module_meta.xml`` modules and the full Canvas QTI of every quiz
(``non_cc_assessments/``). See layout.py for the files and docs/targets/cc.md for what each LMS
makes of them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from coursekit.exporters import Artifact, Exporter
from coursekit.exporters.decimal_comma import warn_decimal_comma
from coursekit.exporters.qti.package import xml_bytes
from coursekit.fanout import quiz_iter

from . import layout
from .assessment import CANVAS_QUIZZES, QuizFiles, quiz_files
from .canvas_meta import FLAG_TEXT, module_meta
from .manifest import CourseMetadata, Item, Resource, manifest
from .pages import PageBuilder

if TYPE_CHECKING:
    from coursekit.render.rendered import RenderedCourse


class CommonCartridgeExporter(Exporter):
    name = "cc"

    def export(self, rendered: RenderedCourse) -> list[Artifact]:
        warn_decimal_comma(self, rendered, "canvas")
        course = rendered.course
        # Each quiz's files are handed over as soon as they are made (a build deflates them at
        # once; they live under the quiz's own folder and non_cc_assessments/, so no other file
        # can take their paths); the rest is small and comes at the end. Entries are sorted
        # when the zip is written.
        out = self.output(f"{course.id}.imscc", "zip")
        files: dict[str, bytes] = {}
        resources: list[Resource] = []
        web: set[str] = set()  # web_resources/... paths to declare as webcontent
        quizzes: dict[str, QuizFiles] = {}
        # Each quiz's Canvas copy, if the canvas target wrote it for this one (build.SHARING_GROUPS);
        # each is let go once its files are handed over.
        copies = rendered.shared.pop(CANVAS_QUIZZES, {})
        made = quiz_iter(self, rendered, lambda rq: quiz_files(self, rendered, rq, copies.pop(rq.quiz.id, None)))
        for done, rq in zip(made, rendered.quizzes, strict=True):
            for path, data in done.files.items():
                out.add(path, data)
            done.files = {}
            quizzes[rq.quiz.id] = done
        pages = PageBuilder(rendered, self.warn)
        items: list[Item] = []
        modules = []
        for rc in rendered.chapters:
            ch = rc.chapter
            built = pages.chapter(rc)
            files[layout.page_path(ch.id)] = built.standard
            files[layout.wiki_path(ch.id)] = built.wiki
            shown = [layout.web_path(a) for a in built.assets] + sorted(built.interactive)
            files.update(built.interactive)
            web.update(shown)
            deps = [layout.file_ident(p) for p in shown]
            resources.append(
                Resource(
                    layout.page_ident(ch.id),
                    layout.WEBCONTENT,
                    layout.page_path(ch.id),
                    [layout.page_path(ch.id)],
                    deps,
                )
            )
            resources.append(
                Resource(
                    layout.wiki_ident(ch.id),
                    layout.WEBCONTENT,
                    layout.wiki_path(ch.id),
                    [layout.wiki_path(ch.id)],
                    deps,
                )
            )
            children = [Item(f"item.{ch.id}.page", ch.title, layout.page_ident(ch.id))]
            module_items = [("WikiPage", layout.wiki_ident(ch.id), ch.title)]
            for rq in rc.quizzes:
                qf = quizzes[rq.quiz.id]
                module_items.append(("Quizzes::Quiz", qf.ident, rq.quiz.title))
                if qf.portable is not None:
                    children.append(Item(f"item.{ch.id}.quiz.{rq.quiz.id}", rq.quiz.title, qf.ident))
            items.append(Item(f"item.{ch.id}", ch.title, children=children))
            modules.append((ch.id, ch.title, module_items))
        for rq in rendered.quizzes:
            resources.extend(self._quiz_resources(rq.quiz.id, quizzes[rq.quiz.id], web))
        for path in sorted(web):
            if path.startswith(f"{layout.WEB}/assets/"):
                files[path] = rendered.assets[path.removeprefix(f"{layout.WEB}/")].data
            resources.append(Resource(layout.file_ident(path), layout.WEBCONTENT, path, [path]))
        files[layout.CANVAS_FLAG] = FLAG_TEXT
        files[layout.MODULE_META] = xml_bytes(module_meta(modules))
        resources.append(
            Resource("canvas.settings", layout.LOR, layout.CANVAS_FLAG, [layout.MODULE_META, layout.CANVAS_FLAG])
        )
        files["imsmanifest.xml"] = xml_bytes(manifest(self._metadata(rendered), items, resources))
        for path, data in files.items():
            out.add(path, data)
        return [out.close()]

    @staticmethod
    def _quiz_resources(quiz_id: str, qf: QuizFiles, web: set[str]) -> list[Resource]:
        web.update(layout.web_path(a) for a in qf.portable_assets + qf.canvas_assets)
        meta_path = f"{qf.ident}/assessment_meta.xml"
        out = []
        if qf.portable is not None:
            deps = [layout.quiz_meta_ident(quiz_id)] + [
                layout.file_ident(layout.web_path(a)) for a in qf.portable_assets
            ]
            out.append(Resource(qf.ident, layout.ASSESSMENT_TYPE, None, [qf.portable], deps))
        canvas_deps = [layout.file_ident(layout.web_path(a)) for a in qf.canvas_assets]
        out.append(
            Resource(
                layout.quiz_meta_ident(quiz_id),
                layout.LOR,
                meta_path,
                [meta_path, f"non_cc_assessments/{qf.ident}.xml.qti"],
                canvas_deps,
            )
        )
        return out

    @staticmethod
    def _metadata(rendered: RenderedCourse) -> CourseMetadata:
        c = rendered.course
        return CourseMetadata(
            id=c.id,
            title=c.title,
            language=c.language,
            description=rendered.description.text,
            version=c.version,
            authors=list(c.authors),
            keywords=list(c.keywords),
            license=c.license,
        )
