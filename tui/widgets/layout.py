"""Word-wrapping an article body into screen lines that keep their offsets.

Each screen line is a (start, end) slice of the body, so any span of the body
maps to screen rows by bisection: highlights, the cursor and mouse positions
all share one coordinate system, the body's character offsets.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from rich.cells import cell_len

from newsread.annotations.textspans import paragraph_spans

_WORD = re.compile(r"\S+\s*")


@dataclass(frozen=True)
class ScreenLine:
    start: int
    end: int  # exclusive; trailing spaces included so offsets stay contiguous
    paragraph: int


def wrap_paragraph(body: str, start: int, end: int, width: int, index: int) -> list[ScreenLine]:
    width = max(width, 8)
    lines: list[ScreenLine] = []
    line_start = start
    used = 0
    for match in _WORD.finditer(body, start, end):
        word = match.group()
        w_start = match.start()
        w_cells = cell_len(word.rstrip())
        if used and used + w_cells > width:
            lines.append(ScreenLine(line_start, w_start, index))
            line_start, used = w_start, 0
        while w_cells > width:  # a single overlong token: split it hard, by cells
            cut, cells = w_start, 0
            while cut < match.end() and cells + cell_len(body[cut]) <= width:
                cells += cell_len(body[cut])
                cut += 1
            cut = max(cut, w_start + 1)  # a character wider than the line still moves on
            lines.append(ScreenLine(line_start, cut, index))
            line_start = w_start = cut
            w_cells = cell_len(body[cut : match.end()].rstrip())
        used += cell_len(word)
    lines.append(ScreenLine(line_start, end, index))
    return lines


class BodyLayout:
    """The body wrapped at one width; ``None`` rows are the gaps between paragraphs."""

    def __init__(self, body: str, width: int) -> None:
        self.width = width
        self.rows: list[ScreenLine | None] = []
        self.paragraphs = paragraph_spans(body)
        for index, (start, end) in enumerate(self.paragraphs):
            if index:
                self.rows.append(None)
            self.rows.extend(wrap_paragraph(body, start, end, width, index))
        self._row_starts = [r.start if r else -1 for r in self.rows]
        # For bisection we need a non-decreasing key: gaps take the next row's start.
        keys: list[int] = []
        nxt = len(body)
        for row in reversed(self.rows):
            if row is not None:
                nxt = row.start
            keys.append(nxt)
        self._keys = list(reversed(keys))

    def row_of(self, offset: int) -> int:
        """The screen row that shows character ``offset``."""
        if not self.rows:
            return 0
        row = bisect_right(self._keys, offset) - 1
        row = max(0, min(row, len(self.rows) - 1))
        while self.rows[row] is None and row > 0:
            row -= 1
        return row

    def offset_at(self, row: int, column: int, body: str) -> int | None:
        """The body offset under a screen cell, or None for a gap or past the text."""
        if not 0 <= row < len(self.rows):
            return None
        line = self.rows[row]
        if line is None:
            return None
        cells = 0
        for pos in range(line.start, line.end):
            cells += cell_len(body[pos])
            if cells > column:
                return pos
        return max(line.start, line.end - 1)
