"""The suite cannot pass by not running: each way a test can quietly not count fails under CI,
and the source holds none of the patterns that hide a failure.

1. Under CI (tests/support/strict.py) a skip, a skipif, a fixture that skips, a module-level
   importorskip, an xfail and an xpass each fail, whatever value CI holds; without CI they
   are reported as usual. Proven by running a small suite in a child pytest, once under CI
   and once without; which values of CI count is checked in this process.
2. No test helper catches ``Exception``/``BaseException`` (or everything) without raising again
   or leaving the process: a fallback there turns a bug into a pass.
3. Hypothesis tests filter with ``assume``, never by returning early (a return is a pass).
4. Every ``zip`` compares lists of equal length (``strict=True``), in tests, helpers and code.
"""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TESTS = ROOT / "tests"

INNER = {
    "test_plain.py": """
        import pytest

        def test_passes():
            assert True

        def test_skips():
            pytest.skip("no tool")

        @pytest.mark.skipif(True, reason="never here")
        def test_skipif():
            assert True

        @pytest.fixture
        def missing():
            pytest.skip("fixture found nothing")

        def test_fixture_skips(missing):
            assert True

        @pytest.mark.xfail(reason="known bug")
        def test_xfail():
            assert False

        @pytest.mark.xfail(reason="fixed since")
        def test_xpass():
            assert True
    """,
    "test_collect.py": """
        import pytest

        pytest.importorskip("surely_no_such_module_here")

        def test_never_collected():
            assert True
    """,
}


def run_inner(tmp_path: Path, ci: str | None) -> tuple[int, str]:
    for name, text in INNER.items():
        (tmp_path / name).write_text(textwrap.dedent(text))
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    if ci is not None:
        env["CI"] = ci
    env["PYTHONPATH"] = str(TESTS)
    # Only the hooks under test (-p support.strict): loading every installed plugin takes most
    # of a child run's time and changes nothing in how pytest reports a skip or an xfail.
    env["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rA", "-p", "no:cacheprovider", "-p", "support.strict"]
        + ["--continue-on-collection-errors", str(tmp_path)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return proc.returncode, proc.stdout + proc.stderr


def test_under_ci_every_silent_outcome_fails(tmp_path):
    code, out = run_inner(tmp_path, "true")
    assert code == 1, out
    for test in ("test_skips", "test_skipif", "test_fixture_skips", "test_xfail", "test_xpass"):
        # a skip in setup (skipif, a fixture) is reported as an error, one in the test as a failure
        assert f"FAILED test_plain.py::{test} " in out or f"ERROR test_plain.py::{test} " in out, out
    assert "ERROR test_collect.py" in out, out
    assert out.rstrip().splitlines()[-1].startswith("3 failed, 1 passed, 3 errors in "), out


def test_outside_ci_skips_are_reported_as_skips(tmp_path):
    code, out = run_inner(tmp_path, None)
    assert code == 0, out
    assert "1 passed, 4 skipped, 1 xfailed, 1 xpassed" in out, out


# The two child runs above prove the hooks; which values of CI switch them on is read here.
@pytest.mark.parametrize(
    "value,strict",
    [("true", True), ("github-actions", True), ("1", True), ("yes", True), ("TRUE", True)]
    + [(None, False), ("", False), ("0", False), ("false", False), ("False", False), ("no", False), (" no ", False)],
)
def test_which_ci_values_make_the_run_strict(monkeypatch, value, strict):
    from support import strict as mode

    if value is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", value)
    assert mode.strict() is strict


def test_ci_run_sets_ci_whatever_the_environment_holds():
    text = (ROOT / ".ci" / "run").read_text()
    assert re.search(r"^export CI=true\b", text, re.M), text


# ---------------------------------------------------------------- source patterns


def python_files(*folders: Path):
    for folder in folders:
        yield from sorted(p for p in folder.rglob("*.py") if ".venv" not in p.parts and "mutants" not in p.parts)


def _leaves(handler: ast.ExceptHandler) -> bool:
    """The handler raises again or ends the process (a forked child reporting by exit code)."""
    for node in ast.walk(handler):
        if isinstance(node, ast.Raise):
            return True
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in ("_exit", "exit"):
            return True
    return False


def test_no_broad_except_fallback_in_tests():
    bad = []
    for path in python_files(TESTS):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if not isinstance(node, ast.ExceptHandler):
                continue
            names = [node.type] if not isinstance(node.type, ast.Tuple) else list(node.type.elts)
            broad = node.type is None or any(
                isinstance(n, ast.Name) and n.id in ("Exception", "BaseException") for n in names
            )
            if broad and not _leaves(node):
                bad.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert bad == [], f"broad except without re-raise: {bad}"


def _given_tests(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef):
            for dec in node.decorator_list:
                target = dec.func if isinstance(dec, ast.Call) else dec
                if (isinstance(target, ast.Name) and target.id == "given") or (
                    isinstance(target, ast.Attribute) and target.attr == "given"
                ):
                    yield node


def _own_returns(fn: ast.FunctionDef):
    """Return statements of ``fn`` itself (not of functions or lambdas defined inside it)."""
    stack = list(fn.body)
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            continue
        if isinstance(node, ast.Return):
            yield node
        stack.extend(ast.iter_child_nodes(node))


def test_hypothesis_tests_filter_with_assume_not_return():
    bad = []
    for path in python_files(TESTS):
        for fn in _given_tests(ast.parse(path.read_text(), str(path))):
            bad += [f"{path.relative_to(ROOT)}:{r.lineno} ({fn.name})" for r in _own_returns(fn)]
    assert bad == [], f"a hypothesis test returns early (use hypothesis.assume): {bad}"


def test_every_zip_checks_lengths():
    bad = []
    for path in python_files(TESTS, ROOT / "src", ROOT / "exporters", ROOT / "bench", ROOT / "scripts"):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "zip":
                if not any(k.arg == "strict" for k in node.keywords):
                    bad.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert bad == [], f"zip() without strict=: {bad}"
