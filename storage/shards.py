"""Per-article annotation shards: ``annotations/<id>.json``, one TinyDB per article.

A shard holds the article's annotations and its rejected suggestions. Sharding
means tagging rewrites one small file, never the whole library's annotations.
The reports (counts, scans, bulk finds) read the raw files and open no TinyDB,
so a pass over every article stays cheap.
"""

from __future__ import annotations

import operator
import os
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import MISSING
from pathlib import Path
from typing import Any, NamedTuple

from tinydb import Query, TinyDB

from newsread.annotations.rejections import RejectionKey, applies_to, forgets, same_rejection
from newsread.model import Annotation, Article, now_iso
from storage.articles import ArticleIndex
from storage.atomic import check_tables, read_json
from storage.base import ID_RE, check_id
from storage.body_integrity import check_body
from storage.corrected import is_correction
from storage.errors import CorruptFileError, NotFoundError
from storage.jsonio import decode_file
from storage.tables import replace_all, replace_by_key
from storage.txn import Transaction

#: the table of a shard holding the ids of annotations the user deleted
DELETED = "deleted"

#: what an export keeps of one article's stored annotations and rejections
#: (see iter_shard_docs): the kept pair, or None for nothing.
Pick = Callable[
    [list[dict[str, Any]], list[dict[str, Any]]],
    tuple[list[dict[str, Any]], list[dict[str, Any]]] | None,
]


