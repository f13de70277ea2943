"""Interactive simulation figures: inline SVG of the default frame plus labelled controls.

Every frame the controls can reach is embedded in the page once (``<template
data-ck-frame="k">``, deduplicated by content hash across the page's figures): fetching
``frames/*.svg`` would fail when the site is opened from disk. Each figure carries a small
JSON grid mapping every combination of control values (row-major over the controls, in
declaration order) to a frame number; static/sim.js swaps the SVG when a control moves.

Each frame comes in two layouts: the author's (wide) and a narrow one for phones, whose text
stays readable at 390 px (site.css shows one or the other by the width of the screen). Both
are in the page, so the figure never needs the network, and sim.js swaps both. sim.js also
shows the value of the mark a reader taps, clicks or reaches with the arrow keys under the
figure (a hover title cannot be seen on a phone or from the keyboard).
"""

from __future__ import annotations

import json
import re
from typing import Any

from markupsafe import Markup

from coursekit.i18n import UiText
from coursekit.render.rendered import RenderedCourse, SimEmbed

_XML_PROLOGUE_RE = re.compile(r"^\s*(?:<\?xml[^>]*\?>\s*)?(?:<!DOCTYPE[^>]*>\s*)?", re.I)


def _get(obj: Any, name: str, default: Any = None) -> Any:
    if isinstance(obj, dict):
        return obj.get(name, default)
    return getattr(obj, name, default)


def _text(data: Any) -> str:
    return data.decode("utf-8") if isinstance(data, (bytes, bytearray)) else str(data)


_ID_RE = re.compile(r'\bid="([^"]+)"')


def inline_svg(data: Any, prefix: str = "") -> str:
    """An SVG document as markup for inside HTML (no XML declaration or doctype).

    With ``prefix``, every id the SVG defines (and each reference to it: ``url(#id)``,
    ``href="#id"``, ``aria-labelledby``/``aria-describedby``) is prefixed, so that several
    figures can share a page without duplicate ids.
    """
    svg = _XML_PROLOGUE_RE.sub("", _text(data)).strip()
    ids = set(_ID_RE.findall(svg))
    if not prefix or not ids:
        return svg

    def ref(m: re.Match) -> str:
        name = m.group(2)
        return f"{m.group(1)}{prefix}{name}" if name in ids else m.group(0)

    svg = re.sub(r'(\bid="|url\(#|href="#)([^")]+)', ref, svg)

    def aria(m: re.Match) -> str:
        names = [f"{prefix}{n}" if n in ids else n for n in m.group(2).split()]
        return f'{m.group(1)}{" ".join(names)}"'

    return re.sub(r'(\baria-(?:labelledby|describedby)=")([^"]*)"', aria, svg)


class SimFrames:
    """The frames of one page, numbered in first-use order and kept once each.

    Wide and narrow frames are numbered apart (a narrow frame's template is ``n<k>``) and the
    page lists every wide frame before every narrow one: frames of one layout differ little from
    each other, so grouped they compress to about half of what alternating frames do."""

    def __init__(self) -> None:
        self._index: dict[tuple[str, str], int] = {}
        self._svgs: dict[str, list[str]] = {"": [], "n": []}

    def add(self, key: str, svg: Any, layout: str = "") -> int:
        """The number of frame ``key`` (``layout`` "" for wide, "n" for narrow)."""
        if (layout, key) not in self._index:
            svgs = self._svgs[layout]
            k = len(svgs)
            self._index[(layout, key)] = k
            # sim.js renames the "ckf<name>-" prefix to the figure's own when it shows the frame.
            svgs.append(inline_svg(svg, f"ckf{layout}{k}-"))
        return self._index[(layout, key)]

    def templates(self) -> Markup:
        parts = [
            Markup('<template data-ck-frame="{}{}">{}</template>').format(layout, i, Markup(svg))
            for layout in ("", "n")
            for i, svg in enumerate(self._svgs[layout])
        ]
        if not parts:
            return Markup("")
        return Markup('\n<div class="ck-frames" hidden>\n') + Markup("\n").join(parts) + Markup("\n</div>\n")


def _format_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}" if abs(value) >= 1e-4 or value == 0 else repr(value)
    return str(value)


def _controls(output: Any) -> list[dict[str, Any]]:
    manifest = _get(output, "manifest", {}) or {}
    controls = _get(manifest, "controls", []) or []
    return [
        {
            "name": _get(c, "name"),
            "label": _get(c, "label") or _get(c, "name"),
            "kind": _get(c, "kind", "number"),
            "values": list(_get(c, "values", []) or []),
            "default": _get(c, "default"),
            "unit": _get(c, "unit"),
        }
        for c in controls
    ]


def _frame_for(output: Any, combo: dict[str, Any], narrow: bool = False) -> str | None:
    """The frame hash of one combination of control values, via the output's own lookup."""
    if narrow:
        lookup = _get(output, "narrow_frame_for")
        return lookup(combo) if callable(lookup) else None
    lookup = _get(output, "frame_for")
    if callable(lookup):
        return lookup(combo)
    manifest = _get(output, "manifest", {}) or {}
    table = _get(manifest, "frames", {}) or {}
    key_of = _get(output, "combination_key") or _get(manifest, "combination_key")
    key = key_of(combo) if callable(key_of) else json.dumps([combo[k] for k in sorted(combo)], separators=(",", ":"))
    return table.get(key)


