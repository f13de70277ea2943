"""Questions in the Common Cartridge QTI 1.2.1 profile (the portable quiz every LMS reads).

The profile (cc11/ccv1p1_qtiasiv1p2p1_v1p0.xsd) has six question kinds, named by the item's
``cc_profile`` field: multiple choice, multiple response, true/false, fill in the blank, pattern
match and essay; one ``setvar`` action (``Set``), conditions ``varequal``, ``and``, ``not``,
``other``. Each item is shaped so that Moodle's reader (backup/cc/entity11.quiz.class.php) and
Canvas's (lib/cc/importer/standard/quiz_converter.rb, with the ``question_type`` field Canvas's
own export writes) get the authored question:

- the answer a choice scores is the last respcondition whose first ``varequal`` names it
  (``get_score``), so every choice has at most one condition and the correct one sets SCORE;
- only ``continue="Yes"`` conditions count as general feedback (``get_general_feedback``), so
  per-choice and incorrect feedback sit in ``continue="No"`` conditions of their choice;
- true/false choices are ``true`` and ``false`` (anything else throws in Moodle);
- a multiple-response choice is correct when its ``varequal`` says ``case="Yes"``;
- ``cc_weighting`` holds the points (Moodle reads it as a whole number 0..99).

What the profile cannot hold becomes the closest profile item, or is left out of the portable
quiz, with a located warning (CK720-CK727, docs/targets/cc.md); Canvas reads its own full copy.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from coursekit.exporters.qti.canvas_items import leaf, node
from coursekit.exporters.qti.ids import num
from coursekit.exporters.qti.qti21_items import true_false_labels
from coursekit.i18n import ui_text
from coursekit.model.question import DropdownBlank, normalize_answer

from . import layout

if TYPE_CHECKING:
    from coursekit.diagnostics import Location
    from coursekit.render.rendered import RenderedCourse, RenderedQuiz

NS = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
Warn = Callable[[str, str, "Location", str], None]
_MASKED_RE = re.compile(r"<code>.*?</code>|<pre>.*?</pre>|\\\(.*?\\\)|\\\[.*?\\\]", re.S)
_GAP_RE = re.compile(r"\[\[([a-z0-9_-]+)\]\]")
BLANK = "_____"


def el(tag: str, *children: str, text: str | None = None, **attrs: str) -> str:
    """One element as XML text (``continue_`` is the attribute ``continue``). Items are written
    as text and each quiz file is parsed once, as the canvas writer does: a 10,000-question bank
    is several hundred thousand elements, and one lxml call each was most of the export's time."""
    attrs = {k.rstrip("_"): v for k, v in attrs.items()}
    return leaf(tag, text, **attrs) if text is not None else node(tag, *children, **attrs)


def field_(label: str, entry: str) -> str:
    return el("qtimetadatafield", el("fieldlabel", text=label), el("fieldentry", text=entry))


def material(html: str) -> str:
    return el("material", el("mattext", text=html, texttype="text/html"))


def varequal(value: str, respident: str = "response1", case: bool | None = None) -> str:
    return el("varequal", text=value, respident=respident, **({"case": "Yes"} if case else {}))


def show(ref: str) -> str:
    return el("displayfeedback", feedbacktype="Response", linkrefid=ref)


def condition(test: str | list[str], *, score: bool = False, feedback=(), cont=False) -> str:
    tests = test if isinstance(test, list) else [test]
    parts = [el("conditionvar", *tests)]
    if score:
        parts.append(el("setvar", text="100", action="Set", varname="SCORE"))
    parts += [show(f) for f in feedback]
    return el("respcondition", *parts, continue_="Yes" if cont else "No")


@dataclass
class Built:
    item: str  # the <item> element as XML text
    assets: set[str] = field(default_factory=set)


