"""The library screen's columns of every article, loaded in a fraction of the
time ``library.json`` takes to parse.

``library-catalog.json`` is a derived cache: one list per column (ids, titles,
sources, dates, feeds, story groups, entity and claim counts) made
from ``library.json`` and stamped with that file's (inode, mtime, size, ctime).
At 100,000 articles the index is ~36 MB of objects, 0.4 s to parse and ~150 MB
held as dicts; the catalog is a third of the bytes, parses several times
faster and is held as flat lists of strings and arrays of numbers. An
article's address is not a column: only the browser key wants it, for one
article, and 100,000 of them were 8 MB of the app's memory.

It is never the truth: a catalog whose stamp differs from the index's, or that
cannot be read, is ignored and made again from ``library.json``. Every write of
the index replaces the file by rename, so its inode and ctime change even
within one clock tick; the stamp is what the library screen already trusts to
notice outside changes (a display, not a writer, relies on it).

Making it from a large index is done in a child process (:func:`load` with
``lean``): the parse leaves the heap of the process that did it fragmented,
so an app that made its catalog itself kept ~190 MB at 100,000 articles
where one that read the saved file holds ~70 MB.
"""

from __future__ import annotations

import contextlib
import gc
import subprocess
import sys
import threading
from array import array
from collections.abc import Iterator, MutableSequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from newsread.model import FEED_SEPARATOR, joined_feeds
from storage.atomic import atomic_write_bytes
from storage.base import ID_RE
from storage.errors import CorruptFileError, LibraryError
from storage.lock import LibraryLock

FILE = "library-catalog.json"
INDEX = "library.json"
#: 3: the feeds column holds every feed of an article (joined_feeds), which
#: a reader of format 2 would show as one name.
FORMAT = 3
_COLUMNS = (
    "ids",
    "titles",
    "sources",
    "dates",
    "imported_dates",
    "feeds",
    "groups",
    "entities",
    "claims",
)
# Columns of small numbers, held as arrays: 4 bytes a row where a list holds an
# 8-byte pointer (the numbers themselves are shared small ints).
_NUMBERS = ("imported_dates", "entities", "claims")
# One catalog write at a time per process: a reload that finds a write going
# on leaves the cache to it.
_writing = threading.Lock()


@dataclass
class Catalog:
    """Every article's listed fields, one list per column, in index order.

    ``dates`` is the published day, else the import day; ``imported_dates``
    says (1) where it is the import day. ``groups`` is "" for an article that
    is its own story. ``entities``/``claims`` are -1 when never counted.
    """

    stamp: tuple[int, int, int, int] = (0, 0, 0, 0)
    ids: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)
    imported_dates: MutableSequence[int] = field(default_factory=lambda: array("i"))
    feeds: list[str] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)
    entities: MutableSequence[int] = field(default_factory=lambda: array("i"))
    claims: MutableSequence[int] = field(default_factory=lambda: array("i"))
    #: the catalog was made from library.json now: worth saving for next time
    fresh: bool = False

    def __len__(self) -> int:
        return len(self.ids)

    def meta(self, row: int) -> dict[str, Any]:
        """One article's listed fields as a dict, as ``article_metas`` gives them
        (less its address: ``Library.get_meta`` has it)."""
        date = self.dates[row]
        meta: dict[str, Any] = {
            "id": self.ids[row],
            "title": self.titles[row],
            "source": self.sources[row],
            "published": "" if self.imported_dates[row] else date,
            "imported": date if self.imported_dates[row] else "",
            "feed": self.feeds[row].split(FEED_SEPARATOR, 1)[0],
            "feeds": self.feeds[row].split(FEED_SEPARATOR) if self.feeds[row] else [],
            "story_group": self.groups[row],
        }
        if self.entities[row] >= 0:
            meta["entities"] = self.entities[row]
        if self.claims[row] >= 0:
            meta["claims"] = self.claims[row]
        return meta


def index_stamp(root: Path) -> tuple[int, int, int, int]:
    try:
        st = (root / INDEX).stat()
    except FileNotFoundError:
        return (0, 0, 0, 0)
    return (st.st_ino, st.st_mtime_ns, st.st_size, st.st_ctime_ns)


@contextmanager
def _gc_paused() -> Iterator[None]:
    # Parsing builds ~10^6 objects that all live on: the cyclic collector would
    # walk them again and again for nothing.
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _count(value: Any) -> int:
    # -1 for anything an int array cannot hold: a damaged count is not counted.
    ok = isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 2**31
    return value if ok else -1


