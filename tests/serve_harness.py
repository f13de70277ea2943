"""Run ``coursekit serve`` as the author does (a process of its own, Ctrl-C to stop) and
watch what it serves through its state endpoint and its pages."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Served:
    """One ``coursekit serve COURSE --port P`` process (listening on 127.0.0.1 only)."""

    def __init__(self, course: Path, cwd: Path, *, env: dict[str, str] | None = None, args: tuple[str, ...] = ()):
        self.course = course
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.log = cwd / f"serve-{self.port}.log"
        cmd = [sys.executable, "-m", "coursekit", "serve", str(course), "--port", str(self.port), *args]
        self._log_fh = self.log.open("wb")
        self.proc = subprocess.Popen(
            cmd, cwd=cwd, stdout=self._log_fh, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})}
        )

    def __enter__(self) -> Served:
        self.wait_for(lambda st: st["version"] >= 1, what="the first build")
        return self

    def __exit__(self, *exc: Any) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._log_fh.close()

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def get(self, path: str = "") -> tuple[int, bytes]:
        try:
            with urllib.request.urlopen(self.url + path, timeout=10) as resp:
                return resp.status, resp.read()
        except urllib.error.HTTPError as err:
            return err.code, err.read()

    def state(self) -> dict[str, Any] | None:
        try:
            with urllib.request.urlopen(self.url + "__coursekit__/state", timeout=5) as resp:
                return json.loads(resp.read())
        except (urllib.error.URLError, ConnectionError):
            return None

    def wait_for(self, ok: Callable[[dict[str, Any]], bool], what: str, timeout: float = 60.0) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        last = None
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(
                    f"coursekit serve exited ({self.proc.returncode}) waiting for {what}:\n{self.output()}"
                )
            last = self.state()
            if last is not None and ok(last):
                return last
            time.sleep(0.05)
        raise AssertionError(f"timed out waiting for {what}; last state {last}\n{self.output()}")

    def wait_errors(self, code: str) -> list[dict[str, Any]]:
        """Wait until the course fails with error ``code``; return its errors (not its warnings)."""
        st = self.wait_for(lambda st: any(e["code"] == code for e in st["errors"]), what=f"error {code}")
        return [e for e in st["errors"] if e["severity"] == "error"]

    def wait_page(self, page: str, text: str) -> bytes:
        """Wait until the course builds and ``page`` shows ``text``."""

        def ok(st: dict[str, Any]) -> bool:
            return not st["errors"] and text.encode() in self.get(page)[1]

        self.wait_for(ok, what=f"{text!r} in {page}")
        return self.get(page)[1]