def _shown_value(ui: UiText, value: Any) -> str:
    """A control value as the learner reads it: the course language's decimal separator."""
    text = _format_value(value)
    return text.replace(".", ui.decimal) if isinstance(value, float) else text


EXPLORE = "Values in the figure: use the arrow keys"  # sim.js's own name for the figure (English)


def _readout(ui: UiText) -> Markup:
    """Where sim.js writes the value of a mark. The figure's accessible name while it is explored
    is sim.js's English one, or the course language's carried here (as pages in plain English
    carry no UI data, an English page is left as it was)."""
    name = ui.gettext("Values in the figure: use the arrow keys")
    if name == EXPLORE:
        return Markup('<p class="ck-sim-readout" data-ck-sim-readout aria-live="polite"></p>')
    return Markup('<p class="ck-sim-readout" data-ck-sim-readout data-ck-label="{}" aria-live="polite"></p>').format(
        name
    )


def sim_widget(rendered: RenderedCourse, embed: SimEmbed, uid: str, frames: SimFrames, ui: UiText) -> Markup:
    sim, output = embed.simulation, embed.output
    controls = [c for c in _controls(output) if c["name"] not in embed.fixed and c["values"]]
    description = rendered.markdown(sim.description, rendered.course.root / "course.yaml")
    default_svg = _get(output, "default_svg")
    narrow_svg = _get(output, "narrow_svg")
    grid: list[int] = []
    narrow: list[int] = []
    defaults: list[int] = []
    if controls:
        for c in controls:
            vals = c["values"]
            defaults.append(next((i for i, v in enumerate(vals) if _format_value(v) == _format_value(c["default"])), 0))
        sizes = [len(c["values"]) for c in controls]
        total = 1
        for s in sizes:
            total *= s
        frame_svgs = _get(output, "frames", {}) or {}

        def number(h: str | None, layout: str = "") -> int:
            return frames.add(h, frame_svgs[h], layout) if h is not None and h in frame_svgs else -1

        for flat in range(total):
            rest, combo = flat, {}
            for c, size in zip(reversed(controls), reversed(sizes), strict=True):
                combo[c["name"]] = c["values"][rest % size]
                rest //= size
            combo.update(embed.fixed)
            grid.append(number(_frame_for(output, combo)))
            if narrow_svg is not None:
                narrow.append(number(_frame_for(output, combo, narrow=True), "n"))
    data: dict[str, Any] = {"grid": grid, "sizes": [len(c["values"]) for c in controls]}
    if narrow_svg is not None:
        data["narrow"] = narrow
    wide_class = "ck-sim-figure ck-sim-wide" if narrow_svg is not None else "ck-sim-figure"
    parts = [
        Markup('<div class="ck-sim-widget" id="{}" data-ck-sim-widget>').format(uid),
        Markup('<figure class="ck-sim-fig">'),
        Markup('<div class="{}" data-ck-sim-svg>{}</div>').format(
            wide_class, Markup(inline_svg(default_svg, uid + "-"))
        ),
    ]
    if narrow_svg is not None:
        parts.append(
            Markup('<div class="ck-sim-figure ck-sim-narrow" data-ck-sim-svg-narrow>{}</div>').format(
                Markup(inline_svg(narrow_svg, uid + "-n-"))
            )
        )
    parts += [
        _readout(ui),
        Markup('<figcaption class="ck-sim-caption"><span class="ck-sim-title">{}</span> {}</figcaption>').format(
            sim.title, Markup(description.html)
        ),
        Markup("</figure>"),
    ]
    if controls:
        parts.append(
            Markup('<div class="ck-sim-controls" role="group" aria-label="{}">').format(
                ui.gettext("Parameters of %(simulation)s", simulation=sim.title)
            )
        )
        for k, c in enumerate(controls):
            cid = f"{uid}-p{k}"
            unit = f" {c['unit']}" if c["unit"] else ""
            label = Markup('<label class="ck-control-label" for="{}">{}</label>').format(cid, c["label"])
            if c["kind"] == "choice":
                opts = Markup("").join(
                    Markup('<option value="{}"{}>{}</option>').format(
                        i, Markup(" selected") if i == defaults[k] else Markup(""), _shown_value(ui, v)
                    )
                    for i, v in enumerate(c["values"])
                )
                control = Markup('<select id="{}" class="ck-select" data-ck-param="{}">{}</select>').format(
                    cid, k, opts
                )
                shown = Markup("")
            else:
                texts = [_shown_value(ui, v) + unit for v in c["values"]]
                control = Markup(
                    '<input type="range" id="{}" class="ck-range" data-ck-param="{}" min="0" max="{}" step="1" '
                    'value="{}" aria-valuetext="{}" data-ck-texts="{}">'
                ).format(
                    cid, k, len(c["values"]) - 1, defaults[k], texts[defaults[k]], json.dumps(texts, ensure_ascii=False)
                )
                shown = Markup('<output class="ck-output" for="{}" id="{}-out">{}</output>').format(
                    cid, cid, texts[defaults[k]]
                )
            parts.append(Markup('<div class="ck-control">{}{}{}</div>').format(label, control, shown))
        parts.append(Markup("</div>"))
        parts.append(
            Markup('<script type="application/json" data-ck-sim-data>{}</script>').format(
                Markup(json.dumps(data, separators=(",", ":")))
            )
        )
    parts.append(Markup("</div>"))
    return Markup("\n").join(parts)
