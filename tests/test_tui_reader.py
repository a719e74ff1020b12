"""The reader driven by Pilot: sentence cursor, selection, tagging, saved at once."""

from __future__ import annotations

from newsread.config import Config
from storage.library import Library
from tests.pilot_helpers import (
    BODY,
    SIZE,
    library_ready,
    make_library,
    open_article,
    open_first_reader,
    wait_until,
    wait_writes,
)
from tui.app import NewsreadApp
from tui.keymap import key_of
from tui.screens.library import LibraryScreen
from tui.screens.reader import ReaderScreen
from tui.screens.tag_picker import TagPicker


async def test_cursor_starts_on_first_sentence_and_moves(tmp_path, pipeline):
    app = NewsreadApp(make_library(tmp_path / "lib"), Config())
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_first_reader(pilot, app)
        first = reader.view.cursor
        assert BODY[first[0] : first[1]].startswith("The harbour board said on Monday")
        await pilot.press("j")
        s, e = reader.view.cursor
        assert BODY[s:e] == "Dock workers welcomed the plan."
        await pilot.press("k")
        assert reader.view.cursor == first
        await pilot.press("down", "down")
        s, e = reader.view.cursor
        assert BODY[s:e].startswith("\u201cWe waited ten years")


async def test_tag_sentence_is_saved_immediately(tmp_path, pipeline):
    root = tmp_path / "lib"
    app = NewsreadApp(make_library(root), Config())
    async with app.run_test(size=SIZE) as pilot:
        await open_first_reader(pilot, app)
        await pilot.press("j", "t")
        await wait_until(pilot, lambda: isinstance(app.screen, TagPicker))
        await pilot.press(*"follow-up", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ReaderScreen))
        await wait_writes(app)
        # A separate Library object reads the files on disk, as another process would.
        stored = Library(root).annotations("harbour01")
        assert [a.quote for a in stored] == ["Dock workers welcomed the plan."]
        assert stored[0].tags == ["follow-up"]
        assert stored[0].prefix.endswith("double capacity. ")
        assert "follow-up" in [t.name for t in Library(root).tags()]
        side = str(app.screen.query_one("#side-annotations").render())
        assert "follow-up" in side


async def test_selection_extends_over_sentences_and_tags_them(tmp_path, pipeline):
    root = tmp_path / "lib"
    app = NewsreadApp(make_library(root), Config())
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_first_reader(pilot, app)
        await pilot.press("v", "j", "j")
        start, end = reader.view.selection
        assert BODY[start:end].startswith("The harbour board")
        assert BODY[start:end].endswith("said union leader Mara Quist.")
        await pilot.press("t", *"quote", "enter")
        await wait_writes(app)
        stored = Library(root).annotations("harbour01")
        assert len(stored) == 1 and stored[0].quote == BODY[start:end]
        assert reader.view.selection is None


async def test_existing_tag_is_offered_and_escape_cancels(tmp_path, pipeline):
    root = tmp_path / "lib"
    library = make_library(root)
    library.ensure_tag("verify")
    app = NewsreadApp(library, Config())
    async with app.run_test(size=SIZE) as pilot:
        await open_first_reader(pilot, app)
        await pilot.press("t", "v", "e")
        picker = app.screen
        assert isinstance(picker, TagPicker)
        options = picker.query_one("OptionList")
        assert options.get_option_at_index(0).id == "verify"
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, ReaderScreen))
        await pilot.press("t", "v", "e", "enter")
        await wait_writes(app)
        assert Library(root).annotations("harbour01")[0].tags == ["verify"]


async def test_escape_returns_to_library_and_help_lists_keys(tmp_path, pipeline):
    app = NewsreadApp(make_library(tmp_path / "lib"), Config())
    async with app.run_test(size=SIZE) as pilot:
        await open_first_reader(pilot, app)
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "HelpScreen")
        rows = app.screen.rows
        ids = {row[2] for row in rows}
        # q goes back from the reader (quitting is the library's q, or ctrl+q).
        assert {"reader.tag", "reader.select", "reader.next", "reader.back", "reader.close"} <= ids
        assert "app.quit_anywhere" in ids and "app.quit" not in ids
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, ReaderScreen))
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, LibraryScreen))
        await pilot.press("q")
    assert app.return_code in (0, None)


async def test_command_palette_offers_reader_actions(tmp_path, pipeline):
    root = tmp_path / "lib"
    app = NewsreadApp(make_library(root), Config())
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_first_reader(pilot, app)
        commands = {c.title: c for c in app.get_system_commands(reader)}
        assert "Tag" in commands and "reader.tag" in commands["Tag"].help
        assert "Next word" in commands
        await commands["Next"].callback()
        s, e = reader.view.cursor
        assert BODY[s:e] == "Dock workers welcomed the plan."


