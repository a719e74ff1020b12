"""The ``feed list`` table, readable at 80 columns.

A feed's URL is the longest thing in the table; in a column of its own it
was folded into three or four lines at 100 columns. It is drawn under the
feed's name instead, on one line, cut in the middle when the column is too
narrow (the scheme and host stay at the front, the feed's own path at the
end); the table then says that ``--json`` has the URLs whole.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.style import Style
from rich.table import Table
from rich.text import Text

from newsread.sanitize import visible
from storage.feeds import FeedRow
from tui.widgets.shown import shown

#: Below this a cut URL says too little to tell feeds apart: the column is
#: not made narrower for it (the name and the other columns give way first).
MIN_URL_CELLS = 24
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


def _fit(text: str, cells: int) -> str:
    """The longest start of ``text`` that takes at most ``cells`` cells."""
    used = 0
    for count, char in enumerate(text):
        used += cell_len(char)
        if used > cells:
            return text[:count]
    return text


class CutInMiddle:
    """One line of text that shrinks to its column by losing its middle (a
    URL), never wrapped; ``cut`` says whether any drawing of it was cut."""

    def __init__(self, text: str, style: str = "") -> None:
        self.text = visible(text)
        self.style = style
        self.cut = False

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        width = cell_len(self.text)
        return Measurement(min(width, MIN_URL_CELLS), width).with_maximum(options.max_width)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        line = middle_cut(self.text, options.max_width)
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


def feed_table(rows: Iterable[FeedRow]) -> tuple[Table, list[CutInMiddle]]:
    """The table, and the URLs in it (whether one was cut is known once it is
    drawn). A feed's name, URL and last error are lines of one cell: the
    columns beside it are short, so the URL has most of the width."""
    rows = list(rows)
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, show_lines=True)
    table.add_column("feed, URL, last error", min_width=MIN_URL_CELLS)
    table.add_column("last refresh", no_wrap=True)
    table.add_column("articles", justify="right", no_wrap=True)
    folders = any(row.feed.folders for row in rows)
    if folders:
        table.add_column("folders")
    urls: list[CutInMiddle] = []
    for row in rows:
        feed = row.feed
        name = feed.name + (f" [{', '.join(feed.tags)}]" if feed.tags else "")
        error = feed.last_error
        if feed.retry_after and not error:
            error = f"retry after {feed.retry_after}"
        url = CutInMiddle(feed.url, "dim")
        urls.append(url)
        lines: list[RenderableType] = [shown(name, "bold"), url]
        if error:
            lines.append(shown(error, "red"))
        table.add_row(
            Group(*lines),
            shown(_when(feed.last_refresh)),
            str(row.articles),
            *([folder_lines(feed.folders)] if folders else []),
        )
    return table, urls
