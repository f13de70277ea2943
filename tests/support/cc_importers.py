"""Python ports of how Canvas and Moodle recognise and read a Common Cartridge (no LMS runs here).

Each function follows the named importer source line by line, including its quirks, so that a
test can ask "what would Canvas / Moodle make of this file" without a running LMS:

- ``canvas_package_type``: instructure/canvas-lms ``lib/canvas/migration/package_identifier.rb``
  (``identify_package``): which converter Canvas picks for a zip.
- ``moodle_detect_format``: moodle/moodle ``backup/converter/imscc11/lib.php`` (``detect_format``,
  the first 500 bytes of the manifest) and ``backup/converter/imscc1/lib.php`` for CC 1.0.
- ``moodle_validate_manifest``: the same file's ``execute`` validates the manifest with
  ``backup/cc/schemas11/cc11libxml2validator.xsd`` (``backup/cc/validator.php``) before anything else.
- ``moodle_quiz_questions``: ``backup/cc/entity11.quiz.class.php`` (``get_questions``,
  ``get_answers``, ``get_score``, ``get_feedback``, ``get_general_feedback``,
  ``get_defaultgrade``, ``get_answers_fib``): the questions Moodle's CC 1.1 restore builds.
"""

from __future__ import annotations

import io
import re
import sys
import zipfile
from pathlib import Path

from lxml import etree

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from qti_xsd import schema  # noqa: E402

QTI = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
NS = {"q": QTI}
_COMMON_CARTRIDGE_RE = re.compile(r"IMS(?: Thin)? Common Cartridge", re.I)


# ---------------------------------------------------------------- Canvas: package_identifier.rb


def _css_first_text(root: etree._Element, *names: str) -> str | None:
    """Nokogiri ``at_css("a b")``: on a document whose root declares a default namespace, every
    name is looked up in that namespace, as descendants; the first match in document order."""
    ns = root.nsmap.get(None) or ""
    steps = "".join(f"//*[local-name()='{n}' and namespace-uri()=$ns]" for n in names)
    hits = root.xpath(steps, ns=ns)
    return (hits[0].text or "") if hits else None


def canvas_package_type(imscc: bytes) -> str:
    """The package type Canvas's ``PackageIdentifier#identify_package`` returns for a zip."""
    with zipfile.ZipFile(io.BytesIO(imscc)) as zf:
        names = set(zf.namelist())
        for marker, kind in (
            ("AngelManifest.xml", "angel_7_4"),
            ("angelData.xml", "angel_7_3"),
            ("moodle.xml", "moodle_1_9"),
            ("moodle_backup.xml", "moodle_2"),
        ):
            if marker in names:
                return kind
        if "imsmanifest.xml" not in names:
            return "unknown"
        root = etree.fromstring(zf.read("imsmanifest.xml"))
    ns = root.nsmap.get(None) or ""
    schema_text = _css_first_text(root, "metadata", "schema")
    if schema_text is not None and _COMMON_CARTRIDGE_RE.search(schema_text):
        resources = root.xpath(
            "//*[local-name()='resources' and namespace-uri()=$ns]//*[local-name()='resource' and namespace-uri()=$ns]",
            ns=ns,
        )

        def has_file(res: etree._Element, href: str) -> bool:
            return any(f.get("href") == href for f in res.iter(f"{{{ns}}}file" if ns else "file"))

        if any(
            r.get("href") == "course_settings/syllabus.html" and has_file(r, "course_settings/course_settings.xml")
            for r in resources
        ) or any(r.get("href") == "course_settings/canvas_export.txt" for r in resources):
            return "canvas_cartridge"
        version = _css_first_text(root, "metadata", "schemaversion")
        return {
            "1.0.0": "common_cartridge_1_0",
            "1.1.0": "common_cartridge_1_1",
            "1.2.0": "common_cartridge_1_2",
            "1.3.0": "common_cartridge_1_3",
        }.get(version or "", "unsupported")
    return "not_common_cartridge"


# ---------------------------------------------------------------- Moodle: imscc1 / imscc11 detect_format


