"""coursekit serve in Chromium (issue 16's acceptance test): an open page shows an edit to its
chapter file within 3 s without a manual reload; an invalid edit shows the overlay with the
right file:line over the last good page; the fix removes the overlay."""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from serve_course import write_course  # noqa: E402
from serve_harness import Served  # noqa: E402


def test_edit_reloads_the_open_page_and_errors_show_over_it(browser, tmp_path):
    course = write_course(tmp_path / "course")
    chapter = course / "chapters/c.md"
    with Served(course, tmp_path) as served:
        page = browser.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        page.goto(served.url + "chapter-c.html")
        page.wait_for_load_state("load")
        page.evaluate("window.__not_reloaded = true")

        # 1. An edit: the new text, by itself, within 3 s.
        text = chapter.read_text(encoding="utf-8")
        saved = time.monotonic()
        chapter.write_text(text.replace("Gamma body.", "Gamma body, edited live."), encoding="utf-8")
        page.get_by_text("Gamma body, edited live.").wait_for(timeout=3000)
        assert time.monotonic() - saved < 3.0
        assert page.evaluate("window.__not_reloaded === undefined")  # the page reloaded itself

        # 2. A directive misspelt on line 8: the overlay names the file and line; the last good page stays.
        lines = text.split("\n")
        assert lines[7] == "Gamma body."
        chapter.write_text(text.replace("Gamma body.", ":::{figur} x\n:::"), encoding="utf-8")
        overlay = page.locator("#coursekit-live-errors section[role=alert]")
        overlay.wait_for(timeout=3000)
        shown = overlay.inner_text()
        assert "course/chapters/c.md:8:1 error CK250: unknown directive {figur}" in shown, shown
        assert "hint: use one of:" in shown, shown
        assert page.locator("main").inner_text().find("Gamma body, edited live.") >= 0

        # 3. The fix: the overlay goes, the page shows the fixed text.
        chapter.write_text(text.replace("Gamma body.", "Gamma body, fixed."), encoding="utf-8")
        page.get_by_text("Gamma body, fixed.").wait_for(timeout=3000)
        assert page.locator("#coursekit-live-errors").count() == 0
        assert errors == []
        page.close()
