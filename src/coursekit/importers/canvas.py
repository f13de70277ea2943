"""Reader for Canvas QTI 1.2 zips: Canvas's classic quiz export (lib/cc/qti/qti_items.rb,
qti_generator.rb) and text2qti's output, which copies that shape.

Every ``questestinterop`` file in the package is read (assessments and question banks'
``objectbank``); an item's ``question_type`` metadata decides the coursekit type, its
``respcondition``s the answers (a ``setvar SCORE`` of 100 marks the right one; Add-steps
per blank or pair), ``itemfeedback`` the feedback. Question groups (``selection_ordering``)
become the quiz's ``select`` when the whole quiz is one group, else their questions are
imported one by one with a warning. Images under ``$IMS-CC-FILEBASE$`` come from
``web_resources/``; Canvas equation images become TeX.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from lxml import etree

from ..diagnostics import Location
from .assets import AssetSink
from .common import DRAWS_NOTHING, QuestionLog, number, parse_float, tidy, tolerance_from_interval, whole_number
from .draft import DraftQuestion, DraftQuiz, ImportProblem, ImportResult, Refused
from .html_md import GapTokens, HtmlToMarkdown, collapse_ws
from .safe_input import SafeZip, read_source, where
from .slugs import slugify

FILEBASE = "$IMS-CC-FILEBASE$"
_OUR_IDENT_RE = re.compile(r"^_?[a-z0-9-]+\.(_?[a-z0-9][a-z0-9-]*)$")
UNSUPPORTED = {
    "calculated_question": "formula questions need Canvas's formula engine",
    "file_upload_question": "file upload questions have no coursekit type",
    "text_only_question": "a text-only item is not a question (put the text in a chapter)",
    "hot_spot_question": "hot spot questions have no coursekit type",
}


def _local(el: etree._Element) -> etree._Element:
    """Drop namespaces so paths stay short (QTI 1.2 has one, Canvas's meta another)."""
    for node in el.iter():
        if isinstance(node.tag, str):
            node.tag = etree.QName(node).localname
    etree.cleanup_namespaces(el)
    return el


def _meta(item: etree._Element) -> dict[str, str]:
    return {
        (f.findtext("fieldlabel") or "").strip(): (f.findtext("fieldentry") or "").strip()
        for f in item.iterfind("itemmetadata/qtimetadata/qtimetadatafield")
    }


def _mattext(el: etree._Element | None) -> tuple[str, bool]:
    """(text, is_html) of the first mattext under ``el``."""
    if el is None:
        return "", False
    mt = el.find(".//mattext")
    if mt is None:
        return "", False
    return mt.text or "", mt.get("texttype", "text/plain") == "text/html"


class CanvasReader:
    def __init__(self, label: str, zf: SafeZip, result: ImportResult):
        self.label = label
        self.zip = zf
        self.result = result
        self.sink = AssetSink(result.assets)

    def image(self, src: str) -> str | None:
        path = unquote(src.split("?")[0])
        for prefix in (FILEBASE + "/", "%24IMS-CC-FILEBASE%24/"):
            if path.startswith(prefix):
                path = path[len(prefix) :]
        path = path.lstrip("/")
        for name in (f"web_resources/{path}", path):
            data = self.zip.read(name)
            if data is not None:
                return self.sink.add(name, data)
        return None

    def read(self) -> None:
        names = [n for n in sorted(self.zip.files) if n.endswith((".xml", ".qti")) and n != "imsmanifest.xml"]
        # A Canvas course export (.imscc) holds each quiz twice: Canvas's full dialect under
        # non_cc_assessments/ and a Common Cartridge copy; Canvas reads only the former.
        full = [n for n in names if n.startswith("non_cc_assessments/")]
        if full:
            names = full
        found = False
        for name in names:
            data = self.zip.files[name]
            if b"questestinterop" not in data[:2000]:
                continue
            found = True
            root = _local(self.zip.xml(name))
            for container in list(root.iterfind("assessment")) + list(root.iterfind("objectbank")):
                self.quiz(name, container)
        for name in sorted(n for n in self.zip.files if n.endswith("assessment_meta.xml")):
            meta = _local(self.zip.xml(name))
            if (meta.findtext("description") or "").strip():
                self.result.diags.warning(
                    "CK914",
                    "the quiz description is not imported (a coursekit quiz has a title only)",
                    self.zip.where(name, 1),
                    "put the description in the chapter that shows the quiz",
                )
        if not found:
            raise ImportProblem(
                "CK905",
                "the package holds no QTI 1.2 quiz (questestinterop)",
                Location(self.label, 1, 1),
                "import the .zip Canvas (or text2qti) exported",
            )

    def quiz(self, name: str, container: etree._Element) -> None:
        title = container.get("title") or container.findtext(".//fieldentry") or Path(name).stem
        ident = container.get("ident") or title
        qid = _quiz_id(ident, title)
        quiz = DraftQuiz(qid, title, self.zip.where(name, container.sourceline or 1))
        groups = [s for s in container.iter("section") if s.find("selection_ordering") is not None]
        all_items = list(container.iter("item"))
        if len(groups) == 1 and len(list(groups[0].iter("item"))) == len(all_items):
            pick = groups[0].findtext("selection_ordering/selection/selection_number")
            select = whole_number(pick)
            if pick and pick.strip() and select is None:
                self.result.diags.warning(
                    "CK912",
                    f"the question group draws {pick.strip()!r} questions, which is not a whole number; "
                    "the quiz is imported without select (every question is shown)",
                    self.zip.where(name, groups[0].sourceline or 1),
                    "set select: N in the quiz file if the quiz should draw N questions",
                )
            elif select == 0:
                self.result.diags.warning(
                    "CK912",
                    f"the question group draws 0 questions (selection_number 0): {DRAWS_NOTHING}",
                    self.zip.where(name, groups[0].sourceline or 1),
                    "set select: N in the quiz file if the quiz should draw N questions",
                )
            elif select is not None and select < len(all_items):
                quiz.extra["select"] = select
            quiz.extra["shuffle_questions"] = True
        else:
            for g in groups:
                self.result.diags.warning(
                    "CK914",
                    f"the question group {g.get('title') or g.get('ident')!r} draws "
                    f"{g.findtext('selection_ordering/selection/selection_number') or '?'} of its questions; "
                    "each is imported as a question of its own",
                    self.zip.where(name, g.sourceline or 1),
                    "use select in the quiz, or delete the questions you do not want",
                )
        for n, item in enumerate(all_items, start=1):
            self.item(quiz, name, item, n)
        if quiz.questions:
            self.result.quizzes.append(quiz)

    def item(self, quiz: DraftQuiz, name: str, item: etree._Element, n: int) -> None:
        meta = _meta(item)
        qtype = meta.get("question_type", "")
        title = item.get("title") or f"item {n}"
        log = QuestionLog(self.result.diags, self.zip.where(name, item.sourceline or 1), title)
        try:
            if qtype in UNSUPPORTED:
                raise Refused(f"{qtype}: {UNSUPPORTED[qtype]}", "rewrite it as a supported type")
            data = ItemReader(item, meta, self, log).read(qtype)
        except Refused as refused:
            log.warn(refused.code, f"not imported: {refused.message}", refused.hint)
            return
        m = _OUR_IDENT_RE.match(item.get("ident", ""))
        data = {"id": m.group(1).lstrip("_") if m else f"q{n}"} | data
        quiz.questions.append(DraftQuestion(data, log.where, title))


def _quiz_id(ident: str, title: str) -> str:
    if re.match(r"^_?[a-z0-9][a-z0-9-]*$", ident):
        return ident.lstrip("_")
    return slugify(title, "quiz")


class ItemReader:
    def __init__(self, item: etree._Element, meta: dict[str, str], reader: CanvasReader, log: QuestionLog):
        self.item = item
        self.meta = meta
        self.log = log
        self.conv = HtmlToMarkdown(reader.image, log.html_warner())
        self.pres = item.find("presentation")
        if self.pres is None:
            raise Refused("the item has no presentation", code="CK911")
        self.conds = list(item.iterfind("resprocessing/respcondition"))
        self.fb = {f.get("ident", ""): f for f in item.iterfind("itemfeedback")}
        self.used_fb: set[str] = set()

    # ------------------------------------------------------------------ helpers
    def md(self, el: etree._Element | None) -> str:
        text, is_html = _mattext(el)
        return self.conv.markdown(text) if is_html else self.conv.plain_to_markdown(text)

    def plain(self, el: etree._Element | None) -> str:
        text, is_html = _mattext(el)
        return self.conv.plain(text) if is_html else collapse_ws(text)

    def feedback_text(self, ident: str) -> str:
        self.used_fb.add(ident)
        f = self.fb.get(ident)
        return self.md(f) if f is not None else ""

    def scored(self, value: str = "100") -> list[etree._Element]:
        """respconditions that set SCORE (to ``value``, or add to it when value is None)."""
        out = []
        for c in self.conds:
            for s in c.iterfind("setvar"):
                if (s.get("varname") or "SCORE").upper() != "SCORE":
                    continue
                if value is None or (s.get("action", "Set") == "Set" and parse_float(s.text) == parse_float(value)):
                    out.append(c)
        return out

    def labels(self, lid: etree._Element) -> list[etree._Element]:
        return list(lid.iter("response_label"))

    def question_feedback(self, data: dict[str, Any]) -> None:
        fb = {}
        for ident, key in (("general_fb", "general"), ("correct_fb", "correct"), ("general_incorrect_fb", "incorrect")):
            text = self.feedback_text(ident)
            if text:
                fb[key] = text
        if fb:
            data["feedback"] = fb

    def prompt(self) -> str:
        return self.md(self.pres.find("material"))

    # ------------------------------------------------------------------ types
    def read(self, qtype: str) -> dict[str, Any]:
        if not qtype:
            qtype = self.infer()
        handler = getattr(self, "_" + qtype.removesuffix("_question"), None)
        if handler is None:
            raise Refused(f"the question type {qtype!r} is not supported", "see docs/import.md")
        data = handler()
        points = parse_float(self.meta.get("points_possible"))
        if points is None or points <= 0:
            if points is not None:
                self.log.rounded(f"it is worth {points:g} points; imported as 1 point")
            points = 1.0
        data["points"] = number(points)
        self.question_feedback(data)
        for ident in sorted(set(self.fb) - self.used_fb):
            if self.md(self.fb[ident]):
                self.log.lost(f"the feedback {ident!r}")
        return data

    def infer(self) -> str:
        lid = self.pres.find(".//response_lid")
        if lid is not None:
            return "multiple_answers_question" if lid.get("rcardinality") == "Multiple" else "multiple_choice_question"
        fib = self.pres.find(".//render_fib")
        if fib is not None:
            return "numerical_question" if fib.get("fibtype") in ("Decimal", "Integer") else "short_answer_question"
        raise Refused("the item has no question_type and no response to read")

    def _choices(self, multiple: bool) -> dict[str, Any]:
        lid = self.pres.find(".//response_lid")
        if lid is None:
            raise Refused("a choice question without choices", code="CK911")
        labels = self.labels(lid)
        ids = [lb.get("ident", "") for lb in labels]
        if multiple:
            correct = set()
            for c in self.scored():
                for v in c.iterfind("conditionvar/and/varequal"):
                    correct.add((v.text or "").strip())
        else:
            correct = {(v.text or "").strip() for c in self.scored() for v in c.iterfind("conditionvar/varequal")}
        choices = []
        for lb, ident in zip(labels, ids, strict=True):
            choice: dict[str, Any] = {"text": self.md(lb), "correct": ident in correct}
            fb = self.feedback_text(f"{ident}_fb")
            if fb:
                choice["feedback"] = fb
            choices.append(choice)
        return {"prompt": self.prompt(), "choices": choices}

    def _multiple_choice(self):
        return {"type": "single_choice"} | self._choices(False)

    def _multiple_answers(self):
        # Canvas gives +1/k per right pick and -1/k per wrong pick, floor 0: the format's partial rule.
        return {"type": "multiple_response", "scoring": "partial"} | self._choices(True)

    def _true_false(self):
        data = self._choices(False)
        right = [c for c in data["choices"] if c["correct"]]
        if len(data["choices"]) != 2 or len(right) != 1:
            raise Refused("a true/false question needs two choices, one right", code="CK911")
        first_is_true = right[0] is data["choices"][0]
        text = right[0]["text"].strip().lower()
        truth = text in ("true", "wahr", "vrai", "verdadero", "vero", "waar", "verdadeiro") or (
            text not in ("false", "falsch", "faux", "falso", "onwaar") and first_is_true
        )
        return {"type": "true_false", "prompt": data["prompt"], "answer": truth}

    def _short_answer(self):
        answers = []
        for c in self.scored():
            for v in c.iter("varequal"):
                text = collapse_ws(v.text or "")
                if text and text not in [a["text"] for a in answers]:
                    answers.append({"text": text, "score": 1})
        if not answers:
            raise Refused("a short answer question without an accepted answer", code="CK911")
        return {"type": "short_answer", "prompt": self.prompt(), "answers": answers, "case_sensitive": False}

    def _numerical(self):
        ranges = []
        for c in self.scored():
            cv = c.find("conditionvar")
            if cv is None:
                continue
            exact = [parse_float(v.text) for v in cv.iter("varequal")]
            lo = [parse_float(v.text) for v in list(cv.iter("vargte")) + list(cv.iter("vargt"))]
            hi = [parse_float(v.text) for v in list(cv.iter("varlte")) + list(cv.iter("varlt"))]
            if exact and exact[0] is not None:
                bounded = lo and hi and None not in (lo[0], hi[0])
                ranges.append((exact[0], tolerance_from_interval(exact[0], lo[0], hi[0]) if bounded else 0.0))
            elif lo and hi and None not in (lo[0], hi[0]):
                middle = tidy((lo[0] + hi[0]) / 2)
                ranges.append((middle, tolerance_from_interval(middle, lo[0], hi[0])))
        if not ranges:
            raise Refused("a numerical question without a readable answer", code="CK911")
        if len(ranges) > 1:
            self.log.rounded(f"{len(ranges)} accepted answers or ranges; only the first is kept")
        answer, tol = ranges[0]
        data: dict[str, Any] = {"type": "numeric", "prompt": self.prompt(), "answer": number(answer)}
        if tol:
            data["tolerance"] = number(tol)
        return data

    def _essay(self):
        return {"type": "essay", "prompt": self.prompt()}

    def _matching(self):
        pairs, used, rights = [], set(), {}
        lids = list(self.pres.iter("response_lid"))
        for lid in lids:
            for lb in self.labels(lid):
                rights.setdefault(lb.get("ident", ""), self.plain(lb))
        for lid in lids:
            resp = lid.get("ident", "")
            match = None
            for c in self.scored(None):
                for v in c.iterfind("conditionvar/varequal"):
                    if v.get("respident") == resp:
                        match = (v.text or "").strip()
            left = self.md(lid.find("material"))
            if match is None or match not in rights:
                self.log.lost(f"the left item {left[:40]!r}, which has no right match")
                continue
            pairs.append({"left": left, "right": rights[match]})
            used.add(match)
        data: dict[str, Any] = {"type": "matching", "prompt": self.prompt(), "pairs": pairs, "scoring": "partial"}
        distractors = [t for k, t in rights.items() if k not in used and t]
        if distractors:
            data["distractors"] = list(dict.fromkeys(distractors))
        return data

    def _blanks(self, dropdowns: bool):
        html, is_html = _mattext(self.pres.find("material"))
        blanks: dict[str, Any] = {}
        names: dict[str, str] = {}
        for lid in self.pres.iter("response_lid"):
            blank_id = lid.get("ident", "").removeprefix("response_")
            name = re.sub(r"[^a-z0-9_-]+", "_", blank_id.lower()).strip("_") or f"b{len(names) + 1}"
            while name in blanks:
                name += "_"
            names[blank_id] = name
            options = {lb.get("ident", ""): self.plain(lb) for lb in self.labels(lid)}
            right = [
                (v.text or "").strip()
                for c in self.scored(None)
                for v in c.iterfind("conditionvar/varequal")
                if v.get("respident") == lid.get("ident")
            ]
            if dropdowns:
                correct = [options[r] for r in right if r in options]
                if not correct:
                    raise Refused(f"the drop-down [{blank_id}] has no right choice", code="CK911")
                blanks[name] = {"choices": list(dict.fromkeys(options.values())), "correct": correct[0]}
            else:
                # Canvas accepts every answer listed for a blank (its export scores the first).
                accept = [t for t in options.values() if t]
                if not accept:
                    raise Refused(f"the blank [{blank_id}] has no answer", code="CK911")
                blanks[name] = {"accept": list(dict.fromkeys(accept))}
        if not blanks:
            raise Refused("a blanks question without blanks", code="CK911")

        gaps = GapTokens()

        def gap(m: re.Match) -> str:
            return gaps.token(names[m.group(1)]) if m.group(1) in names else m.group(0)

        html = re.sub(r"\[([^\[\]]+)\]", gap, html)
        text = gaps.restore(self.conv.markdown(html) if is_html else self.conv.plain_to_markdown(html))
        return {"type": "fill_blanks", "text": text, "blanks": blanks, "scoring": "partial"}

    def _fill_in_multiple_blanks(self):
        return self._blanks(False)

    def _multiple_dropdowns(self):
        return self._blanks(True)


def read(path: Path) -> ImportResult:
    label = where(path).file
    zf = SafeZip(read_source(path), label)
    result = ImportResult()
    CanvasReader(label, zf, result).read()
    if len(result.quizzes) == 1 and not result.title:
        result.title = result.quizzes[0].title
    return result
