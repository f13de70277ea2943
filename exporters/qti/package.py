"""What every QTI flavour shares: which items a quiz holds, where files go, XML bytes.

The QTI 2.1 tree is the source of truth: ``quiz_files_each`` writes one item per concrete
question (every variant) and one test per quiz, as trees of ``qti_text.Node``s written straight
to their files (``file_of``); beside qti21, the 3.0 files are those trees converted.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from coursekit.exporters import require_unique_at
from coursekit.fanout import quiz_iter
from coursekit.package import Deflated

from .ids import ncname
from .qti21_items import Qti21ItemWriter
from .qti21_test import build_test
from .qti_spelling import QTI21, XSI, Qti21Spelling
from .qti_text import Node, forget, to_bytes
from .qti_text import xml_bytes as xml_bytes  # the QTI, canvas and cc targets' own files

if TYPE_CHECKING:
    from coursekit.exporters import Exporter, Output
    from coursekit.render.rendered import RenderedCourse, RenderedQuiz


@dataclass
class ItemFile:
    path: str  # package path, e.g. "items/quiz-id/question-id.xml"
    identifier: str
    assets: set[str]  # asset paths the item shows
    data: bytes | Deflated  # the item's XML file (deflated where a build writes it, build_packages)


@dataclass
class TestFile:
    path: str
    identifier: str
    title: str
    data: bytes | Deflated  # the test's XML file
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


def same(root: Node) -> Node:
    return root


Convert = Callable[[Node], Node]


def file_of(root: Node) -> bytes:
    """A finished item's or test's XML file, in its root's namespace."""
    return to_bytes(root, {None: root.tag[1 : root.tag.index("}")], "xsi": XSI})


# Items written since the writers' caches were last emptied.
FORGET_EVERY = 2000
_items_remembered = 0


def quiz_files_each(
    rendered: RenderedCourse, rq: RenderedQuiz, converts: tuple[Convert, ...], spelling: Qti21Spelling = QTI21
) -> list[TestFile]:
    """One quiz as a QTI test and its items (every variant), written in ``spelling``, once per
    convert of ``converts`` (QTI 3.0 may convert the 2.1 trees), serialised, from one build of
    each tree: building an item is most of a QTI target's time, and QTI 2.1 and 3.0 build the
    same ones. Every tree (of ``qti_text.Node``s) passes through the converts in order and is
    written after each, so all but the last must leave it as it is (``same``; the last may
    change it, as ``to_qti30`` does)."""
    global _items_remembered
    if _items_remembered >= FORGET_EVERY:
        forget()  # the caches of the writers (see qti_text.MEMOS), between two quizzes
        _items_remembered = 0
    _items_remembered += sum(len(slot.variants) for slot in rq.slots)
    writer = Qti21ItemWriter(rendered, rq, asset_prefix="../../", spelling=spelling)
    slots: list[list[list[ItemFile]]] = [[] for _ in converts]  # per convert: slots of items
    for slot in rq.slots:
        groups: list[list[ItemFile]] = [[] for _ in converts]
        for question in slot.variants:
            built = writer.item(question, item_identifier(rq.quiz.id, question.id))
            path, assets = f"items/{rq.quiz.id}/{question.id}.xml", set(built.assets)
            for group, convert in zip(groups, converts, strict=True):
                group.append(ItemFile(path, built.identifier, assets, file_of(convert(built.root))))
        for kept, group in zip(slots, groups, strict=True):
            kept.append(group)
    # Every item is a file and a manifest resource named by its identifier: a duplicate would
    # overwrite one question with another and list it twice.
    items = [i for g in slots[0] for i in g]
    questions = [q for slot in rq.slots for q in slot.variants]
    require_unique_at("QTI", "item", ((i.identifier, q) for i, q in zip(items, questions, strict=True)))
    root = build_test(rq, slots[0], href_prefix="../", q=spelling)
    identifier = root.get("identifier")
    return [
        TestFile(
            f"tests/{rq.quiz.id}.xml",
            identifier,
            rq.quiz.title,
            file_of(convert(root)),
            [i for g in kept for i in g],
        )
        for convert, kept in zip(converts, slots, strict=True)
    ]


def build_package(
    exporter: Exporter,
    rendered: RenderedCourse,
    convert: Convert = same,
    spelling: Qti21Spelling = QTI21,
    output: Output | None = None,
) -> QtiPackage:
    """Every quiz of the course (spread over processes for big banks, see coursekit.fanout)."""
    return build_packages(exporter, rendered, (convert,), spelling, (output,))[0]


def build_packages(
    exporter: Exporter,
    rendered: RenderedCourse,
    converts: tuple[Convert, ...],
    spelling: Qti21Spelling = QTI21,
    outputs: tuple[Output | None, ...] = (),
) -> list[QtiPackage]:
    """``build_package`` for each of ``converts`` (see ``quiz_files_each``), from one build of the
    trees. Where ``outputs`` gives the package an output, each quiz's test and items go to it as
    soon as the quiz is written (``hand_over``): a big bank's package is never whole in memory."""
    packages = [QtiPackage([]) for _ in converts]
    for tests in quiz_iter(exporter, rendered, lambda rq: _deflated(quiz_files_each(rendered, rq, converts, spelling))):
        for index, test in enumerate(tests):
            output = outputs[index] if index < len(outputs) else None
            if output is not None:
                hand_over(test, output)
            packages[index].tests.append(test)
    return packages


def _deflated(tests: list[TestFile]) -> list[TestFile]:
    """Each file deflated as soon as it is written (in a fan-out worker, beside the others): the
    zips take the streams as they are, and a package held for a later target (the QTI 3.0
    package made beside 2.1) costs about a fifth of its size."""
    for test in tests:
        test.data = Deflated.of(test.data)
        for item in test.items:
            item.data = Deflated.of(item.data)
    return tests


def hand_over(test: TestFile, output: Output) -> None:
    """The test's and its items' files to ``output``; they keep what the manifest needs (paths,
    identifiers, assets), not their bytes."""
    output.add(test.path, test.data)
    test.data = b""
    for item in test.items:
        output.add(item.path, item.data)
        item.data = b""


def asset_resource_id(path: str) -> str:
    return ncname("asset." + path.removeprefix("assets/"))
