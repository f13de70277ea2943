"""Screenshots of a built html site, to look at: home, a chapter with a simulation, and
a quiz after "Check", at 1280 px and 390 px. Uses Debian's Chromium via Playwright.

    python scripts/screenshots.py out/html shots/ [chapter-page.html]
"""

from __future__ import annotations

import functools
import http.server
import socketserver
import sys
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def main(site: Path, out: Path, chapter: str | None = None) -> None:
    out.mkdir(parents=True, exist_ok=True)
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    pages = sorted(p.name for p in site.glob("chapter-*.html"))
    chapter = chapter or next((p for p in pages if "data-ck-sim-widget" in (site / p).read_text()), pages[0])
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        for width in (1280, 390):
            for scheme in ("light", "dark"):
                page = browser.new_page(viewport={"width": width, "height": 900}, color_scheme=scheme)
                page.goto(base + "index.html")
                page.screenshot(path=str(out / f"home-{width}-{scheme}.png"), full_page=True)
                page.goto(base + chapter)
                page.screenshot(path=str(out / f"chapter-{width}-{scheme}.png"), full_page=False)
                quiz = page.locator("section.ck-quiz").first
                if quiz.count():
                    for btn in page.locator("[data-ck-check]").all():
                        btn.click()
                    quiz.screenshot(path=str(out / f"quiz-{width}-{scheme}.png"))
                sim = page.locator("[data-ck-sim-widget]").first
                if sim.count():
                    sim.screenshot(path=str(out / f"sim-{width}-{scheme}.png"))
                page.close()
        browser.close()
    server.shutdown()
    print(f"screenshots of {chapter} in {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3] if len(sys.argv) > 3 else None)
