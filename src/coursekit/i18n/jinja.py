"""gettext for Jinja templates (``{% trans %}``, ``_()``), bound to one course's ``UiText``.

Templates are compiled once per process (``jinja2.ext.i18n``, new-style gettext) and the
functions are passed with each render, so one environment serves every language. Like
Jinja's own new-style gettext, values are %-formatted into the message after it is
translated; unlike it, a translation is text, not markup: it is escaped, so neither a
catalog nor a course's ``ui_strings`` can put HTML into a page.
"""

from __future__ import annotations

from typing import Any

from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import escape

from .ui import UiText


def template_functions(ui: UiText) -> dict[str, Any]:
    @pass_context
    def gettext(context: Context, msgid: str, **values: Any) -> Any:
        text = ui.gettext(msgid)
        rv = escape(text) if context.eval_ctx.autoescape else text
        return rv % values

    @pass_context
    def ngettext(context: Context, singular: str, plural: str, n: float, **values: Any) -> Any:
        values.setdefault("num", n)
        text = ui.plural_text(singular, plural, n)
        rv = escape(text) if context.eval_ctx.autoescape else text
        return rv % values

    return {"gettext": gettext, "ngettext": ngettext, "_": gettext, "ui": ui}
