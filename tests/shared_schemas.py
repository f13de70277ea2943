"""Where the official XSDs are: ``../shared/schemas`` beside the repository, or $COURSEKIT_SCHEMAS.

Never a machine's absolute path: a fresh clone with ``shared/`` beside it must find them. A missing
folder is an error that says where it looked (never a skip: the schema checks are the proof).
"""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ENV = "COURSEKIT_SCHEMAS"


def schemas_dir() -> Path:
    override = os.environ.get(ENV)
    folder = Path(override) if override else REPO.parent / "shared" / "schemas"
    if not folder.is_dir():
        how = f"${ENV}={override}" if override else f"../shared/schemas from the repository root {REPO}"
        raise FileNotFoundError(
            f"the official XSDs are missing: {folder} does not exist (looked at {how}); "
            f"put shared/ beside the repository or set {ENV} to the schemas folder"
        )
    return folder


SCHEMAS = schemas_dir()
