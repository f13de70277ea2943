"""LiveServer: serve one folder over HTTP and push news to the pages open in browsers.

It knows nothing of courses. It serves the files of a folder (GET and HEAD, nothing outside
the folder, no caching), adds one ``<script>`` to every HTML page it sends (the files are
never changed), and keeps a small state that the caller updates:

- ``publish_build(pages)``: these pages changed or were removed; an open tab showing one
  of them reloads itself, every tab hides its error overlay;
- ``publish_errors(diagnostics)``: every open tab shows the overlay listing them (dicts
  with file, line, col, severity, code, message, hint); the pages stay as they were.

Open tabs follow the state through server-sent events (``/__coursekit__/events``, which
browsers reconnect by themselves); ``/__coursekit__/state`` returns it as JSON.
"""

from __future__ import annotations

import errno
import json
import mimetypes
import os
import posixpath
import secrets
import threading
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

LIVE = "/__coursekit__/"
PING_SECONDS = 15.0
PORT_TRIES = 100


class PortInUse(OSError):
    pass


@dataclass
class LiveState:
    """What open pages are told: a counter of changes, when each page last changed, the errors."""

    token: str = field(default_factory=lambda: secrets.token_hex(8))  # one per server: tabs of an old one reload
    version: int = 0
    page_versions: dict[str, int] = field(default_factory=dict)
    errors: list[dict[str, Any]] = field(default_factory=list)
    closed: bool = False
    cond: threading.Condition = field(default_factory=threading.Condition)

    def message(self, page: str, seen: int, token: str) -> dict[str, Any]:
        """The state as one tab (showing ``page``, served at version ``seen``) should see it."""
        reload = token != self.token or self.page_versions.get(page, 0) > seen
        return {"version": self.version, "reload": reload, "errors": self.errors}


def live_script() -> bytes:
    return resources.files(__package__).joinpath("static", "live.js").read_bytes()


def inject(page: bytes, tag: bytes) -> bytes:
    """``tag`` before the page's last ``</body>`` (or at its end)."""
    at = page.lower().rfind(b"</body>")
    return page + tag if at < 0 else page[:at] + tag + page[at:]


