"""The library's / search on a generated library, driven by Pilot: it lists
every match (or says plainly that it lists the first so many), agrees with
``newsread search`` on the same query, sorts its hits with s, gets a late
hit's snippet when highlighted, and names a feed: or label: that names
nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from generated_news import EVERYWHERE, NAME, WIRE, news_articles, news_library
from pilot_helpers import SIZE, library_ready, wait_until

from newsread.config import Config
from tui.app import NewsreadApp


def status(app) -> str:
    return str(app.screen.query_one("#library-status").render())


def snippet(app) -> str:
    return str(app.screen.query_one("#library-snippet").render())


def listed(app) -> list[str]:
    table = app.screen.query_one("#articles")
    return [table.key_at(i) for i in range(table.row_count)]


async def search(pilot, app, text: str) -> None:
    """Type ``text`` in the box, apply it, and wait for the index's answer."""
    await pilot.press("slash", "ctrl+u", *text, "enter")
    await wait_until(
        pilot,
        lambda: (
            app.screen.model.search_state == ""
            and app.screen.model.search is not None
            and app.screen.model.search.text == text
        ),
    )
    await pilot.pause()


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return news_library(tmp_path_factory.mktemp("news") / "lib").root


def cli_ids(root: Path, capsys: pytest.CaptureFixture[str], text: str) -> set[str]:
    from tui.cli import main

    assert main(["search", text, "--json", "--limit", "1000", "--library", str(root)]) == 0
    return {hit["article_id"] for hit in json.loads(capsys.readouterr().out)}


async def test_every_match_is_listed_and_the_cli_agrees(root: Path, capsys) -> None:
    from storage.library import Library

    texts = (EVERYWHERE, "is:unannotated", NAME, WIRE, f"{WIRE} after:2026-06-01")
    # Asked before the app runs: its test harness takes stdout meanwhile.
    expected = {text: cli_ids(root, capsys, text) for text in texts}
    app = NewsreadApp(Library(root), Config())
    async with app.run_test(size=SIZE) as pilot:
        await library_ready(pilot, app, rows=400)
        for text in texts:
            await search(pilot, app, text)
            shown = set(listed(app))
            assert shown == expected[text], text
            assert f"{len(shown)} found by search" in status(app)
            assert "refine the search" not in status(app)
        assert len(shown) < 400
        # Every article is in the one word's list: 400 rows, none left out.
        await search(pilot, app, EVERYWHERE)
        assert len(listed(app)) == 400 and "400 found by search" in status(app)
        wire = {a.id for a in news_articles(400) if WIRE in a.source or WIRE in a.body}
        await search(pilot, app, WIRE)
        assert set(listed(app)) == wire


async def test_a_capped_list_says_it_lists_the_first_of_more(root: Path) -> None:
    from storage.library import Library

    app = NewsreadApp(Library(root), Config(), search_limit=50)
    async with app.run_test(size=SIZE) as pilot:
        await library_ready(pilot, app, rows=400)
        await search(pilot, app, "is:unannotated")
        line = status(app)
        assert line.startswith("first 50 of 391 matches — refine the search"), line
        assert "of 400 articles" not in line and "found by search" not in line
        assert len(listed(app)) == 50
        # A word in the titles too: the title matches past the 50 hits are
        # not listed after them (they are some of the other 350).
        await search(pilot, app, "council")
        assert len(listed(app)) == 50
        assert status(app).startswith("first 50 of 400 matches — refine the search")
        # Under the cap: every match, counted as such.
        await search(pilot, app, f"{NAME} is:annotated")
        assert len(listed(app)) == 2 and "2 found by search" in status(app)


