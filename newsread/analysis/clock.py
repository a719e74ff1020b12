"""Clock times written as digits ("09:12", "23:05"), as live blogs and
timelines open each entry with one."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from newsread.analysis.doc_cache import doc_data, text_of

if TYPE_CHECKING:
    from spacy.tokens import Doc

CLOCK_TIME = re.compile(r"(?:[01]?\d|2[0-3]):[0-5]\d")
_LINE_CLOCK = re.compile(r"^[ \t]*((?:[01]?\d|2[0-3]):[0-5]\d)(?=\s)", re.MULTILINE)


def is_clock(text: str) -> bool:
    return CLOCK_TIME.fullmatch(text) is not None


def opens_line_with_clock(doc: Doc, i: int) -> bool:
    """Whether token ``i`` is a clock time standing first on its line: a
    timestamp over the entry, not part of any sentence's subject."""
    # Read from the Doc's columns: this is asked of most tokens, by several rules.
    data = doc_data(doc)
    texts = data.texts
    if not is_clock(texts[i]):
        return False
    if i == 0:
        return True
    return "\n" in data.whitespaces[i - 1] or (data.is_space[i - 1] and "\n" in texts[i - 1])


def line_clocks(doc: Doc) -> list[int]:
    """The tokens that are clock times opening a line (found in the text, so a
    long article's tokens are not all visited)."""
    out = []
    for found in _LINE_CLOCK.finditer(text_of(doc)):
        span = doc.char_span(found.start(1), found.end(1))
        if span is not None and len(span) == 1 and opens_line_with_clock(doc, span.start):
            out.append(span.start)
    return out