class AnnotationShards(ArticleIndex):
    def __init__(self, root: Path) -> None:
        super().__init__(root)
        self._shards: dict[str, TinyDB] = {}
        #: article id -> its annotations file's stamp as this Library's last
        #: commit left it: a screen of the app finding the file so knows the
        #: change is the app's own (another screen's, such as the tag manager's),
        #: not another process's
        self._written: dict[str, tuple[int, ...]] = {}

    def _shard_path(self, article_id: str) -> Path:
        return self.root / "annotations" / f"{check_id(article_id)}.json"

    def _shard(self, article_id: str) -> TinyDB:
        check_id(article_id)
        with self._mem_lock:
            shard = self._shards.get(article_id)
            if shard is None:
                shard = self.open_db(self._shard_path(article_id))
                self._shards[article_id] = shard
            return shard

    def _forget_shards(self, article_ids: Iterable[str]) -> None:
        """Close the open TinyDBs of these articles (their files are going away)."""
        with self._mem_lock:
            for article_id in article_ids:
                shard = self._shards.pop(article_id, None)
                if shard is not None:
                    shard.close()

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

    def wrote_annotations(self, article_id: str, stamp: tuple[int, ...]) -> bool:
        """Whether ``stamp`` (annotations_stamp) is the file as this Library
        last wrote it: nobody else has written it since."""
        return self._written.get(article_id) == stamp

    def _committed(self, txn: Transaction) -> None:
        super()._committed(txn)
        for rel in txn.committed:
            folder, _, name = rel.partition("/")
            if folder == "annotations" and name.endswith(".json") and ID_RE.match(name[:-5]):
                # Stat under the lock still held: no other process's write between.
                self._written[name[:-5]] = self.annotations_stamp(name[:-5])

    def close(self) -> None:
        with self._mem_lock:
            for shard in self._shards.values():
                shard.close()
            self._shards.clear()
        super().close()

    # -- annotations --------------------------------------------------------------

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
                count, names, _ = shard_summary(path)
            except CorruptFileError as exc:
                damaged[path.stem] = str(exc)
                continue
            if count:
                per_article[path.stem] = count
            for name, uses in names:
                per_tag[name] = per_tag.get(name, 0) + uses
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
            replace_all(
                self._shard(article_id).table("annotations"), [a.to_dict() for a in annotations]
            )

    def delete_annotation(self, article_id: str, annotation_id: str) -> bool:
        with self.transaction():
            table = self._shard(article_id).table("annotations")
            gone = bool(table.remove(Query().id == annotation_id))
            if gone:
                self._remember_deleted(article_id, {annotation_id}, set())
            return gone

    def deleted_annotations(self, article_id: str) -> dict[str, str]:
        """Ids of annotations the user deleted from this article -> when, so
        that a teammate's copy made before then does not bring one back."""
        if not self._shard_exists(article_id):
            return {}
        return {
            d["id"]: d["deleted"]
            for d in self._shard(article_id).table(DELETED).all()
            if isinstance(d.get("id"), str) and isinstance(d.get("deleted"), str)
        }

    def _remember_deleted(self, article_id: str, gone: set[str], back: set[str]) -> None:
        """Note ``gone`` as deleted now and forget ``back`` (saved again: an undo
        or a newer copy), in the file the annotations are written to (one
        transaction, one replace of that file)."""
        if not gone and not back:
            return  # most saves: nothing deleted, nothing to forget, no read
        table = self._shard(article_id).table(DELETED)
        known = {d.get("id") for d in table.all()}
        if not gone and not back & known:
            return
        stamp = now_iso()
        replace_by_key(table, "id", {i: {"id": i, "deleted": stamp} for i in gone}, back - gone)

    def iter_shards(
        self, damaged: list[str] | None = None
    ) -> Iterator[tuple[Article, list[Annotation], list[dict[str, Any]]]]:
        """(article, its annotations, its rejected suggestions) for every article
        with either, each file read once and without TinyDB (an export over
        100,000 annotations). With ``damaged`` given, an article whose files
        cannot be read is named there and skipped, so one bad file does not hold
        back everyone else's work; without it the first one raises."""
        for article, docs, turned_down in self.iter_shard_docs(damaged):
            # iter_shard_docs has checked every doc has the fields Annotation
            # requires, so none of these raises.
            yield article, [_annotation(d) for d in docs], turned_down

    def iter_shard_docs(
        self,
        damaged: list[str] | None = None,
        wanted: Callable[[str], bool] | None = None,
        pick: Pick | None = None,
    ) -> Iterator[tuple[Article, list[dict[str, Any]], list[dict[str, Any]]]]:
        """iter_shards with each annotation as its stored dict (the fields
        Annotation requires checked, in the same order), for a pass that only
        reads them: the json export builds its records from these without an
        Annotation apiece (a fifth of exporting 100,000 annotations). The dicts
        are fresh from the file: the caller may keep them.

        ``wanted`` (by article id) and ``pick`` (of its annotations and
        rejections: what to keep, or None for nothing) choose before the body
        is read, so a damaged file of an article not chosen is no error of an
        export that leaves it out."""
        folder = self.root / "annotations"
        meta_of = self._meta_reader()
        bodies = os.path.join(self.root, "bodies")
        folder_name = os.fspath(folder)
        names = _json_names(folder)
        ahead = _ReadAhead(
            [os.path.join(folder_name, n) for n in names],
            [os.path.join(bodies, n[:-5] + ".txt") for n in names],
        )
        for n, name in enumerate(names):
            article_id = name[:-5]
            if not ID_RE.match(article_id) or wanted is not None and not wanted(article_id):
                continue
            path = folder / name
            try:
                raw = ahead.read(n)
                # Anything off (missing, unreadable, not JSON): read_json says what.
                data = read_json(path) if raw is None else decode_file(path, raw)
                if data is None:
                    continue
                tables = check_tables(path, data)
                stored = tables.get("annotations", {}).values()
                for doc in stored:
                    if not doc.keys() >= _REQUIRED_FIELDS:
                        _malformed(path, doc)
                try:
                    # A key read in C where every doc has its time (as storage
                    # writes them): 0.03 s of reading 100,000.
                    docs = sorted(stored, key=_BY_SPAN_TIME)
                except KeyError:
                    docs = sorted(stored, key=_doc_order)
                turned_down = [dict(d) for d in tables.get("rejected", {}).values()]
                if not docs and not turned_down:
                    continue
                if pick is not None:
                    picked = pick(docs, turned_down)
                    if picked is None:
                        continue
                    docs, turned_down = picked
                meta = meta_of(article_id)
                if meta is None:
                    continue
                # Read even when no record needs the text: a damaged body is
                # reported, never exported past.
                body = _quick_text(os.path.join(bodies, article_id + ".txt"))
                if body is None or self.current_transaction() is not None:
                    body = self.read_body(article_id)
                check_body(os.path.join(bodies, article_id + ".txt"), body, meta)
                try:
                    article = Article.from_meta(meta, body)
                except TypeError as exc:
                    raise CorruptFileError(
                        f"{self.root / 'library.json'}: article {article_id} is malformed ({exc})"
                    ) from exc
            except NotFoundError:
                continue
            except CorruptFileError as exc:
                if damaged is None:
                    raise
                damaged.append(str(exc))
                continue
            yield article, docs, turned_down

    def iter_annotated(
        self, damaged: list[str] | None = None
    ) -> Iterator[tuple[Article, list[Annotation]]]:
        """Every annotated article with its annotations (see iter_shards)."""
        for article, anns, _ in self.iter_shards(damaged):
            if anns:
                yield article, anns

    # -- bulk edits (tag manager, undo history) -----------------------------------

    def annotated_article_ids(self) -> list[str]:
        """Ids of articles that have an annotations file, without opening any of them."""
        folder = self.root / "annotations"
        if not folder.is_dir():
            return []
        return sorted(p.stem for p in folder.glob("*.json") if ID_RE.match(p.stem))

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
        self,
        article_id: str,
        save: Iterable[Annotation] = (),
        delete: Iterable[str] = (),
        remember: bool = False,
    ) -> None:
        """Replace by id (or add) ``save`` and remove the ``delete`` ids: one write.

        save_annotations needs two writes (truncate, insert), and a crash between
        them would empty the article's annotations; bulk edits and undo use this.
        ``remember``: the user deleted them (see deleted_annotations); undo and
        repairs, which only take back or move, do not say so.
        """
        upserts = {a.id: a.to_dict() for a in save}
        gone = set(delete) - set(upserts)
        if not upserts and not gone:
            return
        with self.transaction():
            self.get_meta(article_id)
            replace_by_key(self._shard(article_id).table("annotations"), "id", upserts, gone)
            self._remember_deleted(article_id, gone if remember else set(), set(upserts))

    # -- rejected suggestions ----------------------------------------------------

    def rejected(self, article_id: str) -> list[dict[str, Any]]:
        if not self._shard_exists(article_id):
            return []
        return [dict(d) for d in self._shard(article_id).table("rejected").all()]

    def save_rejected(self, article_id: str, item: dict[str, Any]) -> None:
        """Store a rejection; one of the same suggestion is replaced (of two
        claims on one span, only the one with the same cue: see
        newsread.annotations.rejections)."""
        with self.transaction():
            self.get_meta(article_id)
            table = self._shard(article_id).table("rejected")
            same = [d.doc_id for d in table.all() if same_rejection(d, item)]
            if same:
                table.update(item, doc_ids=same)
            else:
                table.insert(item)

    def replace_rejected(self, article_id: str, items: list[dict[str, Any]]) -> None:
        """Replace the article's whole set of rejections (moved onto a new text), in one write."""
        with self.transaction():
            replace_all(self._shard(article_id).table("rejected"), items)

    def unreject(self, article_id: str, keys: Iterable[RejectionKey], annotator: str = "") -> int:
        """Forget rejections of these suggestions, ``annotator`` accepted them:
        (kind, start, end) for every one of that kind on the span, (kind, start,
        end, cue) for one claim. Only ``annotator``'s own rejections go, and
        those naming nobody; another annotator's stay theirs ("" for every
        rejection: one user). Returns how many went."""
        wanted = list(dict.fromkeys(keys))
        if not wanted or not self._shard_exists(article_id):
            return 0

        def taken_back(doc: Mapping[str, Any]) -> bool:
            return applies_to(doc, annotator) and any(forgets(doc, key) for key in wanted)

        with self.transaction():
            table = self._shard(article_id).table("rejected")
            removed = table.remove(taken_back)
        return len(removed)

    def iter_rejected(
        self, damaged: list[str] | None = None
    ) -> Iterator[tuple[Article, list[dict[str, Any]]]]:
        """Every article with rejected suggestions, and them (see iter_shards)."""
        for article, _, turned_down in self.iter_shards(damaged):
            if turned_down:
                yield article, turned_down


