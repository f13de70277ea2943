"""One coursekit question to one Moodle XML ``<question>``, type by type.

Scoring follows the format exactly where core Moodle can express it; where it cannot, the
closest exact core mapping is written and a located warning says so (codes in
docs/targets/moodle.md). Every answer fraction comes from ``grades.grade`` (Moodle's list).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING

from lxml import etree

from coursekit.diagnostics import CourseError, Diagnostic, Severity
from coursekit.model import (
    DropdownBlank,
    Essay,
    FillBlanks,
    Matching,
    MultipleResponse,
    NumericQuestion,
    Ordering,
    ShortAnswer,
    SingleChoice,
    TrueFalse,
)
from coursekit.model.gaps import Gap, find_gaps
from coursekit.model.question import normalize_answer

from . import cloze
from .grades import grade, percent_text
from .xmltext import PLUGINFILE, XmlDoc, file_name, rich_text

if TYPE_CHECKING:
    from coursekit.model import QuestionBase
    from coursekit.render.rendered import Fragment, RenderedCourse, RenderedQuiz

DEFAULT_PENALTY = "0.3333333"  # Moodle's own default (question/format.php defaultquestion)
NAME_MAX = 120  # well under Moodle's 255; long prompts are cut at a word boundary


def num(value: float) -> str:
    """A number as Moodle reads it: integers without ``.0``, others as Python's shortest repr."""
    value = float(value)
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


