"""What the library screen lists, without Textual: the rows for the filter and
sort in use, the columns a terminal width has room for, and the status line.

The screen loads the library off the event loop (as a storage.catalog: one
list per column, never a dict per article), and asks here for the cells of the
rows it draws. Filtering and sorting work on row numbers over those columns,
with the sort orders made once per load off the event loop, so a keypress costs
the same at 100 articles and at 100,000.

The filter box takes words (matched in the title or source) and two kinds of
terms: ``feed:NAME`` (articles from a feed whose name or URL contains NAME;
``feed:"two words"`` quoted) and ``is:unread`` / ``is:read``.

The same box is also a full-text search (newsread.search's language, run over
storage.search_index by the screen, in a worker). The title filter answers at
once; the ranked hits arrive a moment later and take its place, best first
(or in the sort's order once ``s`` moves off ``rank``): the articles
``newsread search`` finds, in its order, but for a last word typed without a
space after it, searched as a prefix (``as_typed``; the status line says so).
A text made of ``feed:`` and ``is:read``/``is:unread`` terms alone never asks
the index: the filter says it all.
"""

from __future__ import annotations

import re
from array import array
from collections import Counter
from collections.abc import Iterable, MutableSequence, Sequence
from dataclasses import dataclass, field
from itertools import compress
from typing import TYPE_CHECKING, Any

from rich.cells import cell_len, set_cell_size

from newsread.model import FEED_SEPARATOR
from newsread.sanitize import visible
from newsread.sorting import title_key
from storage import catalog as catalogs
from storage.catalog import Catalog, from_metas
from storage.errors import LibraryError
from storage.feeds import list_feeds, removed_feed_names
from tui.state import LibraryView
from tui.wording import plural

if TYPE_CHECKING:
    from newsread.search import Query as SearchQuery
    from newsread.search import Term
    from storage.corrected_counts import CorrectedCounts
    from storage.library import Library
    from storage.reading import ReadState
    from storage.search_index import Hit

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
#: The order of a search's hits, best first: offered by s, before the others,
#: only while a search's answer is listed; never remembered between runs.
RANK = "rank"
#: Letters of a cut filter kept beside the keys that edit it, at least.
_FILTER_LEAST = 8
EMPTY = "The library is empty. Add articles with: newsread import PATH..."
#: Before the first load: an empty catalog then says nothing about the library.
READING = "reading the library…"
#: What f says in a library with no feeds to step through.
NO_FEEDS = "no feeds: newsread feed add URL subscribes"


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


def _count(value: Any) -> str:
    return "" if value is None else str(value)


def web_address(meta: dict[str, Any]) -> str:
    """The article's http(s) address, or "" when it came from a file (or a feed
    entry without a link): only a web address is worth a browser."""
    where = str(meta.get("url_or_path") or "").strip()
    return where if re.match(r"^https?://\S+$", where, re.IGNORECASE) else ""


def feed_label(url: str, names: dict[str, str], removed: dict[str, str] | None = None) -> str:
    """A feed's name as subscribed; for one no longer subscribed, the name it
    had, marked removed (two removed feeds of one host stay apart), else its
    host (or the file name of a feed file) rather than a whole URL."""
    if url in names:
        return names[url]
    if removed and url in removed:
        return f"{removed[url]} (removed)"
    if "://" in url:
        return url.split("://", 1)[1].split("/", 1)[0] or url
    return url.rstrip("/").rsplit("/", 1)[-1] or url


# feed:NAME, feed:"two words" (an unclosed quote runs to the end), is:unread.
_TERM = re.compile(r'(?<!\S)(feed|is):(?:"([^"]*)"?|(\S*))', re.IGNORECASE)
_IS = {"unread": True, "new": True, "read": False}
# is: values only the search index can answer (newsread.search.query.IS_VALUES).
_INDEX_IS = ("annotated", "unannotated", "orphan")
# Filter words only the search index can answer: they are no title text.
_INDEX_TERM = re.compile(
    r'(?<!\S)(?:tag|entity|label|speaker|source|after|before):(?:"[^"]*"?|\S*)', re.IGNORECASE
)
#: ``-word`` or ``-"a phrase"``: what the listed articles must not have, which
#: only the index can tell (a title without the word may have it in its text).
_EXCLUDED = re.compile(r'(?<!\S)-(?:"[^"]*"?|[^\W_]\S*)')


@dataclass(frozen=True)
class Query:
    """What the filter box asks for, casefolded."""

    text: str = ""  # in the title or source
    feeds: tuple[str, ...] = ()  # in the feed's name or URL (any of them)
    from_feed: bool = False  # a feed: term was given (feed: alone: any feed)
    unread: bool | None = None  # is:unread / is:read
    problem: str = ""  # a term that means nothing, named in the status line
    #: a filter only the search index answers (tag:, is:annotated, ...): once
    #: its hits are in, the title matches are not listed beside them
    index_only: bool = False


def parse_query(raw: str) -> Query:
    feeds: list[str] = []
    unread: bool | None = None
    problems: list[str] = []
    index_only = _INDEX_TERM.search(raw) is not None or _EXCLUDED.search(raw) is not None
    for match in _TERM.finditer(raw):
        value = (match.group(2) if match.group(2) is not None else match.group(3)).casefold()
        if match.group(1).casefold() == "feed":
            if value:
                feeds.append(value)
        elif value in _IS:
            unread = _IS[value]
        elif value in _INDEX_IS:
            index_only = True
        else:
            problems.append(f"is:{value}? (is:unread or is:read)")
    terms = index_only or _TERM.search(raw) is not None
    # Without terms the text is matched as typed, spaces and all.
    plain = _EXCLUDED.sub(" ", _INDEX_TERM.sub(" ", _TERM.sub(" ", raw)))
    text = " ".join(plain.split()) if terms else raw
    from_feed = any(m.group(1).casefold() == "feed" for m in _TERM.finditer(raw))
    return Query(text.casefold(), tuple(feeds), from_feed, unread, "; ".join(problems), index_only)


#: A last word shorter than this is not searched as a prefix while typing: one
#: or two letters would expand to a large share of the index's words.
_PREFIX_MIN = 3


