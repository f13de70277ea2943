"""The English example courses build the same bytes as before the UI spoke the course's
language (issue 23): every output file and every member of every zip is compared with
the digests in tests/fixtures/english_outputs.json, written by
tests/support/english_baseline.py --write --base fcffd62 (the integration branch integ3 just
before issue 23 was merged into it: its sidebar, search, answers, code blocks and phone
figures are the English outputs the i18n work must leave alone).

The only files allowed to differ are the browser scripts and style sheet whose code had
to change (listed with the reason); their bytes are those of the files in the source tree.
Two digests were changed in the fixture since, for a change meant to show: the Common
Cartridge quizzes of examples/question-types and examples/variants accept a numeric answer
written with an exponent (6.103515625e-05) also as learners type it (cc_items._typed_forms).
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from support.english_baseline import COURSES, FIXTURE, ROOT, build_digests  # noqa: E402

# Static files whose code changed on purpose, and why: they are copied into every site and
# SCORM package as they are, so they are compared with the source tree instead.
CHANGED_CODE = {
    "answers.js": "shows the correct answers' words through gettext, numbers with the decimal mark",
    "quiz.js": "shows every string through gettext, refuses numbers it cannot read (before the confirmation)",
    "scoring.js": "reads the course language's decimal separator; carries CourseKitL10n",
    "scorm-interactions.js": "records a numeric answer as scoring.js reads it (2,5 as 2.5 with a decimal comma)",
    "scorm-runtime.js": "hands the decimal separator to scorm-interactions.js",
    "scorm-types.js": "a long-fill-in pattern holds no comma (scorm-again refuses it; issue 22)",
    "site.css": "logical properties (right-to-left layouts), the refused-number message",
    "site.js": "search, copy buttons and the sidebar's words through gettext",
    "sim.js": "the figure's accessible name from the page where it is not English",
    "theme.js": "the theme button's words through gettext",
}
SOURCES = {
    "answers.js": ROOT / "exporters/html/static/answers.js",
    "quiz.js": ROOT / "exporters/html/static/quiz.js",
    "scoring.js": ROOT / "exporters/html/static/scoring.js",
    "scorm-interactions.js": ROOT / "exporters/scorm/static/scorm-interactions.js",
    "scorm-runtime.js": ROOT / "exporters/scorm/static/scorm-runtime.js",
    "scorm-types.js": ROOT / "exporters/scorm/static/scorm-types.js",
    "site.css": ROOT / "exporters/html/static/site.css",
    "site.js": ROOT / "exporters/html/static/site.js",
    "sim.js": ROOT / "exporters/html/static/sim.js",
    "theme.js": ROOT / "exporters/html/static/theme.js",
}


def _changed_code(path: str) -> str | None:
    name = path.rsplit("/", 1)[-1]
    return name if name in CHANGED_CODE else None


@pytest.mark.parametrize("name", sorted(COURSES))
def test_english_outputs_are_unchanged(name, tmp_path):
    expected = json.loads(FIXTURE.read_text())[name]
    got = build_digests(name, tmp_path)
    assert sorted(got) == sorted(expected), "files added or missing: " + repr(sorted(set(got) ^ set(expected))[:20])
    source_digest = {k: hashlib.sha256(p.read_bytes()).hexdigest() for k, p in SOURCES.items()}
    differ = []
    for path, digest in sorted(got.items()):
        code = _changed_code(path)
        if code is not None:
            assert digest == source_digest[code], f"{path} is not the source tree's {code}"
        elif digest != expected[path]:
            differ.append(path)
    assert not differ, f"English outputs changed: {differ[:20]}"


def test_the_allow_list_names_real_files():
    assert set(CHANGED_CODE) == set(SOURCES)
    assert all(Path(p).is_file() for p in SOURCES.values())
