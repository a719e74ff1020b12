"""Every annotation of the library in one list: what the annotations screen
shows and filters (tags, quote, note, article, date, annotator, orphan, made
from an accepted suggestion).

Read-only and derived. At 100,000 articles with tens of thousands of
annotations the pass must stay a worker's second, not a minute: the files are
read raw (storage.shard_docs, no TinyDB, no ``Annotation``), each kept with its
stamp so that a second listing, after a tag or a return from the reader,
reads only the files that changed (storage.stamped); the titles come from the
catalog (storage.catalog), never from parsing ``library.json`` whole.

A row holds what the screen draws and filters on; an edit made from the list
reads the annotation as stored, under the lock, before it changes it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from storage import catalog as catalogs
from storage.base import ID_RE
from storage.errors import CorruptFileError
from storage.shard_docs import annotation_docs, doc_annotator
from storage.stamped import StampedFolder


class ListedAnnotation(NamedTuple):
    """One annotation as the list shows it. A tuple: 100,000 of them are made per
    listing, and a frozen dataclass took three times as long to build."""

    article_id: str
    id: str
    start: int
    end: int
    quote: str
    tags: tuple[str, ...]
    note: str
    #: when it was last changed, else when it was made ("" when neither is recorded)
    date: str
    #: who made it; "" for an annotation made before newsread recorded that
    annotator: str
    #: it could not be placed again after its article's text changed
    orphan: bool
    #: the label of the suggestion it was accepted from; "" when made by hand
    #: (or as a correction of the analysis, which is not the model's suggestion)
    suggestion: str
    #: a correction of the analysis (E, K in the reader: ``data["correction"]``)
    corrected: bool = False

    @property
    def key(self) -> str:
        """Unique across the library (article ids never hold a ``/``)."""
        return f"{self.article_id}/{self.id}"


@dataclass
class AnnotationListing:
    rows: list[ListedAnnotation] = field(default_factory=list)
    #: article id -> title, for the articles listed
    titles: dict[str, str] = field(default_factory=dict)
    #: articles in the library, annotated or not
    articles: int = 0
    #: annotation files that cannot be read, each "path: why"
    damaged: list[str] = field(default_factory=list)


def _corrected(data: Any) -> bool:
    return isinstance(data, dict) and isinstance(data.get("correction"), dict)


def _suggestion(data: Any) -> str:
    """The label of the suggestion the annotation was accepted from (the reader's
    ``a`` keeps it in ``data["suggestion"]``), else "". A correction keeps the
    same shape for the exports, but the user made it, not the model."""
    if _corrected(data):
        return ""
    found = data.get("suggestion") if isinstance(data, dict) else None
    if not isinstance(found, dict):
        return ""
    label = found.get("label")
    return label if isinstance(label, str) and label else "suggestion"


def listed(article_id: str, doc: dict[str, Any]) -> ListedAnnotation:
    """One stored annotation document as a row; TypeError when it is malformed.

    Checked with ``type() is`` and C-level joins, not a helper per field: this
    runs once per annotation in the library."""
    get = doc.get
    ann_id, start, end = get("id"), get("start"), get("end")
    quote, note, tags = get("quote") or "", get("note") or "", get("tags") or []
    created, updated = get("created") or "", get("updated") or ""
    if not (
        type(ann_id) is str
        and ann_id
        and type(start) is int
        and type(end) is int
        and type(tags) is list
        and _all_text((quote, note, created, updated, *tags))
    ):
        raise TypeError(f"annotation {ann_id!r} has a field of the wrong type")
    data = get("data")
    return ListedAnnotation(
        article_id,
        ann_id,
        start,
        end,
        quote,
        tuple(tags) if len(tags) < 2 else tuple(dict.fromkeys(tags)),
        note,
        updated or created,
        doc_annotator(doc, "") if "annotator" in doc or data else "",
        bool(get("orphan")),
        _suggestion(data) if data else "",
        _corrected(data) if data else False,
    )


def _all_text(values: tuple[Any, ...]) -> bool:
    """Whether every value is a string, checked in C: join refuses anything else."""
    try:
        "".join(values)
    except TypeError:
        return False
    return True


def file_rows(path: Path) -> tuple[ListedAnnotation, ...]:
    """Every annotation of one file; CorruptFileError when one cannot be listed
    (the reader would refuse the file too)."""
    article_id = path.name[: -len(".json")]
    try:
        return tuple(listed(article_id, doc) for doc in annotation_docs(path))
    except TypeError as exc:
        raise CorruptFileError(f"{path}: an annotation is malformed ({exc})") from exc


class AnnotationLister:
    """Lists a library's annotations; keep one to list again cheaply."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self._files = StampedFolder(
            self.root / "annotations",
            file_rows,
            wanted=lambda name: bool(ID_RE.match(name[: -len(".json")])),
        )
        self._stamp: tuple[int, int, int, int] | None = None
        self._titles: dict[str, str] = {}

    def _all_titles(self) -> dict[str, str]:
        """Article id -> title of every article, loaded again only when the
        index changed; CorruptFileError for a damaged index."""
        stamp = catalogs.index_stamp(self.root)
        if stamp != self._stamp:
            catalog = catalogs.load(self.root)
            self._titles = dict(zip(catalog.ids, catalog.titles, strict=True))
            self._stamp = stamp
        return self._titles

    def listing(self) -> AnnotationListing:
        """Every annotation as the files are now."""
        all_titles = self._all_titles()
        by_file, damaged = self._files.scan()
        listing = AnnotationListing(articles=len(all_titles))
        for name, rows in by_file.items():
            article_id = name[: -len(".json")]
            # A file left by an article since removed is not part of the library.
            if rows and article_id in all_titles:
                listing.titles[article_id] = all_titles[article_id]
                listing.rows += rows
        listing.damaged = sorted(
            why for name, why in damaged.items() if name[: -len(".json")] in all_titles
        )
        return listing
