"""Words as the search index sees them, where a query's terms match in a text,
and the snippet shown for a hit.

The index (SQLite FTS5, ``unicode61 remove_diacritics 2``) splits text into
runs of letters and digits and folds case and accents. ``fold_tokens`` does
the same in Python so that a query is cut into the tokens the index holds,
and ``find_matches`` finds the character offsets FTS5 does not report (its
``highlight()`` marks text with marker strings that an article's own text
could contain; offsets computed here cannot be confused that way). Chinese,
Japanese and Korean runs are cut into character pairs (newsread.search.cjk).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from newsread.search.cjk import run_tokens
from newsread.search.columns import Columns
from newsread.textfold import CHAR, fold, has_cjk, is_cjk, split_runs

# Letters and digits (str.isalnum); underscore and combining marks separate
# words, as they do for FTS5's unicode61 tokenizer.
_WORD = re.compile(r"[^\W_]+")


class _Term(Protocol):
    tokens: tuple[str, ...]
    prefix: bool


def fold_tokens(text: str, open_end: bool = False) -> list[str]:
    """The tokens the index holds for ``text``. ``open_end``: ``text`` is a
    query, which may stop inside a CJK run of the text it finds, so its last
    run is not known to end there (newsread.search.cjk)."""
    words = _WORD.findall(text)
    tokens: list[str] = []
    for i, word in enumerate(words):
        if not has_cjk(word):
            tokens.append(fold(word))
            continue
        parts = split_runs(word)
        for j, (part, cjk) in enumerate(parts):
            if not cjk:
                tokens.append(fold(part))
                continue
            last = i == len(words) - 1 and j == len(parts) - 1
            tokens += run_tokens(part, closed=not (open_end and last))
    return tokens


def ends_open(tokens: Sequence[str]) -> bool:
    """Whether a query's tokens end in one CJK character standing alone, which
    matches as a prefix: the first character of a pair (桥 in 桥将) as well as
    a run's last character."""
    return bool(tokens) and len(tokens[-1]) == 1 and is_cjk(tokens[-1])


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
#: A letter or digit of a script other than CJK: a word of such letters
#: ends at a CJK character, as the index cuts it.
_OTHER = f"(?:(?!{CHAR})[^\\W_])"
_TOKEN_END = f"(?!{_OTHER})"
#: What may stand between a phrase's words: anything but a word character or
#: the index's item break (storage.search_index.ITEM_BREAK), so that a match
#: found here is one the index found.
_BETWEEN = "(?:[^\\w\ue000]|_)+"
#: ... between a CJK run and a word of another script: nothing at all, too.
_BETWEEN_SCRIPTS = "(?:[^\\w\ue000]|_)*"


def _segments(tokens: Sequence[str]) -> list[tuple[str, bool]]:
    """The text a query's tokens stand for, as (words or CJK run, is CJK):
    the pairs of a run overlap (市长 长说 -> 市长说), and a lone character
    equal to the run's last one ends it (newsread.search.cjk.run_tokens)."""
    segments: list[tuple[str, bool]] = []
    open_run = False
    for token in tokens:
        if not is_cjk(token[0]):
            segments.append((token, False))
            open_run = False
        elif open_run and len(token) == 2 and token[0] == segments[-1][0][-1]:
            segments[-1] = (segments[-1][0] + token[1], True)
        elif open_run and token == segments[-1][0][-1]:
            open_run = False
        else:
            segments.append((token, True))
            open_run = len(token) == 2
    return segments


def _pattern(term: _Term) -> re.Pattern[str]:
    parts: list[str] = []
    segments = _segments(term.tokens)
    for i, (text, cjk) in enumerate(segments):
        literal = re.escape(text)
        if i == 0:
            # The literal first, then the look back at what stands before it:
            # the regex engine then skips to the literal's places, where a
            # look-behind first is tried at every character (~30x slower).
            # A CJK run may match inside a longer one: no boundary before it.
            parts.append(literal if cjk else f"{literal}(?<!{_OTHER}{literal})")
            continue
        parts.append(_BETWEEN if cjk == segments[i - 1][1] else _BETWEEN_SCRIPTS)
        parts.append(literal)
    if not segments[-1][1]:
        parts.append((_OTHER + "*" if term.prefix else "") + _TOKEN_END)
    return re.compile("".join(parts))


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


#: a snippet's width in terminal columns
SNIPPET_WIDTH = 160


def densest_match(text: str, matches: Sequence[tuple[int, int]], width: int = SNIPPET_WIDTH) -> int:
    """The index in ``matches`` (sorted, as find_matches gives them) of the
    first match of the densest run, where a snippet of ``text`` is centred:
    the reader opens a search hit there, on the passage the snippet showed,
    not on the first of any one of its words ("to" of "not to be named")."""
    return _densest(Columns(text), matches, width) if matches else 0


def _densest(cols: Columns, matches: Sequence[tuple[int, int]], width: int) -> int:
    at = [cols.column(s) for s, _ in matches]
    best, best_count = 0, 0
    for i, column in enumerate(at):
        reach = column + width * 3 // 4
        count = sum(1 for c in at[i:] if c < reach)
        if count > best_count:
            best, best_count = i, count
    return best


def make_snippet(
    field: str, text: str, matches: Sequence[tuple[int, int]], width: int = SNIPPET_WIDTH
) -> Snippet:
    """About ``width`` terminal columns of ``text`` around the densest run of
    ``matches`` (the start of the text when there are none), cut at word
    boundaries when a space is near and between characters when not (Chinese
    and Japanese have none, and take two columns a character), line breaks
    shown as spaces (one for one, so the highlight offsets hold)."""
    cols = Columns(text)
    anchor = 0
    if not matches:
        start, end = 0, cols.last_within(width)
    else:
        anchor = matches[_densest(cols, matches, width)][0]
        start = cols.first_from(cols.column(anchor) - width // 4)
        end = cols.last_within(cols.column(start) + width)
        start = min(start, cols.first_from(cols.column(end) - width))
    # Whole words at both ends, when a space is within a few columns.
    if start > 0:
        space = text.find(" ", start, cols.first_from(cols.column(start) + 20))
        if space >= 0 and (not matches or space < anchor):
            start = space + 1
    if end < len(text):
        space = text.rfind(" ", max(start, cols.last_within(cols.column(end) - 20)), end)
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
