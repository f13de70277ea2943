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

from typing import TYPE_CHECKING

from lxml import etree

from coursekit.diagnostics import Location
from coursekit.exporters import Artifact, Exporter, require_unique_at, require_unique_xml_ids
from coursekit.exporters.decimal_comma import warn_decimal_comma
from coursekit.fanout import quiz_iter

from .canvas_items import INDENT, CanvasItemWriter, xml_attr
from .canvas_items import NS as QTI12_NS
from .ids import ncname, num
from .package import xml_bytes

if TYPE_CHECKING:
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
        for quiz_files, quiz_resources, used in quiz_iter(self, rendered, lambda rq: self._quiz(rendered, rq)):
            for path, data in quiz_files.items():
                out.add(path, data)
            resources.extend(quiz_resources)
            assets |= used
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
        return [out.close()]

    # -- quiz
    def _quiz(self, rendered, rq: RenderedQuiz):
        """One quiz's files, manifest resources and the assets its questions show."""
        ident = ncname(rq.quiz.id)
        # "_" never occurs in a slug, so no other quiz's identifier can be this one (a quiz
        # "x-meta" beside a quiz "x" could, with "-meta").
        meta_id = f"{ident}_meta"
        assessment, points, used = self._assessment(rendered, rq, ident)
        qti_path, meta_path = f"{ident}/{ident}.xml", f"{ident}/assessment_meta.xml"
        files = {qti_path: assessment.encode(), meta_path: xml_bytes(self._meta(rendered, rq, ident, points))}
        resources = [
            (ident, QTI_ASSESSMENT_TYPE, None, [qti_path], [meta_id]),
            (meta_id, LOR, meta_path, [meta_path], []),
        ]
        return files, resources, used

    def quiz_documents(self, rendered, rq: RenderedQuiz, ident: str) -> tuple[bytes, etree._Element, set[str]]:
        """One quiz as Canvas reads it: (the QTI ``questestinterop`` file's bytes, its
        ``assessment_meta.xml`` root, the asset paths its items show). The ``cc`` target ships the
        same two documents; the first as the bytes this target writes (not parsed and written again)."""
        assessment, points, used = self._assessment(rendered, rq, ident)
        return assessment.encode(), self._meta(rendered, rq, ident, points), used

    def _assessment(self, rendered, rq: RenderedQuiz, ident: str) -> tuple[str, float, set[str]]:
        """The quiz file's text (``questestinterop``, written as lxml's pretty_print writes it),
        its points and the asset paths its items show."""
        quiz = rq.quiz
        writer = CanvasItemWriter(rendered, rq, lambda code, msg, loc, hint: self.warn(code, msg, loc, hint))
        used: set[str] = set()
        # Canvas keys questions and groups by ident: a duplicate would merge two of them.
        idents: list[tuple[str, Location | Node]] = [(ident, quiz), ("root_section", quiz)]

        def item_for(question, depth: int) -> list[str]:
            idents.append((ncname(f"{quiz.id}.{question.id}"), question))
            built = writer.item(question, idents[-1][0], depth)
            used.update(built.assets)
            return built.xml

        slot_points = [float(s.variants[0].points) for s in rq.slots]
        body: list[str] = []  # the root section's content (at depth 3), in pieces
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
            idents.append((f"{ident}_pool", quiz))
            body += self._group(f"{ident}_pool", quiz.title, pick, per, [item_for(s.variants[0], 4) for s in rq.slots])
            points = pick * per
        else:
            points = 0.0
            for slot, pts in zip(rq.slots, slot_points, strict=True):
                if slot.is_parametric:
                    idents.append((f"{ident}.{slot.source.id}", slot.source))
                    items = [item_for(v, 4) for v in slot.variants]
                    body += self._group(f"{ident}.{slot.source.id}", slot.source.id, 1, pts, items)
                else:
                    body += item_for(slot.variants[0], 3)
                points += pts
        i = INDENT
        start = (
            f'{_QTI_START}{i[1]}<assessment ident="{xml_attr(ident)}" title="{xml_attr(quiz.title)}">'
            f"{i[2]}<qtimetadata>{i[3]}<qtimetadatafield>{i[4]}<fieldlabel>cc_maxattempts</fieldlabel>"
            f"{i[4]}<fieldentry>1</fieldentry>{i[3]}</qtimetadatafield>{i[2]}</qtimetadata>"
        )
        end = f"{i[1]}</assessment>{_QTI_END}"
        require_unique_at(self.name, "ident", idents)
        if not body:
            return f'{start}{i[2]}<section ident="root_section"/>{end}', points, used
        # One join for the whole file: the pieces are copied once.
        text = "".join([start, f'{i[2]}<section ident="root_section">', *body, f"{i[2]}</section>", end])
        return text, points, used

    @staticmethod
    def _group(ident: str, title: str, pick: int, points: float, items: list[list[str]]) -> list[str]:
        """A question group in pieces, in the root section (depth 3), holding ``items`` (at depth 4)."""
        i = INDENT
        start = (
            f'{i[3]}<section ident="{xml_attr(ident)}" title="{xml_attr(title)}">'
            f"{i[4]}<selection_ordering>{i[5]}<selection>{i[6]}<selection_number>{pick}</selection_number>"
            f"{i[6]}<selection_extension>{i[7]}<points_per_item>{num(round(points, 2))}</points_per_item>"
            f"{i[6]}</selection_extension>{i[5]}</selection>{i[4]}</selection_ordering>"
        )
        return [start, *(piece for item in items for piece in item), f"{i[3]}</section>"]

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
