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

# Items are written as XML text and each quiz file is parsed once by lxml (which checks it and
# pretty-prints it): a 10,000-question bank has ~730,000 elements, and building them one lxml
# call at a time was most of the export's time.
_TEXT_SPECIAL = re.compile("[&<>\r]")
_ATTR_SPECIAL = re.compile('[&<>"\n\r\t]')


def _text(value: str) -> str:
    if not _TEXT_SPECIAL.search(value):  # most texts: nothing to escape (a search is cheaper)
        return value
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def _attr(value: str) -> str:
    if not _ATTR_SPECIAL.search(value):
        return value
    return (
        value.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("\n", "&#10;")
        .replace("\r", "&#13;")
        .replace("\t", "&#9;")
    )


def attrs_text(attrs: dict) -> str:
    return "".join([f' {key}="{_attr(str(value))}"' for key, value in attrs.items()])


# leaf and node run ~650,000 times for a 10,000-question bank; most elements have no attributes.
def leaf(tag: str, text: str | None = None, /, **attrs) -> str:
    """An element holding text (or nothing), as XML."""
    start = f"{tag}{attrs_text(attrs)}" if attrs else tag
    if text is None:
        return f"<{start}/>"
    return f"<{start}>{_text(text)}</{tag}>"


def node(tag: str, *children: str, **attrs) -> str:
    """An element holding other elements (already XML), as XML."""
    start = f"{tag}{attrs_text(attrs)}" if attrs else tag
    return f"<{start}>{''.join(children)}</{tag}>" if children else f"<{start}/>"


def meta_field(label: str, entry: str) -> str:
    return f"<qtimetadatafield>{leaf('fieldlabel', label)}{leaf('fieldentry', entry)}</qtimetadatafield>"


# Canvas's plain "QTI .zip" import (no flavour) takes a text/html field for plain text when, once
# it has stepped into lone attribute-less p/div/span wrappers, a single text node is left
# (HtmlHelper#detect_html, see docs/targets/canvas.md): its &lt; and &amp; then reach the learner
# literally. A wrapper carrying a class (an attribute Canvas's sanitiser has always kept) stops
# that stepping, so Canvas reads every field as HTML; the class has no style, the text is unchanged.
HTML_CLASS = "ck-html"


def mattext(html: str | None = None, text: str | None = None, *, inline: bool = False) -> str:
    if html is not None:
        tag = "span" if inline else "div"
        wrapped = f'<{tag} class="{HTML_CLASS}">{html}</{tag}>'
        return node("material", leaf("mattext", wrapped, texttype="text/html"))
    return node("material", leaf("mattext", text or "", texttype="text/plain"))


def varequal(value: str, respident: str) -> str:
    return node("conditionvar", leaf("varequal", value, respident=respident))


@dataclass
class CanvasItem:
    xml: str  # the <item> element
    points: float
    assets: set[str] = field(default_factory=set)


