"""The two watching commands: ``coursekit serve`` and ``coursekit build --watch``.

Each is the build pipeline driven by file changes: build once, then once per batch of
changes (coursekit.serve.watch), on this thread (a simulation's time limit is a timer
signal, which only reaches the main thread), never two builds at once. Problems are
printed as located diagnostics; nothing a course does stops the loop, only Ctrl-C.
"""

from __future__ import annotations

import shutil
import signal
import tempfile
import threading
import time
import webbrowser
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import click

from ..diagnostics import Diagnostic, Diagnostics, Location
from .watch import BACK, MISSING, course_changes


def _internal(exc: BaseException) -> Diagnostics:
    """A crash inside coursekit while rebuilding: reported like a diagnostic, the loop goes on."""
    return Diagnostics(
        [
            Diagnostic(
                "CK000",
                f"coursekit: internal error: {type(exc).__name__}: {exc} (please report this)",
                Location("coursekit", 1, 1),
                hint="save again to retry; if it persists, restart coursekit serve",
            )
        ]
    )


class Reporter:
    """Prints what each build found, once: warnings only when they change."""

    def __init__(self, echo: Callable[..., Any] = click.echo):
        self.echo = echo
        self._warnings: str | None = None

    def diagnostics(self, diags: Diagnostics) -> None:
        if diags.has_errors():
            self.echo(diags.render("text"))
            self._warnings = None
            return
        text = diags.render("text")
        if text and text != self._warnings:
            self.echo(text)
        self._warnings = text

    def counts(self, diags: Diagnostics) -> str:
        n_err, n_warn = diags.counts()
        return f"{n_err} error{'s' * (n_err != 1)}, {n_warn} warning{'s' * (n_warn != 1)}"


def _note_folder(course_dir: Path, batch: set[str], echo: Callable[..., Any]) -> None:
    if MISSING in batch:
        echo(f"the course folder {course_dir} no longer exists; waiting for it to come back", err=True)
    elif BACK in batch:
        echo(f"the course folder {course_dir} is back", err=True)


def _armed(changes: Iterator[set[str]], course_dir: Path, echo: Callable[..., Any]) -> Iterator[set[str]]:
    """Return ``changes`` once its watch is up, so that the first build and every save after
    it are seen: a save during the first build builds again, and one made the instant the
    author reads "watching" (or the page loads) is not lost."""
    first = next(changes, None)
    if first:
        _note_folder(course_dir, first, echo)
    return changes


def _stop_on_sigterm() -> None:
    """``kill`` stops a watch like Ctrl-C does: the temporary folder is removed, the port freed."""

    def on_term(signum: int, frame: Any) -> None:  # noqa: ARG001
        raise KeyboardInterrupt

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, on_term)


# ---------------------------------------------------------------------- coursekit serve
def serve(
    course_dir: Path,
    *,
    host: str = "127.0.0.1",
    port: int | None = None,
    open_browser: bool = False,
    stop: threading.Event | None = None,
    echo: Callable[..., Any] = click.echo,
) -> int:
    """Serve the html target of the course at http://host:port/ until Ctrl-C (or ``stop``)."""
    from .server import LiveServer, PortInUse
    from .site import LiveSite

    if not course_dir.exists():
        # A folder that goes away while serving is waited for; one that never was is a typo.
        missing = Diagnostic(
            "CK019",
            f"no course folder {course_dir}",
            Location(str(course_dir), 1, 1),
            hint="give the path of a course folder; `coursekit new DIR` makes one",
        )
        echo(Diagnostics([missing]).render("text"), err=True)
        return 1
    _stop_on_sigterm()
    work = Path(tempfile.mkdtemp(prefix="coursekit-serve-"))
    served = work / "site"
    served.mkdir()
    server = LiveServer(served, host, port if port is not None else 8000, next_free=port is None)
    try:
        try:
            server.start()
        except PortInUse as exc:
            hint = "give another --port, or stop what uses it" if port is not None else "give a free --port"
            echo(f"coursekit serve: {exc.strerror}; {hint}", err=True)
            return 1
        except OSError as exc:  # a host that names no address of this machine (or none at all)
            echo(
                f"coursekit serve: cannot listen on {host} port {server.port}: {exc.strerror or exc}; "
                "give a --host of this machine, e.g. --host 127.0.0.1",
                err=True,
            )
            return 1
        echo(f"serving {course_dir} at {server.url} (built into {served}; Ctrl-C stops)", err=True)
        site = LiveSite(course_dir, served)
        reporter = Reporter(echo)
        changes = _armed(course_changes(course_dir, stop=stop), course_dir, echo)
        _serve_build(site, server, reporter, echo)
        if open_browser:
            webbrowser.open(server.url)
        for batch in changes:
            _note_folder(course_dir, batch, echo)
            _serve_build(site, server, reporter, echo)
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
        shutil.rmtree(work, ignore_errors=True)
    echo("stopped", err=True)
    return 0


