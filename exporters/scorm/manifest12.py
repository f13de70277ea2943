"""imsmanifest.xml for SCORM 1.2 (IMS CP 1.1.2 + ADL CP 1.2 + IMS MD 1.2.1).

Written for the LMS parsers that exist, not only for the XSDs: the ADL namespace is bound
to the literal prefix ``adlcp`` (Moodle matches ``ADLCP:SCORMTYPE`` by name), and
``<schemaversion>`` reads exactly ``1.2``.
"""

from __future__ import annotations

from urllib.parse import quote

from lxml import etree

from .lom import imsmd_lom
from .plan import PackagePlan, ScoPlan, mastery_percent

CP_NS = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
ADLCP_NS = "http://www.adlnet.org/xsd/adlcp_rootv1p2"
IMSMD_NS = "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"

SCHEMA_LOCATION = " ".join(
    [
        CP_NS,
        "imscp_rootv1p1p2.xsd",
        IMSMD_NS,
        "imsmd_rootv1p2p1.xsd",
        ADLCP_NS,
        "adlcp_rootv1p2.xsd",
    ]
)


def _cp(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    el = etree.SubElement(parent, f"{{{CP_NS}}}{tag}", attrs)
    if text is not None:
        el.text = text
    return el


def href(path: str) -> str:
    """A package path as a URI reference (spaces and non-ASCII percent-encoded)."""
    return quote(path, safe="/-._~")


def _resource(
    resources: etree._Element, identifier: str, scormtype: str, files: list[str], launch: str | None, depends: list[str]
) -> None:
    attrs = {"identifier": identifier, "type": "webcontent", f"{{{ADLCP_NS}}}scormtype": scormtype}
    if launch is not None:
        attrs["href"] = href(launch)
    res = _cp(resources, "resource", **attrs)
    for f in sorted(files):
        _cp(res, "file", href=href(f))
    for dep in depends:
        _cp(res, "dependency", identifierref=dep)


def _item(parent: etree._Element, sco: ScoPlan) -> None:
    item = _cp(parent, "item", identifier=sco.item_id, identifierref=sco.resource_id, isvisible="true")
    _cp(item, "title", sco.title)
    if sco.mastery is not None:
        mastery = etree.SubElement(item, f"{{{ADLCP_NS}}}masteryscore")
        mastery.text = mastery_percent(sco.mastery)


def manifest_scorm12(plan: PackagePlan) -> bytes:
    nsmap = {None: CP_NS, "adlcp": ADLCP_NS, "imsmd": IMSMD_NS, "xsi": XSI_NS}
    root = etree.Element(f"{{{CP_NS}}}manifest", nsmap=nsmap)
    root.set("identifier", plan.manifest_id)
    # The SCORM 1.2 CP schema caps this attribute at 20 characters; the LOM keeps it whole.
    root.set("version", plan.metadata.version[:20])
    root.set(f"{{{XSI_NS}}}schemaLocation", SCHEMA_LOCATION)

    metadata = _cp(root, "metadata")
    _cp(metadata, "schema", "ADL SCORM")
    _cp(metadata, "schemaversion", "1.2")
    metadata.append(imsmd_lom(plan.metadata))

    orgs = _cp(root, "organizations", default=plan.organization_id)
    org = _cp(orgs, "organization", identifier=plan.organization_id)
    _cp(org, "title", plan.metadata.title)
    for sco in plan.scos:
        _item(org, sco)

    resources = _cp(root, "resources")
    shared = [plan.shared_resource_id] if plan.shared_files else []
    for sco in plan.scos:
        _resource(resources, sco.resource_id, "sco", sco.files, sco.href, shared)
    if plan.shared_files:
        _resource(resources, plan.shared_resource_id, "asset", plan.shared_files, None, [])
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
