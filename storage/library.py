"""The library folder: article index, bodies, annotations, tags, analysis cache.

Layout (all JSON written atomically, see storage.atomic)::

    library.json            TinyDB: _meta (schema version), articles (metadata), tags
    bodies/<id>.txt         article bodies: bulky, written only on import
    annotations/<id>.json   TinyDB per article: annotations, rejected suggestions
    analysis/<id>.json      cached analysis keyed by body hash + pipeline name/version
    .lock                   inter-process write lock

Bodies and analyses are kept out of the TinyDB files so that tagging rewrites
one small per-article file, never the bodies or the whole library's annotations.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tinydb import Query, TinyDB
from tinydb.table import Table

from newsread.model import Annotation, Article, Tag, next_tag_color
from storage.atomic import AtomicJSONStorage, read_json
from storage.errors import CorruptFileError, LibraryError, NotFoundError, WriteError
from storage.lock import LibraryLock
from storage.txn import Transaction, recover

__all__ = ["CorruptFileError", "Library", "LibraryError", "NotFoundError", "WriteError"]

SCHEMA_VERSION = 1
_ID_RE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


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


def _check_id(article_id: str) -> str:
    # Ids become file names; refuse anything that could escape the folder.
    if not _ID_RE.match(article_id):
        raise NotFoundError(f"no article with id {article_id!r}")
    return article_id


class Library:
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
        self._mem_lock = threading.RLock()
        self._local = threading.local()
        self._db = self.open_db(self.root / "library.json")
        self._shards: dict[str, TinyDB] = {}
        self._index: dict[str, dict[str, Any]] = {}
        self._index_stamp: tuple[int, ...] | None = None
        if (self.root / "journal.json").exists() or (self.root / ".tmp").exists():
            with self.transaction():
                pass  # completes a killed process's transaction, sweeps its temp files
        self._check_schema()

    def open_db(self, path: Path) -> TinyDB:
        """A TinyDB over a file of this library, reading and writing through its
        transactions."""
        return LibraryDB(path, storage=AtomicJSONStorage, transaction=self.current_transaction)

    # -- transactions -------------------------------------------------------------

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
                txn.commit()
            finally:
                self._local.txn = None

    # -- schema -----------------------------------------------------------------

    def _check_schema(self) -> None:
        meta = self._db.table("_meta")
        if (self.root / "library.json").exists():
            docs = meta.all()
        else:
            with self.transaction():
                docs = meta.all()
                if not docs:
                    meta.insert({"schema": SCHEMA_VERSION})
                    return
        if not docs:
            return
        try:
            found = int(docs[0].get("schema", 0))
        except (TypeError, ValueError) as exc:
            path = self.root / "library.json"
            raise CorruptFileError(f"{path}: schema version unreadable") from exc
        if found > SCHEMA_VERSION:
            raise LibraryError(
                f"{self.root}: library schema {found} is newer than this newsread "
                f"understands ({SCHEMA_VERSION}); upgrade newsread"
            )

    @property
    def schema_version(self) -> int:
        docs = self._db.table("_meta").all()
        return int(docs[0]["schema"]) if docs else SCHEMA_VERSION

    def change_stamp(self) -> tuple[int, ...]:
        """Cheap fingerprint of the index and the annotation shards: it changes when
        any process imports articles or saves annotations. Every write replaces a
        file by rename, so the index's inode changes even within one clock tick,
        and the shard folder's mtime moves with each rename into it."""
        stamps: list[int] = []
        try:
            st = (self.root / "library.json").stat()
            stamps += [st.st_ino, st.st_mtime_ns, st.st_size, st.st_ctime_ns]
        except FileNotFoundError:
            stamps += [0, 0, 0, 0]
        try:
            stamps.append((self.root / "annotations").stat().st_mtime_ns)
        except FileNotFoundError:
            stamps.append(0)
        return tuple(stamps)

    # -- articles ---------------------------------------------------------------

    def _articles(self):
        return self._db.table("articles")

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
        (export, regrouping, opening), so a dict keeps them constant-time.
        """
        txn = self.current_transaction()
        if txn is not None and txn.is_staged(self.root / "library.json"):
            return self._index_of(self._articles().all())  # what is staged counts
        stamp = self.change_stamp()[:4]
        with self._mem_lock:
            if stamp != self._index_stamp:
                self._index = self._index_of(self._articles().all())
                self._index_stamp = stamp
            return self._index

    def _index_of(self, docs: list[Any]) -> dict[str, dict[str, Any]]:
        index: dict[str, dict[str, Any]] = {}
        for doc in docs:
            article_id = doc.get("id")
            if not isinstance(article_id, str) or not _ID_RE.match(article_id):
                raise CorruptFileError(
                    f"{self.root / 'library.json'}: article entry {doc.doc_id} has "
                    f"{'no id' if article_id is None else f'a bad id {article_id!r}'}"
                    " (newsread doctor --restore can bring back a backup)"
                )
            index[article_id] = dict(doc)
        return index

    def get_meta(self, article_id: str) -> dict[str, Any]:
        meta = self._by_id().get(_check_id(article_id))
        if meta is None:
            raise NotFoundError(f"no article with id {article_id!r}")
        return dict(meta)

    def body_path(self, article_id: str) -> Path:
        return self.root / "bodies" / f"{_check_id(article_id)}.txt"

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

    def delete_articles(self, article_ids: Iterable[str]) -> int:
        """Remove articles with their bodies, annotations and cached analyses.

        The index is written first: if anything fails after it, what is left
        is unreferenced files, never an index entry whose body is gone.
        """
        doomed = {_check_id(i) for i in article_ids}
        with self.transaction() as txn:
            removed = self._articles().remove(lambda doc: doc.get("id") in doomed)
            with self._mem_lock:
                for article_id in doomed:
                    shard = self._shards.pop(article_id, None)
                    if shard is not None:
                        shard.close()
            for article_id in doomed:
                for path in (
                    self.body_path(article_id),
                    self._shard_path(article_id),
                    self._analysis_path(article_id),
                ):
                    if path.exists():
                        txn.stage_remove(path)
        return len(removed)

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

    # -- annotations --------------------------------------------------------------

    def _shard_path(self, article_id: str) -> Path:
        return self.root / "annotations" / f"{_check_id(article_id)}.json"

    def _shard(self, article_id: str) -> TinyDB:
        _check_id(article_id)
        with self._mem_lock:
            shard = self._shards.get(article_id)
            if shard is None:
                shard = self.open_db(self._shard_path(article_id))
                self._shards[article_id] = shard
            return shard

    def _shard_exists(self, article_id: str) -> bool:
        txn = self.current_transaction()
        if txn is not None:
            return txn.read_tables(self._shard_path(article_id)) is not None
        return self._shard_path(article_id).exists()

    def annotations_stamp(self, article_id: str) -> tuple[int, ...]:
        """Changes whenever any process changes this article's annotations."""
        try:
            st = self._shard_path(article_id).stat()
        except FileNotFoundError:
            return (0, 0, 0)
        return (st.st_ino, st.st_mtime_ns, st.st_size)

    def annotations(self, article_id: str) -> list[Annotation]:
        if not self._shard_exists(article_id):
            return []
        docs = self._shard(article_id).table("annotations").all()
        try:
            anns = [Annotation.from_dict(d) for d in docs]
        except TypeError as exc:
            raise CorruptFileError(
                f"{self._shard_path(article_id)}: an annotation is malformed ({exc})"
            ) from exc
        anns.sort(key=lambda a: (a.start, a.end, a.created))
        return anns

    def annotation_report(
        self,
    ) -> tuple[dict[str, int], dict[str, int], dict[str, str]]:
        """(annotations per article, uses per tag, damaged files by article id with
        the reason) in one pass over the shards, opening no TinyDB."""
        per_article: dict[str, int] = {}
        per_tag: dict[str, int] = {}
        damaged: dict[str, str] = {}
        folder = self.root / "annotations"
        if not folder.is_dir():
            return per_article, per_tag, damaged
        for path in folder.glob("*.json"):
            try:
                data = read_json(path) or {}
                if not isinstance(data, dict) or not isinstance(data.get("annotations", {}), dict):
                    raise CorruptFileError(f"{path}: expected a JSON object of tables")
                docs = data.get("annotations", {})
                names = [
                    name
                    for doc in docs.values()
                    for name in (doc.get("tags", []) if isinstance(doc, dict) else [None])
                ]
                if not all(isinstance(n, str) for n in names):
                    raise CorruptFileError(f"{path}: an annotation is malformed")
            except CorruptFileError as exc:
                damaged[path.stem] = str(exc)
                continue
            if docs:
                per_article[path.stem] = len(docs)
            for name in names:
                per_tag[name] = per_tag.get(name, 0) + 1
        return per_article, per_tag, damaged

    def annotation_stats(self) -> tuple[dict[str, int], dict[str, int]]:
        """(annotations per article, uses per tag); damaged files count as none here."""
        per_article, per_tag, _ = self.annotation_report()
        return per_article, per_tag

    def annotation_counts(self) -> dict[str, int]:
        return self.annotation_stats()[0]

    def save_annotation(self, annotation: Annotation) -> None:
        """Insert or replace one annotation (by id): one small file rewritten."""
        with self.transaction():
            self.get_meta(annotation.article_id)
            table = self._shard(annotation.article_id).table("annotations")
            table.upsert(annotation.to_dict(), Query().id == annotation.id)

    def save_annotations(self, article_id: str, annotations: list[Annotation]) -> None:
        """Replace the article's whole set of annotations: one file replaced."""
        with self.transaction():
            table = self._shard(article_id).table("annotations")
            table.truncate()
            if annotations:
                table.insert_multiple([a.to_dict() for a in annotations])

    def delete_annotation(self, article_id: str, annotation_id: str) -> bool:
        with self.transaction():
            table = self._shard(article_id).table("annotations")
            return bool(table.remove(Query().id == annotation_id))

    def iter_annotated(
        self, damaged: list[str] | None = None
    ) -> Iterator[tuple[Article, list[Annotation]]]:
        """Every annotated article with its annotations. With ``damaged`` given, an
        article whose files cannot be read is reported there and skipped, so one
        bad file does not hold back everyone else's work."""
        folder = self.root / "annotations"
        if not folder.is_dir():
            return
        for path in sorted(folder.glob("*.json")):
            article_id = path.stem
            if not _ID_RE.match(article_id):
                continue
            try:
                anns = self.annotations(article_id)
                if not anns:
                    continue
                article = self.get_article(article_id)
            except NotFoundError:
                continue
            except CorruptFileError as exc:
                if damaged is None:
                    raise
                damaged.append(str(exc))
                continue
            yield article, anns

    # -- rejected suggestions ----------------------------------------------------

    def rejected(self, article_id: str) -> list[dict[str, Any]]:
        if not self._shard_exists(article_id):
            return []
        return [dict(d) for d in self._shard(article_id).table("rejected").all()]

    def save_rejected(self, article_id: str, item: dict[str, Any]) -> None:
        with self.transaction():
            self.get_meta(article_id)
            table = self._shard(article_id).table("rejected")
            q = Query()
            table.upsert(
                item,
                (q.kind == item["kind"]) & (q.start == item["start"]) & (q.end == item["end"]),
            )

    def unreject(self, article_id: str, spans: Iterable[tuple[str, int, int]]) -> int:
        """Forget rejections of these (kind, start, end): the user accepted them."""
        wanted = set(spans)
        if not wanted or not self._shard_exists(article_id):
            return 0
        with self.transaction():
            table = self._shard(article_id).table("rejected")
            removed = table.remove(
                lambda doc: (doc.get("kind"), doc.get("start"), doc.get("end")) in wanted
            )
        return len(removed)

    def iter_rejected(
        self, damaged: list[str] | None = None
    ) -> Iterator[tuple[Article, list[dict[str, Any]]]]:
        folder = self.root / "annotations"
        if not folder.is_dir():
            return
        for path in sorted(folder.glob("*.json")):
            if not _ID_RE.match(path.stem):
                continue
            try:
                items = self.rejected(path.stem)
                if not items:
                    continue
                article = self.get_article(path.stem)
            except NotFoundError:
                continue
            except CorruptFileError as exc:
                if damaged is None:
                    raise
                if str(exc) not in damaged:
                    damaged.append(str(exc))
                continue
            yield article, items

    # -- tags ---------------------------------------------------------------------

    def tags(self) -> list[Tag]:
        return sorted(
            (Tag.from_dict(d) for d in self._db.table("tags").all()),
            key=lambda t: t.name.casefold(),
        )

    def get_tag(self, name: str) -> Tag | None:
        doc = self._db.table("tags").get(Query().name == name)
        return None if doc is None else Tag.from_dict(doc)

    def propose_tag(self, name: str) -> Tag:
        """The stored tag of that name, or a new (unsaved) one in the first palette
        colour no stored tag uses."""
        name = name.strip()
        if not name:
            raise LibraryError("a tag needs a name")
        existing = self.get_tag(name)
        if existing is not None:
            return existing
        stored = self._db.table("tags").all()
        return Tag(name=name, color=next_tag_color([doc.get("color", "") for doc in stored]))

    def ensure_tag(self, name: str, color: str | None = None) -> Tag:
        """The tag of that name, created (with ``color`` if given) when missing."""
        with self.transaction():
            tag = self.propose_tag(name)
            if self.get_tag(tag.name) is None:
                if color:
                    tag = Tag(name=tag.name, color=color)
                self._db.table("tags").insert(tag.to_dict())
            return tag

    # -- analysis cache -----------------------------------------------------------

    def _analysis_path(self, article_id: str) -> Path:
        return self.root / "analysis" / f"{_check_id(article_id)}.json"

    def cached_analysis(self, article_id: str, key: dict[str, str]) -> dict[str, Any] | None:
        """The stored analysis if it was made for this body hash and pipeline."""
        try:
            data = read_json(self._analysis_path(article_id))
        except CorruptFileError:
            return None  # a cache: recompute rather than fail
        if not isinstance(data, dict) or data.get("key") != key:
            return None
        return data.get("analysis")

    def store_analysis(
        self, article_id: str, key: dict[str, str], analysis: dict[str, Any]
    ) -> None:
        with self.transaction() as txn:
            if article_id not in self._by_id():
                return  # removed meanwhile: no cache file for an article that is gone
            txn.stage_json(self._analysis_path(article_id), {"key": key, "analysis": analysis})

    def set_analysis_counts(self, counts: dict[str, tuple[int, int]]) -> None:
        """Record (entities, claims) per article in the index, in one write, so the
        library table can show them without opening every cached analysis."""
        if not counts:
            return
        with self.transaction():
            self._articles().update(
                lambda doc: doc.update(entities=counts[doc["id"]][0], claims=counts[doc["id"]][1]),
                cond=lambda doc: doc.get("id") in counts,
            )

    def close(self) -> None:
        with self._mem_lock:
            for shard in self._shards.values():
                shard.close()
            self._shards.clear()
        self._db.close()

    # -- bulk edits (tag manager, undo history) -----------------------------------

    def annotated_article_ids(self) -> list[str]:
        """Ids of articles that have an annotations file, without opening any of them."""
        folder = self.root / "annotations"
        if not folder.is_dir():
            return []
        return sorted(p.stem for p in folder.glob("*.json") if _ID_RE.match(p.stem))

    def find_annotations(
        self, predicate: Callable[[dict[str, Any]], bool]
    ) -> dict[str, list[Annotation]]:
        """Annotations whose stored dict satisfies ``predicate``, by article id.

        Reads the raw files like annotation_stats, so a scan of every article
        opens no TinyDB; a bulk edit then opens only the shards it writes.
        """
        found: dict[str, list[Annotation]] = {}
        txn = self.current_transaction()
        for article_id in self.annotated_article_ids():
            path = self._shard_path(article_id)
            # A bulk edit must not skip a file it cannot read: it would leave
            # that article's annotations behind under the old tag.
            data = (txn.read_tables(path) if txn else read_json(path)) or {}
            try:
                hits = [
                    Annotation.from_dict(doc)
                    for doc in data.get("annotations", {}).values()
                    if predicate(doc)
                ]
            except (AttributeError, TypeError) as exc:
                raise CorruptFileError(f"{path}: an annotation is malformed ({exc})") from exc
            if hits:
                found[article_id] = hits
        return found

    def apply_annotation_changes(
        self, article_id: str, save: Iterable[Annotation] = (), delete: Iterable[str] = ()
    ) -> None:
        """Replace by id (or add) ``save`` and remove the ``delete`` ids: one write.

        save_annotations needs two writes (truncate, insert), and a crash between
        them would empty the article's annotations; bulk edits and undo use this.
        """
        upserts = {a.id: a.to_dict() for a in save}
        gone = set(delete) - set(upserts)
        if not upserts and not gone:
            return
        with self.transaction():
            self.get_meta(article_id)
            _replace_by_key(self._shard(article_id).table("annotations"), "id", upserts, gone)

    def apply_tag_changes(self, save: Iterable[Tag] = (), delete: Iterable[str] = ()) -> None:
        """Replace by name (or add) ``save`` and remove the ``delete`` names: one write."""
        upserts = {t.name: t.to_dict() for t in save}
        gone = set(delete) - set(upserts)
        if not upserts and not gone:
            return
        with self.transaction():
            _replace_by_key(self._db.table("tags"), "name", upserts, gone)


def _replace_by_key(
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


def analysis_key(content_hash: str, pipeline_name: str, pipeline_version: str) -> dict[str, str]:
    return {"hash": content_hash, "pipeline": pipeline_name, "version": pipeline_version}
