"""Target ``qti30``: the same items and tests as 1EdTech QTI 3.0, in a QTI 3.0 content package.

QTI 3.0 is QTI 2.x with new spelling: QTI elements become ``qti-`` + kebab-case
(``choiceInteraction`` -> ``qti-choice-interaction``), their attributes kebab-case
(``responseIdentifier`` -> ``response-identifier``), HTML and MathML stay as they are, and
modal feedback / rubric blocks wrap their content in ``qti-content-body``. The item and test
writers are one source of truth for scoring: built alone, this target has them write 3.0 names
directly (``qti_spelling.QTI30``); built beside qti21, the 2.1 trees are converted element by
element (``to_qti30``) rather than written twice. Both give the same bytes (tests/test_qti_spelling.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lxml import etree

from coursekit.exporters import Artifact, Exporter
from coursekit.exporters.decimal_comma import warn_decimal_comma

from . import qti21_items
from .ids import ncname
from .package import build_package, hand_over
from .qti21 import asset_files, cp_manifest
from .qti_spelling import HTML as _HTML
from .qti_spelling import NS30 as NS
from .qti_spelling import QTI30, XSI, kebab, mark_human_scored, qti30_name
from .qti_spelling import SCHEMA_LOCATION30 as SCHEMA_LOCATION
from .qti_spelling import WRAPPED as _WRAPPED
from .qti_text import MEMOS, GapMarkup, Node, Shared, inner_markup

if TYPE_CHECKING:
    from coursekit.render.rendered import RenderedCourse

CP_NS = "http://www.imsglobal.org/xsd/qti/qtiv3p0/imscp_v1p1"
CP_SCHEMA_LOCATION = f"{CP_NS} https://purl.imsglobal.org/spec/qti/v3p0/schema/xsd/imsqtiv3p0_imscpv1p2_v1p0.xsd"


def to_qti30(src):
    """Convert a QTI 2.1 assessmentItem / assessmentTest tree to QTI 3.0: the writers' tree of
    ``qti_text.Node``s (qti30 built beside qti21), or an lxml tree (a file read back). The tree
    is used up: its elements are renamed where they stand (a 10,000-question bank has ~700,000
    of them, and building each again was most of this target's time)."""
    if type(src) is Node:
        return _nodes_to_qti30(src)
    root = etree.Element(_tag(etree.QName(src).localname), nsmap={None: NS, "xsi": XSI})
    _set_attributes(root, list(src.attrib.items()), html=False)
    root.text = src.text
    for child in list(src):
        root.append(child)  # a comment or processing instruction goes with the rest, below
    _convert_descendants(root)
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


def _convert_descendants(root: etree._Element) -> None:
    """Rename ``root``'s descendants for 3.0 where they stand (see ``to_qti30``)."""
    for node in list(root.iterdescendants()):
        # What a 2.1 tag becomes is looked up by the whole tag (a few dozen QTI and HTML names
        # per bank), rather than tested and spelled again for each of the ~700,000 elements.
        plan = _PLANS.get(node.tag)
        if plan is None:
            plan = _plan(node.tag)
            if plan is _DROP:  # comments and processing instructions are not carried over
                node.getparent().remove(node)  # with its tail, as before
                continue
        if plan is _KEEP:
            continue  # MathML keeps its names and its own default namespace
        tag, html, wrapped = plan
        node.tag = tag
        if node.attrib:
            _rename_attributes(node, html)
        if wrapped:
            if tag == _RUBRIC_BLOCK:
                node.set("use", "scoring")
            body = etree.Element(f"{{{NS}}}qti-content-body")
            body.text, node.text = node.text, None
            body.extend(list(node))
            node.append(body)


def _nodes_to_qti30(root: Node) -> Node:
    """``to_qti30`` of the writers' nodes: what it makes of their lxml tree, renamed in place
    (as ``qti_spelling.QTI30`` would have written them)."""
    root.tag = _tag(root.tag[len(_QTI21) :])
    attrib = {k: v for k, v in root.attrib.items() if k != _SCHEMA_LOCATION}
    root.attrib = {k if k.startswith("{") else kebab(k): v for k, v in attrib.items()}
    root.attrib[_SCHEMA_LOCATION] = SCHEMA_LOCATION
    if _convert_nodes(root) and root.tag == f"{{{NS}}}qti-assessment-item":
        mark_human_scored(root, NS)
    return root


_EXTENDED_TEXT = f"{{{NS}}}qti-extended-text-interaction"


def _convert_nodes(parent: Node) -> bool:
    """Rename ``parent``'s descendants for 3.0; whether a qti-extended-text-interaction is among
    them (converted markup holds no interaction but a fill-in gap's)."""
    essay = False
    children = parent.children
    for i, node in enumerate(children):
        if type(node) is Shared:
            children[i] = _shared_to_qti30(node)  # a shared node holds no interaction (see item())
            continue
        if type(node) is not Node:
            if type(node) is GapMarkup:
                children[i] = GapMarkup(_markup_to_qti30(node))
            continue  # other markup is HTML and MathML, spelt alike in both
        plan = _PLANS.get(node.tag)
        if plan is None:
            plan = _plan(node.tag)
        if plan is not _KEEP:
            tag, html, wrapped = plan
            node.tag = tag
            if node.attrib:
                node.attrib = _renamed_attributes(node.attrib, html)
            if wrapped:
                if tag == _RUBRIC_BLOCK:
                    node.set("use", "scoring")
                node.children = [Node(f"{{{NS}}}qti-content-body", {}, node.text, node.children)]
                node.text = None
            elif tag == _EXTENDED_TEXT:
                essay = True
        if node.children and _convert_nodes(node):
            essay = True
    return essay


# By id of a 2.1 shared node: it, and its 3.0 twin (converted once; kept, so the id stays its).
_SHARED30: dict[int, tuple[Shared, Shared]] = {}
MEMOS.append(_SHARED30)


def _shared_to_qti30(node: Shared) -> Shared:
    """A shared node's 3.0 twin, shared in turn (made once; a shared node is not changed in place,
    and its descendants are all shared or markup)."""
    known = _SHARED30.get(id(node))
    if known is not None:
        return known[1]
    children = [_child_to_qti30(c) for c in node.children]
    plan = _PLANS.get(node.tag) or _plan(node.tag)
    if plan is _KEEP:
        twin = Shared(node.tag, node.attrib, node.text, children)
    else:
        tag, html, wrapped = plan
        attrib = _renamed_attributes(node.attrib, html) if node.attrib else {}
        text = node.text
        if wrapped:
            if tag == _RUBRIC_BLOCK:
                attrib = {**attrib, "use": "scoring"}
            children, text = [Shared(f"{{{NS}}}qti-content-body", {}, text, children)], None
        twin = Shared(tag, attrib, text, children)
    twin.tail = node.tail
    if len(_SHARED30) >= 20_000:
        _SHARED30.clear()
    _SHARED30[id(node)] = (node, twin)
    return twin


def _child_to_qti30(child: Node | str) -> Node | str:
    if type(child) is Shared:
        return _shared_to_qti30(child)
    if type(child) is GapMarkup:
        return GapMarkup(_markup_to_qti30(child))
    if isinstance(child, str):
        return child
    raise TypeError("a shared node holds shared nodes only")


def _plan_for(names: tuple[str, ...], html: bool):
    """``_attribute_plan`` of the names, remembered: a bank has a few dozen name lists."""
    key = (html, names)
    try:
        return _ATTRIBUTE_PLANS[key]
    except KeyError:
        plan = _ATTRIBUTE_PLANS[key] = _attribute_plan(names, html)
        return plan


def _renamed_attributes(attrib: dict[str, str], html: bool) -> dict[str, str]:
    plan = _plan_for(tuple(attrib), html)
    if plan is None:
        return attrib
    return {name: value for name, value in zip(plan, attrib.values(), strict=True) if name is not None}


def _markup_to_qti30(markup: str) -> str:
    """Converted fill-in markup (its gaps are QTI 2.1 interactions) in 3.0, as lxml writes it."""
    holder = etree.fromstring(f'<w xmlns="{qti21_items.NS}">{markup}</w>')
    _convert_descendants(holder)
    out = etree.Element(f"{{{NS}}}w", nsmap={None: NS})
    out.text = holder.text
    out.extend(list(holder))
    etree.cleanup_namespaces(out)
    return inner_markup(out)


_QTI21 = f"{{{qti21_items.NS}}}"
_SCHEMA_LOCATION = f"{{{XSI}}}schemaLocation"
_RUBRIC_BLOCK = f"{{{NS}}}qti-rubric-block"

# A node's plan: its 3.0 tag, whether it is HTML (attributes keep their names) and whether its
# content moves into a qti-content-body; or _KEEP (MathML, other namespaces) or _DROP (comments
# and processing instructions, whose tag is not a string; those are never remembered).
_KEEP = ("keep",)
_DROP = ("drop",)
_PLANS: dict[str, tuple] = {}


def _plan(tag: object) -> tuple:
    if not isinstance(tag, str):
        return _DROP
    if not tag.startswith(_QTI21):
        plan = _KEEP
    else:
        local = tag[len(_QTI21) :]
        plan = (_tag(local), local in _HTML, local in _WRAPPED)
    _PLANS[tag] = plan
    return plan


def _tag(local: str) -> str:
    return f"{{{NS}}}{qti30_name(local)}"


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


# By (html, attribute names in order): None when _set_attributes would set them again as they
# are (most elements: identifier, cardinality...), else each one's 3.0 name (None: dropped).
_ATTRIBUTE_PLANS: dict[tuple[bool, tuple[str, ...]], list[str | None] | None] = {}


def _rename_attributes(node: etree._Element, html: bool) -> None:
    """``_set_attributes(node, node.items(), html=html)``, from a plan remembered by the names:
    a bank has a few dozen name lists, and setting unchanged attributes again changes nothing."""
    plan = _plan_for(tuple(node.keys()), html)
    if plan is None:
        return
    values = node.values()
    node.attrib.clear()
    for name, value in zip(plan, values, strict=True):
        if name is not None:
            node.set(name, value)


def _attribute_plan(names: tuple[str, ...], html: bool) -> list[str | None] | None:
    renamed = [
        (None if k == f"{{{XSI}}}schemaLocation" else k) if k.startswith("{") else (k if html else kebab(k))
        for k in names
    ]
    return None if renamed == list(names) else renamed


# RenderedCourse.shared: the QTI 3.0 package the qti21 exporter built from its own trees.
QTI30_PACKAGE = "qti30-package"


class Qti30Exporter(Exporter):
    name = "qti30"

    def export(self, rendered: RenderedCourse) -> list[Artifact]:
        warn_decimal_comma(self, rendered, "qti")
        course_id = rendered.course.id
        out = self.output(f"{course_id}-qti30.zip", "zip")
        pkg = rendered.shared.pop(QTI30_PACKAGE, None)  # made beside QTI 2.1's package, when it was
        if pkg is None:
            # Written in 3.0 directly (qti_spelling), not converted from 2.1 trees built for it;
            # each quiz's files go to the zip as soon as they are written (package.hand_over).
            pkg = build_package(self, rendered, spelling=QTI30, output=out)
        else:
            for test in pkg.tests:
                hand_over(test, out)
        manifest = cp_manifest(
            self.name,
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
        out.add("imsmanifest.xml", manifest)
        for path, data in asset_files(rendered, pkg).items():
            out.add(path, data)
        return [out.close()]
