"""The reader's status line after keys typed fast: each write's answer
replaces the line in order, so what shows is the last key's result. The
writer is held while the keys are typed, so their answers all come after."""

from __future__ import annotations

from pathlib import Path

from newsread.config import Config
from storage.library import Library
from storage.tag_ops import set_tag_key
from tests.pilot_helpers import (
    make_library,
    open_first_reader,
    press_held,
    wait_until,
    wait_writes,
)
from tui.app import NewsreadApp

SIZE = (80, 24)


def build(root: Path) -> Library:
    library = make_library(root)
    for key, name in (("1", "verify"), ("3", "dubious")):
        library.ensure_tag(name)
        set_tag_key(library, name, key)
    return library


async def test_a_tag_then_x_typed_fast_says_the_deletion(tmp_path, pipeline):
    root = tmp_path / "lib"
    build(root)
    app = NewsreadApp(Library(root), Config(annotator="ines"))
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_first_reader(pilot, app)
        await pilot.press("1")
        await wait_writes(app)
        await wait_until(pilot, lambda: "u undoes" in reader.message, timeout=10)
        await press_held(pilot, app, "3", "x")
        await wait_until(pilot, lambda: "saving" not in reader.message, timeout=10)
        assert Library(root).annotations("harbour01") == []
        assert reader.message.startswith("deleted [verify, dubious]"), reader.message


async def test_reject_reject_undo_typed_fast_says_the_undo(tmp_path, pipeline):
    root = tmp_path / "lib"
    build(root)
    app = NewsreadApp(Library(root), Config(annotator="ines"))
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_first_reader(pilot, app)
        await wait_until(pilot, lambda: reader.analysis is not None)
        keys = ("right_square_bracket", "r", "right_square_bracket", "r", "u")
        await press_held(pilot, app, *keys)
        await wait_until(pilot, lambda: "saving" not in reader.message, timeout=10)
        assert len(Library(root).rejected("harbour01")) == 1
        assert reader.message.startswith("undid: rejected "), reader.message
