"""Deterministic zips and atomic output."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from coursekit.package import atomic_path, safe_arcname, write_tree, write_zip, zip_bytes

FILES = {"b.txt": b"bee", "a/c.txt": b"sea", "a/b.txt": b"bee2"}


def test_zip_is_deterministic_and_sorted() -> None:
    one, two = zip_bytes(FILES), zip_bytes(dict(reversed(list(FILES.items()))))
    assert one == two
    import io

    with zipfile.ZipFile(io.BytesIO(one)) as zf:
        assert zf.namelist() == ["a/b.txt", "a/c.txt", "b.txt"]
        info = zf.getinfo("b.txt")
        assert info.date_time == (1980, 1, 1, 0, 0, 0)
        assert (info.external_attr >> 16) & 0o777 == 0o644


def test_source_date_epoch_sets_timestamps(monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    import io

    with zipfile.ZipFile(io.BytesIO(zip_bytes(FILES))) as zf:
        assert zf.getinfo("b.txt").date_time == (2023, 11, 14, 22, 13, 20)


@pytest.mark.parametrize("bad", ["../x", "/etc/passwd", "C:/x", "a/../../x", "a\\..\\..\\x", ""])
def test_unsafe_names_refused(bad: str) -> None:
    with pytest.raises(ValueError):
        safe_arcname(bad)


def test_failed_write_keeps_previous_output(tmp_path: Path) -> None:
    dest = tmp_path / "site"
    write_tree({"index.html": b"v1"}, dest)
    with pytest.raises(RuntimeError):
        with atomic_path(dest) as tmp:
            tmp.mkdir()
            (tmp / "index.html").write_bytes(b"half")
            raise RuntimeError("killed")
    assert (dest / "index.html").read_bytes() == b"v1"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_replace_tree_and_zip(tmp_path: Path) -> None:
    write_tree({"a.txt": b"1", "old.txt": b"x"}, tmp_path / "out")
    write_tree({"a.txt": b"2"}, tmp_path / "out")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a.txt"]
    write_zip(FILES, tmp_path / "p.zip")
    write_zip(FILES, tmp_path / "p2.zip")
    assert (tmp_path / "p.zip").read_bytes() == (tmp_path / "p2.zip").read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "p.zip", "p2.zip"]