def as_typed(text: str) -> str:
    """``text`` as searched while it is being typed: its last bare word, not
    yet ended by a space, matches any word it starts (``cran`` finds crane)."""
    # Inside an unclosed quote the last word belongs to a phrase, which the
    # query language matches whole (a ``*`` there is folded away, as the CLI
    # reads it): no prefix, so the status line must not claim one.
    if not text or text[-1].isspace() or text.count('"') % 2:
        return text
    last = text.split()[-1]
    if ":" in last or '"' in last or last.endswith("*") or len(last) < _PREFIX_MIN:
        return text
    # An exclusion read as a prefix would drop every article with a word it
    # starts (-qua hiding quay): it is excluded whole, as typed.
    if last.startswith("-"):
        return text
    return text + "*" if last[-1].isalnum() else text


def prefix_word(text: str) -> str:
    """``text``'s last word with its ``*`` when the box searches it as a
    prefix (``as_typed``), which the status line says: ``newsread search``
    finds the same articles with ``word*``, and reads a bare word whole; else
    ""."""
    typed = as_typed(text)
    return typed.split()[-1] if typed != text else ""


def search_query(text: str) -> tuple[SearchQuery | None, str]:
    """The search index query for the box's ``text`` and "", or None and why it
    is no query; (None, "") when the box's own filter says it all (nothing
    typed, or only feed: and is:read/is:unread terms)."""
    from newsread.search import QueryError
    from newsread.search import parse_query as parse_search

    if not text.strip():
        return None, ""
    try:
        query = parse_search(as_typed(text))
    except QueryError as exc:
        return None, str(exc)
    if (
        not query.terms
        and not query.excluded
        and not query.tags
        and not query.entities
        and not query.labels
        and not query.speakers
        and not query.sources
        and query.after is None
        and query.before is None
        and query.flags <= {"read", "unread"}
    ):
        return None, ""
    return query, ""


@dataclass(frozen=True)
class SearchJump:
    """What the library hands the reader when it opens an article from a
    search: the words and phrases to select, first match first (ctrl+n steps)."""

    #: the box's text, as the reader names the search
    label: str
    terms: tuple[Term, ...]
    #: exact places in the text to land on instead of the terms' matches (an
    #: annotation opened from the annotations screen); ``label`` is then what
    #: the reader says on arrival, not a search it offers again
    spans: tuple[tuple[int, int], ...] = ()
    #: the cursor stands on the first span itself, not on its sentence (a
    #: suggestion opened from the queue: the reader's keys then act on it)
    on_span: bool = False


def jump_terms(query: SearchQuery) -> tuple[Term, ...]:
    """What of a query can be found in an article's text: its words and
    phrases, and the words of its entity: and speaker: filters."""
    from newsread.search import Term

    found = [*query.terms]
    found += [Term(tokens) for tokens in (*query.entities, *query.speakers)]
    return tuple(found)


@dataclass
class SearchResult:
    """The index's answer for one text of the box."""

    text: str
    #: article id -> hit, best first (dicts keep their order)
    hits: dict[str, Hit]
    #: how many articles match in all, when the index was asked for fewer
    #: (None: the hits are every match)
    total: int | None = None
    #: why nothing matched, beyond "no article matches" (a feed: or label:
    #: naming nothing), one line each
    notes: tuple[str, ...] = ()

    @property
    def capped(self) -> bool:
        """The hits are the first of more matches, not all of them."""
        return self.total is not None and self.total > len(self.hits)


@dataclass(frozen=True)
class Row:
    """One article as the table shows it; every cell is plain text."""

    id: str
    cells: dict[str, str]
    # The date is the import day, not one the text gave: drawn dimmed.
    date_is_imported: bool
    copies: int
    unread: bool = False
    #: feeds beyond the one the Feed cell names (its "+N")
    more_feeds: int = 0


def cell_style(row: Row, key: str) -> str:
    """How the table draws ``row``'s ``key`` cell beyond its row's look: a title
    not read yet in bold (as a mail reader marks new mail), a date that is the
    import day (the text gave none) dimmed."""
    if key == "title" and row.unread:
        return "bold"
    if key == "date" and row.date_is_imported:
        return "dim"
    return ""


def fit_cell(text: str, width: int) -> str:
    """A plain cell's text on one line, cut with an ellipsis or padded to
    ``width`` cells, as the table draws it."""
    if "\n" in text or "\t" in text:
        text = text.replace("\n", " ").replace("\t", " ")
    if cell_len(text) > width:
        return set_cell_size(text, width - 1) + "…" if width > 1 else "…"
    return set_cell_size(text, width)


def cell_text(row: Row, key: str, width: int) -> str:
    """``row``'s ``key`` cell for a column ``width`` cells wide, as the library
    screen and the first paint both hand it to the table: a Feed cell whose
    first feed's label is too long is cut before its ``+N``, which stays in
    sight; any other cell as it is (the table cuts and pads it)."""
    text = row.cells[key]
    if key != "feed" or not row.more_feeds:
        return text
    tail = f" +{row.more_feeds}"
    if cell_len(text) <= width or width <= len(tail) + 1:
        return text
    return fit_cell(text[: -len(tail)], width - len(tail)) + tail


@dataclass
class Prepared:
    """What a load works out once, off the event loop: lookups, the text the
    filter searches, copies, and the sort orders (row numbers)."""

    catalog: Catalog
    row_of: dict[str, int]
    #: casefolded "title\0source" per row: what the filter words are looked for
    #: in. Casefolding each title as it is scanned instead saved 8.6 MB at
    #: 100,000 rows but tripled a filter keystroke's scan (6 -> 18 ms).
    hay: list[str]
    copies: MutableSequence[int]
    #: row numbers as int arrays: half a list's size (4 bytes a row, not 8)
    orders: dict[str, MutableSequence[int]]
    has_feeds: bool
    #: story -> its rows in the base order, for stories of more than one
    #: article: opening one lists its copies without a pass over every row
    #: on the event loop (~15 ms at 100,000)
    stories: dict[str, list[int]] = field(default_factory=dict)


