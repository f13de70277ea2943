"""SessionCache: the build cache of a process that rebuilds one course again and again.

It is the ordinary ``BuildCache`` (same folder, same keys, same entries: a later
``coursekit build`` reuses what serve rendered) with what a long-running process can keep
in memory on top: entries it read or wrote stay in memory (no disk read and checksum per
chapter on every rebuild), and each quiz's expanded variants are kept while the quiz and
its generator's folder are unchanged (expanding a big parametric bank is most of a render).
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..cache import BuildCache, BuildStats, _walk, digest
from ..render.assets import MEDIA_TYPES


class SessionCache(BuildCache):
    def __init__(self, course_dir: Path, *, exclude: Any = ()):
        super().__init__(course_dir, exclude=exclude)
        self._memory: dict[tuple[str, str], tuple[str, dict[str, Any], list[bytes]]] = {}
        self._slots: dict[int, tuple[Any, str, Any]] = {}
        self._slots_used: set[int] = set()
        self._generator_keys: dict[int, tuple[Any, str]] = {}  # per rebuild: quiz -> generator_key
        self._folder_keys: dict[tuple[str, ...], str] = {}  # per rebuild: generator folders -> digest
        self._rels: dict[Path, str | None] = {}  # per rebuild: path -> course-relative path
        self._generator_folders: dict[int, tuple[Any, tuple[str, ...]]] = {}  # quiz -> its generators' folders
        self._hashes: dict[str, tuple[tuple[int, int, int], str, int]] = {}  # file -> (stat, sha256, when hashed)

    def refresh(self, stats: BuildStats | None = None) -> None:
        """Start a rebuild: input files are hashed again; variants of quizzes gone are dropped."""
        self._files = self._input = self._chapter_context = None
        self.stats = stats if stats is not None else BuildStats(cache=True)
        self._slots = {k: v for k, v in self._slots.items() if k in self._slots_used}
        self._slots_used = set()
        self._generator_folders = {k: v for k, v in self._generator_folders.items() if k in self._generator_keys}
        self._generator_keys, self._folder_keys, self._rels = {}, {}, {}

    def files(self) -> dict[str, str]:
        """As BuildCache.files, but a file whose size, inode and modification time are those it
        had when it was last hashed is not read again, unless that hash was taken less than two
        seconds after the modification (timestamps are coarser than two saves in a row: a
        second save could hide behind the same stamp; git's "racy" rule)."""
        if self._files is None:
            files: dict[str, str] = {}
            hashes: dict[str, tuple[tuple[int, int, int], str, int]] = {}
            for path, rel in _walk(self.root, self.exclude):
                try:
                    st = path.stat()
                    stamp = (st.st_mtime_ns, st.st_size, st.st_ino)
                    held = self._hashes.get(rel)
                    if held is not None and held[0] == stamp and st.st_mtime_ns < held[2] - 2_000_000_000:
                        files[rel], hashed_at = held[1], held[2]
                    else:
                        hashed_at = time.time_ns()
                        files[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
                    hashes[rel] = (stamp, files[rel], hashed_at)
                except OSError:
                    files[rel] = "unreadable"
            self._files, self._hashes = files, hashes
        return self._files

    def rel(self, path: Path) -> str | None:
        # Resolving paths (a system call per folder level) was a good part of a rebuild.
        if path not in self._rels:
            self._rels[path] = super().rel(path)
        return self._rels[path]

    def read(self, kind: str, slot: str, key: str) -> tuple[dict[str, Any], list[bytes]] | None:
        held = self._memory.get((kind, slot))
        if held is not None and held[0] == key:
            return held[1], held[2]
        got = super().read(kind, slot, key)
        if got is not None:
            self._memory[(kind, slot)] = (key, got[0], got[1])
        return got

    def write(self, kind: str, slot: str, key: str, meta: dict[str, Any], blobs: list[bytes]) -> None:
        super().write(kind, slot, key, meta, blobs)
        self._memory[(kind, slot)] = (key, {**meta, "key": key}, blobs)

    # ------------------------------------------------------------------ quiz variants
    def generator_key(self, quiz: Any) -> str:
        """What a parametric quiz's variants depend on besides the quiz file: every file in its
        generators' folders (the modules they import) and every image (a template may name one)."""
        held = self._generator_keys.get(id(quiz))
        if held is not None and held[0] is quiz:
            return held[1]
        known = self._generator_folders.get(id(quiz))
        if known is not None and known[0] is quiz:
            prefixes = known[1]
        else:
            folders = set()
            for q in quiz.questions:
                if q.variants is not None:
                    folder = os.path.dirname(os.path.normpath(os.path.join(quiz.path.parent, q.variants.source_file)))
                    rel = os.path.relpath(folder, self.root).replace(os.sep, "/")
                    folders.add("" if rel == "." else rel + "/")
            prefixes = tuple(sorted(folders))
            self._generator_folders[id(quiz)] = (quiz, prefixes)
        key = self._folder_key(prefixes) if prefixes else ""
        self._generator_keys[id(quiz)] = (quiz, key)
        return key

    def _folder_key(self, prefixes: tuple[str, ...]) -> str:
        if prefixes not in self._folder_keys:
            self._folder_keys[prefixes] = digest(
                "generators",
                sorted(
                    (rel, h)
                    for rel, h in self.files().items()
                    if rel.startswith(prefixes) or os.path.splitext(rel)[1].lower() in MEDIA_TYPES
                ),
            )
        return self._folder_keys[prefixes]

    def quiz_slots(self, course: Any, quiz: Any, compute: Callable[[], Any]) -> Any:
        key = digest("slots", course.id, str(course.root), self.generator_key(quiz))
        self._slots_used.add(id(quiz))
        held = self._slots.get(id(quiz))
        if held is not None and held[0] is quiz and held[1] == key:
            return held[2]
        slots = compute()
        self._slots[id(quiz)] = (quiz, key, slots)
        return slots
