"""The interactive version of a simulation: one self-contained HTML file the chapter page links to.

An LMS page cannot run it (page sanitisers remove scripts and inline SVG), so the page shows the
default figure as an image and links here. The file is the html target's widget (every frame
inline, the controls, ``sim.js`` and ``site.css`` inlined): it needs nothing else from the
cartridge, so it works wherever the LMS serves it (a Canvas course file, a Moodle page file).
"""

from __future__ import annotations

import functools
from importlib import resources
from typing import TYPE_CHECKING

from markupsafe import Markup, escape

from coursekit.exporters.html.sim_widget import SimFrames, sim_widget
from coursekit.i18n import ui_text

if TYPE_CHECKING:
    from coursekit.render.rendered import RenderedCourse, SimEmbed


@functools.cache
def _static(name: str) -> str:
    return resources.files("coursekit.exporters.html").joinpath("static", name).read_text(encoding="utf-8")


def has_controls(embed: SimEmbed) -> bool:
    """A figure with parameters left for the learner to change (else the image says it all)."""
    return any(p.name not in embed.fixed for p in embed.simulation.params)


def interactive_page(rendered: RenderedCourse, embed: SimEmbed) -> bytes:
    course = rendered.course
    frames = SimFrames()
    ui = ui_text(course)
    widget = sim_widget(rendered, embed, "ck-sim-1", frames, ui)
    title = Markup("{} &ndash; {}").format(embed.simulation.title, course.title)
    page = Markup(
        "<!DOCTYPE html>\n"
        '<html lang="{lang}"{dir}>\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<title>{title}</title>\n<style>\n{css}</style>\n</head>\n<body>\n"
        '<main id="main" class="ck-main">\n<h1 class="ck-title">{heading}</h1>\n{widget}\n{frames}</main>\n'
        "<script>\n{js}</script>\n</body>\n</html>\n"
    ).format(
        lang=course.language,
        dir=Markup(' dir="rtl"') if ui.direction == "rtl" else "",
        title=title,
        css=Markup(_static("site.css")),
        heading=escape(embed.simulation.title),
        widget=widget,
        frames=frames.templates(),
        js=Markup(_static("sim.js")),
    )
    return str(page).encode("utf-8")
