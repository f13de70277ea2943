"""The ``html`` target: a static, self-contained site of the course (see exporter.py)."""

from .exporter import HtmlExporter
from .pages import chapter_page

EXPORTERS = {"html": HtmlExporter}

__all__ = ["EXPORTERS", "HtmlExporter", "chapter_page"]
