"""``imsmanifest.xml`` in the Common Cartridge 1.1 profile (cc11/ccv1p1_imscp_v1p2_v1p0.xsd).

The CC namespace is the *default* namespace of the root element, declared first: Moodle
recognises a CC 1.1 package by finding ``xmlns="http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"``
in the manifest's first 500 bytes (backup/converter/imscc11/lib.php ``detect_format``), and
Canvas's CSS lookups of ``metadata schema`` resolve names in the root's default namespace
(lib/canvas/migration/package_identifier.rb).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from coursekit.exporters.scorm.lom import vcard

CC_NS = "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"
LOMM_NS = "http://ltsc.ieee.org/xsd/imsccv1p1/LOM/manifest"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATION = (
    f"{CC_NS} http://www.imsglobal.org/profile/cc/ccv1p1/ccv1p1_imscp_v1p2_v1p0.xsd "
    f"{LOMM_NS} http://www.imsglobal.org/profile/cc/ccv1p1/LOM/ccv1p1_lommanifest_v1p0.xsd"
)


@dataclass
class Resource:
    ident: str
    type: str
    href: str | None
    files: list[str]
    dependencies: list[str] = field(default_factory=list)


@dataclass
class Item:
    """An organization item: a title, and a resource (``ref``) or child items."""

    ident: str
    title: str
    ref: str | None = None
    children: list[Item] = field(default_factory=list)


@dataclass
class CourseMetadata:
    id: str
    title: str
    language: str
    description: str  # plain text
    version: str
    authors: list[str]
    keywords: list[str]
    license: str | None


def _cc(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    e = etree.SubElement(parent, f"{{{CC_NS}}}{tag}", attrs)
    if text is not None:
        e.text = text
    return e


def _lom(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    e = etree.SubElement(parent, f"{{{LOMM_NS}}}{tag}", attrs)
    if text is not None:
        e.text = text
    return e


def lom(parent: etree._Element, meta: CourseMetadata) -> None:
    """LOM in the CC manifest profile: general (identifier, title, language, description,
    keywords), lifeCycle (authors; the profile allows only ``contribute``, so the version is a
    second general identifier), rights (licence)."""
    root = _lom(parent, "lom")
    general = _lom(root, "general")
    for catalog, entry in (("coursekit:course", meta.id), ("coursekit:version", meta.version)):
        ident = _lom(general, "identifier")
        _lom(ident, "catalog", catalog)
        _lom(ident, "entry", entry)

    def langstring(parent: etree._Element, tag: str, text: str) -> None:
        _lom(_lom(parent, tag), "string", text, language=meta.language)

    langstring(general, "title", meta.title)
    _lom(general, "language", meta.language)
    if meta.description:
        langstring(general, "description", meta.description)
    for keyword in meta.keywords:
        langstring(general, "keyword", keyword)
    if meta.authors:
        life = _lom(root, "lifeCycle")
        for author in meta.authors:
            contribute = _lom(life, "contribute")
            _lom(_lom(contribute, "role"), "value", "author")
            _lom(contribute, "entity", vcard(author))
    if meta.license:
        rights = _lom(root, "rights")
        _lom(_lom(rights, "copyrightAndOtherRestrictions"), "value", "yes")
        langstring(rights, "description", f"{meta.license} (https://spdx.org/licenses/{meta.license}.html)")


def manifest(meta: CourseMetadata, items: list[Item], resources: list[Resource]) -> etree._Element:
    root = etree.Element(f"{{{CC_NS}}}manifest", nsmap={None: CC_NS, "lomimscc": LOMM_NS, "xsi": XSI})
    root.set("identifier", f"manifest.{meta.id}")
    root.set(f"{{{XSI}}}schemaLocation", SCHEMA_LOCATION)
    md = _cc(root, "metadata")
    _cc(md, "schema", "IMS Common Cartridge")
    _cc(md, "schemaversion", "1.1.0")
    lom(md, meta)
    organization = _cc(
        _cc(root, "organizations"), "organization", identifier="org.course", structure="rooted-hierarchy"
    )
    top = _cc(organization, "item", identifier="org.root")

    def add(parent: etree._Element, item: Item) -> None:
        node = _cc(parent, "item", identifier=item.ident, **({"identifierref": item.ref} if item.ref else {}))
        _cc(node, "title", item.title)
        for child in item.children:
            add(node, child)

    for item in items:
        add(top, item)
    holder = _cc(root, "resources")
    for res in resources:
        node = _cc(holder, "resource", identifier=res.ident, type=res.type, **({"href": res.href} if res.href else {}))
        for path in res.files:
            _cc(node, "file", href=path)
        for dep in res.dependencies:
            _cc(node, "dependency", identifierref=dep)
    return root
