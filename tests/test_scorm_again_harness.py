"""The scorm-again harness itself (tests/support/scorm_again_lms.py), where a race in it once failed CI.

``Session.show`` of the page the frame already shows (a review launch opens the bookmarked page,
and the test then shows that same page) must hand back the new document, not the old one that
is complete at the same address until the new one commits. When it handed back the old one, a
test read the quiz from the old document and its answers from the new one, still loading:
``test_200_questions_leave_resume_finish_review`` saw no correct answers in review.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from support import scorm_again_lms  # noqa: E402
from support.scorm_again_lms import StrictScormAgainLms  # noqa: E402
from test_scorm_manifest import big_course, site_for  # noqa: E402

from coursekit.exporters.scorm.exporter import package_files  # noqa: E402


def test_showing_the_page_already_shown_returns_the_new_document(browser, tmp_path, monkeypatch):
    rendered = big_course(tmp_path / "course", 20)
    site = site_for(rendered)
    page_path = site.chapter_pages[rendered.chapters[0].chapter.id]
    serve = scorm_again_lms._QuietHandler.do_GET

    def late_pages(handler):
        # The old document stays, complete, until the new one's response arrives.
        if handler.path.endswith("/" + page_path):
            time.sleep(0.3)
        return serve(handler)

    monkeypatch.setattr(scorm_again_lms._QuietHandler, "do_GET", late_pages)

    def show_twice(s):
        first = s.show(page_path)
        first.evaluate("window.__shownBefore = true")
        again = s.show(page_path)
        return again.evaluate(
            "[!!window.__shownBefore, document.readyState, document.querySelectorAll('li.ck-question').length]"
        )

    lms = StrictScormAgainLms(tmp_path / "lms", package_files(rendered, site, "2004", False), "2004")
    try:
        (seen, _, _, problems) = lms.session(browser, show_twice)
    finally:
        lms.close()
    assert problems == []
    assert seen == [False, "complete", len(rendered.quizzes[0].slots)]
