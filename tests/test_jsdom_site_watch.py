"""The jsdom site driver stops a page that never finishes, and says where it hung.

A mutant of quiz.js can turn a loop endless (``i++`` made ``i--``); the page's script then
blocks node, and with it every timer that could end the run. Without the driver's watch such a
run waited for pytest's or Stryker's timeout (minutes per mutant in scripts/mutation.sh)."""

from __future__ import annotations

import time

import pytest
from support import jsdom_site


def test_a_page_whose_script_never_returns_fails_in_seconds(tmp_path, monkeypatch):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<!doctype html><title>t</title><p>page</p>", encoding="utf-8")
    monkeypatch.setattr(jsdom_site, "STALL", 3.0)
    plans = {"endless": (site, [{"page": "index.html", "init": "while (true) {}"}])}
    started = time.monotonic()
    with pytest.raises(AssertionError, match=r'no progress for 3 s after \["endless","visit",0,"index.html"\]'):
        jsdom_site.visit_sites(tmp_path, plans)
    assert time.monotonic() - started < 20


def test_a_page_that_loads_reports_its_errors(tmp_path):
    """The watch still lets a failing run's own error through (site.js exits 1)."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<!doctype html><title>t</title><p>no quiz engine</p>", encoding="utf-8")
    plans = {"plain": (site, [{"page": "index.html", "steps": [{"nonsense": True}]}])}
    with pytest.raises(AssertionError, match="timed out loading index.html"):
        jsdom_site.visit_sites(tmp_path, plans)


def test_a_slow_start_is_not_a_hang(tmp_path, monkeypatch):
    """Node loads jsdom before its first page: on a loaded machine that alone can take longer
    than a page may stall, and is not a script that never returns."""
    site = tmp_path / "site"
    site.mkdir()
    # What site.js waits for on a page of the site: the quiz engine's API.
    engine = "<script>window.CourseKit = {quizIds: function () { return []; }};</script>"
    (site / "index.html").write_text(f"<!doctype html><title>t</title>{engine}<p>page</p>", encoding="utf-8")
    slow = tmp_path / "slow-node"
    slow.write_text(f'#!/bin/sh\nsleep 4\nexec "{jsdom_site.node()}" "$@"\n', encoding="utf-8")
    slow.chmod(0o755)
    monkeypatch.setattr(jsdom_site, "node", lambda: str(slow))
    monkeypatch.setattr(jsdom_site, "STALL", 3.0)
    visits = jsdom_site.visit_sites(tmp_path, {"slow": (site, [{"page": "index.html"}])})
    assert len(visits["slow"]) == 1
