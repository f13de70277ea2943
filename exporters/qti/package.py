"""What every QTI flavour shares: which items a quiz holds, where files go, XML bytes.

The QTI 2.1 tree is the source of truth: ``quiz_files`` writes one item per concrete
question (every variant) and one test per quiz; the 3.0 exporter converts those trees.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from lxml import etree

from coursekit.exporters import require_unique_at
from coursekit.fanout import quiz_map

from .ids import ncname
from .qti21_items import Qti21ItemWriter
from .qti21_test import build_test

if TYPE_CHECKING:
    from coursekit.exporters import Exporter
    from coursekit.render.rendered import RenderedCourse, RenderedQuiz


def xml_bytes(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


@dataclass
class ItemFile:
    path: str  # package path, e.g. "items/quiz-id/question-id.xml"
    identifier: str
    assets: set[str]  # asset paths the item shows
    data: bytes  # the item's XML file


@dataclass
class TestFile:
    path: str
    identifier: str
    title: str
    data: bytes  # the test's XML file
    items: list[ItemFile] = field(default_factory=list)


@dataclass
class QtiPackage:
    tests: list[TestFile]

    @property
    def items(self) -> list[ItemFile]:
        return [i for t in self.tests for i in t.items]


def item_identifier(quiz_id: str, question_id: str) -> str:
    # Slugs hold no '.', so "quiz.question" is unique across the course.
    return ncname(f"{quiz_id}.{question_id}")


def _same(element: etree._Element) -> etree._Element:
    return element


def quiz_files(
    rendered: RenderedCourse, rq: RenderedQuiz, convert: Callable[[etree._Element], etree._Element] = _same
) -> TestFile:
    """One quiz as a QTI 2.1 test and its items (every variant), each passed through
    ``convert`` (QTI 3.0 converts the 2.1 trees) and serialised."""
    writer = Qti21ItemWriter(rendered, rq, asset_prefix="../../")
    slots: list[list[ItemFile]] = []
    for slot in rq.slots:
        group = []
        for question in slot.variants:
            built = writer.item(question, item_identifier(rq.quiz.id, question.id))
            group.append(
                ItemFile(
                    f"items/{rq.quiz.id}/{question.id}.xml",
                    built.identifier,
                    set(built.assets),
                    xml_bytes(convert(built.element)),
                )
            )
        slots.append(group)
    # Every item is a file and a manifest resource named by its identifier: a duplicate would
    # overwrite one question with another and list it twice.
    items = [i for g in slots for i in g]
    questions = [q for slot in rq.slots for q in slot.variants]
    require_unique_at("QTI", "item", ((i.identifier, q) for i, q in zip(items, questions, strict=True)))
    element = build_test(rq, slots, href_prefix="../")
    return TestFile(
        f"tests/{rq.quiz.id}.xml",
        element.get("identifier"),
        rq.quiz.title,
        xml_bytes(convert(element)),
        items,
    )


def build_package(
    exporter: Exporter, rendered: RenderedCourse, convert: Callable[[etree._Element], etree._Element] = _same
) -> QtiPackage:
    """Every quiz of the course (spread over processes for big banks, see coursekit.fanout)."""
    return QtiPackage(quiz_map(exporter, rendered, lambda rq: quiz_files(rendered, rq, convert)))


def asset_resource_id(path: str) -> str:
    return ncname("asset." + path.removeprefix("assets/"))
