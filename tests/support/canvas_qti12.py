"""Score a Canvas QTI 1.2 ``<item>`` the way its ``resprocessing`` reads, for a learner's response.

Canvas imports an item's conditions as its answers and weights (the answer a ``varequal``
names with SCORE 100 is the correct one, ``Add`` shares are per blank or pair), then grades
typed answers case-insensitively after trimming. This evaluator applies those conditions to a
response given as the learner sees it, by visible texts, never by our identifiers, so a
condition naming the wrong answer shows up as a wrong score:

- ``choose(item, texts)``: the idents of the labels showing ``texts`` (choice questions);
- ``score(item, responses)``: SCORE (0..100) after the conditions, ``responses`` mapping each
  ``response_lid``/``response_str`` ident to a list of label idents or a typed string.

Semantics (IMS QTI 1.2 ASI, as Canvas writes it): conditions run in order; sibling tests inside
``conditionvar`` hold if any holds (Canvas lists accepted short answers that way), ``and``,
``or``, ``not`` and ``other`` as named; ``setvar`` Set/Add/Subtract on SCORE (starting at 0);
a condition that fires stops the rest only when it says ``continue="No"`` (Canvas reads every
condition as an answer: its per-blank and per-pair ``Add`` conditions carry no ``continue``).
"""

from __future__ import annotations

import lxml.html
from lxml import etree

Q = "{http://www.imsglobal.org/xsd/ims_qtiasiv1p2}"
WRAPPER_CLASS = "ck-html"


def visible(html_or_text: str, is_html: bool = True) -> str:
    """What a learner sees: the text, plus the names of the elements that style it (so
    "0 **0**" and "0 0" stay apart)."""
    if not is_html or not html_or_text.strip():
        return " ".join(html_or_text.split())
    root = lxml.html.fragment_fromstring(html_or_text, create_parent="div")
    # Our exporter wraps each HTML field in one element of class ck-html so that Canvas's
    # importer reads it as HTML (canvas_items.HTML_CLASS): it styles nothing a learner sees.
    if len(root) == 1 and not (root.text or "").strip() and not (root[0].tail or "").strip():
        if root[0].get("class") == WRAPPER_CLASS:
            root = root[0]
    tags = "".join(f"<{e.tag}>" for e in root.iter() if e is not root and isinstance(e.tag, str))
    return " ".join(root.text_content().split()) + tags


def text_of(label: etree._Element) -> str:
    """The visible text of a label or a ``response_lid``'s own material."""
    mattext = label.find(f"{Q}material/{Q}mattext")
    return visible(mattext.text or "", mattext.get("texttype") == "text/html")


def labels(item: etree._Element, respident: str = "response1") -> dict[str, str]:
    """ident -> visible text of the labels offered for one response."""
    (lid,) = [r for r in item.iter(f"{Q}response_lid") if r.get("ident") == respident]
    return {lab.get("ident"): text_of(lab) for lab in lid.iter(f"{Q}response_label")}


def lids(item: etree._Element) -> dict[str, str]:
    """response ident -> the visible text of the prompt it answers (matching lefts, blank names)."""
    out = {}
    for lid in item.iter(f"{Q}response_lid"):
        own = lid.find(f"{Q}material")
        out[lid.get("ident")] = text_of(lid) if own is not None else ""
    return out


def choose(item: etree._Element, texts: list[str], respident: str = "response1") -> list[str]:
    """The idents of the labels showing ``texts`` (each must be shown exactly once)."""
    return pick(item, texts, range(len(texts)), respident)


def pick(item: etree._Element, shown: list[str], which, respident: str = "response1") -> list[str]:
    """The idents of the options ``which`` (indices into ``shown``, every option's visible text
    in authored order). Options that look the same are told apart by their order, the only
    thing a learner has to go by."""
    by_text: dict[str, list[str]] = {}
    for ident, text in labels(item, respident).items():
        by_text.setdefault(text, []).append(ident)
    out = []
    for i in which:
        hits = by_text.get(shown[i], [])
        assert len(hits) == shown.count(shown[i]), (respident, shown[i], by_text)
        out.append(hits[shown[:i].count(shown[i])])
    return out


def typed(item: etree._Element, respident: str, text: str) -> list[str]:
    """A typed blank: Canvas matches it against the blank's answers, trimmed, ignoring case."""
    want = visible(text, False).casefold()
    return [i for i, t in labels(item, respident).items() if t.casefold() == want][:1]


def _holds(test: etree._Element, responses: dict) -> bool:
    tag = etree.QName(test).localname
    if tag == "other":
        return True
    if tag in ("and", "or", "not"):
        results = [_holds(t, responses) for t in test if isinstance(t.tag, str)]
        return all(results) if tag == "and" else any(results) if tag == "or" else not results[0]
    given = responses.get(test.get("respident"))
    value = test.text or ""
    if given is None:
        return False
    if isinstance(given, list):  # label idents
        assert tag == "varequal", tag
        return value in given
    if tag == "varequal":
        num_given, num_value = _number(given), _number(value)
        if num_given is not None and num_value is not None:
            return num_given == num_value
        return " ".join(given.split()).casefold() == " ".join(value.split()).casefold()
    number = _number(given)
    if number is None:
        return False
    bound = float(value)
    return {"vargte": number >= bound, "varlte": number <= bound, "vargt": number > bound, "varlt": number < bound}[tag]


def _number(text: str) -> float | None:
    try:
        return float(text.strip())
    except ValueError:
        return None


def score(item: etree._Element, responses: dict) -> float | None:
    """SCORE after the item's conditions; None when the item sets no score (essays)."""
    if item.find(f".//{Q}setvar") is None:
        return None
    value = 0.0
    for cond in item.iter(f"{Q}respcondition"):
        cv = cond.find(f"{Q}conditionvar")
        tests = [t for t in cv if isinstance(t.tag, str)]
        if not any(_holds(t, responses) for t in tests):
            continue
        for sv in cond.iter(f"{Q}setvar"):
            if sv.get("varname", "SCORE") != "SCORE":
                continue
            amount = float(sv.text)
            action = sv.get("action", "Set")
            value = amount if action == "Set" else value + amount if action == "Add" else value - amount
        if cond.get("continue") == "No":
            break
    return value
