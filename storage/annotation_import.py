"""``newsread import-annotations``: annotations from export files into the library.

Each annotation finds its article by id, then by address (``url_or_path``),
then by the text's hash, and its passage with the re-anchoring a re-import
uses (position, then quote with context, then fuzzy); one that cannot be
placed is kept as an orphan, as after a re-import, and one placed on words
that differ from the file's (the colleague tagged an older text: "40%" where
the library's says "45%") keeps the words first tagged as ``requoted_from``
and is counted, as a re-import does. It merges without making
duplicates: an annotation with the same id, or on the same passage by the
same annotator, is one annotation, merged by newsread.annotations.copies: the
copy changed last wins the tags and data, tags the library merged or renamed
since the file's copy are read under their new names, notes are never cut nor
repeated. One the user deleted from the library after the file's copy was
last changed is not brought back. A tag name that differs from one the library
knows only in case, spaces or Unicode normalisation is read as the library
spells it (newsread.annotations.tagnames); an annotation whose tag name breaks
the tag rule (control characters, a comma) is left out, and said.

Every file is read and checked before anything is written, and everything is
written in one transaction under the library's lock, recorded as one undo
step: a bad file, or a crash, leaves the library as it was.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from newsread.analysis.corrections import kept_apart
from newsread.annotations.anchoring import Selector, reanchor_all
from newsread.annotations.copies import Merge, Renames, last_change, merge_copies
from newsread.annotations.first_words import first_words_kept, on_first_words
from newsread.annotations.formats.reading import (
    AnnotationFile,
    ArticleRef,
    FormatError,
    IncomingAnnotation,
    parse_annotation_file,
)
from newsread.annotations.held_spans import placed_with_spans
from newsread.annotations.rejections import placed, same_rejection
from newsread.annotations.tagnames import TagSpellings
from newsread.annotators import same_annotator
from newsread.config import annotator_problem
from newsread.model import Annotation
from newsread.stamps import moment
from storage.body_integrity import DamagedBodyError
from storage.errors import CorruptFileError, LibraryError
from storage.history import Change, History
from storage.id_repair import renewed_id
from storage.library import Library

#: An import changing more annotations than this is not journalled for undo:
#: the journal is rewritten whole with every later change, and would carry it.
MAX_UNDOABLE = 5000


class ImportFileError(LibraryError):
    """A file that cannot be imported; the message names it, one line."""


@dataclass
class ImportReport:
    added: int = 0
    merged: int = 0
    orphaned: int = 0
    #: already in the library as the file has them
    unchanged: int = 0
    #: whose article is not in the library
    no_article: int = 0
    rejected_added: int = 0
    rejected_unchanged: int = 0
    #: rejected suggestions whose span is not in the library's text
    rejected_unplaced: int = 0
    #: rejected suggestions whose article is not in the library: counted
    #: apart from annotations, as those of articles it holds are
    rejected_no_article: int = 0
    #: the articles not found, as the files name them (first few)
    missing: list[str] = field(default_factory=list)
    #: of ``missing``, those whose title a library article has, with another
    #: text and address: the file's annotations were made on another text
    other_text: list[str] = field(default_factory=list)
    #: of ``no_article``, those for the articles of ``other_text``
    no_article_other_text: int = 0
    #: added under a new id: theirs is another article's annotation's
    new_ids: int = 0
    #: older than the library's copy, which differs: nothing taken
    older: int = 0
    #: merged, but older than the library's copy: its tags and data not taken
    older_merged: int = 0
    #: deleted in the library after the file's copy was last changed
    deleted_since: int = 0
    #: whose note and the library's were changed apart: both kept
    notes_both: int = 0
    #: with tags the library merged or renamed since: read under the new names
    renamed_tags: int = 0
    #: with tags the library deleted since: read without them
    deleted_tags: int = 0
    #: added or merged with tags spelled otherwise (case, spaces, normalisation):
    #: the library's spelling
    respelled_tags: int = 0
    #: left out for a tag name the tag rule refuses: one line each, saying which
    refused: list[str] = field(default_factory=list)
    #: added or merged on words that differ from the file's (its text was
    #: older or newer): their first words kept as requoted_from
    requoted: int = 0
    undoable: bool = True

    @property
    def skipped(self) -> int:
        return (
            self.unchanged + self.no_article + self.older + self.deleted_since + len(self.refused)
        )


#: Export formats made for other tools that import-annotations does not read,
#: by the file name's suffix: parsed as JSON they gave "line 1: not JSON".
_ONE_WAY = {".csv": "csv", ".spacy": "spaCy DocBin"}
#: Names of files of one record a line, where no line at all is no record.
_LINES = frozenset({".jsonl", ".ndjson"})


def read_annotation_file(path: Path) -> AnnotationFile:
    """One export file, read and checked; ImportFileError names it and the problem."""
    if path.suffix.lower() in _ONE_WAY:
        raise ImportFileError(
            f"{path}: a {_ONE_WAY[path.suffix.lower()]} export cannot be imported back; "
            "export json, jsonl or w3c for that"
        )
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ImportFileError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    if not raw.removeprefix(b"\xef\xbb\xbf").strip() and path.suffix.lower() not in _LINES:
        # Read as an export of no annotations it said "0 added" and exit 0: a
        # file cut off, or the wrong one, passed unnoticed. An empty .jsonl is
        # what `export --format jsonl` writes when there is nothing to export:
        # it imports as nothing, and the command says so.
        raise ImportFileError(f"no annotations in {path}: empty")
    try:
        parsed = parse_annotation_file(raw)
    except FormatError as exc:
        raise ImportFileError(f"{path}: {exc}") from exc
    parsed.refused = [f"{path}: {why}" for why in parsed.refused]
    for incoming in parsed.annotations:
        name = incoming.annotation.annotator
        why = annotator_problem(name) if name else None
        if why is not None:
            raise ImportFileError(f"{path}: annotation {incoming.annotation.id!r}: annotator {why}")
    _refuse_shared_ids(path, parsed)
    # A rejection's annotator is shown and filtered on like an annotation's.
    for number, rejection in enumerate(parsed.rejected, 1):
        name = rejection.item.get("annotator", "")
        why = annotator_problem(name) if name else None
        if why is not None:
            raise ImportFileError(f"{path}: rejected suggestion {number}: annotator {why}")
    return parsed


def _refuse_shared_ids(path: Path, parsed: AnnotationFile) -> None:
    """Refuse a file giving one annotation id to two records.

    An export never does: a hand edit or a careless merge of files did, and
    which record the id belongs to cannot be told. Merged, the second's tags
    went into the first's passage (same article) or the library ended with two
    annotations under one id (two articles). A new id for the second would
    guess instead of the user, and make the file no longer say what the
    library holds."""
    first: dict[str, IncomingAnnotation] = {}
    for incoming in parsed.annotations:
        ident = incoming.annotation.id
        seen = first.setdefault(ident, incoming)
        if seen is not incoming:
            raise ImportFileError(
                f"{path}: annotation id {ident!r} is given twice, to {_place(seen)} and to "
                f"{_place(incoming)}; nothing imported (give one of them another id)"
            )


def _place(incoming: IncomingAnnotation) -> str:
    ann = incoming.annotation
    ref = incoming.article
    article = f"{ref.describe()} ({ref.id})" if ref.title and ref.id else ref.describe()
    return f"{ann.quote[:40]!r} at {ann.start}-{ann.end} of {article}"


class ArticleMatcher:
    """The library's articles by id, address and text hash, for matching."""

    def __init__(self, library: Library) -> None:
        self.by_id: dict[str, dict[str, Any]] = {}
        self.by_url: dict[str, list[str]] = {}
        self.by_hash: dict[str, list[str]] = {}
        self.titles: set[str] = set()
        for entry in library.index_entries():
            ident = entry.get("id")
            if not isinstance(ident, str):
                continue
            self.by_id[ident] = entry
            if entry.get("url_or_path"):
                self.by_url.setdefault(entry["url_or_path"], []).append(ident)
            if entry.get("content_hash"):
                self.by_hash.setdefault(entry["content_hash"], []).append(ident)
            if isinstance(entry.get("title"), str) and entry["title"].strip():
                self.titles.add(entry["title"].strip())

    def match(self, ref: ArticleRef) -> str | None:
        if ref.id in self.by_id:
            return ref.id
        for ids in (self.by_url.get(ref.url_or_path), self.by_hash.get(ref.content_hash)):
            if ids:
                # Several articles from one address: the one with the same text.
                same = [i for i in ids if self.by_id[i].get("content_hash") == ref.content_hash]
                return sorted(same or ids)[0]
        return None

    def other_text(self, ref: ArticleRef) -> bool:
        """Whether an article ``match`` did not find has a namesake here: one
        of the same title, under another address and with another text (the
        colleague's copy was made from another file, or the text changed)."""
        return bool(ref.title.strip()) and ref.title.strip() in self.titles


