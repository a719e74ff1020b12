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


async def test_a_key_slow_at_each_widget_still_goes_before_the_next():
    """On a loaded machine a key can take longer than PATIENCE all told while
    every widget on its way is quick enough: it is timed per step, so the key
    after it still reaches the focus the first one set."""
    import asyncio

    from textual.app import App, ComposeResult
    from textual.binding import Binding
    from textual.containers import Vertical
    from textual.widgets import Static

    from tui.keyorder import PATIENCE, KeyOrder, KeysInOrder

    got: list[tuple[str, str]] = []
    step = PATIENCE * 0.6  # each step is within patience, two are not

    class Box(Static, can_focus=True):
        async def on_key(self, event: events.Key) -> None:
            got.append((self.id or "", event.key))
            if self.id == "first":
                await asyncio.sleep(step)

    class Slow(Vertical):
        async def on_key(self, event: events.Key) -> None:
            await asyncio.sleep(step)

    class Ordered(KeysInOrder, App):
        BINDINGS = [Binding("a", "move_on", "Move on")]

        def __init__(self) -> None:
            super().__init__()
            self.keys = KeyOrder(self, self.handle_key_now)

        def compose(self) -> ComposeResult:
            with Slow():
                yield Box("first", id="first")
                yield Box("second", id="second")

        def on_mount(self) -> None:
            self.set_focus(self.query_one("#first"))

        def action_move_on(self) -> None:
            self.set_focus(self.query_one("#second"))

    app = Ordered()
    async with app.run_test(size=(40, 10)) as pilot:
        await wait_until(pilot, lambda: app.focused is not None)
        for key in "ab":
            event = events.Key(key, key)
            event.set_sender(app)
            app.post_message(event)
        await wait_until(pilot, lambda: app.keys.done >= 2 and app.keys.holding == 0)
        assert got == [("first", "a"), ("second", "b")]


async def test_the_key_trace_says_what_became_of_each_key(tmp_path, pipeline, monkeypatch):
    trace = tmp_path / "keys.trace"
    monkeypatch.setenv("NEWSREAD_TRACE_KEYS", str(trace))
    app = NewsreadApp(make_library(tmp_path / "lib"), Config())
    async with app.run_test(size=SIZE) as pilot:
        await library_ready(pilot, app)
        await type_at_once(pilot, app, ["enter", "j"])
    lines = [line.split(None, 1)[1] for line in trace.read_text(encoding="utf-8").splitlines()]
    ran = lines.index("run enter at ArticleTable#articles")
    assert lines.index("hold j (1 held)") > ran
    assert lines.index("select row 0 of 2") < lines.index("open article harbour01")
    assert lines.index("open article harbour01") < lines.index("done enter")
    assert lines.index("article harbour01 shown") < lines.index("run j at ArticleView#body")
