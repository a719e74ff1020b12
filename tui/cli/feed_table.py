"""The ``feed list`` table, readable at 80 columns.

A feed's URL is the longest thing in the table; in a column of its own it
was folded into three or four lines at 100 columns. It is drawn on a line of
its own under the feed's row, across the whole width (the columns beside the
name have nothing on that line), cut in its path when it must be: the
scheme, host and port stay whole, the feed's own file name at the end; the
table then says that ``--json`` has the URLs whole. A feed without a title
is named by its URL: the URL is printed once, on its line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.style import Style
from rich.table import Table
from rich.text import Text

from newsread.sanitize import visible
from storage.feeds import FeedRow
from tui.widgets.shown import shown

#: The feed column is not made narrower than this for the others: a name
#: folded a word a line is hard to read.
MIN_NAME_CELLS = 24
#: Below this a cut path says too little to tell a site's feeds apart: the
#: URL is then cut in the middle of the whole, host included.
MIN_PATH_CELLS = 10
#: scheme://host:port, what tells one site from another.
_ORIGIN = re.compile(r"^[a-z][a-z0-9+.-]*://[^/?#]*", re.I)
#: Where a cut URL is joined.
ELLIPSIS = "…"


def middle_cut(text: str, width: int) -> str:
    """``text`` in at most ``width`` cells: whole when it fits, else its start
    and its end around an ellipsis, the end given a little more (a feed's
    file name tells it from the site's other feeds)."""
    if cell_len(text) <= width:
        return text
    if width <= 1:
        return ELLIPSIS[:width]
    room = width - cell_len(ELLIPSIS)
    tail = _fit(text[::-1], room - room * 2 // 5)[::-1]
    # A wide character that did not fit at the end leaves its cell to the start.
    head = _fit(text, room - cell_len(tail))
    return head + ELLIPSIS + tail


def url_cut(url: str, width: int) -> str:
    """``url`` in at most ``width`` cells: whole when it fits, else its scheme,
    host and port whole and its path cut in the middle (its file name kept),
    so two sites' feeds never look alike."""
    if cell_len(url) <= width:
        return url
    origin = _ORIGIN.match(url)
    room = width - cell_len(origin.group(0)) if origin else 0
    if origin is None or room < MIN_PATH_CELLS:
        return middle_cut(url, width)
    return origin.group(0) + middle_cut(url[origin.end() :], room)


def _fit(text: str, cells: int) -> str:
    """The longest start of ``text`` that takes at most ``cells`` cells."""
    used = 0
    for count, char in enumerate(text):
        used += cell_len(char)
        if used > cells:
            return text[:count]
    return text


class CutUrl:
    """A URL on one line that shrinks to the width it is given by losing part
    of its path (url_cut), never wrapped; ``cut`` says whether any drawing of
    it was cut."""

    def __init__(self, text: str, style: str = "") -> None:
        self.text = visible(text)
        self.style = style
        self.cut = False

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        width = cell_len(self.text)
        return Measurement(min(width, MIN_NAME_CELLS), width).with_maximum(options.max_width)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        line = url_cut(self.text, options.max_width)
        self.cut = self.cut or line != self.text
        yield Segment(line, console.get_style(self.style) if self.style else Style())
        yield Segment.line()


def _when(stamp: str) -> str:
    # Minutes are enough in a table; the full stamp is in --json.
    return stamp[:16].replace("T", " ") if stamp else "never"


def folder_lines(folders: list[list[str]]) -> Text:
    """A feed's folders, a line each, a path's titles joined by " > ": a
    folder's title may hold a comma, so commas cannot separate them."""
    return Text("\n").join(shown(" > ".join(path)) for path in folders)


class FeedList:
    """The feeds as table rows (name, last refresh, articles, folders), each
    followed by its URL and last error (or note) on lines as wide as the
    table. A row of a table cannot span its columns, so each feed's row is a
    table of its own with the column widths worked out once for all of them."""

    def __init__(self, rows: Iterable[FeedRow]) -> None:
        self.rows = list(rows)
        self.folders = any(row.feed.folders for row in self.rows)
        self.urls = [CutUrl(row.feed.url, "dim") for row in self.rows]

    def _table(self, header: bool, widths: list[int] | None = None) -> Table:
        table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, show_header=header)
        names = [
            "feed, URL, last error",
            "last refresh",
            "articles",
            *(["folders"] if self.folders else []),
        ]
        for index, name in enumerate(names):
            table.add_column(
                name,
                min_width=MIN_NAME_CELLS if index == 0 else None,
                no_wrap=name in ("last refresh", "articles"),
                justify="right" if name == "articles" else "left",
            )
        if widths is not None:
            # Once every column is in: the padding of the last one differs.
            for index, column in enumerate(table.columns):
                # Table widths include the cell padding; a column's its text only.
                column.width = widths[index] - table._get_padding_width(index)
        return table

    @staticmethod
    def _cells(row: FeedRow, folders: bool) -> list[RenderableType]:
        feed = row.feed
        tags = f" [{', '.join(feed.tags)}]" if feed.tags else ""
        if feed.name == feed.url:
            # Named by its URL (a feed without a title): the URL line below
            # says it; its tags are the user's and known already.
            name = Text.assemble(shown("(no title)", "italic"), shown(tags, "bold"))
        else:
            name = shown(feed.name + tags, "bold")
        return [
            name,
            shown(_when(feed.last_refresh)),
            str(row.articles),
            *([folder_lines(feed.folders)] if folders else []),
        ]

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        every = self._table(header=True)
        for row in self.rows:
            every.add_row(*self._cells(row, self.folders))
        # Rich's own sharing out of the width, once, so every feed's row lines
        # up under the header.
        widths = every._calculate_column_widths(console, options)
        for index, (row, url) in enumerate(zip(self.rows, self.urls, strict=True)):
            table = self._table(header=index == 0, widths=widths)
            table.add_row(*self._cells(row, self.folders))
            yield table
            yield url
            error = row.feed.last_error
            if row.feed.retry_after and not error:
                error = f"retry after {row.feed.retry_after}"
            if error:
                yield shown(error, "red")
            elif row.feed.note:
                # Read all the same: a warning, not the failure red says.
                yield shown(f"note: {row.feed.note}", "yellow")
            if index < len(self.rows) - 1:
                yield Text("")


def feed_table(rows: Iterable[FeedRow]) -> tuple[FeedList, list[CutUrl]]:
    """The list, and the URLs in it (whether one was cut is known once it is
    drawn)."""
    listing = FeedList(rows)
    return listing, listing.urls
