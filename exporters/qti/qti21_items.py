"""One QTI 2.1 assessmentItem per concrete question (variants are separate items).

Scoring is written as inline responseProcessing with only widely implemented operators
(match, mapResponse, gte/lte, index, sum, and, isNull): standard templates are not
fetched by every engine, and ``equal toleranceMode`` is not implemented by some players
(citolab's, for one), so numeric tolerance is an explicit ``gte``/``lte`` interval.
Every item declares SCORE (in points) and MAXSCORE (the question's points). Feedback is
modalFeedback keyed on one outcome per kind, each set by a plain assignment: FEEDBACK
(``correct``/``incorrect``), FEEDBACK_GENERAL (``general``), FEEDBACK_CHOICE (the chosen
choice identifiers: the RESPONSE itself) and FEEDBACK_ANSWER (the best matching short
answer). One outcome per kind avoids ``multiple`` over a mix of containers and values,
which engines flatten differently (citolab joins them into one string).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from coursekit.i18n import UiText, ui_text
from coursekit.model.question import (
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
    normalize_answer,
)

from .ids import num, numeric_bounds, scrambled
from .qti_spelling import NS21, QTI21, SCHEMA_LOCATION21, Qti21Spelling
from .qti_text import Node, NodeContent, Shared

if TYPE_CHECKING:
    from coursekit.model import QuestionBase
    from coursekit.render.rendered import Fragment, RenderedCourse, RenderedQuiz

NS = NS21
SCHEMA_LOCATION = SCHEMA_LOCATION21
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def true_false_labels(ui: UiText) -> tuple[str, str]:
    """The two choices of a true_false question, in the course language (its catalog)."""
    return ui.gettext("True"), ui.gettext("False")


@dataclass
class BuiltItem:
    identifier: str
    title: str
    root: Node  # the finished item, written by its spelling's ``file``
    assets: set[str] = field(default_factory=set)
    max_score: float = 0.0


class Qti21ItemWriter:
    """Builds assessmentItem elements for the questions of one quiz.

    ``asset_prefix`` is the path from the item file back to the package root, so that the
    rendered ``assets/...`` image paths resolve. ``spelling`` names the elements: QTI 2.1's
    by default, or QTI 3.0's (``qti_spelling.QTI30``) to write 3.0 items directly.
    """

    def __init__(self, rendered: RenderedCourse, rq: RenderedQuiz, asset_prefix: str, spelling: Qti21Spelling = QTI21):
        self.rendered = rendered
        self.rq = rq
        self.prefix = asset_prefix
        self.q = spelling
        self.content = NodeContent(spelling.ns)
        self._blocks: dict[tuple[str, str, str], Node] = {}
        self.language = rendered.course.language

    # -- text
    def md(self, text: str | None, *, inline: bool = False) -> Fragment:
        frag = self.rendered.quiz_md(self.rq, text, inline=inline)
        self._assets.update(frag.assets)
        if "assets/" not in frag.xhtml and "assets/" not in frag.html:
            return frag  # nothing for with_asset_prefix to rewrite (most fragments: no image, no link)
        return frag.with_asset_prefix(self.prefix)

    def _inline_into(self, parent: Node, text: str | None) -> Node:
        self.content.append(parent, self.md(text, inline=True).xhtml)
        return parent

    # -- item
    def item(self, question: QuestionBase, identifier: str) -> BuiltItem:
        q = self.q
        self._assets: set[str] = set()
        self._feedback = []
        self._feedback_rules = []
        self._feedback_cardinality = "single"
        points = float(question.points)
        title = self.md(question.prompt, inline=False).text.strip()[:200] or question.id
        root = q.root(
            "assessmentItem",
            [
                ("identifier", identifier),
                ("title", " ".join(title.split()) or question.id),
                ("adaptive", "false"),
                ("timeDependent", "false"),
                (XML_LANG, self.language),
            ],
        )
        body = q.el("itemBody")
        builder = getattr(self, f"_{question.type}")
        declarations, rules = builder(question, body, points)
        if question.type not in ("essay", "fill_blanks"):
            # No answer scores 0 without evaluating anything on NULL (engines differ there:
            # citolab throws on match/mapResponse of a NULL container).
            rules = [q.condition(q.shared("isNull", q.var("RESPONSE")), [q.set_outcome("SCORE", q.fnum(0))], rules)]
        for d in declarations:
            root.append(d)
        root.append(q.outcome("SCORE", "float", "0"))
        root.append(q.outcome("MAXSCORE", "float", num(points)))
        fb = question.feedback
        feedback: list[tuple[str, str, str]] = []  # (outcome, identifier, Markdown) in display order
        if fb.general:
            feedback.append(("FEEDBACK_GENERAL", "general", fb.general))
        if question.type != "essay":  # an essay is neither correct nor incorrect until graded
            if fb.correct:
                feedback.append(("FEEDBACK", "correct", fb.correct))
            if fb.incorrect:
                feedback.append(("FEEDBACK", "incorrect", fb.incorrect))
        feedback.extend(self._feedback)
        outcomes = dict.fromkeys(o for o, _, _ in feedback)
        for outcome in outcomes:
            cardinality = self._feedback_cardinality if outcome == "FEEDBACK_CHOICE" else "single"
            root.append(
                q.shared("outcomeDeclaration", identifier=outcome, cardinality=cardinality, baseType="identifier")
            )
        root.append(body)
        rp = q.el("responseProcessing", *rules)
        if "FEEDBACK_GENERAL" in outcomes:
            rp.append(q.set_outcome("FEEDBACK_GENERAL", q.base("identifier", "general")))
        if "FEEDBACK" in outcomes:
            verdict = lambda v: [q.set_outcome("FEEDBACK", q.base("identifier", v))]  # noqa: E731
            rp.append(
                q.condition(
                    q.shared("gte", q.var("SCORE"), q.var("MAXSCORE")), verdict("correct"), verdict("incorrect")
                )
            )
        rp.extend(self._feedback_rules)
        if len(rp):
            root.append(rp)
        for outcome, ident, text in feedback:
            root.append(self._feedback_block(outcome, ident, self.md(text).xhtml))
        q.finish_item(root)
        return BuiltItem(identifier, root.get("title"), root, set(self._assets), points)

    def _feedback_block(self, outcome: str, ident: str, xhtml: str) -> Node:
        """A modalFeedback, made once for the quiz's items that give the same (most say the same
        "Right." or "See the chapter."): a shared node (no interaction in it)."""
        key = (outcome, ident, xhtml)
        block = self._blocks.get(key)
        if block is None:
            q = self.q
            mf = q.el("modalFeedback", outcomeIdentifier=outcome, identifier=ident, showHide="show")
            self.content.block(q.content_holder(mf), xhtml, cls=f"ck-feedback ck-feedback-{ident.lower()}")
            block = self._blocks[key] = Shared.of(mf)
        return block

    def _prompt(self, body: Node, prompt: str | None) -> None:
        if prompt:
            self.content.block(body, self.md(prompt).xhtml, cls="ck-prompt")

    # Set by the type builders: per-choice / per-answer feedback and the rules that select it.
    _feedback: list[tuple[str, str, str]]
    _feedback_rules: list[Node]
    _feedback_cardinality: str = "single"

    def _choices(self, question, body, points, *, multiple: bool):
        q = self.q
        self._prompt(body, question.prompt)
        ci = q.el(
            "choiceInteraction",
            responseIdentifier="RESPONSE",
            shuffle=str(question.shuffle).lower(),
            maxChoices="0" if multiple else "1",
            minChoices="0",
        )
        ids = [f"C{i + 1}" for i in range(len(question.choices))]
        correct = [ids[i] for i, c in enumerate(question.choices) if c.correct is True]
        for ident, choice in zip(ids, question.choices, strict=True):
            ci.append(self._inline_into(q.el("simpleChoice", identifier=ident), choice.text))
            if choice.feedback:
                self._feedback.append(("FEEDBACK_CHOICE", ident, choice.feedback))
        body.append(ci)
        if any(c.feedback for c in question.choices):
            # The chosen choices' feedback: FEEDBACK_CHOICE is the response itself.
            self._feedback_cardinality = "multiple" if multiple else "single"
            self._feedback_rules = [
                q.condition(
                    q.shared("not", q.shared("isNull", q.var("RESPONSE"))),
                    [q.set_outcome("FEEDBACK_CHOICE", q.var("RESPONSE"))],
                )
            ]
        return ids, correct

    def _single_choice(self, question: SingleChoice, body, points):
        q = self.q
        _, correct = self._choices(question, body, points, multiple=False)
        decl = q.response("RESPONSE", "single", "identifier", correct)
        return [decl], [
            q.condition(q.is_correct(), [q.set_outcome("SCORE", q.fnum(points))], [q.set_outcome("SCORE", q.fnum(0))])
        ]

    def _multiple_response(self, question: MultipleResponse, body, points):
        q = self.q
        ids, correct = self._choices(question, body, points, multiple=True)
        mapping = None
        if question.scoring == "partial":
            k = len(correct)
            entries = [
                q.shared("mapEntry", mapKey=ident, mappedValue=num(points / k if ident in correct else -points / k))
                for ident in ids
            ]
            mapping = q.shared("mapping", *entries, lowerBound="0", upperBound=num(points), defaultValue="0")
            otherwise = [q.set_outcome("SCORE", q.shared("mapResponse", identifier="RESPONSE"))]
        else:
            otherwise = [q.set_outcome("SCORE", q.fnum(0))]
        decl = q.response("RESPONSE", "multiple", "identifier", correct, mapping)
        return [decl], [q.condition(q.is_correct(), [q.set_outcome("SCORE", q.fnum(points))], otherwise)]

    def _true_false(self, question: TrueFalse, body, points):
        q = self.q
        self._prompt(body, question.prompt)
        yes, no = true_false_labels(ui_text(self.rendered.course))
        ci = q.el(
            "choiceInteraction",
            q.el("simpleChoice", text=yes, identifier="true"),
            q.el("simpleChoice", text=no, identifier="false"),
            responseIdentifier="RESPONSE",
            shuffle="false",
            maxChoices="1",
            minChoices="0",
        )
        body.append(ci)
        decl = q.response("RESPONSE", "single", "identifier", ["true" if question.answer is True else "false"])
        return [decl], [
            q.condition(q.is_correct(), [q.set_outcome("SCORE", q.fnum(points))], [q.set_outcome("SCORE", q.fnum(0))])
        ]

    def _numeric(self, question: NumericQuestion, body, points):
        q = self.q
        self._prompt(body, question.prompt)
        p = q.el(
            "p",
            q.el("textEntryInteraction", responseIdentifier="RESPONSE", expectedLength="12"),
            **{"class": "ck-answer"},
        )
        if question.unit:
            p[-1].tail = f" {question.unit}"
        body.append(p)
        answer = float(question.answer)
        lo, hi = numeric_bounds(answer, float(question.tolerance))
        decl = q.response("RESPONSE", "single", "float", [num(answer)])
        in_range = q.shared(
            "and", q.shared("gte", q.var("RESPONSE"), q.fnum(lo)), q.shared("lte", q.var("RESPONSE"), q.fnum(hi))
        )
        return [decl], [
            q.condition(in_range, [q.set_outcome("SCORE", q.fnum(points))], [q.set_outcome("SCORE", q.fnum(0))])
        ]

    def _short_answer(self, question: ShortAnswer, body, points):
        q = self.q
        self._prompt(body, question.prompt)
        longest = max(len(a.text) for a in question.answers)
        body.append(
            q.el(
                "p",
                q.el("textEntryInteraction", responseIdentifier="RESPONSE", expectedLength=str(max(10, longest + 5))),
                **{"class": "ck-answer"},
            )
        )
        cs = str(question.case_sensitive).lower()
        answers = sorted(enumerate(question.answers), key=lambda ia: (-float(ia[1].score), ia[0]))
        best = [key_text(a.text) for _, a in answers if float(a.score) == 1.0]
        entries = []
        seen: set[str] = set()
        for _, a in answers:
            key = normalize_answer(a.text, question.case_sensitive)
            if key in seen:
                continue
            seen.add(key)
            entries.append(
                q.shared(
                    "mapEntry", mapKey=key_text(a.text), mappedValue=num(float(a.score) * points), caseSensitive=cs
                )
            )
        mapping = q.shared("mapping", *entries, lowerBound="0", upperBound=num(points), defaultValue="0")
        decl = q.response("RESPONSE", "single", "string", best[:1], mapping)
        rules = [q.set_outcome("SCORE", q.shared("mapResponse", identifier="RESPONSE"))]
        fb_rules = []
        # A<n> is the n-th answer of the mapping (best first; CK306 leaves no duplicate to
        # skip), which is where importers attach the feedback named A<n>.
        for pos, (_, a) in enumerate(answers):
            if a.feedback:
                ident = f"A{pos + 1}"
                self._feedback.append(("FEEDBACK_ANSWER", ident, a.feedback))
                test = q.shared("stringMatch", q.var("RESPONSE"), q.base("string", key_text(a.text)), caseSensitive=cs)
                fb_rules.append((test, ident))
        if fb_rules:
            # The best matching answer's feedback (answers are in descending score order).
            rc = q.el("responseCondition")
            for n, (test, ident) in enumerate(fb_rules):
                rc.append(
                    q.el(
                        "responseIf" if n == 0 else "responseElseIf",
                        test,
                        q.set_outcome("FEEDBACK_ANSWER", q.base("identifier", ident)),
                    )
                )
            self._feedback_rules = [rc]
        return [decl], rules

    def _essay(self, question: Essay, body, points):
        q = self.q
        self._prompt(body, question.prompt)
        lo, hi = question.min_words, question.max_words
        if lo or hi:
            ui = ui_text(self.rendered.course)
            if lo and hi:
                limits = ui.ngettext("(%(min)s–%(num)s word)", "(%(min)s–%(num)s words)", hi, min=lo)
            elif lo:
                limits = ui.ngettext("(at least %(num)s word)", "(at least %(num)s words)", lo)
            else:
                limits = ui.ngettext("(at most %(num)s word)", "(at most %(num)s words)", hi)
            body.append(q.el("p", text=limits, **{"class": "ck-word-limits"}))
        body.append(q.el("extendedTextInteraction", responseIdentifier="RESPONSE", expectedLines="12"))
        if question.model_answer:
            rubric = q.el("rubricBlock", view="scorer")
            self.content.block(q.content_holder(rubric), self.md(question.model_answer).xhtml, cls="ck-model-answer")
            body.append(rubric)
        return [q.el("responseDeclaration", identifier="RESPONSE", cardinality="single", baseType="string")], []

    def _matching(self, question: Matching, body, points):
        q = self.q
        self._prompt(body, question.prompt)
        n = len(question.pairs)
        targets = [p.right for p in question.pairs] + list(question.distractors)
        order = scrambled(len(targets), f"{self.rq.quiz.id}/{question.id}/targets")
        target_id = {i: f"T{pos + 1}" for pos, i in enumerate(order)}
        mi = q.el(
            "matchInteraction",
            responseIdentifier="RESPONSE",
            shuffle=str(question.shuffle).lower(),
            maxAssociations=str(n),
            minAssociations="0",
        )
        sources = q.el("simpleMatchSet")
        for i, pair in enumerate(question.pairs):
            sources.append(
                self._inline_into(q.el("simpleAssociableChoice", identifier=f"L{i + 1}", matchMax="1"), pair.left)
            )
        dest = q.el("simpleMatchSet")
        for i in order:
            dest.append(q.el("simpleAssociableChoice", text=targets[i], identifier=target_id[i], matchMax="1"))
        mi.extend([sources, dest])
        body.append(mi)
        correct = [f"L{i + 1} {target_id[i]}" for i in range(n)]
        mapping = None
        if question.scoring == "partial":
            entries = [q.shared("mapEntry", mapKey=pair, mappedValue=num(points / n)) for pair in correct]
            mapping = q.shared("mapping", *entries, lowerBound="0", upperBound=num(points), defaultValue="0")
            otherwise = [q.set_outcome("SCORE", q.shared("mapResponse", identifier="RESPONSE"))]
        else:
            otherwise = [q.set_outcome("SCORE", q.fnum(0))]
        decl = q.response("RESPONSE", "multiple", "directedPair", correct, mapping)
        return [decl], [q.condition(q.is_correct(), [q.set_outcome("SCORE", q.fnum(points))], otherwise)]

    def _ordering(self, question: Ordering, body, points):
        q = self.q
        self._prompt(body, question.prompt)
        n = len(question.items)
        order = scrambled(n, f"{self.rq.quiz.id}/{question.id}/items")
        item_id = {i: f"O{pos + 1}" for pos, i in enumerate(order)}
        oi = q.el("orderInteraction", responseIdentifier="RESPONSE", shuffle="true")
        for i in order:
            oi.append(self._inline_into(q.el("simpleChoice", identifier=item_id[i]), question.items[i]))
        body.append(oi)
        correct = [item_id[i] for i in range(n)]
        decl = q.response("RESPONSE", "ordered", "identifier", correct)
        full = [q.set_outcome("SCORE", q.fnum(points))]
        if question.scoring != "partial":
            return [decl], [q.condition(q.is_correct(), full, [q.set_outcome("SCORE", q.fnum(0))])]
        # Partial: points/items for every item at its correct position.
        rules = [q.set_outcome("SCORE", q.fnum(0))]
        for pos in range(n):
            at = q.shared(
                "match", q.shared("index", q.var("RESPONSE"), n=str(pos + 1)), q.base("identifier", correct[pos])
            )
            rules.append(q.condition(at, [q.set_outcome("SCORE", q.shared("sum", q.var("SCORE"), q.fnum(points / n)))]))
        rules.append(q.condition(q.is_correct(), full))
        return [decl], rules

    def _fill_blanks(self, question: FillBlanks, body, points):
        q = self.q
        self._prompt(body, question.prompt)
        names = question.gap_order()
        n = len(names)
        per = points / n
        gap_ids = {name: f"GAP{i + 1}" for i, name in enumerate(names)}
        decls: list[Node] = []
        # Per gap: skip an unanswered gap, else add its share and count it. Conditions on
        # isNull first, so nothing is evaluated on a NULL response.
        rules = [q.set_outcome("SCORE", q.fnum(0)), q.set_outcome("GAPS_CORRECT", q.base("integer", "0"))]
        for name in names:
            ident, blank = gap_ids[name], question.blanks[name]
            if isinstance(blank, DropdownBlank):
                choice_ids = {c.strip(): f"{ident}C{j + 1}" for j, c in enumerate(blank.choices)}
                decl = q.response(ident, "single", "identifier", [choice_ids[blank.correct.strip()]])
                right = q.is_correct(ident)
            else:
                cs = question.blank_case_sensitive(name)
                entries = []
                seen: set[str] = set()
                for a in blank.accept:
                    key = normalize_answer(a, cs)
                    if key not in seen:
                        seen.add(key)
                        entries.append(
                            q.shared("mapEntry", mapKey=key_text(a), mappedValue="1", caseSensitive=str(cs).lower())
                        )
                mapping = q.shared("mapping", *entries, lowerBound="0", upperBound="1", defaultValue="0")
                decl = q.response(ident, "single", "string", [key_text(blank.accept[0])], mapping)
                right = q.shared("gt", q.shared("mapResponse", identifier=ident), q.fnum(0))
            decls.append(decl)
            rules.append(
                q.shared(
                    "responseCondition",
                    q.shared("responseIf", q.shared("isNull", q.var(ident))),
                    q.shared(
                        "responseElseIf",
                        right,
                        q.set_outcome("SCORE", q.shared("sum", q.var("SCORE"), q.fnum(per))),
                        q.set_outcome("GAPS_CORRECT", q.shared("sum", q.var("GAPS_CORRECT"), q.base("integer", "1"))),
                    ),
                )
            )
        all_correct = q.shared("gte", q.var("GAPS_CORRECT"), q.base("integer", str(n)))
        otherwise = [q.set_outcome("SCORE", q.fnum(0))] if question.scoring != "partial" else None
        rules.append(q.condition(all_correct, [q.set_outcome("SCORE", q.fnum(points))], otherwise))
        decls.append(
            q.shared("outcomeDeclaration", identifier="GAPS_CORRECT", cardinality="single", baseType="integer")
        )

        def gap(name: str):
            if name not in gap_ids:
                return None
            ident, blank = gap_ids[name], question.blanks[name]
            if isinstance(blank, DropdownBlank):
                ic = q.el("inlineChoiceInteraction", responseIdentifier=ident, shuffle="false")
                for j, c in enumerate(blank.choices):
                    ic.append(q.el("inlineChoice", text=c.strip(), identifier=f"{ident}C{j + 1}"))
                return ic
            longest = max(len(a) for a in blank.accept)
            return q.el("textEntryInteraction", responseIdentifier=ident, expectedLength=str(max(6, longest + 2)))

        self.content.block(body, self.md(question.text).xhtml, cls="ck-fill-blanks", gap=gap)
        return decls, rules


def key_text(text: str) -> str:
    """A typed answer as the learner would type it: NFC, trimmed, inner white space collapsed."""
    return normalize_answer(text, True)
