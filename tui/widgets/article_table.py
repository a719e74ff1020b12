"""A table that draws only the rows on screen, for libraries of any size.

A DataTable builds every row up front: at 100,000 articles that took most of
a minute before the first paint. This widget holds no rows at all. It is told
how many there are and asks for the cells of each row as it draws it (Textual's
Line API), so opening, moving, paging and refiltering cost the same at 100
articles and at 100,000.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.models.library import fit_cell
from tui.trace import say

Column = tuple[str, str, int]  # key, heading, width in cells
#: row index -> (row key, one Text per column, in column order)
RowSource = Callable[[int], tuple[str, Sequence[Text]]]

_PAD = 1  # cells of padding either side of each column, as DataTable draws them


class ArticleTable(ScrollView, can_focus=True):
    DEFAULT_CSS = """
    ArticleTable {
        background: $surface;
        color: $foreground;
        overflow-x: hidden;
        overflow-y: auto;
        &:focus {
            background-tint: $foreground 5%;
            & > .article-table--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
        }
        & > .article-table--header {
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        & > .article-table--even-row {
            background: $surface-lighten-1 50%;
        }
        &:dark > .article-table--even-row {
            background: $surface-darken-1 40%;
        }
        & > .article-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
    }
    """

    COMPONENT_CLASSES = {
        "article-table--header",
        "article-table--even-row",
        "article-table--cursor",
    }

    BINDINGS = [
        Binding("up", "cursor_up", "Up", show=False, id="table.up"),
        Binding("down", "cursor_down", "Down", show=False, id="table.down"),
        Binding("pageup", "page_up", "Page up", show=False, id="table.page_up"),
        Binding("pagedown", "page_down", "Page down", show=False, id="table.page_down"),
        Binding("home", "first", "First", show=False, id="table.first"),
        Binding("end", "last", "Last", show=False, id="table.last"),
        Binding("enter", "select", "Open", show=False, id="table.select"),
        # ScrollView's, given ids.
        Binding("left", "scroll_left", "Scroll left", show=False, id="table.scroll_left"),
        Binding("right", "scroll_right", "Scroll right", show=False, id="table.scroll_right"),
        Binding("ctrl+pageup", "page_left", "Page left", show=False, id="table.page_left"),
        Binding("ctrl+pagedown", "page_right", "Page right", show=False, id="table.page_right"),
    ]

    class RowHighlighted(Message):
        def __init__(self, table: ArticleTable, row: int, key: str) -> None:
            super().__init__()
            self.table = table
            self.row = row
            self.key = key

        @property
        def control(self) -> ArticleTable:
            return self.table

    class RowSelected(RowHighlighted):
        pass

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.columns: list[Column] = []
        self.row_count = 0
        self.cursor_row = 0
        self._source: RowSource = lambda row: ("", ())
        self._style_cache: tuple[bool, tuple[Style, Style, Style, Style]] | None = None

    # -- what is shown -------------------------------------------------------------------------

    def set_columns(self, columns: Sequence[Column]) -> None:
        self.columns = list(columns)
        self._resize()

    def set_rows(self, count: int, source: RowSource, cursor: int | None = None) -> None:
        """Show ``count`` rows whose cells ``source`` gives on demand; the cursor
        goes to ``cursor`` (else stays where it was, within the new count)."""
        self.row_count = count
        self._source = source
        self._resize()
        self.move_cursor(row=self.cursor_row if cursor is None else cursor, announce=True)
        self.refresh()

    def _resize(self) -> None:
        width = sum(size + 2 * _PAD for _, _, size in self.columns)
        self.virtual_size = Size(width, self.row_count + 1)  # + the heading

    def get_row_at(self, row: int) -> list[Text]:
        return list(self._source(row)[1])

    def key_at(self, row: int) -> str:
        return self._source(row)[0]

    @property
    def cursor_key(self) -> str | None:
        """The key of the row under the cursor; None in an empty table."""
        if not self.row_count:
            return None
        return self.key_at(self.cursor_row)

    # -- the cursor ----------------------------------------------------------------------------

    @property
    def _page(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

    def move_cursor(self, *, row: int, announce: bool = True) -> None:
        row = max(0, min(row, self.row_count - 1)) if self.row_count else 0
        self.cursor_row = row
        self._scroll_to_cursor()
        self.refresh()
        # Announced even when the row number stays: after a refilter it may be
        # another article, and the status line names the highlighted one.
        if announce and self.row_count:
            self.post_message(self.RowHighlighted(self, row, self.key_at(row)))

    def _scroll_to_cursor(self) -> None:
        top = round(self.scroll_y)
        page = self._page
        if self.cursor_row < top:
            self.scroll_to(y=self.cursor_row, animate=False, immediate=True)
        elif self.cursor_row >= top + page:
            self.scroll_to(y=self.cursor_row - page + 1, animate=False, immediate=True)

    def action_cursor_up(self) -> None:
        self.move_cursor(row=self.cursor_row - 1)

    def action_cursor_down(self) -> None:
        self.move_cursor(row=self.cursor_row + 1)

    def action_page_up(self) -> None:
        self.move_cursor(row=self.cursor_row - self._page)

    def action_page_down(self) -> None:
        self.move_cursor(row=self.cursor_row + self._page)

    def action_first(self) -> None:
        self.move_cursor(row=0)

    def action_last(self) -> None:
        self.move_cursor(row=self.row_count - 1)

    def action_select(self) -> None:
        say(self.app, f"select row {self.cursor_row} of {self.row_count}")
        if self.row_count:
            self.post_message(self.RowSelected(self, self.cursor_row, self.key_at(self.cursor_row)))

    def on_click(self, event: events.Click) -> None:
        if event.y < 1:
            return  # the heading
        row = round(self.scroll_y) + event.y - 1
        if not 0 <= row < self.row_count:
            return
        if row == self.cursor_row:
            self.action_select()
        else:
            self.move_cursor(row=row)

    def on_resize(self, event: events.Resize) -> None:
        self._scroll_to_cursor()

    def on_focus(self) -> None:
        self._style_cache = None

    def on_blur(self) -> None:
        self._style_cache = None

    # -- drawing -------------------------------------------------------------------------------

    def _cells(self, texts: Sequence[Text], style: Style) -> list[Segment]:
        console = self.app.console
        segments: list[Segment] = []
        pad = Segment(" " * _PAD, style)
        for (_, _, width), text in zip(self.columns, texts, strict=False):
            segments.append(pad)
            if not text.spans:
                # The common cell, one style throughout: cut and padded by cell
                # width directly, without Rich's general rendering (a screenful
                # of rows costs a third as much).
                plain = fit_cell(text.plain, width)
                own = console.get_style(text.style) if text.style else None
                segments.append(Segment(plain, style + own if own else style))
            else:
                cell = text.copy()
                cell.no_wrap = True
                cell.truncate(width, overflow="ellipsis", pad=True)
                for segment in cell.render(console):
                    text_, own, _ = segment
                    segments.append(Segment(text_, style + own if own else style))
            segments.append(pad)
        return segments

    def _styles(self) -> tuple[Style, Style, Style, Style]:
        """(base, even row, cursor, heading): looked up once per style change,
        not once per line (the lookup walks the CSS)."""
        key = self.has_focus
        if self._style_cache is None or self._style_cache[0] != key:
            base = self.rich_style
            styles = (
                base,
                base + self.get_component_rich_style("article-table--even-row"),
                self.get_component_rich_style("article-table--cursor"),
                self.get_component_rich_style("article-table--header"),
            )
            self._style_cache = (key, styles)
        return self._style_cache[1]

    def notify_style_update(self) -> None:
        self._style_cache = None
        super().notify_style_update()

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base, even, cursor, heading = self._styles()
        if y == 0:
            headings = [Text(label) for _, label, _ in self.columns]
            return Strip(self._cells(headings, heading)).adjust_cell_length(width, heading)
        row = round(self.scroll_y) + y - 1
        if row >= self.row_count:
            return Strip.blank(width, base)
        style = even if row % 2 else base
        if row == self.cursor_row:
            style += cursor
        _, texts = self._source(row)
        return Strip(self._cells(texts, style)).adjust_cell_length(width, style)
