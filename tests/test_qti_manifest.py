"""The QTI packages' manifest is built as plain nodes and written as the items are; its
identifiers (xs:IDs) are checked as ``require_unique_xml_ids`` checks an lxml tree."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from lxml import etree

from coursekit.diagnostics import CourseError, Location
from coursekit.exporters import require_unique_xml_ids
from coursekit.exporters.qti import package
from coursekit.exporters.qti.qti21 import CP_NS, cp_manifest, require_unique_manifest_ids

LOC = Location("course.yaml", 1, 1)
RENDERED = SimpleNamespace(course=SimpleNamespace(loc=LOC))


def manifest(*item_ids: str):
    items = [package.ItemFile(f"items/q/{i}.xml", ident, {"assets/a & b.png"}, b"") for i, ident in enumerate(item_ids)]
    pkg = package.QtiPackage([package.TestFile("tests/q.xml", "q", "Q <1>", b"", items)])
    return cp_manifest(
        RENDERED,
        pkg,
        ns=CP_NS,
        schema_location=f"{CP_NS} x.xsd",
        schema="QTIv2.1 Package",
        schemaversion="1.0.0",
        item_type="imsqti_item_xmlv2p1",
        test_type="imsqti_test_xmlv2p1",
        identifier="course-qti21",
    )


def test_the_manifest_is_written_as_lxml_pretty_prints_it():
    data = package.file_of(manifest("q.a", "q.b"))
    assert etree.tostring(etree.fromstring(data), xml_declaration=True, encoding="UTF-8", pretty_print=True) == data
    assert b'<resource identifier="item.q.a" type="imsqti_item_xmlv2p1" href="items/q/0.xml">' in data
    assert b'href="assets/a &amp; b.png"' in data and b"<organizations/>" in data


def test_a_duplicate_identifier_is_refused_as_in_the_lxml_tree():
    duplicated = manifest("q.a b", "q.a-b")  # one NCName
    with pytest.raises(CourseError) as ours:
        require_unique_manifest_ids("qti21", duplicated, RENDERED)
    with pytest.raises(CourseError) as lxmls:
        require_unique_xml_ids("qti21", etree.fromstring(package.file_of(duplicated)), LOC)
    assert "'item.q.a-b' twice" in str(ours.value)
    assert str(ours.value) == str(lxmls.value)
    require_unique_manifest_ids("qti21", manifest("q.a", "q.b"), RENDERED)
