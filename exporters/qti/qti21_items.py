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

from lxml import etree

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
from .xhtml import QtiContent

if TYPE_CHECKING:
    from coursekit.model import QuestionBase
    from coursekit.render.rendered import Fragment, RenderedCourse, RenderedQuiz

NS = "http://www.imsglobal.org/xsd/imsqti_v2p1"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATION = f"{NS} http://www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_v2p1.xsd"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def true_false_labels(ui: UiText) -> tuple[str, str]:
    """The two choices of a true_false question, in the course language (its catalog)."""
    return ui.gettext("True"), ui.gettext("False")


def q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


_QNAMES: dict[str, str] = {}


def el(tag: str, *children, text: str | None = None, **attrs) -> etree._Element:
    """A QTI element; keyword attributes keep QTI's camelCase names, None values are skipped."""
    # Hundreds of thousands of calls per big bank: the qualified name is looked up, and the
    # attributes are given in one call (in the same order as one set() each).
    qname = _QNAMES.get(tag)
    if qname is None:
        qname = _QNAMES[tag] = q(tag)
    if attrs:
        e = etree.Element(qname, {k: str(v) for k, v in attrs.items() if v is not None})
    else:
        e = etree.Element(qname)
    if text is not None:
        e.text = text
    for c in children:
        if c is not None:
            e.append(c)
    return e


# -- expressions
def var(ident: str) -> etree._Element:
    return el("variable", identifier=ident)


def base(base_type: str, value: str) -> etree._Element:
    return el("baseValue", text=value, baseType=base_type)


def fnum(x: float) -> etree._Element:
    return base("float", num(x))


def set_outcome(ident: str, expr: etree._Element) -> etree._Element:
    return el("setOutcomeValue", expr, identifier=ident)


def condition(test: etree._Element, then: list, otherwise: list | None = None) -> etree._Element:
    rc = el("responseCondition", el("responseIf", test, *then))
    if otherwise:
        rc.append(el("responseElse", *otherwise))
    return rc


def is_correct(resp: str = "RESPONSE") -> etree._Element:
    return el("match", var(resp), el("correct", identifier=resp))


@dataclass
class BuiltItem:
    identifier: str
    title: str
    element: etree._Element
    assets: set[str] = field(default_factory=set)
    max_score: float = 0.0


