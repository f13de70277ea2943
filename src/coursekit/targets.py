"""The one registry of targets: CLI names to exporter names to exporter modules.

The CLI knows nothing of formats; adding a target is one module in exporters/ plus a line here.
"""

from __future__ import annotations

EXPORTER_MODULES: dict[str, str] = {
    "html": "coursekit.exporters.html",
    "scorm12": "coursekit.exporters.scorm",
    "scorm2004": "coursekit.exporters.scorm",
    "qti21": "coursekit.exporters.qti",
    "qti30": "coursekit.exporters.qti",
    "canvas": "coursekit.exporters.qti",
    "moodle": "coursekit.exporters.moodle",
    "cc": "coursekit.exporters.cc",
}

TARGETS: dict[str, list[str]] = {
    **{name: [name] for name in EXPORTER_MODULES},
    "scorm": ["scorm12", "scorm2004"],
    "qti": ["qti21", "qti30", "canvas"],
    "all": list(EXPORTER_MODULES),
}


def expand(targets: list[str]) -> list[str]:
    """Exporter names for the given target names, each once, in registry order."""
    wanted = {e for t in targets for e in TARGETS[t]}
    return [e for e in EXPORTER_MODULES if e in wanted]
