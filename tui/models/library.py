"""What the library screen lists, without Textual: the rows for the filter and
sort in use, the columns a terminal width has room for, and the status line.

The screen loads the library off the event loop, hands the result here, and
draws the rows this model gives it.

The filter box takes words (matched in the title or source) and two kinds of
terms: ``feed:NAME`` (articles from a feed whose name or URL contains NAME;
``feed:"two words"`` quoted) and ``is:unread`` / ``is:read``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from tui.wording import plural

Column = tuple[str, str, int]  # key, heading, width in cells

# Columns after the title, most wanted first: a narrow terminal drops from the
# end of this list so that titles stay readable (an 80-column terminal keeps
# the annotation count, date and source).
_COLUMNS: tuple[Column, ...] = (
    ("annotations", "Annots", 6),
    ("date", "Date", 10),
    ("source", "Source", 18),
    ("copies", "Copies", 6),
    # Only for a library with feeds (see column_plan): an empty column is noise.
    ("feed", "Feed", 16),
    ("claims", "Claims", 6),
    ("entities", "Entities", 8),
)
_DISPLAY_ORDER = ("source", "feed", "date", "entities", "claims", "annotations", "copies")
_MIN_TITLE = 34
_NARROW_SOURCE = 12
_NARROW_FEED = 12

SORTS = ("date", "title", "source", "annotations")
EMPTY = "The library is empty. Add articles with: newsread import PATH..."


def column_plan(width: int, feeds: bool = False) -> list[Column]:
    """The table's columns for a terminal ``width`` cells wide, title first;
    ``feeds``: some article came from a feed, so the Feed column is wanted."""
    # Each column has a cell of padding either side; the table's scrollbar and
    # edges take four more.
    room = width - 4 - (_MIN_TITLE + 2)
    chosen: list[Column] = []
    for key, label, size in _COLUMNS:
        if key == "feed" and not feeds:
            continue
        if key in ("source", "feed") and width < 100:
            size = _NARROW_SOURCE if key == "source" else _NARROW_FEED
        if size + 2 > room:
            continue
        chosen.append((key, label, size))
        room -= size + 2
    chosen.sort(key=lambda c: _DISPLAY_ORDER.index(c[0]))
    title = width - 4 - sum(size + 2 for _, _, size in chosen) - 2
    return [("title", "Title", max(title, 12)), *chosen]


def article_date(meta: dict[str, Any]) -> str:
    """The published day, else the day it was imported."""
    return (meta.get("published") or meta.get("imported") or "")[:10]


def _count(value: Any) -> str:
    return "" if value is None else str(value)


def web_address(meta: dict[str, Any]) -> str:
    """The article's http(s) address, or "" when it came from a file (or a feed
    entry without a link): only a web address is worth a browser."""
    where = str(meta.get("url_or_path") or "").strip()
    return where if re.match(r"^https?://\S+$", where, re.IGNORECASE) else ""


def feed_label(url: str, names: dict[str, str]) -> str:
    """A feed's name as subscribed; for one no longer subscribed, its host (or
    the file name of a feed file) rather than a whole URL."""
    if url in names:
        return names[url]
    if "://" in url:
        return url.split("://", 1)[1].split("/", 1)[0] or url
    return url.rstrip("/").rsplit("/", 1)[-1] or url


# feed:NAME, feed:"two words" (an unclosed quote runs to the end), is:unread.
_TERM = re.compile(r'(?<!\S)(feed|is):(?:"([^"]*)"?|(\S*))', re.IGNORECASE)
_IS = {"unread": True, "new": True, "read": False}


@dataclass(frozen=True)
class Query:
    """What the filter box asks for, casefolded."""

    text: str = ""  # in the title or source
    feeds: tuple[str, ...] = ()  # in the feed's name or URL (any of them)
    from_feed: bool = False  # a feed: term was given (feed: alone: any feed)
    unread: bool | None = None  # is:unread / is:read
    problem: str = ""  # a term that means nothing, named in the status line


def parse_query(raw: str) -> Query:
    feeds: list[str] = []
    unread: bool | None = None
    problems: list[str] = []
    for match in _TERM.finditer(raw):
        value = (match.group(2) if match.group(2) is not None else match.group(3)).casefold()
        if match.group(1).casefold() == "feed":
            if value:
                feeds.append(value)
        elif value in _IS:
            unread = _IS[value]
        else:
            problems.append(f"is:{value}? (is:unread or is:read)")
    terms = _TERM.search(raw) is not None
    # Without terms the text is matched as typed, spaces and all.
    text = " ".join(_TERM.sub(" ", raw).split()) if terms else raw
    from_feed = any(m.group(1).casefold() == "feed" for m in _TERM.finditer(raw))
    return Query(text.casefold(), tuple(feeds), from_feed, unread, "; ".join(problems))


@dataclass(frozen=True)
class Row:
    """One article as the table shows it; every cell is plain text."""

    id: str
    cells: dict[str, str]
    # The date is the import day, not one the text gave: drawn dimmed.
    date_is_imported: bool
    copies: int
    unread: bool = False


class LibraryModel:
    def __init__(self) -> None:
        self.metas: list[dict[str, Any]] = []
        self.counts: dict[str, int] = {}
        #: article id -> why its annotations file cannot be read
        self.damaged: dict[str, str] = {}
        #: why the library itself cannot be read ("" when it can)
        self.error = ""
        self.filter_text = ""
        self.sort_index = 0
        #: ids of the articles marked read; every other article is unread
        self.read: set[str] = set()
        #: why the read marks cannot be read ("" when they can)
        self.read_error = ""
        #: feed URL -> the name it is subscribed under
        self.feeds: dict[str, str] = {}
        #: the feed (URL) the f key picked; None: every article
        self.feed_choice: str | None = None
        self.unread_only = False

    def load(
        self,
        metas: list[dict[str, Any]],
        counts: dict[str, int],
        damaged: dict[str, str],
        error: str = "",
        read: Iterable[str] = (),
        feeds: dict[str, str] | None = None,
        read_error: str = "",
    ) -> None:
        self.metas = metas
        self.counts = counts
        self.damaged = damaged
        self.error = error
        self.read = set(read)
        self.feeds = dict(feeds or {})
        self.read_error = read_error

    @property
    def has_feeds(self) -> bool:
        """Whether any article came from a feed (the Feed column is then shown)."""
        return any(m.get("feed") for m in self.metas)

    # -- read and unread -------------------------------------------------------------------

    def is_unread(self, article_id: str) -> bool:
        return article_id not in self.read

    def set_read(self, article_id: str, read: bool) -> None:
        """Show a mark at once; the write goes on in the background and the next
        load confirms it from disk."""
        if read:
            self.read.add(article_id)
        else:
            self.read.discard(article_id)

    def toggle_unread_only(self) -> bool:
        self.unread_only = not self.unread_only
        return self.unread_only

    # -- feeds -------------------------------------------------------------------------------

    def feed_name(self, url: str) -> str:
        return feed_label(url, self.feeds) if url else ""

    def feed_choices(self) -> list[str]:
        """Feed URLs the f key steps through: every subscription and every feed
        an article came from, by name."""
        urls = set(self.feeds) | {m["feed"] for m in self.metas if m.get("feed")}
        return sorted(urls, key=lambda url: (self.feed_name(url).casefold(), url))

    def next_feed(self) -> str:
        """Step the feed filter: every article, then each feed in turn, then
        every article again. Returns what is shown now, in words."""
        order: list[str | None] = [None, *self.feed_choices()]
        if len(order) == 1:
            self.feed_choice = None
            return "no feeds yet: subscribe with newsread feed add URL"
        at = order.index(self.feed_choice) if self.feed_choice in order else 0
        self.feed_choice = order[(at + 1) % len(order)]
        if self.feed_choice is None:
            return "every article"
        return f"feed: {self.feed_name(self.feed_choice)}"

    @property
    def sort(self) -> str:
        return SORTS[self.sort_index]

    def next_sort(self) -> str:
        self.sort_index = (self.sort_index + 1) % len(SORTS)
        return self.sort

    # -- rows ----------------------------------------------------------------------------

    def _passes(self, meta: dict[str, Any], query: Query) -> bool:
        needle = query.text
        if needle and not (
            needle in meta["title"].casefold() or needle in meta.get("source", "").casefold()
        ):
            return False
        feed = meta.get("feed") or ""
        if self.feed_choice is not None and feed != self.feed_choice:
            return False
        if query.from_feed:
            if not feed:
                return False
            where = (self.feed_name(feed).casefold(), feed.casefold())
            if query.feeds and not any(f in w for f in query.feeds for w in where):
                return False
        unread = self.is_unread(meta["id"])
        if self.unread_only and not unread:
            return False
        return query.unread is None or query.unread == unread

    def visible_metas(self) -> list[dict[str, Any]]:
        """The articles the filter, the feed picked and unread-only let through, sorted."""
        query = parse_query(self.filter_text)
        metas = [m for m in self.metas if self._passes(m, query)]
        if self.sort == "date":
            metas.sort(key=article_date, reverse=True)
        elif self.sort == "title":
            metas.sort(key=lambda m: m["title"].casefold())
        elif self.sort == "source":
            metas.sort(key=lambda m: (m.get("source", "").casefold(), m["title"].casefold()))
        else:
            metas.sort(key=lambda m: -self.counts.get(m["id"], 0))
        return metas

    def copies(self) -> dict[str, int]:
        """Article id -> how many other articles in the library are the same story."""
        groups = Counter(m.get("story_group") or m["id"] for m in self.metas)
        return {m["id"]: groups[m.get("story_group") or m["id"]] - 1 for m in self.metas}

    def rows(self) -> list[Row]:
        """The visible articles, in order, with every column's cell."""
        copies = self.copies()
        rows = []
        for meta in self.visible_metas():
            article_id = meta["id"]
            count = copies[article_id]
            cells = {
                "title": meta["title"],
                "source": meta.get("source") or "—",
                "date": article_date(meta),
                "entities": _count(meta.get("entities")),
                "claims": _count(meta.get("claims")),
                # "!" rather than 0: its annotations exist but cannot be read.
                "annotations": "!"
                if article_id in self.damaged
                else str(self.counts.get(article_id, 0)),
                "copies": str(count) if count else "",
                "feed": self.feed_name(meta.get("feed") or ""),
            }
            rows.append(
                Row(
                    article_id,
                    cells,
                    not meta.get("published"),
                    count,
                    unread=self.is_unread(article_id),
                )
            )
        return rows

    def meta(self, article_id: str) -> dict[str, Any] | None:
        return next((m for m in self.metas if m["id"] == article_id), None)

    def forget(self, article_id: str) -> None:
        """Drop a deleted article at once; the next load confirms it from disk."""
        self.metas = [m for m in self.metas if m["id"] != article_id]
        self.counts.pop(article_id, None)

    def delete_question(self, article_id: str) -> str:
        meta = self.meta(article_id)
        title = meta["title"] if meta else article_id
        count = self.counts.get(article_id, 0)
        question = f"Delete “{title}” from the library?"
        if count:
            question += f" Its {plural(count, 'annotation')} will be deleted too."
        return question

    # -- status ----------------------------------------------------------------------------

    def summary(self, listed: int) -> str:
        """The status line for ``listed`` rows in the table."""
        if self.error:
            return f"cannot read the library: {self.error}"
        total = len(self.metas)
        if not total:
            if self.feeds:
                return (
                    f"The library is empty. R fetches your {plural(len(self.feeds), 'feed')}; "
                    "newsread import PATH... adds files"
                )
            return EMPTY
        notes = sum(self.counts.values())
        unread = sum(1 for m in self.metas if self.is_unread(m["id"]))
        status = (
            f"{plural(total, 'article')} · {plural(notes, 'annotation')}"
            f" · {unread} unread · sorted by {self.sort}"
        )
        if listed != total:
            status = f"{listed} of {status}"
        if self.feeds and not self.has_feeds:
            # Subscribed (newsread demo does it) but nothing in yet: say how.
            status += f" · {plural(len(self.feeds), 'feed')} subscribed: R refreshes"
        if self.filter_text:
            status += f" · filter: {self.filter_text!r}"
        if self.feed_choice is not None:
            status += f" · feed: {self.feed_name(self.feed_choice)}"
        if self.unread_only:
            status += " · unread only"
        problem = parse_query(self.filter_text).problem
        if problem:
            status += f" · {problem}"
        if self.read_error:
            status += f" · read marks unreadable: {self.read_error}"
        if self.damaged:
            status += (
                f" · annotations of {plural(len(self.damaged), 'article')} unreadable (!): "
                "newsread doctor"
            )
        return status

    @staticmethod
    def copies_note(columns: list[Column], copies: int) -> str:
        """Without room for the Copies column, the highlighted row's copies are
        named in the status line instead."""
        if copies and "copies" not in {key for key, _, _ in columns}:
            return f" · this story has {plural(copies, 'other copy', 'other copies')}"
        return ""