_ANNOTATION_FIELDS = Annotation.__dataclass_fields__.keys()
#: The fields an Annotation cannot be made without.
_REQUIRED_FIELDS = frozenset(
    name
    for name, spec in Annotation.__dataclass_fields__.items()
    if spec.default is MISSING and spec.default_factory is MISSING
)


_BY_SPAN_TIME = operator.itemgetter("start", "end", "created")


def _doc_order(doc: dict[str, Any]) -> tuple[Any, ...]:
    """The order of Annotations by (start, end, created), on their stored dicts."""
    return (doc["start"], doc["end"], doc.get("created", ""))


def _malformed(path: Path, doc: dict[str, Any]) -> None:
    """Raise CorruptFileError for a doc that lacks a required field, worded by
    the TypeError Annotation gives for it."""
    try:
        _annotation(doc)
    except TypeError as exc:
        raise CorruptFileError(f"{path}: an annotation is malformed ({exc})") from exc
    raise AssertionError(f"{path}: {sorted(doc)} lacks none of {sorted(_REQUIRED_FIELDS)}")


def _quick_bytes(path: str) -> bytes | None:
    """The file's bytes, or None when it cannot be read. Without pathlib (its
    path handling was a fifth of reading 10,000 annotation files) and without a
    file object (os.read: 20,000 small files in 0.11 s of CPU instead of 0.19)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return None
    try:
        chunks = []
        while chunk := os.read(fd, 1 << 16):
            chunks.append(chunk)
    except OSError:
        return None
    finally:
        os.close(fd)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


class _ReadAhead:
    """Reads a pass's annotation files in turn and, once they prove to come
    from the disk, asks the kernel for every file still to read at once
    (posix_fadvise WILLNEED), so that it can queue and order the reads itself.
    On a cold page cache, reading the 20,000 files of 100,000 annotations (and
    their bodies) took 1.8 s one after the other and 0.32 s after one hint per
    file; the export went from 4.1 s to 2.0 s with hints running 64 files
    ahead, and from 1.5-1.6 s to 1.1-1.2 s (in process) with hints for all of
    them. On a warm cache the hints would only cost (0.08 s of CPU for 20,000
    files), so none is given until reads wait. Threads were tried instead
    (ce74569, and again reading alone: 8-32 threads 2.0-2.6 s): they cost CPU
    and bought nothing cold."""

    #: A read slower than this came from the disk, not the page cache (a cold
    #: 2 KB file took 0.2-0.3 ms here, a cached one 5-10 us).
    SLOW = 0.0001
    #: Slow reads before the hints: one alone may be the process waiting for
    #: a core, not the disk.
    SLOW_READS = 3
    #: How many files ahead the hints run: all of them (see above).
    AHEAD = 1 << 30

    def __init__(self, shards: list[str], bodies: list[str]) -> None:
        self._paths = (shards, bodies)
        self._hinted = 0
        self._slow = 0
        self._cold = False

    def read(self, n: int) -> bytes | None:
        """The bytes of shard ``n`` (_quick_bytes), its body and theirs of the
        files ahead hinted when the cache has proved cold."""
        if self._cold:
            self._hint(n + self.AHEAD)
            return _quick_bytes(self._paths[0][n])
        started = time.perf_counter()
        raw = _quick_bytes(self._paths[0][n])
        if time.perf_counter() - started > self.SLOW:
            self._slow += 1
            if self._slow == self.SLOW_READS and hasattr(os, "posix_fadvise"):
                self._cold = True
                self._hinted = n
                self._hint(n + self.AHEAD)
        return raw

    def _hint(self, upto: int) -> None:
        upto = min(upto, len(self._paths[0]))
        for n in range(self._hinted + 1, upto):
            for paths in self._paths:
                try:
                    fd = os.open(paths[n], os.O_RDONLY)
                except OSError:
                    continue  # the read itself will say what is wrong
                try:
                    os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_WILLNEED)
                except OSError:
                    pass  # only a hint
                finally:
                    os.close(fd)
        self._hinted = max(self._hinted, upto - 1)


def _quick_text(path: str) -> str | None:
    """The file as UTF-8 text, or None when anything is off (the caller then
    reads it with read_body, which says what)."""
    raw = _quick_bytes(path)
    try:
        return None if raw is None else raw.decode("utf-8")
    except ValueError:
        return None


def _annotation(doc: dict[str, Any]) -> Annotation:
    """Annotation.from_dict, without copying the usual record that holds only
    known fields (half the cost of reading 100,000 of them for an export)."""
    if doc.keys() <= _ANNOTATION_FIELDS:
        return Annotation(**doc)
    return Annotation.from_dict(doc)


def _json_names(folder: Path) -> list[str]:
    """The ``*.json`` file names in ``folder``, sorted (none when it is missing).
    Names, not Paths: sorting 10,000 Paths costs more than reading their names."""
    try:
        with os.scandir(folder) as entries:
            return sorted(
                e.name for e in entries if e.name.endswith(".json") and not e.name.startswith(".")
            )
    except (FileNotFoundError, NotADirectoryError):
        return []


class ShardSummary(NamedTuple):
    """What the library screen keeps of one annotations file."""

    #: how many annotations it holds
    count: int
    #: (tag name, uses) for each tag they use
    uses: tuple[tuple[str, int], ...]
    #: its corrections of the analysis (the reader's E and K), as stored: the
    #: Entities and Claims columns count the analysis as corrected (few files
    #: have any; the others keep an empty tuple)
    corrections: tuple[dict[str, Any], ...] = ()


def shard_summary(path: Path) -> ShardSummary:
    """The summary of one annotations file, read without TinyDB;
    CorruptFileError when its shape is wrong. Counting and listing check files
    the same way through this one function. The library screen's counter
    keeps a summary per file: one shared name and a count per tag, not a
    string per use (at 100,000 annotations, ~7 MB of the app)."""
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
    corrections = tuple(doc for doc in docs.values() if "data" in doc and is_correction(doc))
    uses = tuple((sys.intern(name), n) for name, n in Counter(names).items())
    return ShardSummary(len(docs), uses, corrections)
