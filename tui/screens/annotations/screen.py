"""The annotations screen's bindings and layout, following the disk, and
``enter``: the reader opened on the annotation (a SearchJump with its span,
as a library search opens the reader on a match)."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from storage.annotation_list import ListedAnnotation
from tui.screens.annotations.changes import ChangesMixin
from tui.screens.annotations.filters import FiltersMixin
from tui.widgets.article_table import ArticleTable
from tui.widgets.footer import KeyFooter
from tui.widgets.keyed import KeyedInput
from tui.widgets.shown import visible
from tui.wording import short

#: Seconds between looks at the library's stamp for changes made elsewhere.
POLL = 2.0


class AnnotationsScreen(ChangesMixin, FiltersMixin):
    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="annotations.down"),
        Binding("k", "cursor_up", "Up", show=False, id="annotations.up"),
        Binding("enter", "open", "Open in the reader", id="annotations.open"),
        Binding("t", "tag", "Add tags", id="annotations.tag"),
        Binding("n", "note", "Note", id="annotations.note"),
        Binding("x", "delete", "Delete", id="annotations.delete"),
        Binding("f", "filter_tag", "Tag filter", id="annotations.filter_tag"),
        # Priority: it runs as the key arrives, so letters typed right after it
        # land in the box it opens.
        Binding("slash", "filter_note", "Note filter", priority=True, id="annotations.filter_note"),
        # Off the footer (the help screen and the palette list them): at 80
        # columns it must keep room for the keys above and q and ?.
        Binding(
            "w",
            "filter_annotator",
            "Annotator filter",
            show=False,
            id="annotations.filter_annotator",
        ),
        Binding("o", "filter_orphans", "Orphans only", show=False, id="annotations.filter_orphan"),
        Binding(
            "A",
            "filter_accepted",
            "Accepted suggestions: only, none, all",
            show=False,
            id="annotations.filter_accepted",
        ),
        Binding("c", "clear_filters", "Clear filters", show=False, id="annotations.clear_filters"),
        Binding("s", "sort", "Sort", id="annotations.sort"),
        Binding("S", "reverse", "Reverse the sort", show=False, id="annotations.reverse"),
        Binding("u", "undo", "Undo", show=False, id="annotations.undo"),
        Binding("ctrl+r", "redo", "Redo", show=False, id="annotations.redo"),
        # R as in the library (refresh) and on the statistics screen (count again).
        Binding("R", "reload", "Read again", show=False, id="annotations.reload"),
        Binding("escape", "back", "Back", id="annotations.back"),
        Binding("q", "close", "Back", show=False, id="annotations.close"),
    ]

    DEFAULT_CSS = """
    AnnotationsScreen #annotations-title {
        height: 1;
        padding: 0 1;
        background: $primary;
        color: $text;
        text-style: bold;
    }
    AnnotationsScreen #annotations-filter {
        height: 3;
    }
    AnnotationsScreen #annotations-empty {
        height: auto;
        padding: 1 2;
    }
    AnnotationsScreen #annotations-table {
        height: 1fr;
    }
    AnnotationsScreen #annotations-detail {
        height: auto;
        max-height: 4;
        padding: 0 1;
        border-top: solid $primary-darken-2;
    }
    AnnotationsScreen #annotations-status {
        height: auto;
        max-height: 4;  /* a long message wraps, not cut at the edge */
        padding: 0 1;
        background: $panel;
        color: $text-muted;
    }
    """

    def compose(self) -> ComposeResult:
        yield Static("Annotations", id="annotations-title")
        yield KeyedInput(
            placeholder="note contains… (enter applies, esc clears)", id="annotations-filter"
        )
        # Above the table, which stays shown: a hidden table would hand the
        # focus to the note box, and the next key would be typed into it.
        yield Static("", id="annotations-empty")
        yield ArticleTable(id="annotations-table")
        yield Static("", id="annotations-detail")
        yield Static("", id="annotations-status")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.note_box.display = False
        self.set_columns(self.app.size.width)
        self.table.focus()
        self.show()
        self.reload()
        # Another terminal (or the reader over this screen) may tag meanwhile.
        self.set_interval(POLL, self._poll_changes)

    def on_resize(self, event: events.Resize) -> None:
        self.set_columns(event.size.width)

    def _poll_changes(self) -> None:
        if self.app.screen is self and self._stamp != self.ctx.library.change_stamp():
            self.reload()

    def on_screen_resume(self) -> None:
        # Back from the reader or a dialog: whatever changed on disk shows now.
        if self._stamp is not None:
            self._poll_changes()

    def action_reload(self) -> None:
        self.reload()

    def action_cursor_down(self) -> None:
        self.table.action_cursor_down()

    def action_cursor_up(self) -> None:
        self.table.action_cursor_up()

    def action_back(self) -> None:
        """escape steps back: out of the note filter first, then off the screen."""
        if not self.close_note_box():
            self.dismiss()

    def action_close(self) -> None:
        """q: off the screen at once (typed into the note filter, it is a letter)."""
        self.dismiss()

    # -- opening the reader ------------------------------------------------------------------

    def action_open(self) -> None:
        row = self.current_or_say()
        if row is not None:
            self._open(row)

    def on_article_table_row_selected(self, event: ArticleTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def _open(self, row: ListedAnnotation) -> None:
        from tui.models.library import SearchJump

        if row.orphan:
            # Its offsets point at text that is no longer there: the reader lists it.
            self.notify(
                "this annotation could not be placed after its article's text changed: "
                "the reader lists it in the side panel; select a passage and press o "
                "to attach it there",
                timeout=8,
            )
            self.ctx.open_article(row.article_id)
            return
        what = ", ".join(row.tags) or "note"
        label = visible(f"annotation [{what}] “{short(row.quote, 40)}” selected")
        self.ctx.open_article(
            row.article_id, find=SearchJump(label, (), spans=((row.start, row.end),))
        )
