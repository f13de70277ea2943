"""The build cache: ``<course>/.coursekit-cache/``, safe to delete at any time.

Three kinds of entries, each keyed by the SHA-256 of everything its value depends on plus
the *code fingerprint* (coursekit's version, the Python version and the bytes of every
file of the coursekit and coursekit.exporters packages, so an edited or upgraded coursekit
never reads an entry an older one wrote):

``export/``
    One exporter's finished artifacts (zip bytes, folder files) and warnings. Key: every
    input file of the course (all files under the course folder except this cache,
    ``__pycache__``, version-control folders and an output folder inside the course),
    the target, the export options, ``SOURCE_DATE_EPOCH`` (zip timestamps) and the working
    folder (diagnostics show paths relative to it). When every requested target hits, the
    build neither loads, renders nor exports: it copies bytes.
``load/``
    The loader's warnings for the same input files (so a fully cached build prints them).
``chapter/``
    One chapter body rendered to HTML/XHTML (headings, simulation embeds, the assets it
    added, in order). Key: the chapter's path and body text, the course id, the simulation
    declarations and every file that is not a chapter, a quiz or course.yaml (images,
    simulation code). A one-chapter change re-renders only that chapter.
``sim/``
    One simulation's frames at one set of fixed parameters. Key: the course id, the
    simulation's declaration, the fixed parameters, the numpy version and the bytes of
    every file in its source file's folder (the modules it imports, the data it reads).

Each kind keeps one *slot* per target, chapter or (simulation, fixed parameters); a new
key overwrites the slot, so the cache stays about the size of one build. Entries are
written to a temporary file and renamed into place. An entry is a magic line, the SHA-256
of its payload and the payload (a JSON header and raw blobs, never pickle); any entry that
is truncated, corrupt, from another format or for another key is ignored and rebuilt.
Every cache failure (a read-only course folder, a full disk) only costs speed.

Set ``COURSEKIT_CACHE_DEBUG=1`` to print what the build took from the cache and what it
had to compute (:class:`BuildStats`) as one JSON line on stderr.
"""

from __future__ import annotations

import hashlib
import json
import os
import struct
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from .diagnostics import Diagnostic, Diagnostics, Location, Severity

CACHE_DIR = ".coursekit-cache"
DEBUG_ENV = "COURSEKIT_CACHE_DEBUG"
FORMAT = "1"
MAGIC = b"coursekit-cache 1\n"
# Folders never taken as course input (caches, version control, tool state).
SKIP_DIRS = frozenset(
    {
        CACHE_DIR,
        "__pycache__",
        ".git",
        ".hg",
        ".svn",
        ".pytest_cache",
        ".mypy_cache",
        ".ruff_cache",
        ".hypothesis",
        ".tox",
        ".venv",
        ".ipynb_checkpoints",
    }
)
SKIP_SUFFIXES = (".pyc", ".pyo")
_README = (
    "Build cache of coursekit (https://github.com/, see docs/build-cache.md).\n"
    "Safe to delete at any time: the next build recreates what it needs.\n"
)


class CacheCorrupt(Exception):
    pass


@dataclass
class BuildStats:
    """What one build computed and what it took from the cache (for tests and debugging)."""

    cache: bool = False
    loaded: bool = False  # the course was loaded (False: every target came from the cache)
    rendered: bool = False
    targets_cached: list[str] = field(default_factory=list)
    exporters_run: list[str] = field(default_factory=list)
    chapters_rendered: list[str] = field(default_factory=list)  # chapter ids rendered afresh
    chapters_cached: list[str] = field(default_factory=list)
    simulations_run: list[str] = field(default_factory=list)  # "sim-id" per simulation computed
    simulations_cached: list[str] = field(default_factory=list)
    corrupt_entries: int = 0
    jobs: int = 1

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


