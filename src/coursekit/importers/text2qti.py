"""Reader for text2qti's plain-text quiz format (the Markdown-based text text2qti turns into
Canvas zips).

A question starts with ``1.``; choices are ``a)`` / ``*a)`` (one right: single_choice, with
``True``/``False`` texts: true_false), ``[ ]`` / ``[*]`` (multiple_response, Canvas's
partial credit), short answers ``*   text``, a number ``=   3.14 +- 0.01``, ``= [min, max]``
or ``= 42``, an essay ``____``. Feedback: ``...`` (general, or the choice's when under a
choice), ``+`` correct, ``-`` incorrect. ``Title:`` and ``Points:`` set the next question;
``Quiz title:``, ``Quiz description:`` and ``Shuffle answers:`` the quiz; a ``GROUP`` with
``pick:`` becomes ``select`` when it holds the whole quiz. Text continues on following lines
indented to the text's column. The text is Markdown with ``$…$`` math, as coursekit's.
Code blocks marked to run are never run: the question is refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from ..diagnostics import Location
from .assets import AssetSink
from .common import DRAWS_NOTHING, QuestionLog, number, parse_float, tidy, whole_number
from .draft import DraftQuestion, DraftQuiz, ImportProblem, ImportResult, Refused
from .html_md import clean_text, collapse_ws
from .safe_input import decode_text, read_source, where
from .slugs import slugify

_MARKERS = [
    ("quiz_title", r"[Qq]uiz [Tt]itle:"),
    ("quiz_description", r"[Qq]uiz [Dd]escription:"),
    ("shuffle", r"[Ss]huffle answers:"),
    ("quiz_setting", r"(?:[Ss]how correct answers|[Oo]ne question at a time|[Cc]an't go back|"
     r"[Ff]eedback is solution|[Ss]olutions sample groups|[Ss]olutions randomize groups):"),
    ("text_title", r"[Tt]ext [Tt]itle:"),
    ("text", r"[Tt]ext:"),
    ("title", r"[Tt]itle:"),
    ("points", r"[Pp]oints:"),
    ("pick", r"[Pp]ick:"),
    ("solutions_pick", r"[Ss]olutions pick:"),
    ("points_per_question", r"[Pp]oints per question:"),
    ("question", r"\d+\."),
    ("mc_right", r"\*[a-zA-Z]\)"),
    ("mc_wrong", r"[a-zA-Z]\)"),
    ("ma_right", r"\[\*\]"),
    ("ma_wrong", r"\[ ?\]"),
    ("short", r"\*"),
    ("feedback", r"\.\.\."),
    ("correct_fb", r"\+"),
    ("incorrect_fb", r"-"),
    ("solution", r"!"),
    ("numerical", r"="),
]  # fmt: skip
_LINE_RE = re.compile("|".join(f"(?P<{name}>{pattern})[ \\t]+(?=\\S)" for name, pattern in _MARKERS))
_ALONE = {"essay": re.compile(r"^_{3,}\s*$"), "upload": re.compile(r"^\^{3,}\s*$")}
_SINGLE_LINE = {
    "points", "pick", "solutions_pick", "points_per_question", "numerical", "short", "shuffle", "quiz_setting",
}  # fmt: skip
_TITLES = {"quiz_title", "text_title", "title"}


@dataclass
class Block:
    kind: str
    text: str
    line: int


@dataclass
class Question:
    line: int
    prompt: str
    title: str | None = None
    points: float | None = None
    choices: list[dict[str, Any]] = field(default_factory=list)
    kinds: set[str] = field(default_factory=set)
    short: list[str] = field(default_factory=list)
    numerical: list[tuple[int, str]] = field(default_factory=list)
    feedback: dict[str, str] = field(default_factory=dict)
    essay: bool = False
    problems: list[str] = field(default_factory=list)


def blocks(text: str, label: str) -> list[Block]:
    """The file as marked blocks; continuation lines are indented to the text's column."""
    lines = text.split("\n")
    out: list[Block] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.strip() or line.startswith("%"):
            i += 1
            continue
        if line.strip() == "COMMENT":
            while i < len(lines) and lines[i].strip() != "END_COMMENT":
                i += 1
            i += 1
            continue
        if line.strip() in ("GROUP", "END_GROUP"):
            out.append(Block(line.strip().lower(), "", i + 1))
            i += 1
            continue
        if line.startswith("```"):
            out.append(Block("code", line, i + 1))
            i += 1
            while i < len(lines) and not lines[i].startswith("```"):
                i += 1
            i += 1
            continue
        alone = next((k for k, r in _ALONE.items() if r.match(line)), None)
        if alone:
            out.append(Block(alone, "", i + 1))
            i += 1
            continue
        m = _LINE_RE.match(line)
        if not m:
            out.append(Block("unknown", line, i + 1))
            i += 1
            continue
        kind, start = m.lastgroup or "", i + 1
        body = [line[m.end() :].rstrip()]
        indent = " " * len(line[: m.end()].expandtabs(4))
        i += 1
        if kind not in _SINGLE_LINE:
            pending: list[str] = []
            while i < len(lines):
                cur = lines[i].expandtabs(4)
                if not cur.strip():
                    if kind in _TITLES:
                        break
                    pending.append("")
                    i += 1
                    continue
                if kind in _TITLES or kind in ("quiz_description", "text"):
                    ok = cur.startswith((" ", "\t")) and len(cur) - len(cur.lstrip()) >= 2
                    cut = len(cur) - len(cur.lstrip())
                else:
                    ok = cur.startswith(indent)
                    cut = len(indent)
                if not ok:
                    break
                body.extend(pending)
                pending = []
                body.append(cur[cut:].rstrip())
                i += 1
        out.append(Block(kind, "\n".join(body).strip(), start))
    return out