def moodle_detect_format(manifest: bytes) -> str | None:
    """``imscc11_converter::detect_format`` (then ``imscc1``'s): the first 500 bytes, lower-cased,
    without white space and quotes, must hold the default namespace declaration."""
    snippet = manifest[:500].decode("utf-8", "replace").lower()
    snippet = re.sub(r"\s*", "", snippet).replace("'", "").replace('"', "")
    if "xmlns=http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1" in snippet:
        return "imscc11"
    if "xmlns=http://www.imsglobal.org/xsd/imscc/imscp_v1p1" in snippet:
        return "imscc1"
    return None


def moodle_validate_manifest(manifest: bytes) -> list[str]:
    """``manifest_validator`` (cc11libxml2validator.xsd): Moodle refuses the upload on any error."""
    doc = etree.fromstring(manifest, etree.XMLParser(no_network=True, resolve_entities=False))
    s = schema("cc11/cc11libxml2validator.xsd")
    return [] if s.validate(doc) else [f"{e.line}: {e.message}" for e in s.error_log]


# ---------------------------------------------------------------- Moodle: entity11.quiz.class.php

CC_TO_MOODLE = {
    "cc.multiple_choice.v0p1": "multichoice",
    "cc.multiple_response.v0p1": "multichoice",
    "cc.true_false.v0p1": "truefalse",
    "cc.essay.v0p1": "essay",
    "cc.fib.v0p1": "shortanswer",
    "cc.pattern_match.v0p1": "shortanswer",
}


def _text(nodes) -> str:
    """PHP ``!empty($n->item(0)->nodeValue) ? ... : ''``: the first node's text content."""
    if not nodes:
        return ""
    node = nodes[0]
    value = node if isinstance(node, str) else "".join(node.itertext())
    return value if value not in ("", "0") else ""


def _php_int(value: str) -> int:
    m = re.match(r"\s*([+-]?\d+)", value)
    return int(m.group(1)) if m else 0


