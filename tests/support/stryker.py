"""Stryker's mutants inside Chromium (scripts/mutation.sh).

Stryker instruments our browser scripts once with every mutant and picks the live one through
the environment variable ``__STRYKER_ACTIVE_MUTANT__``, which a script running in node reads
itself but a page in Chromium cannot. During a mutation run (only then) every page the tests
open gets ``globalThis.__stryker__.activeMutant`` set before its own scripts run.
"""

from __future__ import annotations

import json
import os

ENV = "__STRYKER_ACTIVE_MUTANT__"


def init_script(mutant: str) -> str:
    return f"(globalThis.__stryker__ = globalThis.__stryker__ || {{}}).activeMutant = {json.dumps(mutant)};"


def pytest_configure(config) -> None:
    mutant = os.environ.get(ENV)
    if not mutant:
        return
    from playwright.sync_api import Browser

    script = init_script(mutant)
    new_context, new_page = Browser.new_context, Browser.new_page

    def context_with_mutant(self, *args, **kwargs):
        context = new_context(self, *args, **kwargs)
        context.add_init_script(script)
        return context

    def page_with_mutant(self, *args, **kwargs):
        page = new_page(self, *args, **kwargs)
        page.add_init_script(script)
        return page

    Browser.new_context = context_with_mutant
    Browser.new_page = page_with_mutant
