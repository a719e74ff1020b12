"""A JSON or JSON Lines file of articles fetched by its URL says what a file's
import says: each record that could not be used, named by its line, and each
record stored without the date it gave. The files are written here and served
from 127.0.0.1."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storage.imports import import_paths
from storage.library import Library
from storage.refresh import import_urls
from storage.rejections import RECORD, URL
from tests.http_server import Server, http_server_fixture  # noqa: F401

FERRY = {
    "title": "Island ferry resumes after storm repairs",
    "body": "The island ferry resumed its crossings on Thursday. Engineers replaced forty"
    " metres of decking, the harbour authority said.",
    "published": "not a date",
}
KILN = {
    "title": "Pottery kiln restored in the old quarter",
    "body": "Volunteers restored the brick kiln behind the old pottery over two summers."
    " It will be fired for the first time in forty years next month.",
    "published": 20250611,
}
RECORDS = [
    json.dumps(FERRY),
    '{"title": "cut off", "body": "no closing',
    json.dumps({"title": "No text here"}),
    json.dumps(KILN),
]
JSONL = ("\n".join(RECORDS) + "\n").encode()
NDJSON = {"Content-Type": "application/x-ndjson"}
JSON_TYPE = {"Content-Type": "application/json"}


def _said(pairs, origin: str) -> list[tuple[str, str, str]]:
    """(line, why, kind) of each rejection or note, its input left out."""
    return [
        (where.removeprefix(origin), why, getattr(pair, "kind", ""))
        for pair in pairs
        for where, why in [pair]
    ]


def test_a_jsonl_url_names_its_bad_records_and_dates_as_a_file_does(
    tmp_path: Path, http_server: Server
) -> None:
    url = http_server.route("/export.jsonl", body=JSONL, headers=NDJSON)
    path = tmp_path / "export.jsonl"
    path.write_bytes(JSONL)
    by_file, _ = import_paths(Library(tmp_path / "a"), [str(path)])
    by_url, fresh = import_urls(Library(tmp_path / "b"), [url])
    assert [a.title for a in fresh] == [FERRY["title"], KILN["title"]]
    assert [a.published for a in fresh] == ["", "2025-06-11"]
    origin = str(path.resolve())
    assert (
        _said(by_url.rejected, url)
        == _said(by_file.rejected, origin)
        == [
            (":2", "not valid JSON (Unterminated string starting at column 30)", RECORD),
            (":3", "no article text (expected a body, text or content field)", RECORD),
        ]
    )
    tail = "published 'not a date' is not a date: stored without one"
    assert _said(by_url.notes, url) == _said(by_file.notes, origin) == [(":1", tail, "")]


def test_a_json_url_of_no_usable_record_is_rejected_with_the_reason(
    tmp_path: Path, http_server: Server
) -> None:
    url = http_server.route("/broken.json", body=b'{"title": "x", "body": ', headers=JSON_TYPE)
    summary, fresh = import_urls(Library(tmp_path / "lib"), [url])
    assert fresh == []
    [(where, why)] = summary.rejected
    assert where == f"{url}:1" and why.startswith("not valid JSON")
    assert summary.rejected[0].kind == URL


@pytest.mark.parametrize("command", ["import", "extract"])
def test_the_cli_says_the_same_for_a_url_as_for_a_file(
    command: str, tmp_path: Path, http_server: Server, capsys
) -> None:
    from tui.cli import main

    url = http_server.route("/export.jsonl", body=JSONL, headers=NDJSON)
    args = ["--no-analyze", "--library", str(tmp_path / "lib")] if command == "import" else []
    code = main([command, *args, url] if command == "import" else [command, "--json", url])
    out, err = capsys.readouterr()
    assert code == 0
    tail = "published 'not a date' is not a date: stored without one"
    if command == "import":
        assert "2 added" in out and "2 records skipped" in out
        assert err.splitlines() == [
            f"rejected {url}:2: not valid JSON (Unterminated string starting at column 30)",
            f"rejected {url}:3: no article text (expected a body, text or content field)",
            f"note {url}:1: {tail}",
        ]
    else:
        assert len(json.loads(out)["articles"]) == 2
        assert f"newsread: warning: {url}:1: {tail}" in err.splitlines()
        assert f"newsread: warning: {url}:2: not valid JSON" in err


def test_extract_says_why_a_json_url_gave_nothing(http_server: Server, capsys) -> None:
    from tui.cli import main

    url = http_server.route("/empty.jsonl", body=b'{"title": "No text"}\n', headers=NDJSON)
    code = main(["extract", "--json", url])
    out, _ = capsys.readouterr()
    assert code == 1
    assert json.loads(out) == {
        "path": url,
        "error": "line 1: no article text (expected a body, text or content field)",
    }
