"""Maps the top-level exporters/ folder to the package coursekit.exporters.

pyproject.toml cannot express "find packages under two roots and rename one", so the
package list is computed here; everything else lives in pyproject.toml.
"""

from pathlib import Path

from setuptools import setup


def _packages(root: str, prefix: str) -> dict[str, str]:
    found = {}
    for init in sorted(Path(root).rglob("__init__.py")):
        rel = init.parent.relative_to(root)
        name = ".".join((prefix, *rel.parts)) if rel.parts else prefix
        found[name] = init.parent.as_posix()
    return found


dirs = {**_packages("src/coursekit", "coursekit"), **_packages("exporters", "coursekit.exporters")}
setup(packages=sorted(dirs), package_dir=dirs)