def _serve_build(site: Any, server: Any, reporter: Reporter, echo: Callable[..., Any]) -> None:
    try:
        result = site.rebuild()
    except Exception as exc:  # noqa: BLE001 - a coursekit bug must not stop the preview
        diags = _internal(exc)
        reporter.diagnostics(diags)
        server.publish_errors([d.as_dict() for d in diags.sorted()])
        return
    reporter.diagnostics(result.diagnostics)
    if not result.ok:
        echo(
            f"{reporter.counts(result.diagnostics)}: the browser shows them over the last good pages",
            err=True,
        )
        server.publish_errors([d.as_dict() for d in result.diagnostics.sorted()])
        return
    pages = result.pages
    if pages:
        shown = ", ".join(pages[:4]) + (f" and {len(pages) - 4} more" if len(pages) > 4 else "")
        echo(f"rebuilt in {result.seconds:.2f} s ({result.cpu_seconds:.2f} s CPU): {shown}", err=True)
    else:
        echo(f"rebuilt in {result.seconds:.2f} s ({result.cpu_seconds:.2f} s CPU): no page changed", err=True)
    server.publish_build(pages)


# ---------------------------------------------------------------------- coursekit build --watch
def watch_build(
    course_dir: Path,
    targets: list[str],
    out: Path,
    options: dict[str, Any],
    *,
    cache: bool = True,
    jobs: int = 0,
    fmt: str = "text",
    stop: threading.Event | None = None,
    echo: Callable[..., Any] = click.echo,
) -> int:
    """Build ``targets`` into ``out`` now and after every change, until Ctrl-C (or ``stop``)."""
    from ..build import build_course
    from ..render.author_code import forget_modules

    reporter = Reporter(echo)
    _stop_on_sigterm()

    def once() -> None:
        start = time.perf_counter()
        forget_modules(course_dir)  # simulations and generators import the files as they are now
        try:
            diags = build_course(course_dir, targets, out, options, cache=cache, jobs=jobs)
        except Exception as exc:  # noqa: BLE001 - a coursekit bug must not stop the watch
            diags = _internal(exc)
        seconds = time.perf_counter() - start
        if fmt == "text":
            reporter.diagnostics(diags)
        else:
            echo(diags.render(fmt, elapsed=seconds))
        failed = diags.has_errors() or (options.get("strict") and diags.warnings)
        if failed:
            echo(f"{reporter.counts(diags)}: nothing written, {out} keeps the last good build", err=True)
        else:
            echo(f"built {', '.join(targets)} into {out} in {seconds:.2f} s", err=True)

    try:
        changes = _armed(course_changes(course_dir, ignore=[out], stop=stop), course_dir, echo)
        once()
        echo(f"watching {course_dir} (Ctrl-C stops)", err=True)
        for batch in changes:
            _note_folder(course_dir, batch, echo)
            once()
    except KeyboardInterrupt:
        pass
    echo("stopped", err=True)
    return 0
