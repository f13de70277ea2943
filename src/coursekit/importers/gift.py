"""Reader for Moodle's GIFT text format, read as ``question/format/gift/format.php`` reads it.

Questions are separated by blank lines; ``//`` lines are comments; ``$CATEGORY: path``
starts a quiz; ``::name::`` names a question; ``\\`` escapes ``: # = { } ~`` (and ``\\n``
is a line break). The answer block ``{…}`` decides the type: empty (essay), ``#…``
(numerical: ``answer:tolerance``, ``min..max``, several ``=`` answers), ``~`` present
(multiple choice: one answer with ``=`` makes it single, ``~%50%`` weights otherwise),
``=a -> b`` (matching), ``T``/``TRUE``/``F``/``FALSE`` (true/false, ``#wrong#right``
feedback), else short answer. A block inside the text is Moodle's "missing word": the text
gets ``_____`` where the block was. ``####`` starts the general feedback; ``[html]``,
``[markdown]``, ``[plain]``, ``[moodle]`` set a text's format.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..diagnostics import Location
from .common import QuestionLog, choice_question, number, parse_float, tidy
from .draft import DraftQuestion, DraftQuiz, ImportProblem, ImportResult, Refused
from .html_md import HtmlToMarkdown, collapse_ws, markdown_source, moodle_auto_html
from .safe_input import decode_text, read_source, where
from .slugs import slugify

# Escaped characters become private-use placeholders while the text is split (as Moodle does).
_ESCAPES = {":": "\ue0f0", "#": "\ue0f1", "=": "\ue0f2", "{": "\ue0f3", "}": "\ue0f4", "~": "\ue0f5", "n": "\ue0f6"}
_BACK = {v: ("\n" if k == "n" else k) for k, v in _ESCAPES.items()}
_WEIGHT_RE = re.compile(r"^%(-?[0-9]{1,3}(?:\.[0-9]*)?)%")
_TF = {"T": True, "TRUE": True, "F": False, "FALSE": False}


def _pre(text: str) -> str:
    text = text.replace("\\\\", "\ue0f7")
    for ch, ph in _ESCAPES.items():
        text = text.replace("\\" + ch, ph)
    return text.replace("\ue0f7", "\\")


def _post(text: str) -> str:
    for ph, ch in _BACK.items():
        text = text.replace(ph, ch)
    return text


def chunks(text: str) -> list[tuple[int, list[str]]]:
    """(first line number, lines) of each blank-line separated question."""
    out: list[tuple[int, list[str]]] = []
    current: list[str] = []
    start = 0
    for n, line in enumerate(text.split("\n"), start=1):
        if line.strip().startswith("//"):
            line = ""
            if current:
                current.append("")
            continue
        if not line.strip():
            if any(x.strip() for x in current):
                out.append((start, current))
            current = []
            continue
        if not current:
            start = n
        current.append(line)
    if any(x.strip() for x in current):
        out.append((start, current))
    return out


class GiftReader:
    def __init__(self, label: str, result: ImportResult, stem: str):
        self.label = label
        self.result = result
        self.default = DraftQuiz(slugify(stem, "quiz"), stem, Location(label, 1, 1))
        self.quiz = self.default
        self.quizzes: dict[str, DraftQuiz] = {}

    def read(self, text: str) -> None:
        for line, lines in chunks(text):
            self.chunk(line, "\n".join(x.strip() for x in lines).strip())
        quizzes = [self.default, *self.quizzes.values()]
        self.result.quizzes = [q for q in quizzes if q.questions]

    def chunk(self, line: int, text: str) -> None:
        text = _pre(text)
        if text.startswith("$CATEGORY:"):
            path = _post(text[len("$CATEGORY:") :]).strip()
            names = [p for p in re.split(r"(?<!/)/(?!/)", path) if p and not p.startswith("$") and p != "top"]
            title = names[-1].replace("//", "/") if names else path
            self.quiz = self.quizzes.setdefault(path, DraftQuiz(slugify(title, "quiz"), title, where(self.label, line)))
            return
        name = None
        if text.startswith("::"):
            end = text.find("::", 2)
            if end > 0:
                name = " ".join(_post(text[2:end]).split())
                text = text[end + 2 :].strip()
        display = name or " ".join(_post(re.sub(r"\{.*", "", text, flags=re.S)).split())[:80] or f"line {line}"
        log = QuestionLog(self.result.diags, Location(self.label, line, 1), display)
        try:
            data = self.question(text, log)
        except Refused as refused:
            log.warn(refused.code, f"not imported: {refused.message}", refused.hint)
            return
        qid = slugify(name, "question") if name else f"q{sum(len(q.questions) for q in self.all()) + 1}"
        self.quiz.questions.append(DraftQuestion({"id": qid} | data, log.where, display))

    def all(self) -> list[DraftQuiz]:
        return [self.default, *self.quizzes.values()]

    # ------------------------------------------------------------------ text
    @staticmethod
    def fmt(text: str, default: str = "moodle") -> tuple[str, str]:
        m = re.match(r"^\[(html|markdown|plain|moodle)\]", text)
        return (m.group(1), text[m.end() :]) if m else (default, text)

    def md(self, text: str, fmt: str, log: QuestionLog) -> str:
        fmt, text = self.fmt(text.strip(), fmt)
        text = _post(text).strip()
        conv = HtmlToMarkdown(lambda src: None, log.html_warner())
        if fmt == "markdown":
            return markdown_source(text)
        if fmt == "plain":
            return conv.plain_to_markdown(text)
        if fmt == "moodle":  # Moodle's auto-format: HTML allowed, line breaks kept
            return conv.markdown(text.replace("\n", "<br>") if "<" in text else moodle_auto_html(text))
        return conv.markdown(text)

    def plain(self, text: str) -> str:
        _, text = self.fmt(text.strip())
        text = _post(text)
        return HtmlToMarkdown().plain(text) if "<" in text or "&" in text else collapse_ws(text)

    # ------------------------------------------------------------------ question
    def question(self, text: str, log: QuestionLog) -> dict[str, Any]:
        start, finish = text.find("{"), text.find("}")
        if start < 0 and finish < 0:
            raise Refused("a description (no answer block) is not a question", "put the text in a chapter")
        if start < 0 or finish < start:
            raise Refused("the braces { } of the answer block do not match", "escape literal braces as \\{ \\}")
        answer = text[start + 1 : finish].strip()
        after = text[finish + 1 :].strip()
        qtext = text[:start] + ("" if not after else "_____" + text[finish + 1 :])
        fmt, _ = self.fmt(qtext.strip())
        prompt = self.md(qtext, fmt, log)
        general = ""
        sep = answer.rfind("####")
        if sep >= 0:
            general, answer = answer[sep + 4 :], answer[:sep].strip()
        data: dict[str, Any] = {"prompt": prompt}
        if not answer:
            data["type"] = "essay"
        elif answer.startswith("#"):
            data |= self.numerical(answer[1:], fmt, log)
        elif "~" in answer:
            data |= self.multichoice(answer, fmt, log)
        elif "=" in answer and "->" in answer:
            data |= self.matching(answer, fmt, log)
        else:
            head = answer.split("#", 1)[0].strip()
            data |= self.truefalse(answer, fmt, log) if head in _TF else self.shortanswer(answer, fmt, log)
        if general.strip():
            data.setdefault("feedback", {})["general"] = self.md(general, fmt, log)
        return data

    def _split_feedback(self, answer: str) -> tuple[str, str]:
        text, _, feedback = answer.partition("#")
        return text.strip(), feedback.strip()

    def multichoice(self, answer: str, fmt: str, log: QuestionLog) -> dict[str, Any]:
        single = "=" in answer
        parts = [p.strip() for p in answer.replace("=", "~=").split("~") if p.strip()]
        choices, fractions = [], []
        for part in parts:
            if part.startswith("="):
                fraction, part = 1.0, part[1:]
            else:
                m = _WEIGHT_RE.match(part)
                fraction = float(m.group(1)) / 100 if m else 0.0
                part = part[m.end() :] if m else part
            text, feedback = self._split_feedback(part)
            choice: dict[str, Any] = {"text": self.md(text, fmt, log), "correct": False}
            if feedback:
                choice["feedback"] = self.md(feedback, fmt, log)
            choices.append(choice)
            fractions.append(fraction)
        return choice_question({}, choices, fractions, single, log)

    def truefalse(self, answer: str, fmt: str, log: QuestionLog) -> dict[str, Any]:
        bits = [b.strip() for b in answer.split("#", 2)]
        data: dict[str, Any] = {"type": "true_false", "answer": _TF[bits[0]]}
        fb = {}
        if len(bits) > 1 and bits[1]:
            fb["incorrect"] = self.md(bits[1], fmt, log)
        if len(bits) > 2 and bits[2]:
            fb["correct"] = self.md(bits[2], fmt, log)
        if fb:
            data["feedback"] = fb
        return data

    def shortanswer(self, answer: str, fmt: str, log: QuestionLog) -> dict[str, Any]:
        answers = []
        for part in (p.strip() for p in answer.split("=") if p.strip()):
            m = _WEIGHT_RE.match(part)
            fraction = float(m.group(1)) / 100 if m else 1.0
            part = part[m.end() :] if m else part
            text, feedback = self._split_feedback(part)
            text = self.plain(text)
            if "*" in text:
                log.lost(f"the wildcard answer {text!r} (coursekit compares whole answers)")
                continue
            if fraction < 0 or fraction > 1:
                log.rounded(f"answer {text!r} scores {fraction * 100:g} %; clamped to 0..100 %")
                fraction = min(max(fraction, 0.0), 1.0)
            item: dict[str, Any] = {"text": text, "score": number(round(fraction, 7))}
            if feedback:
                item["feedback"] = self.md(feedback, fmt, log)
            answers.append(item)
        return {"type": "short_answer", "answers": answers, "case_sensitive": False}

    def matching(self, answer: str, fmt: str, log: QuestionLog) -> dict[str, Any]:
        pairs, distractors = [], []
        for part in (p for p in answer.split("=") if p.strip()):
            if "->" not in part:
                raise Refused(f"the matching answer {_post(part).strip()!r} has no '->'", code="CK911")
            left, right = part.split("->", 1)
            right = self.plain(right)
            if left.strip():
                pairs.append({"left": self.md(left, fmt, log), "right": right})
            elif right:
                distractors.append(right)
        data: dict[str, Any] = {"type": "matching", "pairs": pairs, "scoring": "partial"}
        if distractors:
            data["distractors"] = distractors
        return data

    def numerical(self, answer: str, fmt: str, log: QuestionLog) -> dict[str, Any]:
        wrong = ""
        if "~" in answer:
            answer, wrong = answer.split("~", 1)
        found: list[tuple[float, float, float, str]] = []
        for part in (p.strip() for p in answer.split("=") if p.strip()):
            m = _WEIGHT_RE.match(part)
            fraction = float(m.group(1)) / 100 if m else 1.0
            part = part[m.end() :] if m else part
            text, feedback = self._split_feedback(part)
            text = _post(text).strip()
            if ".." in text:
                lo, hi = (parse_float(x) for x in text.split("..", 1))
                if lo is None or hi is None:
                    raise Refused(f"the range {text!r} is not min..max", code="CK911")
                value, tol = tidy((lo + hi) / 2), tidy((hi - lo) / 2)
            else:
                value_text, _, tol_text = text.partition(":")
                value, tol = parse_float(value_text), parse_float(tol_text) if tol_text.strip() else 0.0
                if value is None or tol is None:
                    raise Refused(f"the answer {text!r} is not a number", code="CK911")
            found.append((fraction, value, abs(tol), feedback))
        best = [f for f in found if abs(f[0] - 1) < 1e-9]
        if not best:
            raise Refused("no numerical answer earns full marks", code="CK911")
        if len(found) > 1:
            log.rounded(f"{len(found)} numerical answers; only the first with full marks is kept")
        _, value, tol, feedback = best[0]
        data: dict[str, Any] = {"type": "numeric", "answer": number(value)}
        if tol:
            data["tolerance"] = number(tol)
        fb = {}
        if feedback:
            fb["correct"] = self.md(feedback, fmt, log)
        wrong_fb = wrong.split("#", 1)[1].strip() if "#" in wrong else ""
        if wrong_fb:
            fb["incorrect"] = self.md(wrong_fb, fmt, log)
        if fb:
            data["feedback"] = fb
        return data


def read(path: Path) -> ImportResult:
    label = where(path).file
    text = decode_text(read_source(path, 20 * 1024 * 1024), label)
    result = ImportResult()
    reader = GiftReader(label, result, path.stem)
    reader.read(text)
    if not result.quizzes and not result.diags.items:
        raise ImportProblem(
            "CK905",
            "no GIFT question found (questions are separated by blank lines and hold an answer block { })",
            Location(label, 1, 1),
            "check that the file is GIFT text",
        )
    return result
