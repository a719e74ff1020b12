"""The library's / box and ``newsread search`` ask the index one way
(newsread.search.ask): the same articles for the same query, tied hits in the
same order, the query's conditions worked out once per search; and the box
says when it reads the last word typed as a prefix."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pilot_helpers import SIZE, library_ready, wait_until

from newsread.config import Config
from newsread.model import Article
from storage.library import Library
from storage.search_index import SearchIndex
from tui.app import NewsreadApp

# Word for word the same text and title length: one bm25 score for all of them.
BODY = "The crane on the north quay was inspected on Monday by the port authority."


def tied_library(root: Path) -> Library:
    """Five articles of one rank for "crane", three of them on one day, saved
    in an order neither their titles' nor their ids'; a sixth whose title
    holds "crane" only inside a word."""
    library = Library(root)
    library.save_articles(
        [
            Article(id="tie00005", title="Echo quay", body=BODY, published="2026-05-02"),
            Article(id="tie00002", title="Bravo quay", body=BODY, published="2026-05-02"),
            Article(id="tie00004", title="Delta quay", body=BODY, published="2026-04-01"),
            Article(id="tie00003", title="Alpha quay", body=BODY, published="2026-05-02"),
            Article(id="tie00001", title="Foxtrot quay", body=BODY, published="2026-06-01"),
            Article(
                id="sky00001",
                title="Skycrane lifts the old bridge",
                body="The old bridge was lifted out in March.",
                published="2026-05-03",
            ),
        ]
    )
    return library


def listed(app) -> list[str]:
    table = app.screen.query_one("#articles")
    return [table.key_at(i) for i in range(table.row_count)]


def status(app) -> str:
    return str(app.screen.query_one("#library-status").render())


def cli_ids(root: Path, capsys: pytest.CaptureFixture[str], *query: str) -> list[str]:
    from tui.cli import main

    assert main(["search", *query, "--json", "--library", str(root)]) == 0
    return [hit["article_id"] for hit in json.loads(capsys.readouterr().out)]


async def answered(pilot, app, text: str) -> None:
    await wait_until(
        pilot,
        lambda: (
            app.screen.model.search_state == ""
            and app.screen.model.search is not None
            and app.screen.model.search.text == text
        ),
    )
    await pilot.pause()


async def test_tied_hits_are_in_one_order_in_the_app_and_the_cli(tmp_path, capsys):
    root = tmp_path / "lib"
    tied_library(root)
    cli = cli_ids(root, capsys, "crane")
    # Newest first; one day's ties by title.
    assert cli == ["tie00001", "tie00003", "tie00002", "tie00005", "tie00004"]
    app = NewsreadApp(Library(root), Config())
    async with app.run_test(size=SIZE) as pilot:
        await library_ready(pilot, app, rows=6)
        await pilot.press("slash", *"crane ", "enter")
        await answered(pilot, app, "crane ")
        assert listed(app) == cli
        assert len({app.screen.model.search.hits[i].score for i in cli}) == 1  # all tied
        # Sorted by title (s goes from rank to date, then title), then back to rank.
        await pilot.press("s", "s")
        await wait_until(pilot, lambda: " · by title" in status(app))
        await pilot.press("s", "s", "s")
        await wait_until(pilot, lambda: " · by rank" in status(app))
        assert listed(app) == cli


async def test_the_app_lists_what_the_cli_finds_and_says_a_prefix(tmp_path, capsys):
    # The box listed "Skycrane" after the hits for "crane" (the title filter
    # found the text inside a word), and read "cran" as cran* without saying so.
    root = tmp_path / "lib"
    tied_library(root)
    whole = cli_ids(root, capsys, "crane")
    prefix = cli_ids(root, capsys, "cran*")
    assert cli_ids(root, capsys, "cran") == []
    app = NewsreadApp(Library(root), Config())
    async with app.run_test(size=SIZE) as pilot:
        await library_ready(pilot, app, rows=6)
        await pilot.press("slash", *"crane ")
        await answered(pilot, app, "crane ")
        assert listed(app) == whole and "sky00001" not in listed(app)
        assert "5 found by search" in status(app) and "prefix" not in status(app)
        await pilot.press("ctrl+u", *"cran")
        await answered(pilot, app, "cran")
        assert listed(app) == prefix
        assert f"{len(prefix)} found by search (cran* as a prefix)" in status(app)
        assert "sky00001" not in listed(app)
        await pilot.press("ctrl+u", *"kycran ")
        await answered(pilot, app, "kycran ")
        assert listed(app) == [] and "search: no article matches" in status(app)


async def test_one_search_works_its_conditions_out_once_for_the_app_and_the_cli(
    tmp_path, capsys, monkeypatch
):
    import newsread.search

    root = tmp_path / "lib"
    tied_library(root)
    conditions: list[object] = []
    asked: list[object] = []
    worked_out = SearchIndex._conditions
    ask = newsread.search.ask

    def counted(self, query):
        conditions.append(query)
        return worked_out(self, query)

    def spied(index, query, limit, **options):
        asked.append(query)
        return ask(index, query, limit, **options)

    monkeypatch.setattr(SearchIndex, "_conditions", counted)
    monkeypatch.setattr(newsread.search, "ask", spied)
    from tui.cli import main

    # Two of five shown: the count past the limit is part of the same search.
    assert main(["search", "crane", "--limit", "2", "--library", str(root)]) == 0
    assert "2 of 5 shown" in capsys.readouterr().err
    assert len(asked) == 1 and len(conditions) == 1
    asked.clear()
    conditions.clear()
    app = NewsreadApp(Library(root), Config(), search_limit=2)
    async with app.run_test(size=SIZE) as pilot:
        await library_ready(pilot, app, rows=6)
        await pilot.press("slash", *"crane ", "enter")
        await answered(pilot, app, "crane ")
        assert status(app).startswith("first 2 of 5 matches")
    assert asked and len(conditions) == len(asked)


async def test_an_unclosed_phrase_is_not_said_to_end_in_a_prefix(tmp_path, capsys):
    # '"quay cran' was searched as the phrase "quay cran" (the * as_typed added
    # is folded away inside quotes, as the CLI reads it) while the status line
    # said "(cran* as a prefix)".
    from tui.models.library import as_typed, prefix_word

    assert prefix_word('"north quay cran') == ""
    assert as_typed('"north quay cran') == '"north quay cran'
    assert prefix_word('"north quay" cran') == "cran*"
    root = tmp_path / "lib"
    tied_library(root)
    assert cli_ids(root, capsys, '"the cran') == []
    app = NewsreadApp(Library(root), Config())
    async with app.run_test(size=SIZE) as pilot:
        await library_ready(pilot, app, rows=6)
        await pilot.press("slash", *'"the cran')
        await answered(pilot, app, '"the cran')
        assert listed(app) == []
        assert "search: no article matches" in status(app)
        assert "prefix" not in status(app)


async def test_a_trailing_exclusion_is_never_read_or_said_as_a_prefix(tmp_path, capsys):
    # "crane -ferry" was searched as -ferry* and the status line said
    # "(-ferry* as a prefix)": -qua hid every article with quay.
    from tui.models.library import as_typed, prefix_word

    assert prefix_word("crane -ferry") == ""
    assert as_typed("crane -ferry") == "crane -ferry"
    root = tmp_path / "lib"
    tied_library(root)
    expected = cli_ids(root, capsys, "crane -qua")
    assert len(expected) == 5
    app = NewsreadApp(Library(root), Config())
    async with app.run_test(size=SIZE) as pilot:
        await library_ready(pilot, app, rows=6)
        await pilot.press("slash", *"crane -qua")
        await answered(pilot, app, "crane -qua")
        assert listed(app) == expected
        assert "prefix" not in status(app)


async def test_tied_hits_are_ordered_by_the_library_title_key(tmp_path, capsys):
    # Tied hits came as Mid, Zeta, alpha, Éclair (SQLite's binary order) while
    # the library's title sort ignores case and accents: alpha, Éclair, Mid,
    # Zeta (Éclair came after Zeta while accents were not folded).
    from newsread.sorting import title_key

    root = tmp_path / "lib"
    titles = {"cas00001": "Zeta", "cas00002": "alpha", "cas00003": "Éclair", "cas00004": "Mid"}
    Library(root).save_articles(
        [
            Article(id=key, title=title, body=BODY, published="2026-05-02")
            for key, title in titles.items()
        ]
    )
    cli = cli_ids(root, capsys, "crane")
    assert [titles[key] for key in cli] == ["alpha", "Éclair", "Mid", "Zeta"]
    assert [titles[key] for key in cli] == sorted(titles.values(), key=title_key)
    app = NewsreadApp(Library(root), Config())
    async with app.run_test(size=SIZE) as pilot:
        await library_ready(pilot, app, rows=4)
        await pilot.press("slash", *"crane ", "enter")
        await answered(pilot, app, "crane ")
        assert listed(app) == cli
        assert len({hit.score for hit in app.screen.model.search.hits.values()}) == 1
        # The library's own title sort lists them in the same order.
        await pilot.press("s", "s")
        await wait_until(pilot, lambda: " · by title" in status(app))
        assert listed(app) == cli
