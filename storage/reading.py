"""Which articles the user has read: ``reading.json``, a small TinyDB of its own.

Kept out of ``library.json`` on purpose: opening an article marks it read, and
rewriting the whole index (large at 100,000 articles) on every open would cost
far more than the mark is worth. Here a mark rewrites one small file, through
the library's transactions like every other write (under the lock, merged
into what is on disk, atomically replaced), so the app and another process
marking articles at the same time never undo each other's marks.

What is stored is the set of read article ids; every article not in it is
unread, so whatever an import or a refresh brings in starts unread without
anyone writing here. Ids of deleted articles may linger: harmless, and an
article brought back under the same id is one the user has read.

Each reader (the annotator name: annotators sharing a library each go
through every article) has a set of their own. The shared set of document 1
is what releases before per-reader marks wrote, and what they still read and
write: a reader with no set of their own yet reads it, and starts their own
from it at their first mark, so an upgrade makes nothing read unread.
Reader names are compared as annotator names are (newsread.annotators):
"Ines" and " ines " read and mark one set.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from pathlib import Path

from tinydb.table import Document

from newsread.annotators import annotator_key
from storage.base import check_id
from storage.library import Library

FILE = "reading.json"
_TABLE = "read"
# One document holding every id: a set costs a sorted list's worth of bytes,
# where a document per id would repeat the field name and a doc id each time.
_DOC_ID = 1


class ReadState:
    def __init__(self, library: Library, reader: str | None = None) -> None:
        self.library = library
        #: whose marks these are; None reads and writes the shared set
        self.reader = reader
        self.path: Path = library.root / FILE
        self._db = library.open_db(self.path)
        self._table = self._db.table(_TABLE)
        # TinyDB objects are not thread-safe; the app reads on one worker while
        # its writer thread marks on another.
        self._lock = threading.RLock()

    def _docs(self) -> list[Document]:
        # One read of the file: the shared set and every reader's.
        with self._lock:
            return self._table.all()

    def _own_docs(self, docs: list[Document]) -> list[Document]:
        """The reader's own sets among ``docs``, first written first: more than
        one when earlier releases kept "Ines" and "ines" apart (one reader, as
        newsread.annotators compares names); their marks are read together."""
        if self.reader is None:
            return []
        key = annotator_key(self.reader)
        own = [
            d
            for d in docs
            if d.doc_id != _DOC_ID
            and isinstance(d.get("reader"), str)
            and annotator_key(d["reader"]) == key
        ]
        return sorted(own, key=lambda d: d.doc_id)

    def _ids(self, docs: list[Document] | None = None) -> set[str]:
        docs = self._docs() if docs is None else docs
        chosen = self._own_docs(docs) or [d for d in docs if d.doc_id == _DOC_ID]
        return {i for doc in chosen for i in doc.get("ids", []) if isinstance(i, str)}

    def read_ids(self) -> set[str]:
        """The ids of every article marked read (as on disk now)."""
        return self._ids()

    def is_read(self, article_id: str) -> bool:
        return article_id in self._ids()

    def mark(self, article_ids: Iterable[str], read: bool = True) -> bool:
        """Mark articles read (or unread again); False when nothing changed, and
        then nothing is written."""
        wanted = {check_id(i) for i in article_ids}
        with self.library.transaction():
            docs = self._docs()
            current = self._ids(docs)
            changed = current | wanted if read else current - wanted
            if changed == current:
                return False
            self._write(changed, docs)
        return True

    def _write(self, ids: set[str], docs: list[Document]) -> None:
        with self._lock:
            if self.reader is None:
                self._table.upsert(Document({"ids": sorted(ids)}, doc_id=_DOC_ID))
                return
            own = self._own_docs(docs)
            if not own:
                # Never document 1, which older releases read as everyone's.
                fields = {"reader": self.reader.strip(), "ids": sorted(ids)}
                last = max((d.doc_id for d in docs), default=0)
                self._table.insert(Document(fields, doc_id=max(last, _DOC_ID) + 1))
                return
            # The first set keeps its name as written; the others' marks are
            # in ``ids`` now, so they go (in this transaction: one replace).
            first, *others = own
            self._table.upsert(Document({**first, "ids": sorted(ids)}, doc_id=first.doc_id))
            if others:
                self._table.remove(doc_ids=[d.doc_id for d in others])

    def unmark_everywhere(self, article_ids: Iterable[str]) -> bool:
        """Unread again for every reader (and in the shared set); False when
        nothing changed, and then nothing is written."""
        gone = {check_id(i) for i in article_ids}
        changed = False
        with self.library.transaction(), self._lock:
            for doc in self._docs():
                ids = doc.get("ids", [])
                if not isinstance(ids, list) or not gone.intersection(ids):
                    continue
                kept = sorted(i for i in ids if isinstance(i, str) and i not in gone)
                self._table.upsert(Document({**doc, "ids": kept}, doc_id=doc.doc_id))
                changed = True
        return changed

    def toggle(self, article_id: str) -> bool:
        """Flip one article; returns whether it is read now."""
        with self.library.transaction():
            now_read = not self.is_read(article_id)
            self.mark([article_id], now_read)
        return now_read

    def stamp(self) -> tuple[int, ...]:
        """Changes whenever any process marks something (files are replaced by
        rename, so the inode moves even within one clock tick)."""
        try:
            st = self.path.stat()
        except FileNotFoundError:
            return (0, 0)
        return (st.st_ino, st.st_mtime_ns)

    def close(self) -> None:
        self._db.close()


def mark_unread(library: Library, article_ids: list[str]) -> None:
    """New text is news again, as a feed reader has it: articles whose text an
    import or a refresh changed are unread for every reader (their annotations
    stay, moved onto the text), in the caller's transaction."""
    if not article_ids:
        return
    state = ReadState(library)
    try:
        state.unmark_everywhere(article_ids)
    finally:
        state.close()