class MoodleQuizReader:
    """The questions Moodle's CC 1.1 restore makes of one assessment file."""

    def __init__(self, data: bytes):
        self.doc = etree.fromstring(data)

    def x(self, query: str, node=None, **variables):
        return (node if node is not None else self.doc).xpath(query, namespaces=NS, **variables)

    def item(self, ident: str):
        return self.x("//q:item[@ident=$i]", i=ident)

    def questions(self) -> list[dict]:
        out = []
        for item in self.x("/q:questestinterop/q:assessment/q:section/q:item"):
            if self.x("count(q:presentation/q:flow/q:material/q:mattext)", item) == 0:
                title = _text(self.x("q:presentation/q:material/q:mattext", item))
            else:
                title = _text(self.x("q:presentation/q:flow/q:material/q:mattext", item))
            ident = item.get("ident") or ""
            if not ident:
                continue
            cc_type = self.cc_type(ident)
            moodle_type = CC_TO_MOODLE.get(cc_type, "")
            if not moodle_type:
                continue
            question = {
                "ident": ident,
                "name": item.get("title") or "",
                "text": title,
                "moodle_type": moodle_type,
                "cc_type": cc_type,
                "feedback": self.general_feedback(ident),
                "defaultgrade": self.defaultgrade(ident),
                "answers": self.answers(ident, cc_type),
            }
            if moodle_type == "truefalse":
                idents = {a["identifier"] for a in question["answers"]}
                if idents != {"true", "false"}:  # Moodle throws a coding_exception: the restore fails
                    raise ValueError(f"true/false question {ident}: answer identifiers {sorted(idents)}")
            out.append(question)
        return out

    def cc_type(self, ident: str) -> str:
        found = ""
        for field in self.x("//q:item[@ident=$i]/q:itemmetadata/q:qtimetadata/q:qtimetadatafield", i=ident):
            if _text(self.x("q:fieldlabel", field)) == "cc_profile":
                found = _text(self.x("q:fieldentry", field))
        return found

    def defaultgrade(self, ident: str) -> int:
        nodes = self.x("//q:item[@ident=$i]//q:qtimetadatafield[q:fieldlabel='cc_weighting']/q:fieldentry", i=ident)
        if nodes:
            value = _php_int(nodes[0].text or "")
            if 0 <= value <= 99:
                return value
        return 1

    def _feedback_texts(self, ident: str, linkrefids: list[str]) -> str:
        out = ""
        for ref in linkrefids:
            texts = self.x(
                "//q:item[@ident=$i]/q:itemfeedback[@ident=$f]/q:flow_mat/q:material/q:mattext", i=ident, f=ref
            )
            out += _text(texts) + " " if _text(texts) else ""
        return out

    def general_feedback(self, ident: str) -> str:
        refs = []
        for cond in self.x("//q:item[@ident=$i]/q:resprocessing/q:respcondition", i=ident):
            if (cond.get("continue") or "").lower() == "yes":
                refs += [d.get("linkrefid") for d in self.x("q:displayfeedback", cond) if d.get("linkrefid")]
        return self._feedback_texts(ident, refs)

    def answer_feedback(self, answer: str, ident: str, cc_type: str) -> str:
        refs = []
        for cond in self.x("//q:item[@ident=$i]/q:resprocessing/q:respcondition", i=ident):
            varequal = _text(self.x("q:conditionvar/q:varequal", cond))
            if varequal.lower() == answer.lower() or cc_type == "cc.essay.v0p1":
                refs += [d.get("linkrefid") for d in self.x("q:displayfeedback", cond) if d.get("linkrefid")]
        return self._feedback_texts(ident, refs)

    def score(self, answer: str, ident: str) -> float:
        """``get_score``: the last respcondition whose first varequal names the answer decides."""
        score = ""
        for cond in self.x("//q:item[@ident=$i]/q:resprocessing/q:respcondition", i=ident):
            varequal = _text(self.x("q:conditionvar/q:varequal", cond))
            if varequal.lower() == answer.lower():
                score = _text(self.x("q:setvar", cond))
        return 1.0 if score else 0.0

    def answers(self, ident: str, cc_type: str) -> list[dict]:
        if cc_type in ("cc.fib.v0p1", "cc.pattern_match.v0p1"):
            return self.fib_answers(ident) if cc_type == "cc.fib.v0p1" else []
        if cc_type == "cc.essay.v0p1":
            base = "q:response_str"
        else:
            base = "q:response_lid/q:render_choice/q:response_label"
        items = self.x(f"//q:item[@ident=$i]/q:presentation/q:flow/{base}", i=ident) or self.x(
            f"//q:item[@ident=$i]/q:presentation/{base}", i=ident
        )
        correct: dict[str, float] = {}
        if cc_type == "cc.multiple_response.v0p1":
            nodes = self.x(
                "//q:item[@ident=$i]//q:setvar[@varname='SCORE'][.=100]/../q:conditionvar"
                "//q:varequal[@case='Yes'][not(parent::q:not)]",
                i=ident,
            )
            correct = {n.text: round(1.0 / len(nodes), 7) for n in nodes}
        out = []
        for node in items:
            answer = node.get("ident") or ""
            title = _text(self.x("q:material/q:mattext", node)) if cc_type != "cc.essay.v0p1" else ""
            score = correct.get(answer, self.score(answer, ident)) if correct else self.score(answer, ident)
            out.append(
                {
                    "identifier": answer,
                    "title": title,
                    "score": score,
                    "feedback": self.answer_feedback(answer, ident, cc_type),
                }
            )
        return out

    def fib_answers(self, ident: str) -> list[dict]:
        correct_conds = self.x("//q:item[@ident=$i]/q:resprocessing/q:respcondition/q:setvar[text()='100']/..", i=ident)
        correct = {}
        if correct_conds:
            for node in self.x("q:conditionvar/q:varequal", correct_conds[0]):
                if node.text:
                    correct[node.text] = {"title": node.text, "score": 1, "feedback": "", "case": 0}
        wrong = []
        for cond in self.x("//q:item[@ident=$i]/q:resprocessing/q:respcondition", i=ident):
            setvar = self.x("q:setvar", cond)
            if setvar and setvar[0].text == "100":
                continue
            varequal = self.x("q:conditionvar/q:varequal", cond)
            if not varequal:
                continue
            title = _text(varequal)
            if title not in correct:
                wrong.append({"title": title, "score": 0, "feedback": "", "case": 0})
        return list(correct.values()) + wrong


def moodle_quiz_questions(assessment: bytes) -> list[dict]:
    return MoodleQuizReader(assessment).questions()
