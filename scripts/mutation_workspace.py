"""Lay out the folder mutmut runs in (scripts/mutation.sh python).

mutmut names a mutant by its file's path under ``src/`` and makes the tests import the mutated
copy from ``mutants/src``; coursekit.exporters lives in ``exporters/`` (setup.py maps it), so
the workspace puts it where its import name says, ``src/coursekit/exporters``, and carries the
tests and the course folders they read. node_modules and ../shared are linked, not copied.

usage: python scripts/mutation_workspace.py WORKSPACE FILE_TO_MUTATE... -- TEST_FILE...
       python scripts/mutation_workspace.py --widen WORKSPACE

``--widen``: mutmut runs, for a mutant, the tests that executed the mutated function while it
collected its statistics. Work done in a module-scoped fixture (building a course once for a
module) is credited to the module's first test only, so the other tests of that module, which
check the same output, would never meet the mutant. Widening credits every test of a module
that executed the function.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
IGNORE = shutil.ignore_patterns("__pycache__", "*.pyc", ".hypothesis", ".coursekit-cache")


def workspace_path(repo_path: str) -> str:
    """Where a repository file lives in the workspace (exporters/x.py -> src/coursekit/exporters/x.py)."""
    return "src/coursekit/" + repo_path if repo_path.startswith("exporters/") else repo_path


def lay_out(ws: Path, mutate: list[str], tests: list[str]) -> None:
    if ws.exists():
        shutil.rmtree(ws)
    ws.mkdir(parents=True)
    shutil.copytree(ROOT / "src", ws / "src", ignore=IGNORE)
    shutil.copytree(ROOT / "exporters", ws / "src" / "coursekit" / "exporters", ignore=IGNORE)
    for folder in ("tests", "course", "examples"):
        shutil.copytree(ROOT / folder, ws / folder, ignore=IGNORE)
    # Tests reach files through the repository layout (ROOT/exporters/..., ROOT/node_modules);
    # mutmut runs them from mutants/, so the same names are links there too.
    for base in (ws, ws / "mutants"):
        base.mkdir(exist_ok=True)
        (base / "node_modules").symlink_to(ROOT / "node_modules")
        (base / "exporters").symlink_to(Path("src/coursekit/exporters"), target_is_directory=True)
    only = ", ".join(f'"{workspace_path(p)}"' for p in mutate)
    selection = ", ".join(f'"{t}"' for t in tests)
    (ws / "pyproject.toml").write_text(
        f"""[tool.mutmut]
source_paths = ["src"]
only_mutate = [{only}]
also_copy = ["tests", "course", "examples"]
pytest_add_cli_args = ["-p", "no:cacheprovider", "-q"]
pytest_add_cli_args_test_selection = [{selection}]
max_stack_depth = -1

[tool.pytest.ini_options]
testpaths = ["tests"]
""",
        encoding="utf-8",
    )


def widen(ws: Path) -> None:
    stats_file = ws / "mutants" / "mutmut-stats.json"
    stats = json.loads(stats_file.read_text(encoding="utf-8"))
    by_module: dict[str, set[str]] = {}
    for test in stats["duration_by_test"]:
        by_module.setdefault(test.split("::", 1)[0], set()).add(test)
    for name, tests in stats["tests_by_mangled_function_name"].items():
        modules = {t.split("::", 1)[0] for t in tests}
        stats["tests_by_mangled_function_name"][name] = sorted(set().union(*(by_module[m] for m in modules)))
    stats_file.write_text(json.dumps(stats, indent=4), encoding="utf-8")


if __name__ == "__main__":
    args = sys.argv[1:]
    if args[0] == "--widen":
        widen(Path(args[1]))
        sys.exit(0)
    split = args.index("--")
    lay_out(Path(args[0]), args[1:split], args[split + 1 :])
