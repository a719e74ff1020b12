"""A story's header and trailer: its headline, byline, dates and outlet."""

from __future__ import annotations

from dataclasses import dataclass, field

from newsread.ingest import furniture as fx
from newsread.ingest.dumps.shared import (
    BLANK,
    BOUNDARY,
    BYLINE,
    FURNITURE,
    HEADER_LOOKBACK,
    PROSE,
    SHORT,
)

# ---------------------------------------------------------------- header and trailer


def _header_start(lines: list[str], kinds: list[str], floor: int, start: int) -> int:
    """First line of the header above a story starting at ``start``.

    Walks up over metadata-looking lines (title, byline, stamps, outlet labels,
    short labels) and stops at prose, a "related" heading or a copyright line,
    which belong to what came before.
    """
    i = start
    seen = 0
    while i > floor and seen < HEADER_LOOKBACK:
        line = lines[i - 1]
        if kinds[i - 1] == PROSE or fx.is_related_heading(line) or fx.is_copyright(line):
            break
        i -= 1
        seen += kinds[i] != BLANK
    return i


@dataclass
class _Meta:
    title: str = ""
    byline: str = ""
    source: str = ""
    published: str = ""
    used: set[int] = field(default_factory=set)


def _read_header(lines: list[str], kinds: list[str], rows: range) -> _Meta:
    meta = _Meta()
    for i in reversed(rows):  # nearest to the story first: that is where headlines sit
        line = lines[i]
        if not line:
            continue
        if not meta.title and kinds[i] == SHORT and _headline(line):
            meta.title = line
            meta.used.add(i)
        _read_meta_line(meta, line, kinds[i], i, rows, lines)
    if not meta.title:
        short = _short_headline(lines, kinds, rows)
        if short >= 0:
            meta.title = lines[short]
            meta.used.add(short)
    return meta


#: Fewest words of a short headline (see ``_short_headline``): one word is a
#: label ("Business", "Video").
SHORT_HEADLINE_WORDS = 2


def _short_headline(lines: list[str], kinds: list[str], rows: range) -> int:
    """A headline of two words ("Strike ends") right above the story, or -1.

    ``_headline`` wants three words or more: shorter lines are mostly menus
    and labels. But the line right above a story's byline, date or first
    paragraph (only metadata and widgets between) is its headline whatever
    its length, unless it reads as a name or a label: every word capitalised,
    or a menu's separators or a sentence's punctuation.
    """
    for i in reversed(rows):
        if not lines[i] or kinds[i] in (BYLINE, BOUNDARY, FURNITURE):
            continue
        line = lines[i]
        words = line.split()
        shaped = (
            kinds[i] == SHORT
            and len(words) == SHORT_HEADLINE_WORDS
            # A script without capitals (Korean, Arabic, Hindi …) cannot show
            # sentence case: its two words are let through as a headline.
            and (line[0].isupper() or _caseless(line[0]))
            # "Pamela Wilson", "Local News": a name or a label; a headline
            # is set in sentence case.
            and not words[1][0].isupper()
            and all(w[:1].isalnum() and w[-1:].isalnum() for w in words)
            and not fx.find_date(line)
        )
        return i if shaped else -1
    return -1


def _caseless(ch: str) -> bool:
    """A letter of a script with no capitals."""
    return ch.isalpha() and ch.lower() == ch.upper()


def _headline(line: str) -> bool:
    # A date line ("March 3, 2030", "Updated 9:14 am, Friday") is shaped like a
    # short headline but is metadata.
    dated = bool(fx.find_date(line)) and fx.word_count(line) <= 8
    return fx.is_title_like(line) and not dated


def _after_stamp(lines: list[str], i: int) -> bool:
    """Whether the nearest line above ``i`` with text is a time stamp."""
    j = i - 1
    while j >= 0 and not lines[j].strip():
        j -= 1
    return j >= 0 and (fx.is_stamp(lines[j]) or fx.is_relative_time(lines[j]))


def _read_meta_line(
    meta: _Meta, line: str, kind: str, i: int, rows: range, lines: list[str]
) -> None:
    if kind == BYLINE and not meta.byline:
        byline = fx.parse_byline(line)
        if byline:
            meta.byline = byline.name
            meta.source = meta.source or byline.outlet
    outlet = fx.outlet_label(line)
    # An aggregator prints the source under the story's stamp ("20 minutes
    # ago", then "- Global News"); a menu's item ("- Become A Contributor"
    # under "- White House") or a lone "| Community Guidelines" has the same
    # shape elsewhere on the page.
    if outlet and not meta.source and kind == BOUNDARY and _after_stamp(lines, i):
        meta.source = outlet
    if fx.is_relative_time(line, named=False) and i - 1 in rows and not meta.source:
        # Aggregators print "Outlet" on the line above "20 minutes ago"; above
        # "Published 3 hours ago" stand the writer's name or a section's.
        above = lines[i - 1]
        if above and fx.word_count(above) <= 6 and not fx.is_prose(above):
            meta.source = above
    if fx.is_copyright(line) and not meta.source:
        meta.source = fx.copyright_holder(line)
    if not meta.published and fx.word_count(line) <= 15:
        meta.published = fx.find_date(line)