def prepare(catalog: Catalog, counts: dict[str, int] | None = None) -> Prepared:
    """Index ``catalog`` for the screen; with ``counts`` the annotations order too
    (else it is made when the counts arrive, see ``order_by_annotations``)."""
    n = len(catalog)
    titles = [title_key(t) for t in catalog.titles]
    folded = {name: title_key(name) for name in set(catalog.sources)}
    sources = [folded[name] for name in catalog.sources]
    ids, groups, dates = catalog.ids, catalog.groups, catalog.dates
    story = [groups[i] or ids[i] for i in range(n)]
    per_story = Counter(story)
    # One int object per row, shared by every order and by row_of: each made
    # its own before (3 MB more at 100,000 rows).
    numbers = list(range(n))
    # Ties keep the order a reader expects: oldest first, then by title. Sorts
    # are stable, so a secondary key is a sort before the primary one (a tuple
    # key costs ten times more at 100,000 rows).
    base = sorted(sorted(numbers, key=catalog.titles.__getitem__), key=dates.__getitem__)
    by_title = sorted(base, key=titles.__getitem__)
    orders: dict[str, MutableSequence[int]] = {
        # Stable even reversed: same-day rows stay oldest-first by title.
        "date": array("i", sorted(base, key=dates.__getitem__, reverse=True)),
        "title": array("i", by_title),
        "source": array("i", sorted(by_title, key=sources.__getitem__)),
        "base": array("i", base),
    }
    stories: dict[str, list[int]] = {}
    shared = {s for s, count in per_story.items() if count > 1}
    if shared:  # most libraries have few copies, or none
        for i in base:
            if story[i] in shared:
                stories.setdefault(story[i], []).append(i)
    prepared = Prepared(
        catalog,
        dict(zip(ids, numbers, strict=True)),
        [f"{titles[i]}\0{sources[i]}" for i in range(n)],
        array("i", [per_story[s] - 1 for s in story]),
        orders,
        any(catalog.feeds),
        stories,
    )
    if counts is not None:
        prepared.orders["annotations"] = order_by_annotations(prepared, counts)
    return prepared


def order_by_annotations(prepared: Prepared, counts: dict[str, int]) -> MutableSequence[int]:
    ids = prepared.catalog.ids
    return array("i", sorted(prepared.orders["base"], key=lambda i: -counts.get(ids[i], 0)))


@dataclass
class QuickLoad:
    """A small library's titles with its read marks and feeds, read before the
    first frame: by tui.first_paint before Textual is imported (and handed to
    the app), else by the library screen as it mounts."""

    prepared: Prepared
    read: set[str]
    #: feed URL -> the name it is subscribed under
    feeds: dict[str, str]
    #: (the library's change stamp, the read marks' stamp) before they were read
    stamp: tuple[tuple[int, ...], ...]
    #: feed URL -> the name an unsubscribed feed had
    removed_feeds: dict[str, str]


def quick_load(library: Library, reading: ReadState) -> QuickLoad | None:
    """The library's saved catalog when it is small (``QUICK_CATALOG_BYTES``)
    and matches the index, indexed, with the read marks and feeds; None when
    it is larger, stale or missing, or the marks or feeds cannot be read (the
    load's worker then reads, makes or reports them)."""
    stamp = (library.change_stamp(), reading.stamp())
    catalog = catalogs.saved_small(library.root, catalogs.QUICK_CATALOG_BYTES)
    if catalog is None:
        return None
    try:
        feeds = {feed.url: feed.name for feed in list_feeds(library)}
        removed = removed_feed_names(library)
        read = reading.read_ids()
    except LibraryError:
        return None
    return QuickLoad(prepare(catalog), read, feeds, stamp, removed)