class CanvasItemWriter:
    def __init__(self, rendered: RenderedCourse, rq: RenderedQuiz, warn: Warn):
        self.rendered = rendered
        self.rq = rq
        self.warn = warn
        self.language = rendered.course.language
        # Feedback such as "Correct." repeats in every question of a quiz: keep the final HTML.
        self._html: dict[tuple[str | None, bool], tuple[str, tuple[str, ...]]] = {}

    def html(self, text: str | None, *, inline: bool = False) -> str:
        done = self._html.get((text, inline))
        if done is None:
            frag = self.rendered.quiz_md(self.rq, text, inline=inline, math="tex")
            done = self._html[(text, inline)] = (
                frag.replace_assets({p: FILEBASE + p for p in frag.assets}).html.strip(),
                frag.assets,
            )
        self._assets.update(done[1])
        return done[0]

    def item(self, question: QuestionBase, ident: str) -> CanvasItem:
        """``pres`` and ``rp`` collect the XML of ``<presentation>`` and ``<resprocessing>``."""
        self._assets: set[str] = set()
        self._answer_fb: list[tuple[str, str]] = []  # (answer id, Markdown)
        points = float(question.points)
        pres: list[str] = []
        rp = [node("outcomes", leaf("decvar", maxvalue="100", minvalue="0", varname="SCORE", vartype="Decimal"))]
        fb = question.feedback
        general = self._general_html(question)
        if general:
            self._other(rp, "general_fb", "Yes")
        qtype, answer_ids, scoring = getattr(self, f"_{question.type}")(question, pres, rp)
        # As Canvas's own exporter (lib/cc/qti/qti_items.rb, #resprocessing): every type but the
        # multi-answer ones refers to the incorrect feedback from an <other> condition.
        if fb.incorrect and qtype not in (
            "matching_question",
            "multiple_dropdowns_question",
            "fill_in_multiple_blanks_question",
        ):
            self._other(rp, "general_incorrect_fb", "Yes")
        meta = (
            meta_field("question_type", qtype)
            + meta_field("points_possible", num(points))
            + meta_field("original_answer_ids", ",".join(answer_ids))
            + meta_field("assessment_question_identifierref", f"{ident}-aq")
        )
        parts = [
            node("itemmetadata", node("qtimetadata", meta)),
            node("presentation", *pres),
            node("resprocessing", *rp),
        ]
        # Canvas's importer reads general_fb, correct_fb and general_incorrect_fb for every type,
        # essays included (AssessmentItemConverter#get_feedback).
        if general:
            parts.append(self._feedback_html("general_fb", general))
        if fb.correct:
            parts.append(self._feedback("correct_fb", fb.correct))
        if fb.incorrect:
            parts.append(self._feedback("general_incorrect_fb", fb.incorrect))
        for aid, text in self._answer_fb:
            parts.append(self._feedback(f"{aid}_fb", text))
        return CanvasItem(node("item", *parts, ident=ident, title=question.id), points, set(self._assets))

    # -- shared pieces
    def _question_text(self, pres: list[str], html: str) -> None:
        pres.append(mattext(html=html))

    def _other(self, rp: list[str], linkrefid: str, cont: str = "No") -> None:
        rp.append(
            node(
                "respcondition",
                node("conditionvar", leaf("other")),
                leaf("displayfeedback", feedbacktype="Response", linkrefid=linkrefid),
                **{"continue": cont},
            )
        )

    def _feedback(self, ident: str, text: str) -> str:
        return self._feedback_html(ident, self.html(text))

    @staticmethod
    def _feedback_html(ident: str, html: str) -> str:
        return node("itemfeedback", node("flow_mat", mattext(html=html)), ident=ident)

    def _general_html(self, question) -> str:
        """General feedback; an essay's model answer follows it, headed, where Canvas shows it to
        graders (SpeedGrader) and to learners after submitting: Canvas quizzes have no field of
        their own for it."""
        parts = [self.html(question.feedback.general)] if question.feedback.general else []
        model = getattr(question, "model_answer", None)
        if model:
            heading = html_escape(ui_text(self.rendered.course).gettext("Model answer"))
            parts.append(f"<p><strong>{heading}</strong></p>{self.html(model)}")
        return "".join(parts)

    def _correct_fb(self, question) -> list[str]:
        return (
            [leaf("displayfeedback", feedbacktype="Response", linkrefid="correct_fb")]
            if question.feedback.correct
            else []
        )

    def _answer_feedback(self, rp: list[str], respident: str, aid: str, value: str, text: str | None) -> None:
        if not text:
            return
        self._answer_fb.append((aid, text))
        rp.append(
            node(
                "respcondition",
                varequal(value, respident),
                leaf("displayfeedback", feedbacktype="Response", linkrefid=f"{aid}_fb"),
                **{"continue": "Yes"},
            )
        )

    def _score(self, value: str = "100", action: str = "Set") -> str:
        return leaf("setvar", value, action=action, varname="SCORE")

    # -- types: each appends to pres and rp and returns (Canvas question_type, answer ids, note)
    def _choice_lid(self, pres: list[str], ids, texts_html, cardinality: str) -> None:
        labels = [
            node("response_label", mattext(html=html, inline=True), ident=aid)
            for aid, html in zip(ids, texts_html, strict=True)
        ]
        pres.append(node("response_lid", node("render_choice", *labels), ident="response1", rcardinality=cardinality))

    def _single_choice(self, question, pres, rp):
        self._question_text(pres, self.html(question.prompt))
        ids = [str(1000 + i) for i in range(len(question.choices))]
        self._choice_lid(pres, ids, [self.html(c.text, inline=True) for c in question.choices], "Single")
        for aid, c in zip(ids, question.choices, strict=True):
            self._answer_feedback(rp, "response1", aid, aid, c.feedback)
        (right,) = [aid for aid, c in zip(ids, question.choices, strict=True) if c.correct is True]
        rp.append(
            node(
                "respcondition",
                varequal(right, "response1"),
                self._score(),
                *self._correct_fb(question),
                **{"continue": "No"},
            )
        )
        return "multiple_choice_question", ids, None

    def _multiple_response(self, question, pres, rp):
        self._question_text(pres, self.html(question.prompt))
        ids = [str(1000 + i) for i in range(len(question.choices))]
        self._choice_lid(pres, ids, [self.html(c.text, inline=True) for c in question.choices], "Multiple")
        for aid, c in zip(ids, question.choices, strict=True):
            self._answer_feedback(rp, "response1", aid, aid, c.feedback)
        terms = [
            leaf("varequal", aid, respident="response1")
            if c.correct is True
            else node("not", leaf("varequal", aid, respident="response1"))
            for aid, c in zip(ids, question.choices, strict=True)
        ]
        rp.append(
            node(
                "respcondition",
                node("conditionvar", node("and", *terms)),
                self._score(),
                *self._correct_fb(question),
                **{"continue": "No"},
            )
        )
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
        self._question_text(pres, self.html(question.prompt))
        ids = ["1000", "1001"]
        yes, no = true_false_labels(ui_text(self.rendered.course))
        labels = [
            node("response_label", mattext(text=label), ident=aid) for aid, label in zip(ids, (yes, no), strict=True)
        ]
        pres.append(node("response_lid", node("render_choice", *labels), ident="response1", rcardinality="Single"))
        right = ids[0] if question.answer is True else ids[1]
        rp.append(
            node(
                "respcondition",
                varequal(right, "response1"),
                self._score(),
                *self._correct_fb(question),
                **{"continue": "No"},
            )
        )
        return "true_false_question", ids, None

    def _numeric(self, question, pres, rp):
        prompt = self.html(question.prompt)
        if question.unit:
            prompt += f"<p>({_escape(question.unit)})</p>"
        self._question_text(pres, prompt)
        pres.append(
            node(
                "response_str",
                node("render_fib", leaf("response_label", ident="answer1"), fibtype="Decimal"),
                ident="response1",
                rcardinality="Single",
            )
        )
        answer, tol = float(question.answer), float(question.tolerance)
        either = [leaf("varequal", num(answer), respident="response1")]
        if tol > 0:
            lo, hi = numeric_bounds(answer, tol)
            either.append(
                node(
                    "and",
                    leaf("vargte", num(lo), respident="response1"),
                    leaf("varlte", num(hi), respident="response1"),
                )
            )
        rp.append(
            node(
                "respcondition",
                node("conditionvar", node("or", *either)),
                self._score(),
                *self._correct_fb(question),
                **{"continue": "No"},
            )
        )
        return "numerical_question", ["1000"], None

    def _short_answer(self, question, pres, rp):
        self._question_text(pres, self.html(question.prompt))
        pres.append(
            node(
                "response_str",
                node("render_fib", leaf("response_label", ident="answer1", rshuffle="No")),
                ident="response1",
                rcardinality="Single",
            )
        )
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
        accepted = [leaf("varequal", _answer_text(a.text), respident="response1") for a in full]
        rp.append(
            node(
                "respcondition",
                node("conditionvar", *accepted),
                self._score(),
                *self._correct_fb(question),
                **{"continue": "No"},
            )
        )
        return "short_answer_question", ids, None

    def _essay(self, question, pres, rp):
        prompt = self.html(question.prompt)
        self._question_text(pres, prompt)
        pres.append(
            node(
                "response_str",
                node("render_fib", leaf("response_label", ident="answer1", rshuffle="No")),
                ident="response1",
                rcardinality="Single",
            )
        )
        rp.append(node("respcondition", node("conditionvar", leaf("other")), **{"continue": "No"}))
        return "essay_question", [], None

    def _pairs(self, question, pres, rp, lefts_html: list[str], rights: list[str], distractors: list[str]):
        """A Canvas matching question: one response_lid per left, every right (+ distractors) as labels."""
        targets = rights + distractors
        order = scrambled(len(targets), f"canvas/{self.rq.quiz.id}/{question.id}")
        match_ids = {i: str(2000 + pos) for pos, i in enumerate(order)}
        ids = [str(1000 + i) for i in range(len(lefts_html))]
        labels = "".join(node("response_label", mattext(text=targets[i]), ident=match_ids[i]) for i in order)
        for aid, html in zip(ids, lefts_html, strict=True):
            pres.append(
                node(
                    "response_lid",
                    mattext(html=html, inline=True),
                    node("render_choice", labels),
                    ident=f"response_{aid}",
                )
            )
        share = num(round(100.0 / len(ids), 2))
        for i, aid in enumerate(ids):
            rp.append(node("respcondition", varequal(match_ids[i], f"response_{aid}"), self._score(share, "Add")))
        return ids

    def _matching(self, question, pres, rp):
        self._question_text(pres, self.html(question.prompt))
        ids = self._pairs(
            question,
            pres,
            rp,
            [self.html(p.left, inline=True) for p in question.pairs],
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
        self._question_text(pres, self.html(question.prompt))
        n = len(question.items)
        ids = self._pairs(
            question, pres, rp, [self.html(t, inline=True) for t in question.items], [str(i + 1) for i in range(n)], []
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
        self._question_text(pres, prompt + text)
        ids: list[str] = []
        counter = 1000
        share = num(round(100.0 / len(names), 2))
        for name in names:
            blank = question.blanks[name]
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
            label_ids = [str(counter + i) for i in range(len(options))]
            counter += len(options)
            labels = [
                node("response_label", mattext(text=opt), ident=aid)
                for aid, opt in zip(label_ids, options, strict=True)
            ]
            pres.append(
                node("response_lid", mattext(text=name), node("render_choice", *labels), ident=f"response_{name}")
            )
            ids.extend(label_ids)
            right = label_ids[options.index(correct_text)] if isinstance(blank, DropdownBlank) and dropdowns else None
            # One respcondition per accepted answer (a response equals at most one of them).
            for aid in [right] if right else label_ids:
                rp.append(node("respcondition", varequal(aid, f"response_{name}"), self._score(share, "Add")))
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
