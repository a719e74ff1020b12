"""The reader's status line says u undoes its last edit. When another process
(a second app on the library) has undone that edit meanwhile, u takes back
nothing and says so, naming what u again would take back. Before, it quietly
undid the step before it: the user's own tag, removed while they meant to
restore it."""

from __future__ import annotations

from newsread.config import Config
from storage.history import History
from storage.library import Library
from tests.pilot_helpers import SIZE, make_library, open_first_reader, wait_until, wait_writes
from tui.app import NewsreadApp
from tui.screens.tag_picker import TagPicker


def _tags(root) -> list[list[str]]:
    return [a.tags for a in Library(root).annotations("harbour01")]


async def test_u_does_not_take_back_the_step_before_one_undone_elsewhere(tmp_path, pipeline):
    root = tmp_path / "lib"
    app = NewsreadApp(make_library(root), Config())
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_first_reader(pilot, app)
        await pilot.press("t")
        await wait_until(pilot, lambda: isinstance(app.screen, TagPicker))
        await pilot.press(*"source", "enter")
        await wait_until(pilot, lambda: len(reader.annotations) == 1)
        await wait_writes(app)
        await pilot.press("x")
        await wait_until(pilot, lambda: "· u undoes" in reader.message)
        assert reader.message.startswith("deleted [source]")
        assert _tags(root) == []

        # Another app on the library undoes that delete.
        assert History(Library(root)).undo().label.startswith("deleted [source]")
        assert _tags(root) == [["source"]]

        await pilot.press("u")
        await wait_until(pilot, lambda: "already undone elsewhere" in reader.message)
        await wait_writes(app)
        assert _tags(root) == [["source"]]
        assert reader.message.startswith("nothing undone: deleted [source]")
        assert "was already undone elsewhere · u again undoes: tagged source: “" in reader.message
        assert len(reader.annotations) == 1

        # Asked again, it is what was named.
        await pilot.press("u")
        await wait_until(pilot, lambda: reader.message.startswith("undid: tagged source"))
        await wait_writes(app)
        assert _tags(root) == []
