"""Word-wrapping an article body into screen lines that keep their offsets.

Each screen line is a (start, end) slice of the body, so any span of the body
maps to screen rows by bisection: highlights, the cursor and mouse positions
all share one coordinate system, the body's character offsets.

Lines cleaning cut can be laid out between them as *ghost* rows: slices of
their own text, standing at a body offset but taking none of the body's
offsets, so everything drawn on the body stays where it is.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
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


@dataclass(frozen=True)
class Ghost:
    """A cut line to lay out: the body offset it stands at, whether it was cut
    from inside a paragraph (then it is drawn under the screen line where it
    stood, else between paragraphs), and its text as drawn."""

    position: int
    inline: bool
    text: str


@dataclass(frozen=True)
class GhostRow:
    ghost: int  # index into the ghosts laid out
    start: int  # slice of that ghost's text
    end: int


Row = ScreenLine | GhostRow | None


class BodyLayout:
    """The body wrapped at one width; ``None`` rows are the gaps between paragraphs
    (and between a paragraph and a ghost line); ``GhostRow`` rows show ghosts."""

    def __init__(self, body: str, width: int, ghosts: Sequence[Ghost] = ()) -> None:
        self.width = width
        self.paragraphs = paragraph_spans(body)
        self.ghost_rows: dict[int, tuple[int, int]] = {}  # ghost: (first row, last row)
        blocks: list[list[ScreenLine | GhostRow]] = []
        g = 0
        for index, (start, end) in enumerate(self.paragraphs):
            while g < len(ghosts) and not ghosts[g].inline and ghosts[g].position <= start:
                blocks.append(self._ghost(ghosts, g, width))
                g += 1
            inside: list[int] = []
            while g < len(ghosts) and ghosts[g].inline and ghosts[g].position <= end:
                inside.append(g)
                g += 1
            blocks.append(self._paragraph(body, start, end, index, ghosts, inside))
        while g < len(ghosts):
            blocks.append(self._ghost(ghosts, g, width))
            g += 1
        self.rows: list[Row] = []
        for block in blocks:
            if self.rows:
                self.rows.append(None)
            self.rows.extend(block)
        for number, row in enumerate(self.rows):
            if isinstance(row, GhostRow):
                first, _ = self.ghost_rows.get(row.ghost, (number, number))
                self.ghost_rows[row.ghost] = (first, number)
        # For bisection we need a non-decreasing key: gaps and ghosts take the
        # next body row's start.
        keys: list[int] = []
        nxt = len(body)
        for row in reversed(self.rows):
            if isinstance(row, ScreenLine):
                nxt = row.start
            keys.append(nxt)
        self._keys = list(reversed(keys))

    def _paragraph(
        self,
        body: str,
        start: int,
        end: int,
        index: int,
        ghosts: Sequence[Ghost],
        inside: list[int],
    ) -> list[ScreenLine | GhostRow]:
        """A paragraph's rows, each ghost cut from it under the row where it stood."""
        rows: list[ScreenLine | GhostRow] = []
        lines = wrap_paragraph(body, start, end, self.width, index)
        pending = list(inside)
        for line in lines:
            while pending and ghosts[pending[0]].position <= line.start and line.start > start:
                rows.extend(self._ghost(ghosts, pending.pop(0), self.width))
            if not rows:
                # Cut from the very start of the paragraph: above its first row.
                while pending and ghosts[pending[0]].position <= start:
                    rows.extend(self._ghost(ghosts, pending.pop(0), self.width))
            rows.append(line)
        for g in pending:
            rows.extend(self._ghost(ghosts, g, self.width))
        return rows

    @staticmethod
    def _ghost(ghosts: Sequence[Ghost], g: int, width: int) -> list[ScreenLine | GhostRow]:
        text = ghosts[g].text
        return [GhostRow(g, r.start, r.end) for r in wrap_paragraph(text, 0, len(text), width, -1)]

    def row_of(self, offset: int) -> int:
        """The screen row that shows character ``offset``."""
        if not self.rows:
            return 0
        row = bisect_right(self._keys, offset) - 1
        row = max(0, min(row, len(self.rows) - 1))
        while not isinstance(self.rows[row], ScreenLine) and row > 0:
            row -= 1
        return row

    def offset_at(self, row: int, column: int, body: str) -> int | None:
        """The body offset under a screen cell, or None for a gap or past the text."""
        if not 0 <= row < len(self.rows):
            return None
        line = self.rows[row]
        if not isinstance(line, ScreenLine):
            return None
        cells = 0
        for pos in range(line.start, line.end):
            cells += cell_len(body[pos])
            if cells > column:
                return pos
        return max(line.start, line.end - 1)
