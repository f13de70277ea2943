"""Offline full-text search: the documents of each page, and the index built from them.

Each chapter page gives one document per section (the text before its first heading, then
each heading with the text up to the next one) and one per quiz (its title and the prompts of
its questions); a result links to the section's heading (or the quiz's). The index is built
here, at build time, in the serialised form of MiniSearch (the client library the site ships,
``static/minisearch.js``, vendored in ``coursekit.vendor``), and written as ``search-index.js``,
a script that sets one global: pages load it with a ``<script>`` element when the reader first
searches, which works from ``file://`` where fetching a JSON file does not.

The tokeniser is written twice and must agree: ``tokens`` below and ``tokenize`` in
``static/site.js`` (Unicode compatibility decomposition, combining marks removed, lower case,
runs of letters and digits). ``tests/test_html_search.py`` builds the same documents with
MiniSearch itself in node and requires the same index.
"""

from __future__ import annotations

import json
import re
import unicodedata
from typing import Any

from lxml import html as lxml_html

FIELDS = ["title", "text"]
STORED = ["href", "title", "chapter", "text"]
SERIALIZATION_VERSION = 2
_WORD_RE = re.compile(r"[^\W_]+")  # letters and digits: what [\p{L}\p{N}]+ matches in JavaScript
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_SKIP = {"script", "style", "template", "button"}


class _Marks(dict):
    """str.translate table that deletes combining marks (Unicode category M), filled on demand."""

    def __missing__(self, cp: int) -> int | None:
        value = None if unicodedata.category(chr(cp)).startswith("M") else cp
        self[cp] = value
        return value


_MARKS = _Marks()


def tokens(text: str) -> list[str]:
    """The search terms of ``text``, exactly as ``tokenize`` in static/site.js makes them."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text).translate(_MARKS)
    return _WORD_RE.findall(text.lower())


def _text(el: Any, out: list[str]) -> None:
    """The readable text of an element: formulas as their TeX, nothing of scripts or buttons."""
    tag = el.tag if isinstance(el.tag, str) else ""
    local = tag.rsplit("}", 1)[-1]
    if local == "math":
        ann = [a for a in el.iter() if isinstance(a.tag, str) and a.tag.rsplit("}", 1)[-1] == "annotation"]
        if ann and ann[0].text:
            out.append(" " + ann[0].text + " ")
    elif local not in _SKIP:
        if el.text:
            out.append(el.text)
        for child in el:
            _text(child, out)
            if child.tail:
                out.append(child.tail)
        if local in ("p", "li", "div", "pre", "td", "th", "figcaption", "br", "dt", "dd", "blockquote", "aside"):
            out.append(" ")


def _clean(parts: list[str]) -> str:
    return " ".join("".join(parts).split())


def chapter_sections(body_html: str, intro_title: str, intro_anchor: str) -> list[tuple[str, str, str]]:
    """(anchor, title, text) per section of a chapter body; the intro is the text before the first heading."""
    if not body_html.strip():
        return []
    root = lxml_html.fragment_fromstring(body_html, create_parent="div")
    sections: list[tuple[str, str, list[str]]] = [(intro_anchor, intro_title, [])]

    def walk(el: Any) -> None:
        for child in el:
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag in _HEADINGS and child.get("id"):
                parts: list[str] = []
                _text(child, parts)
                sections.append((child.get("id"), _clean(parts), []))
            elif tag in ("div", "aside", "section", "figure", "blockquote") and _has_heading(child):
                if child.text:
                    sections[-1][2].append(child.text)
                walk(child)
            else:
                _text(child, sections[-1][2])
            if child.tail:
                sections[-1][2].append(child.tail)
            sections[-1][2].append(" ")

    if root.text:
        sections[0][2].append(root.text)
    walk(root)
    return [(anchor, title, _clean(parts)) for anchor, title, parts in sections if anchor == intro_anchor or title]


def _has_heading(el: Any) -> bool:
    return any(isinstance(e.tag, str) and e.tag in _HEADINGS and e.get("id") for e in el.iter())


def document(href: str, title: str, chapter: str, text: str) -> dict[str, str]:
    return {"href": href, "title": title, "chapter": chapter, "text": text}


def build_index(docs: list[dict[str, str]]) -> dict[str, Any]:
    """MiniSearch's serialised index (``toJSON()``, serializationVersion 2) of ``docs``, with ids
    0, 1, ... in order, fields ``title`` and ``text``, and every key of a document stored."""
    index: dict[str, dict[int, dict[int, int]]] = {}
    field_length: dict[int, list[int]] = {}
    average = [0.0] * len(FIELDS)
    for short_id, doc in enumerate(docs):
        lengths = []
        for field_id, name in enumerate(FIELDS):
            terms = tokens(doc.get(name, ""))
            unique = len(set(terms))
            lengths.append(unique)
            # MiniSearch keeps a running average in this exact order of float operations.
            average[field_id] = (average[field_id] * short_id + unique) / (short_id + 1)
            for term in terms:
                freqs = index.setdefault(term, {}).setdefault(field_id, {})
                freqs[short_id] = freqs.get(short_id, 0) + 1
        field_length[short_id] = lengths
    return {
        "documentCount": len(docs),
        "nextId": len(docs),
        "documentIds": {str(i): i for i in range(len(docs))},
        "fieldIds": {name: i for i, name in enumerate(FIELDS)},
        "fieldLength": {str(i): v for i, v in field_length.items()},
        "averageFieldLength": average,
        "storedFields": {str(i): {k: doc[k] for k in STORED if k in doc} for i, doc in enumerate(docs)},
        "dirtCount": 0,
        "index": [
            [term, {str(f): {str(d): n for d, n in postings.items()} for f, postings in fields.items()}]
            for term, fields in index.items()
        ],
        "serializationVersion": SERIALIZATION_VERSION,
    }


def index_script(docs: list[dict[str, str]]) -> bytes:
    """``search-index.js``: the index as a JSON string in one global (``MiniSearch.loadJSON`` reads it)."""
    text = json.dumps(build_index(docs), ensure_ascii=True, separators=(",", ":"))
    literal = json.dumps(text, ensure_ascii=True).replace("</", "<\\/")
    return (
        "/* coursekit search index (MiniSearch, built at build time) */\nwindow.CourseKitSearchIndex = "
        + literal
        + ";\n"
    ).encode()
