"""The reader's own writes are not another window's: undo and redo answered
after an edit typed right behind them (u ctrl+r ] a, fast) once wiped that
edit off the screen, and the next look at the files then called it a change
made "elsewhere (another window or the command line)". The writer is held
while the keys are typed, so the race happens on every run."""

from __future__ import annotations

from newsread.config import Config
from storage.library import Library
from tests.pilot_helpers import (
    look_at_the_disk,
    open_first_reader,
    press_held,
    verify_library,
    wait_until,
    wait_writes,
)
from tui.app import NewsreadApp

SIZE = (80, 24)


def status(reader) -> str:
    return str(reader.query_one("#reader-status").render())


def shown_counts(reader) -> list[int]:
    """How many annotations the screen holds after each replacement from disk."""
    counts: list[int] = []
    model = reader.model
    replace = model.replace_stored

    def noting(*args, **kwargs):
        result = replace(*args, **kwargs)
        counts.append(len(model.annotations))
        return result

    model.replace_stored = noting
    return counts


async def test_undo_redo_then_accept_typed_fast_is_not_said_to_be_elsewhere(tmp_path, pipeline):
    root = tmp_path / "lib"
    verify_library(root)
    app = NewsreadApp(Library(root), Config(annotator="ines"))
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_first_reader(pilot, app)
        await wait_until(pilot, lambda: reader.analysis is not None)
        await pilot.press("1")
        await wait_writes(app)
        # Held: every key below is handled before the writer takes any step.
        counts = shown_counts(reader)
        await press_held(pilot, app, "u", "ctrl+r", "right_square_bracket", "a")
        stored = Library(root).annotations("harbour01")
        assert len(stored) == 2  # the tag, redone, and the accepted suggestion
        # The step's answers have been handled; the accepted one is on screen.
        await wait_until(pilot, lambda: len(reader.model.annotations) == 2, timeout=10)
        # Never taken off the screen by the older answers of u and ctrl+r.
        assert all(count == 2 for count in counts), counts
        # A look at the files now finds them as this window wrote them.
        await look_at_the_disk(pilot, reader)
        await wait_until(pilot, lambda: reader._annotations_stamp != (-1,), timeout=10)
        await pilot.pause()
        assert "elsewhere" not in reader.message
        assert "elsewhere" not in status(reader)
        assert sorted(a.id for a in reader.model.annotations) == sorted(a.id for a in stored)


async def test_an_undo_answered_after_an_edit_typed_behind_it_still_shows_as_stored(
    tmp_path, pipeline
):
    root = tmp_path / "lib"
    verify_library(root)
    app = NewsreadApp(Library(root), Config(annotator="ines"))
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_first_reader(pilot, app)
        await wait_until(pilot, lambda: reader.analysis is not None)
        await pilot.press("1")
        await wait_writes(app)
        counts = shown_counts(reader)
        await press_held(pilot, app, "u", "right_square_bracket", "a")
        stored = Library(root).annotations("harbour01")
        assert [a.tags for a in stored] != [["verify"]]  # the tag undone, the suggestion kept
        await wait_until(
            pilot,
            lambda: (
                [a.to_dict() for a in reader.model.annotations] == [a.to_dict() for a in stored]
            ),
            timeout=10,
        )
        # u's answer, older than the accept, did not empty the screen meanwhile.
        assert all(count == 1 for count in counts), counts
        assert "elsewhere" not in reader.message


async def test_an_undo_then_a_rejection_typed_fast_is_not_said_to_be_elsewhere(tmp_path, pipeline):
    # The rejection's answer brings no annotations: the screen catches up on
    # the undo from the file, which this window wrote itself.
    root = tmp_path / "lib"
    verify_library(root)
    app = NewsreadApp(Library(root), Config(annotator="ines"))
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_first_reader(pilot, app)
        await wait_until(pilot, lambda: reader.analysis is not None)
        await pilot.press("1")
        await wait_writes(app)
        await press_held(pilot, app, "u", "right_square_bracket", "r")
        assert Library(root).annotations("harbour01") == []
        await wait_until(pilot, lambda: not reader.model.annotations, timeout=10)
        await pilot.pause()
        assert "elsewhere" not in reader.message
        assert "elsewhere" not in status(reader)
