"""Reader for IMS QTI 2.1 and 1EdTech QTI 3.0 content packages (or a single item file).

The manifest's test resources become quizzes (their item references in order; a test
section's ``selection`` becomes ``select``, its ``ordering shuffle`` ``shuffle_questions``);
items no test uses become one more quiz named after the package. Each item is read by
``qti_items.ItemReader``, after ``qti_tree.normalise`` has given 3.0 files 2.1's spelling.
Warnings name the item file inside the zip.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from urllib.parse import unquote

from lxml import etree

from ..diagnostics import Location
from ..model.base import SLUG_RE
from .assets import AssetSink
from .common import DRAWS_NOTHING, QuestionLog, whole_number
from .draft import DraftQuestion, DraftQuiz, ImportProblem, ImportResult, Refused
from .qti_items import ItemReader, resolve_href
from .qti_tree import normalise
from .safe_input import SafeZip, parse_xml, read_source, where
from .slugs import slugify


class QtiReader:
    def __init__(self, label: str, files: dict[str, bytes], result: ImportResult, zf: SafeZip | None = None):
        self.label = label
        self.files = files
        self.result = result
        self.sink = AssetSink(result.assets)
        self.zip = zf
        self.items_done: set[str] = set()

    def loc(self, name: str, line: int = 1) -> Location:
        return Location(f"{self.label}!{name}" if self.zip else self.label, line, 1)

    def xml(self, name: str) -> etree._Element:
        return normalise(parse_xml(self.files[name], self.loc(name).file))

    def member(self, base: str, href: str) -> str:
        """The package member ``href`` (a URI reference, so ``my%20item.xml`` is ``my item.xml``)
        names from the file ``base``; a member whose name really holds ``%20`` is found too."""
        decoded = resolve_href(base, unquote(href))
        raw = resolve_href(base, href)
        return raw if decoded not in self.files and raw in self.files else decoded

    # ------------------------------------------------------------------ package
    def read_package(self) -> None:
        manifest = self.files.get("imsmanifest.xml")
        tests: list[str] = []
        items: list[str] = []
        if manifest is not None:
            root = normalise(parse_xml(manifest, self.loc("imsmanifest.xml").file))
            for res in root.iter("resource"):
                rtype = res.get("type", "")
                href = res.get("href") or (res.find("file").get("href") if res.find("file") is not None else None)
                if not href:
                    continue
                href = self.member("imsmanifest.xml", href)
                if "test" in rtype and "qti" in rtype:
                    tests.append(href)
                elif "item" in rtype and "qti" in rtype:
                    items.append(href)
        else:  # no manifest: every test and item file in the package, by its root element
            for name in sorted(n for n in self.files if n.lower().endswith(".xml")):
                tag = self.xml(name).tag
                if tag == "assessmentTest":
                    tests.append(name)
                elif tag == "assessmentItem":
                    items.append(name)
        if not tests and not items:
            raise ImportProblem(
                "CK905",
                "the package lists no QTI tests or items",
                self.loc("imsmanifest.xml"),
                "import a QTI 2.1 or 3.0 content package",
            )
        for test in tests:
            if test in self.files:
                self.read_test(test)
            else:
                self.result.diags.warning(
                    "CK917",
                    f"the test {test} is not in the package; its order, title and selection are not imported",
                    self.loc("imsmanifest.xml"),
                    "export the package again with its test, or fix the href in imsmanifest.xml",
                )
        rest = [i for i in items if i not in self.items_done]
        if rest:
            quiz = DraftQuiz(slugify(Path(self.label).stem, "quiz"), Path(self.label).stem, self.loc(rest[0]))
            for name in rest:
                self.add_item(quiz, name)
            if quiz.questions:
                self.result.quizzes.append(quiz)

    def read_test(self, name: str) -> None:
        root = self.xml(name)
        if root.tag != "assessmentTest":
            self.result.diags.warning(
                "CK905",
                f"{name} is not an assessmentTest (its root is <{root.tag}>); it is not read as a test",
                self.loc(name),
                "check the resource's type in imsmanifest.xml",
            )
            return
        title = root.get("title") or root.get("identifier") or Path(name).stem
        quiz = DraftQuiz(slugify(root.get("identifier") or title, "quiz"), title, self.loc(name, root.sourceline or 1))
        sections = list(root.iter("assessmentSection"))
        top = [s for s in sections if s.getparent() is not None and s.getparent().tag == "testPart"]
        if len(top) == 1:
            sel = top[0].find("selection")
            if sel is not None:
                raw = sel.get("select") or ""
                select = whole_number(raw)
                if select is None:
                    self.result.diags.warning(
                        "CK912",
                        f"the section draws select={raw!r} items, which is not a whole number; "
                        "the quiz is imported without select (every question is shown)",
                        self.loc(name, sel.sourceline or 1),
                        "set select: N in the quiz file if the quiz should draw N questions",
                    )
                elif select == 0:
                    self.result.diags.warning(
                        "CK912",
                        f'the section draws 0 of its items (select="0"): {DRAWS_NOTHING}',
                        self.loc(name, sel.sourceline or 1),
                        "set select: N in the quiz file if the quiz should draw N questions",
                    )
                else:
                    quiz.extra["select"] = select
            order = top[0].find("ordering")
            if order is not None and order.get("shuffle") == "true":
                quiz.extra["shuffle_questions"] = True
        for sub in sections:
            if sub not in top and sub.find("selection") is not None:
                self.result.diags.warning(
                    "CK914",
                    f"the section {sub.get('identifier')!r} draws {sub.find('selection').get('select')} of its "
                    "items; every item is imported as a question of its own",
                    self.loc(name, sub.sourceline or 1),
                    "turn them back into variants, or delete the ones you do not want",
                )
        for ref in root.iter("assessmentItemRef"):
            href = ref.get("href")
            if href:
                self.add_item(quiz, self.member(name, href))
        if quiz.questions:
            self.result.quizzes.append(quiz)

    # ------------------------------------------------------------------ items
    def add_item(self, quiz: DraftQuiz, name: str) -> None:
        if name in self.items_done:
            return
        self.items_done.add(name)
        if name not in self.files:
            self.result.diags.warning(
                "CK917",
                f"the item {name} is not in the package; its question is not imported",
                self.loc(name),
                "export the package again with every item, or fix the href that names it",
            )
            return
        root = self.xml(name)
        if root.tag != "assessmentItem":
            self.result.diags.warning(
                "CK917",
                f"{name} is not a QTI assessmentItem (its root is <{root.tag}>); not imported",
                self.loc(name, root.sourceline or 1),
                "check the href (or the resource's type in imsmanifest.xml) that names it",
            )
            return
        title = root.get("title") or root.get("identifier") or name
        log = QuestionLog(self.result.diags, self.loc(name, root.sourceline or 1), title)

        def image(src: str) -> str | None:
            if not src or "://" in src or src.startswith("data:"):
                return None
            target = self.member(name, src.split("?")[0].split("#")[0])
            data = self.files.get(target)
            return self.sink.add(target, data) if data is not None else None

        try:
            data = ItemReader(root, image, log).read()
        except Refused as refused:
            log.warn(refused.code, f"not imported: {refused.message}", refused.hint)
            return
        data = {"id": self.question_id(root, name)} | data
        quiz.questions.append(DraftQuestion(data, log.where, title))

    @staticmethod
    def question_id(root: etree._Element, name: str) -> str:
        ident = root.get("identifier") or posixpath.splitext(posixpath.basename(name))[0]
        # coursekit writes "<quiz>.<question>" (slugs hold no '.'), with '_' before a leading digit.
        tail = ident.rsplit(".", 1)[-1]
        stem = posixpath.splitext(posixpath.basename(name))[0]
        if re.match(SLUG_RE, stem) and tail.lstrip("_") == stem:
            return stem
        return slugify(tail, "question")


def read(path: Path) -> ImportResult:
    label = where(path).file
    data = read_source(path)
    result = ImportResult()
    if data[:4] == b"PK\x03\x04" or path.suffix.lower() == ".zip":
        zf = SafeZip(data, label)
        reader = QtiReader(label, zf.files, result, zf)
        reader.read_package()
    else:
        reader = QtiReader(label, {path.name: data}, result)
        root = reader.xml(path.name)
        if root.tag == "assessmentItem":
            quiz = DraftQuiz(slugify(path.stem, "quiz"), path.stem, Location(label, 1, 1))
            reader.add_item(quiz, path.name)
            result.quizzes = [quiz] if quiz.questions else []
        else:
            raise ImportProblem(
                "CK905",
                f"the root element is <{root.tag}>, not a QTI assessmentItem",
                Location(label, 1, 1),
                "import the content package (.zip) or one item file",
            )
    return result
