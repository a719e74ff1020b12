"""What every part of a Library shares: its folder, its lock, its transactions.

The parts (storage.articles, storage.shards, storage.tag_table,
storage.analysis_cache) are mixins over :class:`LibraryBase`, combined into
storage.library.Library, so each of them writes only through the one
``transaction()`` under the one lock: a change that spans parts (removing an
article with its annotations and cached analysis) still lands whole.
"""

from __future__ import annotations

import contextlib
import os
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from tinydb import TinyDB

from storage.atomic import AtomicJSONStorage
from storage.errors import LibraryError, NotFoundError
from storage.lock import LibraryLock
from storage.tables import LibraryDB
from storage.txn import Transaction, recover

if TYPE_CHECKING:
    from storage.search_follow import CommitFollower

ID_RE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def check_id(article_id: str) -> str:
    # Ids become file names; refuse anything that could escape the folder.
    if not ID_RE.match(article_id):
        raise NotFoundError(f"no article with id {article_id!r}")
    return article_id


class LibraryBase:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        try:
            self.root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise LibraryError(
                f"{self.root}: cannot create library folder ({exc.strerror})"
            ) from exc
        if not self.root.is_dir():
            raise LibraryError(f"{self.root}: not a folder")
        self.lock = LibraryLock(self.root / ".lock")
        # Guards the in-memory caches (open shards, the id index) across the
        # app's threads; the file lock guards the files across processes.
        self._mem_lock = threading.RLock()
        #: keeps the search index in step with commits, made at the first one
        self._search_follower: CommitFollower | None = None
        self._local = threading.local()
        self._db = self.open_db(self.root / "library.json")

    def open_db(self, path: Path) -> TinyDB:
        """A TinyDB over a file of this library, reading and writing through its
        transactions."""
        return LibraryDB(path, storage=AtomicJSONStorage, transaction=self.current_transaction)

    def current_transaction(self) -> Transaction | None:
        return getattr(self._local, "txn", None)

    @contextmanager
    def transaction(self) -> Iterator[Transaction]:
        """Hold the lock; stage every change; commit them as one (see storage.txn).

        Nested calls join the outer transaction, so an operation built from
        smaller ones (an import that re-anchors, a tag merge that records undo)
        still lands as a whole.
        """
        with self.lock.hold():
            outer = self.current_transaction()
            if outer is not None:
                yield outer
                return
            recover(self.root)
            txn = Transaction(self.root)
            self._local.txn = txn
            try:
                yield txn
                with self._followed(txn):
                    txn.commit()
                self._committed(txn)
            finally:
                self._local.txn = None

    def _committed(self, txn: Transaction) -> None:
        """(Under the lock.) What a part of the library notes of a commit it
        made, before anyone else can write: see AnnotationShards."""

    def _followed(self, txn: Transaction) -> contextlib.AbstractContextManager[None]:
        """What keeps derived files in step with a commit, under the same lock:
        the search index, when the library has one (storage.search_follow)."""
        if not txn.staged or not os.path.exists(os.path.join(self.root, "search.sqlite")):
            return contextlib.nullcontext()
        if self._search_follower is None:
            from storage.search_follow import CommitFollower

            self._search_follower = CommitFollower(self)  # type: ignore[arg-type]
        return self._search_follower.following(txn)

    def close(self) -> None:
        self._db.close()
