"""A small library's titles are in the app's first frame: read before it is
drawn, not by the load's worker a frame later. Larger, stale or damaged
catalogs still go through the worker, which says what is wrong."""

from __future__ import annotations

import pytest
from pilot_helpers import SIZE, library_ready, make_library, wait_until
from textual import events

from newsread.config import Config
from newsread.model import Article
from storage import catalog
from storage.library import Library
from tui.app import NewsreadApp
from tui.screens import library as library_screen


async def _saved_catalog(root) -> None:
    """Open the app once: its load saves the catalog for the next start."""
    app = NewsreadApp(make_library(root), Config())
    async with app.run_test(size=SIZE) as pilot:
        await library_ready(pilot, app, rows=2)
    assert (root / catalog.FILE).exists()


def _without_worker(monkeypatch) -> list[str]:
    """The load's worker does nothing but note the files' stamps, as the
    load does first: what shows came before it. (Without the stamps, the
    look at the disk every two seconds asked for the load again, and a test
    waiting for exactly one call never saw it when its first look came late,
    under load.)"""
    calls: list[str] = []

    def reload(self) -> None:
        self._stamp = self._change_stamp()
        calls.append("r")

    monkeypatch.setattr(library_screen.LibraryScreen, "reload", reload)
    return calls


async def test_the_titles_of_a_small_library_are_read_before_the_first_frame(tmp_path, monkeypatch):
    from tui.screens import following

    root = tmp_path / "lib"
    await _saved_catalog(root)
    calls = _without_worker(monkeypatch)
    # Looks at the disk every 10 ms, so that one may come before the worker is
    # asked for, as under load (every 2 s, behind a first frame drawn late):
    # it found the stamps of the rows on screen never noted, and asked for a
    # second load (and the test, waiting for exactly one, failed).
    monkeypatch.setattr(following, "POLL_SECONDS", 0.01)
    looks: list[int] = []
    look = library_screen.LibraryScreen._poll_changes

    def counted_look(self) -> None:
        looks.append(len(calls))
        look(self)

    monkeypatch.setattr(library_screen.LibraryScreen, "_poll_changes", counted_look)
    app = NewsreadApp(Library(root), Config())
    async with app.run_test(size=SIZE) as pilot:
        table = app.screen.query_one("#articles")
        assert table.row_count == 2
        lines = "\n".join(table.render_line(y).text for y in range(table.size.height))
        assert "Harbour crane approved" in lines and "Second story" in lines
        # The worker is still asked for (after that frame), once: it counts annotations.
        await wait_until(pilot, lambda: looks.count(1) >= 3)
        assert calls == ["r"]


@pytest.mark.parametrize("why", ["too large", "stale"])
async def test_a_large_or_stale_catalog_is_left_to_the_worker(tmp_path, monkeypatch, why):
    root = tmp_path / "lib"
    await _saved_catalog(root)
    library = Library(root)
    if why == "too large":
        monkeypatch.setattr(catalog, "QUICK_CATALOG_BYTES", 10)
    else:
        library.save_articles([Article(id="late003", title="Late story", body="Late text.")])
    calls = _without_worker(monkeypatch)
    app = NewsreadApp(library, Config())
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: calls == ["r"])
        assert app.screen.query_one("#articles").row_count == 0
    monkeypatch.undo()
    # With its worker the same library lists every title.
    app = NewsreadApp(Library(root), Config())
    async with app.run_test(size=SIZE) as pilot:
        await library_ready(pilot, app, rows=2 if why == "too large" else 3)


async def test_the_worker_after_the_first_frame_does_not_load_the_titles_again(
    tmp_path, monkeypatch
):
    root = tmp_path / "lib"
    await _saved_catalog(root)
    shown = []
    loaded = library_screen.LibraryScreen.on_library_screen_loaded

    def counted(self, message):
        shown.append(message.prepared)
        return loaded(self, message)

    monkeypatch.setattr(library_screen.LibraryScreen, "on_library_screen_loaded", counted)
    app = NewsreadApp(Library(root), Config())
    async with app.run_test(size=SIZE) as pilot:
        await library_ready(pilot, app, rows=2)  # the worker has counted
        assert len(shown) == 1 and app.screen.model.counted


async def test_keys_typed_while_the_app_starts_go_to_the_table(tmp_path, monkeypatch):
    """The table has the focus before the screen's mount runs: Textual's default
    gave it to the first focusable widget, the hidden filter box, and a key
    typed while the app started (its first screen already drawn, see
    tui.first_paint) filtered the library instead of moving down."""
    focused = []
    mounted = library_screen.LibraryScreen.on_mount

    def spy(self):
        focused.append(self.focused)
        return mounted(self)

    monkeypatch.setattr(library_screen.LibraryScreen, "on_mount", spy)
    app = NewsreadApp(make_library(tmp_path / "lib"), Config())
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: bool(focused))
    assert focused[0] is not None and focused[0].id == "articles"


async def test_a_search_typed_while_the_app_starts_lands_in_the_box(tmp_path, monkeypatch):
    """/ and letters typed before the screen's mount (read from the terminal
    while Textual was imported) reach the app ahead of anything the mount
    queues: the mount's focus() came a turn later and took the focus back from
    the box / had opened, so the letters went to the table (where d deletes)."""
    mounted = library_screen.LibraryScreen.on_mount

    def typed_first(self):
        for key, character in [("slash", "/"), ("h", "h"), ("a", "a"), ("r", "r")]:
            self.app.post_message(events.Key(key, character))
        return mounted(self)

    monkeypatch.setattr(library_screen.LibraryScreen, "on_mount", typed_first)
    app = NewsreadApp(make_library(tmp_path / "lib"), Config())
    async with app.run_test(size=SIZE) as pilot:
        box = app.screen.query_one("#library-filter")
        await wait_until(pilot, lambda: app.keys.done == 4)
        assert box.has_focus
        assert box.value == "har"


async def test_what_the_early_paint_read_is_not_read_again(tmp_path, monkeypatch):
    """The titles tui.first_paint read to draw the screen reach the library
    screen through the app: its mount does not read the catalog, feeds and
    read marks a second time, unless the library changed in between."""
    from storage.reading import ReadState
    from tui.models.library import quick_load

    root = tmp_path / "lib"
    await _saved_catalog(root)
    library = Library(root)
    loaded = quick_load(library, ReadState(library))
    assert loaded is not None
    reads: list[int] = []

    def counted(*args):
        reads.append(1)
        return quick_load(*args)

    monkeypatch.setattr(library_screen, "quick_load", counted)
    app = NewsreadApp(library, Config(), first_load=loaded)
    async with app.run_test(size=SIZE) as pilot:
        assert app.screen.query_one("#articles").row_count == 2
        assert reads == []
        await library_ready(pilot, app, rows=2)
    # The library changed after the paint: read again at mount.
    library = Library(root)
    loaded = quick_load(library, ReadState(library))
    ReadState(library).mark(["harbour01"])
    app = NewsreadApp(library, Config(), first_load=loaded)
    async with app.run_test(size=SIZE) as pilot:
        assert reads == [1]
        await library_ready(pilot, app, rows=2)
