"""Annotation edits as the user means them, shared by the CLI and the app.

Each function is one transaction: it reads the article and its annotations
as they are on disk under the lock, merges the user's change into that, writes
the result and records the undo step with it. A tag made in the app while
`newsread tag` wrote to the same article therefore adds to what the CLI wrote
instead of overwriting it, and the two interfaces follow one rule: tagging a
passage that already carries an annotation adds the tags to that annotation
(a correction of the analysis excepted: a tag beside it is its own annotation).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from newsread.annotations.copies import NOTE_SEPARATOR, union
from newsread.annotations.rejections import RejectionKey
from newsread.annotations.tagnames import TagSpellings, tag_name_problem
from newsread.model import Annotation, Tag, new_annotation, now_iso, same_hand
from newsread.sanitize import visible
from storage.errors import (
    GoneAnnotationError,
    LibraryError,
    NotFoundError,
    PassageGoneError,
    StaleArticleError,
)
from storage.history import Change, Group, History
from storage.library import Library

Edit = tuple[Annotation | None, Annotation | None]


@dataclass
class EditResult:
    group: Group | None
    #: the article's annotations as stored after the edit
    annotations: list[Annotation] = field(default_factory=list)
    #: the annotation a single tagging landed on (tag_passage / tag_quote)
    annotation: Annotation | None = None
    merged: bool = False
    #: how often tag_quote's quote occurs in the text (the first is tagged)
    matches: int = 1
    #: ids of the annotations whose note was changed by another writer since
    #: this edit's copy was read: the stored note kept, this one added after it
    notes_kept: list[str] = field(default_factory=list)


def _merge_tags(base: list[str], mine: list[str], theirs: list[str]) -> list[str]:
    """Three-way: keep what the other writer added, apply what this one changed."""
    removed = set(base) - set(mine)
    added = [t for t in mine if t not in base]
    return [t for t in union(theirs, added) if t not in removed]


def _merge_note(base: str, mine: str, theirs: str) -> tuple[str, bool]:
    """Three-way, like the tags; True when both writers changed the note. Then
    neither is dropped: the stored note stays first (it was saved first) and
    this one follows it after a separator line. Two windows of one annotator
    once each saved their note, and the second silently replaced the first."""
    if mine in (base, theirs):
        return theirs, False
    if theirs == base or not theirs.strip():
        return mine, False  # nothing saved meanwhile is lost
    if not mine.strip():
        return theirs, True  # clearing it would drop what was saved meanwhile, unseen
    return f"{theirs.rstrip()}{NOTE_SEPARATOR}{mine}", True


def _combine_note(old: str, new: str) -> str:
    if not new.strip() or new.strip() in old:
        return old
    if old.strip() in new:
        # The stored note written again with more: added after it, its text
        # would stand twice.
        return new
    return f"{old}\n{new}"


def merge_into(
    stored: Annotation, tags: Iterable[str], note: str, data: dict[str, Any]
) -> Annotation:
    """``stored`` with more tags, a note added to its note, and data merged in."""
    return replace(
        stored,
        tags=union(stored.tags, tags),
        note=_combine_note(stored.note, note),
        data={**stored.data, **data},
        updated=now_iso(),
    )


def check_text(library: Library, article_id: str, body_hash: str | None) -> None:
    """StaleArticleError when the stored text is no longer ``body_hash``'s (the
    caller's transaction keeps it so while it writes)."""
    meta = library.get_meta(article_id)
    if body_hash is not None and meta["content_hash"] != body_hash:
        raise StaleArticleError(
            f"“{meta.get('title', article_id)}” changed on disk since it was opened "
            "(re-imported?); not saved — reopen the article and annotate again"
        )


def _ensure_tags(library: Library, names: Iterable[str], known: Sequence[Tag]) -> None:
    colours = {t.name: t.color for t in known}
    for name in dict.fromkeys(names):
        library.ensure_tag(name, colours.get(name) or None)


