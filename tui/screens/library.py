"""The library: every article in a table, with its annotation and copy counts."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Static
from textual.widgets.data_table import CellDoesNotExist

from storage.errors import LibraryError
from tui.widgets.shown import shown, visible
from tui.wording import plural

if TYPE_CHECKING:
    from tui.app import NewsreadApp


def _date(meta: dict[str, Any]) -> str:
    return (meta.get("published") or meta.get("imported") or "")[:10]


def _count(value: Any) -> str:
    return "" if value is None else str(value)


# Columns after the title, most wanted first: a narrow terminal drops from the
# end of this list so that titles stay readable (an 80-column terminal keeps
# the annotation count, date and source).
_COLUMNS: tuple[tuple[str, str, int], ...] = (
    ("annotations", "Annots", 6),
    ("date", "Date", 10),
    ("source", "Source", 18),
    ("copies", "Copies", 6),
    ("claims", "Claims", 6),
    ("entities", "Entities", 8),
)
_DISPLAY_ORDER = ("source", "date", "entities", "claims", "annotations", "copies")
_MIN_TITLE = 34
_NARROW_SOURCE = 12


def column_plan(width: int) -> list[tuple[str, str, int]]:
    """The table's columns for a terminal ``width`` cells wide, title first."""
    # Each column has a cell of padding either side; the table's scrollbar and
    # edges take four more.
    room = width - 4 - (_MIN_TITLE + 2)
    chosen: list[tuple[str, str, int]] = []
    for key, label, size in _COLUMNS:
        if key == "source" and width < 100:
            size = _NARROW_SOURCE
        if size + 2 > room:
            continue
        chosen.append((key, label, size))
        room -= size + 2
    chosen.sort(key=lambda c: _DISPLAY_ORDER.index(c[0]))
    title = width - 4 - sum(size + 2 for _, _, size in chosen) - 2
    return [("title", "Title", max(title, 12)), *chosen]


