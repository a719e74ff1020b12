"""The reader's text drawing and keys: no highlight past its span, a find box
that keeps fast typing, escape out of the side lists; counts in words."""

from __future__ import annotations

from rich.style import Style
from textual import events
from textual.app import App, ComposeResult

from newsread.config import Config
from newsread.model import Annotation
from tests.pilot_helpers import (
    BODY,
    SIZE,
    library_ready,
    make_library,
    open_first_reader,
    tagged_library,
    wait_until,
)
from tui.app import NewsreadApp
from tui.screens.library import LibraryScreen
from tui.widgets.article_view import ArticleView

# At 28 columns of text the first sentence ends on row 0 and row 1 starts after it.
SHORT = "Alpha beta gamma. Delta epsilon zeta eta theta iota kappa lambda."
FIRST = (0, len("Alpha beta gamma."))


class ViewHost(App):
    def compose(self) -> ComposeResult:
        yield ArticleView(SHORT, id="body")


def _backgrounds(view: ArticleView, y: int) -> set:
    return {seg.style.bgcolor for seg in view.render_line(y) if seg.style and seg.style.bgcolor}


def _has(view: ArticleView, y: int, style: Style) -> bool:
    return style.bgcolor in _backgrounds(view, y)


async def test_cursor_style_stays_on_the_cursors_rows() -> None:
    app = ViewHost()
    async with app.run_test(size=(30, 8)) as pilot:
        view = app.query_one(ArticleView)
        view.set_units("sentence", [FIRST, (FIRST[1] + 1, len(SHORT))])
        await pilot.pause()
        rows = view._layout.rows
        assert rows[0].end <= rows[1].start and rows[1].start > FIRST[1]
        assert _has(view, 0, view.CURSOR_STYLE)
        assert not _has(view, 1, view.CURSOR_STYLE)
        assert not _has(view, 2, view.CURSOR_STYLE)


async def test_selection_style_stays_on_the_selected_rows() -> None:
    app = ViewHost()
    async with app.run_test(size=(30, 8)) as pilot:
        view = app.query_one(ArticleView)
        view.select_span(6, 16)
        await pilot.pause()
        assert _has(view, 0, view.SELECTION_STYLE)
        assert not _has(view, 1, view.SELECTION_STYLE)


async def test_a_burst_typed_after_slash_lands_in_the_find_box(tmp_path, pipeline) -> None:
    app = NewsreadApp(make_library(tmp_path / "lib"), Config())
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_first_reader(pilot, app)
        await wait_until(pilot, lambda: reader.analysis is not None)
        reader.last_search = "harbour"
        # Posted together, as a terminal delivers a fast typist's keys: none of
        # them waits for the box that / opens.
        for key, char in [("slash", "/"), ("M", "M"), ("a", "a"), ("r", "r"), ("a", "a")]:
            app.post_message(events.Key(key, char))
        box = reader.find_bar
        await wait_until(pilot, lambda: box.value == "Mara")
        assert app.screen is reader and box.has_focus
        assert reader.analysis is not None and not reader.annotations  # a and r did nothing
        await pilot.press("enter")
        await wait_until(pilot, lambda: reader.view.selection is not None)
        start, end = reader.view.selection
        assert BODY[start:end] == "Mara" and reader.view.has_focus and not box.display


async def test_escape_in_the_find_box_returns_to_the_text(tmp_path, pipeline) -> None:
    app = NewsreadApp(make_library(tmp_path / "lib"), Config())
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_first_reader(pilot, app)
        await pilot.press("slash", "x")
        assert reader.find_bar.has_focus
        await pilot.press("escape")
        assert app.screen is reader and reader.view.has_focus
        assert not reader.find_bar.display


async def test_escape_in_the_side_lists_returns_to_the_text(tmp_path, pipeline) -> None:
    app = NewsreadApp(make_library(tmp_path / "lib"), Config())
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_first_reader(pilot, app)
        await wait_until(pilot, lambda: reader.analysis is not None)
        entities = reader.query_one("#side-entity-list")
        claims = reader.query_one("#side-claim-list")
        await pilot.press("tab")
        assert entities.has_focus
        await pilot.press("escape")
        assert app.screen is reader and reader.view.has_focus
        await pilot.press("tab", "tab")
        assert claims.has_focus
        await pilot.press("escape")
        assert app.screen is reader and reader.view.has_focus
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, LibraryScreen))