class CcItemWriter:
    """One ``<item>`` per question of a quiz (``None``: the profile cannot hold it, warned)."""

    def __init__(self, rendered: RenderedCourse, rq: RenderedQuiz, warn: Warn):
        self.rendered = rendered
        self.rq = rq
        self.warn = warn
        self.language = rendered.course.language

    # -- text
    def html(self, text: str | None, *, inline: bool = False) -> str:
        frag = self.rendered.quiz_md(self.rq, text, inline=inline, math="tex")
        self._assets.update(frag.assets)
        return frag.replace_assets({p: layout.QTI_FILEBASE + p for p in frag.assets}).html.strip()

    def item(self, question, ident: str) -> Built | None:
        self._assets: set[str] = set()
        self._feedback: dict[str, str] = {}  # itemfeedback ident -> Markdown, in first-use order
        writer = getattr(self, f"_{question.type}")
        made = writer(question)
        if made is None:
            return None
        profile, canvas_type, presentation, conditions = made
        self._check_points(question)
        general = question.feedback.general
        if general:
            self._feedback["general_fb"] = general
            conditions.insert(0, condition(el("other"), feedback=["general_fb"], cont=True))
        metadata = [field_("cc_profile", profile), field_("cc_weighting", num(float(question.points)))]
        if question.type == "essay":
            metadata.append(field_("qmd_computerscored", "No"))
        metadata.append(field_("question_type", canvas_type))  # Canvas's own field (lib/cc/qti/qti_items.rb)
        outcomes = el("outcomes", el("decvar", varname="SCORE", vartype="Decimal", minvalue="0", maxvalue="100"))
        feedback = [
            el("itemfeedback", el("flow_mat", material(self.html(text))), ident=ref)
            for ref, text in self._feedback.items()
        ]
        item = el(
            "item",
            el("itemmetadata", el("qtimetadata", *metadata)),
            presentation,
            el("resprocessing", outcomes, *conditions),
            *feedback,
            ident=ident,
            title=_title(question, self.rendered, self.rq),
        )
        return Built(item, set(self._assets))

    def _fb(self, ref: str, text: str | None) -> list[str]:
        if not text:
            return []
        self._feedback[ref] = text
        return [ref]

    def _check_points(self, question) -> None:
        points = float(question.points)
        if not points.is_integer() or points > 99:
            self.warn(
                "CK727",
                f"question '{question.id}': {num(points)} points; Moodle's CC import reads cc_weighting "
                "as a whole number from 0 to 99 (it would give this question "
                f"{int(points) if points <= 99 else 1} points)",
                question.loc,
                "use whole-number points up to 99 for Moodle",
            )

    # -- presentations
    def _choices(self, question, prompt: str, labels: list[tuple[str, str]], cardinality: str, shuffle: bool):
        choices = [el("response_label", material(text), ident=ident) for ident, text in labels]
        render = el("render_choice", *choices, shuffle="Yes" if shuffle else "No")
        return el(
            "presentation", material(prompt), el("response_lid", render, ident="response1", rcardinality=cardinality)
        )

    def _typed(self, prompt: str, fibtype: str = "String"):
        fib = el("render_fib", el("response_label", ident="answer1", rshuffle="No"), fibtype=fibtype)
        return el("presentation", material(prompt), el("response_str", fib, ident="response1", rcardinality="Single"))

    def _one_right(self, question, ids: list[str], right: str, choice_fb: dict[str, str | None]):
        """Conditions of a one-answer question: each wrong choice (its feedback, the incorrect
        feedback), then the right one (SCORE 100, correct feedback, its own feedback)."""
        incorrect = question.feedback.incorrect
        conditions = []
        for ident in ids:
            if ident == right:
                continue
            refs = self._fb(f"{ident}_fb", choice_fb.get(ident)) + self._fb("general_incorrect_fb", incorrect)
            if refs:
                conditions.append(condition(varequal(ident), feedback=refs))
        refs = self._fb("correct_fb", question.feedback.correct) + self._fb(f"{right}_fb", choice_fb.get(right))
        conditions.append(condition(varequal(right), score=True, feedback=refs))
        return conditions

    # -- types
    def _single_choice(self, question):
        ids = [f"choice{i + 1}" for i in range(len(question.choices))]
        labels = [(i, self.html(c.text, inline=True)) for i, c in zip(ids, question.choices, strict=True)]
        pres = self._choices(question, self.html(question.prompt), labels, "Single", question.shuffle)
        (right,) = [i for i, c in zip(ids, question.choices, strict=True) if c.correct is True]
        fb = {i: c.feedback for i, c in zip(ids, question.choices, strict=True)}
        return "cc.multiple_choice.v0p1", "multiple_choice_question", pres, self._one_right(question, ids, right, fb)

    def _multiple_response(self, question):
        ids = [f"choice{i + 1}" for i in range(len(question.choices))]
        labels = [(i, self.html(c.text, inline=True)) for i, c in zip(ids, question.choices, strict=True)]
        pres = self._choices(question, self.html(question.prompt), labels, "Multiple", question.shuffle)
        terms = [
            varequal(i, case=True) if c.correct is True else el("not", varequal(i))
            for i, c in zip(ids, question.choices, strict=True)
        ]
        conditions = [
            condition(el("and", *terms), score=True, feedback=self._fb("correct_fb", question.feedback.correct))
        ]
        for i, c in zip(ids, question.choices, strict=True):
            refs = self._fb(f"{i}_fb", c.feedback)
            if refs:
                conditions.append(condition(varequal(i), feedback=refs))
        if question.feedback.incorrect:
            conditions.append(
                condition(el("other"), feedback=self._fb("general_incorrect_fb", question.feedback.incorrect))
            )
        if question.scoring == "partial":
            self.warn(
                "CK722",
                f"question '{question.id}': the CC profile scores multiple response all or nothing; "
                "partial credit is lost in the portable quiz",
                question.loc,
                "set scoring: all_or_nothing, or accept all-or-nothing outside Canvas",
            )
        return "cc.multiple_response.v0p1", "multiple_answers_question", pres, conditions

    def _true_false(self, question):
        yes, no = true_false_labels(ui_text(self.rendered.course))
        pres = self._choices(question, self.html(question.prompt), [("true", yes), ("false", no)], "Single", False)
        right = "true" if question.answer is True else "false"
        conditions = self._one_right(question, ["true", "false"], right, {})
        return "cc.true_false.v0p1", "true_false_question", pres, conditions

    def _fib(self, question, prompt: str, accepted: list[tuple[str, bool]]):
        conditions = [
            condition(
                [varequal(text, case=case) for text, case in accepted],
                score=True,
                feedback=self._fb("correct_fb", question.feedback.correct),
            )
        ]
        if question.feedback.incorrect:
            conditions.append(
                condition(el("other"), feedback=self._fb("general_incorrect_fb", question.feedback.incorrect))
            )
        return "cc.fib.v0p1", "short_answer_question", self._typed(prompt), conditions

    def _numeric(self, question):
        answer = num(float(question.answer))
        forms = _typed_forms(answer)
        prompt = self.html(question.prompt)
        if question.unit:
            prompt += f"<p>({_escape(question.unit)})</p>"
        tolerance = float(question.tolerance)
        self.warn(
            "CK721",
            f"question '{question.id}': the CC profile has no numeric question; the portable quiz accepts "
            f"exactly '{answer}'"
            + (f" (or {' or '.join(forms[1:])})" if len(forms) > 1 else "")
            + (f" (the tolerance ±{num(tolerance)} is lost)" if tolerance else ""),
            question.loc,
            "Canvas keeps the numeric question; elsewhere check the imported fill-in-the-blank",
        )
        return self._fib(question, prompt, [(form, False) for form in forms])

    def _short_answer(self, question):
        full = [a for a in question.answers if float(a.score) == 1.0]
        partial = [a.text.strip() for a in question.answers if float(a.score) != 1.0]
        if partial:
            self.warn(
                "CK723",
                f"question '{question.id}': the CC profile has no partial credit; answers with a partial score "
                f"({', '.join(partial)}) are left out of the portable quiz",
                question.loc,
                "give these answers score 1, or accept that other LMSs mark them wrong",
            )
        if question.case_sensitive:
            self.warn(
                "CK724",
                f"question '{question.id}': Moodle's CC import compares fill-in-the-blank answers "
                'case-insensitively (the portable quiz says case="Yes")',
                question.loc,
                "set case_sensitive: false, or check the question after a Moodle import",
            )
        seen: dict[str, None] = {}
        for a in full:
            seen.setdefault(normalize_answer(a.text, True))
        accepted = [(text, bool(question.case_sensitive)) for text in seen]
        return self._fib(question, self.html(question.prompt), accepted)

    def _essay(self, question):
        fib = el("render_fib", el("response_label", ident="answer1", rshuffle="No"), rows="15")
        pres = el(
            "presentation",
            material(self.html(question.prompt)),
            el("response_str", fib, ident="response1", rcardinality="Single"),
        )
        return "cc.essay.v0p1", "essay_question", pres, [condition(el("other"))]

    def _fill_blanks(self, question):
        names = question.gap_order()
        if len(names) != 1:
            return self._left_out(question, f"{len(names)} gaps; the CC profile holds one typed gap")
        (name,) = names
        blank = question.blanks[name]
        text = _blank_out(self.html(question.text), name)
        prompt = (self.html(question.prompt) if question.prompt else "") + text
        if isinstance(blank, DropdownBlank):
            choices = [c.strip() for c in blank.choices]
            ids = [f"choice{i + 1}" for i in range(len(choices))]
            labels = [(i, _escape(c)) for i, c in zip(ids, choices, strict=True)]
            pres = self._choices(question, prompt, labels, "Single", False)
            right = ids[choices.index(blank.correct.strip())]
            conditions = self._one_right(question, ids, right, {})
            return "cc.multiple_choice.v0p1", "multiple_choice_question", pres, conditions
        case = question.blank_case_sensitive(name)
        accepted = list(dict.fromkeys(normalize_answer(a, True) for a in blank.accept))
        return self._fib(question, prompt, [(a, case) for a in accepted])

    def _matching(self, question):
        return self._left_out(question, "the CC profile has no matching question")

    def _ordering(self, question):
        return self._left_out(question, "the CC profile has no ordering question")

    def _left_out(self, question, why: str):
        self.warn(
            "CK720",
            f"question '{question.id}': {why}; it is left out of the portable quiz (Canvas imports it)",
            question.loc,
            "Canvas imports it from the cartridge's Canvas copy; elsewhere add it by hand or use a profile type",
        )
        return None