class LibraryScreen(Screen):
    BINDINGS = [
        Binding("j", "cursor_down", "Down", id="library.down"),
        Binding("k", "cursor_up", "Up", id="library.up"),
        Binding("enter", "open", "Open", id="library.open"),
        Binding("slash", "filter", "Filter", id="library.filter"),
        Binding("s", "sort", "Sort", id="library.sort"),
        Binding("d", "delete", "Delete", show=False, id="library.delete"),
    ]

    SORTS = ("date", "title", "source", "annotations")

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
        self.metas: list[dict[str, Any]] = []
        self.counts: dict[str, int] = {}
        self.damaged: dict[str, str] = {}
        self.error = ""
        self.filter_text = ""
        self.sort_index = 0
        self._stamp: tuple[int, ...] | None = None
        self._columns: list[tuple[str, str, int]] = []
        self._copies: dict[str, int] = {}
        self._summary = ""

    @property
    def nr_app(self) -> NewsreadApp:
        return self.app  # type: ignore[return-value]

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
        if self.metas:
            self.refresh_table()

    def on_resize(self, event: events.Resize) -> None:
        self.set_columns(event.size.width)

    def _poll_changes(self) -> None:
        if self.app.screen is self and self._stamp != self.nr_app.library.change_stamp():
            self.reload()

    def on_screen_resume(self) -> None:
        self.reload()

    @work(thread=True, exclusive=True, group="library-load", exit_on_error=False)
    def reload(self) -> None:
        library = self.nr_app.library
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
        self.metas = message.metas
        self.counts = message.counts
        self.damaged = message.damaged
        self.error = message.error
        self.nr_app.set_tag_counts(message.per_tag)
        self.refresh_table()
        if message.error:
            self.notify(
                visible(message.error) + " — see: newsread doctor",
                severity="error",
                timeout=15,
                markup=False,
            )

    def visible_metas(self) -> list[dict[str, Any]]:
        needle = self.filter_text.casefold()
        metas = [
            m
            for m in self.metas
            if not needle
            or needle in m["title"].casefold()
            or needle in m.get("source", "").casefold()
        ]
        sort = self.SORTS[self.sort_index]
        if sort == "date":
            metas.sort(key=_date, reverse=True)
        elif sort == "title":
            metas.sort(key=lambda m: m["title"].casefold())
        elif sort == "source":
            metas.sort(key=lambda m: (m.get("source", "").casefold(), m["title"].casefold()))
        else:
            metas.sort(key=lambda m: -self.counts.get(m["id"], 0))
        return metas

    def refresh_table(self) -> None:
        table = self.query_one(DataTable)
        keep = self.highlighted_id()
        table.clear()
        groups = Counter(m.get("story_group") or m["id"] for m in self.metas)
        self._copies = {}
        for meta in self.visible_metas():
            copies = groups[meta.get("story_group") or meta["id"]] - 1
            self._copies[meta["id"]] = copies
            # Text, not str: DataTable would read brackets in a title as markup.
            cells: dict[str, str | Text] = {
                "title": shown(meta["title"]),
                "source": shown(meta.get("source") or "—"),
                # Dim: the day it was imported, shown when the text gave no date.
                "date": Text(_date(meta), style="" if meta.get("published") else "dim"),
                "entities": _count(meta.get("entities")),
                "claims": _count(meta.get("claims")),
                # "!" rather than 0: its annotations exist but cannot be read.
                "annotations": "!"
                if meta["id"] in self.damaged
                else str(self.counts.get(meta["id"], 0)),
                "copies": str(copies) if copies else "",
            }
            table.add_row(*(cells[key] for key, _, _ in self._columns), key=meta["id"])
        if keep is not None and keep in {m["id"] for m in self.visible_metas()}:
            table.move_cursor(row=table.get_row_index(keep))
        total = len(self.metas)
        listed = table.row_count
        notes = sum(self.counts.values())
        status = (
            f"{plural(total, 'article')} · {plural(notes, 'annotation')}"
            f" · sorted by {self.SORTS[self.sort_index]}"
        )
        if listed != total:
            status = f"{listed} of {status} · filter: {self.filter_text!r}"
        if self.damaged:
            status += (
                f" · annotations of {plural(len(self.damaged), 'article')} unreadable (!): "
                "newsread doctor"
            )
        if self.error:
            status = f"cannot read the library: {self.error}"
        elif not total:
            status = "The library is empty. Add articles with: newsread import PATH..."
        self._summary = status
        self.update_status()

    def update_status(self) -> None:
        status = self._summary
        # Without room for the Copies column, the highlighted row's copies are named here.
        if "copies" not in {key for key, _, _ in self._columns}:
            copies = self._copies.get(self.highlighted_id() or "", 0)
            if copies:
                status += f" · this story has {plural(copies, 'other copy', 'other copies')}"
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
            self.nr_app.open_article(article_id)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.nr_app.open_article(str(event.row_key.value))

    def action_delete(self) -> None:
        from tui.screens.tag_dialogs import ConfirmDialog

        article_id = self.highlighted_id()
        if article_id is None:
            return
        meta = next(m for m in self.metas if m["id"] == article_id)
        count = self.counts.get(article_id, 0)
        question = f"Delete “{meta['title']}” from the library?"
        if count:
            question += f" Its {plural(count, 'annotation')} will be deleted too."

        def answered(yes: bool | None) -> None:
            if yes:
                library = self.nr_app.library
                self.nr_app.writer.submit(lambda: library.delete_articles([article_id]))
                self.metas = [m for m in self.metas if m["id"] != article_id]
                self.counts.pop(article_id, None)
                self.refresh_table()
                self.notify(visible(f"deleted “{meta['title']}”"), timeout=3, markup=False)

        self.app.push_screen(ConfirmDialog(question), answered)

    def action_sort(self) -> None:
        self.sort_index = (self.sort_index + 1) % len(self.SORTS)
        self.refresh_table()

    def action_filter(self) -> None:
        box = self.query_one("#library-filter", Input)
        box.display = True
        box.value = self.filter_text
        box.focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.filter_text = event.value
        self.refresh_table()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.query_one(DataTable).focus()

    def key_escape(self) -> None:
        box = self.query_one("#library-filter", Input)
        if box.has_focus:
            if not box.value:
                box.display = False
            box.value = ""
            self.query_one(DataTable).focus()
