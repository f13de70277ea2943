"""imsmanifest.xml for SCORM 2004 4th Edition (IMS CP 1.1.4, ADL CP/SEQ 1.3, IMS SS, IEEE LOM).

Sequencing is deliberately simple: the organization allows both flow (Continue/Previous, and
the LMS's automatic start) and choice (the table of contents); each SCO with scored questions
has a primary objective satisfied by measure (score.scaled >= the passing fraction), which the
runtime also writes as cmi.objectives.n; a SCO without scored questions declares no objective
and neither counts towards the course's success nor its measure, so a chapter of reading cannot
leave the course's success "unknown". Completion rolls up with
the default rules (the course is completed when every SCO is).
"""

from __future__ import annotations

from lxml import etree

from .lom import ieee_lom
from .manifest12 import href
from .plan import PackagePlan, ScoPlan, measure

CP_NS = "http://www.imsglobal.org/xsd/imscp_v1p1"
ADLCP_NS = "http://www.adlnet.org/xsd/adlcp_v1p3"
IMSSS_NS = "http://www.imsglobal.org/xsd/imsss"
LOM_NS = "http://ltsc.ieee.org/xsd/LOM"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"

SCHEMA_LOCATION = " ".join(
    [
        CP_NS,
        "imscp_v1p1.xsd",
        ADLCP_NS,
        "adlcp_v1p3.xsd",
        IMSSS_NS,
        "imsss_v1p0.xsd",
        LOM_NS,
        "lom.xsd",
    ]
)


def _cp(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    el = etree.SubElement(parent, f"{{{CP_NS}}}{tag}", attrs)
    if text is not None:
        el.text = text
    return el


def _ss(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    el = etree.SubElement(parent, f"{{{IMSSS_NS}}}{tag}", attrs)
    if text is not None:
        el.text = text
    return el


def _item_sequencing(item: etree._Element, sco: ScoPlan, weight: float | None) -> None:
    seq = _ss(item, "sequencing")
    # imsss order: controlMode, sequencingRules, limitConditions, auxiliaryResources, rollupRules, objectives, ...
    if sco.mastery is None:
        # Nothing to pass here: only completion counts for the course.
        _ss(seq, "rollupRules", rollupObjectiveSatisfied="false", objectiveMeasureWeight="0")
    elif weight is not None:
        _ss(seq, "rollupRules", objectiveMeasureWeight=measure(weight))
    if sco.mastery is not None:
        # The runtime writes this objective (cmi.objectives.n: status, score.scaled) with the score.
        objectives = _ss(seq, "objectives")
        primary = _ss(objectives, "primaryObjective", objectiveID=sco.objective_id, satisfiedByMeasure="true")
        _ss(primary, "minNormalizedMeasure", measure(sco.mastery))
    # A SCO with nothing to pass declares no objective: nothing would ever satisfy it.


def manifest_scorm2004(plan: PackagePlan, weights: dict[str, float] | None = None) -> bytes:
    """``weights``: per SCO key, its share of the course's points (for the rolled-up measure)."""
    nsmap = {None: CP_NS, "adlcp": ADLCP_NS, "imsss": IMSSS_NS, "xsi": XSI_NS}
    root = etree.Element(f"{{{CP_NS}}}manifest", nsmap=nsmap)
    root.set("identifier", plan.manifest_id)
    root.set("version", plan.metadata.version)
    root.set(f"{{{XSI_NS}}}schemaLocation", SCHEMA_LOCATION)

    metadata = _cp(root, "metadata")
    _cp(metadata, "schema", "ADL SCORM")
    _cp(metadata, "schemaversion", "2004 4th Edition")
    metadata.append(ieee_lom(plan.metadata, plan.course_id))

    orgs = _cp(root, "organizations", default=plan.organization_id)
    org = _cp(orgs, "organization", identifier=plan.organization_id)
    _cp(org, "title", plan.metadata.title)
    for sco in plan.scos:
        item = _cp(org, "item", identifier=sco.item_id, identifierref=sco.resource_id, isvisible="true")
        _cp(item, "title", sco.title)
        _item_sequencing(item, sco, (weights or {}).get(sco.key) if plan.per_chapter else None)
    org_seq = _ss(org, "sequencing")
    # flow: the LMS can start the course and offer Continue/Previous; choice: the TOC works.
    _ss(org_seq, "controlMode", choice="true", flow="true")

    resources = _cp(root, "resources")
    for sco in plan.scos:
        res = _cp(resources, "resource", identifier=sco.resource_id, type="webcontent", href=href(sco.href))
        res.set(f"{{{ADLCP_NS}}}scormType", "sco")
        for f in sorted(sco.files):
            _cp(res, "file", href=href(f))
        if plan.shared_files:
            _cp(res, "dependency", identifierref=plan.shared_resource_id)
    if plan.shared_files:
        res = _cp(resources, "resource", identifier=plan.shared_resource_id, type="webcontent")
        res.set(f"{{{ADLCP_NS}}}scormType", "asset")
        for f in sorted(plan.shared_files):
            _cp(res, "file", href=href(f))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
