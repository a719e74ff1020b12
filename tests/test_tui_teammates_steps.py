"""Annotators sharing a library, driven by Pilot over real files: u and ctrl+r
in the tag manager and the annotations list ask before they take back (or
redo) a step that changes a teammate's annotations; one's own step goes at once.
A step that takes a teammate's work away (deletes their annotation, or a tag
or note of it) is asked as a destroying question: only y takes it, enter keeps."""

from __future__ import annotations

from pathlib import Path

from storage.edits import tag_quote
from storage.history import History
from storage.library import Library
from storage.tag_ops import delete_tag, record_op, rename_tag
from tests.pilot_helpers import SIZE, app_as, make_library, wait_until, wait_writes
from tui.screens.annotations import AnnotationsScreen
from tui.screens.tag_dialogs import ConfirmDialog, DestroyDialog
from tui.screens.tags import TagManagerScreen


def tag_as(root: Path, annotator: str, quote: str, tag: str) -> None:
    """What another annotator's reader stores for a tag: another writer, another journal run."""
    library = Library(root)
    tag_quote(library, History(library), "harbour01", quote, [tag], annotator=annotator)


def rename_elsewhere(root: Path, old: str, new: str) -> None:
    """A tag manager step taken in another window: the tag manager's u takes
    tag steps only (a tag made in a reader is that reader's to take back)."""
    library = Library(root)
    with library.transaction():
        record_op(History(library), rename_tag(library, old, new))


def tags_on_disk(root: Path) -> dict[str, list[str]]:
    return {a.quote: a.tags for a in Library(root).annotations("harbour01")}


async def open_screen(pilot, app, screen):
    await wait_until(pilot, lambda: type(app.screen).__name__ == "LibraryScreen")
    app.push_screen(screen)
    await wait_until(pilot, lambda: app.screen is screen and screen.loaded)
    return screen


def status_of(screen) -> str:
    which = "#tags-status" if isinstance(screen, TagManagerScreen) else "#annotations-status"
    return str(screen.query_one(which).render())


async def answer(pilot, app, screen, key: str, dialog: type = ConfirmDialog) -> str:
    """The question u asked (as a ``dialog``), answered with ``key``."""
    await wait_until(pilot, lambda: isinstance(app.screen, (ConfirmDialog, DestroyDialog)))
    assert type(app.screen) is dialog, f"asked with {type(app.screen).__name__}"
    question = app.screen.question
    await pilot.press(key)
    await wait_until(pilot, lambda: app.screen is screen)
    await wait_writes(app)
    return question


