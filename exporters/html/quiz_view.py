"""View models of quizzes for the templates: rendered Markdown per question variant, plus
the quiz's scoring specification (coursekit.scoring) for the browser's quiz engine.

Every variant of every slot is rendered into the page (inside ``<template>`` elements); the
quiz engine (static/quiz.js) draws the questions and a variant per attempt in the browser.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup, escape

from coursekit.i18n import UiText
from coursekit.model import question as qm
from coursekit.model.gaps import find_gaps
from coursekit.render.rendered import Fragment, RenderedCourse, RenderedQuiz
from coursekit.render.speech import ENGLISH, MathWords, fragment_speech
from coursekit.scoring import question_spec

from .links import ChapterLinks

# Block-level tags: text holding one cannot sit inside <label> (phrasing content only).
_BLOCK_RE = re.compile(
    r"<(?:p|div|ul|ol|li|table|pre|blockquote|h[1-6]|aside|figure|section|hr|dl|details|math[^>]*display=\"block\")\b",
    re.I,
)
_TAG_SPLIT_RE = re.compile(r"(<[^>]*>)")


def is_phrasing(html: str) -> bool:
    return _BLOCK_RE.search(html) is None


@dataclass
class Option:
    index: int
    html: Markup
    text: str
    phrasing: bool
    feedback: Markup | None = None
    spoken: str | None = None  # set when the label holds a formula (see option())
    read: str | None = None  # set when it holds a picture: its text with the alt texts

    @property
    def name(self) -> str:
        """What a screen reader says for this option (buttons, announcements)."""
        return self.spoken or self.read or self.text


def option(index: int, frag: Fragment, feedback: Markup | None = None, words: MathWords = ENGLISH) -> Option:
    """An option of a choice, matching or ordering question.

    Accessible-name algorithms skip MathML content (role math is not named from content), so a
    label made of a formula would leave its control unnamed, and the formula's characters read
    flat ("z=x¯−μ0σ/n"). Such an option gets a spoken name from coursekit.render.speech, in the
    words of the course's language (``words``: ``MathWords.of(ui)``)."""
    spoken = fragment_speech(frag.xhtml, words) if "<math" in frag.html else None
    # A picture's alt text is not in the fragment's text: a name made from that text alone left a
    # picture item's buttons saying "Move up: " (a control labelled by the picture is named by
    # the browser, so it needs no aria-label).
    read = fragment_speech(frag.xhtml, words) if spoken is None and "<img" in frag.html else None
    return Option(index, _markup(frag), frag.text, is_phrasing(frag.html), feedback, spoken, read)


@dataclass
class QuestionView:
    uid: str  # unique in the page: ck-<quiz>-<slot>-<variant>
    slot: int
    variant: int
    q: qm.QuestionBase
    type: str
    points: float
    prompt: Markup
    feedback: dict[str, Markup]  # general / correct / incorrect / model
    options: list[Option] = field(default_factory=list)  # choices, matching lefts, ordering items
    rights: list[str] = field(default_factory=list)  # matching right-hand options
    text: Markup = Markup("")  # fill_blanks text with its gaps as inputs / selects
    answer_feedback: list[tuple[int, Markup]] = field(default_factory=list)  # short_answer


@dataclass
class QuizView:
    id: str
    title: str
    passing_score: float
    select: int | None
    shuffle: bool
    slots: list[list[QuestionView]]
    spec: dict[str, Any]
    show_answers: str = "always"  # always | after_pass | never (static/quiz.js shows them)

    @property
    def anchor(self) -> str:
        return f"quiz-{self.id}"

    @property
    def question_count(self) -> int:
        return self.select if self.select is not None else len(self.slots)


@dataclass
class _Source:
    """Where a quiz's Markdown comes from, and how its links to chapter files are fixed."""

    rendered: RenderedCourse
    rq: RenderedQuiz
    links: ChapterLinks | None
    ui: UiText

    @property
    def words(self) -> MathWords:
        """Formulas read as words in the course's language (spoken names of options)."""
        return MathWords.of(self.ui)

    def md(self, text: str | None, inline: bool = False) -> Fragment:
        frag = self.rendered.quiz_md(self.rq, text, inline=inline)
        if self.links is not None and frag:
            html = self.links.fix(frag.html, self.rq.quiz.path)
            if html != frag.html:  # most fragments link to no chapter: keep them as they are
                frag = Fragment(html, frag.xhtml, frag.text, frag.assets)
        return frag


def _markup(frag: Fragment) -> Markup:
    # Fragments are sanitised by the render stage; they are trusted HTML from here on.
    return Markup(frag.html)


def _gap_token(text: str) -> str:
    return "CKGAP" + hashlib.sha256(text.encode()).hexdigest()[:10].upper()


# A gap token (``_gap_token``) and the gap's number, as fill_blanks_html writes them.
_GAP_TOKEN_RE = re.compile(r"(CKGAP[0-9A-F]{10})X(\d+)X")


