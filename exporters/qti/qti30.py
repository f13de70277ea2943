"""Target ``qti30``: the same items and tests as 1EdTech QTI 3.0, in a QTI 3.0 content package.

QTI 3.0 is QTI 2.x with new spelling: QTI elements become ``qti-`` + kebab-case
(``choiceInteraction`` -> ``qti-choice-interaction``), their attributes kebab-case
(``responseIdentifier`` -> ``response-identifier``), HTML and MathML stay as they are, and
modal feedback / rubric blocks wrap their content in ``qti-content-body``. So the 2.1 trees
(one source of truth for scoring) are converted element by element rather than written twice.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from lxml import etree

from coursekit.exporters import Artifact, Exporter, require_unique_xml_ids
from coursekit.exporters.decimal_comma import warn_decimal_comma

from . import qti21_items
from .ids import ncname
from .package import build_package, xml_bytes
from .qti21 import asset_files, cp_manifest
from .xhtml import BLOCK, INLINE

if TYPE_CHECKING:
    from coursekit.render.rendered import RenderedCourse

NS = "http://www.imsglobal.org/xsd/imsqtiasi_v3p0"
SCHEMA_LOCATION = f"{NS} https://purl.imsglobal.org/spec/qti/v3p0/schema/xsd/imsqti_asiv3p0_v1p0.xsd"
CP_NS = "http://www.imsglobal.org/xsd/qti/qtiv3p0/imscp_v1p1"
CP_SCHEMA_LOCATION = f"{CP_NS} https://purl.imsglobal.org/spec/qti/v3p0/schema/xsd/imsqtiv3p0_imscpv1p2_v1p0.xsd"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
_HTML = INLINE | BLOCK
_WRAPPED = {"modalFeedback", "rubricBlock"}  # content goes inside qti-content-body in 3.0


_CAPITAL_RE = re.compile(r"(?<=[a-z0-9])([A-Z])")


@lru_cache(maxsize=1024)
def kebab(name: str) -> str:
    # QTI has a few hundred element and attribute names, converted ~1.5 million times for a
    # 10,000-question bank: remembered, not substituted again.
    return _CAPITAL_RE.sub(r"-\1", name).lower()


def to_qti30(src: etree._Element) -> etree._Element:
    """Convert a QTI 2.1 assessmentItem / assessmentTest tree to QTI 3.0. The tree is used up:
    its elements are renamed where they stand (a 10,000-question bank has ~700,000 of them, and
    building each again was most of this target's time)."""
    root = etree.Element(_tag(etree.QName(src).localname), nsmap={None: NS, "xsi": XSI})
    _set_attributes(root, list(src.attrib.items()), html=False)
    root.text = src.text
    for child in list(src):
        root.append(child)  # a comment or processing instruction goes with the rest, below
    for node in list(root.iterdescendants()):
        tag = node.tag
        if not isinstance(tag, str):  # comments and processing instructions are not carried over
            node.getparent().remove(node)  # with its tail, as before
            continue
        if not tag.startswith(_QTI21):
            continue  # MathML keeps its names and its own default namespace
        local = tag[len(_QTI21) :]
        html = local in _HTML
        node.tag = f"{{{NS}}}{local if html else _tag_name(local)}"
        if node.attrib:
            _set_attributes(node, list(node.attrib.items()), html=html)
        if local in _WRAPPED:
            if local == "rubricBlock":
                node.set("use", "scoring")
            body = etree.Element(f"{{{NS}}}qti-content-body")
            body.text, node.text = node.text, None
            body.extend(list(node))
            node.append(body)
    etree.cleanup_namespaces(root)  # the 2.1 namespace the moved elements were declared with
    root.set(f"{{{XSI}}}schemaLocation", SCHEMA_LOCATION)
    if (
        root.tag == f"{{{NS}}}qti-assessment-item"
        and root.find(f".//{{{NS}}}qti-extended-text-interaction") is not None
    ):
        # An essay's SCORE is set by a person, not by response processing.
        for decl in root.iterfind(f"{{{NS}}}qti-outcome-declaration"):
            if decl.get("identifier") == "SCORE":
                decl.set("external-scored", "human")
    return root


_QTI21 = f"{{{qti21_items.NS}}}"


def _tag_name(local: str) -> str:
    return "qti-" + kebab(local)


def _tag(local: str) -> str:
    return f"{{{NS}}}{local if local in _HTML else _tag_name(local)}"


def _set_attributes(node: etree._Element, items: list[tuple[str, str]], *, html: bool) -> None:
    """The attributes in their order, renamed for 3.0 (HTML's stay as they are); 2.1's
    schemaLocation is dropped."""
    node.attrib.clear()
    for k, v in items:
        if k.startswith("{"):
            if k != f"{{{XSI}}}schemaLocation":
                node.set(k, v)
        else:
            node.set(k if html else kebab(k), v)


# RenderedCourse.shared: the QTI 3.0 package the qti21 exporter built from its own trees.
QTI30_PACKAGE = "qti30-package"


class Qti30Exporter(Exporter):
    name = "qti30"

    def export(self, rendered: RenderedCourse) -> list[Artifact]:
        warn_decimal_comma(self, rendered, "qti")
        pkg = rendered.shared.pop(QTI30_PACKAGE, None)  # made beside QTI 2.1's package, when it was
        if pkg is None:
            pkg = build_package(self, rendered, to_qti30)
        course_id = rendered.course.id
        manifest = cp_manifest(
            rendered,
            pkg,
            ns=CP_NS,
            schema_location=CP_SCHEMA_LOCATION,
            schema="QTI Package",
            schemaversion="3.0.0",
            item_type="imsqti_item_xmlv3p0",
            test_type="imsqti_test_xmlv3p0",
            identifier=ncname(f"{course_id}-qti30"),
        )
        require_unique_xml_ids(self.name, manifest, rendered.course.loc)
        files = {"imsmanifest.xml": xml_bytes(manifest)}
        for test in pkg.tests:
            files[test.path] = test.data
        for item in pkg.items:
            files[item.path] = item.data
        files.update(asset_files(rendered, pkg))
        return [Artifact(f"{course_id}-qti30.zip", "zip", files)]
