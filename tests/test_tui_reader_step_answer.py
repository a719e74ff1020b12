"""The reader's answer to u (or ctrl+r) describes the journal as it was when
asked: "not undone: … L, all annotations, can undo it" must not stay above
the status line after the user left for L, took the step there, and came
back. Driven by Pilot over real library files."""

from __future__ import annotations

from pathlib import Path

from storage.edits import tag_quote
from storage.history import History
from storage.library import Library
from tests.pilot_helpers import (
    SIZE,
    app_as,
    make_library,
    open_first_reader,
    wait_until,
    wait_writes,
)
from tui.screens.annotations import AnnotationsScreen
from tui.screens.tag_dialogs import ConfirmDialog, DestroyDialog


def tag_as(root: Path, annotator: str, quote: str, tag: str) -> None:
    library = Library(root)
    tag_quote(library, History(library), "harbour01", quote, [tag], annotator=annotator)


async def test_a_refused_undo_is_not_said_after_returning_from_the_list(tmp_path):
    root = tmp_path / "lib"
    make_library(root)
    app = app_as("kwame", root, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_first_reader(pilot, app)

        def status() -> str:
            return str(reader.query_one("#reader-status").render())

        tag_as(root, "ines", "harbour board", "verify")
        await pilot.press("u")
        await wait_until(pilot, lambda: "not undone" in status())
        assert "can undo it" in status()
        await pilot.press("L")
        await wait_until(pilot, lambda: isinstance(app.screen, AnnotationsScreen))
        listing = app.screen
        await wait_until(pilot, lambda: listing.loaded)
        await pilot.press("u")
        await wait_until(pilot, lambda: isinstance(app.screen, DestroyDialog))
        await pilot.press("y")
        await wait_until(pilot, lambda: app.screen is listing)
        await wait_writes(app)
        await pilot.press("ctrl+r")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("y")
        await wait_until(pilot, lambda: app.screen is listing)
        await wait_writes(app)
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is reader)
        await wait_until(
            pilot, lambda: "verify" in str(reader.query_one("#side-annotations").render())
        )
        assert "not undone" not in status()
        # u again answers anew, from the journal as it is now.
        await pilot.press("u")
        await wait_until(pilot, lambda: "not undone" in status())
        # Left for good with the answer on screen: the reader goes quietly.
        await pilot.press("escape")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "LibraryScreen")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, type(reader)))
        assert "not undone" not in str(app.screen.query_one("#reader-status").render())
