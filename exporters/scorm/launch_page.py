"""The SCO launch page: one small HTML page per SCO that holds the LMS session and shows the
course's own pages in a frame (so moving between pages never ends the SCORM session)."""

from __future__ import annotations

import json

from lxml import html
from lxml.html import builder as E

from coursekit.i18n import UiText

from .site import SCORER


def launch_page(title: str, ui: UiText, sco_key: str) -> bytes:
    # The SCO's key is a slug; json.dumps makes it a safe JS string literal regardless.
    select = E.SCRIPT(f"window.CourseKitScormSco = {json.dumps(sco_key)};")
    doc = E.HTML(
        E.HEAD(
            E.META(charset="utf-8"),
            E.META(name="viewport", content="width=device-width, initial-scale=1"),
            E.TITLE(title),
            E.LINK(rel="stylesheet", href="scorm/scorm.css"),
            select,
            E.SCRIPT(src="scorm/scorm-data.js"),
            E.SCRIPT(src=SCORER),
            E.SCRIPT(src="scorm/scorm-types.js"),
            E.SCRIPT(src="scorm/scorm-interactions.js"),
            E.SCRIPT(src="scorm/scorm-runtime.js"),
        ),
        E.BODY(
            E.P(
                ui.gettext(
                    "Not connected to a learning management system: your progress and answers are not recorded."
                ),
                id="ck-scorm-notice",
                role="status",
                hidden="hidden",
            ),
            E.IFRAME(id="ck-scorm-frame", title=title),
        ),
        lang=ui.tag,
        **({"dir": "rtl"} if ui.direction == "rtl" else {}),
    )
    return html.tostring(doc, doctype="<!DOCTYPE html>", encoding="utf-8", method="html") + b"\n"
