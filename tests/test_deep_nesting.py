"""Input nested deeper than Python's parsers recurse is refused with its reason
on one line; the other inputs of the same call are still read."""

from __future__ import annotations

import json

import pytest

from newsread.config import read_config
from newsread.ingest.feeds import FeedError, parse_feed
from newsread.ingest.opml import SubscriptionListError, read_subscriptions
from tui.cli import main

DEPTH = 100_000
DEEP = "[" * DEPTH + "]" * DEPTH
STORY = {"title": "Tram depot reopens", "body": "The Ostrava tram depot reopened on Monday."}


def _import(capsys, lib, *paths) -> tuple[int, str, str]:
    code = main(["--library", str(lib), "import", "--no-analyze", *map(str, paths)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _titles(capsys, lib) -> list[str]:
    assert main(["--library", str(lib), "list", "--json"]) == 0
    return [row["title"] for row in json.loads(capsys.readouterr().out)]


@pytest.fixture
def note(tmp_path):
    path = tmp_path / "note.txt"
    path.write_text(
        "Harbour cranes of Valdmere\n\nThe two old cranes of the Valdmere harbour are to be "
        "taken down next spring, the port said on Monday.\n",
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize("deep", [DEEP, '{"a":' * DEPTH + "1" + "}" * DEPTH])
def test_a_deep_json_file_is_rejected_and_the_other_files_imported(capsys, tmp_path, note, deep):
    bad = tmp_path / "deep.json"
    bad.write_text(deep, encoding="utf-8")
    code, out, err = _import(capsys, tmp_path / "lib", note, bad)
    assert code == 0
    assert "1 added" in out and "1 file rejected" in out
    assert err.splitlines() == [f"rejected {bad}:1: nested too deeply to read"]
    assert _titles(capsys, tmp_path / "lib") == ["Harbour cranes of Valdmere"]


def test_a_deep_item_of_a_list_keeps_the_items_before_it(capsys, tmp_path):
    mixed = tmp_path / "mixed.json"
    mixed.write_text("[" + json.dumps(STORY) + ",\n" + DEEP + "]", encoding="utf-8")
    code, out, err = _import(capsys, tmp_path / "lib", mixed)
    assert code == 0 and "1 added" in out and "1 record skipped" in out
    assert err.splitlines() == [
        f"rejected {mixed}:2: record 2: nested too deeply to read; the rest of the file is skipped"
    ]


def test_a_deep_json_lines_record_is_skipped_and_the_next_read(capsys, tmp_path):
    lines = tmp_path / "stories.jsonl"
    lines.write_text(DEEP + "\n" + json.dumps(STORY) + "\n", encoding="utf-8")
    code, out, err = _import(capsys, tmp_path / "lib", lines)
    assert code == 0 and "1 added" in out and "1 record skipped" in out
    assert err.splitlines() == [f"rejected {lines}:1: nested too deeply to read"]


def test_extract_reports_a_deep_file_on_one_line(capsys, tmp_path):
    bad = tmp_path / "deep.json"
    bad.write_text(DEEP, encoding="utf-8")
    main(["extract", "--json", str(bad)])
    (line,) = capsys.readouterr().out.splitlines()
    assert "nested too deeply to read" in json.loads(line)["error"]


def test_a_deep_json_feed_is_a_feed_error():
    feed = '{"version": "https://jsonfeed.org/version/1.1", "title": "x", "items": ' + DEEP + "}"
    with pytest.raises(FeedError, match="nested too deeply"):
        parse_feed(feed.encode(), media_type="application/feed+json")


def test_deep_opml_is_a_subscription_list_error():
    outlines = "<outline>" * DEPTH + "</outline>" * DEPTH
    opml = f'<opml version="2.0"><body>{outlines}</body></opml>'
    with pytest.raises(SubscriptionListError, match="nested too deeply"):
        read_subscriptions(opml.encode())


def test_a_deep_config_is_a_config_problem(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text("a = " + DEEP, encoding="utf-8")
    _, problems = read_config(path)
    assert problems == [f"{path}: not valid TOML (nested too deeply to read)"]
