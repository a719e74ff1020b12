"""The library: every article in a table, with its annotation and copy counts,
read marks and feeds; R refreshes the feeds (the app runs the refresh).

Loading happens in a worker, in two steps: the titles (from the catalog, see
storage.catalog) are shown first, then the annotation counts, which need a scan
of every annotations file.

The ``/`` box filters the titles at once and, a moment after the typing stops,
searches the full-text index (storage.search_index) in a worker, as
``newsread search`` does (newsread.search.ask): the ranked hits then take the
title matches' place (every match up to SEARCH_LIMIT; past it, the status
line says it lists the first of how many) and the highlighted hit's snippet
shows under the table.
The index's first build (about 25 s at 100,000 articles) runs in a process of
its own (``newsread index``); meanwhile the box goes on filtering titles and
says so."""

from __future__ import annotations

import contextlib
import operator
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, MutableSequence, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import events, work
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input, Static
from textual.worker import get_current_worker

from storage import catalog as catalogs
from storage.corrected_counts import CorrectedCounter, CorrectedCounts
from storage.errors import LibraryError
from storage.feeds import list_feeds, removed_feed_names
from storage.shard_counts import ShardCounter
from tui.context import AppContext, app_context
from tui.keymap import key_of
from tui.models.library import (
    NO_FEEDS,
    Column,
    LibraryModel,
    Prepared,
    SearchResult,
    cell_style,
    cell_text,
    column_plan,
    order_by_annotations,
    prepare,
    quick_load,
    search_query,
)
from tui.screens.following import FollowsDisk
from tui.screens.key_places import KeysInPlace
from tui.screens.keyed import KeyedScreen
from tui.state import LibraryView, load_view, save_view, state_path
from tui.trace import say
from tui.widgets.article_table import ArticleTable
from tui.widgets.footer import KeyFooter
from tui.widgets.shown import shown, visible

if TYPE_CHECKING:
    from textual.timer import Timer

    from storage.search_index import Hit, SearchIndex

__all__ = ["LibraryScreen", "column_plan"]

#: Seconds after the last key before the index is asked: a fast typist's
#: every letter would otherwise start a search the next letter replaces.
SEARCH_DELAY = 0.15
#: Hits asked of the index: as many as it ranks for a query of one word (its
#: rank window), so that a search lists every match up to that many, and a
#: larger one says that it lists the first so many. Only the first
#: SEARCH_DETAILED get their snippet at once; another's is worked out when its
#: row is highlighted. At 3,000 hits that is ~15 ms a search, not ~160 ms.
SEARCH_LIMIT = 6_000
SEARCH_DETAILED = 50


class FilterBox(Input):
    """The / box. Enter hands the focus to the table as the key is handled, not
    when the screen gets the Submitted message: a second enter typed right
    after the first (apply, then open: a fast typist, tmux send-keys) reaches
    the table instead of submitting the box again.

    The box is on screen only while it has the focus: one left showing its
    prompt while the keys went to the table had letters typed "into it" run
    the table's commands (d deleting an article). The applied query stays
    visible in the status line, which is clearly not an input."""

    #: called with the new text as the value changes, before the next paint
    on_typed: Callable[[str], None] | None = None

    async def action_submit(self) -> None:
        await super().action_submit()
        # Closed in the same turn as the key: a letter queued right behind the
        # enter must not land on a box that still looks open.
        self.display = False
        self.screen.set_focus(self.screen.query_one("#articles", ArticleTable))
        self._shown_or_hidden()

    def on_blur(self, event: events.Blur) -> None:
        # A click on the table, say. Not when the terminal itself loses the
        # focus: the box keeps the screen's focus then and is typed in on return.
        if self.screen.focused is not self and self.display:
            self.display = False
            self._shown_or_hidden()

    def _shown_or_hidden(self) -> None:
        # The status line says how to edit and clear the query only while the
        # box is closed.
        if isinstance(self.screen, LibraryScreen):
            self.screen.restate()

    def _watch_value(self, value: str) -> None:
        super()._watch_value(value)
        # The Changed message reaches the screen a turn later: a frame could
        # show the typed letter over the old rows, and at 100,000 articles the
        # table's own frame came one repaint (~30 ms) after the letter's.
        if self.on_typed is not None and not self._is_prevented(Input.Changed):
            self.on_typed(value)


