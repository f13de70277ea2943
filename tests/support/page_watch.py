"""What a page did wrong while a test drove it: console errors, uncaught exceptions, and
requests that left the served package (a SCORM or QTI package must run offline, from its
own files)."""

from __future__ import annotations


def watch_page(page, base: str) -> list[str]:
    """Start recording ``page``'s problems; returns the list the page appends to.

    ``base`` is the served root (``http://127.0.0.1:PORT`` with or without the slash):
    requests elsewhere, other than ``data:`` URLs and ``about:blank``, are problems.
    """
    prefix = base if base.endswith("/") else base + "/"
    problems: list[str] = []

    def on_request(request) -> None:
        url = request.url
        if not (url.startswith(prefix) or url.startswith("data:") or url == "about:blank"):
            problems.append(f"request left the package: {url}")

    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("request", on_request)
    return problems
