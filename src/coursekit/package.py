"""Deterministic zips and atomic writes.

Zips have sorted entries, fixed timestamps (``SOURCE_DATE_EPOCH`` when set, else
1980-01-01), fixed permissions and a fixed compression level, so the same files give the
same bytes. Every output is written in a hidden temporary folder beside the output folder
and renamed into place (folders by an atomic exchange), so a build killed at any moment
leaves each previous output intact, no half-written file and no temporary file in the
output folder; the next build removes what a killed one left beside it.
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import tempfile
import time
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

_DRIVE_RE = re.compile(r"^[A-Za-z]:")
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")
_DEFAULT_DATE = (1980, 1, 1, 0, 0, 0)


def zip_date_time() -> tuple[int, int, int, int, int, int]:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        # zip holds 1980-01-01 .. 2107-12-31 only: clamp rather than fail the build
        t = time.gmtime(min(max(int(epoch), 315532800), 4354819198))
        return (t.tm_year, t.tm_mon, t.tm_mday, t.tm_hour, t.tm_min, t.tm_sec - t.tm_sec % 2)
    return _DEFAULT_DATE


def safe_arcname(name: str) -> str:
    """A normalised archive path; refuses anything that could escape an extraction folder."""
    norm = name.replace("\\", "/")
    if not norm or norm.startswith("/") or _DRIVE_RE.match(norm):
        raise ValueError(f"unsafe archive path {name!r}")
    # Empty and "." segments dropped, as pathlib would (a str split: packages hold 10,000s of names).
    parts = [p for p in norm.split("/") if p not in ("", ".")]
    if ".." in parts or _CONTROL_RE.search(norm):
        raise ValueError(f"unsafe archive path {name!r}")
    clean = "/".join(parts)
    if not clean:  # ".", "./": no file name at all
        raise ValueError(f"unsafe archive path {name!r}")
    return clean


@dataclass(frozen=True, slots=True)
class Deflated:
    """A file deflated once for every zip that holds it: the raw deflate stream ``ZipMembers``
    writes for it at ``level``, with its CRC and size. A target that makes files a later target
    of the build ships too holds them so (a fraction of their size), and each zip takes the
    stream as it is instead of deflating the file again (``ZipMembers.add``)."""

    stream: bytes
    crc: int
    size: int
    level: int

    @classmethod
    def of(cls, data: bytes, level: int = 6) -> Deflated:
        deflate = zlib.compressobj(level, zlib.DEFLATED, -15)
        return cls(deflate.compress(data) + deflate.flush(), zlib.crc32(data), len(data), level)

    def inflate(self) -> bytes:
        return zlib.decompress(self.stream, -15)


def raw(data: bytes | Deflated) -> bytes:
    """The file's bytes, whether given as they are or ``Deflated``."""
    return data.inflate() if isinstance(data, Deflated) else data


def deflated(data: bytes | Deflated, level: int = 6) -> Deflated:
    """The file ``Deflated`` at ``level``: as given when it already is, else deflated now."""
    if isinstance(data, Deflated) and data.level == level:
        return data
    return Deflated.of(raw(data), level)


def zip_bytes(files: Mapping[str, bytes] | Iterable[tuple[str, bytes]], *, level: int = 6) -> bytes:
    """The package's zip: safe, unique archive names, fixed dates and permissions, deflated at
    ``level`` (a check that only needs the names and layout can pass 0: zlib then stores)."""
    import io

    members = ZipMembers(level)
    for name, data in files.items() if isinstance(files, Mapping) else files:
        members.add(name, data)
    buf = io.BytesIO()
    members.write_to(buf)
    return buf.getvalue()


