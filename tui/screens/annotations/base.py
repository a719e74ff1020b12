"""What every part of the annotations screen shares: the model, reading the
library in a worker, drawing the table, detail and status lines, and the
highlighted annotation.

The listing is read off the event loop (storage.annotation_list: raw files,
each read again only when it changed) and its sort orders made there too;
the table (tui.widgets.article_table) draws only the rows on screen, so tens
of thousands of annotations open and filter as fast as a few.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable

from rich.text import Text
from textual import work
from textual.message import Message
from textual.widgets import Static

from newsread.config import annotator_name
from newsread.model import Tag
from storage.annotation_list import AnnotationLister, ListedAnnotation
from storage.errors import LibraryError
from tui.context import AppContext, app_context
from tui.models.annotations import AnnotationsModel, Column, Prepared, column_plan, prepare
from tui.screens.key_places import KeysInPlace
from tui.screens.keyed import KeyedScreen
from tui.widgets.article_table import ArticleTable
from tui.widgets.shown import shown, visible
from tui.wording import short


# The messages keep the namespace of the screen, so their handlers are
# on_annotations_screen_*.
class Listed(Message, namespace="annotations_screen"):
    """A listing read from disk (``prepared`` None: ``error`` says why not)."""

    def __init__(self, generation: int, prepared: Prepared | None, error: str = "") -> None:
        super().__init__()
        self.generation = generation
        self.prepared = prepared
        self.error = error


class TagsRead(Message, namespace="annotations_screen"):
    def __init__(self, tags: list[Tag]) -> None:
        super().__init__()
        self.tags = tags


class AnnotationsBase(KeysInPlace, KeyedScreen):
    #: the widget the focus stays in, whose keys come first (tui.keymap checks them)
    FOCUSED_WIDGETS = (ArticleTable,)
    Listed = Listed
    TagsRead = TagsRead

    def __init__(self) -> None:
        super().__init__()
        self.model = AnnotationsModel()
        #: the library's tags, for the tag picker (read after the rows)
        self.tags: list[Tag] = []
        self._lister: AnnotationLister | None = None
        self._columns: list[Column] = []
        #: each reload's number: a slower, older one's answer is dropped
        self._generation = 0
        self._stamp: tuple[int, ...] | None = None
        #: the row to stand on after the next listing (an edited annotation)
        self._keep: str | None = None
        self._warned_damaged = False
        #: what the last key did, on the status line until another says more
        self._note = ""

    @property
    def ctx(self) -> AppContext:
        return app_context(self.app)

    @property
    def table(self) -> ArticleTable:
        return self.query_one("#annotations-table", ArticleTable)

    @property
    def loaded(self) -> bool:
        return self.model.loaded

    # -- reading -----------------------------------------------------------------------------

    def reload(self) -> None:
        """List the library again, off the event loop."""
        self._generation += 1
        self._stamp = self.ctx.library.change_stamp()
        self._read(self._generation)

    @work(thread=True, group="annotations-load", exit_on_error=False)
    def _read(self, generation: int) -> None:
        library = self.ctx.library
        if self._lister is None:
            self._lister = AnnotationLister(library.root)
        try:
            you = annotator_name(getattr(self.ctx, "config", None))
            prepared = prepare(self._lister.listing(), you)
        except LibraryError as exc:
            # A damaged index is not an empty library: say so, never show nothing.
            self.post_message(Listed(generation, None, visible(str(exc))))
            return
        self.post_message(Listed(generation, prepared))
        # For the tag picker; after the rows, which must not wait for them.
        with contextlib.suppress(LibraryError):
            self.post_message(TagsRead(library.tags()))

    def on_annotations_screen_listed(self, message: Listed) -> None:
        if message.generation != self._generation:
            return
        keep = self._keep or self.current_key()
        self._keep = None
        row = self.table.cursor_row
        if message.prepared is None:
            self.model.fail(message.error)
        else:
            self.model.load(message.prepared)
            # The tag picker's counts, here and in the reader, as counted now.
            self.ctx.set_tag_counts(dict(self.model.tag_counts()))
            self._warn_damaged()
        self.set_columns(self.app.size.width)
        self.show(keep, row)

    def on_annotations_screen_tags_read(self, message: TagsRead) -> None:
        self.tags = message.tags

    def _warn_damaged(self) -> None:
        damaged = self.model.listing.damaged
        if damaged and not self._warned_damaged:
            self._warned_damaged = True
            more = f" (and {len(damaged) - 1} more)" if len(damaged) > 1 else ""
            self.notify(
                visible(f"cannot read {damaged[0]}{more}; newsread doctor checks every file"),
                severity="warning",
                timeout=10,
                markup=False,
            )

    def _from_thread(self, callback: Callable[..., object], *args: object) -> None:
        # The app may have exited while the write was queued; the write still landed.
        with contextlib.suppress(RuntimeError):
            self.app.call_from_thread(callback, *args)

    # -- drawing -----------------------------------------------------------------------------

    def set_columns(self, width: int) -> None:
        plan = column_plan(width, self.model.has_annotators, self.model.is_shared)
        if plan != self._columns:
            self._columns = plan
            self.table.set_columns(plan)

    def show(self, keep: str | None = None, row: int | None = None) -> None:
        """Draw the rows the model shows; the cursor on ``keep`` when it is still
        listed, else at row ``row`` (or where it was)."""
        model = self.model
        cursor = model.index_of(keep) if keep is not None else None
        if cursor is None and row is not None and model.shown:
            cursor = min(row, len(model.shown) - 1)
        self.table.set_rows(len(model.shown), self._row_source, cursor=cursor)
        empty = model.empty_text()
        message = self.query_one("#annotations-empty", Static)
        message.display = bool(empty)
        message.update(Text(empty, style="red" if model.error else ""))
        self._update_detail()
        self._update_status()

    def _view_change(self, change: Callable[[], object]) -> None:
        """Filter or sort as ``change`` does, the cursor staying on its annotation
        when that is still listed (else on the first row)."""
        keep = self.current_key()
        change()
        self._note = ""  # what an earlier key did is no longer what the list shows
        self.show(keep, 0)

    def _row_source(self, index: int) -> tuple[str, list[Text]]:
        cells = self.model.cells(index, self._columns)
        return self.model.row(index).key, [shown(text, style) for text, style in cells]

    def _update_status(self, note: str | None = None) -> None:
        """The status line; ``note``: what the last key did, kept until the next one says more."""
        if note is not None:
            self._note = note
        model = self.model
        line = model.status() if model.loaded and not model.error else ""
        if self._note:
            line = f"{self._note}   {line}" if line else self._note
        self.query_one("#annotations-status", Static).update(shown(line))

    def _update_detail(self) -> None:
        """The highlighted annotation in full, under the table (its cells are cut)."""
        detail = self.query_one("#annotations-detail", Static)
        row = self.current()
        detail.display = row is not None
        if row is None:
            return
        text = Text()
        text.append(visible(f"“{short(row.quote, 300)}”"), "italic")
        if row.note:
            text.append("\nNote: ", "bold").append(visible(short(row.note, 300)))
        where = [self.model.title(row.article_id), row.date[:16].replace("T", " ")]
        if row.annotator:
            # The spelling the By column shows, not this row's own.
            at = min(self.table.cursor_row, len(self.model.shown) - 1)
            where.append(f"by {self.model.annotator(at)}")
        if row.suggestion:
            where.append(f"accepted suggestion ({row.suggestion})")
        if row.corrected:
            where.append("a correction of the analysis")
        text.append("\n").append(visible(" · ".join(w for w in where if w)), "dim")
        if row.orphan:
            text.append("  could not be placed after its text changed", "bold red")
        detail.update(text)

    def on_article_table_row_highlighted(self, event: ArticleTable.RowHighlighted) -> None:
        event.stop()
        self._update_detail()

    # -- the highlighted annotation ------------------------------------------------------

    def current(self) -> ListedAnnotation | None:
        if not self.model.shown or not self.table.row_count:
            return None
        return self.model.row(min(self.table.cursor_row, len(self.model.shown) - 1))

    def current_key(self) -> str | None:
        row = self.current()
        return row.key if row is not None else None

    def current_or_say(self) -> ListedAnnotation | None:
        row = self.current()
        if row is None:
            self._update_status("no annotation here")
        return row
