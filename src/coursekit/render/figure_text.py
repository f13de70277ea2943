"""The course's language in simulation figures: decimal marks, text direction, and the few
phrases coursekit writes into a figure (a heat map's colour scale; the hover text, also
read out on a tap, of a histogram bin, a segment and, on phones, a diagram's extra edges).

``FigureText()`` is English and draws exactly what coursekit always drew. For another
language ``FigureText.of(ui)`` gives the decimal separator of its numbers (tick labels,
bar values, hover values, the colour scale: ``0,5`` in German), its words for those
phrases and, for a right-to-left language (Arabic, Hebrew), sets every text of words right
to left with its anchor swapped so it stays where it was drawn. The plot itself is not
mirrored: graphs keep their x axis growing to the right, as Arabic and Hebrew mathematics
textbooks draw them.

The figure modules (``svg_*``) reach the figure being drawn's ``FigureText`` through
``svg_text.number`` (every number drawn) and ``svg_text.words()`` (the phrases).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

# The phrases' message ids (the English text); ``of`` names each in a gettext call, where
# pybabel extract finds it.
COLOUR_SCALE = "colour scale from %(low)s (dark purple) to %(high)s (yellow)"
RANGE = "%(low)s to %(high)s"  # a histogram bin, a segment's ends
AT_X = "%(range)s at x = %(x)s"  # a vertical segment
AT_Y = "%(range)s at y = %(y)s"  # a horizontal segment
POINT = "(%(x)s, %(y)s)"  # a point; a decimal-comma language separates with ';'
ALSO_FROM = "also from %(node)s"  # narrow diagrams: a node's second (third, ...) parent
PHRASES = (COLOUR_SCALE, RANGE, AT_X, AT_Y, POINT, ALSO_FROM)

_WORD_RE = re.compile(r"[^\W\d_]", re.UNICODE)


@dataclass(frozen=True)
class FigureText:
    decimal: str = "."
    rtl: bool = False
    phrases: tuple[str, ...] = PHRASES  # in the order of PHRASES

    @classmethod
    def of(cls, ui: Any) -> FigureText:
        return cls(
            ui.decimal,
            ui.direction == "rtl",
            (
                ui.gettext("colour scale from %(low)s (dark purple) to %(high)s (yellow)"),
                ui.gettext("%(low)s to %(high)s"),
                ui.gettext("%(range)s at x = %(x)s"),
                ui.gettext("%(range)s at y = %(y)s"),
                ui.gettext("(%(x)s, %(y)s)"),
                ui.gettext("also from %(node)s"),
            ),
        )

    @property
    def colour_scale(self) -> str:
        return self.phrases[0]

    def say(self, msgid: str, **values: str) -> str:
        """One of the PHRASES in the course's language, filled in."""
        return self.phrases[PHRASES.index(msgid)] % values

    def number(self, text: str) -> str:
        """A number as format_number wrote it, with the course's decimal separator."""
        return text.replace(".", self.decimal) if self.decimal != "." else text

    def fingerprint(self) -> list[Any]:
        return [self.decimal, self.rtl, list(self.phrases)]

    def direct(self, svg: Any) -> None:
        """Right-to-left: every <text> holding a letter runs right to left, its anchor
        swapped (start <-> end) so the text occupies the same place; numbers stay as drawn."""
        if not self.rtl:
            return
        for el in svg.iter():
            if not isinstance(el.tag, str) or not el.tag.endswith("text"):
                continue
            if not _WORD_RE.search("".join(el.itertext())):
                continue
            el.set("direction", "rtl")
            anchor = el.get("text-anchor", "start")
            if anchor != "middle":
                el.set("text-anchor", "end" if anchor == "start" else "start")