class ZipMembers:
    """A zip made a file at a time: each file is deflated when it is added and only its
    compressed bytes are kept, so a package's files need not all be in memory at once; the
    archive is written at the end, its entries sorted by name.

    The bytes are those ``zipfile`` writes for ``writestr`` of the sorted files into a seekable
    file (tests/test_package.py compares them): the same deflate stream (a raw deflate
    ``compressobj`` at ``level``, fed the whole file, then flushed), the local headers from
    ``ZipInfo.FileHeader`` and the central directory and end records as ``zipfile`` lays them
    out, with the ZIP64 records it adds past its limits.

    With a ``spool`` (a file open for reading and writing) the deflated bytes wait there rather
    than in memory, each read back once when the archive is written (a build spools into its
    staging folder: a big package's compressed files are tens of MB)."""

    def __init__(self, level: int = 6, spool: BinaryIO | None = None):
        self.level = level
        self._date_time = zip_date_time()
        # name -> (crc, size, deflated bytes, or (offset, length) in the spool)
        self._members: dict[str, tuple[int, int, bytes | tuple[int, int]]] = {}
        self._given: dict[str, str] = {}  # archive path -> the name it was added under, where they differ
        self._spool = spool

    def __len__(self) -> int:
        return len(self._members)

    def add(self, name: str, data: bytes | Deflated, *, replace: bool = False) -> None:
        """Deflate one file (one already ``Deflated`` at this zip's level is taken as it is). A
        second file at the same archive path is refused; with ``replace``, one given under the
        very same name replaces the first, as a {path: bytes} keeps the last (two names for one
        path, "a/b" and "./a/b", are still refused)."""
        arcname = safe_arcname(name)
        if arcname in self._members and not (replace and self._given.get(arcname, arcname) == name):
            raise ValueError("duplicate archive paths")
        if arcname != name:
            self._given[arcname] = name
        data = deflated(data, self.level)
        kept: bytes | tuple[int, int] = data.stream
        if self._spool is not None:
            kept = (self._spool.seek(0, os.SEEK_END), len(data.stream))
            self._spool.write(data.stream)
        self._members[arcname] = (data.crc, data.size, kept)

    def drop_spool(self) -> None:
        """Close and remove the spool file (once the archive is written)."""
        if self._spool is not None:
            self._spool.close()
            os.unlink(self._spool.name)
            self._spool = None

    def _deflated(self, kept: bytes | tuple[int, int]) -> bytes:
        if isinstance(kept, bytes):
            return kept
        assert self._spool is not None
        self._spool.seek(kept[0])
        return self._spool.read(kept[1])

    def _info(self, name: str, crc: int, size: int, compressed: int) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, date_time=self._date_time)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o100644 << 16
        info.create_system = 3  # unix, so the permissions above are read
        info.CRC, info.file_size, info.compress_size = crc, size, compressed
        return info

    def write_to(self, fh: BinaryIO) -> None:
        """Write the archive to ``fh`` (at its start); the members are let go as they are written."""
        limit = zipfile.ZIP64_LIMIT
        central: list[bytes] = []
        pos = 0
        for name in sorted(self._members):
            crc, size, kept = self._members.pop(name)
            deflated = self._deflated(kept)
            info = self._info(name, crc, size, len(deflated))
            header = info.FileHeader(size * 1.05 > limit)  # zipfile's test for a ZIP64 local header
            fh.write(header)
            fh.write(deflated)
            central.append(_central_entry(info, pos))
            pos += len(header) + len(deflated)
        start = pos
        for entry in central:
            fh.write(entry)
            pos += len(entry)
        fh.write(_end_records(len(central), pos - start, start))