def _not_found(articles: ArticleMatcher, ref: ArticleRef, report: ImportReport) -> None:
    """Say that ``ref``'s article was not found, and whether the library
    holds one of its title with another text: "not in the library" would
    hide that one of exactly that title is."""
    described = ref.describe()
    if described not in report.missing:
        report.missing.append(described)
    if articles.other_text(ref) and described not in report.other_text:
        report.other_text.append(described)


def import_annotations(
    library: Library,
    files: Sequence[AnnotationFile],
    history: History | None = None,
    default_annotator: str = "",
    label: str = "imported annotations",
) -> ImportReport:
    """Merge the annotations (and rejected suggestions) of ``files`` into the
    library, in one transaction; ``default_annotator`` is given to annotations
    that name none.

    All or nothing: a damaged file it must read (any annotations file, as ids
    are kept apart across the library; the body of an article it places
    annotations on) refuses the whole import, naming the file and the repair.
    """
    try:
        return _import_annotations(library, files, history, default_annotator, label)
    except DamagedBodyError as exc:
        raise DamagedBodyError(f"{exc}; nothing was imported") from exc
    except CorruptFileError as exc:
        if Path(str(exc).partition(": ")[0]).parent.name != "annotations":
            raise
        raise CorruptFileError(
            f"{exc}; nothing was imported (every annotations file is read to keep "
            "annotation ids apart): newsread doctor --restore puts back a good backup, "
            "--restore --set-aside moves a file that has none aside"
        ) from exc