async def test_keymap_from_config_remaps_a_binding(tmp_path, pipeline):
    root = tmp_path / "lib"
    app = NewsreadApp(make_library(root), Config(keys={"reader.next": "J,down"}))
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_first_reader(pilot, app)
        first = reader.view.cursor
        await pilot.press("j")  # j no longer moves
        assert reader.view.cursor == first
        await pilot.press("J")
        assert BODY[slice(*reader.view.cursor)] == "Dock workers welcomed the plan."
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "HelpScreen")
        row = next(r for r in app.screen.rows if r[2] == "reader.next")
        assert "J" in row[0] and "j" not in row[0].split(", ")


async def test_a_key_written_as_menus_write_it_fires(tmp_path, pipeline):
    # "Ctrl+T" reached Textual as ctrl+T, a key no terminal sends: the footer
    # showed it and ctrl+t did nothing.
    app = NewsreadApp(make_library(tmp_path / "lib"), Config(keys={"reader.tag": "Ctrl+T"}))
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_first_reader(pilot, app)
        assert key_of(reader, "reader.tag") == "^t"
        await pilot.press("t")  # t is given away by the remap
        assert app.screen is reader
        await pilot.press("ctrl+t")
        await wait_until(pilot, lambda: isinstance(app.screen, TagPicker))


async def test_reader_names_the_other_copies_of_the_same_story(tmp_path, pipeline):
    from newsread.model import Article

    root = tmp_path / "lib"
    library = make_library(root)
    library.save_articles(
        [
            Article(id="copy003", title="Crane plan passes", body=BODY, source="Other Paper"),
        ]
    )
    library.set_story_groups({"harbour01": "harbour01", "copy003": "harbour01"})
    app = NewsreadApp(library, Config())
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_first_reader(pilot, app)
        meta = str(reader.query_one("#reader-meta").render())
        assert "same story also in: Crane plan passes (Other Paper)" in meta


async def test_narrow_library_names_the_highlighted_storys_copies(tmp_path, pipeline):
    from newsread.model import Article

    library = make_library(tmp_path / "lib")
    library.save_articles([Article(id="copy003", title="Crane plan passes", body=BODY)])
    library.set_story_groups({"harbour01": "harbour01", "copy003": "harbour01"})
    app = NewsreadApp(library, Config())
    async with app.run_test(size=(80, 24)) as pilot:
        await library_ready(pilot, app, rows=3)
        table = app.screen.query_one("#articles")

        def status() -> str:
            return str(app.screen.query_one("#library-status").render())

        titles = [str(table.get_row_at(i)[0]) for i in range(3)]
        table.move_cursor(row=titles.index("Second story"))
        await wait_until(pilot, lambda: "other cop" not in status())
        assert status().startswith("3 articles · 0 annotations")
        table.move_cursor(row=titles.index("Crane plan passes"))
        await wait_until(pilot, lambda: "this story has 1 other copy" in status())


async def test_library_notices_an_import_from_another_process(tmp_path, pipeline):
    import subprocess
    import sys

    root = tmp_path / "lib"
    app = NewsreadApp(make_library(root), Config())
    async with app.run_test(size=SIZE) as pilot:
        await library_ready(pilot, app, rows=2)
        code = (
            "import sys; from storage.library import Library; from newsread.model import Article;"
            "Library(sys.argv[1]).save_articles([Article(id='third03', title='Third story',"
            " body='A third body here.', source='Y')])"
        )
        subprocess.run([sys.executable, "-c", code, str(root)], check=True)
        await wait_until(
            pilot, lambda: app.screen.query_one("#articles").row_count == 3, timeout=15
        )


async def test_delete_an_article_from_the_library_after_confirming(tmp_path, pipeline):
    from newsread.model import Annotation

    root = tmp_path / "lib"
    library = make_library(root)
    library.save_annotation(
        Annotation(id="n1", article_id="second002", start=0, end=4, quote="Only", tags=["x"])
    )
    app = NewsreadApp(library, Config())
    async with app.run_test(size=SIZE) as pilot:
        await library_ready(pilot, app, rows=2)
        screen = app.screen
        table = screen.query_one("#articles")
        table.move_cursor(
            row=next(i for i in range(2) if str(table.get_row_at(i)[0]) == "Second story")
        )
        await pilot.press("d")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "DestroyDialog")
        assert "1 annotation will be deleted too" in app.screen.question
        await pilot.press("n")
        await wait_until(pilot, lambda: app.screen is screen)
        assert table.row_count == 2
        await pilot.press("d", "y")
        await wait_until(pilot, lambda: table.row_count == 1)
        await wait_writes(app)
    assert [m["id"] for m in Library(root).article_metas()] == ["harbour01"]
    assert Library(root).annotations("second002") == []


