"""The library's virtual table: it draws the rows on screen and asks for no
others, so a large library opens, pages, filters and sorts like a small one."""

from __future__ import annotations

import json

from pilot_helpers import SIZE, library_ready, wait_until, wait_writes

from newsread.config import Config
from newsread.model import Article
from storage.library import Library
from tui.app import NewsreadApp

COUNT = 1200


def big_library(root, count: int = COUNT) -> Library:
    library = Library(root)
    library.save_articles(
        Article(
            id=f"n{i:05d}",
            title=f"Item {i:05d} on the {('harbour', 'budget', 'river')[i % 3]}",
            body=f"Body of item {i}.",
            source=f"Desk {i % 7}",
            published=f"2026-{1 + i % 12:02d}-{1 + i % 28:02d}",
        )
        for i in range(count)
    )
    return library


def drawn(table) -> str:
    """The table's lines as they are drawn now."""
    return "\n".join(table.render_line(y).text for y in range(table.size.height))


async def test_a_large_library_draws_only_the_rows_on_screen(tmp_path, pipeline):
    app = NewsreadApp(big_library(tmp_path / "lib"), Config())
    async with app.run_test(size=SIZE) as pilot:
        await library_ready(pilot, app, rows=COUNT)
        screen = app.screen
        table = screen.query_one("#articles")
        asked: list[int] = []
        cells = screen._cells

        def counted(index: int, *made):
            asked.append(index)
            return cells(index, *made)

        screen._cells = counted
        # The newest first: December the 28th is the last day any item has.
        first = table.key_at(0)
        assert screen.model.meta(first)["published"] == "2026-12-28"
        table.refresh()
        await pilot.pause()
        # A screen of rows, not a thousand.
        assert 0 < len(set(asked)) <= SIZE[1]

        asked.clear()
        await pilot.press("end")
        await wait_until(pilot, lambda: table.cursor_row == COUNT - 1)
        last = screen.model.meta(table.key_at(COUNT - 1))
        await wait_until(pilot, lambda: last["title"] in drawn(table))
        assert len(set(asked)) <= 2 * SIZE[1]
        assert table.scroll_y > 0

        await pilot.press("home", "pagedown")
        page = table.cursor_row
        assert 10 < page < SIZE[1]
        await pilot.press("pagedown")
        assert table.cursor_row == 2 * page

        # Filter as you type: one title among a thousand.
        await pilot.press("slash", *"item 01199", "enter")
        await wait_until(pilot, lambda: table.row_count == 1)
        assert screen.model.meta(table.cursor_key)["title"] == "Item 01199 on the river"
        assert "1 of 1200 articles" in str(screen.query_one("#library-status").render())

        await pilot.press("slash", "escape")
        await wait_until(pilot, lambda: table.row_count == COUNT)
        await pilot.press("s")  # by title
        await wait_until(pilot, lambda: table.key_at(0) == "n00000")
        # The cursor stays on the article it was on, wherever the sort puts it.
        assert table.cursor_key == "n01199" and table.cursor_row == COUNT - 1
        await pilot.press("home", "enter")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "ReaderScreen")
        assert app.screen.article.id == "n00000"


async def test_the_table_keys_have_ids_and_can_be_remapped(tmp_path, pipeline):
    from tui.keymap import keymap_problems

    assert {"table.last", "table.first", "table.page_down"} <= set(NewsreadApp.known_bindings())
    assert keymap_problems({"table.last": "G"}, NewsreadApp, "config") == []
    app = NewsreadApp(big_library(tmp_path / "lib", 60), Config(keys={"table.last": "G"}))
    async with app.run_test(size=SIZE) as pilot:
        await library_ready(pilot, app, rows=60)
        table = app.screen.query_one("#articles")
        await pilot.press("G")
        await wait_until(pilot, lambda: table.cursor_row == 59)
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "HelpScreen")
        assert any(row[2] == "table.last" and row[0] == "G" for row in app.screen.rows)


