"""Damaged exports: every reader survives a source with any one element removed or emptied.
The result is always located diagnostics (and, when something is left, a course that loads),
never an exception."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from lxml import etree

from coursekit.importers import run_import
from coursekit.load import load_course

FIXTURES = Path(__file__).parent / "import_fixtures"


def _variants(xml: bytes, step: int):
    root = etree.fromstring(xml)
    paths = [root.getroottree().getpath(el) for el in root.iter() if el is not root and isinstance(el.tag, str)]
    for path in paths[::step]:
        for mode in ("remove", "empty"):
            tree = copy.deepcopy(root)
            (el,) = tree.getroottree().xpath(path)
            if mode == "remove":
                el.getparent().remove(el)
            else:
                el.text = ""
                for child in list(el):
                    el.remove(child)
            yield f"{mode} {path}", etree.tostring(tree, xml_declaration=True, encoding="UTF-8")


def _check(fmt: str, src: Path, out: Path, what: str) -> None:
    try:
        report = run_import(fmt, src, out)
    except Exception as exc:  # the assertion names the damage that crashed the reader
        raise AssertionError(f"{what}: {type(exc).__name__}: {exc}") from exc
    for d in report.diags.items:
        assert d.location.line >= 1 and d.location.file, (what, d)
    if report.written:
        course, diags = load_course(out)
        assert course is not None and not diags.has_errors(), (what, diags.render())


def test_moodle_bank_with_damage(tmp_path):
    xml = (FIXTURES / "moodle-bank.xml").read_bytes()
    for n, (what, data) in enumerate(_variants(xml, 3)):
        src = tmp_path / f"m{n}.xml"
        src.write_bytes(data)
        _check("moodle", src, tmp_path / f"out{n}", what)


def test_canvas_items_with_damage(tmp_path):
    import io
    import zipfile

    xml = (FIXTURES / "canvas-export.xml").read_bytes()
    for n, (what, data) in enumerate(_variants(xml, 4)):
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as zf:
            zf.writestr("g2/g2.xml", data)
        src = tmp_path / f"c{n}.zip"
        src.write_bytes(buf.getvalue())
        _check("canvas", src, tmp_path / f"out{n}", what)


@pytest.mark.parametrize("target", ["qti21", "qti30"])
def test_qti_items_with_damage(tmp_path, target):
    import io
    import zipfile

    from import_roundtrip import build

    artifact, _, _ = build(Path(__file__).resolve().parents[1] / "examples" / "question-types", target, tmp_path / "o")
    files = dict((n, zipfile.ZipFile(artifact).read(n)) for n in zipfile.ZipFile(artifact).namelist())
    items = sorted(n for n in files if n.startswith("items/"))[::3]
    n = 0
    for item in items:
        for what, data in _variants(files[item], 12):
            buf = io.BytesIO()
            with zipfile.ZipFile(buf, "w") as zf:
                for name, content in files.items():
                    zf.writestr(name, data if name == item else content)
            src = tmp_path / f"q{n}.zip"
            src.write_bytes(buf.getvalue())
            _check("qti", src, tmp_path / f"out{n}", f"{item}: {what}")
            n += 1


_TOKENS = [
    "::", "{", "}", "=", "~", "#", "####", "->", "%50%", "%-100%", "\\", "\\:", "T", "FALSE", "..", ":", "\n", "\n\n",
    "$CATEGORY: a/b", "[html]", "<p>", "x", "1.", "2.  ", "*a)", "a)", "[*]", "[ ]", "*   ", "=   ", "+- ", "...",
    "+", "-", "____", "GROUP", "END_GROUP", "pick: 1", "Title:", "Points: 2", "Quiz title: T", "```", "  ", "3.5",
]  # fmt: skip


def test_text_formats_never_raise():
    """Random GIFT / text2qti-like text: the readers report, they never crash."""
    import tempfile

    from hypothesis import given, settings
    from hypothesis import strategies as st

    from coursekit.importers import read
    from coursekit.importers.assemble import assemble
    from coursekit.importers.draft import ImportProblem

    @settings(max_examples=150, deadline=None, derandomize=True, database=None)
    @given(text=st.lists(st.sampled_from(_TOKENS), max_size=40).map("".join), fmt=st.sampled_from(["gift", "text2qti"]))
    def run(text, fmt):
        with tempfile.TemporaryDirectory() as tmp:
            src = Path(tmp) / "bank.txt"
            src.write_text(text, encoding="utf-8")
            try:
                assemble(read(fmt, src), set())
            except ImportProblem:
                pass

    run()
