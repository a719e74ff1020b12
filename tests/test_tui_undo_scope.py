"""The reader's u and ctrl+r step only through changes to the article on
screen. The journal is the library's: a tag made a moment ago in another
article (or by another annotator, or a tag's colour changed in the tag
manager) was taken back by u with nothing to see here; now it is named and
left, and the list of all annotations (L) undoes it."""

from __future__ import annotations

from newsread.config import Config
from storage.library import Library
from tests.pilot_helpers import SIZE, make_library, open_first_reader, wait_until, wait_writes
from tui.app import NewsreadApp
from tui.screens.library import LibraryScreen
from tui.screens.reader import ReaderScreen
from tui.screens.tag_picker import TagPicker


def status(reader: ReaderScreen) -> str:
    return str(reader.query_one("#reader-status").render())


async def tag(pilot, app, name: str) -> None:
    await pilot.press("t")
    await wait_until(pilot, lambda: isinstance(app.screen, TagPicker))
    await pilot.press(*name, "enter")
    await wait_until(pilot, lambda: not isinstance(app.screen, TagPicker))
    await wait_writes(app)


async def refused_elsewhere(pilot, app) -> ReaderScreen:
    """Tag in the first article, open the second and press u there: refused."""
    await open_first_reader(pilot, app, "Harbour crane approved")
    await tag(pilot, app, "first")
    await pilot.press("escape")
    await wait_until(pilot, lambda: isinstance(app.screen, LibraryScreen))
    second = await open_first_reader(pilot, app, "Second story")
    await pilot.press("u")
    await wait_writes(app)
    await wait_until(pilot, lambda: "not undone" in status(second))
    return second


async def test_u_in_one_article_leaves_the_tag_just_made_in_another(tmp_path, pipeline):
    root = tmp_path / "lib"
    app = NewsreadApp(make_library(root), Config())
    async with app.run_test(size=SIZE) as pilot:
        second = await refused_elsewhere(pilot, app)
        assert "(tag first)" in status(second) or "first" in status(second)
        assert "Harbour crane approved" in status(second)
        assert [a.tags for a in Library(root).annotations("harbour01")] == [["first"]]

        # Its own change, it takes back; then the other article's is still refused.
        await tag(pilot, app, "here")
        assert [a.tags for a in Library(root).annotations("second002")] == [["here"]]
        await pilot.press("u")
        await wait_writes(app)
        await wait_until(pilot, lambda: not second.annotations)
        assert Library(root).annotations("second002") == []
        await pilot.press("u")
        await wait_writes(app)
        await wait_until(pilot, lambda: "not undone" in status(second))
        assert [a.tags for a in Library(root).annotations("harbour01")] == [["first"]]
        # ctrl+r brings back the tag undone here.
        await pilot.press("ctrl+r")
        await wait_writes(app)
        await wait_until(pilot, lambda: len(second.annotations) == 1)
        assert [a.tags for a in Library(root).annotations("second002")] == [["here"]]


async def test_the_refusal_names_the_key_the_user_has_for_all_annotations(tmp_path, pipeline):
    root = tmp_path / "lib"
    app = NewsreadApp(make_library(root), Config(keys={"app.annotations": "f6"}))
    async with app.run_test(size=SIZE) as pilot:
        second = await refused_elsewhere(pilot, app)
        # The whole message (the status line cuts it at the terminal's width).
        assert second.message.endswith("; f6, all annotations, can undo it")
