"""The article index (``library.json``'s articles table) and the body files.

Bodies are plain files under ``bodies/``, written only on import, so that the
index TinyDB rewrites on every change stays small.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from tinydb.table import Table

from newsread.model import Article
from storage.atomic import current_tables
from storage.base import ID_RE, LibraryBase, check_id
from storage.errors import CorruptFileError, NotFoundError


class ArticleIndex(LibraryBase):
    def __init__(self, root: Path) -> None:
        super().__init__(root)
        self._index: dict[str, dict[str, Any]] = {}
        self._index_stamp: tuple[int, ...] | None = None
        self._index_source: dict[str, Any] | None = None
        # (the staged tables it was made from, kept alive so identity is unique; index)
        self._staged_index: tuple[dict[str, Any], dict[str, dict[str, Any]]] | None = None

    def _articles(self) -> Table:
        return self._db.table("articles")

    def _index_file_stamp(self) -> tuple[int, int, int, int]:
        """(inode, mtime, size, ctime) of library.json. Every write replaces the
        file by rename, so the inode and ctime change even within one clock tick."""
        try:
            st = (self.root / "library.json").stat()
        except FileNotFoundError:
            return (0, 0, 0, 0)
        return (st.st_ino, st.st_mtime_ns, st.st_size, st.st_ctime_ns)

    def article_metas(self) -> list[dict[str, Any]]:
        """Every article's metadata (no bodies), oldest first (published, else
        imported), then by title."""
        metas = [dict(meta) for meta in self._by_id().values()]
        metas.sort(key=lambda m: (m.get("published") or m.get("imported") or "", m["title"]))
        return metas

    def article_ids(self) -> set[str]:
        return set(self._by_id())

    def _by_id(self) -> dict[str, dict[str, Any]]:
        """Article metadata by id, rebuilt only when library.json changes on disk.

        A TinyDB query scans every document; lookups by id happen per article
        (export, regrouping, opening), so a dict keeps them constant-time. Built
        from the shared parse of the file (storage.atomic.current_tables), not
        through TinyDB, which would copy every entry twice: the entries are
        shared, so callers get copies (get_meta, article_metas) and never
        change them.
        """
        path = self.root / "library.json"
        txn = self.current_transaction()
        if txn is not None and txn.is_staged(path):
            # What is staged counts: indexed once per staging, not per lookup.
            staged = txn.staged_tables(path) or {}
            with self._mem_lock:
                if self._staged_index is None or self._staged_index[0] is not staged:
                    index = self._index_of(staged.get("articles", {}).items())
                    self._staged_index = (staged, index)
                return self._staged_index[1]
        if txn is not None:
            # A writer under the lock: the file's bytes decide, not its stamp
            # (see current_tables); the shared parse is reused when they match.
            tables = current_tables(path, verify=True) or {}
            with self._mem_lock:
                if self._index_source is not tables:
                    self._index = self._index_of(tables.get("articles", {}).items())
                    self._index_source = tables
                    self._index_stamp = None
                return self._index
        stamp = self._index_file_stamp()
        with self._mem_lock:
            if stamp != self._index_stamp:
                tables = current_tables(path) or {}
                self._index = self._index_of(tables.get("articles", {}).items())
                self._index_stamp = stamp
                self._index_source = tables
            return self._index

    def _index_of(self, docs: Iterable[Any]) -> dict[str, dict[str, Any]]:
        """``docs``: TinyDB documents, or (doc id, entry) pairs of the raw table."""
        index: dict[str, dict[str, Any]] = {}
        for item in docs:
            doc_id, doc = item if isinstance(item, tuple) else (item.doc_id, item)
            article_id = doc.get("id")
            if not isinstance(article_id, str) or not ID_RE.match(article_id):
                raise CorruptFileError(
                    f"{self.root / 'library.json'}: article entry {doc_id} has "
                    f"{'no id' if article_id is None else f'a bad id {article_id!r}'}"
                    " (newsread doctor --restore can bring back a backup)"
                )
            index[article_id] = doc
        return index

    def get_meta(self, article_id: str) -> dict[str, Any]:
        meta = self._by_id().get(check_id(article_id))
        if meta is None:
            raise NotFoundError(f"no article with id {article_id!r}")
        return dict(meta)

    def body_path(self, article_id: str) -> Path:
        return self.root / "bodies" / f"{check_id(article_id)}.txt"

    def read_body(self, article_id: str) -> str:
        path = self.body_path(article_id)
        txn = self.current_transaction()
        if txn is not None:
            body = txn.read_text(path)
        else:
            try:
                body = path.read_bytes().decode("utf-8")
            except FileNotFoundError:
                body = None
            except UnicodeDecodeError as exc:
                raise CorruptFileError(f"{path}: not valid UTF-8 (byte {exc.start})") from exc
            except OSError as exc:
                raise CorruptFileError(f"{path}: cannot read ({exc.strerror or exc})") from exc
        if body is None:
            raise CorruptFileError(f"{path}: body file is missing")
        return body

    def get_article(self, article_id: str) -> Article:
        meta = self.get_meta(article_id)
        try:
            return Article.from_meta(meta, self.read_body(article_id))
        except TypeError as exc:
            raise CorruptFileError(
                f"{self.root / 'library.json'}: article {article_id} is malformed ({exc})"
            ) from exc

    def save_articles(self, articles: Iterable[Article]) -> None:
        """Add or replace articles: bodies first, then one index write for the batch.

        Writing bodies before the index means a crash in between leaves at worst
        an unreferenced body file, never an index entry without its body.
        """
        batch = list(articles)
        if not batch:
            return
        with self.transaction() as txn:
            for article in batch:
                txn.stage_text(self.body_path(article.id), article.body)
            table = self._articles()
            existing = set(self._by_id())
            changed = {a.id: a.meta_dict() for a in batch if a.id in existing}
            if changed:
                # One pass and one write for the whole batch, however many changed.
                table.update(
                    lambda doc: doc.update(changed[doc["id"]]),
                    cond=lambda doc: doc.get("id") in changed,
                )
            inserts = [a.meta_dict() for a in batch if a.id not in existing]
            if inserts:
                table.insert_multiple(inserts)

    def set_story_groups(self, groups: dict[str, str]) -> None:
        with self.transaction():
            table = self._articles()
            changed = {
                doc["id"]: groups.get(doc["id"], "")
                for doc in self._by_id().values()
                if doc.get("story_group", "") != groups.get(doc["id"], "")
            }
            if changed:
                table.update(
                    lambda doc: doc.update(story_group=changed[doc["id"]]),
                    cond=lambda doc: doc.get("id") in changed,
                )
