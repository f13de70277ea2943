"""`coursekit new`: write a course to start from.

By default the course teaches the format (``teaching.py``); ``--minimal`` writes the smallest
valid course (``minimal.py``). The course id comes from the folder's name, made a slug.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

from ..model.base import SLUG_RE


class ScaffoldError(ValueError):
    """The course cannot be written as asked (no usable id)."""


def slugify(name: str) -> str:
    """``Physics 101: Heat!`` -> ``physics-101-heat`` (accents dropped, at most 64 characters)."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:64].rstrip("-")


def course_id_for(directory: Path, given: str | None) -> str:
    if given is not None:
        if not re.match(SLUG_RE, given) or len(given) > 64:
            raise ScaffoldError(f"--id {given!r} is not a slug: use a-z, 0-9 and '-', at most 64 characters")
        return given
    name = directory.resolve().name
    slug = slugify(name)
    if not slug:
        raise ScaffoldError(
            f"cannot make a course id from the folder name {name!r} (it has no letter or digit): "
            "rename the folder or give the id with --id my-course"
        )
    return slug


def write_scaffold(directory: Path, *, minimal: bool = False, course_id: str | None = None) -> None:
    from .minimal import FILES as MINIMAL
    from .teaching import FILES as TEACHING

    cid = course_id_for(directory, course_id)
    title = directory.resolve().name.strip() or cid
    files = dict(MINIMAL if minimal else TEACHING)
    if not minimal:
        files.update(_schemas())
    for rel, text in files.items():
        text = text.replace("__COURSE_ID__", cid)
        # YAML gets the title as a double-quoted scalar (JSON's escaping is valid there); Markdown as is.
        text = text.replace(
            "__COURSE_TITLE__", json.dumps(title, ensure_ascii=False) if rel.endswith(".yaml") else title
        )
        path = directory / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def _schemas() -> dict[str, str]:
    """The JSON Schemas .vscode/settings.json maps, as `coursekit schema course|quiz` prints them."""
    from ..model import CourseFile, Quiz

    return {
        f".vscode/{kind}.schema.json": json.dumps(model.model_json_schema(), indent=2, sort_keys=True) + "\n"
        for kind, model in (("course", CourseFile), ("quiz", Quiz))
    }