async def test_info_shows_metadata_and_what_cleaning_removed(tmp_path, pipeline):
    from newsread.model import Article

    root = tmp_path / "lib"
    library = make_library(
        root,
        [
            Article(
                id="harbour01",
                title="Harbour crane approved",
                body=BODY,
                source="Test Wire",
                removed=["Share this story", "Sign up for news"],
            )
        ],
    )
    app = NewsreadApp(library, Config())
    async with app.run_test(size=SIZE) as pilot:
        await open_first_reader(pilot, app)
        await pilot.press("i")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "InfoScreen")
        shown = app.screen.body.plain
        assert "Test Wire" in shown and "harbour01" in shown
        assert "Removed by cleaning (2)" in shown and "Sign up for news" in shown
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, ReaderScreen))


async def test_narrow_terminal_hides_the_side_panel_until_asked(tmp_path, pipeline):
    app = NewsreadApp(make_library(tmp_path / "lib"), Config())
    async with app.run_test(size=(80, 24)) as pilot:
        reader = await open_first_reader(pilot, app)
        assert not reader.side.display
        await pilot.press("s")
        assert reader.side.display
        await pilot.press("s")
        assert not reader.side.display


async def test_narrow_terminal_status_line_keeps_selection_and_tags(tmp_path, pipeline):
    app = NewsreadApp(make_library(tmp_path / "lib"), Config())
    async with app.run_test(size=(80, 24)) as pilot:
        reader = await open_first_reader(pilot, app)
        await wait_until(pilot, lambda: reader.analysis is not None)

        def status() -> str:
            return str(reader.query_one("#reader-status").render())

        await pilot.press("v", "j")
        assert "selection:" in status() and "sentence 2/" in status()
        await pilot.press("t", *"budget", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ReaderScreen))
        # With the side panel hidden, the status line is where the tag shows.
        await wait_until(pilot, lambda: "[budget]" in status())
        # The message said whole may take a line of its own: none is wider.
        assert all(len(line) <= 80 for line in status().splitlines())
        await pilot.press("s")
        await wait_until(pilot, lambda: "[budget]" not in status())
        assert "budget" in str(reader.query_one("#side-cursor").render())


async def test_status_line_names_the_help_key_only_when_the_footer_does_not(tmp_path, pipeline):
    from tui.widgets.footer import KeyFooter

    app = NewsreadApp(make_library(tmp_path / "lib"), Config(keys={"app.help": "f1"}))
    async with app.run_test(size=(80, 24)) as pilot:
        reader = await open_first_reader(pilot, app, "Second story")
        await wait_until(pilot, lambda: reader.analysis is not None)

        def status() -> str:
            return str(reader.query_one("#reader-status").render())

        # The footer keeps its help key at 80 columns: said once, not twice.
        footer = reader.query_one(KeyFooter)
        await wait_until(pilot, lambda: "f1" in [k.key_display for k in footer.query("FooterKey")])
        assert "all keys" not in status()
        # Without the footer, the status line is where the help key is told.
        footer.display = False
        reader.update_status()
        assert "f1 all keys" in status()
        await pilot.press("f1")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "HelpScreen")
    app = NewsreadApp(make_library(tmp_path / "lib2"), Config())
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_first_reader(pilot, app, "Second story")
        assert "all keys" not in str(reader.query_one("#reader-status").render())


async def test_library_columns_follow_the_terminal_width(tmp_path, pipeline):
    app = NewsreadApp(make_library(tmp_path / "lib"), Config())
    async with app.run_test(size=(80, 24)) as pilot:
        await library_ready(pilot, app)
        table = app.screen.query_one("#articles")
        assert [key for key, _, _ in table.columns] == [
            "title",
            "source",
            "date",
            "annotations",
        ]
        assert str(table.get_row_at(0)[0]) in {"Harbour crane approved", "Second story"}
        await pilot.resize_terminal(140, 36)
        await wait_until(pilot, lambda: len(table.columns) == 7)
        assert table.row_count == 2


