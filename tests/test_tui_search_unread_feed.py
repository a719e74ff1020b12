"""The count of search hits unread-only hides leaves out those the feed filter
hides anyway: the status said hits were hidden by unread only when the feed
picked (f, or feed: in the box) would not list them read or unread."""

from __future__ import annotations

from newsread.config import Config
from newsread.model import Article
from storage.feeds import Feed, add_feeds
from storage.library import Library
from tests.pilot_helpers import SIZE, library_ready, wait_until
from tui.app import NewsreadApp
from tui.screens.library import LibraryScreen
from tui.screens.reader import ReaderScreen

ALPHA = "http://127.0.0.1:1/alpha.xml"
BETA = "http://127.0.0.1:1/beta.xml"


def _library(root) -> Library:
    library = Library(root)
    add_feeds(library, [Feed(url=ALPHA, name="Alpha"), Feed(url=BETA, name="Beta")])
    library.save_articles(
        [
            Article(
                id=f"{name}0001",
                title=f"{name.title()} quay news",
                body=f"The new crane arrived at the quay. {extra}",
                source="W",
                feed=url,
                guid=f"{name}0001",
                url_or_path=f"https://{name}.example/one",
            )
            for name, url, extra in (
                ("alpha", ALPHA, "Dockers cheered."),
                ("beta", BETA, "A gull watched."),
            )
        ]
    )
    return library


def status(app) -> str:
    return str(app.screen.query_one("#library-status").render())


def listed(app) -> list[str]:
    table = app.screen.query_one("#articles")
    return [table.key_at(i) for i in range(table.row_count)]


async def test_hits_of_another_feed_are_not_counted_hidden_by_unread(tmp_path, pipeline):
    app = NewsreadApp(_library(tmp_path / "lib"), Config(path=tmp_path / "config.toml"))
    async with app.run_test(size=SIZE) as pilot:
        await library_ready(pilot, app, rows=2)
        # Beta's article read: opened from its own search.
        await pilot.press("slash", *"gull", "enter")
        await wait_until(pilot, lambda: listed(app) == ["beta0001"])
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ReaderScreen))
        await pilot.press("q")
        await wait_until(pilot, lambda: isinstance(app.screen, LibraryScreen))
        await pilot.press("slash", "ctrl+u", *"crane", "enter")
        await wait_until(pilot, lambda: "2 found by search" in status(app))
        await pilot.press("f")  # Alpha: Beta's hit is not listed, read or not
        await wait_until(pilot, lambda: "feed: Alpha" in status(app))
        assert listed(app) == ["alpha0001"]
        await pilot.press("u")
        await wait_until(pilot, lambda: "unread only" in status(app))
        assert listed(app) == ["alpha0001"]
        assert "hiding" not in status(app), status(app)
        # Beta's feed: its read hit is the one unread-only hides.
        await pilot.press("f")
        await wait_until(pilot, lambda: "feed: Beta" in status(app))
        await wait_until(pilot, lambda: "hiding 1 found by search (u shows it)" in status(app))
        assert listed(app) == []
        line = app.screen.query_one("#library-snippet")
        assert "1 article found by search, hidden by unread only" in str(line.content)
        # feed: in the box narrows as f does.
        await pilot.press("f")  # every feed again
        await pilot.press("slash", "ctrl+u", *'crane feed:"Alpha"', "enter")
        await wait_until(pilot, lambda: listed(app) == ["alpha0001"])
        await wait_until(pilot, lambda: "found by search" in status(app))
        assert "hiding" not in status(app), status(app)
