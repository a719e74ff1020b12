"""The JSON exports checked by the real consumer: ``jsonschema`` validates the
json document (with and without texts) against the schema newsread ships,
every jsonl record against that schema's record definitions, and the w3c
collection against a schema of the Web Annotation shapes it promises."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from tests.export_sample import sample_annotations
from tests.test_export_formats import exported, library_root  # noqa: F401 - a fixture

SCHEMA_PATH = (
    Path(__file__).resolve().parents[1] / "newsread" / "schemas" / "annotations.schema.json"
)
SCHEMA = json.loads(SCHEMA_PATH.read_text("utf-8"))

#: What the w3c export promises of each annotation (docs/export-format.md):
#: the Web Annotation Data Model's shapes, only as far as newsread uses them.
SELECTOR = {
    "oneOf": [
        {
            "type": "object",
            # prefix and suffix are left out when empty (at a text's start or end)
            "required": ["type", "exact"],
            "properties": {
                "type": {"const": "TextQuoteSelector"},
                "exact": {"type": "string"},
                "prefix": {"type": "string"},
                "suffix": {"type": "string"},
            },
        },
        {
            "type": "object",
            "required": ["type", "start", "end"],
            "properties": {
                "type": {"const": "TextPositionSelector"},
                "start": {"type": "integer", "minimum": 0},
                "end": {"type": "integer", "minimum": 0},
            },
        },
    ]
}
W3C_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["@context", "type", "total", "first"],
    "properties": {
        "@context": {"const": "http://www.w3.org/ns/anno.jsonld"},
        "type": {"const": "AnnotationCollection"},
        "total": {"type": "integer"},
        "first": {
            "type": "object",
            "required": ["type", "items"],
            "properties": {
                "type": {"const": "AnnotationPage"},
                "items": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["id", "type", "target"],
                        "properties": {
                            "type": {"const": "Annotation"},
                            "creator": {
                                "type": "object",
                                "required": ["type", "name"],
                            },
                            "body": {
                                "type": "array",
                                "items": {
                                    "type": "object",
                                    "required": ["type", "purpose", "value"],
                                    "properties": {
                                        "type": {"const": "TextualBody"},
                                        "purpose": {
                                            "enum": ["tagging", "commenting", "describing"]
                                        },
                                        "value": {"type": "string"},
                                    },
                                },
                            },
                            "target": {
                                "type": "object",
                                "required": ["type", "source", "selector"],
                                "properties": {
                                    "selector": {
                                        "type": "array",
                                        "minItems": 2,
                                        "items": SELECTOR,
                                    }
                                },
                            },
                        },
                    },
                },
            },
        },
    },
}


def _errors(schema: dict[str, Any], instance: Any) -> list[str]:
    validator = Draft202012Validator(schema)
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(instance)]


def test_the_shipped_schema_is_a_valid_schema() -> None:
    Draft202012Validator.check_schema(SCHEMA)
    Draft202012Validator.check_schema(W3C_SCHEMA)


@pytest.mark.parametrize("extra", [(), ("--with-text",)], ids=["plain", "with-text"])
def test_json_export_validates(library_root: Path, tmp_path: Path, extra: tuple[str, ...]) -> None:  # noqa: F811
    document = json.loads(exported(library_root, "json", tmp_path, *extra).read_text("utf-8"))
    assert _errors(SCHEMA, document) == []
    # The validator does bite: a wrong field fails.
    broken = dict(document, annotations=[dict(document["annotations"][0], start="ten")])
    assert _errors(SCHEMA, broken)


def test_every_jsonl_record_validates(library_root: Path, tmp_path: Path) -> None:  # noqa: F811
    text = exported(library_root, "jsonl", tmp_path, "--with-text").read_text("utf-8")
    defs = {"$defs": SCHEMA["$defs"]}
    kinds = {
        "annotation": "annotation",
        "rejected_suggestion": "rejected",
        "article": "article_text",
    }
    seen = set()
    for line in text.splitlines():
        record = json.loads(line)
        kind = record.pop("type")
        seen.add(kind)
        schema = {**defs, "$ref": f"#/$defs/{kinds[kind]}"}
        assert _errors(schema, record) == [], record
    assert seen == set(kinds)


def test_w3c_export_validates(library_root: Path, tmp_path: Path) -> None:  # noqa: F811
    document = json.loads(exported(library_root, "w3c", tmp_path).read_text("utf-8"))
    assert _errors(W3C_SCHEMA, document) == []
    items = document["first"]["items"]
    # Every annotation, orphans too (at their last place: the format has no orphan flag).
    assert document["total"] == len(items) == len(sample_annotations())
