"""How many terminal columns text takes: two for a wide character (Chinese,
Japanese, Korean, fullwidth forms, most emoji), none for a combining mark or
a zero-width character, one for the rest, each character measured by Rich's
own table (``rich.cells``), so a snippet is cut as the app and the CLI draw it.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from itertools import accumulate

# Every character of one column is ASCII but not every ASCII one is: only the
# rest are measured (an English body has almost none).
_NOT_ASCII = re.compile(r"[^\x00-\x7f]")


class Columns:
    """The columns of one text: where each offset falls, and which offset
    falls at a column, without a list as long as the text (an article's body
    is mostly one column a character)."""

    def __init__(self, text: str) -> None:
        self.length = len(text)
        # The offsets of the characters that are not one column wide, and
        # what each adds (+1 wide, -1 zero) to the columns before and at it.
        self._at: list[int] = []
        deltas: list[int] = []
        for match in _NOT_ASCII.finditer(text):
            # Here, not at the top: the background index build imports this
            # module and must not load Rich (its memory is measured).
            from rich.cells import get_character_cell_size

            width = get_character_cell_size(match.group())
            if width != 1:
                self._at.append(match.start())
                deltas.append(width - 1)
        self._sum = list(accumulate(deltas))
        self.total = self.column(self.length)

    def column(self, offset: int) -> int:
        """The column at which the character at ``offset`` starts."""
        before = bisect_left(self._at, offset)
        return offset + (self._sum[before - 1] if before else 0)

    def last_within(self, column: int) -> int:
        """The greatest offset whose column is at most ``column``: the text
        up to it fits in that many columns."""
        return bisect_right(range(self.length + 1), column, key=self.column) - 1

    def first_from(self, column: int) -> int:
        """The least offset whose column is at least ``column``."""
        return min(self.length, bisect_left(range(self.length + 1), column, key=self.column))
