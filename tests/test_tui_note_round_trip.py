"""Editing text that holds control characters: the editors show stand-ins
(␛, ␍), and what the user did not touch is saved as it was, not as the glyph."""

from __future__ import annotations

from newsread.config import Config
from newsread.model import Annotation, Article, Tag
from newsread.sanitize import restore_untouched, visible
from storage.library import Library
from tests.pilot_helpers import SIZE, make_library, open_first_reader, wait_until, wait_writes
from tui.app import NewsreadApp
from tui.screens.dialogs import NoteEditor

BODY = "The ferry board said the new route opens in June. Nobody objected."
QUOTE_END = BODY.index(" Nobody")
NOTE = "col1\tcol2\r\nline2 \x1b[31mred\x1b[0m \x9b1m \u202eend"


def test_untouched_stand_ins_come_back_as_the_characters_they_stood_for():
    shown = visible(NOTE)
    assert restore_untouched(NOTE, shown) == NOTE
    assert restore_untouched(NOTE, shown + " x") == NOTE + " x"
    # An edit in the middle: both sides keep their controls.
    cut = shown.index("line2")
    assert restore_untouched(NOTE, shown[:cut] + "LINE" + shown[cut + 4 :]) == (
        NOTE[:cut] + "LINE" + NOTE[cut + 4 :]
    )
    # A glyph the user typed is theirs: it stays a glyph.
    assert restore_untouched("plain", "plain \u241b") == "plain \u241b"
    # Deleting a control character deletes it.
    assert restore_untouched("a\x1bb", "ab") == "ab"


def note_library(root) -> Library:
    library = make_library(root, [Article(id="ferry1", title="Ferry route", body=BODY)])
    library.apply_tag_changes(save=[Tag("todo", "red", description="why\x1b[2J")])
    library.save_annotation(
        Annotation(
            id="n1",
            article_id="ferry1",
            start=0,
            end=QUOTE_END,
            quote=BODY[:QUOTE_END],
            tags=["todo"],
            note=NOTE,
        )
    )
    return library


async def test_a_note_edited_in_the_reader_keeps_its_control_characters(tmp_path, pipeline):
    app = NewsreadApp(note_library(tmp_path / "lib"), Config())
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_first_reader(pilot, app, "Ferry route")
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, NoteEditor))
        await pilot.pause()
        assert app.screen.query_one("TextArea").text == visible(NOTE)
        await pilot.press("space", "x", "ctrl+s")
        await wait_until(pilot, lambda: app.screen is reader)
        await wait_writes(app)
        [ann] = Library(tmp_path / "lib").annotations("ferry1")
        assert ann.note == NOTE + " x"
        # Saved, and said so: not "the note" (the word for a refused one).
        await wait_until(pilot, lambda: "undoes" in reader.message)
        assert reader.message.startswith("note saved · ")


async def test_a_tag_description_edited_keeps_its_control_characters(tmp_path, pipeline):
    app = NewsreadApp(note_library(tmp_path / "lib"), Config())
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_first_reader(pilot, app, "Ferry route")
        await pilot.press("T")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "TagManagerScreen")
        manager = app.screen
        await wait_until(pilot, lambda: manager.loaded)
        await pilot.press("e")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "TextPrompt")
        await pilot.pause()
        await pilot.press("end", "space", "x", "enter")
        await wait_until(pilot, lambda: app.screen is manager)
        await wait_writes(app)
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is reader)
    assert Library(tmp_path / "lib").get_tag("todo").description == "why\x1b[2J x"