class LibraryScreen(KeysInPlace, KeyedScreen, FollowsDisk):
    #: the widget the focus stays in, whose keys come first (tui.keymap checks them)
    FOCUSED_WIDGETS = (ArticleTable,)
    DEFAULT_CSS = """
    #library-refresh {
        height: 1;
        padding: 0 1;
        background: $panel;
        color: $text;
    }
    #library-snippet {
        height: 1;
        padding: 0 1;
        color: $text-muted;
    }
    """

    # The table from the start: Textual's default gives the focus to the first
    # focusable widget, the (hidden) filter box, and on_mount's focus() comes a
    # turn later; a key typed while the app started landed in the box.
    AUTO_FOCUS = "#articles"

    BINDINGS = [
        Binding("j", "cursor_down", "Down", id="library.down"),
        Binding("k", "cursor_up", "Up", id="library.up"),
        Binding("enter", "open", "Open", id="library.open"),
        # Priority: it runs as the key arrives, so letters typed right after it
        # (a burst, a paste, tmux send-keys) land in the box it opens.
        Binding("slash", "filter", "Search", priority=True, id="library.filter"),
        Binding("s", "sort", "Sort", id="library.sort"),
        Binding("S", "reverse", "Reverse the sort", show=False, id="library.reverse"),
        Binding(
            "N",
            "next_unannotated",
            "Next unannotated article",
            show=False,
            id="library.next_unannotated",
        ),
        Binding("d", "delete", "Delete", show=False, id="library.delete"),
        Binding(
            "escape", "clear_filter", "Clear the search", show=False, id="library.clear_filter"
        ),
        Binding("R", "refresh_feeds", "Refresh feeds", id="library.refresh"),
        # Off the footer (the help screen and the palette list them): at 80
        # columns it must keep room for q and ?.
        Binding("f", "next_feed", "Next feed filter", show=False, id="library.feed"),
        Binding("u", "unread_only", "Unread only", show=False, id="library.unread"),
        Binding("m", "toggle_read", "Mark read/unread", show=False, id="library.toggle_read"),
        # newsboat's A: every listed article, as the filter and search show them.
        Binding(
            "A",
            "mark_all_read",
            "Mark every listed article read",
            show=False,
            id="library.mark_all_read",
        ),
        Binding("o", "browser", "Open in browser", show=False, id="library.browser"),
    ]

    class Loaded(Message):
        """The titles: every article's listed fields, indexed off the event loop."""

        def __init__(
            self,
            prepared: Prepared | None,
            error: str = "",
            read: set[str] | None = None,
            feeds: dict[str, str] | None = None,
            read_error: str = "",
            removed_feeds: dict[str, str] | None = None,
        ) -> None:
            super().__init__()
            self.prepared = prepared
            #: why the library itself cannot be read ("" when it can)
            self.error = error
            #: ids of the articles marked read
            self.read = read or set()
            #: feed URL -> subscribed name
            self.feeds = feeds or {}
            #: feed URL -> the name an unsubscribed feed had
            self.removed_feeds = removed_feeds or {}
            #: why the read marks cannot be read ("" when they can)
            self.read_error = read_error

    class Counted(Message):
        """The annotation counts, after the titles."""

        def __init__(
            self,
            prepared: Prepared,
            counts: dict[str, int],
            per_tag: dict[str, int],
            damaged: dict[str, str],
            order: MutableSequence[int],
            corrected: dict[str, CorrectedCounts] | None = None,
        ) -> None:
            super().__init__()
            self.prepared = prepared
            self.counts = counts
            #: the analysis counts of the corrected articles, as corrected
            self.corrected = corrected
            self.per_tag = per_tag
            #: article id -> why its annotations file cannot be read
            self.damaged = damaged
            #: the annotations sort, made off the event loop
            self.order = order

    class Searched(Message):
        """The search index's answer for the box's ``text`` (or why there is none)."""

        def __init__(
            self,
            text: str,
            hits: list[Hit] | None = None,
            total: int | None = None,
            notes: tuple[str, ...] = (),
            error: str = "",
        ) -> None:
            super().__init__()
            self.text = text
            self.hits = hits or []
            self.error = error
            #: how many articles match in all (None: as many as the hits)
            self.total = total
            #: why nothing matched, beyond "no article matches"
            self.notes = notes

    class Detailed(Message):
        """A hit's snippet, worked out when its row was highlighted."""

        def __init__(self, text: str, hit: Hit) -> None:
            super().__init__()
            self.text = text
            self.hit = hit

    class IndexBuilding(Message):
        """The search index has to be built first (missing, old, damaged)."""

    class IndexBuilt(Message):
        """The build ended; ``error``: why it failed ("" when it did not)."""

        def __init__(self, error: str = "") -> None:
            super().__init__()
            self.error = error

    def __init__(self, search_limit: int | None = None) -> None:
        super().__init__()
        self.model = LibraryModel()
        #: the most hits a search lists (SEARCH_LIMIT unless given)
        self.search_limit = SEARCH_LIMIT if search_limit is None else max(1, search_limit)
        self._index: SearchIndex | None = None
        #: "" (not known yet), "building", "ready"; set by the workers
        self._index_state = ""
        # Searches run in workers that overlap while the text is typed: two of
        # them once saw "no index" together and both started a build, whose
        # second end emptied the hits listed by the first.
        self._index_lock = threading.Lock()
        self._search_timer: Timer | None = None
        #: when the last search asked was (or is timed to be) started
        self._searched_at = float("-inf")
        #: the text whose answer last put the cursor on the best hit
        self._topped = ""
        self._columns: list[Column] = []
        self._summary: list[tuple[str, int]] = []
        #: what the last key said, kept in the status line until the list changes
        self._said = ""
        # The view (sort, filters) and rows it was said over: a reload from
        # disk listing the same rows in the same view (after the write of a
        # mark, say) leaves it said; a key changing the view ends it.
        self._said_over: tuple[LibraryView | None, Sequence[int]] = (None, ())
        #: the article it was said of; moving off that row ends it
        self._said_of: str | None = None
        self._counter: ShardCounter | None = None
        self._corrected: CorrectedCounter
        self._counted_at: int | None = None
        #: the change stamp the titles were read at before the first frame
        self._shown_at: tuple[tuple[int, ...], ...] | None = None
        #: set once a load's titles have been drawn (the worker then goes on)
        self._painted = threading.Event()
        self._load_lock = threading.Lock()

    @property
    def ctx(self) -> AppContext:
        return app_context(self.app)

    # What was loaded, as the model holds it.

    @property
    def counts(self) -> dict[str, int]:
        return self.model.counts

    @property
    def damaged(self) -> dict[str, str]:
        return self.model.damaged

    @property
    def error(self) -> str:
        return self.model.error

    @property
    def table(self) -> ArticleTable:
        return self.query_one("#articles", ArticleTable)

    def compose(self) -> ComposeResult:
        yield Static("newsread", id="library-title")
        yield FilterBox(
            placeholder='search: words, "a phrase", tag:, entity:, feed:, is:unread…'
            " (enter applies, esc closes)",
            id="library-filter",
        )
        yield ArticleTable(id="articles")
        yield Static("", id="library-snippet")
        yield Static("", id="library-refresh")
        yield Static("", id="library-status")
        yield KeyFooter()

    def on_mount(self) -> None:
        # Sort and filters as the user left them last time (tui.state).
        self.model.set_view(load_view(self._state_path, self.ctx.library.root))
        self.set_columns(self.app.size.width)
        box = self.query_one("#library-filter", FilterBox)
        box.display = False
        # Every change of the box reaches the filter through this, as it
        # happens; its Changed messages, a turn later, are not listened to.
        box.on_typed = self._filter_typed
        self.query_one("#library-refresh", Static).display = False
        self.query_one("#library-snippet", Static).display = False
        # Synchronously, not focus(): that waits a turn, and a / typed while the
        # app started (queued before it) had its box's focus taken back, the
        # letters after it landing in the table (where d deletes).
        self.set_focus(self.table)
        if self._show_small_library():
            # Its counts and the catalog's upkeep wait for the titles' frame:
            # the worker's thread would compete with drawing it.
            self.call_after_refresh(self.reload)
        else:
            self.reload()
        # Another terminal may import or tag meanwhile: notice it and reload.
        self.follow_disk()

    def _show_small_library(self) -> bool:
        """A small library's titles, read here on the event loop before the
        first frame: a millisecond at 100 articles, ~15 ms at 10,000. The
        worker's thread would do the same work under the same interpreter lock,
        while the first frame drew an empty table; the titles came a round trip
        and a frame after it, 30-40 ms of a 0.3 s start. The worker still runs,
        after the titles' frame: it finds the catalog as shown and counts
        annotations. What tui.first_paint read to draw the screen before the
        app started is not read again (the app hands it over)."""
        loaded = self.ctx.take_first_load()
        if loaded is None or loaded.stamp != self._change_stamp():
            # None drawn early, or the library changed since: read here.
            loaded = quick_load(self.ctx.library, self.ctx.reading)
        if loaded is None:
            return False  # larger, stale, missing or unreadable: the worker's load
        self.on_library_screen_loaded(
            self.Loaded(loaded.prepared, "", loaded.read, loaded.feeds, "", loaded.removed_feeds)
        )
        # The worker that follows finds nothing changed since: no second message.
        self._shown_at = loaded.stamp
        # The rows on screen were read at these stamps: a look at the disk
        # before that worker starts (a slow first frame) finds nothing to
        # load again, where it asked for a second load beside it.
        self._stamp = loaded.stamp
        return True

    def _feeds(self) -> dict[str, str]:
        """Feed URL -> subscribed name (LibraryError when they cannot be read)."""
        return {feed.url: feed.name for feed in list_feeds(self.ctx.library)}

    def _read_marks(self) -> tuple[set[str], str]:
        """The ids marked read, and why they cannot be read ("" when they can)."""
        try:
            return self.ctx.reading.read_ids(), ""
        except LibraryError as exc:
            # Lost read marks must not hide the library: everything shows unread.
            return set(), str(exc)

    def set_columns(self, width: int) -> None:
        plan = column_plan(width, self.model.has_feeds)
        if plan == self._columns:
            return
        self._columns = plan
        self.table.set_columns(plan)
        self.refresh_table()

    def on_resize(self, event: events.Resize) -> None:
        self.set_columns(event.size.width)
        self.restate()  # fitted to the new width

    def _change_stamp(self) -> tuple[tuple[int, ...], ...]:
        # Read marks live in a file of their own: a mark made in another process
        # (or by the writer after a reload began) moves only that file.
        return (self.ctx.library.change_stamp(), self.ctx.reading.stamp())

    @work(thread=True, exclusive=True, group="library-load", exit_on_error=False)
    def reload(self) -> None:
        # One load at a time. A new load cancels the one before, but a worker's
        # thread runs on: two at once parsed a changed index side by side (a
        # child process of ~270 MB each at 100,000 articles). Waiting, the new
        # load finds the catalog the one before it saved.
        with self._load_lock:
            if not get_current_worker().is_cancelled:
                self._load()

    def _load(self) -> None:
        library = self.ctx.library
        worker = get_current_worker()
        self._stamp = started = self._change_stamp()
        if self._counter is None:
            self._counter = ShardCounter(library.root)
            self._corrected = CorrectedCounter(library)
        shown = self.model.prepared
        try:
            if shown.catalog.stamp != (0, 0, 0, 0) and (
                shown.catalog.stamp == catalogs.index_stamp(library.root)
            ):
                # The index is as shown (only read marks or annotations moved):
                # nothing to load or sort again.
                catalog, prepared = shown.catalog, shown
            else:
                catalog = catalogs.load(library.root, lean=True)
                prepared = None
            # Shown before the first frame, and nothing changed since: the
            # titles, marks and feeds on screen are this load's.
            shown_at, self._shown_at = self._shown_at, None
            again = prepared is shown and shown_at == started
            feeds = {} if again else self._feeds()
            removed = {} if again else removed_feed_names(library)
        except LibraryError as exc:
            # A damaged index is not an empty library: say so, never show nothing.
            self.post_message(self.Loaded(None, error=str(exc)))
            return
        if not again:
            read, read_error = self._read_marks()
            if prepared is None:
                prepared = prepare(catalog)
            if worker.is_cancelled:
                return
            self._painted.clear()
            self.post_message(self.Loaded(prepared, "", read, feeds, read_error, removed))
            # What follows would compete with drawing the titles for the
            # interpreter: it waits until they are on screen (or a moment).
            self._painted.wait(timeout=2.0)
        # Kept for the next start (a no-op when the catalog came from the file).
        catalogs.save(library.root, catalog, library.lock)
        if prepared is not shown:
            from tui.memory import release_free_memory

            # The parse and the sorts' scratch lists are freed: give them back.
            release_free_memory()
        # The titles are up; now the counts, which need every annotations file
        # (only the changed ones after the first time). One pass gives both the
        # per-article counts shown here and the per-tag counts the tag picker shows.
        # The annotations folder's mtime as it was before this load began.
        folder = started[0][-1]
        if prepared is shown and self.model.counted and folder == self._counted_at:
            # No annotations file was replaced since the last count (each write
            # renames a file into the folder, which moves its mtime).
            return
        per_article, per_tag, damaged = self._counter.report()
        order = order_by_annotations(prepared, per_article)
        # The analysis of each corrected article (few), as the reader shows it.
        corrected = self._corrected.counts(self._counter.corrections)
        if not worker.is_cancelled:
            self._counted_at = folder
            self.post_message(
                self.Counted(prepared, per_article, per_tag, damaged, order, corrected)
            )

    def on_library_screen_loaded(self, message: Loaded) -> None:
        say(self.app, "library loaded")
        if message.prepared is None:
            self.model.load([], {}, {}, message.error)
            self.ctx.warm_pipeline()
        else:
            same = message.prepared is self.model.prepared and self.model.counted
            feed_before = self.model.feed_choice
            self.model.load_prepared(
                message.prepared,
                # The same articles: their counts stay shown until recounted.
                self.model.counts if same else None,
                self.model.damaged if same else None,
                message.error,
                message.read,
                message.feeds,
                message.read_error,
                message.removed_feeds,
            )
            if feed_before is not None and self.model.feed_choice is None:
                # The feed filtered on is gone from the library: say so, and
                # do not start on it next time.
                self._remember()
                self.notify("that feed is no longer in the library: every article", timeout=4)
        # The Feed column comes with the first feed article (set_columns redraws).
        if column_plan(self.app.size.width, self.model.has_feeds) != self._columns:
            self.set_columns(self.app.size.width)
        else:
            self.refresh_table()
        self.call_after_refresh(self._painted.set)
        # The library changed (or this is the first load, with a remembered
        # text): the index catches up on its next search.
        self._search_soon(delay=0.0, keep=True)
        if message.error:
            self.notify(
                visible(message.error) + " — see: newsread doctor",
                severity="error",
                timeout=15,
                markup=False,
            )

    def on_library_screen_counted(self, message: Counted) -> None:
        if message.prepared is not self.model.prepared:
            return  # counted for a load another one has replaced
        self.model.set_counts(message.counts, message.damaged, message.order, message.corrected)
        self.ctx.set_tag_counts(message.per_tag)
        self.refresh_table()
        # The first screen is complete: spaCy may load now, off the event loop.
        self.ctx.warm_pipeline()

    def _width_of(self, key: str) -> int:
        return next((size for name, _, size in self._columns if name == key), 0)

    def _cells(self, index: int, made: Prepared | None = None) -> tuple[str, list[Text]]:
        """Row ``index`` of the catalog in ``made`` (the one the table's rows were
        numbered in). Once a load has replaced it and until the table is given
        the new rows (refresh_table asks the old ones for the highlighted id),
        the old row's key is still right; its cells are not drawn anyway."""
        if made is not None and made is not self.model.prepared:
            return made.catalog.ids[index], []
        row = self.model.row(index)
        # Text, never markup: a title's brackets are the title's.
        cells: dict[str, Text] = {
            "title": shown(row.cells["title"], cell_style(row, "title")),
            "source": shown(row.cells["source"]),
            "feed": shown(cell_text(row, "feed", self._width_of("feed"))),
            "date": Text(row.cells["date"], style=cell_style(row, "date")),
        }
        return row.id, [
            cells[key] if key in cells else Text(row.cells[key]) for key, _, _ in self._columns
        ]

    def refresh_table(self) -> None:
        """Show the rows for the filter and sort in use, the cursor on the same
        article as before when it is still listed."""
        keep = self.highlighted_id()
        rows = self.model.visible_rows()
        view, before = self._said_over
        if self._said and (self.model.view() != view or not _same_rows(rows, before)):
            self._said = ""
        cursor = None
        if keep is not None:
            # A cursor row holding the same article needs no search.
            at = self.table.cursor_row
            if at < len(rows) and self.model.catalog.ids[rows[at]] == keep:
                cursor = at
            else:
                found = self.model.prepared.row_of.get(keep)
                if found is not None:
                    try:
                        cursor = rows.index(found)
                    except ValueError:
                        cursor = None
        made = self.model.prepared
        if len(rows) != self.table.row_count:
            say(self.app, f"{len(rows)} rows listed")
        self.table.set_rows(len(rows), lambda i: self._cells(rows[i], made), cursor)
        self._summary = self._summary_parts(len(rows))
        self.update_status()

    def restate(self) -> None:
        """The status line again, for the rows listed."""
        self._summary = self._summary_parts(self.table.row_count)
        self.update_status()

    def _summary_parts(self, listed: int) -> list[tuple[str, int]]:
        # The keys named on the line are the user's (after their remaps).
        self.model.unread_key = key_of(self, "library.unread")
        return self.model.summary_parts(listed, self._filter_keys(), self._status_width())

    def _status_width(self) -> int:
        # The bar's padding off the terminal's width (as the first paint
        # counts it): its own size lags a resize until the next layout, and
        # the line was fitted to the old width.
        return self.app.size.width - 2

    def _filter_keys(self) -> str:
        """How to edit and clear an applied search, in the user's keys ("" while
        the box is open: it is being edited)."""
        if self.query_one("#library-filter", Input).display:
            return ""
        edit = key_of(self, "library.filter")
        clear = key_of(self, "library.clear_filter")
        return " · ".join(
            f"{key} {verb}" for key, verb in ((edit, "edits"), (clear, "clears")) if key
        )

    def update_status(self) -> None:
        highlighted = self.highlighted_id()
        width = self._status_width()
        line = self.model.status_line(self._summary, self._columns, highlighted, width, self._said)
        self.query_one("#library-status", Static).update(Text(line))
        self._show_snippet(self.model.hit(highlighted) if highlighted else None)

    def _show_snippet(self, hit: Hit | None) -> None:
        """The highlighted hit's snippet, its matches marked, on the line under
        the table; else what the search is doing (an index being built, a bad
        filter word), which a narrow status line could cut off; else nothing."""
        line = self.query_one("#library-snippet", Static)
        state = self.model.search_note().removeprefix(" · ")
        # A filter naming no feed or label there is: said here too, where a
        # narrow status line cannot cut it off.
        nothing = "" if hit is not None or self.table.row_count else self.model.why_nothing()
        # Not "searching…": between two keys that would make the line blink.
        line.display = (
            hit is not None or self.model.search_state not in ("", "searching") or bool(nothing)
        )
        if hit is None:
            if line.display:
                line.update(shown(nothing or state, "italic"))
            return
        snippet = hit.snippet
        if snippet is None:
            # Past the hits detailed with the answer: worked out off the event
            # loop, shown when it comes.
            line.update("")
            if self.model.search is not None:
                self._detail(self.model.search.text, hit)
            return
        # shown(): literal text, control characters swapped one for one, so
        # the highlight offsets still hold.
        text = shown(snippet.text)
        for start, end in snippet.highlights:
            text.stylize("bold reverse", start, end)
        where = "" if snippet.field == "body" else f"[{snippet.field}] "
        line.update(Text.assemble((where, "dim"), text, no_wrap=True, overflow="ellipsis"))

    def highlighted_id(self) -> str | None:
        """The id of the article under the table's cursor; None in an empty table."""
        return self.table.cursor_key

    def on_article_table_row_highlighted(self, event: ArticleTable.RowHighlighted) -> None:
        if self._said_of is not None and self.highlighted_id() != self._said_of:
            self._said = ""
            self._said_of = None
        self.update_status()

    def action_cursor_down(self) -> None:
        self.table.action_cursor_down()

    def action_cursor_up(self) -> None:
        self.table.action_cursor_up()

    def _open(self, article_id: str) -> None:
        # The app stores the mark; shown at once so the row is right on return.
        self.model.set_read(article_id, True)
        # Its copies from the columns in hand: the index is not parsed again.
        # From a search, the reader opens on the first match of its words.
        self.ctx.open_article(
            article_id, self.model.story_copies(article_id), find=self.model.jump()
        )

    def action_open(self) -> None:
        article_id = self.highlighted_id()
        if article_id is not None:
            self._open(article_id)

    def on_article_table_row_selected(self, event: ArticleTable.RowSelected) -> None:
        event.stop()
        self._open(event.key)

    def action_delete(self) -> None:
        from tui.screens.tag_dialogs import DestroyDialog

        article_id = self.highlighted_id()
        meta = self.model.meta(article_id) if article_id is not None else None
        if article_id is None or meta is None:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                library = self.ctx.library
                self.ctx.writer.submit(lambda: library.delete_articles([article_id]))
                self.model.forget(article_id)
                self.refresh_table()
                self.notify(visible(f"deleted “{meta['title']}”"), timeout=3, markup=False)

        self.app.push_screen(DestroyDialog(self.model.delete_question(article_id)), answered)

    def action_next_unannotated(self) -> None:
        found = self.model.next_unannotated(self.highlighted_id())
        if found is None:
            self.notify("every listed article has annotations", timeout=3)
            return
        self._move_to(found)

    def _move_to(self, article_id: str) -> bool:
        rows = self.model.visible_rows()
        index = self.model.prepared.row_of.get(article_id)
        if index is None or index not in rows:
            return False
        self.table.move_cursor(row=rows.index(index))
        return True

    def open_neighbour(self, after: str, step: int, unread: bool = False) -> bool:
        """From the reader: highlight and open the listed article ``step`` rows
        from ``after`` (with ``unread``, the next unread one that way); False
        when there is none."""
        found = self.model.neighbour(after, step, unread)
        if found is None or not self._move_to(found):
            return False
        self._open(found)
        return True

    def open_next_unannotated(self, after: str) -> bool:
        """From the reader: highlight and open the next listed article without
        annotations after ``after``; False when there is none."""
        found = self.model.next_unannotated(after)
        if found is None or not self._move_to(found):
            return False
        self._open(found)
        return True

    def action_sort(self) -> None:
        self.model.next_sort()
        self.refresh_table()
        self._remember()

    def action_reverse(self) -> None:
        self.model.toggle_reverse()
        self.refresh_table()
        self._remember()

    @property
    def _state_path(self) -> Path | None:
        return state_path(self.ctx.config.path)

    def _remember(self) -> None:
        """Keep the sort and filters for the next run, off the event loop."""
        path, root, view = self._state_path, self.ctx.library.root, self.model.view()
        if path is not None:
            self.ctx.writer.submit(lambda: save_view(path, root, view))

    # -- feeds and read marks ----------------------------------------------------------------

    def action_refresh_feeds(self) -> None:
        self.ctx.refresh_feeds()

    def show_refresh(self, text: str) -> None:
        """The refresh's progress line (the app calls this); "" hides it."""
        line = self.query_one("#library-refresh", Static)
        line.display = bool(text)
        line.update(shown(text))

    def action_next_feed(self) -> None:
        said = self.model.next_feed()
        self.refresh_table()
        self._remember()
        if said is None:
            # Nothing changes on screen: a toast gone in two seconds left f
            # seeming to do nothing. Said until the list changes again.
            self.tell(NO_FEEDS)
        # Otherwise the status line names the feed shown: a toast saying it
        # again covered that line's end for seconds.

    def action_unread_only(self) -> None:
        self.model.toggle_unread_only()
        self.refresh_table()
        self._remember()

    def action_toggle_read(self) -> None:
        article_id = self.highlighted_id()
        if article_id is None:
            return
        read = self.model.is_unread(article_id)
        self.model.set_read(article_id, read)
        reading = self.ctx.reading
        self.ctx.writer.submit(lambda: reading.mark([article_id], read))
        table = self.table
        row = table.cursor_row
        self.refresh_table()
        # Under unread-only the row may be gone: stay where it was, not at the top.
        if table.row_count and self.highlighted_id() != article_id:
            table.move_cursor(row=min(row, table.row_count - 1))
        self.tell("marked read" if read else "marked unread", article_id)

    def tell(self, text: str, of: str | None = None) -> None:
        """Say ``text`` in the status line until the list changes, or, said
        ``of`` an article, until the cursor leaves it."""
        self._said, self._said_of = text, of
        self._said_over = (self.model.view(), self.model.visible_rows())
        self.update_status()

    def action_mark_all_read(self) -> None:
        from tui.screens.tag_dialogs import ConfirmDialog

        unread = self.model.unread_listed()
        if not unread:
            listed = bool(self.model.visible_rows())
            self.tell("every listed article is read already" if listed else "no article is listed")
            return
        count = f"{len(unread):,} listed article{'' if len(unread) == 1 else 's'}"
        # Read marks are not in the undo journal: the question is the safeguard.
        question = f"Mark {count} read? Read marks cannot be undone."

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            marked = self.model.set_read_all(unread)
            reading = self.ctx.reading
            # One write of reading.json for the whole batch, under the lock.
            self.ctx.writer.submit(lambda: reading.mark(unread))
            self.refresh_table()
            self.tell(f"marked {marked:,} article{'' if marked == 1 else 's'} read")

        self.app.push_screen(ConfirmDialog(question), answered)

    def action_browser(self) -> None:
        article_id = self.highlighted_id()
        if article_id is not None:  # one gone meanwhile is named by the worker
            self.tell("opening the browser…", article_id)
            self._open_url(article_id)

    @work(thread=True, group="browser", exit_on_error=False)
    def _open_url(self, article_id: str) -> None:
        from tui.web_open import open_in_browser

        open_in_browser(
            self.app, self.ctx.library, article_id, lambda text: self.tell(text, article_id)
        )

    def action_filter(self) -> None:
        box = self.query_one("#library-filter", Input)
        if box.has_focus:
            raise SkipAction()  # typed in the box: part of the filter text
        box.display = True
        box.value = self.model.filter_text
        # Synchronously, not focus(): that waits a turn and queued keys go elsewhere.
        self.set_focus(box)
        self.restate()

    def search_for(self, query: str) -> None:
        """List the articles ``query`` finds, the table focused and the query in
        the status line: ``/`` edits it (to add ``after:`` for example)."""
        box = self.query_one("#library-filter", Input)
        box.display = False
        with box.prevent(Input.Changed):
            box.value = query
        self.model.filter_text = query
        self.model.start_search_order()  # a new search: its best hits first
        self._search_soon(delay=0.0)
        self.refresh_table()
        self.set_focus(self.table)
        self._remember()

    def _filter_typed(self, text: str) -> None:
        if not text.strip():
            # Emptied as good as cleared: the next search starts at rank.
            self.model.start_search_order()
        self.model.filter_text = text
        self._search_soon()
        self.refresh_table()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        say(self.app, f"filter applied, {self.table.row_count} rows")
        self.set_focus(self.table)
        self._remember()

    def action_clear_filter(self) -> None:
        """Close the box and drop the search, typed in the box or applied."""
        box = self.query_one("#library-filter", Input)
        if not box.has_focus and not self.model.filter_text:
            raise SkipAction()  # nothing to clear: the key is another's
        box.display = False
        # The next search lists its best hits first, whatever s and S chose for this one.
        self.model.start_search_order()
        if box.value:
            # The filter clears with it (FilterBox.on_typed), in time to be remembered below.
            box.value = ""
        else:
            self._filter_typed("")
        self.set_focus(self.table)
        self._remember()

    # -- the full-text search ------------------------------------------------------------

    def _search_soon(self, delay: float | None = None, keep: bool = False) -> None:
        """Ask the index about the box's text once the typing pauses (``delay``,
        SEARCH_DELAY by default); ``keep``: the text did not change (a reload),
        so the hits listed stay until the new answer replaces them."""
        if delay is None:
            delay = SEARCH_DELAY
        if self._search_timer is not None:
            self._search_timer.stop()
            self._search_timer = None
        text = self.model.filter_text
        # An empty box (every start but one with a remembered search) asks the
        # index nothing, as search_query would say, without importing its
        # parser (newsread.search) before the titles are drawn; the warm-up
        # imports it once the first screen is complete.
        query, error = search_query(text) if text.strip() else (None, "")
        if query is None:
            # Nothing for the index (the title filter says it all), or no query.
            self.model.clear_search(error)
            return
        if self._index_state == "building":
            # The build's end searches again; until then the titles answer.
            self.model.clear_search("building")
            return
        if not keep:
            self.model.search_pending(text)
        now = time.monotonic()
        if now - self._searched_at >= SEARCH_DELAY:
            # The first key after a pause is answered at once; only the keys of
            # fast typing wait for the pause (at most one search a SEARCH_DELAY,
            # and the last text always).
            delay = 0.0
        self._searched_at = now + delay
        # Never 0: Textual's timer divides by its delay.
        self._search_timer = self.set_timer(max(delay, 0.01), lambda: self._search(text))

    def _search_index(self) -> SearchIndex:
        if self._index is None:
            from storage.search_index import SearchIndex

            self._index = SearchIndex(
                self.ctx.library, on_notice=self._index_notice, reader=self.ctx.reading.reader
            )
        return self._index

    def _index_notice(self, message: str) -> None:
        # From a worker thread: a damaged index rebuilt, a busy one searched as it was.
        with contextlib.suppress(RuntimeError):
            self.app.call_from_thread(
                self.notify, visible(message), severity="warning", timeout=8, markup=False
            )

    @work(thread=True, exclusive=True, group="library-search", exit_on_error=False)
    def _search(self, text: str) -> None:
        from newsread.search import ask

        worker = get_current_worker()
        query, error = search_query(text)
        if query is None:
            return
        try:
            with self._index_lock:
                index = self._search_index()
                if self._index_state == "building":
                    return  # the build's end searches again
                build = self._index_state != "ready" and index.needs_build()
                # Built by a worker of its own: searches asked meanwhile
                # must not queue behind it, the titles answer them.
                self._index_state = "building" if build else "ready"
            if build:
                self.post_message(self.IndexBuilding())
                self._build_index()
                return
            # A full list may be the first part of more: the count says how
            # many, so that the status never passes it off as all of them.
            found = ask(index, query, self.search_limit, detailed=SEARCH_DETAILED)
        except Exception as exc:  # noqa: BLE001 - shown in the status line; titles still filter
            self.post_message(self.Searched(text, error=f"the index cannot be searched ({exc})"))
            return
        if not worker.is_cancelled:
            self.post_message(self.Searched(text, found.hits, found.total, found.notes))

    @work(thread=True, exclusive=True, group="library-detail", exit_on_error=False)
    def _detail(self, text: str, hit: Hit) -> None:
        query, _ = search_query(text)
        if query is None or self._index is None:
            return
        try:
            with self._index_lock:
                index = self._index
            detailed = index.detail(query, hit)
        except Exception:  # noqa: BLE001 - the snippet line stays empty; the row is still listed
            return
        self.post_message(self.Detailed(text, detailed))

    def on_library_screen_detailed(self, message: Detailed) -> None:
        if self.model.set_detail(message.text, message.hit):
            self.update_status()

    @work(thread=True, group="search-build", exit_on_error=False)
    def _build_index(self) -> None:
        """Build the index in another process. In this one, the build would
        take turns with the event loop for the interpreter: at 100,000
        articles a key then waited up to two seconds."""
        worker = get_current_worker()
        root = str(self.ctx.library.root)
        command = [sys.executable, "-m", "tui.cli", "index", "--background", "--library", root]
        # A file, not a pipe: nobody reads it until the end, and a full pipe
        # would stop the build.
        with tempfile.TemporaryFile("w+", encoding="utf-8", errors="replace") as errors:
            try:
                build = subprocess.Popen(
                    command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=errors
                )
            except OSError as exc:
                self.post_message(self.IndexBuilt(f"the index cannot be built ({exc})"))
                return
            while True:
                try:
                    build.wait(timeout=0.2)
                    break
                except subprocess.TimeoutExpired:
                    if worker.is_cancelled:
                        # The app is closing. The build is one transaction:
                        # stopped, the index is as it was, and is built next time.
                        build.terminate()
                        build.wait()
                        return
            errors.seek(0)
            said = [line.strip() for line in errors.read().splitlines() if line.strip()]
        error = ""
        if build.returncode != 0:
            why = said[-1] if said else f"exit status {build.returncode}"
            error = f"the index cannot be built ({why})"
        self.post_message(self.IndexBuilt(error))

    def on_library_screen_index_building(self, message: IndexBuilding) -> None:
        say(self.app, "search index building")
        if search_query(self.model.filter_text)[0] is not None:
            self.model.clear_search("building")
            self.refresh_table()

    def on_library_screen_index_built(self, message: IndexBuilt) -> None:
        say(self.app, f"search index built {message.error}")
        # A failed build is tried again by the next search.
        self._index_state = "" if message.error else "ready"
        if message.error:
            self.model.clear_search(message.error)
            self.refresh_table()
            return
        # Hits listed (a build after one already answered) stay until the new
        # answer replaces them: a list emptied for a moment swallowed the
        # enter meant for its first hit.
        keep = self.model.search is not None
        if not keep:
            self.model.clear_search()
        self._search_soon(delay=0.0, keep=keep)
        self.refresh_table()

    def on_library_screen_searched(self, message: Searched) -> None:
        if message.error:
            if message.text == self.model.filter_text:
                self.model.clear_search(message.error)
                self.refresh_table()
            return
        hits = {hit.article_id: hit for hit in message.hits}
        result = SearchResult(message.text, hits, message.total, message.notes)
        if self.model.set_search_result(result):
            self.refresh_table()
            say(self.app, f"search {message.text!r}: {len(hits)} hits, {self.table.row_count} rows")
            # The best hit under the cursor, as a search engine's first result;
            # once per text, so an answer after a reload leaves the cursor be.
            if message.text == self.model.filter_text and message.text != self._topped:
                self._topped = message.text
                if self.table.row_count:
                    self.table.move_cursor(row=0)
                    self.update_status()


def _same_rows(rows: Sequence[int], before: Sequence[int]) -> bool:
    # The model hands back the same sequence while nothing it lists by changed.
    return rows is before or (len(rows) == len(before) and all(map(operator.eq, rows, before)))