async def test_u_in_the_tag_manager_asks_before_taking_back_a_teammates_tag(tmp_path):
    root = tmp_path / "lib"
    make_library(root)
    app = app_as("kwame", root, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_screen(pilot, app, TagManagerScreen())
        tag_as(root, "ines", "harbour board", "wrong")
        rename_elsewhere(root, "wrong", "mistaken")
        await pilot.press("u")
        # Renamed back, her annotation keeps its one tag: nothing of hers is lost.
        question = await answer(pilot, app, screen, "n")
        assert "Undo the step on ines's annotations" in question
        assert "mistaken" in question and "Harbour crane approved" in question
        assert tags_on_disk(root) == {"harbour board": ["mistaken"]}
        await wait_until(pilot, lambda: "not undone" in status_of(screen))
        await pilot.press("u")
        await answer(pilot, app, screen, "y")
        assert tags_on_disk(root) == {"harbour board": ["wrong"]}
        await wait_until(pilot, lambda: "undid" in status_of(screen))


async def test_ctrl_r_in_the_list_asks_before_redoing_a_teammates_step(tmp_path):
    root = tmp_path / "lib"
    make_library(root)
    tag_as(root, "ines", "harbour board", "wrong")
    # ines took it back herself: redoing it is hers to do.
    History(Library(root)).undo()
    app = app_as("kwame", root, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_screen(pilot, app, AnnotationsScreen())
        await pilot.press("ctrl+r")
        question = await answer(pilot, app, screen, "n")
        assert question.startswith("Redo the step on ines's annotations")
        assert tags_on_disk(root) == {}
        await pilot.press("ctrl+r")
        await answer(pilot, app, screen, "y")
        assert tags_on_disk(root) == {"harbour board": ["wrong"]}


async def test_a_yes_takes_only_the_step_it_was_asked_about(tmp_path):
    # lena tags while kwame's question about ines's step is open: his yes
    # must not take lena's newer step back instead; it is asked about anew.
    root = tmp_path / "lib"
    make_library(root)
    app = app_as("kwame", root, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_screen(pilot, app, AnnotationsScreen())
        tag_as(root, "ines", "harbour board", "wrong")
        await pilot.press("u")
        await wait_until(pilot, lambda: isinstance(app.screen, DestroyDialog))
        tag_as(root, "lena", "Dock workers", "verify")
        await pilot.press("y")
        await wait_until(
            pilot, lambda: isinstance(app.screen, DestroyDialog) and "lena" in app.screen.question
        )
        assert "lena's annotations" in app.screen.question
        assert "changed meanwhile" in app.screen.question
        await pilot.press("n")
        await wait_until(pilot, lambda: app.screen is screen)
        await wait_writes(app)
        assert tags_on_disk(root) == {"harbour board": ["wrong"], "Dock workers": ["verify"]}


async def test_ones_own_step_from_another_window_is_not_asked_about(tmp_path):
    root = tmp_path / "lib"
    make_library(root)
    app = app_as("kwame", root, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_screen(pilot, app, TagManagerScreen())
        tag_as(root, "kwame", "harbour board", "wrong")
        rename_elsewhere(root, "wrong", "mistaken")
        await pilot.press("u")
        await wait_writes(app)
        await wait_until(pilot, lambda: "undid" in status_of(screen))
        assert tags_on_disk(root) == {"harbour board": ["wrong"]}


async def test_enter_does_not_take_back_a_teammates_tag_in_the_list(tmp_path):
    # Undoing ines's tag deletes her annotation: a stray enter keeps it, only
    # y takes it; redoing it only brings her work back, and enter may say yes.
    root = tmp_path / "lib"
    make_library(root)
    app = app_as("kwame", root, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_screen(pilot, app, AnnotationsScreen())
        tag_as(root, "ines", "harbour board", "wrong")
        await pilot.press("u")
        question = await answer(pilot, app, screen, "enter", DestroyDialog)
        assert question.startswith("Undo the step on ines's annotations")
        assert tags_on_disk(root) == {"harbour board": ["wrong"]}
        await wait_until(pilot, lambda: "not undone" in status_of(screen))
        await pilot.press("u")
        await answer(pilot, app, screen, "y", DestroyDialog)
        assert tags_on_disk(root) == {}
        await pilot.press("ctrl+r")
        await answer(pilot, app, screen, "enter", ConfirmDialog)
        assert tags_on_disk(root) == {"harbour board": ["wrong"]}


async def test_enter_does_not_redo_a_tag_deletion_that_takes_a_teammates_annotation(tmp_path):
    # ines deleted the tag (and with it her annotation), then undid that: the
    # tag manager's ctrl+r would delete her annotation again.
    root = tmp_path / "lib"
    make_library(root)
    tag_as(root, "ines", "harbour board", "wrong")
    library = Library(root)
    history = History(library)
    with library.transaction():
        record_op(history, delete_tag(library, "wrong"))
    history.undo()
    app = app_as("kwame", root, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_screen(pilot, app, TagManagerScreen())
        await pilot.press("ctrl+r")
        question = await answer(pilot, app, screen, "enter", DestroyDialog)
        assert question.startswith("Redo the step on ines's annotations")
        assert tags_on_disk(root) == {"harbour board": ["wrong"]}
        await pilot.press("ctrl+r")
        await answer(pilot, app, screen, "y", DestroyDialog)
        assert tags_on_disk(root) == {}


async def test_ctrl_r_of_ones_own_x_on_a_teammates_annotation_in_the_list_takes_only_y(
    tmp_path,
):
    # kwame's x on ines's annotation was asked with y only; undone, his
    # ctrl+r (his own step, this run's) deleted her annotation again unasked.
    root = tmp_path / "lib"
    make_library(root)
    tag_as(root, "ines", "harbour board", "wrong")
    app = app_as("kwame", root, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_screen(pilot, app, AnnotationsScreen())
        await pilot.press("x")
        await answer(pilot, app, screen, "y", DestroyDialog)
        assert tags_on_disk(root) == {}
        await pilot.press("u")  # brings her work back: his own step, not asked
        await wait_writes(app)
        await wait_until(pilot, lambda: "undid" in status_of(screen))
        assert tags_on_disk(root) == {"harbour board": ["wrong"]}
        await pilot.press("ctrl+r")
        question = await answer(pilot, app, screen, "enter", DestroyDialog)
        assert question.startswith("Redo the step on ines's annotations: deleted")
        assert tags_on_disk(root) == {"harbour board": ["wrong"]}
        await wait_until(pilot, lambda: "not redone" in status_of(screen))
        await pilot.press("ctrl+r")
        await answer(pilot, app, screen, "y", DestroyDialog)
        assert tags_on_disk(root) == {}


async def test_ctrl_r_of_ones_own_x_on_a_teammates_annotation_in_the_reader_takes_only_y(
    tmp_path, pipeline
):
    from tests.pilot_helpers import open_first_reader

    root = tmp_path / "lib"
    make_library(root)
    tag_as(root, "ines", "The harbour board", "wrong")
    app = app_as("kwame", root, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_first_reader(pilot, app)
        await wait_until(pilot, lambda: reader.analysis is not None)
        await pilot.press("x")
        await answer(pilot, app, reader, "y", DestroyDialog)
        await wait_until(pilot, lambda: reader.model.annotations == [])
        await pilot.press("u")
        await wait_writes(app)
        await wait_until(pilot, lambda: len(reader.model.annotations) == 1)
        await pilot.press("ctrl+r")
        question = await answer(pilot, app, reader, "enter", DestroyDialog)
        assert question.startswith("Redo the step on ines's annotations: deleted")
        assert tags_on_disk(root) == {"The harbour board": ["wrong"]}
        await wait_until(pilot, lambda: "not redone" in reader.message)
        assert len(reader.model.annotations) == 1
        await pilot.press("ctrl+r")
        await answer(pilot, app, reader, "y", DestroyDialog)
        await wait_until(pilot, lambda: reader.model.annotations == [])
        await wait_until(pilot, lambda: "redid" in reader.message)
    assert tags_on_disk(root) == {}
