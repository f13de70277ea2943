"""Target ``qti21``: an IMS Content Package (CP 1.1) of QTI 2.1 items and tests.

Layout: ``imsmanifest.xml``, ``tests/<quiz>.xml``, ``items/<quiz>/<question>.xml`` and
``assets/...``. Every file is listed in the manifest; items depend on the asset
resources they show, tests on their items.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lxml import etree

from coursekit.exporters import Artifact, Exporter, require_unique
from coursekit.exporters.decimal_comma import warn_decimal_comma
from coursekit.exporters.xml_escape import NOT_XML, escape_attr, escape_text

from .ids import ncname
from .package import QtiPackage, asset_resource_id, build_package, build_packages, same

if TYPE_CHECKING:
    from coursekit.render.rendered import RenderedCourse

CP_NS = "http://www.imsglobal.org/xsd/imscp_v1p1"
XSI = "http://www.w3.org/2001/XMLSchema-instance"


def cp_manifest(
    target: str,
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
) -> bytes:
    """The manifest file; QTI 2.1 (IMS CP 1.1) and QTI 3.0 (its CP profile) differ only in names.

    Written as text in its final form, the bytes lxml's pretty_print gives the tree it describes
    (tests/test_qti_manifest.py holds the two side by side): a 10,000-question bank lists some
    40,000 elements, and building and serialising a tree of them was a tenth of the target's
    time. No element holds both text and elements, and a resource always holds its file, so
    every element is on a line of its own. Its identifiers (xs:IDs) must be distinct, as
    ``require_unique_xml_ids`` requires of a tree.
    """
    ids = [identifier]
    lines = [
        "<?xml version='1.0' encoding='UTF-8'?>",
        f'<manifest xmlns="{_attr(ns)}" xmlns:xsi="{XSI}" identifier="{_attr(identifier)}"'
        f' xsi:schemaLocation="{_attr(schema_location)}">',
        "  <metadata>",
        f"    <schema>{_text(schema)}</schema>",
        f"    <schemaversion>{_text(schemaversion)}</schemaversion>",
        "  </metadata>",
        "  <organizations/>",
    ]
    resources: list[str] = []

    def resource(ident: str, kind: str, href: str, dependencies: list[str]) -> None:
        ids.append(ident)
        href = _attr(href)
        resources.append(f'    <resource identifier="{_attr(ident)}" type="{_attr(kind)}" href="{href}">')
        resources.append(f'      <file href="{href}"/>')
        resources.extend([f'      <dependency identifierref="{_attr(d)}"/>' for d in dependencies])
        resources.append("    </resource>")

    for test in pkg.tests:
        items = [ncname(f"item.{item.identifier}") for item in test.items]
        resource(ncname(f"test.{test.identifier}"), test_type, test.path, items)
    assets: set[str] = set()
    for item in pkg.items:
        paths = sorted(item.assets)
        resource(ncname(f"item.{item.identifier}"), item_type, item.path, [asset_resource_id(p) for p in paths])
        assets.update(paths)
    for path in sorted(assets):
        resource(asset_resource_id(path), "webcontent", path, [])
    if resources:
        lines += ["  <resources>", *resources, "  </resources>"]
    else:
        lines.append("  <resources/>")
    lines.append("</manifest>\n")
    require_unique(target, "identifier", ids, rendered.course.loc)
    return "\n".join(lines).encode()


def _attr(value: str) -> str:
    _refuse_what_xml_cannot_hold(value)
    return escape_attr(value)


def _text(value: str) -> str:
    _refuse_what_xml_cannot_hold(value)
    return escape_text(value)


def _refuse_what_xml_cannot_hold(value: str) -> None:
    """lxml's own error for a value it would not set (as it refused when it built the tree)."""
    if NOT_XML.search(value) is not None:
        etree.Element("manifest").set("value", value)


def asset_files(rendered: RenderedCourse, pkg: QtiPackage) -> dict[str, bytes]:
    paths = sorted({p for item in pkg.items for p in item.assets})
    return {p: rendered.assets[p].data for p in paths}


class Qti21Exporter(Exporter):
    name = "qti21"

    def export(self, rendered: RenderedCourse) -> list[Artifact]:
        warn_decimal_comma(self, rendered, "qti")
        course_id = rendered.course.id
        # Each quiz's files go to the zip as soon as they are written (package.hand_over).
        out = self.output(f"{course_id}-qti21.zip", "zip")
        if "qti30" in rendered.coming:
            # QTI 3.0 is exported next in this process: its items are these trees converted,
            # so each is built once and the 3.0 package is handed on (RenderedCourse.shared).
            from .qti30 import QTI30_PACKAGE, to_qti30  # qti30 imports this module

            pkg, rendered.shared[QTI30_PACKAGE] = build_packages(self, rendered, (same, to_qti30), outputs=(out,))
        else:
            pkg = build_package(self, rendered, output=out)
        manifest = cp_manifest(
            self.name,
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
        out.add("imsmanifest.xml", manifest)
        for path, data in asset_files(rendered, pkg).items():
            out.add(path, data)
        return [out.close()]