async def test_sort_direction_and_filter_are_remembered_across_runs(tmp_path, pipeline):
    library = big_library(tmp_path / "lib", 30)
    app = NewsreadApp(library, Config(path=tmp_path / "config.toml"))
    async with app.run_test(size=SIZE) as pilot:
        await library_ready(pilot, app, rows=30)
        table = app.screen.query_one("#articles")
        newest = table.key_at(0)
        await pilot.press("S")  # oldest first
        await wait_until(pilot, lambda: table.key_at(0) != newest)
        assert "sorted by date (reversed)" in str(app.screen.query_one("#library-status").render())
        await pilot.press("slash", *"river", "enter")
        await wait_until(pilot, lambda: table.row_count == 10)
        await wait_until(pilot, lambda: (tmp_path / "state.json").exists())
        await pilot.press("q")
    # Kept beside the config, never in the library folder.
    assert not list((tmp_path / "lib").glob("state*"))

    again = NewsreadApp(library, Config(path=tmp_path / "config.toml"))
    async with again.run_test(size=SIZE) as pilot:
        await library_ready(pilot, again, rows=10)
        screen = again.screen
        assert screen.model.reverse and screen.model.filter_text == "river"
        assert "filter: 'river'" in str(screen.query_one("#library-status").render())
        table = screen.query_one("#articles")
        assert all("river" in screen.model.meta(table.key_at(i))["title"] for i in range(10))
        await pilot.press("slash", "escape")
        await wait_until(pilot, lambda: table.row_count == 30)
        # The search listed its hits best first; cleared, the library is
        # oldest first still.
        days = [screen.model.meta(table.key_at(i))["published"] for i in range(30)]
        assert days == sorted(days) and days[0] < days[-1]
        await wait_writes(again)

    third = NewsreadApp(library, Config(path=tmp_path / "config.toml"))
    async with third.run_test(size=SIZE) as pilot:
        await library_ready(pilot, third, rows=30)
        assert third.screen.model.filter_text == "" and third.screen.model.reverse


def test_a_damaged_state_file_is_ignored(tmp_path):
    from tui.state import LibraryView, load_view, save_view

    path, root = tmp_path / "state.json", tmp_path / "lib"
    path.write_text("{not json")
    assert load_view(path, root) == LibraryView()
    bad = {"sort": 3, "reverse": "yes", "filter_text": "x"}
    path.write_text(json.dumps({"libraries": {str(root.resolve()): {"library": bad}}}))
    assert load_view(path, root) == LibraryView(filter_text="x")
    save_view(path, root, LibraryView(sort="title"))
    assert load_view(path, root).sort == "title"


async def test_next_unannotated_article_from_the_library_and_the_reader(tmp_path, pipeline):
    from newsread.model import Annotation

    library = big_library(tmp_path / "lib", 6)
    app = NewsreadApp(library, Config())
    async with app.run_test(size=SIZE) as pilot:
        await library_ready(pilot, app, rows=6)
        screen = app.screen
        table = screen.query_one("#articles")
        order = [table.key_at(i) for i in range(6)]
        # The second and third listed articles get annotations from elsewhere.
        for article_id in order[1:3]:
            library.save_annotation(
                Annotation(id=f"x{article_id}", article_id=article_id, start=0, end=4,
                           quote="Body", tags=["seen"])
            )  # fmt: skip
        screen.reload()
        await wait_until(pilot, lambda: screen.model.counts.get(order[1]) == 1)
        await pilot.press("N")  # from the first row: the next without annotations
        await wait_until(pilot, lambda: table.cursor_key == order[3])
        await pilot.press("enter")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "ReaderScreen")
        assert app.screen.article.id == order[3]
        await pilot.press("N")  # from the reader: on to the next one
        await wait_until(
            pilot,
            lambda: (
                type(app.screen).__name__ == "ReaderScreen" and app.screen.article.id == order[4]
            ),
        )
        assert table.cursor_key == order[4]
        # Past the end it wraps round to the first, skipping the annotated ones.
        await pilot.press("N")
        await wait_until(pilot, lambda: getattr(app.screen, "article", None) is not None
                         and app.screen.article.id == order[5])  # fmt: skip
        await pilot.press("N")
        await wait_until(pilot, lambda: getattr(app.screen, "article", None) is not None
                         and app.screen.article.id == order[0])  # fmt: skip


