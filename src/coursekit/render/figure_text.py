"""The course's language in simulation figures: decimal marks, text direction, the one
sentence coursekit writes into a figure (a heat map's colour scale).

``FigureText()`` is English and draws exactly what coursekit always drew. For another
language ``FigureText.of(ui)`` gives the decimal separator of its numbers (tick labels,
bar values, the colour scale: ``0,5`` in German) and, for a right-to-left language
(Arabic, Hebrew), sets every text of words right to left with its anchor swapped so it
stays where it was drawn. The plot itself is not mirrored: graphs keep their x axis
growing to the right, as Arabic and Hebrew mathematics textbooks draw them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

COLOUR_SCALE = "colour scale from %(low)s (dark purple) to %(high)s (yellow)"
_WORD_RE = re.compile(r"[^\W\d_]", re.UNICODE)


@dataclass(frozen=True)
class FigureText:
    decimal: str = "."
    rtl: bool = False
    colour_scale: str = COLOUR_SCALE

    @classmethod
    def of(cls, ui: Any) -> FigureText:
        return cls(
            ui.decimal,
            ui.direction == "rtl",
            ui.gettext("colour scale from %(low)s (dark purple) to %(high)s (yellow)"),
        )

    def number(self, text: str) -> str:
        """A number as format_number wrote it, with the course's decimal separator."""
        return text.replace(".", self.decimal) if self.decimal != "." else text

    def fingerprint(self) -> list[Any]:
        return [self.decimal, self.rtl, self.colour_scale]

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
