"""Feed subscriptions and their refresh state: the ``feeds`` table of ``library.json``.

Kept in the library index rather than a file of its own so that a refresh
stores a feed's new articles and its new ETag in one atomic write: killed
halfway, the next refresh either sees both or neither, and never skips
articles because the feed already answered "304 Not Modified" for them.
``library.json`` is also what backups and ``newsread doctor`` already cover.

One document per feed, keyed by its URL (see :class:`Feed`). Articles refer to
their feeds by URL (``Article.feed``, ``Article.feeds`` when several list one
story), so renaming a feed touches one document and removing it leaves its
articles as they are.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

from tinydb.table import Table

from newsread.ingest.opml import split_tags
from newsread.model import article_feeds, now_iso
from newsread.urls import canonical_url, page_address, without_fragment
from storage.errors import LibraryError, NotFoundError
from storage.library import Library
from storage.tables import replace_by_key

TABLE = "feeds"
#: url -> name of feeds unsubscribed: their articles stay, labelled by it.
REMOVED_TABLE = "removed_feeds"
#: _folders_key(url) -> a feed's OPML folders. A table of its own, not a field
#: of the feed's document: the release before folders (6dcb9ae) rebuilds feed
#: documents from the fields it knows at every refresh or ``feed add``, dropping
#: any other, but keeps top-level tables it does not know, so folders kept here
#: survive a library shared with it. Written in the same transaction as the feed.
FOLDERS_TABLE = "feed_folders"
#: What a refresh writes; the rest of a feed's document is the user's.
STATE_FIELDS = (
    "title",
    "site",
    "last_refresh",
    "last_success",
    "last_error",
    "note",
    "etag",
    "last_modified",
    "retry_after",
    "entries",
)


@dataclass
class Feed:
    url: str
    name: str
    tags: list[str] = field(default_factory=list)
    title: str = ""  # the feed's own title, as it last gave it
    site: str = ""  # the site the feed belongs to
    added: str = ""
    last_refresh: str = ""  # last attempt, successful or not (ISO, UTC)
    last_success: str = ""
    last_error: str = ""  # "" after a successful refresh
    #: What to know of a feed that was read all the same (its XML broken but
    #: its entries readable): a warning, not an error; "" once it reads clean.
    note: str = ""
    etag: str = ""
    last_modified: str = ""
    retry_after: str = ""  # ISO: no request before then (the server's 429/503)
    #: Keys (guid, else link) of the entries the feed listed at its last refresh
    #: that are in the library or were: one the user deleted is not brought back.
    entries: list[str] = field(default_factory=list)
    #: The OPML folders it was listed in, each as its path of folder titles
    #: (see newsread.ingest.opml): export-opml writes them back as folders.
    folders: list[list[str]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def record(self) -> dict[str, Any]:
        """The feed's document in the feeds table: its folders are kept in
        FOLDERS_TABLE instead."""
        doc = self.to_dict()
        del doc["folders"]
        return doc

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Feed:
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        known.setdefault("name", str(data.get("url", "")))
        known["tags"] = _stored_tags(data.get("tags"))
        known["folders"] = _stored_folders(data.get("folders"))
        return cls(**known)


def _stored_folders(stored: Any) -> list[list[str]]:
    """Folder paths as stored; none for anything else (an older newsread wrote
    none, and a damaged entry must not stop the feed list)."""
    if not isinstance(stored, list):
        return []
    paths = [p for p in stored if isinstance(p, list) and p]
    return [[str(name) for name in path] for path in paths if all(isinstance(n, str) for n in path)]


def _stored_tags(stored: Any) -> list[str]:
    """A feed's tags as split_tags gives them. Libraries from before feed tags
    were split hold ``"a,b"`` as one tag, which ``feed add --tag "a,b"`` now
    makes two and an OPML round trip turned into two anyway: read as two, and
    stored so by the next write of the feed (a refresh, a rename), through
    the usual atomic replace. Nothing is written just for reading."""
    if isinstance(stored, str):
        stored = [stored]
    if not isinstance(stored, list):
        return []
    return split_tags(t for t in stored if isinstance(t, str))


@dataclass(frozen=True)
class FeedRow:
    """What ``feed list`` and the app show per feed."""

    feed: Feed
    articles: int


def library_feed_file(library_root: Path, url: str) -> Path | None:
    """The feed file a subscription names when it is one inside the library
    folder (an absolute path, as ``newsread demo`` and import_feed_files file
    entries under; or that path as a ``file://`` URL, as export-opml writes
    it), else None. Only such a file is ever read for a feed: a subscription
    list from elsewhere must not make a refresh read the user's files."""
    if url[:7].lower() == "file://":
        parsed = urlsplit(url)
        if parsed.netloc not in ("", "localhost"):
            return None
        path = Path(url2pathname(parsed.path))
    elif "://" in url:
        return None
    else:
        path = Path(url)
    if not path.is_absolute():
        return None
    try:
        inside = path.resolve().is_relative_to(library_root.resolve())
    except (OSError, ValueError):
        return None
    return path if inside else None


