"""Canvas's course settings folder: the flag that selects its importer, and its modules.

Canvas picks its own converter when a manifest resource has ``href="course_settings/
canvas_export.txt"`` (lib/canvas/migration/package_identifier.rb); it then builds modules only
from ``course_settings/module_meta.xml`` (lib/cc/importer/canvas/module_converter.rb, read as
lib/cc/module_meta.rb writes it), linking items by migration id: a WikiPage by its page's
``<meta name="identifier">``, a quiz by its assessment ``ident``
(app/models/importers/context_module_importer.rb). No ``course_settings.xml``: the cartridge
carries course content, and the importing course keeps its own settings (name, code, dates).
"""

from __future__ import annotations

from lxml import etree

from coursekit.exporters.qti.ids import ncname

CANVAS_NS = "http://canvas.instructure.com/xsd/cccv1p0"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
FLAG_TEXT = b"Exported by coursekit. Canvas reads this cartridge with its own importer (Pages, Modules, Quizzes).\n"


def module_meta(modules: list[tuple[str, str, list[tuple[str, str, str]]]]) -> etree._Element:
    """``modules``: (chapter id, title, [(content_type, identifierref, title)]) in course order."""
    root = etree.Element(f"{{{CANVAS_NS}}}modules", nsmap={None: CANVAS_NS, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", f"{CANVAS_NS} https://canvas.instructure.com/xsd/cccv1p0.xsd")

    def sub(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
        e = etree.SubElement(parent, f"{{{CANVAS_NS}}}{tag}", attrs)
        e.text = text
        return e

    for position, (chapter_id, title, items) in enumerate(modules, start=1):
        module = sub(root, "module", identifier=ncname(f"module.{chapter_id}"))
        sub(module, "title", title)
        sub(module, "workflow_state", "active")
        sub(module, "position", str(position))
        sub(module, "require_sequential_progress", "false")
        sub(module, "locked", "false")
        holder = sub(module, "items")
        for n, (content_type, ref, item_title) in enumerate(items, start=1):
            item = sub(holder, "item", identifier=ncname(f"module-item.{chapter_id}.{n}"))
            sub(item, "content_type", content_type)
            sub(item, "workflow_state", "active")
            sub(item, "title", item_title)
            sub(item, "identifierref", ref)
            sub(item, "position", str(n))
            sub(item, "new_tab", "false")
            sub(item, "indent", "0")
    return root