class QuestionWriter:
    """Writes the questions of one quiz into an ``XmlDoc``."""

    def __init__(self, doc: XmlDoc, rendered: RenderedCourse, rq: RenderedQuiz, warn: Callable):
        self.doc = doc
        self.rendered = rendered
        self.rq = rq
        self.warn = warn
        # Questions of a quiz repeat feedback texts ("Correct.", ...): ask the renderer once
        # per text and flavour (its own memo is keyed by text, quiz path, inline and math, the
        # last two fixed here). A repeat would only add the same assets to
        # RenderedCourse.asset_log (a set) again.
        self._md: dict[tuple[str | None, bool], Fragment] = {}

    # ------------------------------------------------------------------ helpers
    def md(self, text: str | None, *, inline: bool = False) -> Fragment:
        key = (text, inline)
        frag = self._md.get(key)
        if frag is None:
            frag = self._md[key] = self.rendered.quiz_md(self.rq, text, inline=inline, math="tex")
        return frag

    def rich(self, parent: int, tag: str, frag: Fragment, html: str | None = None) -> int:
        if not frag.assets:  # no <file> to add: what rich_text writes is the <text> alone
            return self.doc.html_field(parent, tag, frag.html if html is None else html)
        node = self.doc.el(parent, tag, format="html")
        rich_text(self.doc, self.rendered, node, frag, html)
        return node

    def name_for(self, q: QuestionBase, plain: str) -> str:
        text = " ".join(plain.split())
        if len(text) > NAME_MAX:
            cut = text[: NAME_MAX - 1]
            text = (cut.rsplit(" ", 1)[0] if " " in cut else cut) + "…"
        # PARAM_TEXT strips tags on import: keep angle brackets out of names so they survive.
        return text.replace("<", "‹").replace(">", "›") or q.id

    def header(
        self,
        q: QuestionBase,
        qtype: str,
        idnumber: str,
        questiontext: Fragment,
        *,
        html: str | None = None,
        plain: str | None = None,
        grade_points: bool = True,
    ) -> int:
        node = self.doc.el(self.doc.root, "question", type=qtype)
        self.doc.name(node, self.name_for(q, plain if plain is not None else questiontext.text), q.id)
        self.rich(node, "questiontext", questiontext, html)
        self.rich(node, "generalfeedback", self.md(q.feedback.general))
        penalty = ("penalty", "1" if qtype == "truefalse" else DEFAULT_PENALTY)
        if grade_points:
            self.doc.leaves(node, (("defaultgrade", num(q.points)), penalty, ("hidden", "0")))
        else:
            self.doc.leaves(node, (penalty, ("hidden", "0")))
        self.doc.el(node, "idnumber", idnumber)
        return node

    def tags(self, node: int, q: QuestionBase) -> None:
        tags = [t.strip() for t in q.tags if t.strip()]
        if not tags:
            return
        wrap = self.doc.el(node, "tags")
        for tag in dict.fromkeys(tags):
            self.doc.text(self.doc.el(wrap, "tag"), tag)

    def combined_feedback(self, node: int, q: QuestionBase, shownumcorrect: bool = True) -> None:
        # The format has correct/incorrect only: a partly correct answer is not correct, so it
        # gets the incorrect feedback.
        self.rich(node, "correctfeedback", self.md(q.feedback.correct))
        self.rich(node, "partiallycorrectfeedback", self.md(q.feedback.incorrect))
        self.rich(node, "incorrectfeedback", self.md(q.feedback.incorrect))
        if shownumcorrect:
            self.doc.el(node, "shownumcorrect")

    def answer(
        self,
        node: int,
        fraction_text: str,
        text: Fragment | str,
        feedback: Fragment | None = None,
        *,
        html: bool,
    ) -> int:
        if not html:
            ans = self.doc.text_field(node, "answer", text, False, fraction=fraction_text, format="plain_text")  # type: ignore[arg-type]
        elif text.assets:  # type: ignore[union-attr]
            ans = self.doc.el(node, "answer", fraction=fraction_text, format="html")
            rich_text(self.doc, self.rendered, ans, text)  # type: ignore[arg-type]
        else:  # no <file> to add: what rich_text writes is the <text> alone
            ans = self.doc.text_field(node, "answer", text.html, True, fraction=fraction_text, format="html")  # type: ignore[union-attr]
        if feedback is not None:
            self.rich(ans, "feedback", feedback)
        return ans

    def where(self, q: QuestionBase) -> str:
        return f"question '{q.id}' of quiz '{self.rq.quiz.id}'"

    # ------------------------------------------------------------------ entry point
    def write(self, q: QuestionBase, idnumber: str) -> None:
        _WRITERS[type(q)](self, q, idnumber)

    # ------------------------------------------------------------------ choice types
    def _multichoice(self, q, idnumber: str, single: bool, fractions: list[str]) -> None:
        node = self.header(q, "multichoice", idnumber, self.md(q.prompt))
        self.doc.leaves(
            node,
            (
                ("single", "true" if single else "false"),
                ("shuffleanswers", "true" if q.shuffle else "false"),
                ("answernumbering", "abc"),
                ("showstandardinstruction", "1"),
            ),
        )
        self.combined_feedback(node, q, shownumcorrect=not single)
        for choice, fraction in zip(q.choices, fractions, strict=True):
            self.answer(node, fraction, self.md(choice.text, inline=True), self.md(choice.feedback), html=True)
        self.tags(node, q)

    def single_choice(self, q: SingleChoice, idnumber: str) -> None:
        self._multichoice(q, idnumber, True, ["100" if c.correct else "0" for c in q.choices])

    def multiple_response(self, q: MultipleResponse, idnumber: str) -> None:
        k = sum(1 for c in q.choices if c.correct)
        right, wrong = self._mr_fractions(q, k)
        self._multichoice(q, idnumber, False, self._mr_list(q, right, wrong))
        if q.scoring == "all_or_nothing" and k > 1:
            self.warn(
                "CK801",
                f"{self.where(q)}: core Moodle has no all-or-nothing multiple response; written as "
                f"+{percent_text(grade(1 / k).fraction)}% per correct choice and -100% per wrong choice, "
                "so any wrong pick "
                "scores 0 but picking only some of the correct choices earns part of the mark",
                q.loc,
                "install the qtype_multichoiceset plugin (All-or-Nothing Multiple Choice) "
                "and change the question's type, or use scoring: partial",
            )

    def _mr_list(self, q: MultipleResponse, right: list[str], wrong: str) -> list[str]:
        out, i = [], 0
        for c in q.choices:
            if c.correct:
                out.append(right[i])
                i += 1
            else:
                out.append(wrong)
        return out

    def _mr_fractions(self, q: MultipleResponse, k: int) -> tuple[list[str], str]:
        """Fractions for the k correct choices and for each wrong choice.

        Moodle multiple-answer scores the sum of the selected choices' fractions, floored at 0
        and capped at 1: +1/k and -1/k reproduce ``partial`` exactly whenever 1/k is a grade
        option (k <= 10). all_or_nothing uses -100% for wrong choices (see CK801).
        """
        one = grade(1 / k)
        if one.exact:
            right = [one.text] * k
        elif k <= 20:
            # Positive fractions must add up to 100%: (20-k) x 10% + (2k-20) x 5%, unequal but exact sum.
            right = ["10"] * (20 - k) + ["5"] * (2 * k - 20)
        else:
            right = ["5"] * 20 + ["0"] * (k - 20)
        if not one.exact:
            self.warn(
                "CK802",
                f"{self.where(q)} has {k} correct choices; 1/{k} is not one of Moodle's grade options, so the correct "
                "choices are weighted 10% / 5% (summing to 100%)"
                + (" and choices beyond the 20th earn nothing" if k > 20 else ""),
                q.loc,
                "use at most 10 correct choices, or split the question",
            )
        if q.scoring == "all_or_nothing":
            wrong = "-100"
        else:
            wrong = grade(-1 / k).text  # nearest option when 1/k is not one (already warned)
        return right, wrong

    def true_false(self, q: TrueFalse, idnumber: str) -> None:
        node = self.header(q, "truefalse", idnumber, self.md(q.prompt))
        right, wrong = self.md(q.feedback.correct), self.md(q.feedback.incorrect)
        for value in (True, False):
            correct = q.answer is value
            self.answer(
                node, "100" if correct else "0", "true" if value else "false", right if correct else wrong, html=False
            )
        self.tags(node, q)

    # ------------------------------------------------------------------ typed answers
    def numeric(self, q: NumericQuestion, idnumber: str) -> None:
        prompt = self.md(q.prompt)
        html = None
        if q.unit:
            # Moodle shows no unit next to its answer box; a run of 5+ underscores in the question
            # text is where its renderer puts the box, so "_____ unit" shows the unit beside it.
            html = prompt.replace_assets({p: PLUGINFILE + file_name(p) for p in prompt.assets}).html
            unit_html = _unit_span(q.unit)
            html += f"\n<p>_____ {unit_html}</p>" if "_____" not in html else f"\n<p>{unit_html}</p>"
        node = self.header(q, "numerical", idnumber, prompt, html=html)
        ans = self.answer(node, "100", num(q.answer), self.md(q.feedback.correct), html=False)
        self.doc.el(ans, "tolerance", num(q.tolerance))
        if q.feedback.incorrect:
            other = self.answer(node, "0", "*", self.md(q.feedback.incorrect), html=False)
            self.doc.el(other, "tolerance", "0")
        if q.unit:
            units = self.doc.el(node, "units")
            unit_el = self.doc.el(units, "unit")
            self.doc.el(unit_el, "multiplier", "1")
            self.doc.el(unit_el, "unit_name", q.unit.strip())
        self.doc.leaves(
            node,
            (
                ("unitgradingtype", "0"),  # the unit is shown, never graded
                ("unitpenalty", "0.1000000"),
                ("showunits", "0" if q.unit else "3"),  # 0: optional unit in the box; 3: no units
                ("unitsleft", "0"),
            ),
        )
        self.tags(node, q)

    def short_answer(self, q: ShortAnswer, idnumber: str) -> None:
        node = self.header(q, "shortanswer", idnumber, self.md(q.prompt))
        self.doc.el(node, "usecase", "1" if q.case_sensitive else "0")
        # Moodle takes the first matching answer, the format the best one: best first.
        ordered = sorted(q.answers, key=lambda a: -float(a.score))
        for a in ordered:
            g = grade(float(a.score))
            if not g.exact:
                self.warn(
                    "CK803",
                    f"{self.where(q)}: score {a.score} of answer {a.text!r} is not one of Moodle's grade options; "
                    f"written as {g.text}%",
                    a.loc,
                    "use a score Moodle offers (e.g. 0.5, 0.3333333, 0.25, 0.2, 0.1)",
                )
            fb = a.feedback if a.feedback else (q.feedback.correct if float(a.score) == 1 else q.feedback.incorrect)
            text = cloze.shortanswer_pattern(normalize_answer(a.text, True))
            self.answer(node, g.text, text, self.md(fb), html=False)
        if q.feedback.incorrect:
            self.answer(node, "0", "*", self.md(q.feedback.incorrect), html=False)
        self.tags(node, q)

    # ------------------------------------------------------------------ manual grading
    def essay(self, q: Essay, idnumber: str) -> None:
        node = self.header(q, "essay", idnumber, self.md(q.prompt))
        limits = (("minwordlimit", str(q.min_words)),) if q.min_words else ()
        if q.max_words:
            limits += (("maxwordlimit", str(q.max_words)),)
        self.doc.leaves(
            node,
            (
                ("responseformat", "editor"),
                ("responserequired", "1"),
                ("responsefieldlines", "15"),
                *limits,
                ("attachments", "0"),
                ("attachmentsrequired", "0"),
                ("maxbytes", "0"),
            ),
        )
        self.doc.el(node, "filetypeslist")
        self.rich(node, "graderinfo", self.md(q.model_answer))
        self.rich(node, "responsetemplate", self.md(None))
        self.tags(node, q)
        if q.feedback.correct or q.feedback.incorrect:
            self.warn(
                "CK807",
                f"{self.where(q)}: Moodle essays have no correct/incorrect feedback; it is not exported",
                q.feedback.loc,
                "move it to feedback.general",
            )

    # ------------------------------------------------------------------ structured types
    def matching(self, q: Matching, idnumber: str) -> None:
        lefts = [self.md(p.left, inline=True) for p in q.pairs]
        for p, frag in zip(q.pairs, lefts, strict=True):
            # Moodle treats an empty stem as a distractor and an empty answer stops the whole
            # import (lms-notes): refuse both before writing anything.
            if not frag or not p.right.strip():
                raise CourseError(
                    Diagnostic(
                        "CK811",
                        f"{self.where(q)}: a matching pair renders empty ({p.left!r} -> {p.right!r})",
                        p.loc,
                        Severity.ERROR,
                        "write visible text on both sides of every pair",
                    )
                )
        node = self.header(q, "matching", idnumber, self.md(q.prompt))
        self.doc.el(node, "shuffleanswers", "true" if q.shuffle else "false")
        self.combined_feedback(node, q)
        for p, frag in zip(q.pairs, lefts, strict=True):
            sub = self.rich(node, "subquestion", frag)
            self.doc.text(self.doc.el(sub, "answer"), p.right.strip())
        for d in q.distractors:
            sub = self.doc.el(node, "subquestion", format="html")
            self.doc.text(sub, "")
            self.doc.text(self.doc.el(sub, "answer"), d.strip())
        self.tags(node, q)
        if q.scoring == "all_or_nothing":
            self.warn(
                "CK804",
                f"{self.where(q)}: Moodle matching always gives credit per correct pair; "
                "all_or_nothing is exported as partial",
                q.loc,
                "use scoring: partial, or accept partial credit in Moodle",
            )

    def ordering(self, q: Ordering, idnumber: str) -> None:
        node = self.header(q, "ordering", idnumber, self.md(q.prompt))
        self.doc.leaves(
            node,
            (
                ("layouttype", "VERTICAL"),
                ("selecttype", "ALL"),
                ("selectcount", str(len(q.items))),
                ("gradingtype", "ALL_OR_NOTHING" if q.scoring == "all_or_nothing" else "ABSOLUTE_POSITION"),
                ("showgrading", "SHOW"),
                ("numberingstyle", "none"),
            ),
        )
        self.combined_feedback(node, q, shownumcorrect=False)
        self.doc.el(node, "shownumcorrect", "1")
        # Items in their correct order (qtype_ordering stores the file order as the answer);
        # the fraction is not used by its importer, 100 keeps it a valid grade anyway.
        for item in q.items:
            self.answer(node, "100", self.md(item, inline=True), None, html=True)
        self.tags(node, q)

    def fill_blanks(self, q: FillBlanks, idnumber: str) -> None:
        # The gaps once, for their order (what q.gap_order() returns) and for the Cloze text.
        gaps = find_gaps(q.text)
        names = [gap.name for gap in gaps]
        n = len(names)
        points = float(q.points)
        weight = int(points / n) if points.is_integer() and int(points) % n == 0 and points > 0 else 1
        markers = {name: self._gap_marker(q, name, weight) for name in names}
        html, plain, frag = self._cloze_text(q, gaps, markers)
        prompt = self.md(q.prompt) if q.prompt else None
        if prompt:
            mapping = {p: PLUGINFILE + file_name(p) for p in prompt.assets}
            html = cloze.neutralise_braces(prompt.replace_assets(mapping).html) + "\n" + html
            plain = prompt.text
            frag = _merge_assets(frag, prompt)
        node = self.header(q, "cloze", idnumber, frag, html=html, plain=plain, grade_points=False)
        self.tags(node, q)
        if weight * n != points:
            self.warn(
                "CK806",
                f"{self.where(q)}: a Cloze question's mark is the sum of its gap weights, "
                f"so it is marked out of {weight * n}, not {num(points)}",
                q.loc,
                f"set its maximum mark to {num(points)} in the Moodle quiz, "
                f"or give it points divisible by its {n} gaps",
            )
        if q.scoring == "all_or_nothing":
            self.warn(
                "CK805",
                f"{self.where(q)}: a Moodle Cloze question always gives credit per gap; "
                "all_or_nothing is exported as partial",
                q.loc,
                "use scoring: partial, or accept partial credit in Moodle",
            )
        if q.feedback.correct or q.feedback.incorrect:
            self.warn(
                "CK807",
                f"{self.where(q)}: Moodle Cloze questions have no correct/incorrect feedback; it is not exported",
                q.feedback.loc,
                "move it to feedback.general",
            )

    def _gap_marker(self, q: FillBlanks, name: str, weight: int) -> str:
        blank = q.blanks[name]
        if isinstance(blank, DropdownBlank):
            choices = [c.strip() for c in blank.choices]
            texts = choices
            marker = cloze.dropdown_gap(weight, choices, blank.correct.strip())
        else:
            cs = q.blank_case_sensitive(name)
            texts = list(dict.fromkeys(normalize_answer(a, True) for a in blank.accept))
            marker = cloze.typed_gap(weight, texts, cs)
        for text in texts:
            if cloze.unrepresentable(text):
                self.warn(
                    "CK808",
                    f"{self.where(q)}: gap [[{name}]] answer {text!r} contains \\}} or \\#, "
                    "which Moodle's Cloze parser turns into } or #",
                    blank.loc,
                    "avoid a backslash directly before } or # in gap answers",
                )
        return marker

    def _cloze_text(self, q: FillBlanks, gaps: list[Gap], markers: dict[str, str]) -> tuple[str, str, Fragment]:
        """The fill_blanks text rendered with each gap replaced by its Cloze marker.

        Gaps are swapped for inert tokens in the Markdown source (at the positions the model
        found them, so ``[[x]]`` in code or math stays text), the text is rendered, then each
        token becomes its marker in the HTML after every other ``{`` is neutralised.
        """
        text = q.text
        nonce = "QZ"
        while f"CKGAP{nonce}" in text:
            nonce += "Q"
        tokens: dict[str, str] = {}
        out, last = [], 0
        for gap in gaps:
            token = f"CKGAP{nonce}{len(tokens)}X"
            tokens[token] = gap.name
            out.append(text[last : gap.start])
            out.append(token)
            last = gap.end
        out.append(text[last:])
        frag = self.md("".join(out))
        mapping = {p: PLUGINFILE + file_name(p) for p in frag.assets}
        html = cloze.neutralise_braces(frag.replace_assets(mapping).html)
        plain = frag.text
        for token, name in tokens.items():
            plain = plain.replace(token, "_____")
            if html.count(token) == 1:
                html = html.replace(token, markers[name])
            else:
                # The token landed where no text is shown (e.g. inside a link target): keep
                # the gap usable rather than losing it.
                html = html.replace(token, "") + f"\n<p>{markers[name]}</p>"
                self.warn(
                    "CK809",
                    f"{self.where(q)}: gap [[{name}]] is not in visible text; it is placed after the text",
                    q.loc,
                    "put the gap in ordinary text, not in a link target or attribute",
                )
        return html, plain, frag


# The writer of each question type (a table made once, not a dict of bound methods per question).
_WRITERS: dict[type, Callable[[QuestionWriter, QuestionBase, str], None]] = {
    SingleChoice: QuestionWriter.single_choice,
    MultipleResponse: QuestionWriter.multiple_response,
    TrueFalse: QuestionWriter.true_false,
    NumericQuestion: QuestionWriter.numeric,
    ShortAnswer: QuestionWriter.short_answer,
    Essay: QuestionWriter.essay,
    Matching: QuestionWriter.matching,
    Ordering: QuestionWriter.ordering,
    FillBlanks: QuestionWriter.fill_blanks,
}


@lru_cache(maxsize=256)  # a bank uses a few units over and over
def _unit_span(unit: str) -> str:
    span = etree.Element("span")
    span.text = unit
    return etree.tostring(span, encoding="unicode")


def _merge_assets(a: Fragment, b: Fragment) -> Fragment:
    from coursekit.render.rendered import Fragment

    return Fragment(a.html, a.xhtml, a.text, tuple(dict.fromkeys(a.assets + b.assets)))
