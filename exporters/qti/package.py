"""What every QTI flavour shares: which items a quiz holds, where files go, XML bytes.

The QTI 2.1 tree is the source of truth: ``build_qti21`` writes one item per concrete
question (every variant) and one test per quiz; the 3.0 exporter converts those trees.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from lxml import etree

from .ids import ncname
from .qti21_items import BuiltItem, Qti21ItemWriter
from .qti21_test import build_test

if TYPE_CHECKING:
    from coursekit.render.rendered import RenderedCourse, RenderedQuiz


def xml_bytes(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


@dataclass
class ItemFile:
    path: str  # package path, e.g. "items/quiz-id/question-id.xml"
    item: BuiltItem


@dataclass
class TestFile:
    path: str
    identifier: str
    title: str
    element: etree._Element
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


def build_qti21(rendered: "RenderedCourse") -> QtiPackage:
    tests: list[TestFile] = []
    for rq in rendered.quizzes:
        writer = Qti21ItemWriter(rendered, rq, asset_prefix="../../")
        slots: list[list[ItemFile]] = []
        for slot in rq.slots:
            group = []
            for question in slot.variants:
                ident = item_identifier(rq.quiz.id, question.id)
                group.append(ItemFile(f"items/{rq.quiz.id}/{question.id}.xml", writer.item(question, ident)))
            slots.append(group)
        test_path = f"tests/{rq.quiz.id}.xml"
        element = build_test(rq, slots, href_prefix="../")
        tests.append(TestFile(test_path, element.get("identifier"), rq.quiz.title, element, [i for g in slots for i in g]))
    return QtiPackage(tests)


def asset_resource_id(path: str) -> str:
    return ncname("asset." + path.removeprefix("assets/"))