def _central_entry(info: zipfile.ZipInfo, offset: int) -> bytes:
    """A central directory entry, with the ZIP64 extra field where a size or the offset is past
    ``zipfile.ZIP64_LIMIT`` (as ``zipfile`` writes it; the file name ASCII or UTF-8 flagged)."""
    limit = zipfile.ZIP64_LIMIT
    big: list[int] = []
    file_size, compress_size = info.file_size, info.compress_size
    if file_size > limit or compress_size > limit:
        big += [file_size, compress_size]
        file_size = compress_size = 0xFFFFFFFF
    if offset > limit:
        big.append(offset)
        offset = 0xFFFFFFFF
    extra, min_version = b"", 0
    if big:
        extra = struct.pack("<HH" + "Q" * len(big), 1, 8 * len(big), *big)
        min_version = zipfile.ZIP64_VERSION
    dt = info.date_time
    dosdate = (dt[0] - 1980) << 9 | dt[1] << 5 | dt[2]
    dostime = dt[3] << 11 | dt[4] << 5 | (dt[5] // 2)
    name, flags = info._encodeFilenameFlags()
    fixed = struct.pack(
        zipfile.structCentralDir,
        zipfile.stringCentralDir,
        max(min_version, info.create_version),
        info.create_system,
        max(min_version, info.extract_version),
        info.reserved,
        flags,
        info.compress_type,
        dostime,
        dosdate,
        info.CRC,
        compress_size,
        file_size,
        len(name),
        len(extra),
        0,  # comment
        0,  # disk number
        info.internal_attr,
        info.external_attr,
        offset,
    )
    return fixed + name + extra


def _end_records(count: int, size: int, offset: int) -> bytes:
    """The end of central directory record, preceded by the ZIP64 ones where the count, the
    offset or the size is past ``zipfile``'s limits."""
    out = b""
    limit = zipfile.ZIP64_LIMIT
    if count > zipfile.ZIP_FILECOUNT_LIMIT or offset > limit or size > limit:
        out += struct.pack(
            zipfile.structEndArchive64, zipfile.stringEndArchive64, 44, 45, 45, 0, 0, count, count, size, offset
        )
        out += struct.pack(zipfile.structEndArchive64Locator, zipfile.stringEndArchive64Locator, 0, offset + size, 1)
        count, size, offset = min(count, 0xFFFF), min(size, 0xFFFFFFFF), min(offset, 0xFFFFFFFF)
    return out + struct.pack(zipfile.structEndArchive, zipfile.stringEndArchive, 0, 0, count, count, size, offset, 0)


_STAGING_TAG = ".ck-tmp-"
_RENAME_EXCHANGE = 2  # linux/fs.h
_AT_FDCWD = -100


def _renameat2():
    """libc's renameat2, or None where there is none (not Linux, old glibc, musl without it)."""
    global _RENAMEAT2
    if _RENAMEAT2 is None:
        import ctypes
        import sys

        fn = False
        if sys.platform.startswith("linux"):
            try:
                fn = ctypes.CDLL(None, use_errno=True).renameat2
                fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
                fn.restype = ctypes.c_int
            except (OSError, AttributeError):
                fn = False
        _RENAMEAT2 = fn
    return _RENAMEAT2 or None


_RENAMEAT2 = None


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths (Linux ``renameat2(RENAME_EXCHANGE)``); False if unsupported."""
    import ctypes

    fn = _renameat2()
    if fn is None:
        return False
    if fn(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (22, 38, 95, 1):  # EINVAL, ENOSYS, EOPNOTSUPP, EPERM: not on this file system
        return False
    raise OSError(err, os.strerror(err), str(b))


@contextmanager
def atomic_path(dest: Path, staging: Path | None = None, prefix: str | None = None) -> Iterator[Path]:
    """Yield a temporary path; on success it replaces ``dest`` (file or folder) in one rename.

    The temporary folder is made in ``staging`` (default: next to ``dest``) and must be on the
    same file system. A folder replaces a folder by an atomic exchange where the OS has one
    (Linux), so ``dest`` never goes missing; the previous content then leaves with the
    temporary folder.
    """
    dest.parent.mkdir(parents=True, exist_ok=True)
    staging = staging if staging is not None else dest.parent
    tmp = Path(tempfile.mkdtemp(prefix=prefix or f".{dest.name}.tmp-", dir=staging))
    target = tmp / dest.name
    try:
        yield target
        _move_into_place(target, dest, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _move_into_place(target: Path, dest: Path, trash: Path) -> None:
    """Replace ``dest`` by ``target`` in one rename (a folder by an atomic exchange where the OS
    has one); what ``dest`` held goes into ``trash``, a folder on the same file system."""
    if target.is_dir() and not target.is_symlink():
        if dest.exists() or dest.is_symlink():
            if not _exchange(target, dest):
                old = trash / (dest.name + ".old")
                os.replace(dest, old)
                os.replace(target, dest)
        else:
            os.replace(target, dest)
    else:
        if dest.is_dir() and not dest.is_symlink():
            os.replace(dest, trash / (dest.name + ".old"))
        os.replace(target, dest)


def write_file(dest: Path, data: bytes, staging: Path | None = None, prefix: str | None = None) -> None:
    with atomic_path(dest, staging, prefix) as tmp:
        tmp.write_bytes(data)


def write_zip(
    files: Mapping[str, bytes] | Iterable[tuple[str, bytes]],
    dest: Path,
    staging: Path | None = None,
    prefix: str | None = None,
) -> None:
    write_file(dest, zip_bytes(files), staging, prefix)


def write_tree(files: Mapping[str, bytes], dest: Path, staging: Path | None = None, prefix: str | None = None) -> None:
    with atomic_path(dest, staging, prefix) as tmp:
        for name in sorted(files):
            path = tmp / safe_arcname(name)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(files[name])


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


def _staging_for(out_dir: Path, create: bool = True) -> tuple[Path, str]:
    """Where a build's temporary files go: beside the output folder (so a build killed at
    any moment leaves nothing inside it), as ``.<out>.ck-tmp-<pid>-*``. Inside the output
    folder only when its parent is on another file system or not writable. Leftovers of
    killed builds (their process gone) are removed here, by the next build. With ``create``
    False an output folder not yet there is not made (unless its parent cannot be used): it
    will be made in its parent, so on the same file system."""
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    out = out_dir.resolve()
    parent = out.parent
    prefix = f".{out.name[:100]}{_STAGING_TAG}{os.getpid()}-"  # [:100]: stay under NAME_MAX
    try:
        usable = parent != out and os.access(parent, os.W_OK)
        # Not there yet: it will be made in its parent, so on the parent's file system.
        same_fs = usable and (not out.exists() or os.stat(parent).st_dev == os.stat(out).st_dev)
    except OSError:
        same_fs = False
    if create or not same_fs:
        out_dir.mkdir(parents=True, exist_ok=True)
    staging = parent if same_fs else out
    if not same_fs:
        prefix = f".coursekit{_STAGING_TAG}{os.getpid()}-"
    pattern = re.compile(re.escape(prefix.rsplit(_STAGING_TAG, 1)[0] + _STAGING_TAG) + r"([0-9]+)-")
    try:
        leftovers = [p for p in staging.iterdir() if pattern.match(p.name)]
    except OSError:
        leftovers = []
    for p in leftovers:
        m = pattern.match(p.name)
        if m and not _pid_alive(int(m.group(1))):
            shutil.rmtree(p, ignore_errors=True)
    return staging, prefix


def write_artifact(artifact, out_dir: Path) -> Path:
    """Write an exporter's Artifact (zip, folder or single file) into ``out_dir``, atomically;
    temporary files live outside ``out_dir`` (see ``_staging_for``)."""
    stage = Staging(out_dir)
    try:
        staged = stage.add(artifact)
        stage.commit([staged])
    finally:
        stage.discard()
    return out_dir / safe_arcname(artifact.name)


@dataclass(frozen=True)
class Staged:
    """One output written in full in a build's staging folder, waiting to be moved into place:
    ``path`` is the zip or file, or the folder, under its final name."""

    name: str
    kind: str  # "zip", "dir" or "file"
    path: Path

    def blobs(self) -> list[tuple[str, Path]]:
        """(name, file) of what it holds: the folder's files by sorted relative path, or itself."""
        if self.kind != "dir":
            return [(self.name, self.path)]
        found = [(p.relative_to(self.path).as_posix(), p) for p in self.path.rglob("*") if p.is_file()]
        return sorted(found)


