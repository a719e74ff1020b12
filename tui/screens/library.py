"""The library: every article in a table, with its annotation and copy counts."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import events, work
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Static
from textual.widgets.data_table import CellDoesNotExist

from storage.errors import LibraryError
from tui.context import AppContext, app_context
from tui.models.library import Column, LibraryModel, column_plan
from tui.widgets.shown import shown, visible

__all__ = ["LibraryScreen", "column_plan"]


class LibraryScreen(Screen):
    BINDINGS = [
        Binding("j", "cursor_down", "Down", id="library.down"),
        Binding("k", "cursor_up", "Up", id="library.up"),
        Binding("enter", "open", "Open", id="library.open"),
        # Priority: it runs as the key arrives, so letters typed right after it
        # (a burst, a paste, tmux send-keys) land in the box it opens.
        Binding("slash", "filter", "Filter", priority=True, id="library.filter"),
        Binding("s", "sort", "Sort", id="library.sort"),
        Binding("d", "delete", "Delete", show=False, id="library.delete"),
    ]

    class Loaded(Message):
        def __init__(
            self,
            metas: list[dict[str, Any]],
            counts: dict[str, int],
            per_tag: dict[str, int],
            damaged: dict[str, str] | None = None,
            error: str = "",
        ) -> None:
            super().__init__()
            self.metas = metas
            self.counts = counts
            self.per_tag = per_tag
            #: article id -> why its annotations file cannot be read
            self.damaged = damaged or {}
            #: why the library itself cannot be read ("" when it can)
            self.error = error

    def __init__(self) -> None:
        super().__init__()
        self.model = LibraryModel()
        self._stamp: tuple[int, ...] | None = None
        self._columns: list[Column] = []
        self._copies: dict[str, int] = {}
        self._summary = ""

    @property
    def ctx(self) -> AppContext:
        return app_context(self.app)

    # What was loaded, as the model holds it.

    @property
    def metas(self) -> list[dict[str, Any]]:
        return self.model.metas

    @property
    def counts(self) -> dict[str, int]:
        return self.model.counts

    @property
    def damaged(self) -> dict[str, str]:
        return self.model.damaged

    @property
    def error(self) -> str:
        return self.model.error

    def compose(self) -> ComposeResult:
        yield Static("newsread", id="library-title")
        yield Input(
            placeholder="filter by title or source (enter to apply, esc to close)",
            id="library-filter",
        )
        yield DataTable(id="articles", cursor_type="row", zebra_stripes=True)
        yield Static("", id="library-status")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        self.set_columns(self.app.size.width)
        self.query_one("#library-filter", Input).display = False
        table.focus()
        self.reload()
        # Another terminal may import or tag meanwhile: notice it and reload.
        self.set_interval(2.0, self._poll_changes)

    def set_columns(self, width: int) -> None:
        plan = column_plan(width)
        if plan == self._columns:
            return
        self._columns = plan
        table = self.query_one(DataTable)
        table.clear(columns=True)
        for key, label, size in plan:
            table.add_column(label, key=key, width=size)
        if self.model.metas:
            self.refresh_table()

    def on_resize(self, event: events.Resize) -> None:
        self.set_columns(event.size.width)

    def _poll_changes(self) -> None:
        if self.app.screen is self and self._stamp != self.ctx.library.change_stamp():
            self.reload()

    def on_screen_resume(self) -> None:
        self.reload()

    @work(thread=True, exclusive=True, group="library-load", exit_on_error=False)
    def reload(self) -> None:
        library = self.ctx.library
        self._stamp = library.change_stamp()
        # One scan of the annotation files gives both the per-article counts
        # shown here and the per-tag counts the tag picker shows.
        try:
            per_article, per_tag, damaged = library.annotation_report()
            metas = library.article_metas()
        except LibraryError as exc:
            # A damaged index is not an empty library: say so, never show nothing.
            self.post_message(self.Loaded([], {}, {}, error=str(exc)))
            return
        self.post_message(self.Loaded(metas, per_article, per_tag, damaged))

    def on_library_screen_loaded(self, message: Loaded) -> None:
        self.model.load(message.metas, message.counts, message.damaged, message.error)
        self.ctx.set_tag_counts(message.per_tag)
        self.refresh_table()
        if message.error:
            self.notify(
                visible(message.error) + " — see: newsread doctor",
                severity="error",
                timeout=15,
                markup=False,
            )

    def refresh_table(self) -> None:
        table = self.query_one(DataTable)
        keep = self.highlighted_id()
        table.clear()
        rows = self.model.rows()
        self._copies = {row.id: row.copies for row in rows}
        for row in rows:
            # Text, not str: DataTable would read brackets in a title as markup.
            cells: dict[str, str | Text] = {
                **row.cells,
                "title": shown(row.cells["title"]),
                "source": shown(row.cells["source"]),
                # Dim: the day it was imported, shown when the text gave no date.
                "date": Text(row.cells["date"], style="dim" if row.date_is_imported else ""),
            }
            table.add_row(*(cells[key] for key, _, _ in self._columns), key=row.id)
        if keep is not None and keep in self._copies:
            table.move_cursor(row=table.get_row_index(keep))
        self._summary = self.model.summary(table.row_count)
        self.update_status()

    def update_status(self) -> None:
        copies = self._copies.get(self.highlighted_id() or "", 0)
        status = self._summary + self.model.copies_note(self._columns, copies)
        self.query_one("#library-status", Static).update(shown(status))

    def highlighted_id(self) -> str | None:
        """The id of the article under the table's cursor; None in an empty table."""
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        try:
            return str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)
        except CellDoesNotExist:  # a table being refilled has no cursor row yet
            return None

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.update_status()

    def action_cursor_down(self) -> None:
        self.query_one(DataTable).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one(DataTable).action_cursor_up()

    def action_open(self) -> None:
        article_id = self.highlighted_id()
        if article_id is not None:
            self.ctx.open_article(article_id)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.ctx.open_article(str(event.row_key.value))

    def action_delete(self) -> None:
        from tui.screens.tag_dialogs import ConfirmDialog

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

        self.app.push_screen(ConfirmDialog(self.model.delete_question(article_id)), answered)

    def action_sort(self) -> None:
        self.model.next_sort()
        self.refresh_table()

    def action_filter(self) -> None:
        box = self.query_one("#library-filter", Input)
        if box.has_focus:
            raise SkipAction()  # typed in the box: part of the filter text
        box.display = True
        box.value = self.model.filter_text
        # Synchronously, not focus(): that waits a turn and queued keys go elsewhere.
        self.set_focus(box)

    def on_input_changed(self, event: Input.Changed) -> None:
        self.model.filter_text = event.value
        self.refresh_table()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.set_focus(self.query_one(DataTable))

    def key_escape(self) -> None:
        box = self.query_one("#library-filter", Input)
        if box.has_focus:
            if not box.value:
                box.display = False
            box.value = ""
            self.query_one(DataTable).focus()
