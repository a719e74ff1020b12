"""How many terminal columns text takes: two for a wide character (Chinese,
Japanese, Korean, fullwidth forms, most emoji), none for a combining mark or
a zero-width character, one for the rest, as terminals (and Rich's
``cell_len``) count them.

The core cannot lean on Rich for this, and reading ``unicodedata`` for every
code point at start-up costs more than the first screen may; the ranges below
are the East Asian Wide and Fullwidth blocks that news text meets.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from itertools import accumulate

_WIDE = re.compile(
    "[\u1100-\u115f\u231a\u231b\u2329\u232a\u23e9-\u23ec\u23f0\u23f3\u25fd\u25fe"
    "\u2614\u2615\u2648-\u2653\u267f\u2693\u26a1\u26aa\u26ab\u26bd\u26be\u26c4\u26c5"
    "\u26ce\u26d4\u26ea\u26f2\u26f3\u26f5\u26fa\u26fd\u2705\u270a\u270b\u2728\u274c"
    "\u274e\u2753-\u2755\u2757\u2795-\u2797\u27b0\u27bf\u2b1b\u2b1c\u2b50\u2b55"
    "\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\ua960-\ua97f"
    "\uac00-\ud7a3\uf900-\ufaff\ufe10-\ufe19\ufe30-\ufe6f\uff00-\uff60\uffe0-\uffe6"
    "\U0001f300-\U0001f64f\U0001f680-\U0001f6ff\U0001f900-\U0001f9ff"
    "\U00020000-\U0002fffd\U00030000-\U0003fffd]"
)
_ZERO = re.compile(
    "[\u0300-\u036f\u0483-\u0489\u0591-\u05bd\u0610-\u061a\u064b-\u065f"
    "\u0900-\u0903\u093a-\u094f\u0e31\u0e34-\u0e3a\u0e47-\u0e4e"
    "\u200b-\u200f\u2028-\u202e\u2060-\u2064\u20d0-\u20ff\ufe00-\ufe0f\ufe20-\ufe2f\ufeff]"
)
_ODD = re.compile(f"{_WIDE.pattern}|{_ZERO.pattern}")


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
        for match in _ODD.finditer(text):
            self._at.append(match.start())
            deltas.append(1 if _WIDE.match(match.group()) else -1)
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
