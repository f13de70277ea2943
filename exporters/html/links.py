"""Links between chapters: an author links to ``02-next.md`` (the file); the site has pages.

Relative ``href``s that name a chapter's Markdown file (resolved from the file holding the
Markdown) become that chapter's page, keeping any ``#fragment``. Other links are left alone
(the loader reports a link to a Markdown file that is no chapter, CK701, at its line).
"""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote, urlsplit

_HREF_RE = re.compile(r'href="([^"#?:]+\.md)(#[^"]*)?"')


class ChapterLinks:
    def __init__(self, pages: dict[Path, str]):
        self.pages = {p.resolve(): page for p, page in pages.items()}

    def fix(self, html: str, base_file: Path) -> str:
        if ".md" not in html:
            return html  # the common case: no link _HREF_RE could match (each one holds ".md")

        def sub(m: re.Match) -> str:
            target = html_lib.unescape(m.group(1))
            if urlsplit(target).scheme or target.startswith("/"):
                return m.group(0)
            page = self.pages.get((base_file.parent / unquote(target)).resolve())
            if page is None:
                return m.group(0)
            return f'href="{html_lib.escape(page)}{m.group(2) or ""}"'

        return _HREF_RE.sub(sub, html)

    def fixer(self, base_file: Path) -> Callable[[str], str]:
        return lambda html: self.fix(html, base_file)
