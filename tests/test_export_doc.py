"""docs/export-format.md shows what the exports really are: each example block's
shape (keys, nesting, value types) is one a fresh export of the sample library
has, and the spaCy example runs on a real ``.spacy`` file."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest

from newsread.annotations.formats import FORMATS
from newsread.annotations.formats.csvfile import COLUMNS
from tests.export_sample import build_sample_library, fix_export_time
from tui.cli import main

DOC = Path(__file__).resolve().parent.parent / "docs" / "export-format.md"
EXAMPLE = re.compile(
    r"<!-- example: (?P<what>[^>]+?) -->\n```(?P<lang>\w*)\n(?P<body>.*?)\n```", re.DOTALL
)
LINES = ("jsonl", "doccano")
#: Objects whose keys are open (the annotation's ``data``): only their type counts.
OPEN = {"data"}


def examples() -> list[tuple[str, list[str], str]]:
    """(format, extra export arguments, block text) for every example in the doc."""
    found = []
    for match in EXAMPLE.finditer(DOC.read_text("utf-8")):
        fmt, *extra = match["what"].split()
        found.append((fmt, extra, match["body"]))
    return found


def shape(value: Any, key: str = "") -> Any:
    if isinstance(value, dict):
        if key in OPEN:
            return "object"
        return ("object", tuple(sorted((k, shape(v, k)) for k, v in value.items())))
    if isinstance(value, list):
        return ("array", frozenset(shape(v) for v in value))
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if value is None:
        return "null"
    return "string"


def covers(real: Any, shown: Any) -> bool:
    """Whether the real output has the shape the doc shows: the same keys with
    covered values; every element shape shown is one some real element has."""
    if isinstance(real, tuple) and isinstance(shown, tuple) and real[0] == shown[0]:
        if real[0] == "object":
            real_keys, shown_keys = dict(real[1]), dict(shown[1])
            return real_keys.keys() == shown_keys.keys() and all(
                covers(real_keys[k], shown_keys[k]) for k in shown_keys
            )
        return all(any(covers(r, s) for r in real[1]) for s in shown[1])
    return real == shown


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, ...], Path]:
    root = tmp_path_factory.mktemp("doc") / "lib"
    build_sample_library(root).close()
    made: dict[tuple[str, ...], Path] = {}
    with pytest.MonkeyPatch.context() as patch:
        fix_export_time(patch)
        for fmt, extra, _ in examples():
            key = (fmt, *extra)
            target = root.parent / ("-".join(key).replace("--", "") + ".out")
            args = ["export", "--format", fmt, "-o", str(target), "--library", str(root)]
            assert main([*args, *extra]) == 0
            made[key] = target
    return made


def test_every_format_has_an_example():
    shown = {fmt for fmt, _, _ in examples()}
    assert shown == set(FORMATS)


@pytest.mark.parametrize(
    ("fmt", "extra", "block"),
    [e for e in examples() if e[0] in ("json", "w3c", "labelstudio")],
    ids=lambda v: " ".join(v) if isinstance(v, list) else str(v)[:20],
)
def test_json_examples_have_the_real_shape(exports, fmt, extra, block):
    real = json.loads(exports[(fmt, *extra)].read_text("utf-8"))
    assert covers(shape(real), shape(json.loads(block)))


@pytest.mark.parametrize(
    ("fmt", "extra", "block"),
    [e for e in examples() if e[0] in LINES],
    ids=lambda v: " ".join(v) if isinstance(v, list) else str(v)[:20],
)
def test_line_examples_have_the_real_shape(exports, fmt, extra, block):
    real = [
        shape(json.loads(line)) for line in exports[(fmt, *extra)].read_text("utf-8").splitlines()
    ]
    for line in block.splitlines():
        assert any(covers(r, shape(json.loads(line))) for r in real), line


def test_csv_example_has_the_real_columns(exports):
    [(_, extra, block)] = [e for e in examples() if e[0] == "csv"]
    real = list(
        csv.reader(io.StringIO(exports[("csv", *extra)].read_text("utf-8-sig"), newline=""))
    )
    shown = list(csv.reader(io.StringIO(block, newline="")))
    assert real[0] == shown[0] == list(COLUMNS)
    assert all(len(row) == len(COLUMNS) for row in shown[1:])
    real_ids = {row[0] for row in real[1:]}
    assert {row[0] for row in shown[1:]} <= real_ids


def test_spacy_example_runs_on_a_real_file(exports, tmp_path, monkeypatch):
    [(_, extra, block)] = [e for e in examples() if e[0] == "spacy"]
    monkeypatch.chdir(tmp_path)
    (tmp_path / "annotations.spacy").write_bytes(exports[("spacy", *extra)].read_bytes())
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(block, str(DOC), "exec"), {})
    out = printed.getvalue()
    assert "a1bridge Bridge opening delayed, again" in out
    assert "entity PERSON The mayor, Ana Ruiz" in out
    assert "rejected DATE May" in out


def test_the_comparison_catches_a_stale_example(exports):
    [(_, extra, block)] = [e for e in examples() if e[0] == "json" and not e[1]]
    real = shape(json.loads(exports[("json", *extra)].read_text("utf-8")))
    stale = json.loads(block)
    del stale["annotations"][0]["annotator"]  # the shape before annotators
    assert not covers(real, shape(stale))
    wrong_type = json.loads(block)
    wrong_type["annotations"][0]["start"] = "0"
    assert not covers(real, shape(wrong_type))


def test_doc_and_schema_say_a_correction_carries_suggestion_too():
    # qa37 F16: an entity correction's data holds ``suggestion`` with the
    # corrected label (for the spaCy export's doc.ents); a reader of the doc
    # counting accepted suggestions by ``suggestion`` must learn to check
    # ``correction`` first.
    from newsread.annotations.export import load_schema

    [row] = [line for line in DOC.read_text("utf-8").splitlines() if line.startswith("| `data`")]
    assert "A correction of an entity or of a claim's roles also has `suggestion`" in row
    assert "check `correction` first" in row
    assert "A `not-a-claim` correction has no `suggestion`" in row
    data = load_schema()["$defs"]["annotation"]["properties"]["data"]
    assert data["type"] == "object"
    assert "check `correction` first" in data["description"]
