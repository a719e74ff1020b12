"""The reader's ctrl+r redoes the step its u just took back. When another
process (a second app, newsread tag) changed the journal meanwhile, ctrl+r
redoes nothing and says why, naming what ctrl+r again would redo, or why
nothing can be: before, it quietly redid a different step (or said only
"nothing to redo")."""

from __future__ import annotations

from newsread.config import Config
from storage.edits import tag_quote
from storage.history import History
from storage.library import Library
from tests.pilot_helpers import SIZE, make_library, open_first_reader, wait_until, wait_writes
from tests.test_tui_undo_scope import tag
from tui.app import NewsreadApp


def _tags(root) -> list[str]:
    return sorted(t for a in Library(root).annotations("harbour01") for t in a.tags)


def _labels(root) -> list[str]:
    history = History(Library(root))
    groups, _ = history._load()
    return [g["label"] for g in groups]


async def _two_steps_undone(pilot, app, root):
    reader = await open_first_reader(pilot, app)
    await tag(pilot, app, "one")
    await pilot.press("j")
    await tag(pilot, app, "two")
    assert _tags(root) == ["one", "two"]
    first, second = _labels(root)
    await pilot.press("u")
    await wait_until(pilot, lambda: reader.message.startswith("undid: "))
    await wait_writes(app)
    await pilot.press("u")
    await wait_until(pilot, lambda: reader.message == f"undid: {first}")
    await wait_writes(app)
    assert _tags(root) == []
    return reader, first, second


async def test_ctrl_r_does_not_redo_another_step_when_its_own_was_redone_elsewhere(
    tmp_path, pipeline
):
    root = tmp_path / "lib"
    app = NewsreadApp(make_library(root), Config())
    async with app.run_test(size=SIZE) as pilot:
        reader, first, second = await _two_steps_undone(pilot, app, root)
        # Another app on the library redoes the step this reader undid last.
        assert History(Library(root)).redo().label == first
        assert _tags(root) == ["one"]

        await pilot.press("ctrl+r")
        await wait_until(pilot, lambda: "redone elsewhere" in reader.message)
        await wait_writes(app)
        assert reader.message == (
            f"nothing redone: {first} was already redone elsewhere · ^r again redoes: {second}"
        )
        assert _tags(root) == ["one"]

        # Asked again, it is what was named.
        await pilot.press("ctrl+r")
        await wait_until(pilot, lambda: reader.message == f"redid: {second}")
        await wait_writes(app)
        assert _tags(root) == ["one", "two"]


async def test_ctrl_r_says_a_step_recorded_since_ended_the_redo(tmp_path, pipeline):
    root = tmp_path / "lib"
    app = NewsreadApp(make_library(root), Config())
    async with app.run_test(size=SIZE) as pilot:
        reader, first, _ = await _two_steps_undone(pilot, app, root)
        # newsread tag in another terminal: a new step, and no redo after it.
        library = Library(root)
        made = tag_quote(library, History(library), "harbour01", "Dock workers", ["cli"])
        assert made.group is not None

        await pilot.press("ctrl+r")
        await wait_until(pilot, lambda: reader.message.startswith("nothing redone"))
        await wait_writes(app)
        assert reader.message == (
            f"nothing redone: {first} can no longer be redone: a change was made "
            f"after it was undone ({made.group.label})"
        )
        assert _tags(root) == ["cli"]


async def test_ctrl_r_redoes_first_a_step_undone_elsewhere_since_and_says_so(tmp_path, pipeline):
    root = tmp_path / "lib"
    app = NewsreadApp(make_library(root), Config())
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_first_reader(pilot, app)
        await tag(pilot, app, "one")
        await pilot.press("j")
        await tag(pilot, app, "two")
        first, second = _labels(root)
        await pilot.press("u")
        await wait_until(pilot, lambda: reader.message == f"undid: {second}")
        await wait_writes(app)
        # Another app undoes the step before it: redo must take that one first.
        assert History(Library(root)).undo().label == first
        assert _tags(root) == []

        await pilot.press("ctrl+r")
        await wait_until(pilot, lambda: reader.message.startswith("nothing redone"))
        await wait_writes(app)
        assert reader.message == (
            f"nothing redone: {first} was undone elsewhere since and is redone "
            f"before {second} · ^r again redoes: {first}"
        )
        assert _tags(root) == []
        await pilot.press("ctrl+r")
        await wait_until(pilot, lambda: reader.message == f"redid: {first}")
        await wait_writes(app)
        assert _tags(root) == ["one"]