class LibraryModel:
    def __init__(self) -> None:
        self.prepared = prepare(Catalog(), {})
        self.counts: dict[str, int] = {}
        #: article id -> why its annotations file cannot be read
        self.damaged: dict[str, str] = {}
        #: why the library itself cannot be read ("" when it can)
        self.error = ""
        #: a load arrived: until then the catalog is a placeholder, and a large
        #: library's worker may take a second to read its index
        self.loaded = False
        self.filter_text = ""
        self.sort_index = 0
        #: a search's hits are listed best first (s moves on to the sorts,
        #: which then order the hits too)
        self.by_rank = True
        #: the sort turned around (oldest first, Z to A, ...)
        self.reverse = False
        # A search's own order (s and S while its hits are listed): the
        # library's sort and direction stay as they were for when it ends.
        self.search_sort_index = 0
        self.search_reverse = False
        #: ids of the articles marked read; every other article is unread
        self.read: set[str] = set()
        #: why the read marks cannot be read ("" when they can)
        self.read_error = ""
        #: feed URL -> the name it is subscribed under
        self.feeds: dict[str, str] = {}
        #: feed URL -> the name an unsubscribed feed had, for its articles
        self.removed_feeds: dict[str, str] = {}
        #: the feed (URL) the f key picked; None: every article
        self.feed_choice: str | None = None
        self.unread_only = False
        #: article id -> its Entities and Claims counts as the user corrected
        #: the analysis (storage.corrected_counts); kept across loads, each
        #: shown only while the index's counts are the ones it stands for
        self.corrected: dict[str, CorrectedCounts] = {}
        #: the user's key for unread-only (the screen sets it), named where
        #: that filter hides search hits
        self.unread_key = "u"
        #: deleted here, not yet gone from the last load
        self._gone: set[str] = set()
        self._unread = 0
        #: counts arrived (the annotations column and sort are then real)
        self.counted = True
        # The last visible rows and what made them: typing one more letter
        # narrows the previous result instead of scanning every row again.
        self._visible: Sequence[int] = []
        self._visible_key: tuple[Any, ...] | None = None
        #: the full-text search's latest answer (see SearchResult)
        self.search: SearchResult | None = None
        #: "" (answered, or nothing asked of the index), "searching", "building",
        #: or why the text is no search query
        self.search_state = ""
        # Moves with every answer: the rows made from the last one are stale.
        self._search_version = 0
        #: (the box's text, unknown_feeds's answer for it) since the last load
        self._unknown_feeds: tuple[str, str] | None = None

    @property
    def catalog(self) -> Catalog:
        return self.prepared.catalog

    def load(
        self,
        metas: list[dict[str, Any]],
        counts: dict[str, int],
        damaged: dict[str, str],
        error: str = "",
        read: Iterable[str] = (),
        feeds: dict[str, str] | None = None,
        read_error: str = "",
        removed_feeds: dict[str, str] | None = None,
    ) -> None:
        """Load article metadata in hand (tests, small libraries)."""
        prepared = prepare(from_metas(metas), counts)
        self.load_prepared(prepared, counts, damaged, error, read, feeds, read_error, removed_feeds)

    def load_prepared(
        self,
        prepared: Prepared,
        counts: dict[str, int] | None,
        damaged: dict[str, str] | None = None,
        error: str = "",
        read: Iterable[str] = (),
        feeds: dict[str, str] | None = None,
        read_error: str = "",
        removed_feeds: dict[str, str] | None = None,
    ) -> None:
        """``counts`` None: the annotations are still being counted (the previous
        counts stay shown until ``set_counts``)."""
        self.loaded = True
        self.prepared = prepared
        if counts is not None:
            self.counts = counts
            self.damaged = damaged or {}
            self.counted = True
        else:
            # Until the counts arrive, sorting by annotations keeps the base order.
            self.counted = False
        self.error = error
        self.read = set(read)
        self.feeds = dict(feeds or {})
        self.removed_feeds = dict(removed_feeds or {})
        self._unknown_feeds = None
        self.read_error = read_error
        self._gone = set()
        self._unread = sum(1 for article_id in prepared.catalog.ids if article_id not in self.read)
        self._visible_key = None
        gone = self.feed_choice is not None and self.feed_choice not in self.feed_choices()
        if gone and not error:
            # Unsubscribed meanwhile (newsread feed remove) and no article came
            # from it: the filter would show nothing, named by a bare host.
            self.feed_choice = None

    def set_counts(
        self,
        counts: dict[str, int],
        damaged: dict[str, str],
        order: MutableSequence[int] | None = None,
        corrected: dict[str, CorrectedCounts] | None = None,
    ) -> None:
        """The annotation counts, counted after the titles were shown; ``order``:
        the annotations sort made off the event loop; ``corrected``: the
        analysis counts of the articles with corrections, as corrected."""
        self.counts = counts
        if corrected is not None:
            self.corrected = corrected
        self.damaged = damaged
        self.prepared.orders["annotations"] = (
            order if order is not None else order_by_annotations(self.prepared, counts)
        )
        self.counted = True
        self._visible_key = None

    @property
    def has_feeds(self) -> bool:
        """Whether any article came from a feed (the Feed column is then shown)."""
        return self.prepared.has_feeds

    # -- read and unread -------------------------------------------------------------------

    def is_unread(self, article_id: str) -> bool:
        return article_id not in self.read

    def set_read(self, article_id: str, read: bool) -> None:
        """Show a mark at once; the write goes on in the background and the next
        load confirms it from disk."""
        if article_id not in self.prepared.row_of or read == (article_id in self.read):
            return
        if read:
            self.read.add(article_id)
            self._unread -= 1
        else:
            self.read.discard(article_id)
            self._unread += 1
        self._visible_key = None

    def toggle_unread_only(self) -> bool:
        self.unread_only = not self.unread_only
        return self.unread_only

    # -- feeds -------------------------------------------------------------------------------

    def feed_name(self, url: str) -> str:
        """A feed's label; for a catalog row listed by several feeds (their
        URLs a line apart, joined_feeds), each one's, a comma apart."""
        if FEED_SEPARATOR in url:
            return ", ".join(
                feed_label(one, self.feeds, self.removed_feeds) for one in url.split(FEED_SEPARATOR)
            )
        return feed_label(url, self.feeds, self.removed_feeds) if url else ""

    def feed_cell(self, url: str) -> str:
        """The Feed column's cell: the first feed's label, then ``+N`` for the
        further feeds of a story several carry (their names a comma apart were
        cut off by the column's width, hiding that there were more)."""
        urls = url.split(FEED_SEPARATOR) if url else []
        if len(urls) < 2:
            return self.feed_name(url)
        named = feed_label(self._named_feed(urls), self.feeds, self.removed_feeds)
        return f"{named} +{len(urls) - 1}"

    def _named_feed(self, urls: list[str]) -> str:
        """Which of a story's feeds its cell names: the feed picked with f when
        it is one of them, else the first subscribed one. The first listed may
        be a removed feed, and "remote valle… +2" hid the feeds still read."""
        if self.feed_choice in urls:
            return self.feed_choice
        return next((one for one in urls if one in self.feeds), urls[0])

    def feed_choices(self) -> list[str]:
        """Feed URLs the f key steps through: every subscription and every feed
        an article came from, by name."""
        listed = {url for row in set(self.catalog.feeds) for url in row.split(FEED_SEPARATOR)}
        urls = (set(self.feeds) | listed) - {""}
        return sorted(urls, key=lambda url: (self.feed_name(url).casefold(), url))

    def next_feed(self) -> str | None:
        """Step the feed filter: every article, then each feed in turn, then
        every article again. Returns what is shown now, in words; None when
        there is no feed to step through (NO_FEEDS says how to add one)."""
        order: list[str | None] = [None, *self.feed_choices()]
        if len(order) == 1:
            self.feed_choice = None
            return None
        at = order.index(self.feed_choice) if self.feed_choice in order else 0
        self.feed_choice = order[(at + 1) % len(order)]
        if self.feed_choice is None:
            return "every article"
        return f"feed: {self.feed_name(self.feed_choice)}"

    @property
    def sort(self) -> str:
        return SORTS[self.sort_index]

    def _searching(self) -> bool:
        """A search's hits are listed: s and S then order them, not the library."""
        search = self._listed_search()
        return search is not None and bool(search.hits)

    def shown_order(self) -> str:
        """The order the rows are listed in: RANK while a search's hits are
        listed best first, else the sort (the search's own while it lists)."""
        if self._searching():
            return RANK if self.by_rank else SORTS[self.search_sort_index]
        return self.sort

    def shown_reverse(self) -> bool:
        """Whether the order in use is turned around."""
        return self.search_reverse if self._searching() else self.reverse

    def start_search_order(self) -> None:
        """The next search lists its best hits first, whatever the library's
        sort and direction or the last search's."""
        self.by_rank = True
        self.search_sort_index = 0
        self.search_reverse = False
        self._visible_key = None

    def next_sort(self) -> str:
        """The next order. While a search's hits are listed: rank, then each
        sort, then rank again; else the sorts alone."""
        if self._searching():
            if self.by_rank:
                self.by_rank = False
                self.search_sort_index = 0
            elif self.search_sort_index == len(SORTS) - 1:
                self.by_rank = True
            else:
                self.search_sort_index += 1
            self._visible_key = None
            return self.shown_order()
        self.by_rank = True
        self.sort_index = (self.sort_index + 1) % len(SORTS)
        return self.sort

    def toggle_reverse(self) -> bool:
        if self._searching():
            self.search_reverse = not self.search_reverse
            self._visible_key = None
            return self.search_reverse
        self.reverse = not self.reverse
        return self.reverse

    # -- remembered between runs -------------------------------------------------------------

    def view(self) -> LibraryView:
        return LibraryView(
            self.sort, self.reverse, self.filter_text, self.unread_only, self.feed_choice or ""
        )

    def set_view(self, view: LibraryView) -> None:
        if view.sort in SORTS:
            self.sort_index = SORTS.index(view.sort)
        self.reverse = view.reverse
        self.filter_text = view.filter_text
        self.unread_only = view.unread_only
        self.feed_choice = view.feed or None
        self._visible_key = None

    # -- rows ----------------------------------------------------------------------------

    def _feed_test(self, query: Query) -> Any:
        """A test of a row's feed URL, or None when nothing is asked of feeds."""
        choice = self.feed_choice
        if choice is None and not query.from_feed:
            return None
        names: dict[str, bool] = {}

        def passes(row: str) -> bool:
            # A row holds every feed that lists the article (joined_feeds).
            feeds = row.split(FEED_SEPARATOR) if FEED_SEPARATOR in row else [row]
            if choice is not None and choice not in feeds:
                return False
            return any(one_passes(feed) for feed in feeds)

        def one_passes(feed: str) -> bool:
            if query.from_feed:
                if not feed:
                    return False
                if query.feeds:
                    if feed not in names:
                        where = (self.feed_name(feed).casefold(), feed.casefold())
                        names[feed] = any(f in w for f in query.feeds for w in where)
                    return names[feed]
            return True

        return passes

    # -- the full-text search ----------------------------------------------------------

    def search_pending(self, text: str) -> None:
        """The index is asked about ``text``. The previous answer stays listed
        while the new text only extends it (typing on narrows it); otherwise
        the title filter alone shows until the answer comes."""
        if self.search is not None and not text.startswith(self.search.text):
            self.search = None
            self._search_version += 1
        self.search_state = "searching"

    def clear_search(self, state: str = "") -> None:
        """No answer from the index is listed; ``state``: why (a building index,
        a text that is no query) or "" when nothing is asked of it."""
        if self.search is not None:
            self.search = None
            self._search_version += 1
        self.search_state = state

    def set_search_result(self, result: SearchResult) -> bool:
        """The index's answer; False when the box has moved on to another text
        (an answer for a text the box still extends is kept until the next)."""
        if result.text == self.filter_text:
            self.search_state = ""
        elif not (self.filter_text.startswith(result.text) and self.search_state == "searching"):
            return False
        self.search = result
        self._search_version += 1
        return True

    def _listed_search(self) -> SearchResult | None:
        search = self.search
        if search is None or not self.filter_text.startswith(search.text):
            return None
        return search

    def hit(self, article_id: str) -> Hit | None:
        """The search hit for ``article_id`` among the hits listed now."""
        search = self._listed_search()
        return None if search is None else search.hits.get(article_id)

    def jump(self) -> SearchJump | None:
        """What the reader should select when an article is opened now: the
        search's words, when the box holds a search with any."""
        query, _ = search_query(self.filter_text)
        terms = jump_terms(query) if query is not None else ()
        return SearchJump(self.filter_text, terms) if terms else None

    def unknown_feeds(self) -> str:
        """Why the box's ``feed:`` terms list nothing when no feed has such a
        name (or URL): one line naming the feeds there are; else "". Worked
        out once per text and load: the status line and the line under the
        table both ask, and the answer is a pass over the catalog's feeds."""
        known = self._unknown_feeds
        if known is None or known[0] != self.filter_text:
            known = self._unknown_feeds = (self.filter_text, self._feeds_named_by_none())
        return known[1]

    def _feeds_named_by_none(self) -> str:
        query = parse_query(self.filter_text)
        if not query.feeds:
            return ""
        names = {**self.removed_feeds, **self.feeds}
        wheres = [name.casefold() for name in names.values()]
        wheres += [url.casefold() for url in names]
        for joined in set(self.catalog.feeds):
            wheres += [url.casefold() for url in joined.split(FEED_SEPARATOR) if url]
        unknown = [f for f in query.feeds if not any(f in where for where in wheres)]
        if not unknown:
            return ""
        known = sorted(set(self.feeds.values()), key=str.casefold)
        if not known:
            choices = " (no feed is subscribed)"
        elif len(known) > 12:
            choices = f" ({len(known)} feeds, such as {', '.join(known[:12])})"
        else:
            choices = f" (feeds: {', '.join(known)})"
        return "; ".join(f'no feed is called "{name}"' for name in unknown) + choices

    def why_nothing(self) -> str:
        """For an empty list: the filters that name nothing there is, or ""."""
        search = self._listed_search()
        if search is not None and search.notes:
            return "; ".join(search.notes)
        if search is not None and (hidden := self.hidden_by_unread(search)):
            it = "it" if hidden == 1 else "them"
            found = plural(hidden, "article")
            return f"{found} found by search, hidden by unread only {self._shows(it)}"
        return self.unknown_feeds()

    def hidden_by_unread(self, search: SearchResult) -> int:
        """Of the search's hits the list holds, those unread-only leaves out
        (read already): the status counted them found, the table had none and
        nothing said why (qa37 F2). Not those the feed filter (f, or feed: in
        the box) leaves out anyway: u would not show them. A pass over the
        hits, not the catalog."""
        if not self.unread_only:
            return 0
        row_of, read, gone = self.prepared.row_of, self.read, self._gone
        feed_test, feeds = self._feed_test(parse_query(self.filter_text)), self.catalog.feeds
        return sum(
            1
            for i in search.hits
            if i in read
            and i in row_of
            and i not in gone
            and (feed_test is None or feed_test(feeds[row_of[i]]))
        )

    def _shows(self, it: str) -> str:
        """The key that turns unread-only off, said to show ``it``."""
        return f"({self.unread_key} shows {it})" if self.unread_key else "(read already)"

    def _unread_part(self) -> str:
        """The status line's word on unread-only, with the search hits it hides."""
        search = self._listed_search()
        hidden = 0 if search is None else self.hidden_by_unread(search)
        if not hidden:
            return " · unread only"
        if search is not None and not search.capped and hidden == len(search.hits):
            found = "the 1 found" if hidden == 1 else f"all {hidden:,} found"
        else:
            found = f"{hidden:,} found"
        it = "it" if hidden == 1 else "them"
        return f" · unread only, hiding {found} by search {self._shows(it)}"

    def set_detail(self, text: str, hit: Hit) -> bool:
        """A hit's snippet, worked out after the answer; False when that answer
        is no longer the one listed."""
        search = self.search
        if search is None or search.text != text or hit.article_id not in search.hits:
            return False
        search.hits[hit.article_id] = hit
        return True

    def search_note(self) -> str:
        """What the status line says of the search."""
        state = self.search_state
        if state == "building":
            return " · building the search index (once): titles only until it is ready"
        if state == "searching":
            return " · searching…"
        if state:
            return f" · search: {state}"
        search = self._listed_search()
        if search is None:
            return ""
        found = len(search.hits)
        word = prefix_word(search.text)
        prefix = f" ({word} as a prefix)" if word else ""
        if not found:
            if search.notes:
                return " · search: " + "; ".join(search.notes)
            return f" · search: no article matches{prefix}"
        if search.capped:
            # The count at the line's start says it: the first N of how many.
            return f" · {word} as a prefix" if word else ""
        return f" · {found} found by search{prefix}"

    # -- rows ----------------------------------------------------------------------------

    def visible_rows(self) -> Sequence[int]:
        """Row numbers of the articles the filter, the feed picked and unread-only
        let through, in the sort's order; with a search answer, its hits first,
        best first (``_with_hits``)."""
        query = parse_query(self.filter_text)
        search = self._listed_search()
        key = (
            query,
            self.sort,
            self.reverse,
            self.feed_choice,
            self.unread_only,
            len(self._gone),
            self.by_rank,
            self.search_sort_index,
            self.search_reverse,
            -1 if search is None else self._search_version,
        )
        if self._visible_key == key:
            return self._visible
        orders = self.prepared.orders
        narrowed = self._narrowable(key)
        if narrowed is not None:
            rows = narrowed  # already in the order asked for
        else:
            rows = orders.get(self.sort, orders["base"])
            if self.reverse:
                rows = rows[::-1]
        if search is not None:
            # The index's answer is the list, as newsread search gives it: the
            # title filter's text found inside a word ("rane" in "crane"), once
            # listed after the hits, is no match there. (And the filters it
            # answers, tag: or is:annotated, the titles cannot; hits that are
            # the first of more are no list to add title matches to.)
            rows = []
        elif query.text:
            rows = self._matching(query.text, rows)
        if search is not None:
            rows = self._with_hits(search, rows)
        feed_test = self._feed_test(query)
        if feed_test is not None:
            feeds = self.catalog.feeds
            rows = [i for i in rows if feed_test(feeds[i])]
        ids = self.catalog.ids
        if self.unread_only and query.unread is False:
            rows = []  # unread only, and is:read: nothing can be both
        elif self.unread_only or query.unread is not None:
            unread, read = self.unread_only or bool(query.unread), self.read
            rows = [i for i in rows if (ids[i] not in read) == unread]
        if self._gone:
            rows = [i for i in rows if ids[i] not in self._gone]
        self._visible, self._visible_key = rows, key
        return rows

    def _matching(self, needle: str, rows: Sequence[int]) -> list[int]:
        """``rows`` whose title or source holds ``needle`` (casefolded)."""
        hay = self.prepared.hay
        if len(rows) * 4 < len(hay):
            return [i for i in rows if needle in hay[i]]
        # One pass in catalog order, then picked in sort order: twice as fast at
        # 100,000 rows as looking each row's text up by number.
        mask = [needle in text for text in hay]
        return list(compress(rows, map(mask.__getitem__, rows)))

    def _with_hits(self, search: SearchResult, matches: Sequence[int]) -> list[int]:
        """The search's hits, best first, then the title and source ``matches``
        it did not find. Hits of one rank stay in the index's order (newest
        first, then by title and id), as ``newsread search`` lists them."""
        row_of = self.prepared.row_of
        # A hit the catalog does not hold yet (imported after this load) waits
        # for the next load. Dicts keep the hits' order.
        ranked = [row_of[article_id] for article_id in search.hits if article_id in row_of]
        if not ranked:
            return list(matches)
        if not self.by_rank:
            # Sorted (s): the hits and the title matches in the search's sort.
            orders = self.prepared.orders
            order = orders.get(SORTS[self.search_sort_index], orders["base"])
            if self.search_reverse:
                order = order[::-1]
            listed = set(matches).union(ranked)
            return [i for i in order if i in listed]
        if self.search_reverse:
            ranked.reverse()  # S: worst first, the ranking exactly turned around
        hit_rows = set(ranked)
        return ranked + [i for i in matches if i not in hit_rows]

    def _narrowable(self, key: tuple[Any, ...]) -> Sequence[int] | None:
        """The previous result when the new filter can only narrow it (same
        everything, filter text extended): filtering as you type then scans
        fewer rows with each letter."""
        old = self._visible_key
        if old is None or old[1:] != key[1:] or key[-1] != -1:
            # Search hits are listed: they are not a narrowing of the titles.
            return None
        before, now = old[0], key[0]
        if (before.feeds, before.from_feed, before.unread, before.index_only) != (
            now.feeds,
            now.from_feed,
            now.unread,
            now.index_only,
        ):
            return None
        return self._visible if before.text and before.text in now.text else None

    def row(self, index: int) -> Row:
        """The ``index``-th article in the catalog as the table shows it."""
        catalog = self.catalog
        article_id = catalog.ids[index]
        count = self.prepared.copies[index]
        entities, claims = catalog.entities[index], catalog.claims[index]
        corrected = self.corrected.get(article_id)
        if corrected is not None and corrected.model == (entities, claims):
            # As the reader, the search and the statistics count them (qa37 F3).
            entities, claims = corrected.shown
        cells = {
            "title": catalog.titles[index],
            "source": catalog.sources[index] or "—",
            "date": catalog.dates[index],
            "entities": "" if entities < 0 else str(entities),
            "claims": "" if claims < 0 else str(claims),
            # "!" rather than 0: its annotations exist but cannot be read;
            # "…" while they are being counted.
            "annotations": "!"
            if article_id in self.damaged
            else str(self.counts.get(article_id, 0))
            if self.counted or article_id in self.counts
            else "…",
            "copies": str(count) if count else "",
            "feed": self.feed_cell(catalog.feeds[index]),
        }
        return Row(
            article_id,
            cells,
            bool(catalog.imported_dates[index]),
            count,
            unread=self.is_unread(article_id),
            more_feeds=catalog.feeds[index].count(FEED_SEPARATOR),
        )

    def rows(self) -> list[Row]:
        """The visible articles, in order, with every column's cell."""
        return [self.row(i) for i in self.visible_rows()]

    def meta(self, article_id: str) -> dict[str, Any] | None:
        index = self.prepared.row_of.get(article_id)
        if index is None or article_id in self._gone:
            return None
        return self.catalog.meta(index)

    def story_copies(self, article_id: str) -> list[dict[str, Any]]:
        """The other articles of ``article_id``'s story, oldest first."""
        index = self.prepared.row_of.get(article_id)
        if index is None or not self.prepared.copies[index]:
            return []
        catalog = self.catalog
        ids = catalog.ids
        story = catalog.groups[index] or article_id
        return [
            catalog.meta(i)
            for i in self.prepared.stories.get(story, ())
            if i != index and ids[i] not in self._gone
        ]

    def next_unannotated(self, after: str | None) -> str | None:
        """The first listed article after ``after`` (from the top when it is not
        listed) with no annotation, wrapping round; None when every listed
        article has some (or cannot be read)."""
        rows = self.visible_rows()
        ids = self.catalog.ids
        index = self.prepared.row_of.get(after or "")
        start = 0
        if index is not None:
            try:
                start = rows.index(index) + 1
            except ValueError:
                start = 0
        for offset in range(len(rows)):
            article_id = ids[rows[(start + offset) % len(rows)]]
            if article_id == after or article_id in self.damaged:
                continue
            if not self.counts.get(article_id):
                return article_id
        return None

    def neighbour(self, after: str, step: int, unread: bool = False) -> str | None:
        """The listed article ``step`` (1 or -1) rows from ``after``, or with
        ``unread`` the first unread one that way, without wrapping round; None
        when there is none. Opening ``after`` marked it read, which takes it
        off an unread-only list: its place is then where it would be listed
        with its old mark."""
        index = self.prepared.row_of.get(after)
        if index is None:
            return None
        rows = self.visible_rows()
        listed = set(rows)
        order = rows
        if index not in listed:
            order = self._rows_with_mark_flipped(after)
            if index not in order:
                return None
        ids = self.catalog.ids
        at = order.index(index) + step
        while 0 <= at < len(order):
            row = order[at]
            if row in listed and not (unread and ids[row] in self.read):
                return ids[row]
            at += step
        return None

    def unlisted(self, article_id: str) -> str:
        """Nothing ("") when ``article_id`` is in the list (or was, before opening it
        marked it read); else that it is not, and what narrows the list, as the
        status line names it (an article opened from L may be filtered out)."""
        index = self.prepared.row_of.get(article_id)
        if index is not None and (
            index in set(self.visible_rows()) or index in self._rows_with_mark_flipped(article_id)
        ):
            return ""
        narrowing = []
        if self.filter_text:
            narrowing.append(f"filter: {self.filter_text!r}")
        if self.feed_choice is not None:
            narrowing.append(f"feed: {self.feed_name(self.feed_choice)}")
        if self.unread_only:
            narrowing.append("unread only")
        why = f" ({'; '.join(narrowing)})" if narrowing else ""
        return f"this article is not in the library's list{why}"

    def _rows_with_mark_flipped(self, article_id: str) -> Sequence[int]:
        """The rows listed were ``article_id`` read the other way."""
        was = set(self.read)
        self.read ^= {article_id}
        self._visible_key = None
        try:
            return list(self.visible_rows())
        finally:
            self.read = was
            self._visible_key = None

    def set_read_all(self, article_ids: Iterable[str]) -> int:
        """Mark ``article_ids`` read on screen at once (the write is the
        caller's); returns how many were unread."""
        fresh = {i for i in article_ids if i in self.prepared.row_of and i not in self.read}
        if fresh:
            self.read |= fresh
            self._unread -= len(fresh)
            self._visible_key = None
        return len(fresh)

    def unread_listed(self) -> list[str]:
        """The ids of the listed articles not marked read, in the list's order."""
        ids = self.catalog.ids
        return [ids[row] for row in self.visible_rows() if ids[row] not in self.read]

    def copies_of(self, article_id: str) -> int:
        index = self.prepared.row_of.get(article_id)
        return 0 if index is None else self.prepared.copies[index]

    def forget(self, article_id: str) -> None:
        """Drop a deleted article at once; the next load confirms it from disk."""
        if article_id in self.prepared.row_of and article_id not in self._gone:
            self._gone.add(article_id)
            if self.is_unread(article_id):
                self._unread -= 1
        self.counts.pop(article_id, None)
        self._visible_key = None

    def delete_question(self, article_id: str) -> str:
        meta = self.meta(article_id)
        title = meta["title"] if meta else article_id
        count = self.counts.get(article_id, 0)
        question = f"Delete “{title}” from the library?"
        if count:
            question += f" Its {plural(count, 'annotation')} will be deleted too."
        return question

    # -- status ----------------------------------------------------------------------------

    def summary(self, listed: int, filter_keys: str = "") -> str:
        """The status line for ``listed`` rows in the table; ``filter_keys``:
        how to edit and clear the search, said beside it."""
        return "".join(text for text, _ in self.summary_parts(listed, filter_keys))

    def summary_parts(
        self, listed: int, filter_keys: str = "", width: int | None = None
    ) -> list[tuple[str, int]]:
        """The status line as (text, rank) parts, each but the first starting
        with " · ", rank 0 kept longest: a line cut at the terminal's edge ended
        in a bare "· 47" (of "47 unread"), so a narrow one drops whole parts.
        ``width``: the line's cells, where a long filter is cut to leave room
        for the other parts of rank 0, the order among them."""
        if self.error:
            return [(f"cannot read the library: {self.error}", 0)]
        if not self.loaded:
            return [(READING, 0)]
        total = len(self.catalog) - len(self._gone)
        if not total:
            if self.feeds:
                empty = (
                    f"The library is empty. R fetches your {plural(len(self.feeds), 'feed')}; "
                    "newsread import PATH... adds files"
                )
                return [(empty, 0)]
            return [(EMPTY, 0)]
        annotations, unread = sum(self.counts.values()), self._unread
        if listed != total:
            # A narrowed list is described, as A and J act on it: "0 of 140
            # articles · 312 annotations" read as the 0 articles' annotations.
            ids = self.catalog.ids
            shown = [ids[row] for row in self.visible_rows()]
            annotations = sum(self.counts.get(article_id, 0) for article_id in shown)
            unread = sum(1 for article_id in shown if article_id not in self.read)
        notes = plural(annotations, "annotation") if self.counted else "counting annotations…"
        # What narrows the list comes right after the count, so that a narrow
        # terminal still shows why rows are missing.
        count = plural(total, "article")
        search = self._listed_search()
        if search is not None and search.capped and search.total is not None:
            # Never "300 of 3000 articles": read as the whole result.
            first = len(search.hits)
            count = f"first {first:,} of {search.total:,} matches — refine the search"
            if listed != first:
                count = f"{listed:,} of the {count}"
        elif listed != total:
            count = f"{listed} of {count}"
        parts = [(count, 0)]
        keys = f" ({filter_keys})" if filter_keys else ""
        if self.filter_text:
            parts.append((f" · filter: {self.filter_text!r}{keys}", 0))
        if self.feed_choice is not None:
            parts.append((f" · feed: {self.feed_name(self.feed_choice)}", 0))
        if self.unread_only:
            parts.append((self._unread_part(), 0))
        problem = parse_query(self.filter_text).problem
        if problem:
            parts.append((f" · {problem}", 1))
        if not listed and not (search is not None and search.notes):
            # Only when nothing is listed: a pass over the catalog's feeds.
            unknown = self.unknown_feeds()
            if unknown:
                parts.append((f" · {unknown}", 1))
        parts += [(f" · {notes}", 3), (f" · {unread} unread", 4)]
        order, reverse = self.shown_order(), self.shown_reverse()
        # The order is always said (rank 0): s changes it, and a list in an
        # order not named reads as the wrong one. While hits are listed it is
        # said short enough to stay beside a capped count and the filter.
        by = "by" if search is not None else "sorted by"
        parts.append((f" · {by} {order}" + (" (reversed)" if reverse else ""), 0))
        if self.feeds and not self.has_feeds:
            # Subscribed (newsread demo does it) but nothing in yet: say how.
            parts.append((f" · {plural(len(self.feeds), 'feed')} subscribed: R refreshes", 2))
        if note := self.search_note():
            parts.append((note, 1))
        if self.read_error:
            parts.append((f" · read marks unreadable: {self.read_error}", 1))
        if self.damaged:
            damaged = plural(len(self.damaged), "article")
            parts.append((f" · annotations of {damaged} unreadable (!): newsread doctor", 0))
        if width is not None and self.filter_text:
            kept = sum(cell_len(text) for text, rank in parts[2:] if rank == 0)
            parts[1] = (self._filter_part(keys, width - cell_len(count) - kept), 0)
        return parts

    def _filter_part(self, keys: str, room: int) -> str:
        """The filter said in ``room`` cells: its text cut ("…" before the
        closing quote) rather than the order or the count pushed off the line;
        the keys that edit it give way once fewer than a few letters of it
        would be left."""
        text = self.filter_text
        for hint, least in ((keys, min(len(text), _FILTER_LEAST)), ("", 0)):
            for end in range(len(text), least - 1, -1):
                quoted = repr(text[:end])
                if end < len(text):
                    quoted = f"{quoted[:-1]}…{quoted[-1]}"
                if cell_len(said := f" · filter: {quoted}{hint}") <= room:
                    return said
        return " · filter: '…'"

    def status_line(
        self,
        summary: list[tuple[str, int]],
        columns: list[Column],
        highlighted: str | None,
        width: int,
        said: str = "",
    ) -> str:
        """The status line in ``width`` cells, as the library screen and the
        first paint both show it: ``summary`` (``summary_parts``, which the
        screen keeps until the list changes), what the last key ``said``
        right after the count, and the ``highlighted`` row's copies when no
        column shows them; whole parts, the least needed dropped first (cut at
        the edge, the line ended in a bare "· 47" of "· 47 unread")."""
        from tui.widgets.status_line import fit_plain

        parts = [*summary[:1], *([(f" · {said}", 0)] if said else []), *summary[1:]]
        parts.append((self.copies_note(columns, self.copies_of(highlighted or "")), 2))
        return fit_plain([(visible(text), rank) for text, rank in parts], width)

    @staticmethod
    def copies_note(columns: list[Column], copies: int) -> str:
        """Without room for the Copies column, the highlighted row's copies are
        named in the status line instead."""
        if copies and "copies" not in {key for key, _, _ in columns}:
            return f" · this story has {plural(copies, 'other copy', 'other copies')}"
        return ""
