"""coursekit import on hostile input: zip slips, XML entities and external DTDs, binary
garbage, wrong encodings, huge files, collisions. Each ends as a located error (exit 1, no
traceback), nothing written outside --out, nothing half-written."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from coursekit.cli import cli
from coursekit.importers import run_import, safe_input

GOOD_GIFT = "::q1::What is 2+2?{=4#Right ~5#No}\n\n::q2::The sky is blue.{T#No#Yes}\n"


def _run(*args: str):
    result = CliRunner().invoke(cli, ["import", *args])
    assert "Traceback" not in result.output
    return result


def _zip(entries: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            info = zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
    return buf.getvalue()


def _tree(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*")}


def test_zip_slip_is_refused_and_nothing_written(tmp_path):
    evil = tmp_path / "evil.zip"
    evil.write_bytes(_zip({"imsmanifest.xml": b"<manifest/>", "../../escaped.xml": b"<x/>"}))
    before = _tree(tmp_path)
    result = _run("qti", str(evil), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert "CK904" in result.output and "evil.zip!../../escaped.xml:1:1" in result.output
    assert _tree(tmp_path) == before  # no --out, no escaped file, no staging left


@pytest.mark.parametrize("name", ["/etc/passwd", "C:/x.xml", "a/../../b.xml", "..\\..\\c.xml"])
def test_every_unsafe_member_name_is_refused(name):
    assert safe_input.member_name(name) is None


def test_symlink_member_is_refused(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        info = zipfile.ZipInfo("link.xml")
        info.external_attr = 0o120777 << 16
        zf.writestr(info, "/etc/passwd")
    (tmp_path / "s.zip").write_bytes(buf.getvalue())
    result = _run("canvas", str(tmp_path / "s.zip"), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1 and "CK904" in result.output and not (tmp_path / "out").exists()


def test_zip_bomb_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(safe_input, "MAX_UNPACKED", 10_000)
    data = _zip({"imsmanifest.xml": b"<manifest/>", "big.xml": b"<a>" + b" " * 50_000 + b"</a>"})
    (tmp_path / "b.zip").write_bytes(data)
    assert len(data) < 10_000
    result = _run("qti", str(tmp_path / "b.zip"), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1 and "CK904" in result.output and not (tmp_path / "out").exists()


XXE = b"""<?xml version="1.0"?>
<!DOCTYPE quiz [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<quiz><question type="truefalse"><name><text>&secret;</text></name></question></quiz>
"""
LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE quiz [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>
<quiz><question type="truefalse"><name><text>&c;</text></name></question></quiz>
"""
EXTERNAL_DTD = b"""<?xml version="1.0"?>
<!DOCTYPE quiz SYSTEM "http://127.0.0.1:9/evil.dtd">
<quiz><question type="truefalse"><name><text>x</text></name></question></quiz>
"""


@pytest.mark.parametrize("payload", [XXE, LAUGHS, EXTERNAL_DTD], ids=["xxe", "billion-laughs", "external-dtd"])
def test_entities_and_dtds_are_refused(tmp_path, payload):
    src = tmp_path / "bank.xml"
    src.write_bytes(payload)
    result = _run("moodle", str(src), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1, result.output
    assert "CK903" in result.output and "bank.xml:" in result.output
    assert "root:" not in result.output  # /etc/passwd never read
    assert not (tmp_path / "out").exists()


def test_entities_inside_a_zip_are_refused(tmp_path):
    qti = b"""<?xml version="1.0"?>
<!DOCTYPE questestinterop [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<questestinterop><assessment ident="a" title="&secret;"/></questestinterop>
"""
    (tmp_path / "c.zip").write_bytes(_zip({"quiz/quiz.xml": qti}))
    result = _run("canvas", str(tmp_path / "c.zip"), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1 and "CK903" in result.output and "c.zip!quiz/quiz.xml:" in result.output
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("fmt", ["moodle", "canvas", "qti", "gift", "text2qti"])
def test_binary_garbage_is_a_located_error(tmp_path, fmt):
    src = tmp_path / "garbage.bin"
    src.write_bytes(bytes(range(256)) * 64)
    result = _run(fmt, str(src), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert "garbage.bin:1:1" in result.output and ("CK902" in result.output), result.output
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("fmt", ["gift", "text2qti"])
def test_wrong_encoding_names_line_and_column(tmp_path, fmt):
    src = tmp_path / "latin1.txt"
    text = GOOD_GIFT if fmt == "gift" else "1.  What?\n*a) yes\nb) no\n"
    src.write_bytes((text + "\nCaf\u00e9 is here.\n").encode("latin-1"))
    result = _run(fmt, str(src), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1 and "CK902" in result.output
    line = text.count("\n") + 2
    assert f"latin1.txt:{line}:4" in result.output and "iconv" in result.output


def test_moodle_xml_in_another_declared_encoding_is_read(tmp_path):
    xml = """<?xml version="1.0" encoding="ISO-8859-1"?>
<quiz><question type="truefalse"><name><text>Caf\u00e9</text></name>
<questiontext format="html"><text>Is caf\u00e9 French?</text></questiontext>
<answer fraction="100"><text>true</text><feedback><text>Oui.</text></feedback></answer>
<answer fraction="0"><text>false</text><feedback><text>Si.</text></feedback></answer></question></quiz>"""
    (tmp_path / "l.xml").write_bytes(xml.encode("latin-1"))
    report = run_import("moodle", tmp_path / "l.xml", tmp_path / "out")
    assert not report.diags.has_errors()
    assert "Is café French?" in next((tmp_path / "out" / "quizzes").iterdir()).read_text(encoding="utf-8")


def test_huge_file_is_refused_before_reading(tmp_path, monkeypatch):
    monkeypatch.setattr(safe_input, "MAX_SOURCE_BYTES", 1000)
    src = tmp_path / "huge.xml"
    src.write_bytes(b"<quiz>" + b" " * 5000 + b"</quiz>")
    result = _run("moodle", str(src), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1 and "CK901" in result.output and "huge.xml:1:1" in result.output


def test_missing_source_and_a_folder_are_located(tmp_path):
    result = _run("gift", str(tmp_path / "nope.gift"), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1 and "CK901" in result.output


def test_not_empty_not_a_course_out_is_refused(tmp_path):
    (tmp_path / "src.gift").write_text(GOOD_GIFT, encoding="utf-8")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "notes.txt").write_text("mine", encoding="utf-8")
    result = _run("gift", str(tmp_path / "src.gift"), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1 and "CK906" in result.output
    assert _tree(tmp_path / "out") == {"notes.txt"}


def test_adding_to_an_existing_course_keeps_its_files_and_refuses_collisions(tmp_path):
    from coursekit.load import load_course
    from coursekit.scaffold import write_scaffold

    course = tmp_path / "course"
    write_scaffold(course)
    before = {p: p.read_bytes() for p in course.rglob("*") if p.is_file()}
    (tmp_path / "src.gift").write_text(GOOD_GIFT, encoding="utf-8")
    result = _run("gift", str(tmp_path / "src.gift"), "--out", str(course))
    assert result.exit_code == 0, result.output
    for path, data in before.items():
        if path.name != "course.yaml":
            assert path.read_bytes() == data
    text = (course / "course.yaml").read_text(encoding="utf-8")
    assert text.startswith(before[course / "course.yaml"].decode().rstrip("\n").rsplit("\n", 0)[0][:20])
    assert "  - chapters/imported-src.md" in text or "chapters/imported-" in text
    loaded, diags = load_course(course)
    assert loaded is not None and not diags.has_errors(), diags.render()
    assert [q.id for q in loaded.chapters[-1].quizzes] == ["src"]
    # The same import again: the quiz file exists; nothing is written, nothing changes.
    snapshot = {p: p.read_bytes() for p in course.rglob("*") if p.is_file()}
    result = _run("gift", str(tmp_path / "src.gift"), "--out", str(course), "--quiz-id", "src")
    assert result.exit_code == 1 and "CK906" in result.output
    assert {p: p.read_bytes() for p in course.rglob("*") if p.is_file()} == snapshot
    assert not [p for p in tmp_path.iterdir() if ".ck-import-" in p.name]


def test_failure_while_writing_leaves_nothing_half_written(tmp_path, monkeypatch):
    from coursekit.importers import course_writer

    (tmp_path / "src.gift").write_text(GOOD_GIFT, encoding="utf-8")
    calls = {"n": 0}
    real_link = os.link

    def failing_link(a, b, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError(28, "No space left on device")
        return real_link(a, b, *args, **kwargs)

    from coursekit.scaffold import write_scaffold

    course = tmp_path / "course"
    write_scaffold(course)
    snapshot = {p: p.read_bytes() for p in course.rglob("*") if p.is_file()}
    monkeypatch.setattr(course_writer.os, "link", failing_link)
    report = run_import("gift", tmp_path / "src.gift", course)
    (error,) = report.diags.errors
    assert error.code == "CK906" and "No space left" in error.message and not report.written
    assert {p: p.read_bytes() for p in course.rglob("*") if p.is_file()} == snapshot


def test_strict_writes_nothing_when_there_are_warnings(tmp_path):
    (tmp_path / "src.gift").write_text(GOOD_GIFT + "\nJust text.\n", encoding="utf-8")
    result = _run("gift", str(tmp_path / "src.gift"), "--out", str(tmp_path / "out"), "--strict")
    assert result.exit_code == 1 and "CK910" in result.output and not (tmp_path / "out").exists()


def test_bad_quiz_id_is_a_usage_error(tmp_path):
    (tmp_path / "src.gift").write_text(GOOD_GIFT, encoding="utf-8")
    result = _run("gift", str(tmp_path / "src.gift"), "--out", str(tmp_path / "out"), "--quiz-id", "Not A Slug")
    assert result.exit_code == 2 and not (tmp_path / "out").exists()


def test_unsafe_svg_in_a_bank_is_not_written(tmp_path):
    import base64

    from coursekit.load import load_course

    svg = b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg>&x;</svg>'
    xml = f"""<?xml version="1.0" encoding="UTF-8"?>
<quiz><question type="truefalse"><name><text>Pic</text></name>
<questiontext format="html"><text><![CDATA[<p>Look: <img src="@@PLUGINFILE@@/evil.svg" alt="a chart"></p>]]></text>
<file name="evil.svg" path="/" encoding="base64">{base64.b64encode(svg).decode()}</file></questiontext>
<answer fraction="100"><text>true</text><feedback><text>Yes.</text></feedback></answer>
<answer fraction="0"><text>false</text><feedback><text>No.</text></feedback></answer></question></quiz>"""
    (tmp_path / "b.xml").write_text(xml, encoding="utf-8")
    report = run_import("moodle", tmp_path / "b.xml", tmp_path / "c")
    assert [d.code for d in report.diags.warnings] == ["CK917"]
    assert not (tmp_path / "c" / "assets").exists()
    course, diags = load_course(tmp_path / "c")
    assert course is not None and not diags.items, diags.render()
    assert "Look: a chart" in course.all_quizzes()[0][1].questions[0].prompt


def test_importing_into_the_current_empty_folder_writes_the_course_there(tmp_path, monkeypatch):
    from coursekit.load import load_course

    (tmp_path / "src.gift").write_text(GOOD_GIFT, encoding="utf-8")
    (tmp_path / "here").mkdir()
    monkeypatch.chdir(tmp_path / "here")
    result = _run("gift", "../src.gift", "--out", ".")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "here" / "course.yaml").is_file() and Path.cwd() == tmp_path / "here"
    loaded, diags = load_course(tmp_path / "here")
    assert loaded is not None and not diags.has_errors(), diags.render()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["here", "src.gift"]  # no staging left


def test_adding_to_a_course_with_crlf_lines_keeps_them(tmp_path):
    from coursekit.load import load_course
    from coursekit.scaffold import write_scaffold

    course = tmp_path / "course"
    write_scaffold(course)
    crlf = (course / "course.yaml").read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    (course / "course.yaml").write_bytes(crlf)
    (tmp_path / "src.gift").write_text(GOOD_GIFT, encoding="utf-8")
    result = _run("gift", str(tmp_path / "src.gift"), "--out", str(course))
    assert result.exit_code == 0, result.output
    after = (course / "course.yaml").read_bytes()
    assert b"\n" not in after.replace(b"\r\n", b"")  # every line still ends in CRLF
    (added,) = [line for line in after.split(b"\r\n") if b"imported-src" in line]
    assert after.replace(added + b"\r\n", b"", 1) == crlf  # the rest byte for byte
    loaded, diags = load_course(course)
    assert loaded is not None and not diags.has_errors(), diags.render()


def test_importing_the_same_bank_twice_adds_a_renamed_quiz(tmp_path):
    from coursekit.load import load_course
    from coursekit.scaffold import write_scaffold

    course = tmp_path / "course"
    write_scaffold(course)
    (tmp_path / "src.gift").write_text(GOOD_GIFT, encoding="utf-8")
    assert _run("gift", str(tmp_path / "src.gift"), "--out", str(course)).exit_code == 0
    result = _run("gift", str(tmp_path / "src.gift"), "--out", str(course))
    assert result.exit_code == 0 and "CK916" in result.output and "src-2" in result.output
    loaded, diags = load_course(course)
    assert loaded is not None and not diags.has_errors(), diags.render()
    assert [q.id for ch in loaded.chapters[-2:] for q in ch.quizzes] == ["src", "src-2"]
