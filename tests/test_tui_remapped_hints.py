"""The hints that name a key (a find's "ctrl+n next · t tags it", the side
panel's "t tags the sentence", "· u undoes" after a change in the list of all
annotations, the tag manager's "u undoes: …") name the key the user has, after
the remaps of ``[keys]``; they named the default key whatever the config said."""

from __future__ import annotations

from newsread.config import Config
from storage.history import History
from storage.library import Library
from storage.tag_ops import record_op, rename_tag
from tests.pilot_helpers import (
    SIZE,
    make_library,
    open_first_reader,
    tagged_library,
    wait_until,
    wait_writes,
)
from tests.test_tui_annotations import build, highlight, open_screen
from tests.test_tui_tags_follow import open_manager
from tests.test_tui_tags_follow import status as tags_status
from tui.app import NewsreadApp

REMAPS = {
    "reader.tag": "f8",
    "reader.find_next": "f7",
    "annotations.undo": "f9",
    "tags.undo": "f9",
}


def _side(reader) -> str:
    return str(reader.query_one("#side-annotations").render())


async def test_the_reader_names_the_tag_and_find_keys_as_remapped(tmp_path, pipeline):
    app = NewsreadApp(make_library(tmp_path / "lib"), Config(keys=REMAPS))
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_first_reader(pilot, app)
        await wait_until(pilot, lambda: "tags the sentence" in _side(reader))
        assert "none yet — f8 tags the sentence at the cursor" in _side(reader)
        await pilot.press("slash", *"crane", "enter")
        await wait_until(pilot, lambda: "match 1/2" in reader.message)
        assert reader.message.endswith("· f7 next · f8 tags it")
        await pilot.press("f7")
        await wait_until(pilot, lambda: "match 2/2" in reader.message)
        assert reader.message.endswith("· f7 next · f8 tags it")


async def test_the_list_of_annotations_names_its_undo_key_as_remapped(tmp_path):
    root = tmp_path / "lib"
    app = NewsreadApp(build(root), Config(annotator="ines", keys=REMAPS))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_screen(pilot, app)
        await highlight(pilot, screen, "a1")
        await pilot.press("x")
        await wait_writes(app)
        status = screen.query_one("#annotations-status")
        await wait_until(pilot, lambda: "deleted [verify]" in str(status.render()))
        assert "· f9 undoes" in str(status.render())
        assert "u undoes" not in str(status.render())


async def test_the_tag_manager_names_its_undo_key_as_remapped(tmp_path):
    root = tmp_path / "lib"
    app = NewsreadApp(tagged_library(root), Config(keys=REMAPS))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_manager(pilot, app)
        other = Library(root)
        record_op(History(other), rename_tag(other, "quote", "citation"))
        await wait_until(pilot, lambda: "undoes: rename tag" in tags_status(screen), 15)
        assert "f9 undoes: rename tag 'quote' to 'citation'" in tags_status(screen)


async def test_a_note_saved_anew_names_the_lists_undo_key_as_remapped(tmp_path):
    from tui.screens.dialogs import NoteEditor

    root = tmp_path / "lib"
    app = NewsreadApp(build(root), Config(annotator="ines", keys=REMAPS))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_screen(pilot, app)
        await highlight(pilot, screen, "a1")
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, NoteEditor))
        # Another process deletes it while the note is typed: saved anew.
        Library(root).apply_annotation_changes("harbour01", save=[], delete=["a1"])
        await pilot.press(*" first", "ctrl+s")
        await wait_writes(app)
        await wait_until(pilot, lambda: isinstance(app.screen, NoteEditor))
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen is screen)
        await wait_writes(app)
        await wait_until(pilot, lambda: "note saved as a new annotation" in screen._note)
        assert screen._note.endswith("· f9 undoes")
