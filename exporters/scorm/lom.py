"""LOM metadata for the manifest: IMS MD 1.2.1 (SCORM 1.2) and IEEE LOM (SCORM 2004).

Both carry the same fields (title, description, language, version, keywords, authors,
licence); they differ in element names and how a language string is written.
"""

from __future__ import annotations

from lxml import etree

from .plan import PackageMetadata

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
IMSMD_NS = "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1"
LOM_NS = "http://ltsc.ieee.org/xsd/LOM"


def vcard(name: str) -> str:
    """A minimal vCard for an author (LOM's entity format); ``,`` ``;`` ``\\`` escaped per RFC 2426."""
    escaped = name.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;").replace("\n", " ")
    return f"BEGIN:VCARD\nVERSION:3.0\nFN:{escaped}\nN:{escaped}\nEND:VCARD"


def _sub(parent: etree._Element, ns: str, tag: str, text: str | None = None) -> etree._Element:
    el = etree.SubElement(parent, f"{{{ns}}}{tag}")
    if text is not None:
        el.text = text
    return el


def imsmd_lom(meta: PackageMetadata) -> etree._Element:
    """``<imsmd:lom>`` as IMS Meta-data 1.2.1 (the binding SCORM 1.2 names)."""
    ns = IMSMD_NS
    lom = etree.Element(f"{{{ns}}}lom", nsmap={"imsmd": ns})

    def langstring(parent: etree._Element, tag: str, text: str, lang: str | None = meta.language) -> None:
        ls = _sub(_sub(parent, ns, tag), ns, "langstring", text)
        if lang:
            ls.set(XML_LANG, lang)

    def vocab(parent: etree._Element, tag: str, value: str) -> None:
        el = _sub(parent, ns, tag)
        langstring(el, "source", "LOMv1.0", "x-none")
        langstring(el, "value", value, "x-none")

    general = _sub(lom, ns, "general")
    langstring(general, "title", meta.title)
    _sub(general, ns, "language", meta.language)
    if meta.description:
        langstring(general, "description", meta.description)
    for kw in meta.keywords:
        langstring(general, "keyword", kw)

    lifecycle = _sub(lom, ns, "lifecycle")
    langstring(lifecycle, "version", meta.version)
    for author in meta.authors:
        contribute = _sub(lifecycle, ns, "contribute")
        vocab(contribute, "role", "Author")
        _sub(_sub(contribute, ns, "centity"), ns, "vcard", vcard(author))

    metameta = _sub(lom, ns, "metametadata")
    _sub(metameta, ns, "metadatascheme", "ADL SCORM 1.2")

    technical = _sub(lom, ns, "technical")
    _sub(technical, ns, "format", "text/html")

    if meta.license:
        rights = _sub(lom, ns, "rights")
        vocab(rights, "cost", "no")
        vocab(rights, "copyrightandotherrestrictions", "yes")
        langstring(rights, "description", f"License: {meta.license}")
    return lom


def ieee_lom(meta: PackageMetadata, identifier: str) -> etree._Element:
    """``<lom:lom>`` as IEEE LOM (the ADL binding SCORM 2004 validates against, strict vocabulary)."""
    ns = LOM_NS
    # The "lom" prefix keeps LOM's <title> from being read as an item title by parsers that
    # match names without namespaces (Moodle's xmlize upper-cases "prefix:name").
    lom = etree.Element(f"{{{ns}}}lom", nsmap={"lom": ns})

    def langstring(parent: etree._Element, tag: str, text: str) -> None:
        s = _sub(_sub(parent, ns, tag), ns, "string", text)
        s.set("language", meta.language)

    def vocab(parent: etree._Element, tag: str, value: str) -> None:
        el = _sub(parent, ns, tag)
        _sub(el, ns, "source", "LOMv1.0")
        _sub(el, ns, "value", value)

    general = _sub(lom, ns, "general")
    ident = _sub(general, ns, "identifier")
    _sub(ident, ns, "catalog", "coursekit")
    _sub(ident, ns, "entry", identifier)
    langstring(general, "title", meta.title)
    _sub(general, ns, "language", meta.language)
    if meta.description:
        langstring(general, "description", meta.description)
    for kw in meta.keywords:
        langstring(general, "keyword", kw)

    lifecycle = _sub(lom, ns, "lifeCycle")
    langstring(lifecycle, "version", meta.version)
    for author in meta.authors:
        contribute = _sub(lifecycle, ns, "contribute")
        vocab(contribute, "role", "author")
        _sub(contribute, ns, "entity", vcard(author))

    metameta = _sub(lom, ns, "metaMetadata")
    _sub(metameta, ns, "metadataSchema", "LOMv1.0")
    _sub(metameta, ns, "metadataSchema", "SCORM_CAM_v1.3")

    technical = _sub(lom, ns, "technical")
    _sub(technical, ns, "format", "text/html")

    if meta.license:
        rights = _sub(lom, ns, "rights")
        vocab(rights, "cost", "no")
        vocab(rights, "copyrightAndOtherRestrictions", "yes")
        langstring(rights, "description", f"License: {meta.license}")
    return lom
