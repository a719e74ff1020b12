"""What a newsboat user reaches for (Pilot): q goes back one screen and quits
only from the library, A marks every listed article read (asking first, in
one write), > / < / J step through the library's list from the reader, O
opens the browser from the reader; and keys that acted without a word (m, o,
f) say what they did in the status line."""

from __future__ import annotations

import webbrowser
from pathlib import Path

from newsread.config import Config
from storage.reading import ReadState
from tests.pilot_helpers import SIZE, library_ready, open_article, wait_until, wait_writes
from tests.test_tui_feeds import feed_library, select, status
from tui.app import NewsreadApp
from tui.keymap import keymap_problems
from tui.screens.dialogs import InfoScreen
from tui.screens.help import HelpScreen
from tui.screens.library import LibraryScreen
from tui.screens.reader import ReaderScreen
from tui.screens.tag_dialogs import ConfirmDialog
from tui.screens.tags import TagManagerScreen

NEW_IDS = (
    "reader.close",
    "reader.next_article",
    "reader.previous_article",
    "reader.next_unread",
    "reader.browser",
    "library.mark_all_read",
    "tags.close",
    "info.back",
    "help.back",
    "annotations.close",
    "queue.back",
)


def listed(app) -> list[str]:
    """The library's titles in the order shown."""
    table = app.screen.query_one("#articles")
    return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]


def reader_title(app) -> str:
    screen = app.screen
    return screen.article.title if isinstance(screen, ReaderScreen) else ""


def reader_status(app) -> str:
    return str(app.screen.query_one("#reader-status").render())


def browser_log(tmp_path: Path, monkeypatch) -> Path:
    """A $BROWSER logging each address: one webbrowser waits for (a graphical
    one, "... &", is taken as started only while it still runs)."""
    opened = tmp_path / "opened.txt"
    script = tmp_path / "browser.sh"
    script.write_text(f'#!/bin/sh\nprintf "%s\\n" "$1" >> "{opened}"\n')
    script.chmod(0o755)
    monkeypatch.setenv("BROWSER", str(script))
    monkeypatch.setattr(webbrowser, "_tryorder", None)
    monkeypatch.setattr(webbrowser, "_browsers", {})
    return opened


def test_every_new_binding_has_an_id_and_can_be_remapped():
    known = NewsreadApp.known_bindings()
    assert [i for i in NEW_IDS if i not in known] == []
    remap = {"reader.close": "h", "reader.next_article": "l", "library.mark_all_read": "C"}
    assert keymap_problems(remap, NewsreadApp, "config") == []


async def test_q_goes_back_one_screen_and_quits_only_from_the_library(tmp_path, pipeline):
    app = NewsreadApp(feed_library(tmp_path / "lib"), Config())
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_article(pilot, app, "Bridge closes in May")
        for key, over in (
            ("i", InfoScreen),
            ("question_mark", HelpScreen),
            ("T", TagManagerScreen),
        ):
            await pilot.press(key)
            await wait_until(pilot, lambda over=over: isinstance(app.screen, over))
            await pilot.press("q")
            await wait_until(pilot, lambda: app.screen is reader)
        await pilot.press("q")
        await wait_until(pilot, lambda: isinstance(app.screen, LibraryScreen))
        assert app.is_running
        # escape still goes back too.
        await open_article(pilot, app, "Bridge closes in May")
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, LibraryScreen))
        # The annotations list and the suggestion queue, over the library.
        for key in ("L", "Q"):
            await pilot.press(key)
            await wait_until(pilot, lambda: not isinstance(app.screen, LibraryScreen))
            await pilot.press("q")
            await wait_until(pilot, lambda: isinstance(app.screen, LibraryScreen))
        assert app.is_running
        await pilot.press("q")
        await wait_until(pilot, lambda: not app.is_running)


async def test_q_back_follows_a_remap(tmp_path, pipeline):
    config = Config(keys={"reader.close": "h"})
    app = NewsreadApp(feed_library(tmp_path / "lib"), config)
    async with app.run_test(size=SIZE) as pilot:
        await open_article(pilot, app, "Bridge closes in May")
        await pilot.press("h")
        await wait_until(pilot, lambda: isinstance(app.screen, LibraryScreen))
        assert app.is_running


async def test_a_marks_every_listed_article_read_in_one_write(tmp_path, monkeypatch):
    library = feed_library(tmp_path / "lib")
    marks: list[list[str]] = []
    real_mark = ReadState.mark

    def counted(self, article_ids, read=True):
        marks.append(sorted(article_ids))
        return real_mark(self, article_ids, read)

    monkeypatch.setattr(ReadState, "mark", counted)
    app = NewsreadApp(library, Config(annotator="ines"))
    async with app.run_test(size=SIZE) as pilot:
        await library_ready(pilot, app, rows=4)
        await pilot.press("slash", *"feed:valley", "enter")
        await wait_until(pilot, lambda: len(listed(app)) == 2)
        await pilot.press("A")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        assert app.screen.question.startswith("Mark 2 listed articles read?")
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, LibraryScreen))
        await wait_writes(app)
        assert marks == [] and ReadState(library, "ines").read_ids() == set()

        await pilot.press("A")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("y")
        await wait_until(pilot, lambda: "marked 2 articles read" in status(app))
        await wait_writes(app)
        assert marks == [["valley01", "valley02"]]
        assert ReadState(library, "ines").read_ids() == {"valley01", "valley02"}
        # Nothing left unread in the list: said, not asked. (A load from disk
        # begun before the write landed may show them unread until the next.)
        await wait_until(pilot, lambda: app.screen.model.unread_listed() == [])
        await pilot.press("A")
        await wait_until(pilot, lambda: "every listed article is read already" in status(app))
        assert isinstance(app.screen, LibraryScreen)
        await pilot.press("escape")  # the whole library again
        await wait_until(pilot, lambda: len(listed(app)) == 4)
        assert "2 unread" in status(app)
        # A list of nothing is not said to be read.
        await pilot.press("slash", *"feed:valley zzzqqq", "enter")
        await wait_until(pilot, lambda: len(listed(app)) == 0)
        await pilot.press("A")
        await wait_until(pilot, lambda: "no article is listed" in status(app))
        assert isinstance(app.screen, LibraryScreen)


