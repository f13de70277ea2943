"""Deterministic zips and atomic writes.

Zips have sorted entries, fixed timestamps (``SOURCE_DATE_EPOCH`` when set, else
1980-01-01), fixed permissions and a fixed compression level, so the same files give the
same bytes. Every output is written to a hidden temporary sibling and renamed into place,
so an interrupted build leaves the previous output intact and no half-written file.
"""
from __future__ import annotations

import os
import re
import shutil
import tempfile
import time
import zipfile
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import Iterable, Iterator, Mapping

_DRIVE_RE = re.compile(r"^[A-Za-z]:")
_DEFAULT_DATE = (1980, 1, 1, 0, 0, 0)


def zip_date_time() -> tuple[int, int, int, int, int, int]:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        t = time.gmtime(max(int(epoch), 315532800))  # zip cannot hold dates before 1980
        return (t.tm_year, t.tm_mon, t.tm_mday, t.tm_hour, t.tm_min, t.tm_sec - t.tm_sec % 2)
    return _DEFAULT_DATE


def safe_arcname(name: str) -> str:
    """A normalised archive path; refuses anything that could escape an extraction folder."""
    norm = name.replace("\\", "/")
    if not norm or norm.startswith("/") or _DRIVE_RE.match(norm):
        raise ValueError(f"unsafe archive path {name!r}")
    parts = PurePosixPath(norm).parts
    if any(p in ("..", "") for p in parts) or "\x00" in norm:
        raise ValueError(f"unsafe archive path {name!r}")
    return "/".join(p for p in parts if p != ".")


def zip_bytes(files: Mapping[str, bytes] | Iterable[tuple[str, bytes]]) -> bytes:
    items = files.items() if isinstance(files, Mapping) else files
    entries = sorted((safe_arcname(name), data) for name, data in items)
    names = [n for n, _ in entries]
    if len(set(names)) != len(names):
        raise ValueError("duplicate archive paths")
    date_time = zip_date_time()
    import io

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = (0o100644 << 16)
            info.create_system = 3  # unix, so the permissions above are read
            zf.writestr(info, data, compresslevel=6)
    return buf.getvalue()


@contextmanager
def atomic_path(dest: Path) -> Iterator[Path]:
    """Yield a temporary sibling path; on success it replaces ``dest`` (file or folder)."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{dest.name}.tmp-", dir=dest.parent))
    target = tmp / dest.name
    try:
        yield target
        if target.is_dir() and not target.is_symlink():
            old = None
            if dest.exists():
                old = dest.parent / f".{dest.name}.old-{os.getpid()}"
                os.replace(dest, old)
            os.replace(target, dest)
            if old is not None:
                shutil.rmtree(old, ignore_errors=True) if old.is_dir() else old.unlink()
        else:
            if dest.is_dir() and not dest.is_symlink():
                shutil.rmtree(dest)
            os.replace(target, dest)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def write_file(dest: Path, data: bytes) -> None:
    with atomic_path(dest) as tmp:
        tmp.write_bytes(data)


def write_zip(files: Mapping[str, bytes] | Iterable[tuple[str, bytes]], dest: Path) -> None:
    write_file(dest, zip_bytes(files))


def write_tree(files: Mapping[str, bytes], dest: Path) -> None:
    with atomic_path(dest) as tmp:
        for name in sorted(files):
            path = tmp / safe_arcname(name)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(files[name])


def write_artifact(artifact, out_dir: Path) -> Path:
    """Write an exporter's Artifact (zip, folder or single file) into ``out_dir``, atomically."""
    dest = out_dir / safe_arcname(artifact.name)
    if artifact.kind == "zip":
        write_zip(artifact.files, dest)
    elif artifact.kind == "dir":
        write_tree(artifact.files, dest)
    else:
        (data,) = artifact.files.values()
        write_file(dest, data)
    return dest
