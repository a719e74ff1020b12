"""Words as the search index sees them, where a query's terms match in a text,
and the snippet shown for a hit.

The index (SQLite FTS5, ``unicode61 remove_diacritics 2``) splits text into
runs of letters and digits and folds case and accents. ``fold_tokens`` does
the same in Python so that a query is cut into the tokens the index holds,
and ``find_matches`` finds the character offsets FTS5 does not report (its
``highlight()`` marks text with marker strings that an article's own text
could contain; offsets computed here cannot be confused that way).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

# Letters and digits (str.isalnum); underscore and combining marks separate
# words, as they do for FTS5's unicode61 tokenizer.
_WORD = re.compile(r"[^\W_]+")


class _Term(Protocol):
    tokens: tuple[str, ...]
    prefix: bool


def fold(word: str) -> str:
    """Lower case without accents: ``Zürich`` -> ``zurich``."""
    if word.isascii():
        return word.lower()
    decomposed = unicodedata.normalize("NFD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def fold_tokens(text: str) -> list[str]:
    return [fold(m.group()) for m in _WORD.finditer(text)]


class _FoldTable(dict[int, int | str]):
    """str.translate table folding one character to one character (``Ü`` ->
    ``u``), filled as characters are first seen. A character whose fold is not
    one character (a ligature, a lone combining mark) stays as it is, so the
    folded text is as long as the original and offsets carry over."""

    def __missing__(self, code: int) -> int | str:
        folded = fold(chr(code))
        value: int | str = folded if len(folded) == 1 else code
        self[code] = value
        return value


_FOLD_TABLE = _FoldTable()
_TOKEN_START = r"(?<![^\W_])"
_TOKEN_END = r"(?![^\W_])"
#: What may stand between a phrase's words: anything but a word character or
#: the index's item break (storage.search_index.ITEM_BREAK), so that a match
#: found here is one the index found.
_BETWEEN = "(?:[^\\w\ue000]|_)+"


def _pattern(term: _Term) -> re.Pattern[str]:
    words = [re.escape(t) for t in term.tokens]
    tail = r"[^\W_]*" if term.prefix else ""
    return re.compile(_TOKEN_START + _BETWEEN.join(words) + tail + _TOKEN_END)


def fold_text(text: str) -> str:
    """``text`` folded character by character, as long as ``text``."""
    return text.lower() if text.isascii() else text.translate(_FOLD_TABLE)


def find_matches(text: str, terms: Iterable[_Term]) -> list[tuple[int, int]]:
    """Sorted, non-overlapping (start, end) character ranges of ``text`` where
    a term matches: a word, or a phrase's words in a row with only spaces and
    punctuation between them (a range covers the whole phrase)."""
    wanted = [t for t in terms if t.tokens]
    if not wanted or not text:
        return []
    folded = fold_text(text)
    found: list[tuple[int, int]] = []
    for term in wanted:
        if term.tokens[0] not in folded:
            continue  # the common case for most fields: no regex run at all
        found += [m.span() for m in _pattern(term).finditer(folded)]
    found.sort()
    merged: list[tuple[int, int]] = []
    for start, end in found:
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


@dataclass
class Snippet:
    """An excerpt of one field with its matches: ``highlights`` are offsets
    into ``text``; ``offset`` is where ``text`` starts in the field (after a
    leading "…", which is not part of the field)."""

    field: str
    text: str
    highlights: list[tuple[int, int]]
    offset: int = 0


_ELLIPSIS = "\u2026"
_SPACES = str.maketrans({"\n": " ", "\r": " ", "\t": " ", "\ue000": "|"})


def make_snippet(
    field: str, text: str, matches: Sequence[tuple[int, int]], width: int = 160
) -> Snippet:
    """About ``width`` characters of ``text`` around the densest run of
    ``matches`` (the start of the text when there are none), cut at word
    boundaries, line breaks shown as spaces (one for one, so the highlight
    offsets hold)."""
    anchor = 0
    if not matches:
        start, end = 0, min(len(text), width)
    else:
        best, best_count = 0, 0
        for i, (s, _) in enumerate(matches):
            count = sum(1 for s2, _ in matches[i:] if s2 < s + width * 3 // 4)
            if count > best_count:
                best, best_count = i, count
        anchor = matches[best][0]
        start = max(0, anchor - width // 4)
        end = min(len(text), start + width)
        start = max(0, min(start, end - width))
    # Whole words at both ends.
    if start > 0:
        space = text.find(" ", start, start + 20)
        if space >= 0 and (not matches or space < anchor):
            start = space + 1
    if end < len(text):
        space = text.rfind(" ", max(start, end - 20), end)
        if space > start:
            end = space
    lead = _ELLIPSIS if start > 0 else ""
    tail = _ELLIPSIS if end < len(text) else ""
    body = text[start:end].translate(_SPACES)
    shift = len(lead) - start
    highlights = [
        (max(s, start) + shift, min(e, end) + shift) for s, e in matches if s < end and e > start
    ]
    return Snippet(field, lead + body + tail, highlights, start)
