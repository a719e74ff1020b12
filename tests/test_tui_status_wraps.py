"""At 80x24 every message of the reader's status line is readable whole: one
too long for the line beside the position (a hint naming three keys, why u
did nothing and where the step can be undone) wraps onto lines of its own
above it, instead of being cut at the edge ("P puts a cut l…")."""

from __future__ import annotations

import re

from textual.geometry import Region

from newsread.config import Config
from newsread.model import Annotation
from storage.history import Change, History
from storage.library import Library
from storage.tag_ops import rename_tag
from tests.pilot_helpers import (
    open_first_reader,
    tagged_library,
    verify_library,
    wait_until,
    wait_writes,
)
from tui.app import NewsreadApp
from tui.screens.tags import TagManagerScreen

SIZE = (80, 24)


def on_screen(widget) -> str:
    """What the widget draws, its lines joined: only the text it has room for."""
    width, height = widget.size
    lines = widget.render_lines(Region(0, 0, width, height))
    return " ".join(" ".join(strip.text.split()) for strip in lines)


def readable(reader, message: str) -> bool:
    return " ".join(message.split()) in on_screen(reader.query_one("#reader-status"))


async def test_the_hint_after_a_cut_is_shown_whole_at_80_columns(tmp_path, pipeline):
    root = tmp_path / "lib"
    app = NewsreadApp(verify_library(root), Config())
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_first_reader(pilot, app)
        await wait_until(pilot, lambda: reader.analysis is not None)
        await pilot.press("X")
        await wait_writes(app)
        await wait_until(pilot, lambda: reader.unjournalled == "paragraph cut", timeout=10)
        await pilot.press("u")
        await wait_until(pilot, lambda: reader.message.startswith("u undoes tag"))
        assert "P puts a cut line back (C shows them)" in reader.message
        assert len(reader.message) > 80
        await wait_until(pilot, lambda: readable(reader, reader.message), timeout=10)
        # The position stays on its own line under it.
        assert re.search(
            r"(sentence|paragraph) \d+/\d+", on_screen(reader.query_one("#reader-status"))
        )


async def test_why_u_did_nothing_is_shown_whole_at_80_columns(tmp_path, pipeline):
    root = tmp_path / "lib"
    app = NewsreadApp(verify_library(root), Config())
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_first_reader(pilot, app)
        await wait_until(pilot, lambda: reader.journal_since is not None)
        # Another window tags this article meanwhile: not u's to take back here.
        other = Library(root)
        ann = Annotation(
            id="w1", article_id="harbour01", start=0, end=3, quote="The", tags=["verify"]
        )
        other.save_annotation(ann)
        History(other).record("tagged verify: “The”", [Change("harbour01", None, ann)])
        await pilot.press("u")
        await wait_writes(app)
        await wait_until(pilot, lambda: reader.message.startswith("not undone"), timeout=10)
        assert "another window" in reader.message and "can undo it" in reader.message
        assert len(reader.message) > 80
        await wait_until(pilot, lambda: readable(reader, reader.message), timeout=10)


async def test_the_longest_messages_fit_in_the_status_at_80x24(tmp_path, pipeline):
    # Said directly: the words of the longest messages the reader has.
    root = tmp_path / "lib"
    app = NewsreadApp(verify_library(root), Config())
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_first_reader(pilot, app)
        for message in (
            "nothing redone: tagged verify: “The harbour board said on Monday that the ne…” "
            "can no longer be redone: a change was made after it was undone (tagged "
            "follow-up: “Dock workers welcomed the plan.”)",
            "not saved: tagged verify: “The harbour board said on Monday that the ne…” — the "
            "article was re-imported with a changed text meanwhile; its new text is shown now",
        ):
            reader.say(message)
            await wait_until(pilot, lambda m=message: readable(reader, m), timeout=10)
        # A short one stays on the one line, beside the position.
        reader.say("tagged verify")
        await wait_until(pilot, lambda: reader.query_one("#reader-status").size.height == 1)
        assert readable(reader, "tagged verify")


async def test_the_tag_managers_long_status_wraps_at_80_columns(tmp_path):
    root = tmp_path / "lib"
    library = tagged_library(root)
    long_name = "follow-up-with-the-harbour-board-before-the-vote"
    rename_tag(library, "follow-up", long_name)
    app = NewsreadApp(Library(root), Config())
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: type(app.screen).__name__ == "LibraryScreen")
        await pilot.press("T")
        await wait_until(
            pilot, lambda: isinstance(app.screen, TagManagerScreen) and app.screen.loaded
        )
        manager = app.screen
        table = manager.query_one("DataTable")
        table.move_cursor(row=table.get_row_index(long_name))
        await wait_until(pilot, lambda: manager.current_name == long_name)
        await pilot.press("d")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "DestroyDialog")
        await pilot.press("y")
        await wait_writes(app)
        said = f"u undoes: delete tag '{long_name}'"
        bar = manager.query_one("#tags-status")
        await wait_until(pilot, lambda: said in str(bar.render()), timeout=10)
        assert len(str(bar.render())) > 80
        await wait_until(pilot, lambda: said in on_screen(bar), timeout=10)