# --------------------------------------------------------------------------- hashing
def digest(*parts: Any) -> str:
    """SHA-256 of the parts, each length-prefixed (str, bytes or JSON-able)."""
    h = hashlib.sha256()
    for part in parts:
        if isinstance(part, str):
            data = b"s" + part.encode("utf-8")
        elif isinstance(part, (bytes, bytearray, memoryview)):
            data = b"b" + bytes(part)
        else:
            data = b"j" + json.dumps(part, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        h.update(struct.pack(">Q", len(data)))
        h.update(data)
    return h.hexdigest()


def _package_dirs() -> list[Path]:
    import importlib.util

    dirs = [Path(__file__).resolve().parent]
    spec = importlib.util.find_spec("coursekit.exporters")
    for loc in (spec.submodule_search_locations or []) if spec else []:
        p = Path(loc).resolve()
        if p not in dirs and dirs[0] not in p.parents:
            dirs.append(p)
    return dirs


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """coursekit's version, the Python version and the bytes of every coursekit source file."""
    from . import __version__

    h = hashlib.sha256()
    h.update(f"{FORMAT}\0{__version__}\0{sys.version}\0{sys.implementation.cache_tag}".encode())
    for base in _package_dirs():
        for path, rel in sorted(_walk(base, frozenset()), key=lambda x: x[1]):
            try:
                data = path.read_bytes()
            except OSError:
                continue
            h.update(f"\0{base.name}/{rel}\0{len(data)}\0".encode())
            h.update(data)
    return h.hexdigest()


def _walk(root: Path, exclude: frozenset[Path]) -> Iterable[tuple[Path, str]]:
    """(path, POSIX path relative to root) of every input file under root. Links to folders
    are followed once when they stay inside root (the loader refuses files outside it)."""
    top = os.path.realpath(root)
    skip = {str(p) for p in exclude}
    seen: set[str] = set()

    def keep(dirpath: str, name: str) -> bool:
        if name in SKIP_DIRS:
            return False
        path = os.path.join(dirpath, name)
        real = os.path.realpath(path)
        if real in skip:
            return False
        return not os.path.islink(path) or real == top or real.startswith(top + os.sep)

    for dirpath, dirnames, filenames in os.walk(root, followlinks=True):
        real = os.path.realpath(dirpath)
        if real in seen:
            dirnames[:] = []
            continue
        seen.add(real)
        dirnames[:] = sorted(d for d in dirnames if keep(dirpath, d))
        rel_dir = os.path.relpath(dirpath, root)
        for name in sorted(filenames):
            if name.endswith(SKIP_SUFFIXES):
                continue
            path = Path(dirpath, name)
            rel = name if rel_dir == "." else f"{Path(rel_dir).as_posix()}/{name}"
            yield path, rel


# --------------------------------------------------------------------------- entry format
def pack(meta: dict[str, Any], blobs: list[bytes]) -> bytes:
    return b"".join([_header(meta, [len(b) for b in blobs]), *blobs])


def _header(meta: dict[str, Any], sizes: list[int]) -> bytes:
    """The start of an entry's payload: the length of its JSON header, and the header."""
    header = json.dumps({"meta": meta, "sizes": sizes}, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return struct.pack(">Q", len(header)) + header


_PIECE = 1 << 20


def _pieces(head: bytes, blobs: list[bytes | Path], sizes: list[int]) -> Iterable[bytes]:
    """The payload (``pack``) in pieces, files read a MiB at a time; a file whose size is no
    longer the one in the header makes the entry fail (CacheCorrupt), not lie."""
    yield head
    for blob, size in zip(blobs, sizes, strict=True):
        if not isinstance(blob, Path):
            yield blob
            continue
        got = 0
        with open(blob, "rb") as fh:
            while piece := fh.read(_PIECE):
                got += len(piece)
                yield piece
        if got != size:
            raise CacheCorrupt(f"{blob} changed while it was cached")


def unpack(payload: bytes | memoryview) -> tuple[dict[str, Any], list[bytes]]:
    try:
        (n,) = struct.unpack(">Q", payload[:8])
        head = json.loads(bytes(payload[8 : 8 + n]).decode("utf-8"))
        sizes = head["sizes"]
        meta = head["meta"]
    except (struct.error, ValueError, KeyError, TypeError) as exc:
        raise CacheCorrupt(str(exc)) from None
    if not isinstance(meta, dict) or not isinstance(sizes, list) or 8 + n + sum(sizes) != len(payload):
        raise CacheCorrupt("sizes do not match")
    blobs, pos = [], 8 + n
    view = memoryview(payload)
    for size in sizes:
        blobs.append(bytes(view[pos : pos + size]))
        pos += size
    return meta, blobs


def diag_to_json(d: Diagnostic) -> list[Any]:
    return [d.code, d.message, d.location.file, d.location.line, d.location.col, d.severity.value, d.hint]


def diag_from_json(item: list[Any]) -> Diagnostic:
    code, message, file, line, col, severity, hint = item
    return Diagnostic(code, message, Location(file, line, col), Severity(severity), hint)


def json_exact(value: Any) -> bool:
    """True when ``value`` survives a JSON round trip with the same types (lists, not tuples)."""
    try:
        back = json.loads(json.dumps(value, ensure_ascii=False))
    except (TypeError, ValueError):
        return False
    return _same(value, back)


def _same(a: Any, b: Any) -> bool:
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float):
        return repr(a) == repr(b)
    return a == b


# --------------------------------------------------------------------------- the cache
@dataclass
class CachedExport:
    name: str
    artifacts: list[tuple[str, str, Any]]  # (name, kind, bytes | {path: bytes}) as staged (package.Staging.put)
    diagnostics: list[Diagnostic]


class BuildCache:
    """The cache of one course folder; every method fails soft (a miss, or a skipped write)."""

    def __init__(self, course_dir: Path, *, exclude: Iterable[Path] = (), stats: BuildStats | None = None):
        self.root = Path(course_dir).resolve()
        self.dir = self.root / CACHE_DIR
        self.exclude = frozenset(Path(p).resolve() for p in exclude)
        self.stats = stats if stats is not None else BuildStats()
        self._files: dict[str, str] | None = None
        self._input: str | None = None
        self._chapter_context: str | None = None
        self._ready = False

    # ---------------------------------------------------------------- inputs
    def files(self) -> dict[str, str]:
        """{relative path: sha256} of every input file of the course."""
        if self._files is None:
            files: dict[str, str] = {}
            for path, rel in _walk(self.root, self.exclude):
                try:
                    files[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
                except OSError:
                    files[rel] = "unreadable"
            self._files = files
        return self._files

    def input_key(self) -> str:
        if self._input is None:
            self._input = digest("input", code_fingerprint(), sorted(self.files().items()))
        return self._input

    def shared_key(self, own: Iterable[str]) -> str:
        """Hash of every input file except ``own`` (relative paths)."""
        skip = frozenset(own)
        return digest("shared", sorted((k, v) for k, v in self.files().items() if k not in skip))

    def rel(self, path: Path) -> str | None:
        try:
            return Path(path).resolve().relative_to(self.root).as_posix()
        except ValueError:
            return None

    # ---------------------------------------------------------------- raw entries
    def _path(self, kind: str, slot: str) -> Path:
        return self.dir / kind / f"{slot}.bin"

    def read(self, kind: str, slot: str, key: str) -> tuple[dict[str, Any], list[bytes]] | None:
        path = self._path(kind, slot)
        try:
            data = path.read_bytes()
        except OSError:
            return None
        try:
            if not data.startswith(MAGIC):
                raise CacheCorrupt("not a cache entry")
            # Views, not copies: an export entry may be a whole site.
            body = memoryview(data)[len(MAGIC) :]
            check, payload = body[:32], body[32:]
            if len(check) != 32 or hashlib.sha256(payload).digest() != check:
                raise CacheCorrupt("checksum mismatch")
            meta, blobs = unpack(payload)
        except CacheCorrupt:
            self.stats.corrupt_entries += 1
            try:
                path.unlink()
            except OSError:
                pass
            return None
        if meta.get("key") != key:
            return None  # an entry for other inputs: a miss, overwritten after this build
        return meta, blobs

    def write(self, kind: str, slot: str, key: str, meta: dict[str, Any], blobs: list[bytes | Path]) -> None:
        """Write an entry; a blob given as a Path is the content of that file, copied into the
        entry a piece at a time (a build's outputs are never all in memory, see build.py)."""
        sizes = [b.stat().st_size if isinstance(b, Path) else len(b) for b in blobs]
        head = _header({**meta, "key": key}, sizes)
        dest = self._path(kind, slot)
        tmp = None
        try:
            self._prepare()
            dest.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".tmp", dir=dest.parent)
            with os.fdopen(fd, "wb") as fh:
                # The checksum comes before the payload: a placeholder, filled in at the end.
                fh.write(MAGIC + bytes(32))
                check = hashlib.sha256()
                for piece in _pieces(head, blobs, sizes):
                    check.update(piece)
                    fh.write(piece)
                fh.seek(len(MAGIC))
                fh.write(check.digest())
            os.replace(tmp, dest)
            tmp = None
        except (OSError, CacheCorrupt):
            pass  # a read-only or full disk only costs speed; a file that changed, a skipped entry
        finally:
            if tmp is not None:
                try:
                    os.unlink(tmp)
                except OSError:
                    pass

    def _prepare(self) -> None:
        if self._ready:
            return
        self.dir.mkdir(parents=True, exist_ok=True)
        for name, text in (
            ("README.txt", _README),
            (".gitignore", "# coursekit build cache: never commit it\n*\n"),
            ("CACHEDIR.TAG", "Signature: 8a477f597d28d172789f06886806bc55\n# coursekit build cache, see README.txt\n"),
        ):
            p = self.dir / name
            if not p.exists():
                p.write_text(text, encoding="utf-8")
        # Temporary files of builds killed while writing an entry (an hour old: surely dead).
        cutoff = time.time() - 3600
        for tmp in self.dir.glob("*/.*.tmp"):
            try:
                if tmp.stat().st_mtime < cutoff:
                    tmp.unlink()
            except OSError:
                pass
        self._ready = True

    # ---------------------------------------------------------------- exports and load warnings
    def _context(self) -> list[str]:
        from .package import zip_date_time

        try:
            cwd = os.getcwd()
        except OSError:
            cwd = "?"
        return [cwd, list(zip_date_time())]  # type: ignore[list-item]

    def export_key(self, target: str, options: dict[str, Any]) -> tuple[str, str]:
        slot = digest("export-slot", target, options)[:32]
        return slot, digest("export", self.input_key(), self._context(), target, options)

    def load_export(self, target: str, options: dict[str, Any]) -> CachedExport | None:
        slot, key = self.export_key(target, options)
        got = self.read("export", slot, key)
        if got is None:
            return None
        meta, blobs = got
        try:
            artifacts: list[tuple[str, str, Any]] = []
            i = 0
            for name, kind, names in meta["artifacts"]:
                if kind == "dir":
                    artifacts.append((name, kind, dict(zip(names, blobs[i : i + len(names)], strict=True))))
                    i += len(names)
                else:
                    artifacts.append((name, kind, blobs[i]))
                    i += 1
            diags = [diag_from_json(d) for d in meta["diags"]]
        except (KeyError, ValueError, TypeError, IndexError):
            self.stats.corrupt_entries += 1
            return None
        return CachedExport(target, artifacts, diags)

    def store_export(self, target: str, options: dict[str, Any], staged: list[Any], diags: list[Diagnostic]) -> None:
        """Keep one exporter's outputs (package.Staged: zips, files and folders as written in the
        build's staging folder, read back from there) and its warnings."""
        slot, key = self.export_key(target, options)
        blobs: list[bytes | Path] = []
        described = []
        for out in staged:
            held = out.blobs()
            blobs.extend(path for _, path in held)
            described.append([out.name, out.kind, [name for name, _ in held] if out.kind == "dir" else []])
        self.write("export", slot, key, {"artifacts": described, "diags": [diag_to_json(d) for d in diags]}, blobs)

    def load_diags(self) -> Diagnostics | None:
        """The diagnostics of loading the course as it is now (after lint), with files_checked."""
        got = self.read("load", "load", digest("load", self.input_key(), self._context()))
        if got is None:
            return None
        try:
            meta = got[0]
            return Diagnostics([diag_from_json(d) for d in meta["diags"]], files_checked=int(meta.get("files", 0)))
        except (KeyError, ValueError, TypeError):
            self.stats.corrupt_entries += 1
            return None

    def store_diags(self, diags: Diagnostics) -> None:
        self.write(
            "load",
            "load",
            digest("load", self.input_key(), self._context()),
            {"diags": [diag_to_json(d) for d in diags.items], "files": diags.files_checked},
            [],
        )

    # ---------------------------------------------------------------- simulations
    def simulation(self, course: Any, sim: Any, fixed: dict[str, Any], compute: Callable[[], Any]) -> Any:
        """The SimulationOutput of ``sim`` at ``fixed``, from the cache or from ``compute()``."""
        from .render.simulate import SimulationOutput

        try:
            key = self._sim_key(course, sim, fixed)
        except (OSError, TypeError, ValueError):
            key = None
        slot = digest("sim-slot", course.id, sim.id, sorted((k, repr(v)) for k, v in fixed.items()))[:32]
        if key is not None:
            got = self.read("sim", slot, key)
            if got is not None:
                meta, blobs = got
                try:
                    frames = dict(zip(meta["frames"], blobs[1:], strict=True))
                    out = SimulationOutput(default_svg=blobs[0], frames=frames, manifest=meta["manifest"])
                    self.stats.simulations_cached.append(sim.id)
                    return out
                except (KeyError, ValueError, TypeError, IndexError):
                    self.stats.corrupt_entries += 1
        out = compute()
        self.stats.simulations_run.append(sim.id)
        if key is not None and json_exact(out.manifest):
            names = list(out.frames)
            self.write(
                "sim",
                slot,
                key,
                {"frames": names, "manifest": out.manifest},
                [out.default_svg, *(out.frames[n] for n in names)],
            )
        return out

    def _sim_key(self, course: Any, sim: Any, fixed: dict[str, Any]) -> str:
        import numpy

        from .render.simulate import figure_text

        source = (course.root / sim.source_file).resolve()
        # Every file of the source's folder: the modules it may import and the data it may read.
        code = [(rel, hashlib.sha256(path.read_bytes()).hexdigest()) for path, rel in _walk(source.parent, frozenset())]
        return digest(
            "sim",
            code_fingerprint(),
            numpy.__version__,
            course.id,
            sim.model_dump(mode="json"),
            sorted((k, repr(v)) for k, v in fixed.items()),
            figure_text(course).fingerprint(),  # the course's language in the figure
            source.name,
            source.read_bytes(),
            code,
        )

    # ---------------------------------------------------------------- quizzes
    def quiz_slots(self, course: Any, quiz: Any, compute: Callable[[], Any]) -> Any:
        """A quiz's question slots (variants expanded). Not kept on disk: a build expands them
        once; coursekit.serve.session_cache keeps them in memory between rebuilds."""
        return compute()

    # ---------------------------------------------------------------- chapters
    def chapter_context(self, course: Any) -> str:
        """The key part every chapter body shares: the code, the course id, ``allow_raw_html``,
        the simulation declarations and every input file that is not a chapter, a quiz or
        course.yaml (images, simulation code). The same for all chapters of a build, so
        computed once."""
        if self._chapter_context is None:
            own = {"course.yaml"}
            for ch in course.chapters:
                own.add(self.rel(ch.path) or "")
                own.update(self.rel(q.path) or "" for q in ch.quizzes)
            self._chapter_context = digest(
                "chapter-context",
                code_fingerprint(),
                bool(course.allow_raw_html),
                course.id,
                [s.model_dump(mode="json") for s in course.simulations],
                self.shared_key(own),
            )
        return self._chapter_context

    def chapter_body(self, course: Any, chapter: Any, renderer: Any, sims: Any, render: Callable[[], Any]) -> Any:
        """The BlockResult of a chapter body, from the cache (replaying its assets) or ``render()``."""
        from .render.markdown import BlockResult
        from .render.rendered import Fragment, Heading, SimEmbed

        rel = self.rel(chapter.path)
        key = None
        if rel is not None:
            key = digest("chapter", rel, chapter.body, chapter.body_line, self.chapter_context(course))
        slot = digest("chapter-slot", rel or str(chapter.path))[:32]
        assets = renderer.assets
        if key is not None:
            got = self.read("chapter", slot, key)
            if got is not None:
                meta, blobs = got
                before, by_source = list(assets), dict(getattr(assets, "_by_source", {}))
                try:
                    for touch in meta["touches"]:
                        if touch[0] == "file":
                            asset = assets.add_file(touch[1], self.root / touch[2])
                            if asset is None or asset.path != touch[3]:
                                raise CacheCorrupt("asset changed")
                        else:
                            assets.add_bytes(touch[1], touch[2], blobs[touch[3]])
                    embeds = []
                    for sim_id, fixed, static in meta["sims"]:
                        sim = course.simulation(sim_id)
                        if sim is None:
                            raise CacheCorrupt("unknown simulation")
                        embeds.append(SimEmbed(sim, fixed, sims.output(sim, fixed), static))
                    f = meta["fragment"]
                    fragment = Fragment(f[0], f[1], f[2], tuple(f[3]))
                    if any(p not in assets for p in fragment.assets):
                        raise CacheCorrupt("asset missing")
                    self.stats.chapters_cached.append(chapter.id)
                    return BlockResult(fragment, [Heading(*h) for h in meta["headings"]], embeds, list(meta["quizzes"]))
                except (CacheCorrupt, KeyError, ValueError, TypeError, IndexError):
                    # Undo the replayed additions so that rendering adds assets in its own order.
                    kept = set(before)
                    for path in [p for p in assets if p not in kept]:
                        del assets[path]
                    if hasattr(assets, "_by_source"):
                        assets._by_source = by_source
                    self.stats.corrupt_entries += 1
        with _AssetRecorder(assets) as rec:
            body = render()
        self.stats.chapters_rendered.append(chapter.id)
        if key is not None:
            self._store_chapter(slot, key, body, rec.touches)
        return body

    def _store_chapter(self, slot: str, key: str, body: Any, touches: list[tuple]) -> None:
        from .render.rendered import SimEmbed

        blobs: list[bytes] = []
        out_touches: list[list[Any]] = []
        for touch in touches:
            if touch[0] == "file":
                src, base, path = touch[1], self.rel(touch[2]), touch[3]
                if base is None:
                    return
                out_touches.append(["file", src, base, path])
            else:
                out_touches.append(["bytes", touch[1], touch[2], len(blobs)])
                blobs.append(touch[3])
        sims = []
        for embed in body.sims:
            if not isinstance(embed, SimEmbed) or not json_exact(embed.fixed):
                return
            sims.append([embed.simulation.id, embed.fixed, embed.static_asset])
        frag = body.fragment
        meta = {
            "touches": out_touches,
            "sims": sims,
            "fragment": [frag.html, frag.xhtml, frag.text, list(frag.assets)],
            "headings": [[h.level, h.id, h.text] for h in body.headings],
            "quizzes": list(body.quizzes),
        }
        if not json_exact(meta):
            return
        self.write("chapter", slot, key, meta, blobs)


class _AssetRecorder:
    """Records the outermost add_file/add_bytes calls on an AssetStore, in order."""

    def __init__(self, store: Any):
        self.store = store
        self.touches: list[tuple] = []
        self._depth = 0

    def __enter__(self) -> _AssetRecorder:
        store = self.store
        add_file, add_bytes = store.add_file, store.add_bytes

        def rec_file(src: str, base: Path):
            self._depth += 1
            try:
                asset = add_file(src, base)
            finally:
                self._depth -= 1
            if self._depth == 0 and asset is not None:
                self.touches.append(("file", src, base, asset.path))
            return asset

        def rec_bytes(stem: str, ext: str, data: bytes):
            self._depth += 1
            try:
                asset = add_bytes(stem, ext, data)
            finally:
                self._depth -= 1
            if self._depth == 0:
                self.touches.append(("bytes", stem, ext, data))
            return asset

        store.add_file, store.add_bytes = rec_file, rec_bytes
        return self

    def __exit__(self, *exc: Any) -> None:
        for name in ("add_file", "add_bytes"):
            self.store.__dict__.pop(name, None)
