"""One QTI 2.1/3.0 assessmentItem (already ``qti_tree.normalise``d) to a question dict.

The item's interactions decide the type: one choiceInteraction (``true``/``false`` choices:
true_false), one text entry (float/integer: numeric, string: short_answer), extended text
(essay), match/associate (matching), order (ordering), or gaps (text entries and inline
choices inside the text: fill_blanks). Scores come from the response declarations (correct
response, mapping) and MAXSCORE; tolerance from an ``equal`` tolerance or a ``gte``/``lte``
interval in responseProcessing. Anything else is refused with the reason.
"""

from __future__ import annotations

import copy
import posixpath
from collections.abc import Callable
from typing import Any

from lxml import etree

from .common import QuestionLog, close, number, parse_float, tolerance_from_interval
from .draft import Refused
from .html_md import GapTokens, HtmlToMarkdown, collapse_ws
from .qti_tree import content, html_of

INTERACTIONS = {
    "choiceInteraction",
    "textEntryInteraction",
    "extendedTextInteraction",
    "matchInteraction",
    "associateInteraction",
    "orderInteraction",
    "inlineChoiceInteraction",
    "hotspotInteraction",
    "hottextInteraction",
    "graphicGapMatchInteraction",
    "graphicOrderInteraction",
    "graphicAssociateInteraction",
    "selectPointInteraction",
    "positionObjectInteraction",
    "sliderInteraction",
    "uploadInteraction",
    "drawingInteraction",
    "mediaInteraction",
    "customInteraction",
    "gapMatchInteraction",
    "endAttemptInteraction",
    "portableCustomInteraction",
}
HIDDEN = {"modalFeedback", "feedbackBlock", "feedbackInline", "rubricBlock", "templateBlock", "templateInline"}