async def test_a_reload_with_fewer_articles_keeps_the_cursor_sane(tmp_path, pipeline):
    """The table's rows are numbered in the catalog they came from: a load that
    replaces it with a smaller one must not look the old numbers up in the new."""
    library = big_library(tmp_path / "lib", 8)
    app = NewsreadApp(library, Config())
    async with app.run_test(size=SIZE) as pilot:
        await library_ready(pilot, app, rows=8)
        screen = app.screen
        table = screen.query_one("#articles")
        await pilot.press("end")
        await wait_until(pilot, lambda: table.cursor_row == 7)
        ids = [table.key_at(i) for i in range(8)]
        library.delete_articles(ids[1:])
        screen.reload()
        await wait_until(pilot, lambda: table.row_count == 1)
        assert table.cursor_key == ids[0] and table.cursor_row == 0
        library.delete_articles(ids[:1])
        screen.reload()
        await wait_until(pilot, lambda: table.row_count == 0)
        assert table.cursor_key is None
        assert "The library is empty" in str(screen.query_one("#library-status").render())


async def test_a_typed_letter_filters_the_rows_before_the_next_paint(tmp_path, pipeline):
    """The box hands its text to the screen as the value changes, not a turn
    later through its Changed message: otherwise one frame shows the new letter
    over the old rows, and the filtered rows come one repaint later."""
    app = NewsreadApp(big_library(tmp_path / "lib"), Config())
    async with app.run_test(size=SIZE) as pilot:
        await library_ready(pilot, app, rows=COUNT)
        screen = app.screen
        table = screen.query_one("#articles")
        await pilot.press("slash")
        box = screen.query_one("#library-filter")
        # No await between the change and the checks: no message is handled.
        box.insert_text_at_cursor("01199")
        assert screen.model.filter_text == "01199"
        assert table.row_count == 1
        # The Changed messages that follow change nothing, even for fast typing.
        box.insert_text_at_cursor("x")
        box.value = "item 0119"
        await pilot.pause()
        await wait_until(pilot, lambda: table.row_count == 10)
        assert screen.model.filter_text == "item 0119"
        box.value = "item 01"
        await pilot.pause()
        assert table.row_count == 200
        # A text set without its messages (a search from elsewhere) is not
        # handed over either.
        screen.search_for("river")
        await pilot.pause()
        assert box.value == "river" and screen.model.filter_text == "river"
        assert table.row_count == COUNT // 3


async def test_the_status_line_keeps_whole_parts_at_100_columns(tmp_path, pipeline):
    # It wrapped at the edge, its second line unseen: "… · 0 annotations · 140"
    # with "unread" on the hidden line. Whole parts now, the least needed
    # (the sort, then the unread count) dropped first.
    import re

    from rich.cells import cell_len

    app = NewsreadApp(big_library(tmp_path / "lib", 140), Config())
    async with app.run_test(size=(100, 24)) as pilot:
        await library_ready(pilot, app, rows=140)
        await pilot.press("slash", *"harbour", "enter")
        await wait_until(pilot, lambda: app.screen.query_one("#articles").row_count == 47)
        status = app.screen.query_one("#library-status")
        await wait_until(pilot, lambda: "found by search" in str(status.render()))
        line = str(status.render())
        assert " · by rank" in line, line
        assert cell_len(line) <= status.content_size.width, line
        assert line.startswith("47 of 140 articles · filter: 'harbour'"), line
        assert not re.search(r"· \d+$", line), line
        every = app.screen.model.summary(47, "")
        # The 47 listed are counted (all unread), not the library's 140.
        assert "47 unread" in every and "unread" not in line, line
        # With room, every part is said.
        await pilot.resize_terminal(200, 24)
        await wait_until(pilot, lambda: "found by search" in str(status.render()))
        assert "· 47 unread ·" in str(status.render()) and " · by rank" in str(status.render())
