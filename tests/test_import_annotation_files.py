"""import-annotations on files that say less than they seem to: an unreadable
timestamp, an empty file, an export cut off mid-way."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsread.annotations.export import build_export
from newsread.annotations.formats.w3c import dumps_w3c
from newsread.model import Annotation
from storage.library import Library
from tests.export_sample import BRIDGE, BUDGET
from tui.cli import main

STAMP = "2025-03-04T12:00:00+00:00"


def _document() -> dict:
    start = BRIDGE.body.index("Ana Ruiz")
    ann = Annotation("n1", BRIDGE.id, 0, 0, "", tags=["PERSON"], created=STAMP, updated=STAMP)
    return build_export([(BRIDGE, [ann.placed_at(BRIDGE.body, start, start + 8)])], exported=STAMP)


def _files(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and "backups" not in p.parts
    }


def _refused(capsys, tmp_path: Path, incoming: Path) -> str:
    Library(tmp_path / "lib").save_articles([BRIDGE, BUDGET])
    before = _files(tmp_path / "lib")
    code = main(["--library", str(tmp_path / "lib"), "import-annotations", str(incoming)])
    out, err = capsys.readouterr()
    assert code == 1 and out == ""
    assert _files(tmp_path / "lib") == before
    (line,) = err.splitlines()
    return line


@pytest.mark.parametrize("key", ["created", "updated"])
def test_a_json_timestamp_that_is_no_date_is_refused(capsys, tmp_path, key):
    document = _document()
    document["annotations"][0][key] = "yesterday"
    incoming = tmp_path / "in.json"
    incoming.write_text(json.dumps(document), encoding="utf-8")
    assert _refused(capsys, tmp_path, incoming) == (
        f"newsread: error: {incoming}: annotations[0] (annotation 'n1'): {key} 'yesterday' "
        "is not an ISO 8601 date-time (such as 2025-03-04T12:00:00+00:00; null when unknown)"
    )


def test_a_w3c_created_that_is_no_date_is_refused(capsys, tmp_path):
    collection = json.loads(dumps_w3c(_document()))
    collection["first"]["items"][0]["created"] = "not a date"
    incoming = tmp_path / "in.jsonld"
    incoming.write_text(json.dumps(collection), encoding="utf-8")
    line = _refused(capsys, tmp_path, incoming)
    assert line.startswith(f"newsread: error: {incoming}: annotation 1 ")
    assert line.endswith(
        "created 'not a date' is not an ISO 8601 date-time "
        "(such as 2025-03-04T12:00:00+00:00; null when unknown)"
    )


def test_an_unknown_timestamp_stays_unknown_and_another_zone_is_kept_as_utc(capsys, tmp_path):
    document = _document()
    document["annotations"][0]["created"] = "2025-03-04T14:00:00+02:00"
    document["annotations"][0]["updated"] = None
    incoming = tmp_path / "in.json"
    incoming.write_text(json.dumps(document), encoding="utf-8")
    Library(tmp_path / "lib").save_articles([BRIDGE, BUDGET])
    assert main(["--library", str(tmp_path / "lib"), "import-annotations", str(incoming)]) == 0
    (ann,) = Library(tmp_path / "lib").annotations(BRIDGE.id)
    assert ann.created == STAMP and ann.updated == ""


@pytest.mark.parametrize("content", [b"", b"\n  \n", b"\xef\xbb\xbf"])
@pytest.mark.parametrize("name", ["in.json", "in.jsonld", "in.txt"])
def test_an_empty_file_is_an_error(capsys, tmp_path, content, name):
    incoming = tmp_path / name
    incoming.write_bytes(content)
    assert _refused(capsys, tmp_path, incoming) == (
        f"newsread: error: no annotations in {incoming}: empty"
    )


@pytest.mark.parametrize("content", [b"", b"\n  \n", b"\xef\xbb\xbf"])
def test_an_empty_jsonl_is_an_export_of_nothing_and_imports_as_nothing(capsys, tmp_path, content):
    # `export --format jsonl` of a library without annotations writes no line:
    # the round trip must not fail, and the warning says nothing came in.
    incoming = tmp_path / "in.jsonl"
    incoming.write_bytes(content)
    Library(tmp_path / "lib").save_articles([BRIDGE, BUDGET])
    code = main(["--library", str(tmp_path / "lib"), "import-annotations", str(incoming)])
    out, err = capsys.readouterr()
    assert code == 0 and out.startswith("0 added, 0 merged, 0 orphaned")
    assert err == (
        f"newsread: warning: {incoming}: holds no annotations (an export of nothing?): "
        "nothing to import\n"
    )


def test_a_cut_off_export_is_reported_where_it_breaks(capsys, tmp_path):
    text = json.dumps(_document(), indent=2)
    quote = text.index('"updated"')
    incoming = tmp_path / "in.json"
    incoming.write_text(text[: quote + 5], encoding="utf-8")
    line_number = text[:quote].count("\n") + 1
    column = quote - text.rindex("\n", 0, quote)
    assert _refused(capsys, tmp_path, incoming) == (
        f"newsread: error: {incoming}: line {line_number}: not JSON "
        f"(Unterminated string starting at column {column})"
    )