class ItemReader:
    def __init__(self, root: etree._Element, images: Callable[[str], str | None], log: QuestionLog):
        self.root = root
        self.log = log
        self.conv = HtmlToMarkdown(images, log.html_warner())
        self.decls = {d.get("identifier"): d for d in root.iterfind("responseDeclaration")}
        self.body = root.find("itemBody")
        if self.body is None:
            raise Refused("the item has no itemBody", code="CK911")
        self.rp = root.find("responseProcessing")

    # ------------------------------------------------------------------ helpers
    def points(self) -> float:
        for decl in self.root.iterfind("outcomeDeclaration"):
            if decl.get("identifier") == "MAXSCORE":
                value = parse_float(decl.findtext("defaultValue/value"))
                if value and value > 0:
                    return value
        for decl in self.root.iterfind("outcomeDeclaration"):
            if decl.get("identifier") == "SCORE":
                value = parse_float(decl.get("normalMaximum"))
                if value and value > 0:
                    return value
        uppers = [parse_float(m.get("upperBound")) for d in self.decls.values() for m in d.iterfind("mapping")]
        if len(uppers) == 1 and uppers[0] and uppers[0] > 0:
            return uppers[0]
        return 1.0

    def correct(self, ident: str) -> list[str]:
        decl = self.decls.get(ident)
        if decl is None:
            return []
        return [(v.text or "").strip() for v in decl.iterfind("correctResponse/value")]

    def mapping(self, ident: str) -> list[tuple[str, float, bool]]:
        decl = self.decls.get(ident)
        if decl is None:
            return []
        out = []
        for e in decl.iterfind("mapping/mapEntry"):
            out.append(
                (
                    e.get("mapKey", ""),
                    parse_float(e.get("mappedValue")) or 0.0,
                    e.get("caseSensitive", "true").lower() == "true",
                )
            )
        return out

    def md_of(self, el: etree._Element | None) -> str:
        return self.conv.markdown(html_of(el)) if el is not None else ""

    def prompt(self, interaction: etree._Element | None, drop_tail: bool = False) -> str:
        """Body text outside the interactions (and the interaction's own prompt); ``drop_tail``
        also drops the text right after the interaction (a numeric entry's unit)."""
        body = copy.deepcopy(self.body)
        for el in list(body.iter()):
            if isinstance(el.tag, str) and (el.tag in INTERACTIONS or el.tag in HIDDEN):
                if drop_tail and el.tag in INTERACTIONS:
                    el.tail = None
                _remove_keep_tail(el)
        parts = [self.conv.markdown(html_of(body))]
        if interaction is not None and interaction.find("prompt") is not None:
            parts.append(self.md_of(interaction.find("prompt")))
        return "\n\n".join(p for p in parts if p)

    def feedback(self, data: dict[str, Any], choice_ids: dict[str, int] | None = None) -> None:
        fb: dict[str, str] = {}
        for mf in list(self.root.iterfind("modalFeedback")) + list(self.body.iter("feedbackBlock")):
            ident = mf.get("identifier", "")
            text = self.md_of(content(mf))
            if not text:
                continue
            outcome = mf.get("outcomeIdentifier", "")
            if ident in ("general",) or outcome == "FEEDBACK_GENERAL":
                fb["general"] = text
            elif ident in ("correct", "incorrect") and mf.get("showHide", "show") == "show":
                fb[ident] = text
            elif choice_ids and ident in choice_ids and "choices" in data:
                data["choices"][choice_ids[ident]]["feedback"] = text
            elif outcome == "FEEDBACK_ANSWER" and ident.startswith("A") and "answers" in data:
                index = int(ident[1:]) - 1 if ident[1:].isdigit() else -1
                if 0 <= index < len(data["answers"]):
                    data["answers"][index]["feedback"] = text
                else:
                    self.log.lost(f"the feedback {ident!r}")
            else:
                self.log.lost(f"the feedback {ident!r} (shown on {outcome or 'an outcome'})")
        if fb:
            data["feedback"] = fb

    def scoring_is_mapped(self, ident: str) -> bool:
        if self.rp is not None and "map_response" in (self.rp.get("template") or ""):
            return True
        return bool(self.mapping(ident)) and self.rp is not None and self.rp.find(".//mapResponse") is not None

    # ------------------------------------------------------------------ entry
    def read(self) -> dict[str, Any]:
        found = [el for el in self.body.iter() if isinstance(el.tag, str) and el.tag in INTERACTIONS]
        kinds = {el.tag for el in found}
        if not found:
            raise Refused("the item has no interaction (text only)", "put the text in a chapter")
        unsupported = kinds - {
            "choiceInteraction",
            "textEntryInteraction",
            "extendedTextInteraction",
            "matchInteraction",
            "associateInteraction",
            "orderInteraction",
            "inlineChoiceInteraction",
        }
        if unsupported:
            raise Refused(f"{', '.join(sorted(unsupported))} has no coursekit type", "rewrite it as a supported type")
        if kinds <= {"textEntryInteraction", "inlineChoiceInteraction"} and (
            len(found) > 1 or "inlineChoiceInteraction" in kinds or self._entry_inline(found[0])
        ):
            data = self._gaps(found)
        elif len(found) > 1:
            raise Refused(f"the item has {len(found)} interactions; coursekit questions have one")
        else:
            el = found[0]
            data = getattr(self, "_" + el.tag)(el)
        data.setdefault("points", number(self.points()))
        return data

    def _entry_inline(self, el: etree._Element) -> bool:
        """A single text entry standing inside running text is a gap, not a short answer box."""
        parent = el.getparent()
        text = "".join(parent.itertext()).strip() if parent is not None else ""
        decl = self.decls.get(el.get("responseIdentifier"))
        numeric = decl is not None and decl.get("baseType") in ("float", "integer")
        return bool(text) and not numeric and parent is not None and "ck-answer" not in (parent.get("class") or "")

    # ------------------------------------------------------------------ types
    def _choiceInteraction(self, el):
        ident = el.get("responseIdentifier", "RESPONSE")
        choices = list(el.iter("simpleChoice"))
        ids = [c.get("identifier", "") for c in choices]
        correct = set(self.correct(ident))
        decl = self.decls.get(ident)
        multiple = decl is not None and decl.get("cardinality") == "multiple" or el.get("maxChoices", "1") != "1"
        if sorted(ids) == ["false", "true"] and not multiple:
            if len(correct) != 1:
                raise Refused("a true/false item without one correct value", code="CK911")
            data = {"type": "true_false", "prompt": self.prompt(el), "answer": "true" in correct}
            self.feedback(data)
            return data
        mapped = {k: v for k, v, _ in self.mapping(ident)}
        if not correct and mapped:
            correct = {k for k, v in mapped.items() if v > 0}
        data: dict[str, Any] = {
            "type": "multiple_response" if multiple else "single_choice",
            "prompt": self.prompt(el),
            "choices": [{"text": self.md_of(c), "correct": i in correct} for c, i in zip(choices, ids, strict=True)],
            "shuffle": el.get("shuffle", "false") == "true",
        }
        if multiple:
            data["scoring"] = "all_or_nothing"
            if self.scoring_is_mapped(ident):
                data["scoring"] = "partial"
                pts, k = self.points(), max(len(correct), 1)
                exact = all(close(mapped.get(i, 0.0), pts / k if i in correct else -pts / k, 1e-6) for i in ids)
                if not exact:
                    self.log.rounded("the choices' mapped values are imported as scoring: partial (+1/k, -1/k)")
        self.feedback(data, {i: n for n, i in enumerate(ids)})
        return data

    def _textEntryInteraction(self, el):
        ident = el.get("responseIdentifier", "RESPONSE")
        decl = self.decls.get(ident)
        base = decl.get("baseType") if decl is not None else "string"
        if base in ("float", "integer"):
            return self._numeric(el, ident)
        answers = []
        mapping = self.mapping(ident)
        pts = self.points()
        case = any(cs for _, _, cs in mapping) if mapping else True
        if mapping:
            for key, value, _cs in mapping:
                score = max(0.0, min(1.0, value / pts)) if pts else 0.0
                if value / pts > 1 + 1e-9 or value < 0:
                    self.log.rounded(f"the answer {key!r} maps to {value:g} of {pts:g} points; clamped to 0..1")
                answers.append({"text": key, "score": number(round(score, 7))})
        else:
            answers = [{"text": c, "score": 1} for c in self.correct(ident)]
        if not answers:
            raise Refused("a text entry without a correct response", code="CK911")
        data = {"type": "short_answer", "prompt": self.prompt(el), "answers": answers, "case_sensitive": case}
        self.feedback(data)
        return data

    def _numeric(self, el, ident: str):
        correct = self.correct(ident)
        value = parse_float(correct[0]) if correct else None
        if value is None:
            raise Refused("a numeric entry without a correct value", code="CK911")
        data: dict[str, Any] = {"type": "numeric", "prompt": self.prompt(el, drop_tail=True), "answer": number(value)}
        tolerance = self._tolerance(value)
        if tolerance:
            data["tolerance"] = number(tolerance)
        unit = " ".join((el.tail or "").split())
        if unit:
            data["unit"] = unit
        self.feedback(data)
        return data

    def _tolerance(self, answer: float) -> float:
        if self.rp is None:
            return 0.0
        for eq in self.rp.iter("equal"):
            mode = eq.get("toleranceMode")
            if mode == "absolute":
                return max(self._tolerance_values(eq))
            if mode == "relative":
                self.log.rounded("a relative tolerance is imported as an absolute one")
                return abs(answer) * max(self._tolerance_values(eq)) / 100
        lo = [parse_float(b.text) for g in self.rp.iter("gte") for b in g.iter("baseValue")]
        hi = [parse_float(b.text) for g in self.rp.iter("lte") for b in g.iter("baseValue")]
        if lo and hi and lo[0] is not None and hi[0] is not None:
            return tolerance_from_interval(answer, lo[0], hi[0])
        return 0.0

    @staticmethod
    def _tolerance_values(eq: etree._Element) -> list[float]:
        """The one or two numbers of ``equal``'s ``tolerance`` (0 when it is absent)."""
        text = eq.get("tolerance")
        if text is None:
            return [0.0]
        words = text.split()
        values = [parse_float(w) for w in words]
        if not 1 <= len(words) <= 2 or any(v is None or v < 0 for v in values):
            raise Refused(
                f"the tolerance {text!r} is not one or two numbers of 0 or more",
                'write the tolerance as a number (tolerance="0.01") in the item, or add the question by hand',
                code="CK911",
            )
        return [v for v in values if v is not None]

    def _extendedTextInteraction(self, el):
        data: dict[str, Any] = {"type": "essay", "prompt": self.prompt(el)}
        for rubric in self.body.iter("rubricBlock"):
            if rubric.get("view", "") in ("scorer", "tutor") or rubric.get("use") == "scoring":
                text = self.md_of(content(rubric))
                if text:
                    data["model_answer"] = text
        self.feedback(data)
        return data

    def _matchInteraction(self, el):
        ident = el.get("responseIdentifier", "RESPONSE")
        sets = list(el.iterfind("simpleMatchSet"))
        if len(sets) != 2:
            raise Refused("a match interaction without two sets", code="CK911")
        lefts = {c.get("identifier"): c for c in sets[0].iter("simpleAssociableChoice")}
        rights = {c.get("identifier"): c for c in sets[1].iter("simpleAssociableChoice")}
        return self._pairs(el, ident, lefts, rights)

    def _associateInteraction(self, el):
        ident = el.get("responseIdentifier", "RESPONSE")
        choices = {c.get("identifier"): c for c in el.iter("simpleAssociableChoice")}
        firsts = {p.split()[0] for p in self.correct(ident) if len(p.split()) == 2}
        lefts = {k: v for k, v in choices.items() if k in firsts}
        rights = {k: v for k, v in choices.items() if k not in firsts}
        return self._pairs(el, ident, lefts, rights)

    def _pairs(self, el, ident, lefts, rights):
        pairs, used = [], set()
        for pair in self.correct(ident):
            a, _, b = pair.partition(" ")
            if a in rights and b in lefts:
                a, b = b, a
            if a not in lefts or b not in rights:
                continue
            right = self.conv.plain(html_of(rights[b]))
            pairs.append({"left": self.md_of(lefts[a]), "right": right})
            used.add(b)
        unpaired = [k for k in lefts if k not in {p.split()[0] for p in self.correct(ident)}]
        if unpaired:
            self.log.lost(f"{len(unpaired)} left-hand item(s) without a correct match")
        distractors = [self.conv.plain(html_of(c)) for k, c in rights.items() if k not in used]
        data: dict[str, Any] = {"type": "matching", "prompt": self.prompt(el), "pairs": pairs}
        if distractors:
            data["distractors"] = [d for d in dict.fromkeys(distractors) if d]
        data["shuffle"] = el.get("shuffle", "false") == "true"
        data["scoring"] = "partial" if self.scoring_is_mapped(ident) else "all_or_nothing"
        self.feedback(data)
        return data

    def _orderInteraction(self, el):
        ident = el.get("responseIdentifier", "RESPONSE")
        choices = {c.get("identifier"): c for c in el.iter("simpleChoice")}
        order = [i for i in self.correct(ident) if i in choices]
        if len(order) != len(choices):
            raise Refused("the correct order does not name every item", code="CK911")
        data: dict[str, Any] = {
            "type": "ordering",
            "prompt": self.prompt(el),
            "items": [self.md_of(choices[i]) for i in order],
        }
        partial = self.rp is not None and self.rp.find(".//index") is not None
        data["scoring"] = "partial" if partial else "all_or_nothing"
        self.feedback(data)
        return data

    def _gaps(self, found):
        body = copy.deepcopy(self.body)
        blanks: dict[str, Any] = {}
        n = 0
        gaps = GapTokens()
        for el in list(body.iter()):
            if not isinstance(el.tag, str) or el.tag in HIDDEN:
                continue
            if el.tag not in ("textEntryInteraction", "inlineChoiceInteraction"):
                continue
            n += 1
            name = f"g{n}"
            blanks[name] = self._blank(el, n)
            _replace_with_text(el, gaps.token(name))
        for el in list(body.iter()):
            if isinstance(el.tag, str) and el.tag in HIDDEN:
                _remove_keep_tail(el)
        text = gaps.restore(self.conv.markdown(html_of(body)))
        rp = self.rp
        all_or_nothing = rp is not None and any(
            c.find("responseElse") is not None
            and c.find("responseIf/gte/variable[@identifier='GAPS_CORRECT']") is not None
            for c in rp.iterfind("responseCondition")
        )
        data: dict[str, Any] = {
            "type": "fill_blanks",
            "text": text,
            "blanks": blanks,
            "scoring": "all_or_nothing" if all_or_nothing else "partial",
        }
        self.feedback(data)
        return data

    def _blank(self, el, n: int) -> dict[str, Any]:
        ident = el.get("responseIdentifier", "")
        if el.tag == "inlineChoiceInteraction":
            options = {c.get("identifier"): collapse_ws("".join(c.itertext())) for c in el.iter("inlineChoice")}
            correct = [c for c in self.correct(ident) if c in options]
            if not correct:
                raise Refused(f"gap {n} (a drop-down) has no correct choice", code="CK911")
            return {"choices": list(options.values()), "correct": options[correct[0]]}
        mapping = self.mapping(ident)
        accept = [k for k, v, _ in mapping if v > 0] or self.correct(ident)
        if not accept:
            raise Refused(f"gap {n} has no correct answer", code="CK911")
        blank: dict[str, Any] = {"accept": list(dict.fromkeys(accept))}
        partial = [k for k, v, _ in mapping if 0 < v < max(v2 for _, v2, _ in mapping)]
        if partial:
            self.log.rounded(f"gap {n}: answers worth part of the gap ({', '.join(partial)}) count in full")
        # A mapping says per entry; a bare correct response is compared exactly (case sensitive).
        blank["case_sensitive"] = all(cs for _, _, cs in mapping) if mapping else True
        return blank


def _remove_keep_tail(el: etree._Element) -> None:
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail or ""
    prev = el.getprevious()
    if prev is not None:
        prev.tail = (prev.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    parent.remove(el)


def _replace_with_text(el: etree._Element, text: str) -> None:
    el.tail = text + (el.tail or "")
    _remove_keep_tail(el)


def resolve_href(base_file: str, href: str) -> str:
    return posixpath.normpath(posixpath.join(posixpath.dirname(base_file), href)).lstrip("/")