def _table(library: Library) -> Table:
    return library._db.table(TABLE)


def _folders_table(library: Library) -> Table:
    return library._db.table(FOLDERS_TABLE)


def list_feeds(library: Library) -> list[Feed]:
    """Every subscription, by name (case-insensitive), with its folders."""
    folders = {
        doc["url"]: _stored_folders(doc.get("folders"))
        for doc in _folders_table(library).all()
        if isinstance(doc.get("url"), str)
    }
    feeds = [Feed.from_dict(doc) for doc in _table(library).all() if doc.get("url")]
    for feed in feeds:
        # Folders written inside the feed's document (this version's first
        # days) count until the table holds the feed's.
        feed.folders = folders.get(_folders_key(feed.url)) or feed.folders
    return sorted(feeds, key=lambda f: (f.name.casefold(), f.url))


def feed_rows(library: Library) -> list[FeedRow]:
    """Every subscription with the number of articles in the library from it."""
    counts = Counter(url for meta in library.article_metas() for url in article_feeds(meta))
    return [FeedRow(feed, counts.get(feed.url, 0)) for feed in list_feeds(library)]


def same_feed_key(url: str) -> str:
    """What two subscriptions' URLs are compared by: ``HTTP://Host:80/f#x``,
    ``http://host/f?utm_source=x`` and ``http://host/f`` are one feed (the
    rule an article's page is compared by, page_address); a path is itself."""
    return page_address(url) or url.strip()


def _folders_key(url: str) -> str:
    """A feed's key in the folders table, as written since it has one (its
    tracking parameters kept: a key changed would lose a feed's folders)."""
    return canonical_url(url) or url.strip()


def fetched_url(url: str) -> str:
    """A subscription's URL as stored and fetched: as the user typed it, less
    a fragment (no server sees it); a path is kept whole."""
    return without_fragment(url) if canonical_url(url) else url.strip()


def find_feed(library: Library, given: str) -> Feed:
    """The feed named ``given``: its name, its URL (however spelt), or its name
    in another case."""
    given = given.strip()
    feeds = list_feeds(library)
    for feed in feeds:
        if given in (feed.name, feed.url):
            return feed
    key = same_feed_key(given)
    for feed in feeds:
        if same_feed_key(feed.url) == key:
            return feed
    folded = [f for f in feeds if f.name.casefold() == given.casefold()]
    if len(folded) == 1:
        return folded[0]
    untitled = sum(1 for f in feeds if f.name == f.url)
    if untitled:
        # A urls file names no titles: such a feed shows as "(no title)" until
        # its first refresh, and only its URL names it meanwhile.
        some = "1 feed has" if untitled == 1 else f"{untitled} feeds have"
        raise NotFoundError(
            f"no feed named '{given}' (see: newsread feed list; {some} no title until "
            "refreshed and goes by its URL)"
        )
    raise NotFoundError(f"no feed named '{given}' (see: newsread feed list)")


def unique_name(wanted: str, taken: Iterable[str]) -> str:
    """``wanted``, or ``wanted (2)``, ``(3)``... when another feed has that name."""
    folded = {name.casefold() for name in taken}
    if wanted.casefold() not in folded:
        return wanted
    k = 2
    while f"{wanted} ({k})".casefold() in folded:
        k += 1
    return f"{wanted} ({k})"


