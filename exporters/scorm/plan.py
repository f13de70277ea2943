"""What goes into a SCORM package, independent of the SCORM version.

The exporter decides the SCOs (one for the whole course, or one per chapter) and which files
each one needs; the two manifest writers only turn this plan into XML. Identifiers are derived
from the course and chapter ids (never counters or hashes of content), so a rebuilt package
keeps its identifiers and an LMS that updates a package keeps its learners' tracking data.
"""

from __future__ import annotations

from dataclasses import dataclass, field


def xml_id(prefix: str, slug: str) -> str:
    """An xsd:ID from a slug: slugs may start with a digit, an NCName may not."""
    return f"{prefix}-{slug}"


@dataclass
class ScoPlan:
    key: str  # chapter id, or the course id for the single whole-course SCO
    title: str
    href: str  # launch page, package-relative
    files: list[str]  # files only this SCO's resource lists (its pages)
    mastery: float | None  # fraction 0..1 needed to pass; None when the SCO has no scored question

    @property
    def item_id(self) -> str:
        return xml_id("ITEM", self.key)

    @property
    def resource_id(self) -> str:
        return xml_id("RES", self.key)

    @property
    def objective_id(self) -> str:
        return xml_id("OBJ", self.key)


@dataclass
class PackageMetadata:
    """The LOM fields both versions carry."""

    title: str
    description: str  # plain text
    language: str  # BCP 47
    version: str
    keywords: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    license: str | None = None


@dataclass
class PackagePlan:
    course_id: str
    metadata: PackageMetadata
    scos: list[ScoPlan]
    shared_files: list[str]  # files every SCO uses (scripts, styles, assets): one asset resource
    per_chapter: bool = False

    @property
    def manifest_id(self) -> str:
        return xml_id("MANIFEST", self.course_id)

    @property
    def organization_id(self) -> str:
        return xml_id("ORG", self.course_id)

    @property
    def shared_resource_id(self) -> str:
        # "RES-" + chapter id could collide with a chapter called "shared"; "-" makes it unique
        # because slugs never start with "-".
        return "RES--shared"

    @property
    def all_files(self) -> list[str]:
        return sorted({f for s in self.scos for f in s.files} | set(self.shared_files))


def mastery_percent(fraction: float) -> str:
    """SCORM 1.2 masteryscore (CMIDecimal 0..100) from a passing fraction: ``0.7`` -> ``70``."""
    value = round(fraction * 100, 2)
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text or "0"


def measure(fraction: float) -> str:
    """An imsss measureType (decimal -1..1, at least 4 significant decimals kept)."""
    text = f"{round(fraction, 4):.4f}"
    return text