class _KeptApart:
    """Two annotations of one hand on one span that stay two, not merged (see
    newsread.analysis.corrections.kept_apart): a correction beside a tag, so
    that x on the tag never takes the correction with it; two claims of one
    sentence, so that accepting the second never overwrites the first."""

    def __init__(self, body: str) -> None:
        self._body = body

    def apart(self, stored: Annotation, new: Annotation) -> bool:
        # Imported here: the analysis records are not needed for most edits.
        from newsread.analysis.corrections import kept_apart

        return kept_apart(stored, new, self._body)


def apply_edits(
    library: Library,
    history: History | None,
    article_id: str,
    label: str,
    edits: Sequence[Edit],
    body_hash: str | None = None,
    tags: Sequence[Tag] = (),
    unreject: Iterable[RejectionKey] = (),
    annotator: str = "",
) -> EditResult:
    """Apply (before, after) pairs the user made on their copy, merged with disk.

    ``body_hash`` is the text the offsets were made on: a different stored text
    refuses the whole edit (StaleArticleError). ``tags`` carries colours for
    tags the edit creates; ``unreject`` drops ``annotator``'s rejections of
    suggestions that the edit accepts (and those naming nobody), so a span is
    never exported as both by one annotator; another annotator's rejection
    stays theirs ("" drops every one: one user).
    """
    with library.transaction():
        check_text(library, article_id, body_hash)
        # Checked once here, inside the lock: a body damaged on disk since the
        # caller read it would put the claim check and the journal's offsets
        # on other words (DamagedBodyError names the file; nothing is written).
        meta = library.get_meta(article_id)
        body = library.checked_body(article_id, meta)
        stored = {a.id: a for a in library.annotations(article_id)}
        by_span: dict[tuple[int, int], list[Annotation]] = {}
        for ann in stored.values():
            by_span.setdefault((ann.start, ann.end), []).append(ann)
        touched = {x.id for pair in edits for x in pair if x is not None}
        changes: list[Change] = []
        notes_kept: list[str] = []
        others = _KeptApart(body)
        for before, after in edits:
            current = stored.get((after or before).id)  # type: ignore[union-attr]
            if after is None:
                if current is not None:
                    changes.append(Change(article_id, current, None))
                    del stored[current.id]
                continue
            if before is not None and current is None:
                raise GoneAnnotationError(
                    f"“{before.quote[:40]}” was deleted meanwhile (in another window or "
                    "by the command line): not brought back"
                )
            if before is None and current is None:
                span = by_span.setdefault((after.start, after.end), [])
                same = next(
                    (
                        a
                        for a in span
                        if a.id not in touched
                        and not a.orphan
                        and same_hand(a, after.annotator)
                        and not others.apart(a, after)
                    ),
                    None,
                )
                if same is not None:
                    merged = merge_into(same, after.tags, after.note, after.data)
                    changes.append(Change(article_id, same, merged))
                    stored[same.id] = merged
                    span[span.index(same)] = merged
                    continue
            if before is not None and current is not None and current != before:
                note, both = _merge_note(before.note, after.note, current.note)
                if both:
                    notes_kept.append(after.id)
                after = replace(
                    after, tags=_merge_tags(before.tags, after.tags, current.tags), note=note
                )
            changes.append(Change(article_id, current, after))
            stored[after.id] = after
        changes = [c for c in changes if c.before != c.after]
        _ensure_tags(library, (n for c in changes if c.after for n in c.after.tags), tags)
        library.apply_annotation_changes(
            article_id,
            save=[c.after for c in changes if c.after is not None],
            delete=[c.before.id for c in changes if c.after is None and c.before is not None],
            remember=True,
        )
        library.unreject(article_id, unreject, annotator)
        for change in changes:
            # The text just checked: record() need not read and hash it again.
            change.body_hash, change.body_length = meta["content_hash"], len(body)
        group = history.record(label, changes) if history is not None and changes else None
        return EditResult(group, library.annotations(article_id), notes_kept=notes_kept)


