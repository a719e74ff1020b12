"""home, end, pgup and pgdn in the reader move the cursor with the view (they
once scrolled the text alone, and t then tagged the first sentence, off
screen); the mouse wheel leaves the cursor, but t brings it back into view
first. No screen's help lists a key without a binding id."""

from __future__ import annotations

from pathlib import Path

from newsread.config import Config
from newsread.model import Article
from tests.pilot_helpers import SIZE, library_ready, make_library, open_first_reader, wait_until
from tui.app import NewsreadApp
from tui.screens.help import HelpScreen
from tui.screens.reader import ReaderScreen
from tui.screens.tag_picker import TagPicker

TITLE = "A long ferry story"
BODY = "\n\n".join(
    f"Paragraph {i} says the ferry fare rose by {i} cents. The council will vote again."
    for i in range(80)
)


def long_app(tmp_path: Path, keys: dict[str, str] | None = None) -> NewsreadApp:
    library = make_library(
        tmp_path / "lib", [Article(id="long01", title=TITLE, body=BODY, source="Test")]
    )
    return NewsreadApp(library, Config(path=tmp_path / "config.toml", keys=keys or {}))


async def ready_reader(pilot, app) -> ReaderScreen:
    reader = await open_first_reader(pilot, app, TITLE)
    await wait_until(pilot, lambda: reader.ready_for_keys)
    return reader


def sentences(reader: ReaderScreen) -> list[tuple[int, int]]:
    return reader.model.cursor.units["sentence"]


def in_view(reader: ReaderScreen, span: tuple[int, int]) -> bool:
    view = reader.view
    row = view._layout.row_of(span[0])
    top = round(view.scroll_y)
    return top <= row < top + view.scrollable_content_region.height


async def test_end_and_home_move_the_cursor_and_t_tags_what_is_shown(tmp_path, pipeline):
    app = long_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        reader = await ready_reader(pilot, app)
        await pilot.press("end")
        await wait_until(pilot, lambda: reader.view.cursor == sentences(reader)[-1])
        await wait_until(pilot, lambda: in_view(reader, reader.view.cursor))
        last = reader.model.quote(sentences(reader)[-1])
        await pilot.press("t")
        await wait_until(pilot, lambda: isinstance(app.screen, TagPicker))
        assert app.screen.target_text == last
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is reader)
        await pilot.press("home")
        await wait_until(pilot, lambda: reader.view.cursor == sentences(reader)[0])
        await wait_until(pilot, lambda: reader.view.scroll_y == 0)


async def test_page_down_and_up_put_the_cursor_on_the_first_sentence_shown(tmp_path, pipeline):
    app = long_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        reader = await ready_reader(pilot, app)
        seen = [reader.view.cursor]
        for _ in range(3):
            await pilot.press("pagedown")
            await wait_until(pilot, lambda: reader.view.cursor != seen[-1])
            cursor = reader.view.cursor
            assert cursor[0] > seen[-1][0] and in_view(reader, cursor)
            # The first sentence starting in the view: none before it is shown.
            before = sentences(reader)[sentences(reader).index(cursor) - 1]
            assert not in_view(reader, before)
            seen.append(cursor)
        await pilot.press("pageup")
        await wait_until(pilot, lambda: reader.view.cursor != seen[-1])
        assert reader.view.cursor[0] < seen[-1][0] and in_view(reader, reader.view.cursor)
        # At the end already, pgdn goes on to the last sentence.
        await pilot.press("end", "pageup", "pagedown", "pagedown")
        await wait_until(pilot, lambda: reader.view.cursor == sentences(reader)[-1])


async def test_t_after_the_wheel_scrolled_away_shows_the_cursors_sentence(tmp_path, pipeline):
    app = long_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        reader = await ready_reader(pilot, app)
        first = reader.view.cursor
        # What the mouse wheel does: the view scrolls, the cursor stays.
        reader.view.scroll_to(y=reader.view.max_scroll_y, animate=False, immediate=True)
        await wait_until(pilot, lambda: not in_view(reader, first))
        await pilot.press("t")
        await wait_until(pilot, lambda: isinstance(app.screen, TagPicker))
        assert app.screen.target_text == reader.model.quote(first)
        assert in_view(reader, first)


async def test_the_page_keys_are_the_readers_own_and_can_be_moved(tmp_path, pipeline):
    app = long_app(tmp_path, keys={"reader.last": "G", "reader.first": "ctrl+g"})
    async with app.run_test(size=SIZE) as pilot:
        reader = await ready_reader(pilot, app)
        await pilot.press("G")
        await wait_until(pilot, lambda: reader.view.cursor == sentences(reader)[-1])
        await pilot.press("ctrl+g")
        await wait_until(pilot, lambda: reader.view.cursor == sentences(reader)[0])
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
        rows = {row[2]: row[0] for row in app.screen.rows}
        assert rows["reader.last"] == "G" and rows["reader.page_down"] == "pgdn"
        assert "" not in rows, "a key without a binding id is listed"


async def help_ids(pilot, app) -> dict[str, str]:
    under = app.screen
    await pilot.press("question_mark")
    await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
    rows = {row[2]: row[0] for row in app.screen.rows}
    await pilot.press("escape")
    await wait_until(pilot, lambda: app.screen is under)
    return rows


async def test_no_screens_help_lists_a_key_without_an_id(tmp_path):
    app = NewsreadApp(make_library(tmp_path / "lib"), Config(path=tmp_path / "config.toml"))
    async with app.run_test(size=SIZE) as pilot:
        await library_ready(pilot, app)
        for key in ("T", "L", "Q", None):
            if key is not None:
                await pilot.press(key)
                await wait_until(pilot, lambda: type(app.screen).__name__ != "LibraryScreen")
            name = type(app.screen).__name__
            rows = await help_ids(pilot, app)
            assert "" not in rows, f"{name}: {rows['']} has no binding id"
            if key is not None:
                await pilot.press("escape")
                await library_ready(pilot, app)