class Staging:
    """Where one build writes each output as soon as it is complete (so that it need not stay in
    memory until the last target is done): a temporary folder beside ``out_dir`` (see
    ``_staging_for``), whose outputs ``commit`` moves into ``out_dir`` one atomic rename each,
    once the whole build has succeeded. ``discard`` removes it, and with it everything a failed
    build made; ``out_dir`` is not even created before the commit.

    It holds only paths, so forked or spawned workers take it as it is and write into it
    (each target in a folder of its own)."""

    def __init__(self, out_dir: Path):
        self.out_dir = Path(out_dir)
        staging, prefix = _staging_for(self.out_dir, create=False)
        self.root = Path(tempfile.mkdtemp(prefix=prefix, dir=staging))

    def folder(self, owner: str) -> Path:
        """A folder of its own for ``owner`` (a target; "": no owner), made on first use."""
        path = self.root / "out" / safe_arcname(owner) if owner else self.root / "out"
        path.mkdir(parents=True, exist_ok=True)
        return path

    def spool(self, owner: str, name: str) -> BinaryIO:
        """A file for ZipMembers to keep the deflated files of the zip ``name`` in, until
        ``zip`` writes it (and closes and removes the spool)."""
        path = self.root / "spool" / safe_arcname(owner or "_") / safe_arcname(name)
        path.parent.mkdir(parents=True, exist_ok=True)
        return open(path, "w+b")  # noqa: SIM115 - closed by zip()

    def zip(self, owner: str, name: str, members: ZipMembers) -> Staged:
        path = self.folder(owner) / safe_arcname(name)
        with open(path, "wb") as fh:
            members.write_to(fh)
        members.drop_spool()
        return Staged(name, "zip", path)

    def file(self, owner: str, name: str, data: bytes) -> Staged:
        path = self.folder(owner) / safe_arcname(name)
        path.write_bytes(data)
        return Staged(name, "file", path)

    def file_writer(self, owner: str, name: str) -> tuple[Staged, BinaryIO]:
        """A file output and the open file its pieces are written to (close it when done)."""
        path = self.folder(owner) / safe_arcname(name)
        return Staged(name, "file", path), open(path, "wb")  # noqa: SIM115 - closed by the caller

    def tree(self, owner: str, name: str) -> tuple[Staged, Callable[[str, bytes], None]]:
        """A folder output and the function that writes one file into it (overwriting a path
        written before, as a folder's {path: bytes} would keep the last)."""
        top = self.folder(owner) / safe_arcname(name)
        top.mkdir()

        def put(path: str, data: bytes | Deflated) -> None:
            dest = top / safe_arcname(path)
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_bytes(raw(data))

        return Staged(name, "dir", top), put

    def add(self, artifact, owner: str = "") -> Staged:
        """Write an Artifact held in memory (``files``: {path: bytes})."""
        if artifact.kind == "zip":
            members = ZipMembers(spool=self.spool(owner, artifact.name))
            for path, data in artifact.files.items():
                members.add(path, data)
            return self.zip(owner, artifact.name, members)
        if artifact.kind == "dir":
            return self.put(owner, artifact.name, "dir", artifact.files)
        (data,) = artifact.files.values()
        return self.file(owner, artifact.name, data)

    def put(self, owner: str, name: str, kind: str, payload) -> Staged:
        """Write a finished output as the build cache gives it back: zip or file bytes, or a
        folder's {path: bytes}."""
        if kind == "dir":
            staged, put = self.tree(owner, name)
            for path in sorted(payload):
                put(path, payload[path])
            return staged
        staged = self.file(owner, name, payload)
        return Staged(name, kind, staged.path)

    def commit(self, outputs: Iterable[Staged]) -> None:
        """Move each output into ``out_dir``, one atomic rename (or exchange) each."""
        self.out_dir.mkdir(parents=True, exist_ok=True)
        trash = Path(tempfile.mkdtemp(prefix="trash-", dir=self.root))
        for staged in outputs:
            _move_into_place(staged.path, self.out_dir / safe_arcname(staged.name), trash)

    def discard(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)
