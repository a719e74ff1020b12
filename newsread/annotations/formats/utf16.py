"""Offsets in UTF-16 code units, as JavaScript counts a string.

newsread counts code points (Python's ``str``); a tool whose front end
measures the browser's selection (doccano) counts UTF-16 code units, in which
every character past U+FFFF (an emoji, 𝔘) is two. The two counts differ by one
per such character before the offset, so only where those characters are is
kept.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import Final

#: The last code point a single UTF-16 code unit holds.
_BMP_LAST: Final = 0xFFFF


class Utf16Offsets:
    """Turns code point offsets into one text into UTF-16 code unit offsets."""

    def __init__(self, text: str) -> None:
        self._astral = [i for i, ch in enumerate(text) if ord(ch) > _BMP_LAST]

    def to_utf16(self, offset: int) -> int:
        """The UTF-16 offset of code point offset ``offset``: one more for each
        astral character before it."""
        return offset + bisect_left(self._astral, offset)