async def test_tag_manager_counts_in_words(tmp_path, pipeline) -> None:
    library = tagged_library(tmp_path / "lib")
    library.ensure_tag("once")
    library.save_annotation(
        Annotation(id="o1", article_id="second002", start=0, end=4, quote="Only", tags=["once"])
    )
    app = NewsreadApp(library, Config())
    async with app.run_test(size=SIZE) as pilot:
        await library_ready(pilot, app)
        await pilot.press("T")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "TagManagerScreen")
        screen = app.screen
        await wait_until(pilot, lambda: screen.loaded)
        table = screen.query_one("DataTable")
        table.move_cursor(row=table.get_row_index("once"))
        # Renaming onto an existing name asks to merge, counting what changes.
        await pilot.press("r", *"quote", "enter")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "DestroyDialog")
        assert "1 annotation gets 'quote' instead" in app.screen.question


async def test_one_tag_is_one_tag(tmp_path, pipeline) -> None:
    library = make_library(tmp_path / "lib")
    library.ensure_tag("only")
    app = NewsreadApp(library, Config())
    async with app.run_test(size=SIZE) as pilot:
        await library_ready(pilot, app)
        await pilot.press("T")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "TagManagerScreen")
        screen = app.screen
        await wait_until(pilot, lambda: screen.loaded)
        status = str(screen.query_one("#tags-status").render())
        assert status.split("   ")[0] == "1 tag"


async def test_library_filter_keeps_keys_typed_in_one_burst(tmp_path):
    """/ then letters with no pause (a paste, tmux send-keys) all land in the
    filter; enter applies it instead of opening the highlighted article."""
    from tests.pilot_helpers import library_ready
    from tui.screens.library import LibraryScreen

    app = NewsreadApp(make_library(tmp_path / "lib"), Config())
    async with app.run_test(size=SIZE) as pilot:
        await library_ready(pilot, app, rows=2)
        await pilot.press("slash", "s", "e", "c", "o", "n", "d", "enter")
        await wait_until(pilot, lambda: app.screen.query_one("#articles").row_count == 1)
        assert isinstance(app.screen, LibraryScreen)
        assert app.screen.query_one("#library-filter").value == "second"
        # Reopened, the old filter is selected (typing replaces it), and a slash
        # typed in the box is part of the filter, not a new one.
        await pilot.press("slash", "x", "slash")
        assert app.screen.query_one("#library-filter").value == "x/"


async def test_find_says_which_match_and_keeps_saying_it(tmp_path, pipeline):
    """The status line names the match found ("match 1/2 · ctrl+n next"): the
    cursor move that selecting the match causes must not wipe that message."""
    app = NewsreadApp(make_library(tmp_path / "lib"), Config())
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_first_reader(pilot, app)
        await pilot.press("slash", "b", "o", "a", "r", "d", "enter")
        await wait_until(pilot, lambda: reader.view.selection is not None)
        await pilot.pause()
        status = str(reader.query_one("#reader-status").render())
        # The find-next key as the footer and the help screen show it.
        after = reader.key("reader.find_next", "ctrl+n")
        assert "match 1/" in status and f"{after} next" in status
        await pilot.press("j")  # a move of the user's own clears it
        bar = reader.query_one("#reader-status")
        await wait_until(pilot, lambda: "match" not in str(bar.render()))


async def test_after_a_find_the_cursor_goes_on_from_the_matchs_sentence(tmp_path, pipeline):
    """A match found in the last sentence: the status line counts that
    sentence, and k goes to the one before it, not to the one before the
    sentence the cursor stood on when / was pressed."""
    app = NewsreadApp(make_library(tmp_path / "lib"), Config())
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_first_reader(pilot, app)
        await wait_until(pilot, lambda: reader.analysis is not None)
        await pilot.press("slash", *"dredging", "enter")
        await wait_until(pilot, lambda: reader.view.selection is not None)
        sentences = reader.analysis.sentences
        bar = reader.query_one("#reader-status")
        await wait_until(pilot, lambda: f"sentence {len(sentences)}/" in str(bar.render()))
        await pilot.press("k")
        await wait_until(pilot, lambda: reader.view.cursor == tuple(sentences[-2][:2]))
