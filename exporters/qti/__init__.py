"""QTI exporters: ``qti21`` (IMS QTI 2.1), ``qti30`` (1EdTech QTI 3.0), ``canvas`` (Canvas QTI 1.2).

The target ``qti`` (all three) is expanded by the registry in coursekit.targets.
"""

from __future__ import annotations

from .canvas import CanvasExporter
from .qti21 import Qti21Exporter
from .qti30 import Qti30Exporter

EXPORTERS = {"qti21": Qti21Exporter, "qti30": Qti30Exporter, "canvas": CanvasExporter}
