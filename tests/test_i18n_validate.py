"""validate and the course's language: the fallback warning (CK115), ui_strings in the
JSON Schema, and a course's own wording reaching its pages."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

sys.path.insert(0, str(Path(__file__).parent))

from coursefixture import COURSE_YAML, write_course  # noqa: E402

from coursekit.cli import cli  # noqa: E402


def validate(tmp_path: Path, monkeypatch, course_yaml: str) -> tuple[int, list[dict]]:
    write_course(tmp_path, files={"course.yaml": course_yaml})
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["validate", "--format", "json"])
    return result.exit_code, json.loads(result.stdout)["diagnostics"]


@pytest.mark.parametrize(
    "language,fallback",
    [
        ("ar", "UI strings in English (en), its numbers and text direction in 'ar'"),
        ("he-IL", "UI strings in English (en)"),
        ("sw", "UI strings in English (en)"),
        ("qaa", "UI text and numbers fall back to English (en)"),
    ],
)
def test_a_language_without_catalog_is_a_warning_naming_the_fallback(tmp_path, monkeypatch, language, fallback):
    code, diags = validate(tmp_path, monkeypatch, COURSE_YAML.replace("language: en", f"language: {language}"))
    warnings = [d for d in diags if d["code"] == "CK115"]
    assert code == 0 and len(warnings) == 1, diags
    w = warnings[0]
    assert (w["severity"], w["file"], w["line"], w["col"]) == ("warning", "course.yaml", 3, 11)
    assert fallback in w["message"] and w["hint"]


@pytest.mark.parametrize("language", ["en", "en-GB", "de", "de-CH", "fr-CA", "pt-BR", "es-419", "it", "nl-BE"])
def test_shipped_languages_and_their_regions_are_clean(tmp_path, monkeypatch, language):
    code, diags = validate(tmp_path, monkeypatch, COURSE_YAML.replace("language: en", f"language: {language}"))
    assert not [d for d in diags if d["code"] == "CK115"], diags


def test_schema_lists_the_message_ids():
    result = CliRunner().invoke(cli, ["schema", "course"])
    schema = json.loads(result.stdout)
    ui = schema["properties"]["ui_strings"]
    assert "Check answers" in ui["propertyNames"]["enum"]
    assert "%(points)s point" in ui["propertyNames"]["enum"]


def test_ui_strings_reach_the_pages(tmp_path):
    course = COURSE_YAML.replace(
        "language: en",
        "language: de\nui_strings:\n  Check answers: Abschicken\n  '%(points)s point': '%(points)s P.'\n"
        "  Question %(number)s of %(count)s: 'Aufgabe %(number)s/%(count)s'",
    )
    write_course(tmp_path / "c", files={"course.yaml": course})
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", str(tmp_path / "c"), "-t", "html", "-o", str(out), "-q", "-j", "1"])
    assert result.exit_code == 0, result.output
    page = (out / "html" / "chapter-one.html").read_text()
    assert ">Abschicken</button>" in page and "Antworten prüfen" not in page
    assert "(1 P.)" in page
    data = json.loads(page.split('<script type="application/json" id="ck-l10n">')[1].split("</script>")[0])
    assert data["messages"]["Question %(number)s of %(count)s"] == "Aufgabe %(number)s/%(count)s"
    assert data["lang"] == "de"