def _import_annotations(
    library: Library,
    files: Sequence[AnnotationFile],
    history: History | None,
    default_annotator: str,
    label: str,
) -> ImportReport:
    report = ImportReport()
    with library.transaction():
        articles = ArticleMatcher(library)
        wanted: dict[str, list[IncomingAnnotation]] = {}
        for parsed in files:
            report.refused += parsed.refused
            for incoming in parsed.annotations:
                article_id = articles.match(incoming.article)
                if article_id is None:
                    report.no_article += 1
                    report.no_article_other_text += articles.other_text(incoming.article)
                    _not_found(articles, incoming.article, report)
                    continue
                wanted.setdefault(article_id, []).append(incoming)
        elsewhere = _ids_elsewhere(library, wanted)
        for article_id, incoming in wanted.items():
            # Two files giving one id to annotations of two articles: the first
            # keeps it, the other gets a new one, as for an id the library
            # already uses on another article.
            for item in incoming:
                elsewhere.setdefault(item.annotation.id, article_id)
        renames = Renames.of(library.tags(), library.deleted_tags())
        # Names merged, renamed or deleted away count too: "Check" in a copy
        # made before "check" became "verify" is then read as "verify".
        spellings = TagSpellings(
            [*(t.name for t in library.tags()), *renames.moved, *renames.deleted]
        )
        changes: list[Change] = []
        for article_id, incoming in wanted.items():
            changes += _merge_article(
                library,
                article_id,
                incoming,
                elsewhere,
                default_annotator,
                (renames, spellings),
                report,
            )
        _import_rejections(library, articles, files, report)
        names = {n for c in changes if c.after is not None for n in c.after.tags}
        for name in sorted(names):
            library.ensure_tag(name)
        for article_id in dict.fromkeys(c.article_id for c in changes):
            library.apply_annotation_changes(
                article_id,
                save=[c.after for c in changes if c.article_id == article_id and c.after],
            )
        if history is not None and changes:
            if len(changes) <= MAX_UNDOABLE:
                history.record(label, changes)
            else:
                report.undoable = False
    return report


