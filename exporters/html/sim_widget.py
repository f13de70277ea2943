"""Interactive simulation figures: inline SVG of the default frame plus labelled controls.

Every frame the controls can reach is embedded in the page once (``<template
data-ck-frame="k">``, deduplicated by content hash across the page's figures): fetching
``frames/*.svg`` would fail when the site is opened from disk. Each figure carries a small
JSON grid mapping every combination of control values (row-major over the controls, in
declaration order) to a frame number; static/sim.js swaps the SVG when a control moves.
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
    """The frames of one page, numbered in first-use order and kept once each."""

    def __init__(self) -> None:
        self._index: dict[str, int] = {}
        self._svgs: list[str] = []

    def add(self, key: str, svg: Any) -> int:
        if key not in self._index:
            k = len(self._svgs)
            self._index[key] = k
            # sim.js renames the "ckf<k>-" prefix to the figure's own when it shows the frame.
            self._svgs.append(inline_svg(svg, f"ckf{k}-"))
        return self._index[key]

    def templates(self) -> Markup:
        if not self._svgs:
            return Markup("")
        parts = [
            Markup('<template data-ck-frame="{}">{}</template>').format(i, Markup(svg))
            for i, svg in enumerate(self._svgs)
        ]
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


def _frame_for(output: Any, combo: dict[str, Any]) -> str | None:
    """The frame hash of one combination of control values, via the output's own lookup."""
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


def sim_widget(rendered: RenderedCourse, embed: SimEmbed, uid: str, frames: SimFrames, ui: UiText) -> Markup:
    sim, output = embed.simulation, embed.output
    controls = [c for c in _controls(output) if c["name"] not in embed.fixed and c["values"]]
    description = rendered.markdown(sim.description, rendered.course.root / "course.yaml")
    default_svg = _get(output, "default_svg")
    grid: list[int] = []
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
        for flat in range(total):
            rest, combo = flat, {}
            for c, size in zip(reversed(controls), reversed(sizes), strict=True):
                combo[c["name"]] = c["values"][rest % size]
                rest //= size
            combo.update(embed.fixed)
            h = _frame_for(output, combo)
            grid.append(frames.add(h, frame_svgs[h]) if h is not None and h in frame_svgs else -1)
    data = {"grid": grid, "sizes": [len(c["values"]) for c in controls]}
    parts = [
        Markup('<div class="ck-sim-widget" id="{}" data-ck-sim-widget>').format(uid),
        Markup('<figure class="ck-sim-fig">'),
        Markup('<div class="ck-sim-figure" data-ck-sim-svg>{}</div>').format(
            Markup(inline_svg(default_svg, uid + "-"))
        ),
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