def add_feeds(library: Library, feeds: Iterable[Feed]) -> tuple[list[Feed], list[tuple[Feed, str]]]:
    """Subscribe to ``feeds`` in one write; returns (added, [(skipped, reason)]).

    A URL already subscribed is skipped with the name it has, however it is
    spelt (see same_feed_key); a name another feed holds gets a number, so an
    OPML file with two "News" folders imports whole.
    """
    added: list[Feed] = []
    skipped: list[tuple[Feed, str]] = []
    with library.transaction():
        current = list_feeds(library)
        by_url = {same_feed_key(f.url): f for f in current}
        names = [f.name for f in current]
        for feed in feeds:
            key = same_feed_key(feed.url)
            if key in by_url:
                skipped.append((feed, f"already subscribed as '{by_url[key].name}'"))
                continue
            feed.url = fetched_url(feed.url)
            feed.name = unique_name(feed.name.strip() or feed.url, names)
            feed.tags = split_tags(feed.tags)
            feed.added = feed.added or now_iso()
            names.append(feed.name)
            by_url[key] = feed
            added.append(feed)
        if added:
            _table(library).insert_multiple([f.record() for f in added])
            kept = {
                _folders_key(f.url): {"url": _folders_key(f.url), "folders": f.folders}
                for f in added
                if f.folders
            }
            if kept:
                replace_by_key(_folders_table(library), "url", kept, set())
    return added, skipped


def add_feed(library: Library, feed: Feed, exact_name: bool = False) -> Feed:
    """Subscribe to one feed; LibraryError when its URL is already subscribed
    (or, with ``exact_name``, when another feed has that name)."""
    with library.transaction():
        if exact_name and any(
            f.name.casefold() == feed.name.casefold() for f in list_feeds(library)
        ):
            raise LibraryError(f"a feed named '{feed.name}' already exists")
        added, skipped = add_feeds(library, [feed])
    if skipped:
        raise LibraryError(f"{feed.url}: {skipped[0][1]}")
    return added[0]


def remove_feed(library: Library, given: str) -> Feed:
    """Unsubscribe; the feed's articles stay in the library, and its name is
    kept for them (removed_feed_names)."""
    with library.transaction():
        feed = find_feed(library, given)
        replace_by_key(_table(library), "url", {}, {feed.url})
        kept = {feed.url: {"url": feed.url, "name": feed.name}}
        replace_by_key(library._db.table(REMOVED_TABLE), "url", kept, set())
        if feed.folders:
            replace_by_key(_folders_table(library), "url", {}, {_folders_key(feed.url)})
    return feed


def removed_feed_names(library: Library) -> dict[str, str]:
    """The name each unsubscribed feed had when it was removed, by URL (a
    feed subscribed again is named by its subscription, which comes first)."""
    return {
        doc["url"]: doc["name"]
        for doc in library._db.table(REMOVED_TABLE).all()
        if isinstance(doc.get("url"), str) and isinstance(doc.get("name"), str) and doc["name"]
    }


def save_feed_states(library: Library, feeds: Iterable[Feed]) -> None:
    """Store the refresh state of feeds that are still subscribed, in one write.

    A feed removed by another process while it was being refreshed stays
    removed: its state is dropped, not written back.
    """
    with library.transaction():
        current = {f.url: f.record() for f in list_feeds(library)}
        names = [doc["name"] for doc in current.values()]
        upserts: dict[str, dict[str, Any]] = {}
        for feed in feeds:
            if feed.url not in current:
                continue
            # Only the refresh's own fields: a rename or retag made meanwhile stays.
            doc = {**current[feed.url], **{k: getattr(feed, k) for k in STATE_FIELDS}}
            if doc["name"] == feed.url and feed.title:
                # Subscribed from a bare URL (a urls file, OPML without titles):
                # the feed's own title is the better name, once it is known.
                doc["name"] = unique_name(feed.title, names)
                names.append(doc["name"])
            upserts[feed.url] = doc
        if upserts:
            moved = _folders_only_in_records(library, set(upserts))
            replace_by_key(_table(library), "url", upserts, set())
            if moved:
                replace_by_key(_folders_table(library), "url", moved, set())


def _folders_only_in_records(library: Library, urls: set[str]) -> dict[str, dict[str, Any]]:
    """Folders found only inside a feed's document (written so before they had
    a table of their own), as FOLDERS_TABLE documents: record() leaves them
    out, so a write of the feed moves them there in the same write."""
    kept = {doc.get("url") for doc in _folders_table(library).all()}
    moved: dict[str, dict[str, Any]] = {}
    for doc in _table(library).all():
        if doc.get("url") in urls and doc.get("folders"):
            feed = Feed.from_dict(doc)
            key = _folders_key(feed.url)
            if feed.folders and key not in kept:
                moved[key] = {"url": key, "folders": feed.folders}
    return moved
