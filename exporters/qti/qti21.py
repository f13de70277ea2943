"""Target ``qti21``: an IMS Content Package (CP 1.1) of QTI 2.1 items and tests.

Layout: ``imsmanifest.xml``, ``tests/<quiz>.xml``, ``items/<quiz>/<question>.xml`` and
``assets/...``. Every file is listed in the manifest; items depend on the asset
resources they show, tests on their items.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from coursekit.exporters import Artifact, Exporter, require_unique
from coursekit.exporters.decimal_comma import warn_decimal_comma

from .ids import ncname
from .package import QtiPackage, asset_resource_id, build_package, build_packages, file_of, same
from .qti_text import Node

if TYPE_CHECKING:
    from coursekit.render.rendered import RenderedCourse

CP_NS = "http://www.imsglobal.org/xsd/imscp_v1p1"
XSI = "http://www.w3.org/2001/XMLSchema-instance"


def cp_manifest(
    rendered: RenderedCourse,
    pkg: QtiPackage,
    *,
    ns: str,
    schema_location: str,
    schema: str,
    schemaversion: str,
    item_type: str,
    test_type: str,
    identifier: str,
) -> Node:
    """The manifest; QTI 2.1 (IMS CP 1.1) and QTI 3.0 (its CP profile) differ only in names.
    Plain nodes, written by ``file_of`` as the items are (a 10,000-question bank lists some
    40,000 elements)."""

    def e(parent: Node, tag: str, text: str | None = None, **attrs: str) -> Node:
        child = Node(f"{{{ns}}}{tag}", attrs, text)
        parent.children.append(child)
        return child

    root = Node(f"{{{ns}}}manifest", {"identifier": identifier, f"{{{XSI}}}schemaLocation": schema_location})
    md = e(root, "metadata")
    e(md, "schema", schema)
    e(md, "schemaversion", schemaversion)
    e(root, "organizations")
    resources = e(root, "resources")
    for test in pkg.tests:
        r = e(resources, "resource", identifier=ncname(f"test.{test.identifier}"), type=test_type, href=test.path)
        e(r, "file", href=test.path)
        for item in test.items:
            e(r, "dependency", identifierref=ncname(f"item.{item.identifier}"))
    assets: set[str] = set()
    for item in pkg.items:
        r = e(resources, "resource", identifier=ncname(f"item.{item.identifier}"), type=item_type, href=item.path)
        e(r, "file", href=item.path)
        for path in sorted(item.assets):
            e(r, "dependency", identifierref=asset_resource_id(path))
            assets.add(path)
    for path in sorted(assets):
        r = e(resources, "resource", identifier=asset_resource_id(path), type="webcontent", href=path)
        e(r, "file", href=path)
    return root


def require_unique_manifest_ids(target: str, manifest: Node, rendered: RenderedCourse) -> None:
    """Every identifier of the manifest (xs:IDs) is distinct (``require_unique_xml_ids``)."""
    require_unique(target, "identifier", _identifiers(manifest), rendered.course.loc)


def _identifiers(node: Node):
    """The ``identifier`` attributes of ``node`` and its descendants, in document order."""
    value = node.attrib.get("identifier")
    if value is not None:
        yield value
    for child in node.children:
        if isinstance(child, Node):
            yield from _identifiers(child)


def asset_files(rendered: RenderedCourse, pkg: QtiPackage) -> dict[str, bytes]:
    paths = sorted({p for item in pkg.items for p in item.assets})
    return {p: rendered.assets[p].data for p in paths}


class Qti21Exporter(Exporter):
    name = "qti21"

    def export(self, rendered: RenderedCourse) -> list[Artifact]:
        warn_decimal_comma(self, rendered, "qti")
        if "qti30" in rendered.coming:
            # QTI 3.0 is exported next in this process: its items are these trees converted,
            # so each is built once and the 3.0 package is handed on (RenderedCourse.shared).
            from .qti30 import QTI30_PACKAGE, to_qti30  # qti30 imports this module

            pkg, rendered.shared[QTI30_PACKAGE] = build_packages(self, rendered, (same, to_qti30))
        else:
            pkg = build_package(self, rendered)
        course_id = rendered.course.id
        manifest = cp_manifest(
            rendered,
            pkg,
            ns=CP_NS,
            schema_location=f"{CP_NS} http://www.imsglobal.org/xsd/imscp_v1p1.xsd",
            schema="QTIv2.1 Package",
            schemaversion="1.0.0",
            item_type="imsqti_item_xmlv2p1",
            test_type="imsqti_test_xmlv2p1",
            identifier=ncname(f"{course_id}-qti21"),
        )
        require_unique_manifest_ids(self.name, manifest, rendered)
        files = {"imsmanifest.xml": file_of(manifest)}
        for test in pkg.tests:
            files[test.path] = test.data
        for item in pkg.items:
            files[item.path] = item.data
        files.update(asset_files(rendered, pkg))
        return [Artifact(f"{course_id}-qti21.zip", "zip", files)]
