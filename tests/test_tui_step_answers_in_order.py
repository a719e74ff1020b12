"""Keys typed fast in the reader are answered in order, each as soon as its
own write is done: u then ctrl+r (or u then r, a rejection) once dropped u's
answer as read before the key after it, so the undo showed only at the next
look at the files, a second later, or never on its own. The writer is held
while the keys are typed, and the reader's own look at the files is kept
out of it, so only the keys' answers can show what happened."""

from __future__ import annotations

from newsread.config import Config
from storage.library import Library
from tests.pilot_helpers import (
    open_first_reader,
    press_held,
    verify_library,
    wait_until,
    wait_writes,
)
from tui.app import NewsreadApp

SIZE = (80, 24)


def screens_shown(reader) -> list[tuple[int, str]]:
    """(annotations on screen, what the status line says) each time it says something."""
    shown: list[tuple[int, str]] = []
    say = reader.say

    def noting(text, *args, **kwargs):
        say(text, *args, **kwargs)
        shown.append((len(reader.model.annotations), text))

    reader.say = noting
    return shown


async def tagged_reader(pilot, app):
    reader = await open_first_reader(pilot, app)
    await wait_until(pilot, lambda: reader.analysis is not None)
    await pilot.press("1")
    await wait_writes(app)
    await wait_until(pilot, lambda: "saving" not in reader.message)
    # Only the keys' own answers may bring the files to the screen.
    reader.body_write_pending = True
    return reader


async def test_undo_then_redo_typed_fast_each_show_in_order(tmp_path, pipeline):
    root = tmp_path / "lib"
    verify_library(root)
    app = NewsreadApp(Library(root), Config(annotator="ines"))
    async with app.run_test(size=SIZE) as pilot:
        reader = await tagged_reader(pilot, app)
        shown = screens_shown(reader)
        await press_held(pilot, app, "u", "ctrl+r")

        def steps() -> list[tuple[int, str]]:
            return [said for said in shown if said[1].startswith(("undid", "redid"))]

        await wait_until(pilot, lambda: len(steps()) >= 2, timeout=10)
        steps = steps()
        assert steps[0][0] == 0 and steps[0][1].startswith("undid: tagged verify")
        assert steps[1][0] == 1 and steps[1][1].startswith("redid: tagged verify")
        assert len(Library(root).annotations("harbour01")) == 1


async def test_undo_then_a_rejection_typed_fast_shows_the_undo_at_once(tmp_path, pipeline):
    root = tmp_path / "lib"
    verify_library(root)
    app = NewsreadApp(Library(root), Config(annotator="ines"))
    async with app.run_test(size=SIZE) as pilot:
        reader = await tagged_reader(pilot, app)
        shown = screens_shown(reader)
        await press_held(pilot, app, "u", "right_square_bracket", "r")
        assert Library(root).annotations("harbour01") == []
        assert Library(root).rejected("harbour01")
        await wait_until(pilot, lambda: not reader.model.annotations, timeout=10)
        assert any(said[1].startswith("undid: tagged verify") for said in shown)
        # The rejection made after u is still on screen.
        assert reader.model.rejected