def _append(catalog: Catalog, article_id: str, doc: dict[str, Any]) -> None:
    published = _text(doc.get("published"))[:10]
    group = _text(doc.get("story_group"))
    intern = sys.intern
    catalog.ids.append(article_id)
    catalog.titles.append(_text(doc.get("title")))
    # Sources, days and feeds repeat across thousands of articles: one string
    # each, not one per article.
    catalog.sources.append(intern(_text(doc.get("source"))))
    catalog.dates.append(intern(published or _text(doc.get("imported"))[:10]))
    catalog.imported_dates.append(0 if published else 1)
    # Every feed that lists the article, a line between them (joined_feeds).
    catalog.feeds.append(intern(joined_feeds(doc)))
    catalog.groups.append("" if group == article_id else group)
    catalog.entities.append(_count(doc.get("entities")))
    catalog.claims.append(_count(doc.get("claims")))


def _checked_id(path: Path, entry: str, doc: Any) -> str:
    """The entry's article id; CorruptFileError naming the entry without one."""
    article_id = doc.get("id") if isinstance(doc, dict) else None
    if not isinstance(article_id, str) or not ID_RE.match(article_id):
        what = "no id" if article_id is None else f"a bad id {article_id!r}"
        raise CorruptFileError(
            f"{path}: article entry {entry} has {what}"
            " (newsread doctor --restore can bring back a backup)"
        )
    return article_id


def from_metas(metas: list[dict[str, Any]]) -> Catalog:
    """A catalog of article metadata already in hand (as ``article_metas`` gives it)."""
    catalog = Catalog()
    for meta in metas:
        _append(catalog, str(meta["id"]), meta)
    return catalog


def from_index(root: Path) -> Catalog:
    """The catalog made from ``library.json`` as it is now (an empty one when the
    library has no index yet). CorruptFileError names a damaged index."""
    path = root / INDEX
    stamp = index_stamp(root)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Catalog(fresh=False)
    except OSError as exc:
        raise CorruptFileError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    with _gc_paused():
        try:
            tables = orjson.loads(raw) if raw.strip() else {}
        except orjson.JSONDecodeError as exc:
            raise CorruptFileError(f"{path}: not valid JSON ({exc})") from exc
        del raw
        if not isinstance(tables, dict) or not isinstance(tables.get("articles", {}), dict):
            raise CorruptFileError(f"{path}: expected a JSON object of tables")
        catalog = Catalog(stamp=stamp, fresh=True)
        for doc_id, doc in tables.get("articles", {}).items():
            _append(catalog, _checked_id(path, doc_id, doc), doc)
        del tables
    return catalog


def _from_file(root: Path, stamp: tuple[int, int, int, int]) -> Catalog | None:
    """The saved catalog when it was made from the index as it is now; None when
    it is missing, stale or unreadable (it is then simply made again)."""
    try:
        raw = (root / FILE).read_bytes()
    except OSError:
        return None
    with _gc_paused():
        try:
            data = orjson.loads(raw)
        except orjson.JSONDecodeError:
            return None
        if (
            not isinstance(data, dict)
            or data.get("format") != FORMAT
            or tuple(data.get("stamp") or ()) != stamp
        ):
            return None
        columns = [data.get(name) for name in _COLUMNS]
        if not all(isinstance(c, list) for c in columns):
            return None
        if len({len(c) for c in columns}) > 1:
            return None
        try:
            for name in _NUMBERS:
                at = _COLUMNS.index(name)
                columns[at] = array("i", columns[at])
        except (TypeError, OverflowError):
            return None
        catalog = Catalog(stamp, *columns)
        intern = sys.intern
        # The file spells each repeated string once per row: share them again
        # (a story's copies share its group: 6 MB at 100,000 grouped articles).
        for name in ("sources", "dates", "feeds", "groups"):
            setattr(catalog, name, [intern(s) for s in getattr(catalog, name)])
    return catalog


#: An index at least this large is parsed by a child process when ``lean``
#: (~25,000 articles); below it the parse costs less than starting Python.
LEAN_BYTES = 8 << 20
#: How long a child may take before it is stopped (and the parse is done here).
CHILD_TIMEOUT = 120.0


#: A saved catalog at most this large (~20,000 articles, ~30 ms to read and
#: sort) is read before the app's first frame (tui.first_paint, the library
#: screen's mount); a larger one only by the load's worker.
QUICK_CATALOG_BYTES = 2 << 20


