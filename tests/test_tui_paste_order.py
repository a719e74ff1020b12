"""A paste takes its turn among the keys typed before it (tui.keyorder): the
letters typed right after ``n`` or ``t`` are held while the note editor or the
tag picker opens, and a paste that came after them lands after them, not in
the middle (``abcdefghPASTEDijkl…``) or in the reader underneath."""

from __future__ import annotations

from textual import events
from textual.widgets import Input, TextArea

from newsread.config import Config
from tests.pilot_helpers import SIZE, make_library, open_first_reader, wait_until
from tui.app import NewsreadApp
from tui.screens.dialogs import NoteEditor
from tui.screens.tag_picker import TagPicker

LETTERS = "abcdefghijklmnopqrstuvwxyz"


async def type_then_paste(pilot, app: NewsreadApp, keys: list[str], pasted: str) -> None:
    """Every key, then the paste, queued at the app before the first key is
    handled, as a terminal sends them; returns once the app is done with all."""
    done = app.keys.done + len(keys) + 1
    for key in keys:
        event = events.Key(key, key if len(key) == 1 else None)
        event.set_sender(app)  # as Textual's terminal driver does
        app.post_message(event)
    paste = events.Paste(pasted)
    paste.set_sender(app)
    app.post_message(paste)
    await wait_until(pilot, lambda: app.keys.done >= done and app.keys.holding == 0)


async def test_a_paste_after_keys_typed_into_the_note_editor_comes_after_them(tmp_path, pipeline):
    app = NewsreadApp(make_library(tmp_path / "lib"), Config())
    async with app.run_test(size=SIZE) as pilot:
        await open_first_reader(pilot, app)
        await type_then_paste(pilot, app, ["n", *LETTERS], "PASTED")
        assert isinstance(app.screen, NoteEditor)
        assert app.screen.query_one(TextArea).text == LETTERS + "PASTED"


async def test_a_paste_after_keys_typed_into_the_tag_picker_comes_after_them(tmp_path, pipeline):
    app = NewsreadApp(make_library(tmp_path / "lib"), Config())
    async with app.run_test(size=SIZE) as pilot:
        await open_first_reader(pilot, app)
        await type_then_paste(pilot, app, ["t", *"urgent"], ", PASTED")
        assert isinstance(app.screen, TagPicker)
        assert app.screen.query_one(Input).value == "urgent, PASTED"