def note_on_passage(
    library: Library,
    history: History | None,
    article_id: str,
    span: tuple[int, int],
    quote: str,
    note: str,
    annotator: str = "",
) -> EditResult:
    """Save ``note`` as a new annotation (no tags) on ``quote`` at ``span``: the
    note typed for an annotation deleted meanwhile, kept instead of lost.

    Raises PassageGoneError, changing nothing, when the article no longer holds
    ``quote`` there: a note placed on other words would say something false.
    A same-hand annotation on the span by now (made again meanwhile) gets the
    note, as any tagging of a marked passage does.
    """
    start, end = span
    with library.transaction():
        try:
            article = library.get_article(article_id)
        except NotFoundError as exc:
            raise PassageGoneError(f"“{quote[:40]}”: its article was removed") from exc
        if article.body[start:end] != quote:
            raise PassageGoneError(f"“{quote[:40]}” is no longer in the article's text")
        ann = new_annotation(article, start, end, [], note=note, annotator=annotator)
        label = f"note saved on “{quote[:40]}”"
        return apply_edits(library, history, article_id, label, [(None, ann)])


def save_rejection(
    library: Library, article_id: str, record: dict[str, Any], body_hash: str | None
) -> None:
    """Store a rejected suggestion made on the text ``body_hash``: refused
    (StaleArticleError) when a re-import replaced that text, whose offsets
    would now name other words."""
    with library.transaction():
        check_text(library, article_id, body_hash)
        library.save_rejected(article_id, record)


def tag_passage(
    library: Library,
    history: History | None,
    article_id: str,
    start: int,
    end: int,
    tag_names: Sequence[str],
    note: str = "",
    body_hash: str | None = None,
    annotator: str = "",
) -> EditResult:
    """Tag body[start:end] as ``annotator``; an annotation of theirs already on
    exactly that span gets the tags."""
    names = [n.strip() for n in tag_names if n.strip()]
    if not names and not note.strip():
        raise LibraryError("give at least one tag name or a note")
    for name in names:
        why = tag_name_problem(name)
        if why is not None:
            raise LibraryError(f"{visible(name)!r}: {why}")
    with library.transaction():
        check_text(library, article_id, body_hash)
        article = library.get_article(article_id)
        # A correction of the analysis there stays itself (see _KeptApart).
        from newsread.analysis.corrections import correction_of

        same = next(
            (
                a
                for a in library.annotations(article_id)
                if (a.start, a.end) == (start, end)
                and not a.orphan
                and same_hand(a, annotator)
                and correction_of(a) is None
            ),
            None,
        )
        if same is not None:
            ann = merge_into(same, names, note, {})
            edit: Edit = (same, ann)
        else:
            ann = new_annotation(article, start, end, names, note, annotator=annotator)
            edit = (None, ann)
        label = f"tagged [{', '.join(names) or 'note'}]"
        result = apply_edits(library, history, article_id, label, [edit])
        result.annotation = next((a for a in result.annotations if a.id == ann.id), ann)
        result.merged = same is not None
        return result


def tag_quote(
    library: Library,
    history: History | None,
    article_id: str,
    quote: str,
    tag_names: Sequence[str],
    note: str = "",
    annotator: str = "",
) -> EditResult:
    """Tag the first occurrence of ``quote`` in the article's text as stored now."""
    if not quote:
        raise LibraryError("--quote needs some text")
    with library.transaction():
        article = library.get_article(article_id)
        start = article.body.find(quote)
        if start < 0:
            raise LibraryError(
                f"quote not found in article {article.id} ({article.title!r}): {quote!r}"
            )
        # A name typed in another case or normalisation is the tag the library
        # has ("Verify" for "verify"), as the app's tag picker offers it: not
        # a second tag that tag: search, stats and the picker show as one.
        names = TagSpellings(t.name for t in library.tags()).all_spelled(tag_names)
        result = tag_passage(
            library,
            history,
            article_id,
            start,
            start + len(quote),
            list(dict.fromkeys(names)),
            note,
            annotator=annotator,
        )
        result.matches = article.body.count(quote)
        return result