def _md(text: str) -> str:
    """text2qti Markdown is coursekit Markdown; only templates must not appear."""
    text = clean_text(text)
    return text.replace("{{", "{\\{").replace("{%", "{\\%")


# ![alt](path) or ![alt](<path> "title"), as text2qti's Markdown (Python-Markdown) reads images
IMAGE_RE = re.compile(r'!\[([^\]]*)\]\(\s*(<[^>]*>|[^)\s]+)(?:\s+"[^"]*")?\s*\)')
IMAGE_LIMIT = 20 * 1024 * 1024


class Text2qtiReader:
    def __init__(self, label: str, result: ImportResult, stem: str, base: Path | None = None):
        self.label = label
        self.result = result
        self.base = base  # the folder of the text file: its images are read from there
        self.sink = AssetSink(result.assets)
        self.quiz = DraftQuiz(slugify(stem, "quiz"), stem, Location(label, 1, 1))
        self.questions: list[Question] = []
        self.pending: dict[str, Any] = {}
        self.groups: list[tuple[int, int, int | None]] = []  # (first question, end, pick)
        self.group_start: int | None = None
        self.group_pick: int | None = None
        self.shuffle: bool | None = None

    def warn(self, code: str, message: str, line: int, hint: str = "") -> None:
        self.result.diags.warning(code, message, Location(self.label, line, 1), hint)

    def md(self, text: str, line: int) -> str:
        """``_md``, with the images it shows copied from beside the text file into the course's assets
        (others dropped, their alt text kept, CK917)."""
        return IMAGE_RE.sub(lambda m: self._image(m.group(1), m.group(2).strip("<>"), line), _md(text))

    def _image(self, alt: str, src: str, line: int) -> str:
        alt = " ".join(alt.split())
        path = unquote(src.split("?")[0].split("#")[0])
        problem, data = "", b""
        file = (self.base / path).resolve() if self.base is not None and path else None
        if "://" in src or src.startswith("data:") or file is None:
            problem = "is not a file beside the text file"
        elif Path(path).is_absolute() or not file.is_relative_to(self.base.resolve()):
            problem = "is outside the text file's folder and is not read"
        elif not file.is_file():
            problem = "is not found beside the text file"
        elif file.stat().st_size > IMAGE_LIMIT:
            problem = "is over 20 MB"
        else:
            data = file.read_bytes()
        target = self.sink.add(path, data) if not problem else None
        if target is None:
            self.warn(
                "CK917",
                f"the image {src[:80]!r} {problem or 'is an SVG coursekit does not read'}; its alt text is kept",
                line,
                "put the image in the text file's folder and import again, or add it to the course by hand",
            )
            return alt
        if not alt:
            alt = Path(path).stem or "image"
            self.warn(
                "CK917",
                f"the image {src[:80]!r} has no alt text; its file name is used",
                line,
                "describe the image in its alt text",
            )
        return f"![{alt}]({target})"

    def read(self, text: str) -> None:
        for b in blocks(text, self.label):
            getattr(self, "_" + b.kind, self._other)(b)
        if self.group_start is not None:
            self.warn("CK914", "a GROUP without END_GROUP; its questions are imported one by one", 1, "")
        self.finish()

    # ------------------------------------------------------------------ quiz-level
    def _quiz_title(self, b: Block) -> None:
        self.quiz.title = " ".join(b.text.split())
        self.quiz.id = slugify(self.quiz.title, "quiz")

    def _quiz_description(self, b: Block) -> None:
        self.warn("CK914", "the quiz description is not imported (quizzes have a title only)", b.line, "")

    def _shuffle(self, b: Block) -> None:
        self.shuffle = b.text.strip().lower() == "true"

    def _quiz_setting(self, b: Block) -> None:
        self.warn("CK914", f"the quiz setting {b.text!r} is not imported", b.line, "set it in the LMS")

    def _text_title(self, b: Block) -> None:
        self.warn("CK914", "a text region is not imported (put the text in a chapter)", b.line, "")

    _text = _text_title

    def _group(self, b: Block) -> None:
        self.group_start, self.group_pick = len(self.questions), None

    def _end_group(self, b: Block) -> None:
        if self.group_start is not None:
            self.groups.append((self.group_start, len(self.questions), self.group_pick))
        self.group_start = None

    def _pick(self, b: Block) -> None:
        self.group_pick = whole_number(b.text)
        if self.group_pick == 0:
            self.group_pick = None
            self.warn(
                "CK912",
                f"pick: 0 draws none of the group's questions: {DRAWS_NOTHING}",
                b.line,
                "write pick: N with N at least 1, or set select: N in the quiz file",
            )
        elif self.group_pick is None:
            self.warn(
                "CK912",
                f"pick: {b.text.strip()!r} is not a whole number; the group's questions are imported "
                "without select (every question is shown)",
                b.line,
                "write pick: N with N a whole number, or set select: N in the quiz file",
            )

    def _solutions_pick(self, b: Block) -> None:
        pass

    def _points_per_question(self, b: Block) -> None:
        self.pending["points"] = parse_float(b.text)

    def _code(self, b: Block) -> None:
        self.warn(
            "CK910",
            "a code block text2qti would run is not run; the generated text is not imported",
            b.line,
            "run text2qti and import its zip with: coursekit import canvas",
        )
        if self.questions:
            self.questions[-1].problems.append("it uses a code block that text2qti runs")

    def _other(self, b: Block) -> None:
        self.warn("CK914", f"the line {b.text[:60]!r} is not part of any question and is not imported", b.line, "")

    _unknown = _other

    # ------------------------------------------------------------------ questions
    def _title(self, b: Block) -> None:
        self.pending["title"] = " ".join(b.text.split())

    def _points(self, b: Block) -> None:
        self.pending["points"] = parse_float(b.text)

    def _question(self, b: Block) -> None:
        q = Question(b.line, b.text, self.pending.get("title"), self.pending.get("points"))
        self.pending = {}
        self.questions.append(q)

    def current(self, b: Block) -> Question | None:
        if not self.questions:
            self.warn("CK914", f"{b.text[:40]!r} comes before any question and is not imported", b.line, "")
            return None
        return self.questions[-1]

    def _choice(self, b: Block, kind: str, right: bool) -> None:
        q = self.current(b)
        if q is not None:
            q.kinds.add(kind)
            q.choices.append({"text": self.md(b.text, b.line), "correct": right})

    def _mc_right(self, b: Block) -> None:
        self._choice(b, "mc", True)

    def _mc_wrong(self, b: Block) -> None:
        self._choice(b, "mc", False)

    def _ma_right(self, b: Block) -> None:
        self._choice(b, "ma", True)

    def _ma_wrong(self, b: Block) -> None:
        self._choice(b, "ma", False)

    def _short(self, b: Block) -> None:
        q = self.current(b)
        if q is not None:
            q.kinds.add("short")
            q.short.append(collapse_ws(b.text))

    def _numerical(self, b: Block) -> None:
        q = self.current(b)
        if q is not None:
            q.kinds.add("num")
            q.numerical.append((b.line, b.text))

    def _essay(self, b: Block) -> None:
        q = self.current(b)
        if q is not None:
            q.kinds.add("essay")

    def _upload(self, b: Block) -> None:
        q = self.current(b)
        if q is not None:
            q.problems.append("a file upload question has no coursekit type")

    def _feedback(self, b: Block) -> None:
        q = self.current(b)
        if q is None:
            return
        if q.choices and not q.short and not q.numerical:
            q.choices[-1]["feedback"] = self.md(b.text, b.line)
        else:
            q.feedback["general"] = self.md(b.text, b.line)

    def _correct_fb(self, b: Block) -> None:
        q = self.current(b)
        if q is not None:
            q.feedback["correct"] = self.md(b.text, b.line)

    def _incorrect_fb(self, b: Block) -> None:
        q = self.current(b)
        if q is not None:
            q.feedback["incorrect"] = self.md(b.text, b.line)

    def _solution(self, b: Block) -> None:
        q = self.current(b)
        if q is not None:
            q.feedback["solution"] = self.md(b.text, b.line)

    # ------------------------------------------------------------------ assemble
    def finish(self) -> None:
        for n, q in enumerate(self.questions, start=1):
            name = q.title or q.prompt.split("\n")[0]
            log = QuestionLog(self.result.diags, Location(self.label, q.line, 1), name)
            try:
                data = self.question(q, log)
            except Refused as refused:
                log.warn(refused.code, f"not imported: {refused.message}", refused.hint)
                continue
            data = {"id": f"q{n}"} | data
            if self.shuffle is not None and "choices" in data:
                data["shuffle"] = self.shuffle
            if q.points is not None:
                if q.points > 0:
                    data["points"] = number(q.points)
                else:
                    log.rounded(f"it is worth {q.points:g} points; imported as 1 point")
            self.quiz.questions.append(DraftQuestion(data, log.where, name))
        whole = [g for g in self.groups if g[0] == 0 and g[1] == len(self.questions)]
        if whole and whole[0][2]:
            if whole[0][2] < len(self.questions):
                self.quiz.extra["select"] = whole[0][2]
            self.quiz.extra["shuffle_questions"] = True
        else:
            for start, _end, pick in self.groups:
                if pick:
                    self.warn(
                        "CK914",
                        f"a group draws {pick} of its questions; each is imported as a question of its own",
                        self.questions[start].line if start < len(self.questions) else 1,
                        "use select in the quiz, or delete the questions you do not want",
                    )
        if self.quiz.questions:
            self.result.quizzes.append(self.quiz)
        self.result.title = self.quiz.title

    def question(self, q: Question, log: QuestionLog) -> dict[str, Any]:
        if q.problems:
            raise Refused(q.problems[0])
        if len(q.kinds) != 1:
            raise Refused(
                "it has no answers" if not q.kinds else "it mixes answer kinds " + ", ".join(sorted(q.kinds)),
                "give it one kind of answer",
                code="CK911",
            )
        kind = next(iter(q.kinds))
        fb = {k: v for k, v in q.feedback.items() if k != "solution"}
        if "solution" in q.feedback:
            log.lost("the solution (!) text")
        data: dict[str, Any] = {"prompt": self.md(q.prompt, q.line)}
        if kind == "mc":
            texts = [c["text"].strip().lower() for c in q.choices]
            right = [c for c in q.choices if c["correct"]]
            if sorted(texts) == ["false", "true"] and len(right) == 1:
                data |= {"type": "true_false", "answer": right[0]["text"].strip().lower() == "true"}
                per_choice = [c.get("feedback") for c in q.choices if c.get("feedback")]
                if per_choice:
                    log.lost("per-choice feedback of a true/false question")
            else:
                data |= {"type": "single_choice", "choices": q.choices}
        elif kind == "ma":
            data |= {"type": "multiple_response", "scoring": "partial", "choices": q.choices}
        elif kind == "short":
            data |= {"type": "short_answer", "answers": [{"text": t, "score": 1} for t in q.short]}
        elif kind == "num":
            data |= {"type": "numeric"} | self.numeric(q, log)
        elif kind == "essay":
            data |= {"type": "essay"}
        if fb:
            data["feedback"] = fb
        return data

    @staticmethod
    def numeric(q: Question, log: QuestionLog) -> dict[str, Any]:
        if len(q.numerical) > 1:
            log.rounded(f"{len(q.numerical)} numerical answers; only the first is kept")
        text = q.numerical[0][1].strip()
        m = re.match(r"^\[\s*([^,\]]+)\s*,\s*([^\]]+)\s*\]$", text)
        if m:
            lo, hi = parse_float(m.group(1)), parse_float(m.group(2))
            if lo is None or hi is None or hi < lo:
                raise Refused(f"the range {text!r} is not [min, max]", code="CK911")
            return {"answer": number(tidy((lo + hi) / 2)), "tolerance": number(tidy((hi - lo) / 2))}
        if "+-" in text:
            value, margin = (parse_float(x) for x in text.split("+-", 1))
            if value is None or margin is None or margin < 0:
                raise Refused(f"the answer {text!r} is not <number> +- <margin>", code="CK911")
            return {"answer": number(value), "tolerance": number(margin)}
        value = parse_float(text)
        if value is None:
            raise Refused(f"the answer {text!r} is not a number", code="CK911")
        return {"answer": number(value)}


def read(path: Path) -> ImportResult:
    label = where(path).file
    text = decode_text(read_source(path, 20 * 1024 * 1024), label)
    result = ImportResult()
    reader = Text2qtiReader(label, result, path.stem, path.parent)
    reader.read(text)
    if not reader.questions:
        raise ImportProblem(
            "CK905",
            "no question found (a question starts with a number and a dot: '1.  What ...?')",
            Location(label, 1, 1),
            "check that the file is in text2qti's format",
        )
    return result
