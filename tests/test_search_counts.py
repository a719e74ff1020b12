"""What a search finds and how many, on a generated library: the source's name
is searched, a list cut short says how many more there are (the index's count,
the command line's note), hits past the first few get their snippet when asked,
and a feed: or label: filter naming nothing says so."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from generated_news import EVERYWHERE, NAME, WIRE, news_articles, news_library, wire_ids

from storage.feeds import Feed, add_feed
from storage.library import Library
from storage.search_index import SearchIndex


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Library:
    return news_library(tmp_path_factory.mktemp("news") / "lib")


def _cli(capsys: pytest.CaptureFixture[str], root: Path, *args: str) -> tuple[str, str]:
    from tui.cli import main

    assert main([*args, "--library", str(root)]) == 0
    captured = capsys.readouterr()
    return captured.out, captured.err


def test_a_source_name_is_searched_as_the_library_box_finds_it(library: Library) -> None:
    index = SearchIndex(library)
    found = {hit.article_id for hit in index.search(WIRE, limit=1000)}
    assert found == wire_ids(news_articles(400))
    # An article whose body does not name it: its snippet is its source.
    [hit] = [h for h in index.search(WIRE, limit=1000) if h.article_id == "gen00000"]
    assert hit.snippet is not None and hit.snippet.field == "source"
    assert hit.snippet.text == WIRE


def test_count_is_every_match_whatever_the_limit(library: Library) -> None:
    index = SearchIndex(library)
    assert len(index.search(EVERYWHERE, limit=20)) == 20
    assert index.count(EVERYWHERE) == 400
    assert index.count("is:unannotated") == 391
    assert index.count(NAME) == sum(NAME in a.body for a in news_articles(400))
    assert index.count(f"{NAME} is:annotated") == 2  # gen00002 and gen00008
    assert index.count("nowhere") == 0


def test_hits_past_the_detailed_get_their_snippet_when_asked(library: Library) -> None:
    index = SearchIndex(library)
    full = index.search(EVERYWHERE, limit=400)
    some = index.search(EVERYWHERE, limit=400, detailed=5)
    assert [h.article_id for h in some] == [h.article_id for h in full]
    assert all(h.snippet is not None for h in some[:5])
    assert all(h.snippet is None and not h.matches for h in some[5:])
    late = index.detail(EVERYWHERE, some[300])
    assert late.snippet == full[300].snippet and late.matches == full[300].matches


def test_the_cli_says_how_many_it_left_out(
    library: Library, capsys: pytest.CaptureFixture[str]
) -> None:
    total = sum(NAME in a.body for a in news_articles(400))
    out, err = _cli(capsys, library.root, "search", NAME)
    assert out.count(f"Amara {NAME}") == 20
    # Not a terminal: the note goes to stderr, stdout holds hits only.
    assert err.splitlines()[-1] == f"20 of {total} shown; --limit N shows more"
    out, err = _cli(capsys, library.root, "search", NAME, "--limit", str(total))
    assert "shown" not in err
    # JSON stays the bare list it was, with no note beside it.
    out, err = _cli(capsys, library.root, "search", NAME, "--json")
    assert len(json.loads(out)) == 20 and "shown" not in err


def test_a_feed_or_label_that_names_nothing_is_said(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    library = news_library(tmp_path / "lib", count=20)
    out, err = _cli(capsys, library.root, "search", "feed:nothing")
    assert "No article matches" in out
    assert 'no feed is called "nothing" (the library has no feeds)' in err
    add_feed(library, Feed("https://ledger.example/rss", "Valley Ledger"))
    add_feed(library, Feed("https://post.example/rss", "Northern Post"))
    out, err = _cli(capsys, library.root, "search", "feed:nothing")
    assert 'no feed is called "nothing" (feeds: Northern Post, Valley Ledger)' in err
    # A feed that exists but carries none of these articles: no such line.
    out, err = _cli(capsys, library.root, "search", "feed:ledger")
    assert "No article matches" in out and "no feed" not in err
    out, err = _cli(capsys, library.root, "search", "label:FOO")
    assert "FOO is not a label of any entity in the library (the library has no labels)" in err
