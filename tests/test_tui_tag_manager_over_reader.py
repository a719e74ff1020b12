"""A tag deleted in the tag manager opened over the reader is this app's own
change: the reader shows the article without the tag at once, never says the
annotations changed "elsewhere", and its u leaves the step to the tag manager
(naming it), as the README says of a change to the tags."""

from __future__ import annotations

from newsread.config import Config
from storage.library import Library
from tests.pilot_helpers import (
    SIZE,
    look_at_the_disk,
    open_first_reader,
    tagged_library,
    wait_until,
    wait_writes,
)
from tui.app import NewsreadApp
from tui.screens.tag_dialogs import DestroyDialog
from tui.screens.tags import TagManagerScreen


def status(reader) -> str:
    return str(reader.query_one("#reader-status").render())


def tags_on(anns) -> set[str]:
    return {t for a in anns for t in a.tags}


async def delete_in_manager(pilot, app, name: str) -> TagManagerScreen:
    await pilot.press("T")
    await wait_until(pilot, lambda: isinstance(app.screen, TagManagerScreen) and app.screen.loaded)
    manager = app.screen
    table = manager.query_one("DataTable")
    table.move_cursor(row=table.get_row_index(name))
    await wait_until(pilot, lambda: manager.current_name == name)
    await pilot.press("d")
    await wait_until(pilot, lambda: isinstance(app.screen, DestroyDialog))
    await pilot.press("y")
    await wait_until(pilot, lambda: app.screen is manager)
    await wait_writes(app)
    return manager


async def test_a_tag_deleted_over_the_reader_is_not_said_to_be_elsewhere(tmp_path):
    # follow-up is on two annotations of this article alone.
    root = tmp_path / "lib"
    app = NewsreadApp(tagged_library(root), Config())
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_first_reader(pilot, app)
        assert "follow-up" in tags_on(reader.model.annotations)
        await delete_in_manager(pilot, app, "follow-up")
        assert "follow-up" not in tags_on(Library(root).annotations("harbour01"))
        # The reader's look at the files, while the manager is still over it.
        await look_at_the_disk(pilot, reader)
        assert "follow-up" not in tags_on(reader.model.annotations)
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is reader)
        await wait_until(pilot, lambda: "follow-up" not in tags_on(reader.model.annotations))
        await look_at_the_disk(pilot, reader)
        assert "elsewhere" not in reader.message
        assert "elsewhere" not in status(reader)


async def test_the_readers_undo_leaves_a_tag_deletion_to_the_tag_manager(tmp_path):
    root = tmp_path / "lib"
    app = NewsreadApp(tagged_library(root), Config())
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_first_reader(pilot, app)
        await delete_in_manager(pilot, app, "follow-up")
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is reader)
        await wait_until(pilot, lambda: "follow-up" not in tags_on(reader.model.annotations))
        await pilot.press("u")
        await wait_writes(app)
        await wait_until(pilot, lambda: reader.message.startswith("not undone"), timeout=10)
        assert "delete tag 'follow-up'" in reader.message
        assert "T, the tag manager, can undo it" in reader.message
        # Nothing was taken back: the tag stays deleted, on disk and on screen.
        assert "follow-up" not in tags_on(Library(root).annotations("harbour01"))
        assert "follow-up" not in tags_on(reader.model.annotations)
        # The tag manager takes the step back.
        await pilot.press("T")
        await wait_until(
            pilot, lambda: isinstance(app.screen, TagManagerScreen) and app.screen.loaded
        )
        await pilot.press("u")
        await wait_writes(app)
        await wait_until(
            pilot, lambda: "follow-up" in tags_on(Library(root).annotations("harbour01"))
        )
        await pilot.press("escape")
        await wait_until(pilot, lambda: "follow-up" in tags_on(reader.model.annotations))
        assert "elsewhere" not in reader.message


async def test_the_readers_help_says_what_u_leaves_to_the_tag_manager(tmp_path):
    root = tmp_path / "lib"
    app = NewsreadApp(tagged_library(root), Config())
    async with app.run_test(size=SIZE) as pilot:
        await open_first_reader(pilot, app)
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "HelpScreen")
        said = {row[2]: row[1] for row in app.screen.rows}
        assert "a step of the tag manager" in said["reader.undo"]
        assert "left to the tag manager" in said["reader.undo"]
        assert "elsewhere is named" in said["reader.redo"]


async def test_the_readers_u_undoes_promise_goes_with_the_tag_deleted_over_it(tmp_path):
    root = tmp_path / "lib"
    app = NewsreadApp(tagged_library(root), Config())
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_first_reader(pilot, app)
        await pilot.press("t", *"scratch", "enter")
        await wait_writes(app)
        await wait_until(pilot, lambda: reader.message.endswith(" · u undoes"))
        await delete_in_manager(pilot, app, "scratch")
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is reader)
        await wait_until(pilot, lambda: "scratch" not in tags_on(reader.model.annotations))
        await wait_until(pilot, lambda: not reader.message.endswith("undoes"))
        assert "u undoes" not in status(reader)


async def test_the_tag_managers_undo_leaves_a_readers_step_to_the_reader(tmp_path):
    root = tmp_path / "lib"
    app = NewsreadApp(tagged_library(root), Config())
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_first_reader(pilot, app)
        await pilot.press("t", *"scratch", "enter")
        await wait_writes(app)
        await wait_until(pilot, lambda: reader.message.endswith(" · u undoes"))
        await pilot.press("T")
        await wait_until(
            pilot, lambda: isinstance(app.screen, TagManagerScreen) and app.screen.loaded
        )
        manager = app.screen
        # The reader's step is not the tag manager's to promise.
        assert "u undoes" not in str(manager.query_one("#tags-status").render())
        await pilot.press("u")
        await wait_writes(app)
        await wait_until(pilot, lambda: "not undone" in manager._note, timeout=10)
        assert "is to annotations, not the tags" in manager._note
        assert "L, all annotations, or u in the reader of its article can undo it" in (
            manager._note
        )
        # Nothing was taken back.
        assert "scratch" in tags_on(Library(root).annotations("harbour01"))
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is reader)
        await look_at_the_disk(pilot, reader)
        assert "elsewhere" not in reader.message
        # The reader's u takes its own step.
        await pilot.press("u")
        await wait_writes(app)
        await wait_until(
            pilot, lambda: "scratch" not in tags_on(Library(root).annotations("harbour01"))
        )
        await wait_until(pilot, lambda: reader.message.startswith("undid"), timeout=10)
        assert "elsewhere" not in reader.message
