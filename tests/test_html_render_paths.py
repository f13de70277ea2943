"""The html target's shortcuts against what they stand for: the sidebar rendered once per build
(each page marks its own chapter, exactly as a list rendered per page did) and the gap tokens of
fill-in questions read with one pattern (a token of another text is left as written)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from coursefixture import write_course  # noqa: E402
from html_course import rendered_course  # noqa: E402


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    return rendered_course(tmp_path_factory.mktemp("html-paths"))


def _site(rendered):
    from coursekit.exporters.html import HtmlExporter

    exporter = HtmlExporter()
    site = exporter.site(rendered)
    return exporter, site, exporter.site_files(site, {page: exporter.render_page(site, page) for page in site.pages})


def _sidebar_list(page: bytes) -> str:
    m = re.search(r'<ol class="ck-sidebar-list" id="ck-sidebar-list">\n(.*?)</ol>', page.decode(), re.S)
    assert m is not None
    return m.group(1)


def _item_per_page(exporter, site, page: str) -> str:
    """The sidebar's list as one template loop over the chapters would render it for ``page``."""
    item = exporter.env.get_template("sidebar.html.j2").make_module(exporter._i18n).item
    return "".join(str(item(ch, ch.page == page)) for ch in site.sidebar)


def test_every_page_marks_its_own_chapter_in_the_sidebar(rendered):
    exporter, site, files = _site(rendered)
    assert len(site.nav) >= 3  # first, middle and last chapter: every splice position
    for page in site.pages:
        listed = _sidebar_list(files[page])
        assert listed == _item_per_page(exporter, site, page)
        current = re.findall(r'<li class="ck-current"[^>]*><a href="([^"]*)" aria-current="page">', listed)
        assert current == ([] if page == "index.html" else [page])
        assert listed.count("<li") == len(site.nav)


def test_a_gap_token_of_another_text_stays_as_written(tmp_path):
    from coursekit.exporters.html.pages import HtmlSite
    from coursekit.load import load_course
    from coursekit.render.pipeline import render_course

    foreign = "CKGAP0123456789X0X"  # a token as _gap_token makes them, of no text here
    text = (
        f"Before {foreign} the [[first]] gap, a `{foreign}` in code, "
        f"[a link](https://example.org/{foreign}) and [[second]]."
    )
    question = f"""\
  - id: gaps
    type: fill_blanks
    text: '{text}'
    blanks:
      first: {{accept: [one]}}
      second: {{accept: [two]}}
"""
    course, diags = load_course(write_course(tmp_path, quiz_questions=question))
    assert course is not None and not diags.has_errors(), diags
    site = HtmlSite(render_course(course))
    (view,) = site.views(0).values()
    text = str(view.slots[0][0].text)
    assert text.count(foreign) == 3
    assert f'href="https://example.org/{foreign}"' in text  # in a tag: not made a line
    assert text.count('class="ck-gap"') == 2
    assert 'id="ck-one-check-0-0-gap0"' in text and 'id="ck-one-check-0-0-gap1"' in text
    assert "CKGAP" not in text.replace(foreign, "")