async def test_the_reader_steps_through_the_librarys_list(tmp_path, pipeline):
    library = feed_library(tmp_path / "lib")
    app = NewsreadApp(library, Config(annotator="ines"))
    async with app.run_test(size=SIZE) as pilot:
        await library_ready(pilot, app, rows=4)
        order = listed(app)
        await open_article(pilot, app, order[0])
        await pilot.press("greater_than_sign")
        await wait_until(pilot, lambda: reader_title(app) == order[1])
        await pilot.press("less_than_sign")
        await wait_until(pilot, lambda: reader_title(app) == order[0])
        await pilot.press("less_than_sign")
        await wait_until(pilot, lambda: "no listed article before this one" in reader_status(app))
        # J skips the ones read (order[1] was opened above): on to order[2].
        await pilot.press("J")
        await wait_until(pilot, lambda: reader_title(app) == order[2])
        # One reader at a time: each step replaced the last.
        assert sum(isinstance(s, ReaderScreen) for s in app.screen_stack) == 1
        await wait_writes(app)
        ids = {meta["title"]: meta["id"] for meta in library.article_metas()}
        assert ReadState(library, "ines").read_ids() == {ids[t] for t in order[:3]}


async def test_next_works_in_an_unread_only_list_the_open_article_left(tmp_path, pipeline):
    app = NewsreadApp(feed_library(tmp_path / "lib"), Config())
    async with app.run_test(size=SIZE) as pilot:
        await library_ready(pilot, app, rows=4)
        await pilot.press("u")
        await wait_until(pilot, lambda: "unread only" in status(app))
        order = listed(app)
        await open_article(pilot, app, order[1])
        # Read now, so off the unread-only list: the next is still the one after it.
        await pilot.press("greater_than_sign")
        await wait_until(pilot, lambda: reader_title(app) == order[2])
        await pilot.press("less_than_sign")  # order[1] is no longer listed
        await wait_until(pilot, lambda: reader_title(app) == order[0])


async def test_steps_from_an_article_the_filter_leaves_out_say_so(tmp_path, pipeline):
    # Opened past the filter (as from L), > < J said "no listed article after
    # this one", as if it were the list's last.
    app = NewsreadApp(feed_library(tmp_path / "lib"), Config())
    async with app.run_test(size=SIZE) as pilot:
        await library_ready(pilot, app, rows=4)
        await pilot.press("slash", *"Bridge", "enter")
        await wait_until(pilot, lambda: listed(app) == ["Bridge closes in May"])
        app.open_article("hills001")
        # Pushed is not mounted: say() reads the body's cursor, there once mounted.
        await wait_until(
            pilot,
            lambda: reader_title(app) == "Orchard record harvest" and app.screen.query("#body"),
        )
        said = "this article is not in the library's list (filter: 'Bridge')"
        for key in ("greater_than_sign", "less_than_sign", "J"):
            app.screen.say("")
            assert said not in reader_status(app)
            await pilot.press(key)
            await wait_until(pilot, lambda: said in reader_status(app))
            assert reader_title(app) == "Orchard record harvest"


async def test_o_in_the_library_and_O_in_the_reader_open_the_browser_and_say_so(
    tmp_path, monkeypatch, pipeline
):
    opened = browser_log(tmp_path, monkeypatch)
    app = NewsreadApp(feed_library(tmp_path / "lib"), Config())
    async with app.run_test(size=SIZE) as pilot:
        await library_ready(pilot, app, rows=4)
        select(app, "Choir wins the contest")
        await pilot.press("o")
        said = "opened http://valley.example/choir in the browser"
        await wait_until(pilot, lambda: said in status(app))
        await open_article(pilot, app, "Orchard record harvest")
        await pilot.press("O")
        said = "opened https://hills.example/apples in the browser"
        await wait_until(pilot, lambda: said in reader_status(app))
        await wait_until(pilot, lambda: opened.read_text().count("\n") == 2)
        assert opened.read_text().splitlines() == [
            "http://valley.example/choir",
            "https://hills.example/apples",
        ]


async def test_m_says_read_or_unread_until_the_cursor_moves_on(tmp_path):
    app = NewsreadApp(feed_library(tmp_path / "lib"), Config())
    async with app.run_test(size=SIZE) as pilot:
        await library_ready(pilot, app, rows=4)
        select(app, "Choir wins the contest")
        await pilot.press("m")
        await wait_until(pilot, lambda: "marked read" in status(app))
        await pilot.press("m")
        await wait_until(pilot, lambda: "marked unread" in status(app))
        select(app, "Bridge closes in May")
        await wait_until(pilot, lambda: "marked" not in status(app))


async def test_f_leaves_the_status_line_uncovered(tmp_path):
    app = NewsreadApp(feed_library(tmp_path / "lib"), Config())
    async with app.run_test(size=SIZE) as pilot:
        await library_ready(pilot, app, rows=4)
        await pilot.press("f")
        await wait_until(pilot, lambda: "feed: Hill News" in status(app))
        await pilot.pause()
        # The status line names the feed; no toast says it again over that line.
        assert list(app._notifications) == []
        assert "▌" not in status(app)