def _gap_control(ui: UiText, uid: str, i: int, count: int, blank: Any) -> str:
    """A gap's control as HTML. Written with escape() and f-strings, not Markup.format (whose
    formatter is made anew per call): the same escaping of every text value, at a fraction."""
    label = escape(ui.gettext("Blank %(number)s of %(count)s", number=i + 1, count=count))
    gid = escape(f"{uid}-gap{i}")
    if isinstance(blank, qm.DropdownBlank):
        choices = [escape(c.strip()) for c in blank.choices]
        opts = '<option value="">&#8230;</option>' + "".join(f'<option value="{c}">{c}</option>' for c in choices)
        control = f'<select class="ck-gap" id="{gid}" data-ck-gap="{i}" aria-label="{label}">{opts}</select>'
    else:
        width = max(6, min(24, max(len(a) for a in blank.accept) + 2))
        control = (
            f'<input type="text" class="ck-gap" id="{gid}" data-ck-gap="{i}" aria-label="{label}" size="{width}" '
            'autocomplete="off" autocapitalize="off" spellcheck="false">'
        )
    return f'<span class="ck-gap-wrap">{control}<span class="ck-mark" data-ck-part="{i}"></span></span>'


def fill_blanks_html(src: _Source, q: qm.FillBlanks, uid: str) -> Markup:
    """Render the text with each real gap (not ``[[x]]`` in code or math) as a control.

    Gaps become unique word tokens before Markdown rendering, so Markdown never sees the
    brackets; tokens are replaced in text only (one inside an attribute becomes a line).
    """
    source = q.text
    token = _gap_token(source)
    gaps = find_gaps(source)
    parts, last = [], 0
    for i, gap in enumerate(gaps):
        parts.append(source[last : gap.start] + f"{token}X{i}X")
        last = gap.end
    parts.append(source[last:])
    html = src.md("".join(parts)).html
    names = [g.name for g in gaps]

    # One pattern for every question (compiling one per token cost more than the rest of the
    # question): a match of another question's token, which this text could hold as written
    # text, is left as it is, as the pattern made of this token alone would leave it.
    def control(m: re.Match) -> str:
        if m.group(1) != token:
            return m.group(0)
        i = int(m.group(2))
        return _gap_control(src.ui, uid, i, len(names), q.blanks[names[i]])

    def line(m: re.Match) -> str:
        return "____" if m.group(1) == token else m.group(0)

    out = []
    for piece in _TAG_SPLIT_RE.split(html):
        out.append(_GAP_TOKEN_RE.sub(line if piece.startswith("<") else control, piece))
    return Markup("".join(out))


def _feedback(src: _Source, q: qm.QuestionBase) -> dict[str, Markup]:
    out = {}
    for key in ("correct", "incorrect", "general"):
        text = getattr(q.feedback, key)
        if text:
            out[key] = _markup(src.md(text))
    if isinstance(q, qm.Essay) and q.model_answer:
        out["model"] = _markup(src.md(q.model_answer))
    return out


def question_view(src: _Source, slot: int, variant: int, q: qm.QuestionBase) -> QuestionView:
    uid = f"ck-{src.rq.quiz.id}-{slot}-{variant}"
    prompt = _markup(src.md(q.prompt)) if q.prompt else Markup("")
    view = QuestionView(uid, slot, variant, q, q.type, float(q.points), prompt, _feedback(src, q))
    if isinstance(q, (qm.SingleChoice, qm.MultipleResponse)):
        for i, c in enumerate(q.choices):
            frag = src.md(c.text, inline=True)
            fb = _markup(src.md(c.feedback)) if c.feedback else None
            view.options.append(option(i, frag, fb, words=src.words))
    elif isinstance(q, qm.Matching):
        for i, p in enumerate(q.pairs):
            view.options.append(option(i, src.md(p.left, inline=True), words=src.words))
        view.rights = [p.right.strip() for p in q.pairs] + [d.strip() for d in q.distractors]
    elif isinstance(q, qm.Ordering):
        for i, item in enumerate(q.items):
            view.options.append(option(i, src.md(item, inline=True), words=src.words))
    elif isinstance(q, qm.FillBlanks):
        view.text = fill_blanks_html(src, q, uid)
    elif isinstance(q, qm.ShortAnswer):
        view.answer_feedback = [(i, _markup(src.md(a.feedback))) for i, a in enumerate(q.answers) if a.feedback]
    return view


def quiz_view(rendered: RenderedCourse, rq: RenderedQuiz, links: ChapterLinks | None, ui: UiText) -> QuizView:
    quiz = rq.quiz
    src = _Source(rendered, rq, links, ui)
    slots = [[question_view(src, s, v, q) for v, q in enumerate(slot.variants)] for s, slot in enumerate(rq.slots)]
    if quiz.show_answers == "never":
        # An essay's model answer is its correct answer: a quiz that never shows answers does not
        # carry it at all. (The scoring spec stays: the browser scores with it.)
        for slot_views in slots:
            for view in slot_views:
                view.feedback.pop("model", None)
    spec = {
        "id": quiz.id,
        "title": quiz.title,
        "pass": rq.passing_score,
        "select": quiz.select,
        "shuffle": bool(quiz.shuffle_questions),
        "show": quiz.show_answers,
        "slots": [[question_spec(q, ui.decimal) for q in slot.variants] for slot in rq.slots],
    }
    return QuizView(
        quiz.id, quiz.title, rq.passing_score, quiz.select, bool(quiz.shuffle_questions), slots, spec, quiz.show_answers
    )
