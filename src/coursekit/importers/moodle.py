"""Reader for Moodle XML (``qformat_xml``), the shape ``question/format/xml/format.php`` writes.

Categories become quizzes (title: the category's last segment; id: the last segment of its
idnumber, else the title as a slug); the top category names the course. Per question type
see docs/import.md; everything a type cannot carry is a located warning (line of the
``<question>`` element), never dropped silently.
"""

from __future__ import annotations

import base64
import binascii
import copy
import html as html_lib
import posixpath
import re
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from lxml import etree

from .assets import AssetSink
from .common import QuestionLog, choice_question, close, number, parse_float
from .draft import DraftQuestion, DraftQuiz, ImportProblem, ImportResult, Refused
from .html_md import (
    GapTokens,
    HtmlToMarkdown,
    clean_text,
    collapse_ws,
    markdown_source,
    moodle_auto_html,
    plain_text,
)
from .moodle_cloze import find_markers
from .safe_input import parse_xml, read_source, where
from .slugs import slugify

PLUGINFILE = "@@PLUGINFILE@@/"
_BOX_RE = re.compile(r"\s*<p>\s*_{5,}\s*(.*?)</p>\s*$", re.S)
UNSUPPORTED = {
    "calculated": "calculated questions need Moodle's formula engine",
    "calculatedsimple": "calculated questions need Moodle's formula engine",
    "calculatedmulti": "calculated questions need Moodle's formula engine",
    "randomsamatch": "random short-answer matching draws from the question bank",
    "random": "a random question draws from the question bank",
    "ddwtos": "drag and drop into text has no coursekit type",
    "ddimageortext": "drag and drop onto an image has no coursekit type",
    "ddmarker": "drag markers has no coursekit type",
    "gapselect": "select missing words has no coursekit type (write it as fill_blanks drop-downs)",
}


def _text(node: etree._Element | None, path: str = "text") -> str:
    if node is None:
        return ""
    child = node.find(path) if path else node
    return (child.text or "") if child is not None else ""


def _category_path(raw: str) -> list[str]:
    """``$course$/top/A/B//C`` -> ["A", "B/C"] (``//`` is an escaped slash)."""
    parts = re.split(r"(?<!/)/(?!/)", raw.strip())
    names = [p.replace("//", "/").strip() for p in parts if p.strip()]
    while names and (names[0].startswith("$") or names[0] == "top"):
        names.pop(0)
    return names


