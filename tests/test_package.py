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


# ---------------------------------------------------------------- ZipMembers: zipfile's bytes


def zipfile_reference(files: dict[str, bytes], level: int = 6) -> bytes:
    """What zip_bytes wrote with zipfile itself (writestr of the sorted files into a BytesIO):
    the reference ZipMembers must match byte for byte."""
    import io

    from coursekit.package import zip_date_time

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=level) as zf:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=zip_date_time())
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o100644 << 16
            info.create_system = 3
            zf.writestr(info, files[name], compresslevel=level)
    return buf.getvalue()


def mixed_files() -> dict[str, bytes]:
    import random

    rng = random.Random(7)
    files = {
        "empty.txt": b"",
        "ünïcode/päge.html": "<p>grüße</p>".encode() * 50,
        "random.bin": bytes(rng.randrange(256) for _ in range(70_000)),  # deflate cannot shrink it
        "text/long.xml": b"<item>" + b"<p>question text</p>" * 5000 + b"</item>",
    }
    files.update({f"items/q{i:03}.xml": f"<q n='{i}'/>".encode() * (i % 7) for i in range(200)})
    return files


@pytest.mark.parametrize("level", [0, 1, 6, 9])
def test_zip_members_write_the_bytes_zipfile_writes(level: int, monkeypatch) -> None:
    files = mixed_files()
    assert zip_bytes(files, level=level) == zipfile_reference(files, level)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000001")
    assert zip_bytes(files, level=level) == zipfile_reference(files, level)


def test_zip_members_past_zipfile_limits_write_its_zip64_records(monkeypatch) -> None:
    """Past ZIP64_LIMIT (sizes, offsets, the central directory) and ZIP_FILECOUNT_LIMIT zipfile
    adds ZIP64 fields and records; the limits lowered, so that small files cross them."""
    files = mixed_files()
    monkeypatch.setattr(zipfile, "ZIP64_LIMIT", 30_000)
    monkeypatch.setattr(zipfile, "ZIP_FILECOUNT_LIMIT", 100)
    got = zip_bytes(files)
    assert got == zipfile_reference(files)
    assert b"PK\x06\x06" in got  # the ZIP64 end of central directory record


def test_zip_members_past_the_real_file_count_limit() -> None:
    files = {f"i/{i}": b"" for i in range(zipfile.ZIP_FILECOUNT_LIMIT + 2)}
    assert zip_bytes(files, level=0) == zipfile_reference(files, level=0)


def test_zip_members_refuse_duplicates_and_unsafe_names() -> None:
    from coursekit.package import ZipMembers

    members = ZipMembers()
    members.add("a/b", b"1")
    with pytest.raises(ValueError, match="duplicate"):
        members.add("./a/b", b"2")
    with pytest.raises(ValueError, match="unsafe"):
        members.add("../x", b"")


def test_zip_members_let_go_of_each_member_as_it_is_written(tmp_path: Path) -> None:
    from coursekit.package import ZipMembers

    members = ZipMembers()
    for name, data in FILES.items():
        members.add(name, data)
    assert len(members) == 3
    with open(tmp_path / "p.zip", "wb") as fh:
        members.write_to(fh)
    assert len(members) == 0
    assert (tmp_path / "p.zip").read_bytes() == zipfile_reference(FILES)


def test_zip_members_replace_a_name_given_again_only_when_asked() -> None:
    from coursekit.package import ZipMembers

    members = ZipMembers()
    members.add("a/b", b"1")
    with pytest.raises(ValueError, match="duplicate"):
        members.add("a/b", b"2")
    members.add("a/b", b"3", replace=True)  # as a {path: bytes} keeps the last
    with pytest.raises(ValueError, match="duplicate"):
        members.add("./a/b", b"4", replace=True)  # another name for the same path
    import io

    buf = io.BytesIO()
    members.write_to(buf)
    assert buf.getvalue() == zipfile_reference({"a/b": b"3"})


def test_zip_members_spooled_to_a_file_write_the_same_bytes(tmp_path: Path) -> None:
    from coursekit.package import ZipMembers

    files = mixed_files()
    spool = open(tmp_path / "spool", "w+b")  # noqa: SIM115 - ZipMembers.drop_spool closes it
    members = ZipMembers(spool=spool)
    for name, data in files.items():
        members.add(name, data)
    assert (tmp_path / "spool").stat().st_size > 0  # the deflated files wait there
    with open(tmp_path / "p.zip", "wb") as fh:
        members.write_to(fh)
    members.drop_spool()
    assert spool.closed and not (tmp_path / "spool").exists()
    assert (tmp_path / "p.zip").read_bytes() == zipfile_reference(files)


# ---------------------------------------------------------------- Deflated: deflate once, zip many


@pytest.mark.parametrize("level", [0, 6, 9])
def test_a_file_deflated_once_is_zipped_as_zipfile_deflates_it(level: int) -> None:
    """A zip given each file already Deflated (at its level, or at another one) writes the bytes
    zipfile writes for the files themselves."""
    import io
    import pickle

    from coursekit.package import Deflated, ZipMembers

    files = mixed_files()
    for made_at in (level, 1):
        members = ZipMembers(level)
        for name, data in files.items():
            deflated = pickle.loads(pickle.dumps(Deflated.of(data, made_at)))  # as a worker sends it
            assert deflated.inflate() == data
            members.add(name, deflated)
        buf = io.BytesIO()
        members.write_to(buf)
        assert buf.getvalue() == zipfile_reference(files, level)


def test_a_zip_takes_a_deflated_stream_as_it_is(monkeypatch) -> None:
    """Deflated at the zip's level, a file is not deflated again (that is the point of it)."""
    from coursekit import package

    deflated = package.Deflated.of(b"<p>a page held for the next target</p>" * 40)
    monkeypatch.setattr(package.Deflated, "of", None)  # any second deflate would fail
    members = package.ZipMembers()
    members.add("page.html", deflated)
    assert len(members) == 1


def test_outputs_that_are_not_zips_write_a_deflated_file_inflated(tmp_path: Path) -> None:
    from coursekit.build import _StagedOutput
    from coursekit.exporters import Output
    from coursekit.package import Deflated, Staging

    data = b"<p>x</p>" * 100
    held = Output("site", "dir")
    held.add("a.html", Deflated.of(data))
    assert held.close().files == {"a.html": data}
    stage = Staging(tmp_path / "out")
    try:
        folder = _StagedOutput(stage, "html", "html", "dir")
        folder.add("p/a.html", Deflated.of(data))
        single = _StagedOutput(stage, "moodle", "bank.xml", "file")
        single.add("bank.xml", Deflated.of(data))
        stage.commit([folder.close(), single.close()])
    finally:
        stage.discard()
    assert (tmp_path / "out" / "html" / "p" / "a.html").read_bytes() == data
    assert (tmp_path / "out" / "bank.xml").read_bytes() == data
