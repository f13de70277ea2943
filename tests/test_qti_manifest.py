"""The QTI packages' manifest is written as text in its final form: the bytes lxml's
pretty_print gives the tree it describes (the tree the targets built before, rebuilt here as
the reference), and its identifiers (xs:IDs) are refused twice as ``require_unique_xml_ids``
refuses them in that tree."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from lxml import etree

from coursekit.diagnostics import CourseError, Location
from coursekit.exporters import require_unique_xml_ids
from coursekit.exporters.qti import package
from coursekit.exporters.qti.ids import ncname
from coursekit.exporters.qti.qti21 import CP_NS, XSI, cp_manifest

LOC = Location("course.yaml", 1, 1)
RENDERED = SimpleNamespace(course=SimpleNamespace(loc=LOC))
NAMES = dict(
    ns=CP_NS,
    schema_location=f"{CP_NS} x.xsd",
    schema="QTIv2.1 Package",
    schemaversion="1.0.0",
    item_type="imsqti_item_xmlv2p1",
    test_type="imsqti_test_xmlv2p1",
    identifier="course-qti21",
)


def a_package(items: list[tuple[str, set[str]]], tests: int = 1) -> package.QtiPackage:
    files = [package.ItemFile(f"items/q/{i}.xml", ident, assets, b"") for i, (ident, assets) in enumerate(items)]
    return package.QtiPackage(
        [package.TestFile(f"tests/q{t}.xml", f"q{t}", "Q", b"", files if t == 0 else []) for t in range(tests)]
    )


def as_lxml_builds_it(pkg: package.QtiPackage) -> etree._Element:
    """The manifest as the targets built it with lxml."""
    ns = NAMES["ns"]

    def e(parent, tag, text=None, **attrs):
        child = etree.SubElement(parent, f"{{{ns}}}{tag}")
        for k, v in attrs.items():
            child.set(k, v)
        if text is not None:
            child.text = text
        return child

    root = etree.Element(f"{{{ns}}}manifest", nsmap={None: ns, "xsi": XSI})
    root.set("identifier", NAMES["identifier"])
    root.set(f"{{{XSI}}}schemaLocation", NAMES["schema_location"])
    md = e(root, "metadata")
    e(md, "schema", NAMES["schema"])
    e(md, "schemaversion", NAMES["schemaversion"])
    e(root, "organizations")
    resources = e(root, "resources")
    for test in pkg.tests:
        r = e(
            resources, "resource", identifier=ncname(f"test.{test.identifier}"), type=NAMES["test_type"], href=test.path
        )
        e(r, "file", href=test.path)
        for item in test.items:
            e(r, "dependency", identifierref=ncname(f"item.{item.identifier}"))
    assets: set[str] = set()
    for item in pkg.items:
        r = e(
            resources, "resource", identifier=ncname(f"item.{item.identifier}"), type=NAMES["item_type"], href=item.path
        )
        e(r, "file", href=item.path)
        for path in sorted(item.assets):
            e(r, "dependency", identifierref=package.asset_resource_id(path))
            assets.add(path)
    for path in sorted(assets):
        r = e(resources, "resource", identifier=package.asset_resource_id(path), type="webcontent", href=path)
        e(r, "file", href=path)
    return root


PATHS = st.text(st.sampled_from("ab.-_ &<>\"'\té/"), min_size=1, max_size=6).map(lambda s: f"assets/{s}.png")


def _unique_ids(manifest) -> bool:
    try:
        require_unique_xml_ids("qti21", manifest, LOC)
    except CourseError:
        return False
    return True


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(["q.a", "q.b", "q.c", "q.d"]), st.sets(PATHS, max_size=3)),
        max_size=4,
        unique_by=lambda t: t[0],
    ),
    st.integers(0, 2),
)
def test_the_manifest_is_what_lxml_pretty_prints(items, tests):
    pkg = a_package(items, tests)
    expected = as_lxml_builds_it(pkg)
    assume(_unique_ids(expected))  # two asset paths with one identifier: the next test's
    assert cp_manifest("qti21", RENDERED, pkg, **NAMES) == package.xml_bytes(expected)


def test_a_duplicate_identifier_is_refused_as_in_the_lxml_tree():
    duplicated = a_package([("q.a b", set()), ("q.a-b", set())])  # one NCName
    with pytest.raises(CourseError) as ours:
        cp_manifest("qti21", RENDERED, duplicated, **NAMES)
    with pytest.raises(CourseError) as lxmls:
        require_unique_xml_ids("qti21", as_lxml_builds_it(duplicated), LOC)
    assert "'item.q.a-b' twice" in str(ours.value)
    assert str(ours.value) == str(lxmls.value)


def test_a_character_xml_cannot_hold_raises_lxmls_error():
    pkg = a_package([("q.a", {"assets/bell\x07.png"})])
    with pytest.raises(ValueError) as ours:
        cp_manifest("qti21", RENDERED, pkg, **NAMES)
    with pytest.raises(ValueError) as lxmls:
        as_lxml_builds_it(pkg)
    assert str(ours.value) == str(lxmls.value)


def test_an_empty_package_lists_no_resource():
    data = cp_manifest("qti21", RENDERED, package.QtiPackage([]), **NAMES)
    assert data == package.xml_bytes(as_lxml_builds_it(package.QtiPackage([])))
    assert b"<resources/>" in data
