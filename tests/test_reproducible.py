"""Reproducible builds: the same course gives the same bytes in every artifact, whatever
the process, the checkout folder, the time zone, the locale or the files' modification
times; SOURCE_DATE_EPOCH (and only it) sets the zip timestamps."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "course"
BASE_ENV = {
    k: v
    for k, v in os.environ.items()
    if k not in ("SOURCE_DATE_EPOCH", "TZ", "LANG", "LC_ALL", "LC_CTYPE", "PYTHONHASHSEED")
}


def build(course: Path, out: Path, cwd: Path, **env: str) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "coursekit", "build", str(course), "--target", "all", "--out", str(out), "-q"],
        cwd=cwd,
        env={**BASE_ENV, **env},
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr


def artifacts(out: Path) -> dict[str, bytes]:
    """Every output file (folders flattened) by its path under ``out``."""
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


ZIPS = (".zip", ".imscc")  # a Common Cartridge is a zip too


def explain(name: str, a: bytes, b: bytes) -> str:
    """For a differing zip, the entries that differ (the byte offset says little)."""
    if not name.endswith(ZIPS):
        i = next((k for k, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
        return f"{name}: first difference at byte {i}: {a[max(0, i - 60) : i + 60]!r} vs {b[max(0, i - 60) : i + 60]!r}"
    za, zb = zipfile.ZipFile(io.BytesIO(a)), zipfile.ZipFile(io.BytesIO(b))
    if za.namelist() != zb.namelist():
        return f"{name}: entries differ: {sorted(set(za.namelist()) ^ set(zb.namelist()))[:10]}"
    diff = [n for n in za.namelist() if za.read(n) != zb.read(n)]
    meta = [n for n in za.namelist() if za.getinfo(n).date_time != zb.getinfo(n).date_time]
    return f"{name}: entries with other content {diff[:10]}, other timestamps {meta[:10]}"


def assert_same(one: dict[str, bytes], two: dict[str, bytes]) -> None:
    assert sorted(one) == sorted(two)
    problems = [explain(n, one[n], two[n]) for n in one if one[n] != two[n]]
    assert not problems, "\n".join(problems)


@pytest.fixture(scope="module")
def two_checkouts(tmp_path_factory) -> tuple[dict[str, bytes], dict[str, bytes], list[Path], dict[str, bytes]]:
    """The example course copied to two unrelated folders (one with a non-ASCII name, with
    other file times) and built by two processes with different TZ, locale and hash seed."""
    base = tmp_path_factory.mktemp("repro")
    a = base / "a" / "course"
    b = base / "elsewhere" / "déjà vu – checkout" / "my-course"
    shutil.copytree(EXAMPLE, a)
    shutil.copytree(EXAMPLE, b)
    for i, p in enumerate(sorted(b.rglob("*"))):
        os.utime(p, (1_000_000_000 + i * 7919, 1_000_000_000 + i * 7919))
    out_a, out_b = base / "out-a", base / "deeper" / "out-b"
    build(a, out_a, cwd=base, TZ="UTC", LANG="C.UTF-8", LC_ALL="C.UTF-8", PYTHONHASHSEED="1")
    build(b, out_b, cwd=b, TZ="Pacific/Kiritimati", LANG="tr_TR.UTF-8", LC_ALL="de_DE.UTF-8", PYTHONHASHSEED="4242")
    # Again in checkout a, by a third process: whatever a build leaves behind in the course
    # folder (the build cache) must not change a byte.
    out_a2 = base / "out-a-again"
    build(a, out_a2, cwd=a.parent, TZ="Asia/Kolkata", LANG="C.UTF-8", PYTHONHASHSEED="7")
    return artifacts(out_a), artifacts(out_b), [a, b, base], artifacts(out_a2)


def test_same_bytes_across_processes_folders_tz_and_locale(two_checkouts) -> None:
    one, two, _, again = two_checkouts
    assert any(n.endswith(".zip") for n in one) and any(n.endswith(".xml") for n in one)
    assert_same(one, two)
    assert_same(one, again)


def test_outputs_do_not_mention_the_checkout_folder(two_checkouts) -> None:
    one, two, folders, _ = two_checkouts
    for files in (one, two):
        for name, data in files.items():
            blobs = [data]
            if name.endswith(ZIPS):
                with zipfile.ZipFile(io.BytesIO(data)) as zf:
                    blobs = [zf.read(n) for n in zf.namelist()] + [n.encode() for n in zf.namelist()]
            for folder in folders:
                needle = str(folder).encode()
                assert not any(needle in blob for blob in blobs), f"{name} contains {folder}"


def test_ascii_locale_without_utf8_mode(tmp_path: Path, two_checkouts) -> None:
    """LC_ALL=C with UTF-8 mode and locale coercion off: Python's default encoding is ASCII;
    coursekit must still read and write UTF-8 and give the same bytes."""
    one = two_checkouts[0]
    course = tmp_path / "course"
    shutil.copytree(EXAMPLE, course)
    out = tmp_path / "out"
    build(
        course,
        out,
        cwd=tmp_path,
        LC_ALL="C",
        LANG="C",
        PYTHONUTF8="0",
        PYTHONCOERCECLOCALE="0",
        PYTHONIOENCODING="ascii:strict",
        TZ="America/St_Johns",
    )
    assert_same(one, artifacts(out))


def test_source_date_epoch_sets_zip_timestamps(tmp_path: Path, two_checkouts) -> None:
    one = two_checkouts[0]
    course = tmp_path / "course"
    shutil.copytree(EXAMPLE, course)
    out0, out1, out2 = tmp_path / "plain", tmp_path / "sde1", tmp_path / "sde2"
    build(course, out0, cwd=tmp_path)  # first without: a build cache must not keep 1980 dates
    assert_same(one, artifacts(out0))
    build(course, out1, cwd=tmp_path, SOURCE_DATE_EPOCH="1700000000", TZ="Asia/Kathmandu")
    build(course, out2, cwd=tmp_path, SOURCE_DATE_EPOCH="1700000000", TZ="America/Los_Angeles", LC_ALL="C.UTF-8")
    sde1, sde2 = artifacts(out1), artifacts(out2)
    assert_same(sde1, sde2)  # time zone does not matter: the epoch is read as UTC
    zips = [n for n in sde1 if n.endswith(ZIPS)]
    assert len(zips) >= 6
    for name in zips:
        with zipfile.ZipFile(io.BytesIO(sde1[name])) as with_epoch, zipfile.ZipFile(io.BytesIO(one[name])) as without:
            assert {i.date_time for i in with_epoch.infolist()} == {(2023, 11, 14, 22, 13, 20)}, name
            assert {i.date_time for i in without.infolist()} == {(1980, 1, 1, 0, 0, 0)}, name
            # Only the timestamps differ: same entries, same content, same order.
            assert with_epoch.namelist() == without.namelist()
            assert all(with_epoch.read(n) == without.read(n) for n in without.namelist()), name
    for name in sde1:  # files that are not zips do not depend on the epoch
        if not name.endswith(ZIPS):
            assert sde1[name] == one[name], name


@pytest.mark.parametrize(
    "epoch,expected",
    [
        ("0", (1980, 1, 1, 0, 0, 0)),  # before 1980: clamped (zip cannot hold it)
        ("315532801", (1980, 1, 1, 0, 0, 0)),  # odd seconds are rounded down (2-second resolution)
        ("1700000001", (2023, 11, 14, 22, 13, 20)),
        ("4102444800", (2100, 1, 1, 0, 0, 0)),
        ("9999999999", (2107, 12, 31, 23, 59, 58)),  # after 2107: clamped (was a crash)
        ("not-a-number", (1980, 1, 1, 0, 0, 0)),
        ("", (1980, 1, 1, 0, 0, 0)),
    ],
)
def test_zip_date_time_from_epoch(monkeypatch, epoch: str, expected: tuple) -> None:
    from coursekit.package import zip_bytes

    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    with zipfile.ZipFile(io.BytesIO(zip_bytes({"a.txt": b"a"}))) as zf:
        assert zf.getinfo("a.txt").date_time == expected