def _title(question, rendered, rq) -> str:
    """The item's ``title``: Moodle names the question after it (entity11.quiz.class.php)."""
    text = rendered.quiz_md(rq, question.prompt or getattr(question, "text", None), math="tex").text
    text = " ".join(text.split())
    if not text:
        return question.id
    if len(text) > 120:
        text = text[:120].rsplit(" ", 1)[0] + " ..."
    return text


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _blank_out(html: str, name: str) -> str:
    """The gap ``[[name]]`` as a visible blank, outside code and TeX (where it is not a gap)."""
    out, pos = [], 0
    for m in _MASKED_RE.finditer(html):
        out.append(_GAP_RE.sub(lambda g: BLANK if g.group(1) == name else g.group(0), html[pos : m.start()]))
        out.append(m.group(0))
        pos = m.end()
    out.append(_GAP_RE.sub(lambda g: BLANK if g.group(1) == name else g.group(0), html[pos:]))
    return "".join(out)


def _typed_forms(text: str) -> list[str]:
    """The ways a learner types the number ``num`` writes as ``text``: that text, then, where it
    has an exponent (Python's ``6.02214076e+23``, ``1e-07``), the exponent as people write it
    and every digit (``6.02214076e23``, ``602214076000000000000000``), when that is short."""
    forms = [text]
    if "e" in text:
        mantissa, exponent = text.split("e")
        forms.append(f"{mantissa}e{int(exponent)}")
        digits = format(Decimal(text), "f")
        if "." in digits:
            digits = digits.rstrip("0").rstrip(".")
        if len(digits) <= 32:
            forms.append(digits)
    return list(dict.fromkeys(forms))
