"""Running the course author's Python: simulations and variant generators.

Author code is trusted (it is the author's own course) but fallible, so every failure is
reported as a diagnostic that names what was running (``simulation 'x'``) and the line
of the author's file where it failed, never a coursekit traceback. A call that runs
longer than ``TIME_LIMIT`` seconds is interrupted (on the main thread, where a timer
signal can reach it).
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import signal
import sys
import threading
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

from ..diagnostics import CourseError, Diagnostic, Location, display_path

TIME_LIMIT = float(os.environ.get("COURSEKIT_TIME_LIMIT", "20"))
"""Seconds one call of author code (or one import of an author file) may take."""

_modules: dict[tuple[str, int, int], ModuleType] = {}


class _TimeLimit(BaseException):
    # BaseException so that an author's broad ``except Exception`` cannot swallow it.
    pass


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    usable = seconds > 0 and hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def on_alarm(signum, frame):  # noqa: ARG001
        raise _TimeLimit()

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _author_location(exc: BaseException, fallback: Path) -> Location:
    """The innermost traceback frame inside the author's files (not numpy, not coursekit)."""
    frames = traceback.extract_tb(exc.__traceback__)
    root = fallback.parent.resolve()
    best = None
    for fr in frames:
        try:
            p = Path(fr.filename).resolve()
        except (OSError, ValueError):
            continue
        if p == fallback.resolve() or root in p.parents:
            best = fr
    if best is None:
        if isinstance(exc, SyntaxError) and exc.lineno:
            return Location(display_path(fallback), exc.lineno, exc.offset or 1)
        return Location(display_path(fallback), 1, 1)
    return Location(
        display_path(Path(best.filename)),
        best.lineno or 1,
        (best.colno + 1) if getattr(best, "colno", None) is not None else 1,
    )


def _describe(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__


def load_function(source: Path, name: str, *, what: str) -> Callable[..., Any]:
    """Import ``source`` (once per file version) and return its function ``name``."""
    source = Path(source).resolve()
    try:
        st = source.stat()
    except OSError:
        raise CourseError(
            Diagnostic(
                "CK501",
                f"{what}: cannot read {display_path(source)}",
                Location(display_path(source)),
                hint="check the source path",
            )
        ) from None
    key = (str(source), st.st_mtime_ns, st.st_size)
    module = _modules.get(key)
    if module is None:
        # A private module name per file, so two courses' simulations/scaling.py never clash.
        mod_name = "coursekit_author_" + hashlib.sha256(str(source).encode()).hexdigest()[:16]
        spec = importlib.util.spec_from_file_location(mod_name, source)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        folder = str(source.parent)
        sys.path.insert(0, folder)  # let the file import its siblings
        sys.modules[mod_name] = module
        try:
            with _time_limit(TIME_LIMIT):
                spec.loader.exec_module(module)
        except _TimeLimit:
            sys.modules.pop(mod_name, None)
            raise CourseError(
                Diagnostic(
                    "CK502",
                    f"{what}: importing {source.name} took over {TIME_LIMIT:g} s",
                    Location(display_path(source)),
                    hint="move slow work from module level into the function",
                )
            ) from None
        except BaseException as exc:  # noqa: BLE001 - author code may raise anything
            sys.modules.pop(mod_name, None)
            if isinstance(exc, KeyboardInterrupt):
                raise
            raise CourseError(
                Diagnostic(
                    "CK501",
                    f"{what}: importing {source.name} failed: {_describe(exc)}",
                    _author_location(exc, source),
                    hint="fix the error at this line of the simulation file",
                )
            ) from None
        finally:
            try:
                sys.path.remove(folder)
            except ValueError:
                pass
        _modules[key] = module
    fn = getattr(module, name, None)
    if not callable(fn):
        raise CourseError(
            Diagnostic(
                "CK501",
                f"{what}: {source.name} has no function {name!r}",
                Location(display_path(source)),
                hint=f"define def {name}(...) in {source.name}",
            )
        )
    fn.__coursekit_source__ = source  # type: ignore[attr-defined]
    return fn


def forget_modules(root: Path) -> int:
    """Forget every author module imported from ``root`` (and the modules those imported from
    it), so that the next run imports the files as they are now. A build runs once per process;
    coursekit serve and build --watch call this before rebuilding after a Python file changed.
    Returns how many modules were dropped."""
    top = os.path.realpath(root) + os.sep
    dropped = 0
    for key in [k for k in _modules if k[0].startswith(top)]:
        del _modules[key]
        dropped += 1
    for name, module in list(sys.modules.items()):
        file = getattr(module, "__file__", None)
        if isinstance(file, str) and os.path.realpath(file).startswith(top):
            sys.modules.pop(name, None)
            dropped += 1
    return dropped


def call_author(fn: Callable[..., Any], kwargs: dict[str, Any], *, what: str) -> Any:
    """Call author code with a time limit; failures become located diagnostics."""
    source: Path = getattr(fn, "__coursekit_source__", Path(fn.__code__.co_filename))
    try:
        with _time_limit(TIME_LIMIT):
            return fn(**kwargs)
    except _TimeLimit as exc:
        raise CourseError(
            Diagnostic(
                "CK502",
                f"{what} ran for over {TIME_LIMIT:g} s and was stopped",
                _author_location(exc, source),
                hint="make the computation smaller (fewer samples or steps)",
            )
        ) from None
    except TypeError as exc:
        if exc.__traceback__ is not None and exc.__traceback__.tb_next is None:
            # Raised by the call itself: the signature does not take these arguments.
            raise CourseError(
                Diagnostic(
                    "CK501",
                    f"{what}: {exc}",
                    Location(display_path(source), fn.__code__.co_firstlineno, 1),
                    hint=f"the function must accept {', '.join(kwargs)}",
                )
            ) from None
        raise CourseError(
            Diagnostic(
                "CK501",
                f"{what} raised {_describe(exc)}",
                _author_location(exc, source),
                hint="fix the error at this line of the simulation file",
            )
        ) from None
    except RecursionError as exc:
        raise CourseError(
            Diagnostic(
                "CK501",
                f"{what} raised RecursionError",
                _author_location(exc, source),
                hint="check the recursion in this function",
            )
        ) from None
    except BaseException as exc:  # noqa: BLE001 - author code may raise anything
        # SystemExit (sys.exit) and GeneratorExit too: they would end the build, or a running
        # `coursekit serve`, with the author's message and no location. Ctrl-C still stops it.
        if isinstance(exc, KeyboardInterrupt):
            raise
        raise CourseError(
            Diagnostic(
                "CK501",
                f"{what} raised {_describe(exc)}",
                _author_location(exc, source),
                hint="fix the error at this line of the simulation file",
            )
        ) from None


def seed_for(*parts: str) -> int:
    """A 128-bit seed from the given ids; stable across runs, machines and Python versions."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).digest()
    return int.from_bytes(digest[:16], "big")


def rng_for(*parts: str) -> np.random.Generator:
    return np.random.Generator(np.random.PCG64(seed_for(*parts)))
