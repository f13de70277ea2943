"""Canvas QTI 1.2 items: one ``<item>`` per concrete question, as Canvas's own exporter
writes them (lib/cc/qti/qti_items.rb) and its importer reads them back.

Canvas scores in percent of ``points_possible`` (SCORE 0..100). Question types:
multiple_choice / multiple_answers / true_false / numerical / short_answer / essay /
matching / fill_in_multiple_blanks / multiple_dropdowns. What Canvas cannot hold exactly is
exported as the closest Canvas question plus a located warning (codes CK760-CK769, see
docs/targets/canvas.md). Math is TeX in ``\\(...\\)``, which Canvas renders with MathJax
(current Canvas's sanitiser keeps MathML as well, older ones dropped it; TeX survives every
import step and version). Every HTML field is
wrapped so that Canvas's importer reads it as HTML (``HTML_CLASS``). Images point at
``$IMS-CC-FILEBASE$/assets/...`` and ship under ``web_resources/``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape as html_escape
from typing import TYPE_CHECKING

from lxml import etree

from coursekit.exporters.xml_escape import NOT_XML, NOT_XML_CHARS, escape_attr, escape_text
from coursekit.i18n import ui_text
from coursekit.model.question import DropdownBlank, normalize_answer

from .ids import num, numeric_bounds, scrambled
from .qti21_items import true_false_labels

if TYPE_CHECKING:
    from coursekit.diagnostics import Location
    from coursekit.model import QuestionBase
    from coursekit.render.rendered import RenderedCourse, RenderedQuiz

NS = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
FILEBASE = "$IMS-CC-FILEBASE$/"
_MASKED_RE = re.compile(r"<code>.*?</code>|<pre>.*?</pre>|\\\(.*?\\\)|\\\[.*?\\\]", re.S)

Warn = Callable[[str, str, "Location", str], None]

# A quiz file is written as text in its final form: the bytes lxml's pretty_print gave when the
# items were parsed back and serialised again (2 spaces a level; an element holding elements opens
# and closes on lines of its own; one holding text, or nothing, is one line, empty text written as
# an empty element). On the 10,000-question bank that parse and serialisation took 0.3 s of a
# 3.4 s build and changed no byte; tests/test_canvas_text.py holds the text to what lxml writes.
# Well-formedness holds by construction: tags, attribute names and the identifiers made here
# (digits, ncname) need no escaping, and every other value goes through xml_text or xml_attr,
# which escape it as libxml2 does and refuse what XML cannot carry (see _refuse).
INDENT = tuple("\n" + "  " * depth for depth in range(64))
"""``INDENT[d]``: the line break and indentation before an element at depth ``d`` (the root is 0)."""

_TEXT_SPECIAL = re.compile(f"[&<>\r{NOT_XML_CHARS}]")
_ATTR_SPECIAL = re.compile(f'[&<>"\n\r\t{NOT_XML_CHARS}]')


def xml_text(value: str) -> str:
    """Element text as libxml2 serialises it."""
    if not _TEXT_SPECIAL.search(value):  # most texts: nothing to escape or refuse (one search)
        return value
    escaped = escape_text(value)
    if NOT_XML.search(value):
        _refuse(f"<t>{escaped}</t>")
    return escaped


def xml_attr(value: str) -> str:
    """An attribute value (between double quotes) as libxml2 serialises it."""
    if not _ATTR_SPECIAL.search(value):
        return value
    escaped = escape_attr(value)
    if NOT_XML.search(value):
        _refuse(f'<t a="{escaped}"/>')
    return escaped


def _refuse(xml: str) -> None:
    """Raise what parsing the quiz file back raised when a value held a character XML cannot
    carry (the loader refuses them in course files; this guards values made after loading)."""
    etree.fromstring(xml)
    raise AssertionError(f"lxml read a character XML 1.0 does not allow: {xml!r}")  # pragma: no cover


def attrs_text(attrs: dict) -> str:
    return "".join([f' {key}="{xml_attr(str(value))}"' for key, value in attrs.items()])


# leaf and node write compact XML text that the caller parses (the cc target's portable items).
def leaf(tag: str, text: str | None = None, /, **attrs) -> str:
    """An element holding text (or nothing), as XML."""
    start = f"{tag}{attrs_text(attrs)}" if attrs else tag
    if text is None:
        return f"<{start}/>"
    return f"<{start}>{xml_text(text)}</{tag}>"


def node(tag: str, *children: str, **attrs) -> str:
    """An element holding other elements (already XML), as XML."""
    start = f"{tag}{attrs_text(attrs)}" if attrs else tag
    return f"<{start}>{''.join(children)}</{tag}>" if children else f"<{start}/>"


def line(ind: str, tag: str, text: str | None = None, attrs: str = "") -> str:
    """An element holding text (or nothing) on a line of its own (``ind``: from ``INDENT``;
    ``attrs``: escaped, each with its leading space). lxml writes an element with empty text as
    an empty element, as it writes one with none."""
    if not text:
        return f"{ind}<{tag}{attrs}/>"
    return f"{ind}<{tag}{attrs}>{xml_text(text)}</{tag}>"


def block(ind: str, tag: str, children: list[str], attrs: str = "") -> str:
    """An element holding ``children`` (each already on its lines, one level deeper than ``ind``)."""
    if not children:
        return f"{ind}<{tag}{attrs}/>"
    return f"{ind}<{tag}{attrs}>{''.join(children)}{ind}</{tag}>"


# Canvas's plain "QTI .zip" import (no flavour) takes a text/html field for plain text when, once
# it has stepped into lone attribute-less p/div/span wrappers, a single text node is left
# (HtmlHelper#detect_html, see docs/targets/canvas.md): its &lt; and &amp; then reach the learner
# literally. A wrapper carrying a class (an attribute Canvas's sanitiser has always kept) stops
# that stepping, so Canvas reads every field as HTML; the class has no style, the text is unchanged.
HTML_CLASS = "ck-html"
# The wrappers as they stand escaped in a mattext (escaping is per character, so escaping the
# wrapped HTML is escaping the wrapper, then the HTML, then the closing tag).
_WRAP = {
    False: (f'&lt;div class="{HTML_CLASS}"&gt;', "&lt;/div&gt;"),
    True: (f'&lt;span class="{HTML_CLASS}"&gt;', "&lt;/span&gt;"),
}
_PLAIN = ' texttype="text/plain"'


class _Lines:
    """The indentation of each level of an item at one depth in the quiz file, and the pieces
    that are the same in every item there (built once per depth, not once per item)."""

    def __init__(self, depth: int):
        i = self.i = INDENT[depth:]  # i[k]: an element k levels inside the item
        self.other = f"{i[3]}<conditionvar>{i[4]}<other/>{i[3]}</conditionvar>"
        self.outcomes = (
            f"{i[2]}<outcomes>"
            f'{i[3]}<decvar maxvalue="100" minvalue="0" varname="SCORE" vartype="Decimal"/>'
            f"{i[2]}</outcomes>"
        )
        self.other_feedback = {
            link: f'{i[2]}<respcondition continue="Yes">{self.other}'
            f'{i[3]}<displayfeedback feedbacktype="Response" linkrefid="{link}"/>{i[2]}</respcondition>'
            for link in ("general_fb", "general_incorrect_fb")
        }
        self.correct_fb = f'{i[3]}<displayfeedback feedbacktype="Response" linkrefid="correct_fb"/>'
        self.score_100 = f'{i[3]}<setvar action="Set" varname="SCORE">100</setvar>'
        self.essay_rp = f'{i[2]}<respcondition continue="No">{self.other}{i[2]}</respcondition>'
        # A typed answer's box: Decimal for numbers, rshuffle="No" for text (as Canvas writes them).
        self.fib = {
            fibtype: f'{i[2]}<response_str ident="response1" rcardinality="Single">'
            + (
                f'{i[3]}<render_fib fibtype="Decimal">{i[4]}<response_label ident="answer1"/>'
                if fibtype
                else f'{i[3]}<render_fib>{i[4]}<response_label ident="answer1" rshuffle="No"/>'
            )
            + f"{i[3]}</render_fib>{i[2]}</response_str>"
            for fibtype in ("Decimal", None)
        }
        self.metadata_start = f"{i[1]}<itemmetadata>{i[2]}<qtimetadata>"
        self.metadata_end = f"{i[2]}</qtimetadata>{i[1]}</itemmetadata>"

    def field(self, label: str, entry: str) -> str:
        i = self.i
        return (
            f"{i[3]}<qtimetadatafield>{i[4]}<fieldlabel>{label}</fieldlabel>"
            f"{line(i[4], 'fieldentry', entry)}{i[3]}</qtimetadatafield>"
        )

    def html(self, k: int, escaped: str) -> str:
        """A ``material`` k levels inside the item holding HTML (``escaped``: wrapped and escaped)."""
        i = self.i
        return f'{i[k]}<material>{i[k + 1]}<mattext texttype="text/html">{escaped}</mattext>{i[k]}</material>'

    def plain(self, k: int, text: str) -> str:
        i = self.i
        return f"{i[k]}<material>{line(i[k + 1], 'mattext', text, _PLAIN)}{i[k]}</material>"

    def varequal(self, value: str, respident: str) -> str:
        """A ``conditionvar`` (in a respcondition of the resprocessing) holding one ``varequal``."""
        i = self.i
        condition = line(i[4], "varequal", value, f' respident="{respident}"')
        return f"{i[3]}<conditionvar>{condition}{i[3]}</conditionvar>"

    def score(self, value: str, action: str) -> str:
        return f'{self.i[3]}<setvar action="{action}" varname="SCORE">{value}</setvar>'


@dataclass
class CanvasItem:
    xml: list[str]  # the <item> element's text in pieces (each line starts with its INDENT)
    points: float
    assets: set[str] = field(default_factory=set)


class CanvasItemWriter:
    def __init__(self, rendered: RenderedCourse, rq: RenderedQuiz, warn: Warn):
        self.rendered = rendered
        self.rq = rq
        self.warn = warn
        self.language = rendered.course.language
        # Feedback such as "Correct." repeats in every question of a quiz: keep, per (Markdown,
        # inline), [the final HTML, the assets it shows, the HTML as a mattext holds it or None].
        self._done: dict[tuple[str | None, bool], list] = {}
        self._lines = {depth: _Lines(depth) for depth in (3, 4)}  # in a quiz's section, in a group

    def _rendered(self, text: str | None, inline: bool) -> list:
        key = (text, inline)
        done = self._done.get(key)
        if done is None:
            frag = self.rendered.quiz_md(self.rq, text, inline=inline, math="tex")
            # Most fields show no image: nothing to point at $IMS-CC-FILEBASE$, no copy to make.
            html = frag.replace_assets({p: FILEBASE + p for p in frag.assets}).html if frag.assets else frag.html
            done = self._done[key] = [html.strip(), frag.assets, None]
        if done[1]:
            self._assets.update(done[1])
        return done

    def html(self, text: str | None, *, inline: bool = False) -> str:
        return self._rendered(text, inline)[0]

    def mattext(self, text: str | None, *, inline: bool = False) -> str:
        """The Markdown ``text`` as HTML, wrapped (HTML_CLASS) and escaped: a mattext's content."""
        done = self._rendered(text, inline)
        if done[2] is None:
            start, end = _WRAP[inline]
            done[2] = f"{start}{xml_text(done[0])}{end}"
        return done[2]

    @staticmethod
    def escaped_html(html: str, *, inline: bool = False) -> str:
        start, end = _WRAP[inline]
        return f"{start}{xml_text(html)}{end}"

    def item(self, question: QuestionBase, ident: str, depth: int = 3) -> CanvasItem:
        """The ``<item>`` at ``depth`` in the quiz file. ``pres`` and ``rp`` collect the lines of
        ``<presentation>`` and ``<resprocessing>``."""
        self._assets: set[str] = set()
        self._answer_fb: list[tuple[str, str]] = []  # (answer id, Markdown)
        lines = self._l = self._lines.get(depth) or _Lines(depth)
        i = lines.i
        points = float(question.points)
        pres: list[str] = []
        rp = [lines.outcomes]
        fb = question.feedback
        general = self._general_html(question)
        if general:
            rp.append(lines.other_feedback["general_fb"])
        qtype, answer_ids, scoring = getattr(self, f"_{question.type}")(question, pres, rp)
        # As Canvas's own exporter (lib/cc/qti/qti_items.rb, #resprocessing): every type but the
        # multi-answer ones refers to the incorrect feedback from an <other> condition.
        if fb.incorrect and qtype not in (
            "matching_question",
            "multiple_dropdowns_question",
            "fill_in_multiple_blanks_question",
        ):
            rp.append(lines.other_feedback["general_incorrect_fb"])
        parts = [
            f'{i[0]}<item ident="{xml_attr(ident)}" title="{xml_attr(question.id)}">',
            lines.metadata_start,
            lines.field("question_type", qtype),
            lines.field("points_possible", num(points)),
            lines.field("original_answer_ids", ",".join(answer_ids)),
            lines.field("assessment_question_identifierref", f"{ident}-aq"),
            lines.metadata_end,
            # Neither is empty: every type writes its question text and the outcomes come first.
            f"{i[1]}<presentation>",
            *pres,
            f"{i[1]}</presentation>{i[1]}<resprocessing>",
            *rp,
            f"{i[1]}</resprocessing>",
        ]
        # Canvas's importer reads general_fb, correct_fb and general_incorrect_fb for every type,
        # essays included (AssessmentItemConverter#get_feedback).
        if general:
            parts.append(self._feedback_escaped("general_fb", self.escaped_html(general)))
        if fb.correct:
            parts.append(self._feedback("correct_fb", fb.correct))
        if fb.incorrect:
            parts.append(self._feedback("general_incorrect_fb", fb.incorrect))
        for aid, text in self._answer_fb:
            parts.append(self._feedback(f"{aid}_fb", text))
        parts.append(f"{i[0]}</item>")
        return CanvasItem(parts, points, self._assets)  # a new set each item

    # -- shared pieces
    def _question_text(self, pres: list[str], escaped: str) -> None:
        pres.append(self._l.html(2, escaped))

    def _feedback(self, ident: str, text: str) -> str:
        return self._feedback_escaped(ident, self.mattext(text))

    def _feedback_escaped(self, ident: str, escaped: str) -> str:
        i = self._l.i
        return (
            f'{i[1]}<itemfeedback ident="{ident}">{i[2]}<flow_mat>{self._l.html(3, escaped)}'
            f"{i[2]}</flow_mat>{i[1]}</itemfeedback>"
        )

    def _general_html(self, question) -> str:
        """General feedback; an essay's model answer follows it, headed, where Canvas shows it to
        graders (SpeedGrader) and to learners after submitting: Canvas quizzes have no field of
        their own for it."""
        parts = [self.html(question.feedback.general)] if question.feedback.general else []
        model = question.model_answer if question.type == "essay" else None  # (only essays have one)
        if model:
            heading = html_escape(ui_text(self.rendered.course).gettext("Model answer"))
            parts.append(f"<p><strong>{heading}</strong></p>{self.html(model)}")
        return "".join(parts)

    def _scored(self, question, condition: str) -> str:
        """The respcondition that gives full marks (and the correct feedback) when ``condition`` holds."""
        lines = self._l
        correct = lines.correct_fb if question.feedback.correct else ""
        i2 = lines.i[2]
        return f'{i2}<respcondition continue="No">{condition}{lines.score_100}{correct}{i2}</respcondition>'

    def _answer_feedback(self, rp: list[str], respident: str, aid: str, value: str, text: str | None) -> None:
        if not text:
            return
        self._answer_fb.append((aid, text))
        lines = self._l
        i = lines.i
        rp.append(
            f'{i[2]}<respcondition continue="Yes">{lines.varequal(value, respident)}'
            f'{i[3]}<displayfeedback feedbacktype="Response" linkrefid="{aid}_fb"/>{i[2]}</respcondition>'
        )

    def _per_part(self, rp: list[str], value: str, respident: str, share: str) -> None:
        """A respcondition adding ``share`` percent when one part (a pair, a blank) is right."""
        lines = self._l
        i2 = lines.i[2]
        rp.append(
            f"{i2}<respcondition>{lines.varequal(value, respident)}{lines.score(share, 'Add')}{i2}</respcondition>"
        )

    # -- types: each appends to pres and rp and returns (Canvas question_type, answer ids, note)
    def _choice_lid(self, pres: list[str], ids, texts_escaped, cardinality: str) -> None:
        lines = self._l
        i = lines.i
        labels = [
            f'{i[4]}<response_label ident="{aid}">{lines.html(5, escaped)}{i[4]}</response_label>'
            for aid, escaped in zip(ids, texts_escaped, strict=True)
        ]
        pres.append(
            f'{i[2]}<response_lid ident="response1" rcardinality="{cardinality}">'
            f"{block(i[3], 'render_choice', labels)}{i[2]}</response_lid>"
        )

    def _single_choice(self, question, pres, rp):
        self._question_text(pres, self.mattext(question.prompt))
        ids = [str(1000 + i) for i in range(len(question.choices))]
        self._choice_lid(pres, ids, [self.mattext(c.text, inline=True) for c in question.choices], "Single")
        for aid, c in zip(ids, question.choices, strict=True):
            self._answer_feedback(rp, "response1", aid, aid, c.feedback)
        (right,) = [aid for aid, c in zip(ids, question.choices, strict=True) if c.correct is True]
        rp.append(self._scored(question, self._l.varequal(right, "response1")))
        return "multiple_choice_question", ids, None

    def _multiple_response(self, question, pres, rp):
        self._question_text(pres, self.mattext(question.prompt))
        ids = [str(1000 + i) for i in range(len(question.choices))]
        self._choice_lid(pres, ids, [self.mattext(c.text, inline=True) for c in question.choices], "Multiple")
        for aid, c in zip(ids, question.choices, strict=True):
            self._answer_feedback(rp, "response1", aid, aid, c.feedback)
        i = self._l.i
        terms = [
            f'{i[5]}<varequal respident="response1">{aid}</varequal>'
            if c.correct is True
            else f'{i[5]}<not>{i[6]}<varequal respident="response1">{aid}</varequal>{i[5]}</not>'
            for aid, c in zip(ids, question.choices, strict=True)
        ]
        rp.append(self._scored(question, f"{i[3]}<conditionvar>{block(i[4], 'and', terms)}{i[3]}</conditionvar>"))
        if question.scoring == "all_or_nothing":
            # Canvas scores multiple_answers as +1/k per right pick, -1/k per wrong pick, floor 0.
            self.warn(
                "CK762",
                f"question '{question.id}': Canvas scores multiple answers with partial credit, not all_or_nothing",
                question.loc,
                "set scoring: partial, or accept partial credit in Canvas",
            )
        return "multiple_answers_question", ids, None

    def _true_false(self, question, pres, rp):
        self._question_text(pres, self.mattext(question.prompt))
        ids = ["1000", "1001"]
        yes, no = true_false_labels(ui_text(self.rendered.course))
        lines = self._l
        i = lines.i
        labels = [
            f'{i[4]}<response_label ident="{aid}">{lines.plain(5, label)}{i[4]}</response_label>'
            for aid, label in zip(ids, (yes, no), strict=True)
        ]
        pres.append(
            f'{i[2]}<response_lid ident="response1" rcardinality="Single">'
            f"{block(i[3], 'render_choice', labels)}{i[2]}</response_lid>"
        )
        right = ids[0] if question.answer is True else ids[1]
        rp.append(self._scored(question, lines.varequal(right, "response1")))
        return "true_false_question", ids, None

    def _numeric(self, question, pres, rp):
        prompt = self.html(question.prompt)
        if question.unit:
            prompt += f"<p>({_escape(question.unit)})</p>"
        self._question_text(pres, self.escaped_html(prompt))
        lines = self._l
        i = lines.i
        pres.append(lines.fib["Decimal"])
        answer, tol = float(question.answer), float(question.tolerance)
        either = [f'{i[5]}<varequal respident="response1">{num(answer)}</varequal>']
        if tol > 0:
            lo, hi = numeric_bounds(answer, tol)
            either.append(
                f'{i[5]}<and>{i[6]}<vargte respident="response1">{num(lo)}</vargte>'
                f'{i[6]}<varlte respident="response1">{num(hi)}</varlte>{i[5]}</and>'
            )
        rp.append(self._scored(question, f"{i[3]}<conditionvar>{block(i[4], 'or', either)}{i[3]}</conditionvar>"))
        return "numerical_question", ["1000"], None

    def _short_answer(self, question, pres, rp):
        self._question_text(pres, self.mattext(question.prompt))
        lines = self._l
        i = lines.i
        pres.append(lines.fib[None])
        full = [a for a in question.answers if float(a.score) == 1.0]
        dropped = [a.text for a in question.answers if float(a.score) != 1.0]
        if dropped:
            self.warn(
                "CK764",
                f"question '{question.id}': Canvas short answers are all-or-nothing; "
                f"answers with a partial score ({', '.join(dropped)}) are left out",
                question.loc,
                "give these answers score 1 or accept that Canvas marks them wrong",
            )
        if question.case_sensitive:
            self.warn(
                "CK765",
                f"question '{question.id}': Canvas compares short answers case-insensitively",
                question.loc,
                "set case_sensitive: false",
            )
        ids = [str(1000 + i) for i in range(len(full))]
        for aid, a in zip(ids, full, strict=True):
            self._answer_feedback(rp, "response1", aid, _answer_text(a.text), a.feedback)
        accepted = [line(i[4], "varequal", _answer_text(a.text), ' respident="response1"') for a in full]
        rp.append(self._scored(question, block(i[3], "conditionvar", accepted)))
        return "short_answer_question", ids, None

    def _essay(self, question, pres, rp):
        self._question_text(pres, self.mattext(question.prompt))
        pres.append(self._l.fib[None])
        rp.append(self._l.essay_rp)
        return "essay_question", [], None

    def _pairs(self, question, pres, rp, lefts_escaped: list[str], rights: list[str], distractors: list[str]):
        """A Canvas matching question: one response_lid per left, every right (+ distractors) as labels."""
        lines = self._l
        i = lines.i
        targets = rights + distractors
        order = scrambled(len(targets), f"canvas/{self.rq.quiz.id}/{question.id}")
        match_ids = {t: str(2000 + pos) for pos, t in enumerate(order)}
        ids = [str(1000 + n) for n in range(len(lefts_escaped))]
        labels = block(
            i[3],
            "render_choice",
            [
                f'{i[4]}<response_label ident="{match_ids[t]}">{lines.plain(5, targets[t])}{i[4]}</response_label>'
                for t in order
            ],
        )
        for aid, escaped in zip(ids, lefts_escaped, strict=True):
            pres.append(
                f'{i[2]}<response_lid ident="response_{aid}">{lines.html(3, escaped)}{labels}{i[2]}</response_lid>'
            )
        share = num(round(100.0 / len(ids), 2))
        for n, aid in enumerate(ids):
            self._per_part(rp, match_ids[n], f"response_{aid}", share)
        return ids

    def _matching(self, question, pres, rp):
        self._question_text(pres, self.mattext(question.prompt))
        ids = self._pairs(
            question,
            pres,
            rp,
            [self.mattext(p.left, inline=True) for p in question.pairs],
            [p.right.strip() for p in question.pairs],
            [d.strip() for d in question.distractors],
        )
        if question.scoring == "all_or_nothing":
            self.warn(
                "CK763",
                f"question '{question.id}': Canvas scores matching per pair, not all_or_nothing",
                question.loc,
                "set scoring: partial, or accept per-pair credit in Canvas",
            )
        return "matching_question", ids, None

    def _ordering(self, question, pres, rp):
        # Canvas has no ordering question: each item is matched to its position (1..n), which
        # scores exactly like ordering's partial rule (points/items per item in its place).
        self.warn(
            "CK760",
            f"question '{question.id}': Canvas has no ordering question; exported as matching (item -> position)",
            question.loc,
            "check the question in Canvas, or use another type for the Canvas target",
        )
        if question.scoring == "all_or_nothing":
            self.warn(
                "CK763",
                f"question '{question.id}': the Canvas fallback gives partial credit per item in its place, "
                "not all_or_nothing",
                question.loc,
                "set scoring: partial to match Canvas",
            )
        self._question_text(pres, self.mattext(question.prompt))
        n = len(question.items)
        ids = self._pairs(
            question,
            pres,
            rp,
            [self.mattext(t, inline=True) for t in question.items],
            [str(k + 1) for k in range(n)],
            [],
        )
        return "matching_question", ids, None

    def _fill_blanks(self, question, pres, rp):
        names = question.gap_order()
        kinds = {isinstance(question.blanks[n], DropdownBlank) for n in names}
        dropdowns = kinds == {True}
        if len(kinds) > 1:
            self.warn(
                "CK761",
                f"question '{question.id}': Canvas cannot mix typed and drop-down blanks; "
                "drop-downs become typed blanks with their choices listed",
                question.loc,
                "use only typed or only drop-down blanks for Canvas",
            )
        if question.scoring == "all_or_nothing":
            self.warn(
                "CK763",
                f"question '{question.id}': Canvas scores blanks one by one, not all_or_nothing",
                question.loc,
                "set scoring: partial to match Canvas",
            )
        if any(question.blank_case_sensitive(n) and not isinstance(question.blanks[n], DropdownBlank) for n in names):
            self.warn(
                "CK765",
                f"question '{question.id}': Canvas compares typed blanks case-insensitively",
                question.loc,
                "set case_sensitive: false",
            )

        def marker(name: str) -> str:
            blank = question.blanks[name]
            if isinstance(blank, DropdownBlank) and not dropdowns:
                return f"[{name}] ({' / '.join(_escape(c.strip()) for c in blank.choices)})"
            return f"[{name}]"

        text = _replace_gaps(self.html(question.text), set(names), marker)
        prompt = self.html(question.prompt) if question.prompt else ""
        self._question_text(pres, self.escaped_html(prompt + text))
        lines = self._l
        i = lines.i
        ids: list[str] = []
        counter = 1000
        share = num(round(100.0 / len(names), 2))
        for name in names:
            blank = question.blanks[name]
            respident = f"response_{xml_attr(name)}"
            if isinstance(blank, DropdownBlank) and dropdowns:
                options = [c.strip() for c in blank.choices]
                correct_text = blank.correct.strip()
            elif isinstance(blank, DropdownBlank):
                options = [blank.correct.strip()]  # typed now: the correct choice is the answer
            else:
                seen: dict[str, str] = {}
                for a in blank.accept:
                    seen.setdefault(normalize_answer(a, False), _answer_text(a))
                options = list(seen.values())
            label_ids = [str(counter + n) for n in range(len(options))]
            counter += len(options)
            labels = [
                f'{i[4]}<response_label ident="{aid}">{lines.plain(5, opt)}{i[4]}</response_label>'
                for aid, opt in zip(label_ids, options, strict=True)
            ]
            pres.append(
                f'{i[2]}<response_lid ident="{respident}">{lines.plain(3, name)}'
                f"{block(i[3], 'render_choice', labels)}{i[2]}</response_lid>"
            )
            ids.extend(label_ids)
            right = label_ids[options.index(correct_text)] if isinstance(blank, DropdownBlank) and dropdowns else None
            # One respcondition per accepted answer (a response equals at most one of them).
            for aid in [right] if right else label_ids:
                self._per_part(rp, aid, respident, share)
        return ("multiple_dropdowns_question" if dropdowns else "fill_in_multiple_blanks_question"), ids, None


def _answer_text(text: str) -> str:
    return normalize_answer(text, True)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _replace_gaps(html: str, names: set[str], marker: Callable[[str], str]) -> str:
    """``[[name]]`` -> Canvas's ``[name]`` outside code and TeX math (where gaps are not gaps)."""
    out, pos = [], 0
    for m in _MASKED_RE.finditer(html):
        out.append(_sub_gaps(html[pos : m.start()], names, marker))
        out.append(m.group(0))
        pos = m.end()
    out.append(_sub_gaps(html[pos:], names, marker))
    return "".join(out)


def _sub_gaps(chunk: str, names: set[str], marker) -> str:
    return re.sub(r"\[\[([a-z0-9_-]+)\]\]", lambda m: marker(m.group(1)) if m.group(1) in names else m.group(0), chunk)