#: An index at most this large has a catalog of at most QUICK_CATALOG_BYTES
#: (a catalog holds about a third of the index's bytes).
QUICK_INDEX_BYTES = 3 * QUICK_CATALOG_BYTES


def keep_small(root: Path, lock: Any, since: tuple[int, int, int, int]) -> bool:
    """After a command changed a small library's index (its stamp is no longer
    ``since``): the catalog made and saved now, so that the app's next start
    draws the titles at once (tui.first_paint) instead of leaving them to its
    worker. ~1 ms at 100 articles, ~60 ms at 10,000; a larger library is left
    to the app. Returns whether a catalog was saved."""
    stamp = index_stamp(root)
    if stamp in (since, (0, 0, 0, 0)) or stamp[2] > QUICK_INDEX_BYTES:
        return False
    return save(root, from_index(root), lock)


def saved_small(root: Path, limit: int) -> Catalog | None:
    """The saved catalog when it matches the index and its file holds at most
    ``limit`` bytes; else None (nothing is made: ``load`` does that)."""
    try:
        if (root / FILE).stat().st_size > limit:
            return None
    except OSError:
        return None
    stamp = index_stamp(root)
    if stamp == (0, 0, 0, 0):
        return None
    return _from_file(root, stamp)


def load(root: Path, lean: bool = False) -> Catalog:
    """The catalog of the library at ``root`` as its index is now: the saved one
    when it matches the index, else made from the index (``fresh`` is then set,
    and ``save`` keeps it for next time).

    ``lean``: a large index is parsed by a child process, which saves the
    catalog for this one to read, so this process's memory does not keep the
    parse's high-water mark. Should the child fail (a read-only library, the
    lock busy, the index replaced meanwhile), the index is parsed here."""
    stamp = index_stamp(root)
    if stamp == (0, 0, 0, 0):
        return Catalog()
    saved = _from_file(root, stamp)
    if saved is not None:
        return saved
    if lean and stamp[2] >= LEAN_BYTES and _made_by_child(root):
        saved = _from_file(root, stamp)
        if saved is not None:
            return saved
    return from_index(root)


def _made_by_child(root: Path) -> bool:
    try:
        done = subprocess.run(
            [sys.executable, "-m", "storage.catalog", str(root)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=CHILD_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0


def save(root: Path, catalog: Catalog, lock: Any) -> bool:
    """Keep ``catalog`` for the next load, under the library ``lock`` and only if
    the index is still the one it was made from (checked inside the lock). A
    library that cannot be written is left without one. Returns whether saved."""
    if not catalog.fresh or not _writing.acquire(blocking=False):
        return False
    try:
        data = {"format": FORMAT, "stamp": list(catalog.stamp)}
        for name in _COLUMNS:
            column = getattr(catalog, name)
            data[name] = column.tolist() if isinstance(column, array) else column
        encoded = orjson.dumps(data)
        with lock.hold():
            if index_stamp(root) != catalog.stamp:
                return False
            with contextlib.suppress(LibraryError, OSError):
                atomic_write_bytes(root / FILE, encoded, root / ".tmp")
                catalog.fresh = False
                return True
        return False
    finally:
        _writing.release()


def streamed(root: Path) -> Catalog:
    """``from_index``, read one index entry at a time through the spans file
    (storage.index_spans): the whole parse of 100,000 entries held ~250 MB at
    once in the child that makes the catalog, beside the app. Where the spans
    do not read the index, the library parses it whole, as ``from_index`` does."""
    from storage.library import Library

    stamp = index_stamp(root)
    if stamp == (0, 0, 0, 0):
        return Catalog(fresh=False)
    library = Library(root)
    try:
        _, entries = library.streamed_entries()
        catalog = Catalog(stamp=stamp, fresh=True)
        with _gc_paused():
            for n, doc in enumerate(entries, 1):
                _append(catalog, _checked_id(root / INDEX, str(n), doc), doc)
    finally:
        library.close()
    return catalog


def _main(argv: list[str]) -> int:
    """``python -m storage.catalog ROOT``: make the catalog of the library at
    ROOT and save it; exit status 0 only when it was saved."""
    if len(argv) != 1:
        print("usage: python -m storage.catalog LIBRARY", file=sys.stderr)
        return 2
    root = Path(argv[0])
    try:
        made = streamed(root)
    except LibraryError as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0 if save(root, made, LibraryLock(root / ".lock")) else 1


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
