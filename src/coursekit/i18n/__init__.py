"""The course's language in everything coursekit itself writes for learners (issue 23).

- ``catalogs``: the shipped gettext catalogs (``locales/*/LC_MESSAGES/coursekit.po``, read
  with Babel) and the template ``coursekit.pot`` (``pybabel extract``, docs/translating.md).
- ``language``: a BCP 47 tag resolved to a catalog and a CLDR locale, with the fallbacks.
- ``plural``: a catalog's plural rule as a tree both Python and the browser evaluate.
- ``numbers``: numbers and percentages formatted with Babel (CLDR), and their symbols.
- ``ui``: ``ui_text(course)``, the one object exporters ask for words and numbers.
- ``overrides``: the checks of a course's ``ui_strings`` (validate).
"""

from .language import CourseLanguage, resolve
from .ui import UiText, ui_text

__all__ = ["CourseLanguage", "UiText", "resolve", "ui_text"]