async def test_s_sorts_the_hits_and_the_status_names_the_order(root: Path) -> None:
    from storage.library import Library

    articles = {a.id: a for a in news_articles(400)}
    app = NewsreadApp(Library(root), Config())
    async with app.run_test(size=SIZE) as pilot:
        await library_ready(pilot, app, rows=400)
        await search(pilot, app, NAME)
        ranked = listed(app)
        assert " · by rank" in status(app)
        scores = [app.screen.model.search.hits[i].score for i in ranked]
        assert scores == sorted(scores, reverse=True)
        await pilot.press("s")
        assert " · by date" in status(app)
        days = [articles[i].published for i in listed(app)]
        assert days == sorted(days, reverse=True) and set(listed(app)) == set(ranked)
        await pilot.press("s")
        assert " · by title" in status(app)
        titles = [articles[i].title.casefold() for i in listed(app)]
        assert titles == sorted(titles)
        await pilot.press("S")
        assert " · by title (reversed)" in status(app)
        assert [articles[i].title.casefold() for i in listed(app)] == titles[::-1]
        await pilot.press("S", "s", "s", "s")
        assert " · by rank" in status(app)
        # Best first again (equal scores in the index's order, as newsread search lists them).
        hits = app.screen.model.search.hits
        assert [hits[i].score for i in listed(app)] == scores
        assert set(listed(app)) == set(ranked)
        # Without a search, s goes through the sorts alone, rank not among them.
        await pilot.press("escape")
        await wait_until(pilot, lambda: len(listed(app)) == 400)
        assert "sorted by" in status(app) and "rank" not in status(app)


async def test_the_order_outranks_the_librarys_counts_beside_a_capped_count(root: Path) -> None:
    from storage.library import Library

    app = NewsreadApp(Library(root), Config(), search_limit=50)
    async with app.run_test(size=(110, 24)) as pilot:
        await library_ready(pilot, app, rows=400)
        await search(pilot, app, EVERYWHERE)
        assert status(app).startswith("first 50 of 400 matches")
        assert status(app).endswith(" · by rank"), status(app)
        await pilot.press("s")
        assert status(app).endswith(" · by date"), status(app)


async def test_a_late_hit_gets_its_snippet_when_highlighted(root: Path) -> None:
    from storage.library import Library
    from tui.screens.library import SEARCH_DETAILED

    app = NewsreadApp(Library(root), Config())
    async with app.run_test(size=SIZE) as pilot:
        await library_ready(pilot, app, rows=400)
        await search(pilot, app, EVERYWHERE)
        table = app.screen.query_one("#articles")
        late = SEARCH_DETAILED + 100
        assert app.screen.model.search.hits[listed(app)[late]].snippet is None
        table.move_cursor(row=late)
        hits = app.screen.model.search.hits
        await wait_until(pilot, lambda: hits[listed(app)[late]].snippet is not None)
        made = hits[listed(app)[late]].snippet
        assert EVERYWHERE in made.text
        await wait_until(pilot, lambda: made.text[:30] in snippet(app))


async def test_a_feed_or_label_naming_nothing_is_said(root: Path) -> None:
    from storage.library import Library

    app = NewsreadApp(Library(root), Config())
    async with app.run_test(size=SIZE) as pilot:
        await library_ready(pilot, app, rows=400)
        await pilot.press("slash", *"feed:nothing", "enter")
        await wait_until(pilot, lambda: 'no feed is called "nothing"' in status(app))
        # Whole under the table; the status line may shorten it to fit.
        assert 'no feed is called "nothing" (no feed is subscribed)' in snippet(app)
        await search(pilot, app, "label:FOO")
        await wait_until(pilot, lambda: "FOO is not a label" in status(app))
        assert "FOO is not a label" in snippet(app)


@pytest.mark.parametrize("limit", [None, 50], ids=["all-found", "capped"])
async def test_at_80_columns_a_long_filter_is_cut_before_the_order(root: Path, limit) -> None:
    # The order (rank 2) gave way to a long filter and "N found by search":
    # the list was in an order the line did not name.
    from storage.library import Library

    text = f"{NAME} -nothingwhatsoever -neverinthenews -notawordhere"
    app = NewsreadApp(Library(root), Config(), search_limit=limit)
    async with app.run_test(size=(80, 24)) as pilot:
        await library_ready(pilot, app, rows=400)
        await search(pilot, app, text)
        line = status(app)
        assert line.rstrip().endswith(" · by rank"), line
        assert f"filter: '{NAME} -" in line and "…'" in line  # cut, not dropped
        await pilot.press("S")
        await wait_until(pilot, lambda: status(app).rstrip().endswith(" · by rank (reversed)"))
        await pilot.press("s")
        await wait_until(pilot, lambda: " · by date (reversed)" in status(app))
