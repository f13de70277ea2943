"""Target ``cc``: the whole course as one IMS Common Cartridge 1.1 (``<course-id>.imscc``).

The standard part is read by every LMS (Moodle, Blackboard, Brightspace, Sakai, ...); Canvas's
own extensions in the same file give Canvas Pages, Modules and Quizzes of every question type.
"""

from __future__ import annotations

from .exporter import CommonCartridgeExporter

EXPORTERS = {"cc": CommonCartridgeExporter}
