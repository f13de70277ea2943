"""Moodle's answer grades: every option written exactly as Moodle writes it (the list observed in
Moodle's importer, ../shared/lms-notes.md), Moodle's own acceptance test, and the nearest option
for fractions Moodle cannot hold (ties go to the higher grade)."""

from __future__ import annotations

import pytest

from coursekit.exporters.moodle.grades import OPTIONS_FULL, grade, is_allowed, percent_text

# lms-notes.md: "written as Moodle writes them"
MOODLE = "100 90 83.33333 80 75 70 66.66667 60 50 40 33.33333 30 25 20 16.66667 14.28571 12.5 11.11111 10 5 0".split()


def test_every_option_is_written_as_moodle_writes_it():
    written = [percent_text(o) for o in OPTIONS_FULL]
    assert sorted(written, key=float) == sorted(MOODLE + ["-" + t for t in MOODLE if t != "0"], key=float)
    assert percent_text(0.0) == "0" and percent_text(-1.0) == "-100" and percent_text(0.125) == "12.5"


@pytest.mark.parametrize("text", MOODLE + ["-100", "-33.33333", "33.333333"])
def test_moodle_accepts(text):
    assert is_allowed(text)


@pytest.mark.parametrize("text", ["33", "34", "33.3", "66.6", "101", "-101", "1", "99.9", "0.5"])
def test_moodle_refuses(text):
    assert not is_allowed(text)


@pytest.mark.parametrize(
    "wanted,text,exact",
    [
        (1 / 3, "33.33333", True),
        (-1 / 7, "-14.28571", True),
        (0.34, "33.33333", False),
        (0.97, "100", False),
        (0.025, "5", False),  # exactly between 0 and 5 %: the higher
        (-0.025, "0", False),  # exactly between -5 % and 0: the higher
    ],
)
def test_nearest_option(wanted, text, exact):
    g = grade(wanted)
    assert (g.text, g.exact) == (text, exact)
    assert is_allowed(g.text)
