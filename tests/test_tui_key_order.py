"""Keys typed faster than the app handles them go where they were meant to
(tui.keyorder): after ``t``, the letters reach the tag picker, not the reader
(where ``u`` undoes and ``e`` edits an entity); after ``enter`` in the library,
the keys reach the article it opens."""

from __future__ import annotations

from textual import events

from newsread.config import Config
from storage.library import Library
from tests.pilot_helpers import (
    SIZE,
    library_ready,
    make_library,
    open_first_reader,
    wait_until,
    wait_writes,
)
from tui.app import NewsreadApp
from tui.screens.reader import ReaderScreen


async def type_at_once(pilot, app: NewsreadApp, keys: list[str]) -> None:
    """Every key queued at the app before the first is handled, as from a fast
    typist or a terminal sending a burst (Pilot's ``press`` waits after each);
    returns once the app is done with all of them."""
    done = app.keys.done + len(keys)
    for key in keys:
        event = events.Key(key, key if len(key) == 1 else None)
        event.set_sender(app)  # as Textual's terminal driver does
        app.post_message(event)
    await wait_until(pilot, lambda: app.keys.done >= done and app.keys.holding == 0)
    await wait_until(pilot, lambda: isinstance(app.screen, ReaderScreen))
    await wait_writes(app)


async def test_a_tag_name_typed_at_once_after_t_reaches_the_picker(tmp_path, pipeline):
    root = tmp_path / "lib"
    app = NewsreadApp(make_library(root), Config())
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_first_reader(pilot, app)
        first = reader.view.cursor
        # "u" would undo in the reader, "e" edit an entity, "n" jump to a claim.
        await type_at_once(pilot, app, ["t", *"urgent", "enter"])
        stored = Library(root).annotations("harbour01")
        assert [(a.start, a.end, a.tags) for a in stored] == [(*first, ["urgent"])]
        assert reader.view.cursor == first


async def test_keys_typed_at_once_after_enter_reach_the_article_it_opens(tmp_path, pipeline):
    root = tmp_path / "lib"
    app = NewsreadApp(make_library(root), Config())
    async with app.run_test(size=SIZE) as pilot:
        await library_ready(pilot, app)
        # The article is read in a worker: without waiting for it, "t" and the
        # letters were the library's ("t" is no library key; "j" moved its rows).
        await type_at_once(pilot, app, ["enter", "j", "t", *"judge", "enter"])
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        stored = Library(root).annotations(reader.article.id)
        assert [a.tags for a in stored] == [["judge"]]
        assert reader.article.body[stored[0].start : stored[0].end] == (
            "Dock workers welcomed the plan."
        )


async def test_keys_in_a_burst_keep_their_order_across_two_screens(tmp_path, pipeline):
    root = tmp_path / "lib"
    app = NewsreadApp(make_library(root), Config())
    async with app.run_test(size=SIZE) as pilot:
        await open_first_reader(pilot, app)
        # Two tags in one burst: the picker opens, closes and opens again.
        await type_at_once(pilot, app, ["t", *"one", "enter", "j", "t", *"two", "enter"])
        stored = sorted(Library(root).annotations("harbour01"), key=lambda a: a.start)
        assert [a.tags for a in stored] == [["one"], ["two"]]
        assert stored[1].quote == "Dock workers welcomed the plan."


async def test_escape_typed_ahead_leaves_a_reader_that_is_not_ready_and_drops_the_rest(
    tmp_path, pipeline, monkeypatch
):
    """Before its sentences are known the reader takes no keys; escape leaves
    it, and the keys typed before escape are not played into it: "u" there
    would have undone the tag made a moment before in another article."""
    from tui.screens.library import LibraryScreen

    root = tmp_path / "lib"
    app = NewsreadApp(make_library(root), Config())
    async with app.run_test(size=SIZE) as pilot:
        await open_first_reader(pilot, app)
        await type_at_once(pilot, app, ["t", *"keep", "enter"])
        assert [a.tags for a in Library(root).annotations("harbour01")] == [["keep"]]
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, LibraryScreen))
        monkeypatch.setattr(ReaderScreen, "run_analysis", lambda self: None)
        done = app.keys.done + 4
        for key in ["enter", "u", "t", "escape"]:
            event = events.Key(key, key if len(key) == 1 else None)
            event.set_sender(app)
            app.post_message(event)
        await wait_until(pilot, lambda: app.keys.done >= done and app.keys.holding == 0)
        await wait_until(pilot, lambda: isinstance(app.screen, LibraryScreen))
        await wait_writes(app)
        assert [a.tags for a in Library(root).annotations("harbour01")] == [["keep"]]
