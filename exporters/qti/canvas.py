"""Target ``canvas``: the QTI 1.2 package Canvas's "QTI .zip" course import reads.

Layout as Canvas's own QTI export (lib/cc/qti/qti_manifest.rb, qti_generator.rb):
``imsmanifest.xml``; per quiz ``<quiz>/<quiz>.xml`` (questestinterop/assessment, resource type
``imsqti_xmlv1p2``) and ``<quiz>/assessment_meta.xml`` (quiz settings, a dependency of the
quiz resource); images under ``web_resources/`` referenced as ``$IMS-CC-FILEBASE$/...``.

Question groups (``<section>`` with ``selection_ordering``) carry variants (pick 1) and
``select`` (pick N). Canvas groups hold questions of one point value and do not nest; the
fallbacks for what they cannot express are documented in docs/targets/canvas.md and reported
as located warnings (CK766-CK768).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from lxml import etree

from coursekit.diagnostics import CourseError, Diagnostic, Location
from coursekit.exporters import Artifact, Exporter, require_unique_at, require_unique_xml_ids
from coursekit.exporters.decimal_comma import warn_decimal_comma
from coursekit.fanout import quiz_iter
from coursekit.package import Deflated

from .canvas_items import INDENT, CanvasItemWriter, xml_attr
from .canvas_items import NS as QTI12_NS
from .ids import ncname, num
from .package import xml_bytes

if TYPE_CHECKING:
    from collections.abc import Callable

    from coursekit.model.base import Node
    from coursekit.render.rendered import RenderedCourse, RenderedQuiz

CC_NS = "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"
CANVAS_NS = "http://canvas.instructure.com/xsd/cccv1p0"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
QTI_ASSESSMENT_TYPE = "imsqti_xmlv1p2"
LOR = "associatedcontent/imscc_xmlv1p1/learning-application-resource"
CHOICE_TYPES = ("single_choice", "multiple_response", "matching")
# Quiz files are written as text in their final form (see canvas_items.INDENT). The cc target
# takes the tree: parsed without the indentation, it is the tree the text was written from.
# huge_tree lifts libxml2's 10 MB limit on one text node (a long HTML answer must not fail).
_PARSER = etree.XMLParser(huge_tree=True, resolve_entities=False, no_network=True, remove_blank_text=True)
_QTI_START = (
    "<?xml version='1.0' encoding='UTF-8'?>\n"
    f'<questestinterop xmlns="{QTI12_NS}" xmlns:xsi="{XSI}"'
    f' xsi:schemaLocation="{QTI12_NS} http://www.imsglobal.org/xsd/ims_qtiasiv1p2p1.xsd">'
)
_QTI_END = "\n</questestinterop>\n"


@dataclass
class QuizCopy:
    """One quiz as Canvas reads it, under a quiz ident of another package (the ``cc`` target
    ships it): its ``questestinterop`` file and ``assessment_meta.xml`` (as bytes, or Deflated
    once for that package's zip when this target made them for it), the asset paths its items
    show, and the warnings writing it raised (that target's too)."""

    qti: bytes | Deflated
    meta: bytes | Deflated
    assets: set[str]
    warnings: list[Diagnostic]


class CanvasExporter(Exporter):
    name = "canvas"

    def export(self, rendered: RenderedCourse) -> list[Artifact]:
        warn_decimal_comma(self, rendered, "canvas")
        course_id = rendered.course.id
        # Each quiz's files are handed over as soon as they are made (a build deflates them at
        # once); the zip's entries are sorted when it is written, whatever the order here.
        out = self.output(f"{course_id}-canvas.zip", "zip")
        resources: list[tuple[str, str, str | None, list[str], list[str]]] = []  # id, type, href, files, deps
        assets: set[str] = set()
        copy_ident = None
        if "cc" in rendered.coming:
            # The cartridge, exported next in this process, ships every quiz as Canvas reads it,
            # under its own quiz ident: each is written here from the same items and handed on
            # (RenderedCourse.shared), not written again.
            from coursekit.exporters.cc import layout  # cc imports this module
            from coursekit.exporters.cc.assessment import CANVAS_QUIZZES

            copy_ident = layout.quiz_ident
        copies: dict[str, QuizCopy] = {}
        quizzes = quiz_iter(self, rendered, lambda rq: self._quiz(rendered, rq, copy_ident))
        for rq, (quiz_files, quiz_resources, used, copy) in zip(rendered.quizzes, quizzes, strict=True):
            for path, data in quiz_files.items():
                out.add(path, data)
            resources.extend(quiz_resources)
            assets |= used
            if copy is not None:
                copies[rq.quiz.id] = copy
        for path in sorted(assets):
            out.add(f"web_resources/{path}", rendered.assets[path].data)
            resources.append(
                (
                    ncname("asset." + path.removeprefix("assets/")),
                    "webcontent",
                    f"web_resources/{path}",
                    [f"web_resources/{path}"],
                    [],
                )
            )
        manifest = self._manifest(course_id, rendered.course.title, resources)
        require_unique_xml_ids(self.name, manifest, rendered.course.loc)
        out.add("imsmanifest.xml", xml_bytes(manifest))
        if copy_ident is not None:
            rendered.shared[CANVAS_QUIZZES] = copies  # only once every quiz was written
        return [out.close()]

    # -- quiz
    def _quiz(self, rendered, rq: RenderedQuiz, copy_ident: Callable[[str], str] | None = None):
        """One quiz's files, manifest resources and the assets its questions show; and with
        ``copy_ident`` (quiz id -> the quiz ident of the package that ships a copy), the QuizCopy,
        deflated (it waits for that package's zip), or None where its idents would clash (that
        package then writes the copy itself, and reports the clash)."""
        ident = ncname(rq.quiz.id)
        # "_" never occurs in a slug, so no other quiz's identifier can be this one (a quiz
        # "x-meta" beside a quiz "x" could, with "-meta").
        meta_id = f"{ident}_meta"
        warned = len(self.diagnostics)
        other = copy_ident(rq.quiz.id) if copy_ident is not None else None
        assessment, other_assessment, points, used = self._assessment(rendered, rq, ident, other)
        meta = self._meta(rendered, rq, ident, points)
        qti_path, meta_path = f"{ident}/{ident}.xml", f"{ident}/assessment_meta.xml"
        files = {qti_path: assessment.encode(), meta_path: xml_bytes(meta)}
        resources = [
            (ident, QTI_ASSESSMENT_TYPE, None, [qti_path], [meta_id]),
            (meta_id, LOR, meta_path, [meta_path], []),
        ]
        copy = None
        if other_assessment is not None:
            # The copy's settings differ only there; made again, they would warn again (CK768).
            meta.set("identifier", other)
            qti, meta_file = Deflated.of(other_assessment.encode()), Deflated.of(xml_bytes(meta))
            copy = QuizCopy(qti, meta_file, used, self.diagnostics[warned:])
        return files, resources, used, copy

    def quiz_copy(self, rendered, rq: RenderedQuiz, ident: str) -> QuizCopy:
        """One quiz as Canvas reads it, under the quiz ident ``ident`` (the ``cc`` target's copy
        when this target did not make it for it); its files as the bytes this target would write."""
        warned = len(self.diagnostics)
        assessment, _, points, used = self._assessment(rendered, rq, ident)
        meta = xml_bytes(self._meta(rendered, rq, ident, points))
        return QuizCopy(assessment.encode(), meta, used, self.diagnostics[warned:])

    def _assessment(
        self, rendered, rq: RenderedQuiz, ident: str, other: str | None = None
    ) -> tuple[str, str | None, float, set[str]]:
        """The quiz file's text (``questestinterop``, written as lxml's pretty_print writes it),
        the same file under the quiz ident ``other`` (or None: no ``other``, or an ident in it
        clashes), its points and the asset paths its items show. The items are written once:
        only the quiz's own ident and its groups' (made from it) differ between the two."""
        quiz = rq.quiz
        writer = CanvasItemWriter(rendered, rq, lambda code, msg, loc, hint: self.warn(code, msg, loc, hint))
        used: set[str] = set()
        # Canvas keys questions and groups by ident: a duplicate would merge two of them. Each
        # entry: (an ident, or what follows the quiz ident in one made from it; its source; made
        # from the quiz ident?).
        idents: list[tuple[str, Location | Node, bool]] = [("", quiz, True), ("root_section", quiz, False)]

        def item_for(question, depth: int) -> list[str]:
            idents.append((ncname(f"{quiz.id}.{question.id}"), question, False))
            built = writer.item(question, idents[-1][0], depth)
            used.update(built.assets)
            return built.xml

        slot_points = [float(s.variants[0].points) for s in rq.slots]
        body: list[str | _GroupStart] = []  # the root section's content (at depth 3), in pieces
        if quiz.select is not None or (quiz.shuffle_questions and len(rq.slots) > 1):
            # One group drawing `select` (or all, shuffled) questions; groups cannot nest.
            pick = quiz.select or len(rq.slots)
            per = slot_points[0]
            if len(set(slot_points)) > 1:
                per = sum(slot_points) / len(slot_points)
                self.warn(
                    "CK766",
                    f"quiz '{quiz.id}': Canvas question groups give every question the same points; "
                    f"using the mean, {num(round(per, 2))}",
                    quiz.loc,
                    "give the quiz's questions equal points for Canvas",
                )
            if any(s.is_parametric for s in rq.slots):
                self.warn(
                    "CK767",
                    f"quiz '{quiz.id}': Canvas groups cannot nest, "
                    "so parametric questions in a drawn quiz keep only their first variant",
                    quiz.loc,
                    "drop select / shuffle_questions, or the variants, for Canvas",
                )
            idents.append(("_pool", quiz, True))
            body += self._group("_pool", quiz.title, pick, per, [item_for(s.variants[0], 4) for s in rq.slots])
            points = pick * per
        else:
            points = 0.0
            for slot, pts in zip(rq.slots, slot_points, strict=True):
                if slot.is_parametric:
                    idents.append((f".{slot.source.id}", slot.source, True))
                    items = [item_for(v, 4) for v in slot.variants]
                    body += self._group(f".{slot.source.id}", slot.source.id, 1, pts, items)
                else:
                    body += item_for(slot.variants[0], 3)
                points += pts

        def unique(quiz_ident: str) -> None:
            named = ((quiz_ident + name if from_quiz else name, at) for name, at, from_quiz in idents)
            require_unique_at(self.name, "ident", named)

        def text(quiz_ident: str) -> str:
            i = INDENT
            start = (
                f'{_QTI_START}{i[1]}<assessment ident="{xml_attr(quiz_ident)}" title="{xml_attr(quiz.title)}">'
                f"{i[2]}<qtimetadata>{i[3]}<qtimetadatafield>{i[4]}<fieldlabel>cc_maxattempts</fieldlabel>"
                f"{i[4]}<fieldentry>1</fieldentry>{i[3]}</qtimetadatafield>{i[2]}</qtimetadata>"
            )
            end = f"{i[1]}</assessment>{_QTI_END}"
            if not body:
                return f'{start}{i[2]}<section ident="root_section"/>{end}'
            pieces = [p if type(p) is str else p.text(quiz_ident) for p in body]
            # One join for the whole file: the pieces are copied once.
            return "".join([start, f'{i[2]}<section ident="root_section">', *pieces, f"{i[2]}</section>", end])

        written = text(ident)  # before the ident check, as ever: a title XML cannot hold fails first
        unique(ident)
        if other is not None:
            try:
                unique(other)
            except CourseError:
                other = None  # its package writes it itself, and refuses it
        return written, None if other is None else text(other), points, used

    @staticmethod
    def _group(suffix: str, title: str, pick: int, points: float, items: list[list[str]]) -> list[str | _GroupStart]:
        """A question group in pieces, in the root section (depth 3), holding ``items`` (at depth 4);
        its ident is the quiz's followed by ``suffix``."""
        end = f"{INDENT[3]}</section>"
        return [_GroupStart(suffix, title, pick, points), *(piece for item in items for piece in item), end]

    def _meta(self, rendered, rq: RenderedQuiz, ident: str, points: float) -> etree._Element:
        quiz = rq.quiz
        choice_shuffles = {q.shuffle for s in rq.slots for q in s.variants if q.type in CHOICE_TYPES}
        if len(choice_shuffles) > 1:
            self.warn(
                "CK768",
                f"quiz '{quiz.id}': Canvas shuffles answers for the whole quiz; "
                "some questions set shuffle: false, so none are shuffled",
                quiz.loc,
                "use the same shuffle setting for every question of the quiz",
            )
        root = etree.Element(f"{{{CANVAS_NS}}}quiz", nsmap={None: CANVAS_NS, "xsi": XSI})
        root.set("identifier", ident)
        root.set(f"{{{XSI}}}schemaLocation", f"{CANVAS_NS} https://canvas.instructure.com/xsd/cccv1p0.xsd")

        def f(name, value):
            e = etree.SubElement(root, f"{{{CANVAS_NS}}}{name}")
            e.text = value

        f("title", quiz.title)
        f("description", "")
        f("shuffle_answers", "true" if choice_shuffles == {True} else "false")
        f("scoring_policy", "keep_highest")
        f("hide_results", "")
        f("quiz_type", "assignment")
        f("points_possible", num(round(points, 2)))
        f("require_lockdown_browser", "false")
        f("require_lockdown_browser_for_results", "false")
        f("require_lockdown_browser_monitor", "false")
        f("lockdown_browser_monitor_data", "")
        # Canvas has no "after a pass": after_pass keeps the answers hidden, as never does (a teacher
        # may turn them on, or set show_correct_answers_at, in the quiz settings).
        f("show_correct_answers", "true" if quiz.show_answers == "always" else "false")
        f("anonymous_submissions", "false")
        f("could_be_locked", "false")
        f("allowed_attempts", "1")
        f("one_question_at_a_time", "false")
        f("cant_go_back", "false")
        f("available", "false")
        f("one_time_results", "false")
        f("show_correct_answers_last_attempt", "false")
        f("only_visible_to_overrides", "false")
        f("module_locked", "false")
        f("assignment_overrides", None)
        return root

    @staticmethod
    def _manifest(course_id: str, title: str, resources) -> etree._Element:
        root = etree.Element(f"{{{CC_NS}}}manifest", nsmap={None: CC_NS, "xsi": XSI})
        root.set("identifier", ncname(f"{course_id}-canvas"))
        root.set(f"{{{XSI}}}schemaLocation", f"{CC_NS} http://www.imsglobal.org/xsd/imscp_v1p1.xsd")

        def e(parent, tag, text=None, **attrs):
            c = etree.SubElement(parent, f"{{{CC_NS}}}{tag}")
            for k, v in attrs.items():
                c.set(k, v)
            if text is not None:
                c.text = text
            return c

        md = e(root, "metadata")
        e(md, "schema", "IMS Content")
        e(md, "schemaversion", "1.1.3")
        e(root, "organizations")
        res_node = e(root, "resources")
        for ident, rtype, href, paths, deps in resources:
            attrs = {"identifier": ident, "type": rtype}
            if href:
                attrs["href"] = href
            r = e(res_node, "resource", **attrs)
            for p in paths:
                e(r, "file", href=p)
            for d in deps:
                e(r, "dependency", identifierref=d)
        return root


@dataclass(frozen=True, slots=True)
class _GroupStart:
    """A question group's start tag and selection (depth 3): its ident is made from the quiz's,
    so a quiz file written under two quiz idents writes it once for each."""

    suffix: str  # after the quiz ident: "_pool", or "." and the parametric question's id
    title: str
    pick: int
    points: float

    def text(self, quiz_ident: str) -> str:
        i = INDENT
        return (
            f'{i[3]}<section ident="{xml_attr(quiz_ident + self.suffix)}" title="{xml_attr(self.title)}">'
            f"{i[4]}<selection_ordering>{i[5]}<selection>{i[6]}<selection_number>{self.pick}</selection_number>"
            f"{i[6]}<selection_extension>{i[7]}<points_per_item>{num(round(self.points, 2))}</points_per_item>"
            f"{i[6]}</selection_extension>{i[5]}</selection>{i[4]}</selection_ordering>"
        )
