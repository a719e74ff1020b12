"""A paste holding control characters is taken whole, by one rule
(newsread.sanitize.pasted): its escape sequences go, any other control
character comes in as its stand-in, and nothing is added (the terminal side,
tui.whole_pastes, is tested in test_whole_pastes and the tmux test)."""

from __future__ import annotations

from textual import events
from textual.widgets import Input, TextArea

from newsread.config import Config
from storage.library import Library
from tests.pilot_helpers import (
    SIZE,
    make_library,
    open_first_reader,
    tagged_library,
    wait_until,
    wait_writes,
)
from tui.app import NewsreadApp
from tui.screens.dialogs import NoteEditor

PASTE = "[bold]not bold[/] [/] [link=http://x]l[/link]\x1b]0;pwned\x07 \x1b[2J end\x07\r\nnext"
#: PASTE as it is taken: the two sequences gone, the lone BEL shown as ␇, CR LF a newline.
TAKEN = "[bold]not bold[/] [/] [link=http://x]l[/link]  end\u2407\nnext"


async def paste(pilot, app: NewsreadApp, text: str) -> None:
    """``text`` pasted as the terminal driver sends it; returns once handled."""
    done = app.keys.done + 1
    event = events.Paste(text)
    event.set_sender(app)
    app.post_message(event)
    await wait_until(pilot, lambda: app.keys.done >= done and app.keys.holding == 0)


async def test_a_paste_with_escape_sequences_into_a_note_is_saved_as_shown(tmp_path, pipeline):
    root = tmp_path / "lib"
    app = NewsreadApp(make_library(root), Config())
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_first_reader(pilot, app)
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, NoteEditor))
        area = app.screen.query_one(TextArea)
        await pilot.press("a", "space")
        await paste(pilot, app, PASTE)
        assert area.text == "a " + TAKEN
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen is reader)
        await wait_writes(app)
    [annotation] = Library(root).annotations("harbour01")
    assert annotation.note == "a " + TAKEN


async def test_a_paste_with_escape_sequences_into_a_description_is_saved_as_shown(tmp_path):
    from tests.test_tui_tags import highlight, open_manager
    from tui.screens.tag_dialogs import TextPrompt

    root = tmp_path / "lib"
    app = NewsreadApp(tagged_library(root), Config())
    async with app.run_test(size=SIZE) as pilot:
        manager = await open_manager(pilot, app)
        await highlight(pilot, manager, "quote")
        await pilot.press("e")
        await wait_until(pilot, lambda: isinstance(app.screen, TextPrompt))
        box = app.screen.query_one(Input)
        await paste(pilot, app, PASTE)
        # One line is taken into a one-line box.
        assert box.value == TAKEN.splitlines()[0]
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen is manager)
        await wait_writes(app)
    # A description is one line, its spaces one each (storage.tag_ops.describe_tag).
    assert Library(root).get_tag("quote").description == " ".join(TAKEN.splitlines()[0].split())


async def test_a_paste_into_the_search_box_loses_its_escape_sequences(tmp_path):
    from tests.pilot_helpers import library_ready

    app = NewsreadApp(make_library(tmp_path / "lib"), Config())
    async with app.run_test(size=SIZE) as pilot:
        await library_ready(pilot, app)
        await pilot.press("slash")
        box = app.screen.query_one("#library-filter", Input)
        await wait_until(pilot, lambda: box.has_focus)
        await paste(pilot, app, "\x1b[1mharbour\x1b[0m crane\x07\r\nsecond line")
        assert box.value == "harbour crane\u2407"
