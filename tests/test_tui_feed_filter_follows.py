"""The library's feed filter follows the library: a feed unsubscribed in
another terminal is no longer offered by f, and a filter on it (nothing came
from it) gives way to every article, here and in the state kept for next time."""

from __future__ import annotations

from newsread.config import Config
from newsread.model import Article
from storage.feeds import Feed, add_feeds, remove_feed
from storage.library import Library
from tests.pilot_helpers import SIZE, library_ready, make_library, wait_until
from tui.app import NewsreadApp
from tui.models.library import LibraryModel
from tui.state import load_view

ALPHA = "http://127.0.0.1:1/alpha.xml"
BETA = "http://127.0.0.1:1/beta.xml"


def status(app) -> str:
    return str(app.screen.query_one("#library-status").render())


def feeds_library(root) -> Library:
    library = make_library(root)
    add_feeds(library, [Feed(url=ALPHA, name="Alpha"), Feed(url=BETA, name="Beta")])
    library.save_articles(
        [
            Article(
                id="alpha001",
                title="From the alpha feed",
                body="A short story. It rained.",
                source="W",
                feed=ALPHA,
                guid="alpha001",
                url_or_path="https://alpha.example/one",
            )
        ]
    )
    return library


async def test_a_feed_removed_elsewhere_leaves_the_filter(tmp_path):
    library = feeds_library(tmp_path / "lib")
    app = NewsreadApp(library, Config(path=tmp_path / "config.toml"))
    async with app.run_test(size=SIZE) as pilot:
        await library_ready(pilot, app, rows=3)
        await pilot.press("f", "f")  # Alpha, then Beta (nothing from it yet)
        await wait_until(pilot, lambda: "feed: Beta" in status(app))
        assert app.screen.query_one("#articles").row_count == 0
        # What is listed is counted: not the library's annotations, its unread kept.
        assert status(app).startswith(
            "0 of 3 articles · feed: Beta · 0 annotations · 0 unread · sorted by date"
        ), status(app)
        await wait_until(pilot, lambda: load_view(tmp_path / "state.json", library.root).feed)
        remove_feed(Library(library.root), "Beta")
        await wait_until(pilot, lambda: "feed:" not in status(app), timeout=15)
        await wait_until(pilot, lambda: app.screen.query_one("#articles").row_count == 3)
        assert app.screen.model.feed_choices() == [ALPHA]
        await wait_until(pilot, lambda: not load_view(tmp_path / "state.json", library.root).feed)
        await pilot.press("f")
        await wait_until(pilot, lambda: "feed: Alpha" in status(app))


def test_a_filter_on_a_feed_that_is_gone_is_dropped_on_load():
    model = LibraryModel()
    metas = [{"id": "a1", "title": "One", "source": "W", "feed": ALPHA}]
    model.load(metas, {}, {}, feeds={ALPHA: "Alpha", BETA: "Beta"})
    model.feed_choice = BETA
    model.load(metas, {}, {}, feeds={ALPHA: "Alpha"})
    assert model.feed_choice is None
    # A feed some article came from stays offered (by its host) and chosen.
    model.feed_choice = ALPHA
    model.load(metas, {}, {}, feeds={})
    assert model.feed_choice == ALPHA
    # A library that could not be read says so; the filter is not forgotten.
    model.feed_choice = BETA
    model.load([], {}, {}, error="library.json: damaged")
    assert model.feed_choice == BETA


def _feed_cells(app) -> dict[str, str]:
    table = app.screen.query_one("#articles")
    keys = [key for key, _, _ in table.columns]
    rows = (table.get_row_at(i) for i in range(table.row_count))
    return {str(row[0]): str(row[keys.index("feed")]) for row in rows}


async def test_removed_feeds_keep_their_names_where_their_articles_point(tmp_path):
    # Two feeds of one host: named by the host, the two were one label twice.
    library = feeds_library(tmp_path / "lib")
    library.save_articles(
        [
            Article(
                id="beta0001",
                title="From the beta feed",
                body="Another story. It snowed.",
                source="W",
                feed=BETA,
                guid="beta0001",
                url_or_path="https://beta.example/one",
            )
        ]
    )
    config = Config(path=tmp_path / "config.toml")
    app = NewsreadApp(library, config)
    async with app.run_test(size=SIZE) as pilot:
        await library_ready(pilot, app, rows=4)
        await pilot.press("f")
        await wait_until(pilot, lambda: "feed: Alpha" in status(app))
        other = Library(library.root)
        remove_feed(other, "Alpha")
        remove_feed(other, "Beta")
        await wait_until(pilot, lambda: "feed: Alpha (removed)" in status(app), timeout=15)
        await pilot.press("f")
        await wait_until(pilot, lambda: "feed: Beta (removed)" in status(app))
        await pilot.press("f")
        await wait_until(pilot, lambda: app.screen.query_one("#articles").row_count == 4)
        assert _feed_cells(app)["From the alpha feed"] == "Alpha (removed)"
        assert _feed_cells(app)["From the beta feed"] == "Beta (removed)"
        await pilot.press("f")
        await wait_until(pilot, lambda: load_view(tmp_path / "state.json", library.root).feed)
    # The filter remembered for next time opens under the name too.
    app = NewsreadApp(Library(library.root), config)
    async with app.run_test(size=SIZE) as pilot:
        await library_ready(pilot, app, rows=1)
        assert "feed: Alpha (removed)" in status(app)


def test_a_feed_subscribed_again_is_named_by_its_subscription():
    model = LibraryModel()
    metas = [{"id": "a1", "title": "One", "source": "W", "feed": ALPHA}]
    model.load(metas, {}, {}, feeds={ALPHA: "Alpha again"}, removed_feeds={ALPHA: "Alpha"})
    assert model.feed_name(ALPHA) == "Alpha again"
    model.load(metas, {}, {}, feeds={}, removed_feeds={})
    assert model.feed_name(ALPHA) == "127.0.0.1:1"
