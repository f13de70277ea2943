"""Editor help: the JSON Schemas of course.yaml, quiz files and chapter front matter describe
every key (yaml-language-server shows the description on hover), they are valid JSON Schemas,
and the key tables of docs/format.md are generated from the same field definitions."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from coursekit.cli import cli

ROOT = Path(__file__).resolve().parents[1]
KINDS = ["course", "quiz", "chapter"]


def schema(kind: str) -> dict:
    return json.loads(CliRunner().invoke(cli, ["schema", kind], catch_exceptions=False).stdout)


def properties(node, path: str = "") -> Iterator[tuple[str, dict]]:
    """Every (path, property schema) below ``node``, $defs included."""
    if isinstance(node, dict):
        for name, prop in (node.get("properties") or {}).items():
            yield f"{path}.{name}", prop
        for key, value in node.items():
            yield from properties(value, f"{path}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from properties(value, f"{path}[{i}]")


@pytest.mark.parametrize("kind", KINDS)
def test_every_property_has_a_description(kind: str) -> None:
    data = schema(kind)
    found = list(properties(data))
    assert len(found) > 5
    missing = [path for path, prop in found if not (prop.get("description") or "").strip()]
    assert missing == [], missing
    models = [data, *data.get("$defs", {}).values()]
    assert all((m.get("description") or "").strip() for m in models if m.get("type") == "object")


@pytest.mark.parametrize("kind", KINDS)
def test_schemas_are_valid_json_schemas(kind: str) -> None:
    jsonschema.Draft202012Validator.check_schema(schema(kind))


def test_examples_are_valid_values() -> None:
    """Where a key shows examples, each example is accepted by the schema of that key."""
    seen = 0
    for kind in KINDS:
        data = schema(kind)
        for _path, prop in properties(data):
            for example in prop.get("examples", []):
                sub = {**prop, "$defs": data.get("$defs", {})}
                jsonschema.Draft202012Validator(sub).validate(example)
                seen += 1
    assert seen >= 10


def test_the_course_and_example_quizzes_validate_against_the_schemas() -> None:
    """What an editor checks against the schema agrees with coursekit on real files."""
    import yaml

    course_schema, quiz_schema = schema("course"), schema("quiz")
    folders = [ROOT / "course", *sorted(p for p in (ROOT / "examples").iterdir() if (p / "course.yaml").is_file())]
    for folder in folders:
        jsonschema.validate(yaml.safe_load((folder / "course.yaml").read_text(encoding="utf-8")), course_schema)
        for quiz in sorted((folder / "quizzes").glob("*.yaml")):
            jsonschema.validate(yaml.safe_load(quiz.read_text(encoding="utf-8")), quiz_schema)


def test_docs_format_key_tables_are_generated_from_the_model() -> None:
    proc = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "format_tables.py"), "--check"], capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_docs_tables_cover_every_key() -> None:
    from coursekit.schema_docs import documented_keys

    text = (ROOT / "docs" / "format.md").read_text(encoding="utf-8")
    for model, keys in documented_keys().items():
        for key in keys:
            assert f"| `{key}` |" in text, (model, key)
