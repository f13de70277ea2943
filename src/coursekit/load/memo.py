"""LoadMemo: what loading each chapter and quiz file gave, kept between loads of one course.

``coursekit serve`` loads the course again after every save. A chapter or quiz file whose
bytes, and every file its checks looked at (images, SVGs, generator code, the folders
searched for a "did you mean" hint), are unchanged since the last load is not parsed or
validated again: its value is reused (the same ``Quiz`` object) and what loading it did
(diagnostics, used assets and simulations) is replayed. A file that changed while it was
being read is caught because the bytes compared are the bytes that were read.

Everything the course as a whole decides (course.yaml, chapter order, quiz files used
twice, unused files) is checked again on every load; it is cheap.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MISSING = "missing"


def file_state(path: Path) -> str:
    """SHA-256 of a file's bytes, a digest of a folder's names, or "missing"."""
    try:
        with open(path, "rb") as fh:
            return hashlib.sha256(fh.read()).hexdigest()
    except IsADirectoryError:
        try:
            return "dir:" + hashlib.sha256("\0".join(sorted(os.listdir(path))).encode()).hexdigest()
        except OSError:
            return MISSING
    except OSError:
        return MISSING


@dataclass
class _Entry:
    context: str
    deps: tuple[tuple[Path, str], ...]
    value: Any
    effects: Any  # loader.UnitEffects
    fingerprint: str


class LoadMemo:
    """Per-file load results of one course folder, reused while their inputs are unchanged."""

    def __init__(self) -> None:
        self._entries: dict[tuple[str, Path], _Entry] = {}
        self._used: set[tuple[str, Path]] = set()
        self._states: dict[Path, str] = {}
        self._fingerprints: dict[int, tuple[Any, str]] = {}
        self._stamped: dict[Path, tuple[tuple[int, int, int], str, int]] = {}  # file -> (stat, state, when)
        self.reused = 0
        self.loaded = 0

    def begin(self) -> None:
        """Start a load: files are looked at again, at most once each during it."""
        self._used = set()
        self._states = {}
        self.reused = self.loaded = 0

    def end(self) -> None:
        """Forget files the last load did not use (deleted or no longer listed)."""
        self._entries = {k: e for k, e in self._entries.items() if k in self._used}
        self._stamped = {p: held for p, held in self._stamped.items() if p in self._states}
        self._fingerprints = {
            id(e.value): (e.value, e.fingerprint) for e in self._entries.values() if e.value is not None
        }

    def _state(self, path: Path) -> str:
        state = self._states.get(path)
        if state is None:
            state = self._states[path] = self._stamped_state(path)
        return state

    def _stamped_state(self, path: Path) -> str:
        """file_state, not read again while the file's size, inode and modification time are
        those it had when it was last read, at least two seconds after that modification
        (timestamps are coarser than two saves in a row: git's "racy" rule)."""
        try:
            st = os.stat(path)
        except OSError:
            self._stamped.pop(path, None)
            return MISSING
        stamp = (st.st_mtime_ns, st.st_size, st.st_ino)
        held = self._stamped.get(path)
        if held is not None and held[0] == stamp and st.st_mtime_ns < held[2] - 2_000_000_000:
            return held[1]
        when = time.time_ns()
        state = file_state(path)
        if not state.startswith("dir:") and state != MISSING:
            self._stamped[path] = (stamp, state, when)
        return state

    def unit(self, loader: Any, kind: str, path: Path, context: str, compute: Callable[[], Any]) -> Any:
        """The value of loading ``path`` (a chapter's own part, or a quiz), reused when valid."""
        key = (kind, path)
        self._used.add(key)
        entry = self._entries.get(key)
        if entry is not None and entry.context == context and all(self._state(p) == s for p, s in entry.deps):
            loader.replay(entry.effects)
            self.reused += 1
            return entry.value
        with loader.recording() as effects:
            value = compute()
        deps = tuple(sorted((p, s if s is not None else self._state(p)) for p, s in effects.touched.items()))
        fingerprint = hashlib.sha256(repr((kind, str(path), context, [(str(p), s) for p, s in deps])).encode())
        entry = _Entry(context, deps, value, effects, fingerprint.hexdigest())
        self._entries[key] = entry
        if value is not None:
            self._fingerprints[id(value)] = (value, entry.fingerprint)
        self.loaded += 1
        return value

    def fingerprint(self, value: Any) -> str | None:
        """A digest of every input of a value a unit returned (None for other values)."""
        got = self._fingerprints.get(id(value))
        return got[1] if got is not None and got[0] is value else None