class _Handler(BaseHTTPRequestHandler):
    server: _HttpServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the terminal shows builds, not requests
        pass

    def do_HEAD(self) -> None:  # noqa: N802 - http.server's naming
        self._get(body=False)

    def do_GET(self) -> None:  # noqa: N802
        self._get(body=True)

    def _get(self, body: bool) -> None:
        url = urlsplit(self.path)
        live = self.server.live
        if url.path == LIVE + "live.js":
            return self._send(HTTPStatus.OK, "text/javascript; charset=utf-8", live_script(), body)
        if url.path == LIVE + "state":
            with live.state.cond:
                data = {"version": live.state.version, "errors": live.state.errors, "pages": live.state.page_versions}
            return self._send(HTTPStatus.OK, "application/json", json.dumps(data).encode(), body)
        if url.path == LIVE + "events":
            return self._events(parse_qs(url.query))
        rel = _site_path(url.path)
        # The version before the file is read: a rebuild in between makes the tab reload once
        # more, never miss a reload.
        seen = live.snapshot()
        file = live.find(rel) if rel is not None else None
        if file is None:
            return self._send(HTTPStatus.NOT_FOUND, "text/html; charset=utf-8", live.not_found(rel or "", seen), body)
        try:
            data = file.read_bytes()
        except OSError:  # removed between finding and reading it (a rebuild): as if it were gone
            return self._send(HTTPStatus.NOT_FOUND, "text/html; charset=utf-8", live.not_found(rel or "", seen), body)
        ctype = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        if ctype == "text/html":
            data = live.with_script(data, file.relative_to(live.root).as_posix(), seen)
            ctype = "text/html; charset=utf-8"
        self._send(HTTPStatus.OK, ctype, data, body)

    def _send(self, status: HTTPStatus, ctype: str, data: bytes, body: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if body:
            self.wfile.write(data)

    def _events(self, query: dict[str, list[str]]) -> None:
        page = (query.get("page") or [""])[0]
        token = (query.get("s") or [""])[0]
        try:
            seen = int((query.get("v") or ["0"])[0])
        except ValueError:
            seen = 0
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        state = self.server.live.state
        last: dict[str, Any] | None = None
        try:
            while True:
                with state.cond:
                    if state.closed:
                        return
                    msg = state.message(page, seen, token)
                if msg != last:
                    self.wfile.write(b"data: " + json.dumps(msg).encode() + b"\n\n")
                    last = msg
                    if msg["reload"]:
                        return
                else:
                    self.wfile.write(b": ping\n\n")
                self.wfile.flush()
                with state.cond:
                    if not state.closed and state.message(page, seen, token) == last:
                        state.cond.wait(PING_SECONDS)
        except (BrokenPipeError, ConnectionResetError):
            return


class _HttpServer(ThreadingHTTPServer):
    daemon_threads = True
    live: LiveServer


class LiveServer:
    def __init__(self, root: Path, host: str = "127.0.0.1", port: int = 8000, *, next_free: bool = True):
        self.root = Path(root).resolve()
        self.host = host
        self.port = port
        self.next_free = next_free
        self.state = LiveState()
        self._httpd: _HttpServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/"

    def start(self) -> None:
        """Listen on ``port``, or (with ``next_free``) the first free port after it; PortInUse if none."""
        tries = PORT_TRIES if self.next_free else 1
        for port in range(self.port, min(self.port + tries, 65536)):
            try:
                httpd = _HttpServer((self.host, port), _Handler)
            except OSError as exc:
                if exc.errno == errno.EADDRINUSE:
                    continue
                raise
            httpd.live = self
            self._httpd, self.port = httpd, port
            break
        else:
            last = min(self.port + tries, 65536) - 1
            span = f"port {self.port}" if tries == 1 else f"ports {self.port}-{last}"
            raise PortInUse(errno.EADDRINUSE, f"{span} on {self.host} in use")
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="coursekit-serve", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        with self.state.cond:
            self.state.closed = True
            self.state.cond.notify_all()
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None

    # ------------------------------------------------------------------ what the caller says
    def publish_build(self, pages: list[str]) -> None:
        with self.state.cond:
            self.state.version += 1
            for page in pages:
                self.state.page_versions[page] = self.state.version
            self.state.errors = []
            self.state.cond.notify_all()

    def publish_errors(self, diagnostics: list[dict[str, Any]]) -> None:
        with self.state.cond:
            self.state.version += 1
            self.state.errors = list(diagnostics)
            self.state.cond.notify_all()

    # ------------------------------------------------------------------ files
    def find(self, rel: str) -> Path | None:
        path = self.root / rel if rel else self.root
        if path.is_dir():
            path = path / "index.html"
        real = Path(os.path.realpath(path))
        if real != self.root and self.root not in real.parents:
            return None
        return path if path.is_file() else None

    def snapshot(self) -> int:
        with self.state.cond:
            return self.state.version

    def with_script(self, page: bytes, rel: str, version: int) -> bytes:
        token = self.state.token
        tag = (
            f'<script src="{LIVE}live.js" data-ck-page="{_attr(rel)}" data-ck-version="{version}" '
            f'data-ck-server="{token}" defer></script>\n'
        )
        return inject(page, tag.encode())

    def not_found(self, rel: str, version: int) -> bytes:
        """A page that says what happened, and reloads by itself when the page appears."""
        page = rel if rel.endswith(".html") else posixpath.join(rel, "index.html") if rel else "index.html"
        text = (
            '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Not found</title></head>\n'
            f"<body><main><h1>No page {_attr(rel or '/')}</h1><p>It is not in the course (yet): "
            "a chapter removed or renamed, or a course that does not build. This page reloads when it exists."
            ' <a href="/">Course home</a></p></main></body></html>\n'
        )
        return self.with_script(text.encode(), page, version)


def _site_path(url_path: str) -> str | None:
    """The folder-relative path of a URL path, or None if it would leave the folder or names a hidden file."""
    parts = [p for p in unquote(url_path).split("/") if p not in ("", ".")]
    if any(p == ".." or p.startswith(".") or "\\" in p or "\0" in p for p in parts):
        return None
    return "/".join(parts)


def _attr(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")
