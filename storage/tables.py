"""TinyDB as the library uses it: tables that trust nothing remembered, bulk writes.

Another process may write a library file between two of our reads, and TinyDB
rewrites a whole file per write; both shape what is here.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from tinydb import TinyDB
from tinydb.table import Table


class FreshTable(Table):
    """A TinyDB table that trusts nothing it remembered from before the lock.

    TinyDB caches the next document id and query results per table object; a
    write by another process makes both wrong ("Document with ID 2 already
    exists"). Ids are recounted from the file at every insert, and results are
    never cached.
    """

    default_query_cache_capacity = 0

    def insert(self, document: Any) -> int:
        self._next_id = None
        return super().insert(document)

    def insert_multiple(self, documents: Iterable[Any]) -> list[int]:
        self._next_id = None
        return super().insert_multiple(documents)


class LibraryDB(TinyDB):
    table_class = FreshTable


def replace_by_key(
    table: Table, key: str, upserts: dict[str, dict[str, Any]], gone: set[str]
) -> None:
    """Replace or add documents by a field's value and drop others, in one write.

    Uses TinyDB's private ``_update_table`` (safe: TinyDB is pinned exactly)
    because the public API would write once per document.
    """

    def updater(docs: dict[int, Any]) -> None:
        pending = dict(upserts)
        for doc_id, doc in list(docs.items()):
            value = doc.get(key)
            if value in gone:
                del docs[doc_id]
            elif value in pending:
                docs[doc_id] = pending.pop(value)
        next_id = max(docs, default=0) + 1
        for offset, doc in enumerate(pending.values()):
            docs[next_id + offset] = doc

    table._update_table(updater)
    # Ids were assigned here, so TinyDB's cached next id must be recounted.
    table._next_id = None


def replace_all(table: Table, docs: list[dict[str, Any]]) -> None:
    """Make ``docs`` the table's whole content in one write to the storage
    (truncate then insert would stage the file twice; the library's
    transaction makes either safe against a kill, this one cheaper)."""

    def updater(current: dict[int, Any]) -> None:
        current.clear()
        for offset, doc in enumerate(docs, start=1):
            current[offset] = doc

    table._update_table(updater)
    table._next_id = None