class MoodleReader:
    def __init__(self, label: str, result: ImportResult):
        self.label = label
        self.result = result
        self.sink = AssetSink(result.assets)
        self.quiz: DraftQuiz | None = None
        self.quizzes: dict[str, DraftQuiz] = {}
        self.tops: set[str] = set()

    # ------------------------------------------------------------------ document
    def read(self, root: etree._Element) -> None:
        if root.tag != "quiz":
            raise ImportProblem(
                "CK905",
                f"the root element is <{root.tag}>, not Moodle XML's <quiz>",
                where(self.label, root.sourceline or 1),
                "export the questions from Moodle's question bank as Moodle XML",
            )
        nodes = list(root.iterchildren("question"))
        plan: list[tuple[int, DraftQuiz]] = []  # question nodes and the quiz (category) each goes to
        for i, node in enumerate(nodes):
            if node.get("type", "") == "category":
                self.category(node)
            else:
                plan.append((i, self.current_quiz(node)))
        drafts = _convert_all(self, nodes, [i for i, _ in plan])
        for (_, quiz), draft in zip(plan, drafts, strict=True):
            if draft is not None:
                quiz.questions.append(draft)
        if len(self.tops) == 1:
            self.result.title = next(iter(self.tops))
        self.result.quizzes = [q for q in self.quizzes.values() if q.questions]

    def category(self, node: etree._Element) -> None:
        names = _category_path(_text(node.find("category")))
        if names:
            self.tops.add(names[0])
        title = names[-1] if names else "Imported questions"
        ident = next((p.strip() for p in reversed((node.findtext("idnumber") or "").split("/")) if p.strip()), "")
        key = "/".join(names) or "(top)"
        qid = slugify(ident or title, "quiz")
        if key not in self.quizzes:
            self.quizzes[key] = DraftQuiz(qid, title, where(self.label, node.sourceline or 1))
        self.quiz = self.quizzes[key]

    def current_quiz(self, node: etree._Element) -> DraftQuiz:
        if self.quiz is None:
            self.quiz = self.quizzes.setdefault(
                "(default)",
                DraftQuiz(slugify(Path(self.label).stem, "quiz"), "Imported questions", where(self.label, 1)),
            )
        return self.quiz

    def question(self, node: etree._Element, qtype: str) -> DraftQuestion | None:
        name = " ".join(_text(node.find("name")).split()) or f"{qtype} at line {node.sourceline}"
        log = QuestionLog(self.result.diags, where(self.label, node.sourceline or 1), name)
        reader = getattr(self, f"_{qtype}", None)
        try:
            if qtype in UNSUPPORTED:
                raise Refused(f"{qtype}: {UNSUPPORTED[qtype]}", "rewrite it as a supported type")
            if qtype == "description":
                raise Refused("a description (text only) is not a question", "put the text in a chapter of the course")
            if reader is None:
                raise Refused(f"the question type {qtype!r} is not supported", "see docs/import.md")
            data = reader(node, log)
        except Refused as refused:
            log.warn(refused.code, f"not imported: {refused.message}", refused.hint)
            return None
        base = self.common(node, log, name)
        feedback = {**base.pop("feedback", {}), **data.pop("feedback", {}), **data.pop("_fb", {})}
        data = base | data
        if feedback:
            data["feedback"] = feedback
        return DraftQuestion(data, log.where, name)

    # ------------------------------------------------------------------ shared fields
    def md(self, node: etree._Element | None, log: QuestionLog) -> str:
        """The Markdown of a text field (``<x format=…><text>…</text><file…/></x>``)."""
        if node is None:
            return ""
        raw = _text(node)
        if not raw or raw.isspace():  # most feedback fields of a bank are empty
            return ""
        fmt = node.get("format", "html")
        files = self.files(node, log) if "@@PLUGINFILE@@" in raw else {}

        def image(src: str) -> str | None:
            if src.startswith(PLUGINFILE):
                rel = unquote(src[len(PLUGINFILE) :].split("?")[0])
                data = files.get(rel) or files.get(posixpath.basename(rel))
                return self.sink.add(rel, data) if data is not None else None
            return None  # external and data: URLs are not course files (validate refuses them)

        conv = HtmlToMarkdown(image, log.html_warner())
        if fmt == "plain_text":
            return conv.plain_to_markdown(raw)
        if fmt == "markdown":
            return markdown_source(raw)
        if fmt == "moodle_auto_format" and "<" not in raw:
            return conv.markdown(moodle_auto_html(raw))
        return conv.markdown(raw)

    def files(self, node: etree._Element, log: QuestionLog) -> dict[str, bytes]:
        out: dict[str, bytes] = {}
        for f in node.iterchildren("file"):
            name = f.get("name") or ""
            path = (f.get("path") or "/").strip("/")
            try:
                data = base64.b64decode((f.text or "").encode("ascii"), validate=False)
            except (binascii.Error, UnicodeEncodeError, ValueError):
                log.warn("CK917", f"the file {name!r} is not valid base64; it is left out", "export the question again")
                continue
            out[posixpath.join(path, name) if path else name] = data
            out.setdefault(name, data)
        return out

    def plain(self, node: etree._Element | None) -> str:
        """A plain-text field (answers, matching right-hand sides): Moodle stores and compares it
        as written, so entities stay text; only an explicitly HTML field is HTML."""
        if node is None:
            return ""
        raw = _text(node)
        if node.get("format", "") != "html":
            return plain_text(clean_text(raw))
        return HtmlToMarkdown().plain(raw)

    def common(self, node: etree._Element, log: QuestionLog, name: str) -> dict[str, Any]:
        # Moodle's idnumber is free text ('My Question 1', 'cat/sub/ID_2'): its last non-empty
        # '/' part, made a slug by assemble (CK916 when it changes).
        ident = next((p.strip() for p in reversed((node.findtext("idnumber") or "").split("/")) if p.strip()), "")
        data: dict[str, Any] = {"id": ident or slugify(name, "question")}
        points = parse_float(node.findtext("defaultgrade"))
        if node.get("type") not in ("cloze", "multianswer"):
            if points is None or points <= 0:
                if points is not None:
                    log.rounded(f"its default mark {points:g} is not above 0; imported as 1 point")
                points = 1.0
            data["points"] = number(points)
        general = self.md(node.find("generalfeedback"), log)
        fb = data.setdefault("feedback", {})
        if general:
            fb["general"] = general
        tags = [" ".join(_text(t).split()) for t in node.iterfind("tags/tag")]
        if [t for t in tags if t]:
            data["tags"] = list(dict.fromkeys(t for t in tags if t))
        if node.find("hint") is not None and any(_text(h).strip() for h in node.iterfind("hint")):
            log.lost("hints (interactive mode)")
        return data

    def combined(self, node: etree._Element, log: QuestionLog, data: dict[str, Any]) -> None:
        fb = data.setdefault("feedback", {})
        right = self.md(node.find("correctfeedback"), log)
        wrong = self.md(node.find("incorrectfeedback"), log)
        partly = self.md(node.find("partiallycorrectfeedback"), log)
        if right:
            fb["correct"] = right
        if wrong:
            fb["incorrect"] = wrong
        if partly and partly != wrong:
            log.lost("the partially correct feedback (coursekit shows the incorrect feedback then)")

    @staticmethod
    def fraction(answer: etree._Element) -> float:
        value = parse_float(answer.get("fraction"))
        return 0.0 if value is None else value / 100

    # ------------------------------------------------------------------ types
    def _multichoice(self, node, log):
        single = (node.findtext("single") or "true").strip().lower() in ("true", "1")
        answers = list(node.iterfind("answer"))
        if len(answers) < 2:
            raise Refused(f"a choice question needs at least 2 answers, it has {len(answers)}", code="CK911")
        fractions = [self.fraction(a) for a in answers]
        choices = []
        for a in answers:
            choice: dict[str, Any] = {"text": self.md(a, log), "correct": False}
            feedback = self.md(a.find("feedback"), log)
            if feedback:
                choice["feedback"] = feedback
            choices.append(choice)
        data: dict[str, Any] = {"prompt": self.md(node.find("questiontext"), log)}
        data["shuffle"] = (node.findtext("shuffleanswers") or "true").strip().lower() in ("true", "1")
        self.combined(node, log, data)
        return choice_question(data, choices, fractions, single, log)

    def _truefalse(self, node, log):
        answers = {(_text(a) or "").strip().lower(): a for a in node.iterfind("answer")}
        if "true" not in answers or "false" not in answers:
            raise Refused("a true/false question needs the answers true and false", code="CK911")
        truth = self.fraction(answers["true"]) > self.fraction(answers["false"])
        right, wrong = (answers["true"], answers["false"]) if truth else (answers["false"], answers["true"])
        fb: dict[str, str] = {}
        if self.md(right.find("feedback"), log):
            fb["correct"] = self.md(right.find("feedback"), log)
        if self.md(wrong.find("feedback"), log):
            fb["incorrect"] = self.md(wrong.find("feedback"), log)
        return {"type": "true_false", "prompt": self.md(node.find("questiontext"), log), "answer": truth, "_fb": fb}

    def _shortanswer(self, node, log):
        data: dict[str, Any] = {"type": "short_answer", "prompt": self.md(node.find("questiontext"), log)}
        data["case_sensitive"] = (node.findtext("usecase") or "0").strip() in ("1", "true")
        answers, fb = [], {}
        for a in node.iterfind("answer"):
            pattern = self.plain(a)
            fraction = self.fraction(a)
            feedback = self.md(a.find("feedback"), log)
            if pattern.strip() == "*":
                if feedback:
                    fb["incorrect"] = feedback
                if fraction > 0:
                    log.rounded("a '*' answer (anything) earned marks; it is left out")
                continue
            if re.search(r"(?<!\\)\*", pattern):
                log.lost(f"the wildcard answer {pattern!r} (coursekit compares whole answers)")
                continue
            text = pattern.replace("\\*", "*")
            if fraction < 0:
                log.rounded(f"answer {text!r} scores {fraction * 100:g} %; imported as 0")
                fraction = 0.0
            if not text.strip():
                continue
            answer: dict[str, Any] = {"text": text, "score": number(round(fraction, 7))}
            if feedback:
                answer["feedback"] = feedback
            answers.append(answer)
        data["answers"] = answers
        data["_fb"] = fb
        return data

    def _numerical(self, node, log):
        data: dict[str, Any] = {"type": "numeric"}
        right = None
        fb: dict[str, str] = {}
        for a in node.iterfind("answer"):
            text = self.plain(a)
            fraction = self.fraction(a)
            feedback = self.md(a.find("feedback"), log)
            if text.strip() == "*":
                if feedback:
                    fb["incorrect"] = feedback
                continue
            value = parse_float(text)
            if value is None:
                log.lost(f"the answer {text!r}, which is not a number")
                continue
            if right is None and close(fraction, 1, 1e-6):
                right = (value, parse_float(a.findtext("tolerance")) or 0.0)
                if feedback:
                    fb["correct"] = feedback
            else:
                log.rounded(f"the answer {text} scoring {fraction * 100:g} % is left out (numeric has one answer)")
        if right is None:
            raise Refused("no answer earns full marks", "give one answer 100 %", code="CK911")
        data["answer"] = number(right[0])
        data["tolerance"] = number(abs(right[1]))
        units = [(parse_float(u.findtext("multiplier")), " ".join((u.findtext("unit_name") or "").split()))
                 for u in node.iterfind("units/unit")]  # fmt: skip
        base = [name for mult, name in units if mult is not None and close(mult, 1, 1e-12) and name]
        qt = node.find("questiontext")
        if base:
            data["unit"] = base[0]
            # A last "<p>_____ unit</p>" only places Moodle's answer box before the unit: not prompt text.
            text = qt.find("text") if qt is not None else None
            if text is not None and text.text:
                m = _BOX_RE.search(text.text)
                if m and html_lib.unescape(re.sub(r"<[^>]*>", "", m.group(1))).strip() == base[0]:
                    qt = copy.copy(qt)
                    qt.find("text").text = text.text[: m.start()]
        data["prompt"] = self.md(qt, log)
        if len(units) > len(base[:1]):
            log.lost("units other than the one with multiplier 1")
        if (node.findtext("unitgradingtype") or "0").strip() not in ("0", ""):
            log.rounded("the unit was graded in Moodle; coursekit shows the unit and grades only the number")
        data["_fb"] = fb
        return data

    def _essay(self, node, log):
        data: dict[str, Any] = {"type": "essay", "prompt": self.md(node.find("questiontext"), log)}
        model = self.md(node.find("graderinfo"), log)
        if model:
            data["model_answer"] = model
        for tag, key in (("minwordlimit", "min_words"), ("maxwordlimit", "max_words")):
            value = parse_float(node.findtext(tag))
            if value is not None and value > 0:
                data[key] = int(value)
        if self.md(node.find("responsetemplate"), log):
            log.lost("the response template")
        if (node.findtext("attachments") or "0").strip() not in ("0", ""):
            log.lost("file attachments")
        return data

    def _matching(self, node, log):
        pairs, distractors = [], []
        for sub in node.iterfind("subquestion"):
            left = self.md(sub, log)
            right = self.plain(sub.find("answer"))
            if not right:
                continue
            if left:
                pairs.append({"left": left, "right": right})
            else:
                distractors.append(right)
        data: dict[str, Any] = {"type": "matching", "prompt": self.md(node.find("questiontext"), log)}
        data["pairs"] = pairs
        if distractors:
            data["distractors"] = list(dict.fromkeys(distractors))
        data["shuffle"] = (node.findtext("shuffleanswers") or "true").strip().lower() in ("true", "1")
        self.combined(node, log, data)
        return data

    _match = _matching

    def _ordering(self, node, log):
        items = [self.md(a, log) for a in node.iterfind("answer")]
        grading = (node.findtext("gradingtype") or "ALL_OR_NOTHING").strip().upper()
        data: dict[str, Any] = {"type": "ordering", "prompt": self.md(node.find("questiontext"), log), "items": items}
        if grading in ("ALL_OR_NOTHING", "0"):
            data["scoring"] = "all_or_nothing"
        else:
            data["scoring"] = "partial"
            if grading not in ("ABSOLUTE_POSITION", "1"):
                log.rounded(f"grading {grading} is imported as partial (points per item in its place)")
        select = (node.findtext("selecttype") or "ALL").strip().upper()
        if select not in ("ALL", "0"):
            log.lost(f"selecttype {select} (every item is shown)")
        self.combined(node, log, data)
        return data

    def _cloze(self, node, log):
        qt = node.find("questiontext")
        raw = _text(qt)
        markers = find_markers(raw)
        if not markers:
            raise Refused("a Cloze question without any {…} answer marker", code="CK911")
        pieces, blanks, last = [], {}, 0
        gaps = GapTokens()
        weights = []
        for i, m in enumerate(markers):
            name = f"g{i + 1}"
            pieces.append(raw[last : m.start])
            pieces.append(gaps.token(name))
            last = m.end
            weights.append(m.weight)
            blanks[name] = self._gap(m, log, i + 1)
        pieces.append(raw[last:])
        html = "".join(pieces)
        fake = etree.Element("questiontext", format=qt.get("format", "html") if qt is not None else "html")
        etree.SubElement(fake, "text").text = html
        if qt is not None:
            for f in qt.iterchildren("file"):
                fake.append(f)
        text = gaps.restore(self.md(fake, log))
        if len(set(weights)) > 1:
            log.rounded(f"gap weights {', '.join(map(str, weights))} differ; coursekit gives every gap the same share")
        points = sum(weights) or 1
        return {"type": "fill_blanks", "text": text, "blanks": blanks, "scoring": "partial", "points": points}

    _multianswer = _cloze

    def _gap(self, m, log, n: int) -> dict[str, Any]:
        if m.kind == "mr":
            raise Refused(f"gap {n} is {m.type_name} (several answers), which fill_blanks cannot hold")
        right = [a for a in m.answers if close(a.fraction, 1, 1e-6)]
        if any(a.feedback.strip() for a in m.answers):
            log.lost(f"gap {n}: the per-answer feedback (fill_blanks has feedback per question)")
        partial = [a for a in m.answers if 0 < a.fraction < 1 - 1e-6]
        if partial:
            log.rounded(f"gap {n}: answers with part marks ({', '.join(a.text for a in partial)}) count as wrong")
        if m.kind == "mc":
            choices = [self._plain_html(a.text) for a in m.answers]
            if not right:
                raise Refused(f"gap {n} has no right choice", code="CK911")
            if len(right) > 1:  # a drop-down has one correct choice: the first; the rest now count as wrong
                others = ", ".join(repr(self._plain_html(a.text)) for a in right[1:])
                log.rounded(
                    f"gap {n} has {len(right)} full-mark choices; a drop-down has one correct choice, "
                    f"{self._plain_html(right[0].text)!r}, and {others} now count as wrong",
                    "keep one right choice in the drop-down (or make the gap typed, SHORTANSWER)",
                )
            return {"choices": choices, "correct": self._plain_html(right[0].text)}
        if not right:
            raise Refused(f"gap {n} has no answer with full marks", code="CK911")
        accept = []
        for a in right:
            text = a.text
            if m.kind == "num":
                value, _, tol = text.partition(":")
                if tol.strip() and parse_float(tol) not in (None, 0.0):
                    log.rounded(f"gap {n}: the number {value} ± {tol} is compared as the text {value.strip()!r}")
                text = value.strip()
            elif re.search(r"(?<!\\)\*", text):
                log.lost(f"gap {n}: the wildcard answer {text!r}")
                continue
            accept.append(text.replace("\\*", "*"))
        if not accept:
            raise Refused(f"gap {n} has no answer coursekit can compare", code="CK911")
        blank: dict[str, Any] = {"accept": list(dict.fromkeys(accept))}
        if m.kind == "sac":
            blank["case_sensitive"] = True
        return blank

    @staticmethod
    def _plain_html(text: str) -> str:
        return HtmlToMarkdown().plain(text) if "<" in text or "&" in text else collapse_ws(text)


# A big bank's questions are converted in forked workers (importers.parallel): each returns its
# question with the warnings and files it added, merged back in order.
PARALLEL_MIN = 2000


def _convert_all(reader: MoodleReader, nodes: list, indices: list[int]) -> list[DraftQuestion | None]:
    from .parallel import fork_map

    def convert(i: int):
        seen_diags, seen_assets = len(reader.result.diags.items), set(reader.result.assets)
        draft = reader.question(nodes[i], nodes[i].get("type", ""))
        new_diags = reader.result.diags.items[seen_diags:]
        del reader.result.diags.items[seen_diags:]
        assets = {k: v for k, v in reader.result.assets.items() if k not in seen_assets}
        return draft, new_diags, assets

    out = []
    for draft, diags, assets in fork_map(convert, indices, PARALLEL_MIN):
        reader.result.diags.extend(diags)
        reader.result.assets.update(assets)
        out.append(draft)
    return out


def read(path: Path) -> ImportResult:
    label = where(path).file
    root = parse_xml(read_source(path), label)
    result = ImportResult()
    reader = MoodleReader(label, result)
    reader.read(root)
    return result
