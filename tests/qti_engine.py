"""Score QTI 3.0 items with a real QTI engine nobody here wrote: @citolab/qti-components.

The engine runs in headless Chromium (Playwright). Each case loads an item with the
library's own transformer (``qtiTransformItem().parse(xml).html()``), sets response
variables, runs ``processResponse()`` and reads every variable back. QTI 2.1 items are
first upgraded to 3.0 by citolab's ``qti_convert`` (PyPI), a second independent reader.

The library is looked up in $QTI_COMPONENTS_JS, then in node_modules folders of the repo
(``npm ci`` there, or in tests/support); a missing library or Chromium fails the tests.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_CANDIDATES = [
    ROOT / "node_modules/@citolab/qti-components/cdn/index.js",
    ROOT / "tests/support/node_modules/@citolab/qti-components/cdn/index.js",
    ROOT / "tests/node_modules/@citolab/qti-components/cdn/index.js",
]


def library_path() -> Path | None:
    env = os.environ.get("QTI_COMPONENTS_JS")
    for p in ([Path(env)] if env else []) + _CANDIDATES:
        if p.is_file():
            return p
    return None


_SCORE_JS = """async (cases) => {
  // One task later (a message, not setTimeout(0), which Chromium clamps to 4 ms once nested).
  const nextTask = () => new Promise(r => {
    const c = new MessageChannel();
    c.port1.onmessage = () => r();
    c.port2.postMessage(0);
  });
  const results = [];
  for (const c of cases) {
    document.body.innerHTML = Q.qtiTransformItem().parse(c.xml).html();
    const item = document.querySelector('qti-assessment-item');
    await item.updateComplete;
    await nextTask();
    const out = {};
    try {
      for (const [k, v] of Object.entries(c.responses)) item.updateResponseVariable(k, v);
      item.processResponse();
      for (const v of item.variables) out[v.identifier] = v.value;
    } catch (e) {
      out.__error__ = String(e);
    }
    results.push(out);
  }
  return results;
}"""


class QtiEngine:
    """One Chromium page with the citolab library loaded; ``score`` runs a batch of cases.

    Given a Playwright ``browser`` (the tests' shared one, tests/conftest.py) the engine opens
    its page there; without, it starts Playwright and Debian's Chromium itself."""

    def __init__(self, library: Path, browser=None):
        self._pw = self._browser = None
        if browser is None:
            from playwright.sync_api import sync_playwright

            self._pw = sync_playwright().start()
            # Debian's Chromium (never a `playwright install` download); missing, it is an error.
            exe = shutil.which("chromium") or shutil.which("chromium-browser")
            if not exe:
                self._pw.stop()
                raise FileNotFoundError("chromium is not installed (apt-get install chromium)")
            browser = self._browser = self._pw.chromium.launch(executable_path=exe, args=["--no-sandbox"])
        self.page = browser.new_page()
        lib = library.read_bytes()

        def serve(route):
            if route.request.url.endswith("/qti.js"):
                route.fulfill(body=lib, content_type="text/javascript")
            else:
                route.fulfill(body="<!doctype html><html><body></body></html>", content_type="text/html")

        # Module scripts need an http origin; nothing leaves the browser.
        self.page.route("http://qti.test/**", serve)
        self.page.goto("http://qti.test/index.html")
        self.page.add_script_tag(
            content="import * as Q from 'http://qti.test/qti.js'; window.Q = Q; window.QREADY = true;", type="module"
        )
        self.page.wait_for_function("window.QREADY === true")

    def score(self, cases: list[tuple[str, dict]]) -> list[dict]:
        """``cases``: (QTI 3.0 item XML, {response identifier: value}) -> variables after processing."""
        return self.page.evaluate(_SCORE_JS, [{"xml": xml, "responses": r} for xml, r in cases])

    def close(self) -> None:
        self.page.close()
        if self._browser is not None:
            self._browser.close()
            self._pw.stop()
