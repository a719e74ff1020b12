"""The export document and the JSON Schema that describes it."""

from __future__ import annotations

import json
import re
from datetime import datetime
from importlib import resources
from typing import Any

import pytest

from newsread.annotations.export import (
    EXPORT_FORMAT,
    build_export,
    dumps_export,
    load_schema,
    schema_path,
)
from newsread.model import Annotation, Article

# --- a small validator -----------------------------------------------------------
# jsonschema is not a dependency, so the tests carry a validator for exactly the
# keywords the schema uses. Any other keyword fails loudly, so the schema cannot
# grow a construct these tests silently ignore.

KNOWN_KEYWORDS = {
    "$schema", "$id", "$defs", "$ref", "title", "description",
    "type", "const", "enum", "required", "properties", "additionalProperties",
    "items", "minimum", "minLength", "maxLength", "format",
}  # fmt: skip
DATE_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")
TYPES: dict[str, Any] = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
}


def validate(instance: Any, schema: dict[str, Any], root: dict[str, Any], path: str = "$") -> None:
    unknown = set(schema) - KNOWN_KEYWORDS
    assert not unknown, f"validator does not understand {unknown} at {path}"
    if "$ref" in schema:
        target: Any = root
        for part in schema["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        validate(instance, target, root, path)
    if "type" in schema:
        names = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        assert any(TYPES[n](instance) for n in names), f"{path}: {instance!r} is not {names}"
    if "const" in schema:
        assert instance == schema["const"], f"{path}: {instance!r} != {schema['const']!r}"
    if "enum" in schema:
        assert instance in schema["enum"], f"{path}: {instance!r} not in {schema['enum']}"
    if isinstance(instance, str):
        if "minLength" in schema:
            assert len(instance) >= schema["minLength"], f"{path}: too short"
        if "maxLength" in schema:
            assert len(instance) <= schema["maxLength"], f"{path}: too long"
        if schema.get("format") == "date-time":
            assert DATE_TIME.match(instance), f"{path}: {instance!r} is not a date-time"
            datetime.fromisoformat(instance.replace("Z", "+00:00"))
    if isinstance(instance, int) and "minimum" in schema:
        assert instance >= schema["minimum"], f"{path}: {instance} < {schema['minimum']}"
    if isinstance(instance, dict):
        for key in schema.get("required", []):
            assert key in instance, f"{path}: missing {key!r}"
        props = schema.get("properties", {})
        if schema.get("additionalProperties") is False:
            extra = set(instance) - set(props)
            assert not extra, f"{path}: unexpected {extra}"
        for key, sub in props.items():
            if key in instance:
                validate(instance[key], sub, root, f"{path}.{key}")
    if isinstance(instance, list) and "items" in schema:
        for i, item in enumerate(instance):
            validate(item, schema["items"], root, f"{path}[{i}]")


def assert_valid(document: dict[str, Any]) -> None:
    schema = load_schema()
    validate(document, schema, schema)


def assert_invalid(document: dict[str, Any]) -> None:
    with pytest.raises(AssertionError):
        assert_valid(document)


# --- sample library --------------------------------------------------------------

BRIDGE = Article(
    id="a1",
    title="Bridge opening delayed",
    body="The mayor said the bridge would open in May, weeks later than planned.",
    source="Gazette",
    url_or_path="https://example.org/bridge",
)
BUDGET = Article(
    id="a2",
    title="budget balanced",  # lower case: sorting must not put it after "Z..."
    body="The treasurer said the budget would balance by spring.",
    source="Courier",
    url_or_path="/tmp/budget.txt",
)


CLAIM_DATA = {
    "kind": "prediction",
    "speaker": {"start": 0, "end": 9, "text": "The mayor"},
    "cue": {"start": 10, "end": 14, "text": "said"},
    "content": {"start": 15, "end": 70, "text": BRIDGE.body[15:70]},
}


def note(article: Article, ident: str, start: int, end: int, **extra: Any) -> Annotation:
    return Annotation(
        id=ident,
        article_id=article.id,
        start=start,
        end=end,
        quote=article.body[start:end],
        created="2025-03-01T10:00:00+00:00",
        updated="2025-03-02T11:30:00+00:00",
        **extra,
    )


def sample_document() -> dict[str, Any]:
    claim = note(
        BRIDGE,
        "n2",
        0,
        len(BRIDGE.body),
        tags=["claim"],
        data=CLAIM_DATA,
    )
    entity = note(BRIDGE, "n1", 4, 9, tags=["person", "official"], note="Who is this?")
    orphan = note(BUDGET, "n3", 4, 13, orphan=True)
    orphan.quote = "comptroller"
    when = "2025-03-03T09:00:00Z"
    rejected = [
        {"kind": "entity", "label": "DATE", "start": 40, "end": 43, "rejected": when},
        {"kind": "claim", "label": "prediction", "start": 0, "end": 20},
    ]
    return build_export(
        [(BRIDGE, [claim, entity]), (BUDGET, [orphan])],
        [(BRIDGE, rejected)],
        exported="2025-03-04T12:00:00+00:00",
    )


# --- the schema file -----------------------------------------------------------------


def test_schema_ships_with_the_package_and_is_json() -> None:
    path = schema_path()
    assert path.is_file()
    resource = resources.files("newsread").joinpath("schemas", "annotations.schema.json")
    schema = json.loads(resource.read_text("utf-8"))
    assert schema == json.loads(path.read_text("utf-8")) == load_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_every_object_in_the_schema_is_closed_except_data() -> None:
    schema = load_schema()
    objects = [schema, *schema["$defs"].values()]
    for obj in objects:
        if obj.get("type") == "object":
            assert obj["additionalProperties"] is False
            # Only the bodies (--with-text) are optional, and a rejected claim's
            # cue and a rejection's annotator (absent from rejections made
            # before they were kept).
            optional = {"articles"} if obj is schema else set()
            if obj is schema["$defs"]["rejected"]:
                optional = {"cue", "annotator"}
            assert set(obj["required"]) == set(obj["properties"]) - optional
    data = schema["$defs"]["annotation"]["properties"]["data"]
    # Open: no properties, no additionalProperties; its description says how
    # to tell a correction from an accepted suggestion.
    assert data["type"] == "object" and set(data) == {"type", "description"}


# --- build_export ---------------------------------------------------------------------


def test_export_validates_against_the_schema() -> None:
    document = sample_document()
    assert_valid(document)
    # And survives the trip through the printed form.
    assert_valid(json.loads(dumps_export(document)))


def test_empty_library_exports_a_valid_document() -> None:
    document = build_export([])
    assert document["annotations"] == [] == document["rejected_suggestions"]
    assert document["format"] == EXPORT_FORMAT and document["version"] == 1
    assert_valid(document)


def test_annotations_are_sorted_by_article_title_then_start() -> None:
    document = sample_document()
    order = [(a["article"]["title"], a["start"], a["id"]) for a in document["annotations"]]
    assert order == [
        ("Bridge opening delayed", 0, "n2"),
        ("Bridge opening delayed", 4, "n1"),
        ("budget balanced", 4, "n3"),
    ]
    starts = [r["start"] for r in document["rejected_suggestions"]]
    assert starts == [0, 40]


def test_annotation_record_carries_every_field() -> None:
    record = next(a for a in sample_document()["annotations"] if a["id"] == "n1")
    assert record == {
        "id": "n1",
        "article": {
            "id": "a1",
            "title": "Bridge opening delayed",
            "source": "Gazette",
            "url_or_path": "https://example.org/bridge",
            "content_hash": BRIDGE.content_hash,
        },
        "tags": ["person", "official"],
        "note": "Who is this?",
        "quote": "mayor",
        "prefix": "The ",
        "suffix": " said the bridge would open in M",
        "start": 4,
        "end": 9,
        "created": "2025-03-01T10:00:00+00:00",
        "updated": "2025-03-02T11:30:00+00:00",
        "orphan": False,
        "data": {},
        "annotator": "",
    }


def test_claim_data_and_orphans_are_kept() -> None:
    by_id = {a["id"]: a for a in sample_document()["annotations"]}
    assert by_id["n2"]["data"] == CLAIM_DATA
    assert by_id["n3"]["orphan"] is True
    assert by_id["n3"]["quote"] == "comptroller"  # the last known text, not today's body
    assert (by_id["n3"]["start"], by_id["n3"]["end"]) == (4, 13)


def test_rejected_suggestions_are_described() -> None:
    first, second = sample_document()["rejected_suggestions"]
    assert first["kind"] == "claim" and first["label"] == "prediction"
    assert first["text"] == BRIDGE.body[0:20]
    assert first["rejected"] is None  # never recorded: null, not an invented time
    assert second["text"] == "May"
    assert second["rejected"] == "2025-03-03T09:00:00+00:00"


def test_timestamps_are_normalised_to_utc_or_null() -> None:
    ann = note(BRIDGE, "n9", 4, 9)
    ann.created = "2025-03-01T12:00:00+02:00"
    ann.updated = ""
    (record,) = build_export([(BRIDGE, [ann])])["annotations"]
    assert record["created"] == "2025-03-01T10:00:00+00:00"
    assert record["updated"] == record["created"]  # never edited since creation
    ann.created = "not a date"
    (record,) = build_export([(BRIDGE, [ann])])["annotations"]
    assert record["created"] is None
    assert_valid(build_export([(BRIDGE, [ann])]))


def test_context_is_clipped_to_32_characters() -> None:
    ann = note(BRIDGE, "n9", 40, 43, prefix="p" * 50, suffix="s" * 50)
    (record,) = build_export([(BRIDGE, [ann])])["annotations"]
    assert record["prefix"] == "p" * 32 and record["suffix"] == "s" * 32


def test_default_export_time_is_utc_now() -> None:
    document = build_export([])
    assert document["exported"].endswith("+00:00")
    assert_valid(document)


def test_mismatched_article_is_refused() -> None:
    with pytest.raises(ValueError):
        build_export([(BUDGET, [note(BRIDGE, "n1", 4, 9)])])


def test_unknown_suggestion_kind_is_refused() -> None:
    with pytest.raises(ValueError):
        build_export([], [(BRIDGE, [{"kind": "quote", "label": "", "start": 0, "end": 1}])])


# --- the validator catches what it should -------------------------------------------


def test_validator_rejects_broken_documents() -> None:
    good = sample_document()
    assert_valid(good)

    missing = json.loads(json.dumps(good))
    del missing["annotations"][0]["quote"]
    assert_invalid(missing)

    extra = json.loads(json.dumps(good))
    extra["annotations"][0]["colour"] = "red"
    assert_invalid(extra)

    wrong_type = json.loads(json.dumps(good))
    wrong_type["annotations"][0]["start"] = "4"
    assert_invalid(wrong_type)

    bad_kind = json.loads(json.dumps(good))
    bad_kind["rejected_suggestions"][0]["kind"] = "quote"
    assert_invalid(bad_kind)

    bad_time = json.loads(json.dumps(good))
    bad_time["exported"] = "yesterday"
    assert_invalid(bad_time)

    # data stays open: extra keys there are fine.
    open_data = json.loads(json.dumps(good))
    open_data["annotations"][0]["data"]["anything"] = {"nested": [1, 2]}
    assert_valid(open_data)
