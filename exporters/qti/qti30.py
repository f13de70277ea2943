"""Target ``qti30``: the same items and tests as 1EdTech QTI 3.0, in a QTI 3.0 content package.

QTI 3.0 is QTI 2.x with new spelling: QTI elements become ``qti-`` + kebab-case
(``choiceInteraction`` -> ``qti-choice-interaction``), their attributes kebab-case
(``responseIdentifier`` -> ``response-identifier``), HTML and MathML stay as they are, and
modal feedback / rubric blocks wrap their content in ``qti-content-body``. So the 2.1 trees
(one source of truth for scoring) are converted element by element rather than written twice.
"""

from __future__ import annotations

import re
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


def kebab(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"-\1", name).lower()


def to_qti30(src: etree._Element) -> etree._Element:
    """Convert a QTI 2.1 assessmentItem / assessmentTest tree to QTI 3.0."""
    root = _convert(src, is_root=True)
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


def _convert(src: etree._Element, is_root: bool = False) -> etree._Element:
    qn = etree.QName(src)
    if qn.namespace != qti21_items.NS:
        dst = etree.Element(src.tag, nsmap={None: qn.namespace} if qn.localname == "math" else None)
        dst.attrib.update(src.attrib)
        dst.text = src.text
        for child in src:
            if isinstance(child.tag, str):
                c = _convert(child)
                c.tail = child.tail
                dst.append(c)
        return dst
    local = qn.localname
    html = local in _HTML
    tag = f"{{{NS}}}{local if html else 'qti-' + kebab(local)}"
    dst = etree.Element(tag, nsmap={None: NS, "xsi": XSI}) if is_root else etree.Element(tag)
    for k, v in src.attrib.items():
        if k.startswith("{"):
            if k != f"{{{XSI}}}schemaLocation":
                dst.set(k, v)
        else:
            dst.set(k if html else kebab(k), v)
    holder = dst
    if local in _WRAPPED:
        if local == "rubricBlock":
            dst.set("use", "scoring")
        holder = etree.SubElement(dst, f"{{{NS}}}qti-content-body")
    holder.text = src.text
    for child in src:
        if isinstance(child.tag, str):
            c = _convert(child)
            c.tail = child.tail
            holder.append(c)
    return dst


class Qti30Exporter(Exporter):
    name = "qti30"

    def export(self, rendered: RenderedCourse) -> list[Artifact]:
        warn_decimal_comma(self, rendered, "qti")
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
