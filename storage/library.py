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
from pathlib import Path
from typing import Any

from tinydb import Query, TinyDB
from tinydb.table import Table

from newsread.model import Annotation, Article, Tag, next_tag_color
from storage.atomic import (
    AtomicJSONStorage,
    CorruptFileError,
    atomic_write_json,
    atomic_write_text,
    read_json,
)
from storage.lock import LibraryLock

SCHEMA_VERSION = 1
_ID_RE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


class LibraryError(RuntimeError):
    """A problem with the library folder, phrased for the person who owns it."""


class NotFoundError(LibraryError):
    pass


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
        self._db = TinyDB(self.root / "library.json", storage=AtomicJSONStorage)
        self._shards: dict[str, TinyDB] = {}
        self._index: dict[str, dict[str, Any]] = {}
        self._index_stamp: tuple[int, ...] | None = None
        try:
            self._check_schema()
        except CorruptFileError as exc:
            raise LibraryError(str(exc)) from exc

    # -- schema -----------------------------------------------------------------

    def _check_schema(self) -> None:
        meta = self._db.table("_meta")
        with self.lock.hold():
            docs = meta.all()
            if not docs:
                meta.insert({"schema": SCHEMA_VERSION})
                return
        found = int(docs[0].get("schema", 0))
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
            stamps += [st.st_ino, st.st_mtime_ns, st.st_size]
        except FileNotFoundError:
            stamps += [0, 0, 0]
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
        stamp = self.change_stamp()[:3]
        with self._mem_lock:
            if stamp != self._index_stamp:
                self._index = {doc["id"]: dict(doc) for doc in self._articles().all()}
                self._index_stamp = stamp
            return self._index

    def get_meta(self, article_id: str) -> dict[str, Any]:
        meta = self._by_id().get(_check_id(article_id))
        if meta is None:
            raise NotFoundError(f"no article with id {article_id!r}")
        return dict(meta)

    def body_path(self, article_id: str) -> Path:
        return self.root / "bodies" / f"{_check_id(article_id)}.txt"

    def get_article(self, article_id: str) -> Article:
        meta = self.get_meta(article_id)
        try:
            body = self.body_path(article_id).read_text(encoding="utf-8")
        except FileNotFoundError as exc:
            raise LibraryError(f"{self.body_path(article_id)}: body file is missing") from exc
        return Article.from_meta(meta, body)

    def save_articles(self, articles: Iterable[Article]) -> None:
        """Add or replace articles: bodies first, then one index write for the batch.

        Writing bodies before the index means a crash in between leaves at worst
        an unreferenced body file, never an index entry without its body.
        """
        batch = list(articles)
        if not batch:
            return
        with self.lock.hold():
            for article in batch:
                atomic_write_text(self.body_path(article.id), article.body)
            table = self._articles()
            existing = {doc["id"] for doc in table.all()}
            changed = {a.id: a.meta_dict() for a in batch if a.id in existing}
            if changed:
                # One pass and one write for the whole batch, however many changed.
                table.update(
                    lambda doc: doc.update(changed[doc["id"]]),
                    cond=lambda doc: doc["id"] in changed,
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
        with self.lock.hold():
            removed = self._articles().remove(lambda doc: doc["id"] in doomed)
            with self._mem_lock:
                for article_id in doomed:
                    shard = self._shards.pop(article_id, None)
                    if shard is not None:
                        shard.close()
            for article_id in doomed:
                for path in (
                    self.body_path(article_id),
                    self.root / "annotations" / f"{article_id}.json",
                    self._analysis_path(article_id),
                ):
                    path.unlink(missing_ok=True)
        return len(removed)

    def set_story_groups(self, groups: dict[str, str]) -> None:
        with self.lock.hold():
            table = self._articles()
            changed = {
                doc["id"]: groups.get(doc["id"], "")
                for doc in table.all()
                if doc.get("story_group", "") != groups.get(doc["id"], "")
            }
            if changed:
                table.update(
                    lambda doc: doc.update(story_group=changed[doc["id"]]),
                    cond=lambda doc: doc["id"] in changed,
                )

    # -- annotations --------------------------------------------------------------

    def _shard(self, article_id: str) -> TinyDB:
        _check_id(article_id)
        with self._mem_lock:
            shard = self._shards.get(article_id)
            if shard is None:
                path = self.root / "annotations" / f"{article_id}.json"
                shard = TinyDB(path, storage=AtomicJSONStorage)
                self._shards[article_id] = shard
            return shard

    def _shard_exists(self, article_id: str) -> bool:
        return (self.root / "annotations" / f"{article_id}.json").exists()

    def annotations(self, article_id: str) -> list[Annotation]:
        if not self._shard_exists(article_id):
            return []
        anns = [Annotation.from_dict(d) for d in self._shard(article_id).table("annotations").all()]
        anns.sort(key=lambda a: (a.start, a.end, a.created))
        return anns

    def annotation_stats(self) -> tuple[dict[str, int], dict[str, int]]:
        """(annotations per article, uses per tag) in one pass over the shards."""
        per_article: dict[str, int] = {}
        per_tag: dict[str, int] = {}
        folder = self.root / "annotations"
        if not folder.is_dir():
            return per_article, per_tag
        for path in folder.glob("*.json"):
            try:
                data = read_json(path) or {}
            except CorruptFileError:
                continue  # reported when that article is opened, not on every listing
            docs = data.get("annotations", {})
            if docs:
                per_article[path.stem] = len(docs)
            for doc in docs.values():
                for name in doc.get("tags", []):
                    per_tag[name] = per_tag.get(name, 0) + 1
        return per_article, per_tag

    def annotation_counts(self) -> dict[str, int]:
        return self.annotation_stats()[0]

    def save_annotation(self, annotation: Annotation) -> None:
        """Insert or replace one annotation (by id): one small file rewritten."""
        self.get_meta(annotation.article_id)
        with self.lock.hold():
            table = self._shard(annotation.article_id).table("annotations")
            table.upsert(annotation.to_dict(), Query().id == annotation.id)

    def save_annotations(self, article_id: str, annotations: list[Annotation]) -> None:
        """Replace the article's whole set of annotations in one write."""
        with self.lock.hold():
            table = self._shard(article_id).table("annotations")
            table.truncate()
            if annotations:
                table.insert_multiple([a.to_dict() for a in annotations])

    def delete_annotation(self, article_id: str, annotation_id: str) -> bool:
        with self.lock.hold():
            table = self._shard(article_id).table("annotations")
            return bool(table.remove(Query().id == annotation_id))

    def iter_annotated(self) -> Iterator[tuple[Article, list[Annotation]]]:
        folder = self.root / "annotations"
        if not folder.is_dir():
            return
        for path in sorted(folder.glob("*.json")):
            article_id = path.stem
            anns = self.annotations(article_id)
            if not anns:
                continue
            try:
                article = self.get_article(article_id)
            except NotFoundError:
                continue
            yield article, anns

    # -- rejected suggestions ----------------------------------------------------

    def rejected(self, article_id: str) -> list[dict[str, Any]]:
        if not self._shard_exists(article_id):
            return []
        return [dict(d) for d in self._shard(article_id).table("rejected").all()]

    def save_rejected(self, article_id: str, item: dict[str, Any]) -> None:
        with self.lock.hold():
            table = self._shard(article_id).table("rejected")
            q = Query()
            table.upsert(
                item,
                (q.kind == item["kind"]) & (q.start == item["start"]) & (q.end == item["end"]),
            )

    def iter_rejected(self) -> Iterator[tuple[Article, list[dict[str, Any]]]]:
        folder = self.root / "annotations"
        if not folder.is_dir():
            return
        for path in sorted(folder.glob("*.json")):
            items = self.rejected(path.stem)
            if items:
                try:
                    yield self.get_article(path.stem), items
                except NotFoundError:
                    continue

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
        with self.lock.hold():
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
        atomic_write_json(self._analysis_path(article_id), {"key": key, "analysis": analysis})

    def set_analysis_counts(self, counts: dict[str, tuple[int, int]]) -> None:
        """Record (entities, claims) per article in the index, in one write, so the
        library table can show them without opening every cached analysis."""
        if not counts:
            return
        with self.lock.hold():
            self._articles().update(
                lambda doc: doc.update(entities=counts[doc["id"]][0], claims=counts[doc["id"]][1]),
                cond=lambda doc: doc["id"] in counts,
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
        for article_id in self.annotated_article_ids():
            try:
                data = read_json(self.root / "annotations" / f"{article_id}.json") or {}
            except CorruptFileError:
                continue  # reported when that article is opened
            hits = [
                Annotation.from_dict(doc)
                for doc in data.get("annotations", {}).values()
                if predicate(doc)
            ]
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
        with self.lock.hold():
            _replace_by_key(self._shard(article_id).table("annotations"), "id", upserts, gone)

    def apply_tag_changes(self, save: Iterable[Tag] = (), delete: Iterable[str] = ()) -> None:
        """Replace by name (or add) ``save`` and remove the ``delete`` names: one write."""
        upserts = {t.name: t.to_dict() for t in save}
        gone = set(delete) - set(upserts)
        if not upserts and not gone:
            return
        with self.lock.hold():
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
