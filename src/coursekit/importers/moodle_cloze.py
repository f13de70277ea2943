"""Moodle's Cloze (multianswer) markers, ``{weight:TYPE:answer~answer}``, read back.

The syntax as Moodle's own parser reads it (qtype_multianswer): an answer is ``=text``
(100 %), ``%fraction%text`` or ``text`` (0 %), optionally ``#feedback``; answers are separated
by ``~``; ``}``, ``#`` and ``~`` preceded by a backslash are literal, ``#`` after ``&`` is part
of a character reference; the answer text is HTML (entities decoded). NUMERICAL answers are
``value:tolerance``.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

TYPES = {
    "SHORTANSWER": "sa",
    "SA": "sa",
    "MW": "sa",
    "SHORTANSWER_C": "sac",
    "SAC": "sac",
    "MWC": "sac",
    "NUMERICAL": "num",
    "NM": "num",
    **{k: "mc" for k in ("MULTICHOICE", "MC", "MULTICHOICE_V", "MCV", "MULTICHOICE_H", "MCH")},
    **{k: "mc" for k in ("MULTICHOICE_S", "MCS", "MULTICHOICE_VS", "MCVS", "MULTICHOICE_HS", "MCHS")},
    **{k: "mr" for k in ("MULTIRESPONSE", "MR", "MULTIRESPONSE_H", "MRH", "MULTIRESPONSE_S", "MRS")},
    **{k: "mr" for k in ("MULTIRESPONSE_HS", "MRHS")},
}
_START_RE = re.compile(r"\{([0-9]*):([A-Z_]+):")


@dataclass
class ClozeAnswer:
    text: str
    fraction: float
    feedback: str


@dataclass
class Marker:
    start: int
    end: int
    weight: int
    kind: str  # sa, sac, num, mc, mr
    type_name: str
    answers: list[ClozeAnswer]


def _unescape(text: str) -> str:
    text = text.replace("\\}", "}").replace("\\#", "#").replace("\\~", "~")
    return html.unescape(text)


def _split(body: str, sep: str, amp: bool = False) -> list[str]:
    out, cur, i = [], [], 0
    while i < len(body):
        c = body[i]
        if c == "\\" and i + 1 < len(body):
            cur.append(body[i : i + 2])
            i += 2
            continue
        if c == sep and not (amp and i > 0 and body[i - 1] == "&"):
            out.append("".join(cur))
            cur = []
        else:
            cur.append(c)
        i += 1
    out.append("".join(cur))
    return out


def _answer(raw: str) -> ClozeAnswer:
    parts = _split(raw, "#", amp=True)
    text, feedback = parts[0], "#".join(parts[1:])
    fraction = 0.0
    if text.startswith("="):
        fraction, text = 1.0, text[1:]
    else:
        m = re.match(r"^%(-?[0-9]+(?:\.[0-9]+)?)%", text)
        if m:
            fraction, text = float(m.group(1)) / 100, text[m.end() :]
    return ClozeAnswer(_unescape(text).strip(), fraction, feedback)


def find_markers(text: str) -> list[Marker]:
    """Every well-formed marker in question text, in order."""
    out: list[Marker] = []
    pos = 0
    while True:
        m = _START_RE.search(text, pos)
        if not m:
            return out
        if m.group(2) not in TYPES:
            pos = m.end()
            continue
        i = m.end()
        while i < len(text) and not (text[i] == "}" and text[i - 1] != "\\"):
            i += 1
        if i >= len(text):
            return out
        body = text[m.end() : i]
        answers = [_answer(a) for a in _split(body, "~") if a.strip()]
        weight = int(m.group(1)) if m.group(1) else 1
        out.append(Marker(m.start(), i + 1, weight, TYPES[m.group(2)], m.group(2), answers))
        pos = i + 1
