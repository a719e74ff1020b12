"""Keeping the search index in step with every library commit.

``Library.transaction`` wraps each commit in its CommitFollower when the
library has a search index: under the library lock, in one SQLite
transaction held across the commit, the articles the commit changed are
re-indexed, and when the index was current before (its stamps are exactly the
library's) the new stamps are stored, so it is current after: the next search
checks three stamps and reads nothing. Killed at any point, SQLite rolls back
and the old stamps make the next search catch up (storage.search_index). A
busy or damaged index is left alone: this never fails a commit, nor delays it
by more than ``WAIT`` (another process's index write; a sync holding the
library lock cannot be one).

Nothing here imports the Library: it runs inside the Library's transactions.
"""

from __future__ import annotations

import contextlib
import itertools
import operator
import sqlite3
import threading
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Protocol

from storage.errors import LibraryError, NotFoundError
from storage.faults import boundary
from storage.index_patch import PatchedIndex
from storage.search_rows import (
    FILE,
    FORMAT,
    Busy,
    Damaged,
    Folders,
    IndexConnection,
    format_of,
    index_doc,
    library_stamps,
    meta_fingerprint,
    stamped_elsewhere,
    store_stamps,
    stored_stamps,
)

if TYPE_CHECKING:
    from pathlib import Path

    from storage.txn import Transaction

#: Seconds to wait for another process's write of the index.
WAIT = 2.0


class _Followed(Protocol):
    """What of the library the follower uses."""

    root: Path

    def get_meta(self, article_id: str) -> dict[str, Any]: ...


class CommitFollower:
    """One library's follower: its own connection, used under the library lock."""

    def __init__(self, library: _Followed) -> None:
        self.library = library
        self._file = IndexConnection(library.root / FILE, WAIT)
        self._mutex = threading.Lock()

    @contextlib.contextmanager
    def following(self, txn: Transaction) -> Iterator[None]:
        conn: sqlite3.Connection | None = None
        stored: dict[str, Any] = {}
        before: dict[str, Any] = {}
        elsewhere = False
        self._mutex.acquire()
        try:
            conn = self._file.get()
            if format_of(conn) != FORMAT:
                raise Busy("another format: the next sync rebuilds it")
            before = library_stamps(self.library.root, exact=True)
            conn.execute("BEGIN IMMEDIATE")
            stored = stored_stamps(conn)
            elsewhere = stamped_elsewhere(conn)
        except (sqlite3.Error, Busy, Damaged, LibraryError, OSError):
            if conn is not None and conn.in_transaction:
                with contextlib.suppress(sqlite3.Error):
                    conn.execute("ROLLBACK")
            conn = None
        try:
            yield  # the commit; its errors are the caller's
        except BaseException:
            if conn is not None:
                with contextlib.suppress(sqlite3.Error):
                    conn.execute("ROLLBACK")
            self._mutex.release()
            raise
        try:
            if conn is not None:
                self._follow(conn, txn, stored, before, elsewhere)
        except (sqlite3.Error, Damaged, LibraryError, OSError):
            with contextlib.suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
        finally:
            self._mutex.release()

    def _follow(
        self,
        conn: sqlite3.Connection,
        txn: Transaction,
        stored: dict[str, Any],
        before: dict[str, Any],
        elsewhere: bool,
    ) -> None:
        touched, entries, gone, index_known = _changed_articles(txn)
        folders = Folders(self.library.root)
        for aid in sorted(touched | gone):
            entry = entries.get(aid)
            if entry is None and aid not in gone:
                with contextlib.suppress(NotFoundError, ValueError):
                    entry = self.library.get_meta(aid)
            index_doc(conn, folders, aid, entry)
            boundary("search-index: follow")
        after = library_stamps(self.library.root, exact=True)
        known = {"annotations", "analysis"} | ({"library"} if index_known else set())
        stamps = dict(stored)
        for key in after:
            # A key moves on only if the index was current for it before and
            # every change under it is known to have been indexed above.
            if key in known and stored.get(key) is not None and stored.get(key) == before.get(key):
                stamps[key] = after[key]
        if stamps != stored:
            # Stamps another version stored stay marked as such: moving them
            # on must not hide its rows from the next sync's check.
            store_stamps(conn, stamps, checked=not elsewhere)
        conn.execute("COMMIT")


def _changed_articles(
    txn: Transaction,
) -> tuple[set[str], dict[str, dict[str, Any]], set[str], bool]:
    """(touched ids, their new index entries when the index changed, removed
    ids, whether every change to the index is known) of a committed transaction."""
    touched: set[str] = set()
    for rel in txn.committed:
        folder, _, name = rel.partition("/")
        if folder in ("bodies", "annotations", "analysis") and "/" not in name:
            touched.add(name.rpartition(".")[0])
    entries: dict[str, dict[str, Any]] = {}
    gone: set[str] = set()
    index = txn.index_tables()
    if index is None:
        return touched, entries, gone, "library.json" not in txn.committed
    if isinstance(index[1], PatchedIndex) and index[1].base is index[0]:
        # A few entries spliced into the index: they are the changes, and
        # comparing the tables would parse all 100,000 of them.
        for article_id, (was, entry) in index[1].changes().items():
            if was != entry:
                if was is None or meta_fingerprint(was) != meta_fingerprint(entry):
                    touched.add(article_id)
                entries[article_id] = entry
        return touched, entries, gone, True
    old_table = (index[0] or {}).get("articles") or {}
    new_table = (index[1] or {}).get("articles") or {}
    get = old_table.get
    changed = [
        (was, new_table[key])
        for key in _suspects(old_table, new_table)
        if (was := get(key)) != new_table[key]
    ]
    for was, entry in changed:
        if was is None or meta_fingerprint(was) != meta_fingerprint(entry):
            touched.add(entry.get("id"))
        if was is not None and was.get("id") != entry.get("id"):
            touched.add(was.get("id"))
    if len(old_table) > len(new_table) - sum(1 for was, _ in changed if was is None):
        gone = {e.get("id") for k, e in old_table.items() if k not in new_table}
    entries = {entry.get("id"): entry for _, entry in changed}
    touched = {a for a in touched if isinstance(a, str)}
    gone = {a for a in gone if isinstance(a, str)}
    return touched, entries, gone, True


def _suspects(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """The keys of ``new`` whose entries may differ from ``old``'s. Entries
    keep their TinyDB document ids across updates, new ones are appended, and
    an update shares the entries it leaves alone with the index as read
    (storage.txn stage_tables, owned): when the old keys lead the new ones in
    order, the entries are compared by identity in C (~3 ms at 100,000, where
    a Python loop takes ~25 ms); otherwise (a removal) every key is a suspect."""
    old_keys, new_keys = list(old), list(new)
    count = len(old_keys)
    if new_keys[:count] != old_keys:
        return new_keys
    moved = map(operator.is_not, old.values(), itertools.islice(new.values(), count))
    return [*itertools.compress(old_keys, moved), *new_keys[count:]]
