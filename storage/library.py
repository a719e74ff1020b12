"""The library folder: article index, bodies, annotations, tags, analysis cache.

Layout (all JSON written atomically, see storage.atomic)::

    library.json            TinyDB: _meta (schema version), articles (metadata), tags
    bodies/<id>.txt         article bodies: bulky, written only on import
    annotations/<id>.json   TinyDB per article: annotations, rejected suggestions
    analysis/<id>.json      cached analysis keyed by body hash + pipeline name/version
    .lock                   inter-process write lock

Bodies and analyses are kept out of the TinyDB files so that tagging rewrites
one small per-article file, never the bodies or the whole library's annotations.

:class:`Library` is the one object callers use; each file kind is a part of its
own, all sharing one lock and one transaction (storage.base):

    storage.articles        the article index and the bodies
    storage.shards          the per-article annotation shards and their reports
    storage.tag_table       the tags
    storage.analysis_cache  the cached analyses
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from newsread.model import Annotation
from storage.analysis_cache import AnalysisCache, analysis_key
from storage.base import check_id
from storage.errors import CorruptFileError, LibraryError, NotFoundError, WriteError
from storage.shards import AnnotationShards
from storage.tag_table import TagTable

__all__ = [
    "SCHEMA_VERSION",
    "CorruptFileError",
    "Library",
    "LibraryError",
    "NotFoundError",
    "WriteError",
    "analysis_key",
]

SCHEMA_VERSION = 1


class Library(AnnotationShards, TagTable, AnalysisCache):
    def __init__(self, root: Path) -> None:
        super().__init__(root)
        if (self.root / "journal.json").exists() or (self.root / ".tmp").exists():
            with self.transaction():
                pass  # completes a killed process's transaction, sweeps its temp files
        self._check_schema()

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

    # -- spanning the parts -------------------------------------------------------

    def change_stamp(self) -> tuple[int, ...]:
        """Cheap fingerprint of the index and the annotation shards: it changes when
        any process imports articles or saves annotations. Every write replaces a
        file by rename, so the index's inode changes even within one clock tick,
        and the shard folder's mtime moves with each rename into it."""
        try:
            shards_mtime = (self.root / "annotations").stat().st_mtime_ns
        except FileNotFoundError:
            shards_mtime = 0
        return (*self._index_file_stamp(), shards_mtime)

    # Every write of annotations keeps the tag table complete, in the same
    # transaction: a tag only an annotation named would be missing from the
    # tag manager's colours, the quick keys and the export's tag chooser.

    def save_annotation(self, annotation: Annotation) -> None:
        with self.transaction():
            super().save_annotation(annotation)
            self.keep_tags(annotation.tags)

    def save_annotations(self, article_id: str, annotations: list[Annotation]) -> None:
        with self.transaction():
            super().save_annotations(article_id, annotations)
            self.keep_tags(name for a in annotations for name in a.tags)

    def apply_annotation_changes(
        self,
        article_id: str,
        save: Iterable[Annotation] = (),
        delete: Iterable[str] = (),
        remember: bool = False,
    ) -> None:
        saved = list(save)
        with self.transaction():
            super().apply_annotation_changes(article_id, saved, delete, remember)
            self.keep_tags(name for a in saved for name in a.tags)

    def delete_articles(self, article_ids: Iterable[str]) -> int:
        """Remove articles with their bodies, annotations and cached analyses;
        the groups they were in are re-formed from the rest's own matches.

        The index is written first: if anything fails after it, what is left
        is unreferenced files, never an index entry whose body is gone.
        """
        doomed = {check_id(i) for i in article_ids}
        from storage.story_split import groups_without

        with self.transaction() as txn:
            # Read fresh under the lock, staged with the removal: a kill leaves
            # both or neither (the journal), never a group held by a gone link.
            regrouped = groups_without(self, doomed)
            removed = self._articles().remove(lambda doc: doc.get("id") in doomed)
            if removed:
                self.set_story_groups(regrouped, only=True)
            self._forget_shards(doomed)
            for article_id in doomed:
                for path in (
                    self.body_path(article_id),
                    self._shard_path(article_id),
                    self._analysis_path(article_id),
                ):
                    if path.exists():
                        txn.stage_remove(path)
        return len(removed)