def _ids_elsewhere(library: Library, wanted: dict[str, list[IncomingAnnotation]]) -> dict[str, str]:
    """Annotation id -> the article holding it, for the incoming ids the library
    already uses: the same id on another article must not be overwritten."""
    ids = {i.annotation.id for group in wanted.values() for i in group}
    found = library.find_annotations(lambda doc: doc.get("id") in ids)
    return {a.id: article_id for article_id, anns in found.items() for a in anns}


def _placed(incoming: list[IncomingAnnotation], body: str) -> list[tuple[Annotation, bool]]:
    """Each incoming annotation anchored on ``body``, or an orphan keeping the
    file's quote and offsets when it cannot be found; with whether it was
    placed on words that differ from the file's (its first words kept)."""
    selectors = [
        Selector(a.quote, a.prefix, a.suffix, a.start, a.end)
        for a in (i.annotation for i in incoming)
    ]
    anchors = reanchor_all(selectors, body)
    out: list[tuple[Annotation, bool]] = []
    for item, sel, anchor in zip(incoming, selectors, anchors, strict=True):
        ann = item.annotation
        first = ann.first_tagged
        if anchor is None and first is not None:
            # The file's copy sits on grown words the library's text lacks:
            # its first words may stand there, as a re-import finds them.
            anchor = on_first_words(sel, first, body)
        if anchor is None:
            out.append((replace(ann, orphan=True), False))
        else:
            moved = placed_with_spans(ann, body, anchor.start, anchor.end)
            out.append(first_words_kept(ann, moved))
    return out


def _merge_article(
    library: Library,
    article_id: str,
    incoming: list[IncomingAnnotation],
    elsewhere: dict[str, str],
    default_annotator: str,
    names: tuple[Renames, TagSpellings],
    report: ImportReport,
) -> list[Change]:
    renames, spellings = names
    body = library.checked_body(article_id)
    stored = {a.id: a for a in library.annotations(article_id)}
    deleted = library.deleted_annotations(article_id)
    before = dict(stored)
    for ann, requoted in _placed(incoming, body):
        named = ann.annotator
        ann = replace(ann, article_id=article_id, annotator=named or default_annotator)
        made = last_change(ann)
        spelled = spellings.all_spelled(ann.tags)
        tags = renames.applied(spelled, made)
        kept = renames.kept(tags, made)
        # Said of a copy compared with the library's (which it may then
        # match), not of one left out whole (deleted since, or emptied).
        renamed_tags, deleted_tags = int(tags != spelled), int(kept != tags)
        respelled_tags = int(spelled != ann.tags)
        # Left with no tag and no note: the invisible mark delete_tag removes.
        emptied = bool(tags) and not kept and not ann.note.strip()
        if kept != ann.tags:
            ann = replace(ann, tags=kept)
        renamed = elsewhere.get(ann.id, article_id) != article_id
        if renamed:
            ann = replace(ann, id=renewed_id(ann.id, article_id))
        target = stored.get(ann.id)
        if target is None and _deleted_since(ann, deleted):
            report.deleted_since += 1
            continue
        target = target or _same_passage(stored.values(), ann, body)
        if target is None and emptied:
            continue
        report.renamed_tags += renamed_tags
        report.deleted_tags += deleted_tags
        if target is None:
            stored[ann.id] = ann
            report.respelled_tags += respelled_tags
            report.new_ids += renamed
            if ann.orphan:
                report.orphaned += 1
            else:
                report.added += 1
                report.requoted += requoted
            continue
        # The default annotator is for what the file adds: it does not name
        # a library annotation that names nobody.
        merge = _merged(target, replace(ann, annotator=named), body)
        report.notes_both += merge.notes_both
        if merge.result is None:
            if merge.kept_newer:
                report.older += 1
            else:
                report.unchanged += 1
        else:
            stored[target.id] = merge.result
            report.merged += 1
            # Only of what is written: a copy that matched the library's once
            # spelled its way took no tag from the file (qa37 F15).
            report.respelled_tags += respelled_tags
            # Merged where the library's copy sits, the file's first words
            # kept only when its copy was the one taken.
            report.requoted += requoted and merge.result.first_tagged is not None
            report.older_merged += merge.kept_newer
    return [
        Change(article_id, before.get(ident), ann)
        for ident, ann in stored.items()
        if before.get(ident) != ann
    ]


