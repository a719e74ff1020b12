"""Offsets in UTF-16 code units, as JavaScript counts a string.

newsread counts code points (Python's ``str``); a tool whose front end
measures the browser's selection (doccano) counts UTF-16 code units, in which
every character past U+FFFF (an emoji, 𝔘) is two. The two counts differ by one
per such character before the offset, so only where those characters are is
kept.
"""

from __future__ import annotations

import re
from bisect import bisect_left

#: The characters UTF-16 writes as two code units (a surrogate pair).
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class Utf16Offsets:
    """Turns code point offsets into one text into UTF-16 code unit offsets."""

    def __init__(self, text: str) -> None:
        # A regex scan: an article's text is long, and most hold none.
        self._astral = [m.start() for m in _ASTRAL.finditer(text)]

    def to_utf16(self, offset: int) -> int:
        """The UTF-16 offset of code point offset ``offset``: one more for each
        astral character before it."""
        return offset + bisect_left(self._astral, offset)
