"""Quotation marks in news text: where each quote opens and closes.

One pass over the characters: straight and curly, double and single marks,
telling single quote marks from apostrophes ("don't", "China's", "rockers'"),
and joining a quote that runs over paragraphs (news style re-opens it on
each new paragraph without closing the one before).
"""

from __future__ import annotations

import re

from newsread.analysis.records import Quote

_OPEN_DOUBLE = "“"
_CLOSE_DOUBLE = "”"
_OPEN_SINGLE = "‘"
_CLOSE_SINGLE = "’"
# Characters after which a straight quote mark opens rather than closes.
_OPENING_CONTEXT = frozenset(" \t\n([{—–-/")
# "the early '80s", "'til", "'em": apostrophes at a word start.
_ELISION = re.compile(r"'(?:\d0s|til|em|cause|n)\b", re.IGNORECASE)
# The only characters the pass acts on: at any other one it changes nothing,
# so it jumps from one of these to the next instead of reading every one.
_ACTED_ON = re.compile("['\"\n\u201c\u201d\u2018\u2019]")


def _opens(text: str, i: int) -> bool:
    """A straight mark at i opens a quote: white space or bracket before, a word after."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return before in _OPENING_CONTEXT and not after.isspace()


def _closes(text: str, i: int) -> bool:
    """A mark at i closes a quote: not between two letters (that is an apostrophe)."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return not before.isspace() and not after.isalnum()


def _closes_kind(text: str, i: int, kind: str) -> bool:
    """The mark at i closes the open quote of this kind (double or single)."""
    if kind == "a":
        return False  # only two apostrophes close what two opened
    marks = (_CLOSE_DOUBLE, '"') if kind == "d" else (_CLOSE_SINGLE, "'")
    return text[i] in marks and _closes(text, i)


def _next_paragraph_reopens(text: str, i: int, marks: str) -> int | None:
    """After a line break at i: the offset of a re-opening mark starting the next paragraph."""
    j = i
    while j < len(text) and text[j].isspace():
        j += 1
    if j < len(text) and text[j] in marks:
        return j
    return None


def _misturned(text: str, i: int) -> bool:
    """A closing double mark that opens a paragraph and a word ("”Fear. I am
    ...”"): a typing slip for the opening mark, since nothing before it in the
    paragraph could be closed."""
    if text[i] != _CLOSE_DOUBLE or i + 1 >= len(text) or not text[i + 1].isalnum():
        return False
    j = i - 1
    while j >= 0 and text[j] in " \t\xa0":
        j -= 1
    return j < 0 or text[j] == "\n"


def find_quotes(text: str) -> list[Quote]:
    """Quotations in ``text``, in order, outermost only, quote marks included."""
    quotes: list[Quote] = []
    open_at: int | None = None
    kind = ""  # "d" (double), "s" (single) or "a" (two apostrophes) while a quote is open
    i, n = 0, len(text)
    while i < n:
        found = _ACTED_ON.search(text, i)
        if found is None:
            break
        i = found.start()
        ch = text[i]
        if ch == "'" and text.startswith("''", i):
            # Two apostrophes for a double mark, as some wires and archives
            # type them: "''We will,'' she said." The quote is taken between
            # the inner apostrophes, so its inner text holds no stray mark.
            if open_at is None and _opens(text, i) and i + 2 < n and not text[i + 2].isspace():
                open_at, kind = i + 1, "a"
                i += 2
                continue
            if open_at is not None and kind == "a" and _closes(text, i + 1):
                quotes.append(Quote(open_at, i + 1))
                open_at = None
                i += 2
                continue
        if open_at is None:
            if ch == _OPEN_DOUBLE or (ch == '"' and _opens(text, i)) or _misturned(text, i):
                open_at, kind = i, "d"
            elif ch == _OPEN_SINGLE or (
                ch == "'" and _opens(text, i) and not _ELISION.match(text, i)
            ):
                open_at, kind = i, "s"
        elif ch == "\n":
            reopen_marks = {"d": '“"', "s": "‘'", "a": "'"}[kind]
            j = _next_paragraph_reopens(text, i, reopen_marks)
            if j is None or (kind == "a" and not text.startswith("''", j)):
                # Unclosed at the paragraph end and not continued: a stray mark.
                open_at = None
            else:
                # news style: the quote goes on in the next paragraph
                i = j + 1 if kind == "a" else j
        elif ch in (_CLOSE_DOUBLE, '"', _CLOSE_SINGLE, "'") and _closes_kind(text, i, kind):
            quotes.append(Quote(open_at, i + 1))
            open_at = None
        i += 1
    return quotes
