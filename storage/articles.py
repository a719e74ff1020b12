"""The article index (``library.json``'s articles table) and the body files.

Bodies are plain files under ``bodies/``, written only on import, so that the
index TinyDB rewrites on every change stays small.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from tinydb.table import Table

from newsread.model import Article, merged_meta
from storage.atomic import current_tables, file_stamp
from storage.base import ID_RE, LibraryBase, check_id
from storage.body_integrity import check_body
from storage.errors import CorruptFileError, NotFoundError
from storage.index_patch import PatchedIndex
from storage.index_spans import LazyTables, _entry_at, listing_key

#: Every id of the index joined by newlines, each as storage.base.ID_RE allows.
_IDS_RE = re.compile(r"(?:[A-Za-z0-9_-]{1,64}\n)*")


def _then_whole(
    docs: Iterable[dict[str, Any] | None],
    count: int,
    whole: Callable[[], list[dict[str, Any]]],
) -> Iterator[dict[str, Any]]:
    """``docs`` (entries read one by one through the spans) until one is not
    there (None: its range does not hold its entry; or fewer than ``count``:
    the index was parsed whole meanwhile), then the rest of ``whole()`` from
    that place on (the same order, the ids being unique), which names what is
    wrong if anything is."""
    done = 0
    for doc in docs:
        if doc is None:
            break
        yield doc
        done += 1
    if done < count:
        yield from whole()[done:]


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
        """(inode, mtime, size, ctime) of library.json (see file_stamp)."""
        return file_stamp(self.root / "library.json")

    def article_metas(self) -> list[dict[str, Any]]:
        """Every article's metadata (no bodies), oldest first (published, else
        imported), then by title."""
        return [dict(meta) for meta in self.listed_entries()]

    def listed_entries(self) -> list[dict[str, Any]]:
        """article_metas without the copies, for reading only: ``list --json``
        at 100,000 articles starts printing that much sooner."""
        entries = list(self._by_id().values())
        entries.sort(key=listing_key)
        return entries

    def listed_stream(self) -> Iterator[dict[str, Any]]:
        """listed_entries one at a time, for reading only: through the listing
        order the spans file keeps (storage.index_spans), each entry parsed as
        it is reached, so ``list --json`` prints its first row at once instead
        of after parsing and sorting 100,000. Otherwise, and from an entry the
        spans do not read right onwards, the whole parse's listing."""
        lazy = self._lazy_index()
        raw = lazy.held_bytes() if isinstance(lazy, LazyTables) else None
        order = lazy.spans.order if isinstance(lazy, LazyTables) else None
        if lazy is None or raw is None or order is None:
            yield from self.listed_entries()
            return
        spans = lazy.spans
        ids = spans.ids
        docs = (_entry_at(raw, spans, i, ids[i]) for i in order)
        yield from _then_whole(docs, len(order), self.listed_entries)

    def index_entries(self) -> list[dict[str, Any]]:
        """Every article's index entry, in index order, not copied: for reading
        only (article_metas copies and sorts them, ~0.3 s at 100,000)."""
        return list(self._by_id().values())

    def streamed_entries(self) -> tuple[int, Iterator[dict[str, Any]]]:
        """How many articles there are, and every index entry in index order,
        for reading only. Read through the spans, one entry is parsed at a time:
        a pass over 100,000 articles (building the search index) then holds one
        entry instead of the ~150 MB of the whole table. Otherwise, and from an
        entry the spans do not read right onwards, the shared parse's entries."""
        lazy = self._lazy_index()
        if isinstance(lazy, LazyTables):
            # The count and the check from the spans, and the ids read one at
            # a time: no list of 100,000 ids beside the pass.
            count = len(lazy.spans.starts) if lazy.spans.ids_unique() else None
        else:
            ids = lazy.article_ids() if lazy is not None else None
            count = len(ids) if ids is not None and len(set(ids)) == len(ids) else None
        if lazy is None or count is None:
            # A repeated id: the whole parse keeps its last entry only.
            entries = self.index_entries()
            return len(entries), iter(entries)
        return count, _then_whole(lazy.entries(), count, self.index_entries)

    def article_count(self) -> int:
        """How many articles there are: from the spans when they say the ids
        are unique, without a set of 100,000 ids."""
        lazy = self._lazy_index()
        if isinstance(lazy, LazyTables) and lazy.spans.ids_unique():
            return len(lazy.spans.starts)
        return len(self.article_ids())

    def article_ids(self) -> set[str]:
        lazy = self._lazy_index()
        ids = lazy.article_ids() if lazy is not None else None
        return set(ids) if ids is not None else set(self._by_id())

    def has_article(self, article_id: str) -> bool:
        """Whether the index holds ``article_id`` (reads one entry when it can)."""
        try:
            self.get_meta(article_id)
        except NotFoundError:
            return False
        return True

    def _lazy_index(self) -> LazyTables | PatchedIndex | None:
        """The index as read through its spans file (storage.index_spans), when
        its articles table is not parsed yet, or as staged by splicing a few
        entries into it (storage.index_patch): then one article's entry is read
        without parsing 100,000 of them."""
        path = self.root / "library.json"
        txn = self.current_transaction()
        tables = txn.current(path) if txn is not None else current_tables(path)
        if isinstance(tables, (LazyTables, PatchedIndex)) and not tables.loaded("articles"):
            return tables
        return None

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
            # (see current_tables), once per transaction; the shared parse is
            # reused when they match.
            tables = txn.current(path) or {}
            with self._mem_lock:
                if self._staged_index is not None and self._staged_index[0] is tables:
                    # What this process staged and committed (storage.txn hands
                    # it to the parse cache): already indexed.
                    self._index, self._index_source = self._staged_index[1], tables
                    self._index_stamp = None
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
        pairs = list(docs)
        if pairs and all(isinstance(item, tuple) for item in pairs[:1]):
            # The common case, checked in bulk: one regular expression over every
            # id joined by newlines is ~10x faster than a match per entry at
            # 100,000 articles. Anything odd takes the entry-by-entry path below,
            # which names the bad entry.
            index = {doc.get("id"): doc for _, doc in pairs}
            try:
                joined = "\n".join(index)  # TypeError when an id is not a string
            except TypeError:
                joined = None
            if (
                joined is not None
                and len(index) == len(pairs)
                and _IDS_RE.fullmatch(joined + "\n") is not None
            ):
                return index
        index = {}
        for item in pairs:
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
        check_id(article_id)
        lazy = self._lazy_index()
        if lazy is not None:
            entry = lazy.entry(article_id)
            if entry is None:
                raise NotFoundError(f"no article with id {article_id!r}")
            if entry is not False:
                return dict(entry)  # type: ignore[arg-type]
        meta = self._by_id().get(article_id)
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

    def checked_body(self, article_id: str, meta: dict[str, Any] | None = None) -> str:
        """read_body, refused (DamagedBodyError) when the text is not the one
        the index recorded: anything placed by offsets into it would land on
        the wrong words."""
        if meta is None:
            meta = self.get_meta(article_id)
        return check_body(self.body_path(article_id), self.read_body(article_id), meta)

    def get_article(self, article_id: str) -> Article:
        meta = self.get_meta(article_id)
        body = self.checked_body(article_id, meta)
        try:
            return Article.from_meta(meta, body)
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
            # A changed article's fields are replaced whole (a flag it no longer
            # has is cleared); keys it does not know are kept (merged_meta).
            meta = self._meta_reader()
            self.update_entries({a.id: merged_meta(meta(a.id), a) for a in batch})

    def _meta_reader(self) -> Callable[[str], dict[str, Any] | None]:
        """get_meta for a pass over many articles: the index resolved once (through
        its spans when it is not parsed yet), not per article (half the time of
        reading 10,000 annotated articles); None for no entry. The entries are
        shared: callers must not change them."""
        lazy = self._lazy_index()
        index: dict[str, dict[str, Any]] | None = None

        def meta(article_id: str) -> dict[str, Any] | None:
            nonlocal index
            if lazy is not None:
                entry = lazy.entry(article_id)
                if entry is None:
                    return None
                if entry is not False:
                    return entry  # type: ignore[return-value]
            if index is None:
                index = self._by_id()
            return index.get(article_id)

        return meta

    def set_story_groups(self, groups: dict[str, str], only: bool = False) -> None:
        """Give articles their groups. ``only``: ``groups`` names every article
        whose group may have changed, the rest keep theirs (a few new articles
        and their partners: read through the spans, not the whole index)."""
        with self.transaction():
            if only:
                changed = {}
                meta = self._meta_reader()
                for aid, group in groups.items():
                    doc = meta(aid)
                    if doc and doc.get("story_group", "") != group:
                        changed[aid] = {**doc, "story_group": group}
                self.update_entries(changed)
                return
            index = self._by_id()
            self.update_entries(
                {
                    aid: {**doc, "story_group": groups.get(aid, "")}
                    for aid, doc in index.items()
                    if doc.get("story_group", "") != groups.get(aid, "")
                }
            )

    def update_entries(self, entries: dict[str, dict[str, Any]]) -> None:
        """Replace the index entries of these article ids (or add them), in one
        staged write of library.json.

        Not through TinyDB: its update copies every one of 100,000 entries twice
        (~1 s) to change a few. Here the new articles table shares the untouched
        entries with the parse of the file (nobody changes those in place) and
        only the given ones are new objects. Document ids follow TinyDB's rule
        (an added entry gets the highest id + 1), so TinyDB reads the file as
        before.
        """
        if not entries:
            return
        path = self.root / "library.json"
        with self.transaction() as txn:
            lazy = self._lazy_index()
            if lazy is not None and all(isinstance(a, str) and ID_RE.match(a) for a in entries):
                patched = PatchedIndex.make(lazy, entries)
                if patched is not None:
                    txn.stage_tables(path, patched, owned=True)  # type: ignore[arg-type]
                    return
            tables = txn.current(path) or {}
            index = self._by_id()  # of ``tables``: updated below, not rebuilt
            articles = tables.get("articles", {})
            keys: dict[str, list[str]] = {}
            for key, doc in articles.items():
                if doc.get("id") in entries:
                    keys.setdefault(doc["id"], []).append(key)
            table = dict(articles)
            next_id = max(map(int, articles), default=0) + 1
            new_index = dict(index)
            for article_id, entry in entries.items():
                found = keys.get(article_id)
                if not found:
                    table[str(next_id)] = entry
                    new_index[article_id] = entry
                    next_id += 1
                # Every entry of that id, as TinyDB's update by condition did.
                for key in found or ():
                    table[key] = new_index[article_id] = dict(entry)
            new_tables = dict(tables)
            new_tables["articles"] = table
            txn.stage_tables(path, new_tables, owned=True)
            if all(isinstance(a, str) and ID_RE.match(a) for a in entries):
                # The id index of what was staged, without indexing 100,000
                # entries again (a bad id is left to _index_of, which names it).
                with self._mem_lock:
                    self._staged_index = (new_tables, new_index)
