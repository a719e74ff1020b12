"""The tag manager follows the library as it is on disk: tags, counts and the
undo hint changed by another process (or another screen) show up, and a rename
onto a name that exists by the time it runs asks to merge, as for a name the
table shows."""

from __future__ import annotations

from newsread.config import Config
from newsread.model import Annotation
from storage.history import History
from storage.library import Library
from storage.tag_ops import TagExistsError, record_op, rename_tag
from tests.pilot_helpers import SIZE, tagged_library, wait_until, wait_writes
from tui.app import NewsreadApp
from tui.screens.tag_dialogs import DestroyDialog, TextPrompt
from tui.screens.tags import TagManagerScreen


def uses_column(screen: TagManagerScreen) -> dict[str, str]:
    table = screen.query_one("DataTable")
    return {
        str(table.get_row_at(i)[0]).removeprefix("■ "): table.get_row_at(i)[2]
        for i in range(table.row_count)
    }


def status(screen: TagManagerScreen) -> str:
    return str(screen.query_one("#tags-status").render())


async def open_manager(pilot, app, poll: bool = True) -> TagManagerScreen:
    await wait_until(pilot, lambda: type(app.screen).__name__ == "LibraryScreen")
    screen = TagManagerScreen()
    if not poll:
        # Only what brings the screen back may refresh it here.
        screen._poll_changes = lambda: None
    app.push_screen(screen)
    await wait_until(pilot, lambda: app.screen is screen and screen.loaded)
    return screen


async def highlight(pilot, screen: TagManagerScreen, name: str) -> None:
    table = screen.query_one("DataTable")
    table.move_cursor(row=table.get_row_index(name))
    await wait_until(pilot, lambda: screen.current_name == name)


def tag_elsewhere(root, name: str) -> None:
    """What ``newsread tag`` in another terminal does: a new tag on a passage."""
    other = Library(root)
    other.ensure_tag(name)
    other.save_annotation(
        Annotation(id="x1", article_id="second002", start=0, end=4, quote="Only", tags=[name])
    )


async def test_a_tag_made_in_another_process_shows_up(tmp_path):
    root = tmp_path / "lib"
    app = NewsreadApp(tagged_library(root), Config())
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_manager(pilot, app)
        assert "3 tags" in status(screen)
        tag_elsewhere(root, "brand-new")
        await wait_until(pilot, lambda: uses_column(screen).get("brand-new") == "1", timeout=15)
        assert "4 tags" in status(screen)


async def test_the_undo_hint_follows_the_journal(tmp_path):
    root = tmp_path / "lib"
    app = NewsreadApp(tagged_library(root), Config())
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_manager(pilot, app)
        assert "u undoes" not in status(screen)
        other = Library(root)
        record_op(History(other), rename_tag(other, "quote", "citation"))
        await wait_until(
            pilot, lambda: "u undoes: rename tag 'quote' to 'citation'" in status(screen), 15
        )
        assert "citation" in uses_column(screen) and "quote" not in uses_column(screen)


async def test_coming_back_to_the_manager_reads_it_again(tmp_path):
    root = tmp_path / "lib"
    app = NewsreadApp(tagged_library(root), Config())
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_manager(pilot, app, poll=False)
        await pilot.press("question_mark")  # the help screen over it
        await wait_until(pilot, lambda: app.screen is not screen)
        tag_elsewhere(root, "brand-new")
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen)
        await wait_until(pilot, lambda: uses_column(screen).get("brand-new") == "1", timeout=15)


async def test_rename_onto_a_tag_made_meanwhile_asks_to_merge(tmp_path):
    root = tmp_path / "lib"
    app = NewsreadApp(tagged_library(root), Config())
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_manager(pilot, app, poll=False)
        await highlight(pilot, screen, "follow-up")
        await pilot.press("r")
        await wait_until(pilot, lambda: isinstance(app.screen, TextPrompt))
        # Made while the prompt is open: the table on screen does not list it.
        Library(root).ensure_tag("CARDINAL")
        await pilot.press("ctrl+u", *"CARDINAL", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, DestroyDialog), timeout=15)
        question = app.screen.question
        assert "Tag 'CARDINAL' exists. Merge 'follow-up' into it?" in question
        assert "2 annotations get 'CARDINAL'" in question
        await pilot.press("n")
        await wait_until(pilot, lambda: app.screen is screen)
        await wait_writes(app)
        await wait_until(pilot, lambda: "CARDINAL" in uses_column(screen))
        assert uses_column(screen)["follow-up"] == "2"
    assert Library(root).get_tag("follow-up") is not None


def test_a_rename_that_may_not_merge_refuses_a_taken_name(tmp_path):
    root = tmp_path / "lib"
    library = tagged_library(root)
    try:
        rename_tag(library, "follow-up", "verify", merge=False)
    except TagExistsError as exc:
        assert (exc.source, exc.target, exc.uses) == ("follow-up", "verify", 2)
    else:
        raise AssertionError("renamed onto an existing tag without asking")
    # A name only annotations use is taken too (no row in the tags table).
    library.apply_tag_changes(delete=["verify"])
    assert library.get_tag("verify") is None
    try:
        rename_tag(library, "quote", "verify", merge=False)
    except TagExistsError as exc:
        assert exc.uses == 0
    else:
        raise AssertionError("renamed onto a name annotations use without asking")
    renamed = rename_tag(library, "quote", "fresh", merge=False)
    assert renamed.label == "rename tag 'quote' to 'fresh'"