def _same_passage(stored: Any, ann: Annotation, body: str) -> Annotation | None:
    """The annotation of ``ann``'s annotator on its passage that ``ann`` merges
    into; of two claims sharing the passage, not the other claim's, and a
    correction never into a tag nor a tag into a correction (kept_apart)."""
    if ann.orphan:
        return None
    return next(
        (
            a
            for a in stored
            if not a.orphan
            and (a.start, a.end) == (ann.start, ann.end)
            and same_annotator(a.annotator, ann.annotator)
            and not kept_apart(a, ann, body)
        ),
        None,
    )


def _deleted_since(ann: Annotation, deleted: dict[str, str]) -> bool:
    """Whether the user deleted ``ann``'s annotation from the library after
    the file's copy was last changed (an undated copy is older than that)."""
    if ann.id not in deleted:
        return False
    made, gone = last_change(ann), moment(deleted[ann.id])
    return made is None or gone is None or made <= gone


def _merged(target: Annotation, ann: Annotation, body: str) -> Merge:
    """``target`` with the file's copy ``ann`` merged in (result None when
    that changes nothing)."""
    base = target
    if target.orphan and not ann.orphan:
        # The library lost the passage; the file's copy found it on this text.
        base = placed_with_spans(target, body, ann.start, ann.end)
    merge = merge_copies(base, ann)
    if merge.result is None and base != target:
        return replace(merge, result=base)
    if merge.result is not None:
        # The file's data may name as first tagged the words it now sits on.
        checked = merge.result.first_words_checked()
        return replace(merge, result=None if checked == target else checked)
    return merge


def _import_rejections(
    library: Library,
    articles: ArticleMatcher,
    files: Sequence[AnnotationFile],
    report: ImportReport,
) -> None:
    bodies: dict[str, str] = {}
    known: dict[str, list[dict[str, Any]]] = {}
    for parsed in files:
        for incoming in parsed.rejected:
            article_id = articles.match(incoming.article)
            if article_id is None:
                report.rejected_no_article += 1
                _not_found(articles, incoming.article, report)
                continue
            if article_id not in bodies:
                bodies[article_id] = library.checked_body(article_id)
                known[article_id] = library.rejected(article_id)
            item = _placed_rejection(incoming.item, bodies[article_id])
            if item is None:
                report.rejected_unplaced += 1
                continue
            if any(same_rejection(item, r) for r in known[article_id]):
                report.rejected_unchanged += 1
                continue
            known[article_id].append(item)
            library.save_rejected(article_id, item)
            report.rejected_added += 1


def _placed_rejection(item: dict[str, Any], body: str) -> dict[str, Any] | None:
    start, end, text = item["start"], item["end"], item["text"]
    if body[start:end] == text:
        return dict(item)
    (anchor,) = reanchor_all([Selector(text, "", "", start, end)], body)
    if anchor is None:
        return None
    return placed(item, body, anchor.start, anchor.end)
