"""SCORM 1.2 and SCORM 2004 4th Edition packages of the HTML course (see exporter.py)."""

from .exporter import Scorm12Exporter, Scorm2004Exporter

EXPORTERS = {"scorm12": Scorm12Exporter, "scorm2004": Scorm2004Exporter}
