"""An unexpected exception in a worker process reaches the user as one "internal error" line,
whatever the exception holds (issue 13: lxml's XMLSyntaxError carries an unpicklable error log,
and a parallel build used to die with "cannot pickle 'lxml.etree._ListErrorLog' object")."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from coursefixture import write_course
from lxml import etree
from test_fanout import bank

from coursekit import fanout
from coursekit.build import build_course
from coursekit.cli import cli
from coursekit.diagnostics import InternalError
from coursekit.exporters.moodle import EXPORTERS as MOODLE
from coursekit.exporters.qti import EXPORTERS as QTI


def _lxml_error() -> etree.XMLSyntaxError:
    try:
        etree.fromstring(b"<a>&</a>")
    except etree.XMLSyntaxError as exc:
        return exc
    raise AssertionError("lxml accepted a bare &")


def test_the_lxml_error_really_cannot_be_pickled() -> None:
    import pickle

    with pytest.raises(TypeError, match="pickle"):
        pickle.dumps(_lxml_error())


def test_target_worker_exception_is_reported(tmp_path: Path, monkeypatch) -> None:
    def broken(self, rendered):
        raise _lxml_error()

    monkeypatch.setattr(QTI["qti21"], "export", broken)
    course = write_course(tmp_path / "c")
    with pytest.raises(InternalError) as info:
        build_course(course, ["qti21", "moodle"], tmp_path / "out", {}, jobs=2)
    assert info.value.kind == "XMLSyntaxError" and "qti21" in str(info.value)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["build", str(course), "-t", "qti21", "-t", "moodle", "-j", "2", "-q"])
    assert result.exit_code == 1
    assert "coursekit: internal error: XMLSyntaxError: xmlParseEntityRef" in result.output
    assert "pickle" not in result.output and "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def test_split_worker_exception_is_reported(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(fanout, "MIN_QUESTIONS", 0)
    real = MOODLE["moodle"].export

    def broken_in_worker(self, rendered):
        import os

        parent = os.getpid()

        def fn(rq):
            if os.getpid() != parent:
                raise _lxml_error()
            return rq

        fanout.quiz_map(self, rendered, fn)
        return real(self, rendered)

    monkeypatch.setattr(MOODLE["moodle"], "export", broken_in_worker)
    course = bank(tmp_path / "course")
    with pytest.raises(InternalError) as info:
        build_course(course, ["moodle"], tmp_path / "out", {}, jobs=2)
    assert info.value.kind == "XMLSyntaxError"