class Qti21ItemWriter:
    """Builds assessmentItem elements for the questions of one quiz.

    ``asset_prefix`` is the path from the item file back to the package root, so that the
    rendered ``assets/...`` image paths resolve.
    """

    def __init__(self, rendered: RenderedCourse, rq: RenderedQuiz, asset_prefix: str):
        self.rendered = rendered
        self.rq = rq
        self.prefix = asset_prefix
        self.content = QtiContent(NS)
        self.language = rendered.course.language

    # -- text
    def md(self, text: str | None, *, inline: bool = False) -> Fragment:
        frag = self.rendered.quiz_md(self.rq, text, inline=inline)
        self._assets.update(frag.assets)
        return frag.with_asset_prefix(self.prefix)

    def _inline_into(self, parent: etree._Element, text: str | None) -> etree._Element:
        self.content.append(parent, self.md(text, inline=True).xhtml)
        return parent

    # -- item
    def item(self, question: QuestionBase, identifier: str) -> BuiltItem:
        self._assets: set[str] = set()
        self._feedback = []
        self._feedback_rules = []
        self._feedback_cardinality = "single"
        points = float(question.points)
        title = self.md(question.prompt, inline=False).text.strip()[:200] or question.id
        root = etree.Element(q("assessmentItem"), nsmap={None: NS, "xsi": XSI})
        root.set(f"{{{XSI}}}schemaLocation", SCHEMA_LOCATION)
        root.set("identifier", identifier)
        root.set("title", " ".join(title.split()) or question.id)
        root.set("adaptive", "false")
        root.set("timeDependent", "false")
        root.set(XML_LANG, self.language)
        body = el("itemBody")
        builder = getattr(self, f"_{question.type}")
        declarations, rules = builder(question, body, points)
        if question.type not in ("essay", "fill_blanks"):
            # No answer scores 0 without evaluating anything on NULL (engines differ there:
            # citolab throws on match/mapResponse of a NULL container).
            rules = [condition(el("isNull", var("RESPONSE")), [set_outcome("SCORE", fnum(0))], rules)]
        for d in declarations:
            root.append(d)
        root.append(_outcome("SCORE", "float", "0"))
        root.append(_outcome("MAXSCORE", "float", num(points)))
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
            root.append(el("outcomeDeclaration", identifier=outcome, cardinality=cardinality, baseType="identifier"))
        root.append(body)
        rp = el("responseProcessing", *rules)
        if "FEEDBACK_GENERAL" in outcomes:
            rp.append(set_outcome("FEEDBACK_GENERAL", base("identifier", "general")))
        if "FEEDBACK" in outcomes:
            verdict = lambda v: [set_outcome("FEEDBACK", base("identifier", v))]  # noqa: E731
            rp.append(condition(el("gte", var("SCORE"), var("MAXSCORE")), verdict("correct"), verdict("incorrect")))
        rp.extend(self._feedback_rules)
        if len(rp):
            root.append(rp)
        for outcome, ident, text in feedback:
            mf = el("modalFeedback", outcomeIdentifier=outcome, identifier=ident, showHide="show")
            self.content.block(mf, self.md(text).xhtml, cls=f"ck-feedback ck-feedback-{ident.lower()}")
            root.append(mf)
        return BuiltItem(identifier, root.get("title"), root, set(self._assets), points)

    def _prompt(self, body: etree._Element, prompt: str | None) -> None:
        if prompt:
            self.content.block(body, self.md(prompt).xhtml, cls="ck-prompt")

    # Set by the type builders: per-choice / per-answer feedback and the rules that select it.
    _feedback: list[tuple[str, str, str]]
    _feedback_rules: list[etree._Element]
    _feedback_cardinality: str = "single"

    def _choices(self, question, body, points, *, multiple: bool):
        self._prompt(body, question.prompt)
        ci = el(
            "choiceInteraction",
            responseIdentifier="RESPONSE",
            shuffle=str(question.shuffle).lower(),
            maxChoices="0" if multiple else "1",
            minChoices="0",
        )
        ids = [f"C{i + 1}" for i in range(len(question.choices))]
        correct = [ids[i] for i, c in enumerate(question.choices) if c.correct is True]
        for ident, choice in zip(ids, question.choices, strict=True):
            ci.append(self._inline_into(el("simpleChoice", identifier=ident), choice.text))
            if choice.feedback:
                self._feedback.append(("FEEDBACK_CHOICE", ident, choice.feedback))
        body.append(ci)
        decl = _response("RESPONSE", "multiple" if multiple else "single", "identifier", correct)
        if any(c.feedback for c in question.choices):
            # The chosen choices' feedback: FEEDBACK_CHOICE is the response itself.
            self._feedback_cardinality = "multiple" if multiple else "single"
            self._feedback_rules = [
                condition(el("not", el("isNull", var("RESPONSE"))), [set_outcome("FEEDBACK_CHOICE", var("RESPONSE"))])
            ]
        return decl, ids, correct

    def _single_choice(self, question: SingleChoice, body, points):
        decl, _, _ = self._choices(question, body, points, multiple=False)
        return [decl], [condition(is_correct(), [set_outcome("SCORE", fnum(points))], [set_outcome("SCORE", fnum(0))])]

    def _multiple_response(self, question: MultipleResponse, body, points):
        decl, ids, correct = self._choices(question, body, points, multiple=True)
        if question.scoring == "partial":
            k = len(correct)
            mapping = el("mapping", lowerBound="0", upperBound=num(points), defaultValue="0")
            for ident in ids:
                mapping.append(
                    el("mapEntry", mapKey=ident, mappedValue=num(points / k if ident in correct else -points / k))
                )
            decl.append(mapping)
            otherwise = [set_outcome("SCORE", el("mapResponse", identifier="RESPONSE"))]
        else:
            otherwise = [set_outcome("SCORE", fnum(0))]
        return [decl], [condition(is_correct(), [set_outcome("SCORE", fnum(points))], otherwise)]

    def _true_false(self, question: TrueFalse, body, points):
        self._prompt(body, question.prompt)
        yes, no = true_false_labels(ui_text(self.rendered.course))
        ci = el(
            "choiceInteraction",
            el("simpleChoice", text=yes, identifier="true"),
            el("simpleChoice", text=no, identifier="false"),
            responseIdentifier="RESPONSE",
            shuffle="false",
            maxChoices="1",
            minChoices="0",
        )
        body.append(ci)
        decl = _response("RESPONSE", "single", "identifier", ["true" if question.answer is True else "false"])
        return [decl], [condition(is_correct(), [set_outcome("SCORE", fnum(points))], [set_outcome("SCORE", fnum(0))])]

    def _numeric(self, question: NumericQuestion, body, points):
        self._prompt(body, question.prompt)
        p = el(
            "p",
            el("textEntryInteraction", responseIdentifier="RESPONSE", expectedLength="12"),
            **{"class": "ck-answer"},
        )
        if question.unit:
            p[-1].tail = f" {question.unit}"
        body.append(p)
        answer = float(question.answer)
        lo, hi = numeric_bounds(answer, float(question.tolerance))
        decl = _response("RESPONSE", "single", "float", [num(answer)])
        in_range = el("and", el("gte", var("RESPONSE"), fnum(lo)), el("lte", var("RESPONSE"), fnum(hi)))
        return [decl], [condition(in_range, [set_outcome("SCORE", fnum(points))], [set_outcome("SCORE", fnum(0))])]

    def _short_answer(self, question: ShortAnswer, body, points):
        self._prompt(body, question.prompt)
        longest = max(len(a.text) for a in question.answers)
        body.append(
            el(
                "p",
                el("textEntryInteraction", responseIdentifier="RESPONSE", expectedLength=str(max(10, longest + 5))),
                **{"class": "ck-answer"},
            )
        )
        cs = str(question.case_sensitive).lower()
        answers = sorted(enumerate(question.answers), key=lambda ia: (-float(ia[1].score), ia[0]))
        best = [key_text(a.text) for _, a in answers if float(a.score) == 1.0]
        decl = _response("RESPONSE", "single", "string", best[:1])
        mapping = el("mapping", lowerBound="0", upperBound=num(points), defaultValue="0")
        seen: set[str] = set()
        for _, a in answers:
            key = normalize_answer(a.text, question.case_sensitive)
            if key in seen:
                continue
            seen.add(key)
            mapping.append(
                el("mapEntry", mapKey=key_text(a.text), mappedValue=num(float(a.score) * points), caseSensitive=cs)
            )
        decl.append(mapping)
        rules = [set_outcome("SCORE", el("mapResponse", identifier="RESPONSE"))]
        fb_rules = []
        # A<n> is the n-th answer of the mapping (best first; CK306 leaves no duplicate to
        # skip), which is where importers attach the feedback named A<n>.
        for pos, (_, a) in enumerate(answers):
            if a.feedback:
                ident = f"A{pos + 1}"
                self._feedback.append(("FEEDBACK_ANSWER", ident, a.feedback))
                test = el("stringMatch", var("RESPONSE"), base("string", key_text(a.text)), caseSensitive=cs)
                fb_rules.append((test, ident))
        if fb_rules:
            # The best matching answer's feedback (answers are in descending score order).
            rc = el("responseCondition")
            for n, (test, ident) in enumerate(fb_rules):
                rc.append(
                    el(
                        "responseIf" if n == 0 else "responseElseIf",
                        test,
                        set_outcome("FEEDBACK_ANSWER", base("identifier", ident)),
                    )
                )
            self._feedback_rules = [rc]
        return [decl], rules

    def _essay(self, question: Essay, body, points):
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
            body.append(el("p", text=limits, **{"class": "ck-word-limits"}))
        body.append(el("extendedTextInteraction", responseIdentifier="RESPONSE", expectedLines="12"))
        if question.model_answer:
            rubric = el("rubricBlock", view="scorer")
            self.content.block(rubric, self.md(question.model_answer).xhtml, cls="ck-model-answer")
            body.append(rubric)
        return [el("responseDeclaration", identifier="RESPONSE", cardinality="single", baseType="string")], []

    def _matching(self, question: Matching, body, points):
        self._prompt(body, question.prompt)
        n = len(question.pairs)
        targets = [p.right for p in question.pairs] + list(question.distractors)
        order = scrambled(len(targets), f"{self.rq.quiz.id}/{question.id}/targets")
        target_id = {i: f"T{pos + 1}" for pos, i in enumerate(order)}
        mi = el(
            "matchInteraction",
            responseIdentifier="RESPONSE",
            shuffle=str(question.shuffle).lower(),
            maxAssociations=str(n),
            minAssociations="0",
        )
        sources = el("simpleMatchSet")
        for i, pair in enumerate(question.pairs):
            sources.append(
                self._inline_into(el("simpleAssociableChoice", identifier=f"L{i + 1}", matchMax="1"), pair.left)
            )
        dest = el("simpleMatchSet")
        for i in order:
            dest.append(el("simpleAssociableChoice", text=targets[i], identifier=target_id[i], matchMax="1"))
        mi.extend([sources, dest])
        body.append(mi)
        correct = [f"L{i + 1} {target_id[i]}" for i in range(n)]
        decl = _response("RESPONSE", "multiple", "directedPair", correct)
        if question.scoring == "partial":
            mapping = el("mapping", lowerBound="0", upperBound=num(points), defaultValue="0")
            for pair in correct:
                mapping.append(el("mapEntry", mapKey=pair, mappedValue=num(points / n)))
            decl.append(mapping)
            otherwise = [set_outcome("SCORE", el("mapResponse", identifier="RESPONSE"))]
        else:
            otherwise = [set_outcome("SCORE", fnum(0))]
        return [decl], [condition(is_correct(), [set_outcome("SCORE", fnum(points))], otherwise)]

    def _ordering(self, question: Ordering, body, points):
        self._prompt(body, question.prompt)
        n = len(question.items)
        order = scrambled(n, f"{self.rq.quiz.id}/{question.id}/items")
        item_id = {i: f"O{pos + 1}" for pos, i in enumerate(order)}
        oi = el("orderInteraction", responseIdentifier="RESPONSE", shuffle="true")
        for i in order:
            oi.append(self._inline_into(el("simpleChoice", identifier=item_id[i]), question.items[i]))
        body.append(oi)
        correct = [item_id[i] for i in range(n)]
        decl = _response("RESPONSE", "ordered", "identifier", correct)
        full = [set_outcome("SCORE", fnum(points))]
        if question.scoring != "partial":
            return [decl], [condition(is_correct(), full, [set_outcome("SCORE", fnum(0))])]
        # Partial: points/items for every item at its correct position.
        rules = [set_outcome("SCORE", fnum(0))]
        for pos in range(n):
            at = el("match", el("index", var("RESPONSE"), n=str(pos + 1)), base("identifier", correct[pos]))
            rules.append(condition(at, [set_outcome("SCORE", el("sum", var("SCORE"), fnum(points / n)))]))
        rules.append(condition(is_correct(), full))
        return [decl], rules

    def _fill_blanks(self, question: FillBlanks, body, points):
        self._prompt(body, question.prompt)
        names = question.gap_order()
        n = len(names)
        per = points / n
        gap_ids = {name: f"GAP{i + 1}" for i, name in enumerate(names)}
        decls: list[etree._Element] = []
        # Per gap: skip an unanswered gap, else add its share and count it. Conditions on
        # isNull first, so nothing is evaluated on a NULL response.
        rules = [set_outcome("SCORE", fnum(0)), set_outcome("GAPS_CORRECT", base("integer", "0"))]
        for name in names:
            ident, blank = gap_ids[name], question.blanks[name]
            if isinstance(blank, DropdownBlank):
                choice_ids = {c.strip(): f"{ident}C{j + 1}" for j, c in enumerate(blank.choices)}
                decl = _response(ident, "single", "identifier", [choice_ids[blank.correct.strip()]])
                right = is_correct(ident)
            else:
                cs = question.blank_case_sensitive(name)
                decl = _response(ident, "single", "string", [key_text(blank.accept[0])])
                mapping = el("mapping", lowerBound="0", upperBound="1", defaultValue="0")
                seen: set[str] = set()
                for a in blank.accept:
                    key = normalize_answer(a, cs)
                    if key not in seen:
                        seen.add(key)
                        mapping.append(
                            el("mapEntry", mapKey=key_text(a), mappedValue="1", caseSensitive=str(cs).lower())
                        )
                decl.append(mapping)
                right = el("gt", el("mapResponse", identifier=ident), fnum(0))
            decls.append(decl)
            rules.append(
                el(
                    "responseCondition",
                    el("responseIf", el("isNull", var(ident))),
                    el(
                        "responseElseIf",
                        right,
                        set_outcome("SCORE", el("sum", var("SCORE"), fnum(per))),
                        set_outcome("GAPS_CORRECT", el("sum", var("GAPS_CORRECT"), base("integer", "1"))),
                    ),
                )
            )
        all_correct = el("gte", var("GAPS_CORRECT"), base("integer", str(n)))
        otherwise = [set_outcome("SCORE", fnum(0))] if question.scoring != "partial" else None
        rules.append(condition(all_correct, [set_outcome("SCORE", fnum(points))], otherwise))
        decls.append(el("outcomeDeclaration", identifier="GAPS_CORRECT", cardinality="single", baseType="integer"))

        def gap(name: str):
            if name not in gap_ids:
                return None
            ident, blank = gap_ids[name], question.blanks[name]
            if isinstance(blank, DropdownBlank):
                ic = el("inlineChoiceInteraction", responseIdentifier=ident, shuffle="false")
                for j, c in enumerate(blank.choices):
                    ic.append(el("inlineChoice", text=c.strip(), identifier=f"{ident}C{j + 1}"))
                return ic
            longest = max(len(a) for a in blank.accept)
            return el("textEntryInteraction", responseIdentifier=ident, expectedLength=str(max(6, longest + 2)))

        self.content.block(body, self.md(question.text).xhtml, cls="ck-fill-blanks", gap=gap)
        return decls, rules


def key_text(text: str) -> str:
    """A typed answer as the learner would type it: NFC, trimmed, inner white space collapsed."""
    return normalize_answer(text, True)


def _response(ident: str, cardinality: str, base_type: str, correct: list[str]) -> etree._Element:
    decl = el("responseDeclaration", identifier=ident, cardinality=cardinality, baseType=base_type)
    if correct:
        decl.append(el("correctResponse", *[el("value", text=v) for v in correct]))
    return decl


def _outcome(ident: str, base_type: str, default: str) -> etree._Element:
    return el(
        "outcomeDeclaration",
        el("defaultValue", el("value", text=default)),
        identifier=ident,
        cardinality="single",
        baseType=base_type,
    )
