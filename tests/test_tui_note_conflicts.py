"""A note saved while another window of the same annotator saved one on the
same annotation keeps both, and says so; a note whose annotation was deleted
meanwhile is said to be deleted and kept as a new annotation on its words.

The other window is another ``Library`` on the same folder writing through
``storage.edits`` while this reader's note editor is open, as a second app
process would.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from newsread.config import Config
from newsread.model import Annotation
from storage.edits import NOTE_SEPARATOR, apply_edits
from storage.history import History
from storage.library import Library
from tests.pilot_helpers import BODY, SIZE, make_library, open_first_reader, wait_until, wait_writes
from tui.app import NewsreadApp
from tui.screens.dialogs import NoteEditor
from tui.screens.reader import ReaderScreen

WORDS = "harbour board"


def annotated(root: Path, note: str = "") -> Annotation:
    library = make_library(root)
    start = BODY.index(WORDS)
    ann = Annotation(
        id="n1",
        article_id="harbour01",
        start=start,
        end=start + len(WORDS),
        quote=WORDS,
        tags=["check"],
        note=note,
    )
    library.ensure_tag("check")
    library.save_annotation(ann)
    return ann


def other_window_edit(root: Path, before: Annotation, after: Annotation | None) -> None:
    library = Library(root)
    apply_edits(library, History(library), "harbour01", "other window", [(before, after)])


def stored(root: Path) -> list[Annotation]:
    return Library(root).annotations("harbour01")


def test_two_notes_made_from_one_base_are_both_kept_in_the_order_saved(tmp_path):
    root = tmp_path / "lib"
    ann = annotated(root, note="first thought")
    library = Library(root)
    other_window_edit(root, ann, replace(ann, note="from window A"))
    result = apply_edits(
        library, None, "harbour01", "note saved", [(ann, replace(ann, note="from window B"))]
    )
    assert result.notes_kept == ["n1"]
    [saved] = stored(root)
    assert saved.note == f"from window A{NOTE_SEPARATOR}from window B"


def test_a_note_changed_on_one_side_only_is_taken_without_a_conflict(tmp_path):
    root = tmp_path / "lib"
    ann = annotated(root, note="base")
    library = Library(root)
    # The other window changed the tags only: this window's note is simply saved.
    other_window_edit(root, ann, replace(ann, tags=["check", "late"]))
    result = apply_edits(library, None, "harbour01", "n", [(ann, replace(ann, note="mine"))])
    assert result.notes_kept == []
    [saved] = stored(root)
    assert (saved.note, saved.tags) == ("mine", ["check", "late"])
    # This window left the note as it was: the other window's new note stands.
    other_window_edit(root, saved, replace(saved, note="theirs"))
    result = apply_edits(library, None, "harbour01", "t", [(saved, replace(saved, tags=["x"]))])
    assert result.notes_kept == [] and stored(root)[0].note == "theirs"


def test_emptying_a_note_another_window_changed_keeps_theirs(tmp_path):
    root = tmp_path / "lib"
    ann = annotated(root, note="base")
    other_window_edit(root, ann, replace(ann, note="theirs"))
    result = apply_edits(Library(root), None, "harbour01", "n", [(ann, replace(ann, note=""))])
    assert result.notes_kept == ["n1"] and stored(root)[0].note == "theirs"


async def open_note_editor(pilot, app: NewsreadApp) -> ReaderScreen:
    reader = await open_first_reader(pilot, app)
    await wait_until(pilot, lambda: reader.ready_for_keys)
    await pilot.press("n")
    await wait_until(pilot, lambda: isinstance(app.screen, NoteEditor))
    return reader


async def test_a_note_saved_in_another_window_meanwhile_is_kept_and_said(tmp_path, pipeline):
    root = tmp_path / "lib"
    ann = annotated(root)
    app = NewsreadApp(Library(root), Config(path=tmp_path / "config.toml"))
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_note_editor(pilot, app)
        await pilot.press(*"typed in B")
        other_window_edit(root, ann, replace(ann, note="typed in A"))
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, ReaderScreen))
        await wait_writes(app)
        await wait_until(pilot, lambda: "since you opened it" in reader.message)
        assert "yours added after it" in reader.message
        assert "another window or the command line" in reader.message
        # The screen shows what is stored: both notes.
        await wait_until(
            pilot, lambda: [a.note for a in reader.annotations] == [stored(root)[0].note]
        )
    [saved] = stored(root)
    assert saved.note == f"typed in A{NOTE_SEPARATOR}typed in B"


async def test_a_note_whose_annotation_was_deleted_meanwhile_is_said_deleted_and_kept(
    tmp_path, pipeline
):
    root = tmp_path / "lib"
    ann = annotated(root)
    app = NewsreadApp(Library(root), Config(path=tmp_path / "config.toml"))
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_note_editor(pilot, app)
        await pilot.press(*"ask the board")
        other_window_edit(root, ann, None)
        await pilot.press("ctrl+s")
        await wait_writes(app)
        # Not saved: the editor opens again with the note, saying why.
        await wait_until(
            pilot,
            lambda: isinstance(app.screen, NoteEditor) and app.screen.text == "ask the board",
        )
        heading = app.screen.heading
        assert "was deleted elsewhere (another window or the command line)" in heading
        assert "article changed" not in heading
        assert "annotation was deleted" in reader.message
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, ReaderScreen))
        await wait_writes(app)
        await wait_until(pilot, lambda: "u undoes" in reader.message)
        assert reader.message.startswith("note saved as a new annotation on “harbour board”")
        assert "tagged" not in reader.message
    [saved] = stored(root)
    assert (saved.quote, saved.tags, saved.note) == (WORDS, [], "ask the board")
    assert saved.id != ann.id


async def test_ctrl_q_asks_before_dropping_a_note_being_typed(tmp_path, pipeline):
    from tui.screens.tag_dialogs import DestroyDialog

    root = tmp_path / "lib"
    annotated(root)
    app = NewsreadApp(Library(root), Config(path=tmp_path / "config.toml"))
    async with app.run_test(size=SIZE) as pilot:
        await open_note_editor(pilot, app)
        await pilot.press(*"half a thought")
        await pilot.press("ctrl+q")
        await wait_until(pilot, lambda: isinstance(app.screen, DestroyDialog))
        assert app.is_running
        # n keeps the editor and what was typed in it.
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, NoteEditor))
        assert app.screen.query_one("#note-text").text == "half a thought"
        await pilot.press("ctrl+q")
        await wait_until(pilot, lambda: isinstance(app.screen, DestroyDialog))
        await pilot.press("y")
        await wait_until(pilot, lambda: not app.is_running)


async def test_ctrl_q_quits_at_once_from_an_untouched_note_editor(tmp_path, pipeline):
    root = tmp_path / "lib"
    annotated(root)
    app = NewsreadApp(Library(root), Config(path=tmp_path / "config.toml"))
    async with app.run_test(size=SIZE) as pilot:
        await open_note_editor(pilot, app)
        await pilot.press("ctrl+q")
        await wait_until(pilot, lambda: not app.is_running)
