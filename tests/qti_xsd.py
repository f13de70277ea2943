"""Offline XSD validation of QTI/CP files: tests/support/xsd.py when it exists, else a local copy.

Schemas are the official files in ../shared/schemas beside the repository (see QTI-SOURCES.md); nothing is fetched.
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
from pathlib import Path

from lxml import etree
from shared_schemas import SCHEMAS


class _LocalOnly(etree.Resolver):
    """Map any schemaLocation to the file of the same name next to the importing schema."""

    def __init__(self, folder: Path):
        super().__init__()
        self.folder = folder

    def resolve(self, url, pubid, context):
        if "://" not in url and not url.endswith("-xml.xsd"):
            return None  # relative imports resolve next to the importing schema
        name = url.rsplit("/", 1)[-1]
        if name.endswith("-xml.xsd"):
            name = "xml.xsd"
        hits = sorted(self.folder.rglob(name))
        if hits:
            return self.resolve_filename(str(hits[0]), context)
        return None


@functools.cache
def schema(relpath: str) -> etree.XMLSchema:
    path = SCHEMAS / relpath
    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(_LocalOnly(path.parent if "qti21" not in relpath else SCHEMAS / "qti21"))
    return etree.XMLSchema(etree.parse(str(path), parser))


def errors(relpath: str, data: bytes) -> list[str]:
    doc = etree.fromstring(data, etree.XMLParser(no_network=True, resolve_entities=False))
    s = schema(relpath)
    if s.validate(doc):
        return []
    return [f"{e.line}: {e.message}" for e in s.error_log]


QTI21 = "qti21/qtiv2p1/imsqti_v2p1.xsd"
IMSCP = "imscp/imscp_v1p1.xsd"
QTI30 = "qti30/imsqti_asiv3p0p1_v1p0.xsd"
QTI30_CP = "qti30/imsqtiv3p0_imscpv1p2_v1p0.xsd"
QTI12 = "qti12/ims_qtiasiv1p2p1.xsd"

# The shared helper, once written, is the one to use; only its absence is tolerated, never its errors.
_shared = importlib.import_module("support.xsd") if importlib.util.find_spec("support.xsd") else None


def validate(kind: str, data: bytes) -> list[str]:
    """Errors of ``data`` against the schema for ``kind`` (qti21, imscp, qti30, qti30_cp, qti12)."""
    shared_fn = {
        "qti21": "validate_qti21",
        "imscp": "validate_imscp_manifest",
        "qti30": "validate_qti30",
        "qti30_cp": "validate_qti30_manifest",
        "qti12": "validate_qti12",
    }[kind]
    if _shared is not None and hasattr(_shared, shared_fn):
        result = getattr(_shared, shared_fn)(data)
        return list(result or [])
    return errors({"qti21": QTI21, "imscp": IMSCP, "qti30": QTI30, "qti30_cp": QTI30_CP, "qti12": QTI12}[kind], data)
