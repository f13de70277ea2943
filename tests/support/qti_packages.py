"""QTI packages as a QTI engine reads them: 3.0 items as exported, 2.1 items upgraded to 3.0 by
citolab's ``qti_convert`` (PyPI; a reader nobody here wrote). Both keyed by package path."""

from __future__ import annotations


def engine_items(rendered) -> dict[str, dict[str, bytes]]:
    """{"qti30": files, "qti21": files upgraded to 3.0} of the course's QTI packages."""
    from qti_convert import upgrade_package_files

    from .course_dir import export

    qti30 = export(rendered, "qti30")
    upgraded = upgrade_package_files(dict(export(rendered, "qti21")))
    files = getattr(upgraded, "files", upgraded)
    return {"qti30": qti30, "qti21": {k: v if isinstance(v, bytes) else v.encode() for k, v in files.items()}}
