"""A JSON Lines file named to ``import`` is read line by line, in batches.

Other inputs keep the input cap; a JSONL file is not held whole, so its size is
not capped. Bad lines are reported as file:line and the others are imported;
batches give the articles one read would give, with the same ids, so a
re-import finds them unchanged.
"""

from __future__ import annotations

import json

import pytest

from newsread.ingest import sources
from storage import imports
from storage.imports import import_paths
from storage.library import Library


def _record(i: int) -> dict[str, str]:
    return {
        "title": f"Story {i} about the harbour",
        "body": f"Dispatch {i}. The council met on the harbour budget and voted {i} to {i + 1}.",
        "source": "Wire",
    }


def _write(path, lines: list[str]) -> None:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_a_jsonl_file_is_not_capped_but_other_inputs_are(tmp_path, monkeypatch):
    monkeypatch.setattr(sources, "MAX_BYTES", 2000)
    big = tmp_path / "big.jsonl"
    _write(big, [json.dumps(_record(i)) for i in range(60)])
    other = tmp_path / "big.json"
    other.write_text(json.dumps([_record(i) for i in range(100, 160)]), encoding="utf-8")
    assert big.stat().st_size > 2000 and other.stat().st_size > 2000
    lib = Library(tmp_path / "lib")
    summary, fresh = import_paths(lib, [str(big), str(other)])
    assert len(summary.added) == 60
    assert [origin for origin, _ in summary.rejected] == [str(other)]
    assert "too large" in summary.rejected[0][1]


def test_bad_lines_are_named_by_line_and_the_rest_imported(tmp_path):
    path = tmp_path / "mixed.ndjson"
    path.write_bytes(
        b"\xef\xbb\xbf"
        + json.dumps(_record(1)).encode()
        + b"\nnot json\n\n"
        + b'{"title": "no body"}\n'
        + b"\xff\xfe\n"
        + json.dumps(_record(2)).encode()
    )
    lib = Library(tmp_path / "lib")
    summary, _ = import_paths(lib, [str(path)])
    assert len(summary.added) == 2
    origin = str(path.resolve())
    lines = [(where, why.split(" (")[0]) for where, why in summary.rejected]
    assert lines == [
        (f"{origin}:2", "not valid JSON"),
        (f"{origin}:4", "no article text"),
        (f"{origin}:5", "not valid UTF-8"),
    ]


@pytest.mark.parametrize("codec", ["cp1252", "latin-1"])
def test_a_jsonl_file_in_a_legacy_code_page_is_decoded(tmp_path, codec):
    # Read line by line as UTF-8, every line with an accent was refused as
    # "not valid UTF-8", though extract (and a .json file) decoded it.
    records = [
        {**_record(1), "title": "Caf\u00e9 on the quay reopens", "source": "R\u00e9seau"},
        {**_record(2), "title": "Na\u00efve plan for the harbour"},
    ]
    path = tmp_path / "legacy.jsonl"
    path.write_bytes(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode(codec)
    )
    summary, fresh = import_paths(Library(tmp_path / "lib"), [str(path)])
    assert summary.rejected == []
    assert [(a.title, a.source) for a in fresh] == [
        ("Caf\u00e9 on the quay reopens", "R\u00e9seau"),
        ("Na\u00efve plan for the harbour", "Wire"),
    ]


def test_too_many_bad_lines_are_summed_up(tmp_path):
    path = tmp_path / "bad.jsonl"
    _write(path, ["{oops"] * 30 + [json.dumps(_record(1))])
    summary, _ = import_paths(Library(tmp_path / "lib"), [str(path)])
    assert len(summary.added) == 1
    assert len(summary.rejected) == 21
    assert summary.rejected[-1][1] == "and 10 more records that could not be imported"


@pytest.mark.parametrize("content", [b"", b"\n\n   \n"])
def test_an_empty_jsonl_file_is_rejected(tmp_path, content):
    path = tmp_path / "empty.jsonl"
    path.write_bytes(content)
    summary, _ = import_paths(Library(tmp_path / "lib"), [str(path)])
    assert summary.rejected == [(str(path.resolve()), "no article text found")]


def test_batches_give_what_one_read_gives(tmp_path, monkeypatch):
    path = tmp_path / "feed.jsonl"
    records = [json.dumps(_record(i)) for i in range(25)]
    records.insert(7, json.dumps(_record(3)))  # a duplicate of an earlier line
    _write(path, records)

    whole = Library(tmp_path / "whole")
    monkeypatch.setattr(imports, "_streamable", lambda raw: None)  # the capped path
    summary_whole, _ = import_paths(whole, [str(path)])
    monkeypatch.undo()

    monkeypatch.setattr(imports, "STREAM_BATCH", 4)
    streamed = Library(tmp_path / "streamed")
    summary, _ = import_paths(streamed, [str(path)])
    assert sorted(summary.added) == sorted(summary_whole.added)
    assert len(summary.duplicates) == len(summary_whole.duplicates) == 1

    def listed(lib: Library) -> list[tuple[str, str, str]]:
        return [(m["id"], m["title"], m["story_group"]) for m in lib.article_metas()]

    assert listed(streamed) == listed(whole)
    again, _ = import_paths(streamed, [str(path)])
    monkeypatch.setattr(imports, "_streamable", lambda raw: None)
    again_whole, _ = import_paths(whole, [str(path)])
    # Every line finds its article unchanged (the repeated one too, as in one read).
    assert not again.added and len(again.unchanged) == len(again_whole.unchanged) == 26


def test_a_jsonl_line_longer_than_the_limit_is_skipped(tmp_path, monkeypatch):
    monkeypatch.setattr(imports, "_LINE_LIMIT", 300)
    monkeypatch.setattr(imports, "_READ_BYTES", 64)
    path = tmp_path / "long.jsonl"
    _write(
        path,
        [
            json.dumps(_record(1)),
            json.dumps({"title": "x", "body": "y" * 500}),
            json.dumps(_record(2)),
        ],
    )
    summary, _ = import_paths(Library(tmp_path / "lib"), [str(path)])
    assert len(summary.added) == 2
    assert [(w.rsplit(":", 1)[1], why) for w, why in summary.rejected] == [
        ("2", "longer than 300 bytes")
    ]