async def test_brackets_in_titles_filters_and_tags_are_shown_literally(tmp_path, pipeline):
    from newsread.model import Article

    root = tmp_path / "lib"
    library = make_library(
        root,
        [
            Article(
                id="brack01",
                title="Court rules [/] [UPDATED]",
                body="The court ruled on [bold] Monday.",
                source="[X]",
            )
        ],
    )
    app = NewsreadApp(library, Config())
    async with app.run_test(size=SIZE) as pilot:
        await library_ready(pilot, app)
        await pilot.press("slash", "[", "/", "]")
        table = app.screen.query_one("#articles")
        assert table.row_count == 1
        await pilot.press("z")
        await wait_until(pilot, lambda: table.row_count == 0)
        status = str(app.screen.query_one("#library-status").render())
        assert "filter: '[/]z'" in status
        await pilot.press("backspace", "enter")
        await wait_until(pilot, lambda: table.row_count == 1)
        reader = await open_first_reader(pilot, app, "Court rules [/] [UPDATED]")
        await pilot.press("t", *"[/]odd", "enter")
        await wait_writes(app)
        assert Library(root).annotations("brack01")[0].tags == ["[/]odd"]
        await pilot.press("T")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "TagManagerScreen")
        await pilot.press("d")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "DestroyDialog")
        await pilot.press("n", "escape")
        await wait_until(pilot, lambda: app.screen is reader)
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, LibraryScreen))
        await pilot.press("d")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "DestroyDialog")
        await pilot.press("y")
        await wait_writes(app)
    assert Library(root).article_metas() == []


async def test_tag_picker_counts_come_from_the_library_scan(tmp_path, pipeline):
    from newsread.model import Annotation

    root = tmp_path / "lib"
    library = make_library(root)
    library.ensure_tag("verify")
    for n in range(2):
        library.save_annotation(
            Annotation(
                id=f"v{n}", article_id="second002", start=0, end=4, quote="Only", tags=["verify"]
            )
        )
    app = NewsreadApp(library, Config())
    async with app.run_test(size=SIZE) as pilot:
        await library_ready(pilot, app)
        await wait_until(pilot, lambda: app.tag_counts.get("verify") == 2)
        await open_first_reader(pilot, app)
        await pilot.press("t")
        await wait_until(pilot, lambda: isinstance(app.screen, TagPicker))
        label = str(app.screen.query_one("OptionList").get_option_at_index(0).prompt)
        assert label.startswith("■ verify") and label.rstrip().endswith("2")


async def test_an_article_that_is_only_its_feeds_summary_says_so(tmp_path, pipeline):
    from newsread.model import Article
    from tui.screens.reader.status import SUMMARY_ONLY_NOTE

    summary = Article(
        id="summary01",
        title="Harbour crane approved",
        body="The harbour board approved the new crane on Monday.",
        source="Harbour Feed",
        url_or_path="http://127.0.0.1:9/crane",
        feed="http://127.0.0.1:9/feed",
        guid="g-crane",
        entry_version="0123456789abcdef",
        summary_only=True,
    )
    app = NewsreadApp(make_library(tmp_path / "lib", [summary]), Config())
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_article(pilot, app)
        meta = str(reader.query_one("#reader-meta").render())
        assert SUMMARY_ONLY_NOTE in meta


async def test_a_notice_leaves_the_status_line_message_uncovered(tmp_path, pipeline):
    # At 100 columns a notice docked at the bottom right covered the message
    # said above the position line from column 49 on: "tagged a-rather-lo▌".
    app = NewsreadApp(make_library(tmp_path / "lib"), Config())
    async with app.run_test(size=(100, 24), notifications=True) as pilot:
        reader = await open_first_reader(pilot, app)
        bar = reader.query_one("#reader-status")
        reader.say("a message long enough to be said on a line of its own above the position " * 2)
        reader.notify("a notice of some length, wrapped over several lines of its box " * 2)
        await wait_until(pilot, lambda: any(t.region.height for t in reader.query("Toast")))
        await wait_until(pilot, lambda: len(str(bar.render()).splitlines()) >= 3)
        await pilot.pause()
        for toast in reader.query("Toast"):
            assert toast.region.bottom <= bar.region.y, (toast.region, bar.region)
        # The find box opened, the notices stay above it too.
        await pilot.press("slash")
        find = reader.query_one("#reader-find")
        await wait_until(pilot, lambda: find.display and find.region.height > 0)
        reader.notify("another notice while the find box is open")
        await wait_until(pilot, lambda: len(reader.query("Toast")) == 2)
        await wait_until(
            pilot, lambda: all(t.region.bottom <= find.region.y for t in reader.query("Toast"))
        )
