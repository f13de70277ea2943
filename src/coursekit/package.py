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
import tempfile
import time
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

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


def zip_bytes(files: Mapping[str, bytes] | Iterable[tuple[str, bytes]], *, level: int = 6) -> bytes:
    """The package's zip: safe, unique archive names, fixed dates and permissions, deflated at
    ``level`` (a check that only needs the names and layout can pass 0: zlib then stores)."""
    items = files.items() if isinstance(files, Mapping) else files
    entries = sorted((safe_arcname(name), data) for name, data in items)
    names = [n for n, _ in entries]
    if len(set(names)) != len(names):
        raise ValueError("duplicate archive paths")
    date_time = zip_date_time()
    import io

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=level) as zf:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o100644 << 16
            info.create_system = 3  # unix, so the permissions above are read
            zf.writestr(info, data, compresslevel=level)
    return buf.getvalue()


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
        if target.is_dir() and not target.is_symlink():
            if dest.exists() or dest.is_symlink():
                if not _exchange(target, dest):
                    old = tmp / (dest.name + ".old")
                    os.replace(dest, old)
                    os.replace(target, dest)
            else:
                os.replace(target, dest)
        else:
            if dest.is_dir() and not dest.is_symlink():
                os.replace(dest, tmp / (dest.name + ".old"))
            os.replace(target, dest)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


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


def _staging_for(out_dir: Path) -> tuple[Path, str]:
    """Where a build's temporary files go: beside the output folder (so a build killed at
    any moment leaves nothing inside it), as ``.<out>.ck-tmp-<pid>-*``. Inside the output
    folder only when its parent is on another file system or not writable. Leftovers of
    killed builds (their process gone) are removed here, by the next build."""
    out_dir.mkdir(parents=True, exist_ok=True)
    out = out_dir.resolve()
    parent = out.parent
    prefix = f".{out.name[:100]}{_STAGING_TAG}{os.getpid()}-"  # [:100]: stay under NAME_MAX
    try:
        same_fs = parent != out and os.stat(parent).st_dev == os.stat(out).st_dev and os.access(parent, os.W_OK)
    except OSError:
        same_fs = False
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
    dest = out_dir / safe_arcname(artifact.name)
    staging, prefix = _staging_for(out_dir)
    if artifact.kind == "zip":
        write_zip(artifact.files, dest, staging, prefix)
    elif artifact.kind == "dir":
        write_tree(artifact.files, dest, staging, prefix)
    else:
        (data,) = artifact.files.values()
        write_file(dest, data, staging, prefix)
    return dest
