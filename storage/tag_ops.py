"""Library-wide tag operations: rename, merge, delete, recolour, quick keys.

Each operation runs under the library lock, writes each affected article file
once and the tags table once, and returns a TagOpResult holding exactly what
storage.history.History.record needs to make the operation one undoable group::

    result = merge_tags(library, "follow-up", "verify")
    history.record(result.label, result.changes, result.tags_before, result.tags_after)

or simply ``record_op(history, result)``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from newsread.annotations.tagnames import (
    clean_tag_name,
    existing_spelling,
    tag_key,
    tag_name_problem,
)
from newsread.annotators import annotator_key, first_spellings
from newsread.model import Annotation, Tag, now_iso
from newsread.sanitize import visible
from storage.history import Change
from storage.library import Library, LibraryError

if TYPE_CHECKING:
    from storage.history import Group, History

_KEY_RE = re.compile(r"^[1-9]?$")


@dataclass
class TagOpResult:
    label: str
    changes: list[Change] = field(default_factory=list)
    tags_before: list[Tag] = field(default_factory=list)
    tags_after: list[Tag] = field(default_factory=list)

    @property
    def annotations_changed(self) -> int:
        return len(self.changes)

    @property
    def annotations_deleted(self) -> int:
        return sum(1 for c in self.changes if c.after is None)


@dataclass(frozen=True)
class DeletePreview:
    """What deleting a tag would do, for the confirmation question.

    ``ids``: (article id, annotation id) of every annotation carrying the tag
    when it was counted; ``delete_tag(..., expected=preview)`` acts only if
    they are still exactly those.
    """

    changed: int
    deleted: int
    ids: frozenset[tuple[str, str]] = frozenset()
    #: (annotator, annotations changed, of them deleted) per annotator, by
    #: name: the question says whose work changes, as the reader's x does
    by_annotator: tuple[tuple[str, int, int], ...] = ()


class TagUsesChangedError(LibraryError):
    """The annotations carrying a tag are not those the user was asked about
    (another process tagged or untagged some meanwhile): nothing was changed.
    ``now``: the figures as they are, for asking again."""

    def __init__(self, name: str, now: DeletePreview) -> None:
        super().__init__(
            f"the annotations tagged {name!r} changed meanwhile ({now.changed} now): "
            "nothing was changed"
        )
        self.name = name
        self.now = now


def record_op(history: History, result: TagOpResult) -> Group | None:
    return history.record(result.label, result.changes, result.tags_before, result.tags_after)


def tag_usage(library: Library) -> dict[str, int]:
    """Annotations per tag name (every stored tag listed, unused ones with 0)."""
    _, per_tag = library.annotation_stats()
    usage = {t.name: 0 for t in library.tags()}
    usage.update(per_tag)
    return usage


def _with_tag(library: Library, name: str) -> dict[str, list[Annotation]]:
    return library.find_annotations(lambda doc: name in doc.get("tags", []))


def _write(library: Library, changes: list[Change]) -> None:
    by_article: dict[str, list[Change]] = {}
    for change in changes:
        by_article.setdefault(change.article_id, []).append(change)
    for article_id, items in by_article.items():
        library.apply_annotation_changes(
            article_id,
            save=[c.after for c in items if c.after is not None],
            delete=[c.before.id for c in items if c.after is None and c.before is not None],
            remember=True,
        )


def _require(library: Library, name: str) -> Tag | None:
    """The stored tag; None for a name only annotations use (written by an older
    version or by hand), which the operations still handle; an error if neither."""
    tag = library.get_tag(name)
    if tag is None and not _with_tag(library, name):
        raise LibraryError(f"no tag named {name!r}")
    return tag


def _stored(library: Library, tag: Tag) -> list[Tag]:
    # A tag that was only in annotations had no row: undo must remove the new row.
    return [tag] if library.get_tag(tag.name) is not None else []


def _swap(tags: list[str], source: str, target: str) -> list[str]:
    # Keep the tag's position (the first tag colours the highlight) and never
    # list a name twice when the annotation already had the target.
    out: list[str] = []
    for name in tags:
        name = target if name == source else name
        if name not in out:
            out.append(name)
    return out


def merge_tags(
    library: Library, source: str, target: str, expected: DeletePreview | None = None
) -> TagOpResult:
    """Every annotation tagged ``source`` gets ``target`` instead; ``source`` is removed.

    ``expected``: the annotations the user was told would change (see
    preview_delete); if others carry ``source`` by now, TagUsesChangedError
    and nothing changes.
    """
    target = target.strip()
    why = tag_name_problem(target)
    if why is not None:
        raise LibraryError(f"{visible(target)!r}: {why}")
    if source == target:
        return TagOpResult(f"merge {source!r} into itself")
    with library.transaction():
        found = _with_tag(library, source)
        _check_expected(source, found, expected, ids_only=True)
        old = _require(library, source)
        into = library.get_tag(target)
        stamp = now_iso()
        # ``updated`` stays: a rename changes what the tag is called, not the
        # annotation. Stamped, every copy a teammate exported before it looked
        # older than the library's, and import-annotations dropped the tags
        # she had added since; the old name maps through ``Tag.merged``.
        changes = [
            Change(article_id, ann, replace(ann, tags=_swap(ann.tags, source, target)))
            for article_id, anns in found.items()
            for ann in anns
        ]
        _write(library, changes)
        if into is None:
            # A plain rename: the tag keeps its colour, key and description.
            new = replace(old, name=target) if old else library.propose_tag(target)
            label = f"rename tag {source!r} to {target!r}"
        else:
            new = into
            label = f"merge tag {source!r} into {target!r}"
        # Remembered on the tag it went into, so that undo (which puts that
        # row back as it was) forgets it too: an import then reads the old name
        # in a teammate's copy made before now as this one.
        remembered = {**new.merged, **(old.merged if old else {}), source: stamp}
        new = replace(new, merged={k: v for k, v in remembered.items() if k != new.name})
        before = [t for t in (old, into) if t is not None]
        library.apply_tag_changes(save=[new], delete=[source])
    return TagOpResult(label, changes, before, [new])


class TagExistsError(LibraryError):
    """A rename that may not merge found its new name taken when it ran: by a
    stored tag or by annotations. ``uses``: the annotations the renamed tag has
    then, for the question that asks whether to merge instead."""

    def __init__(self, source: str, target: str, preview: DeletePreview) -> None:
        super().__init__(f"tag {target!r} exists")
        self.source = source
        self.target = target
        #: the renamed tag's annotations, to merge only those if the user agrees
        self.preview = preview
        self.uses = preview.changed


def rename_tag(library: Library, old: str, new: str, merge: bool = True) -> TagOpResult:
    """Rename a tag everywhere; renaming onto an existing tag merges into it,
    or, with ``merge`` False, raises TagExistsError. The name is looked up in
    the same transaction as the rename: a view of the tags read earlier may
    miss a tag another process has made since, and merged without asking."""
    with library.transaction():
        target = clean_tag_name(new)
        if not merge and target != old:
            existing = _case_variant(library, old, target)
            if existing is not None:
                raise TagExistsError(old, existing, preview_delete(library, old))
        return merge_tags(library, old, target)


def _case_variant(library: Library, old: str, target: str) -> str | None:
    """The tag ``target`` would stand beside: itself, or one differing only in
    case, spaces or Unicode normalisation ("check" for "CHECK"). The picker
    and ``tag:`` search treat those as one, so a rename that made both would
    look like a merge that never asked.
    ``old`` itself does not count: "check" may become "Check"."""
    # One scan of the annotations: a tag may be on them and not in the table.
    key = tag_key(target)
    names = {t.name for t in library.tags()}
    for anns in library.find_annotations(
        lambda doc: any(tag_key(str(t)) == key for t in doc.get("tags", []))
    ).values():
        names.update(t for a in anns for t in a.tags)
    return existing_spelling(names - {old}, target)


def preview_delete(library: Library, name: str) -> DeletePreview:
    """What deleting (or merging away) ``name`` changes, with the annotations' ids."""
    return _preview(_with_tag(library, name), name)


def _preview(found: dict[str, list[Annotation]], name: str) -> DeletePreview:
    """preview_delete of the annotations ``_with_tag`` found carrying ``name``."""
    anns = [a for items in found.values() for a in items]
    deleted = sum(1 for a in anns if _left_empty(a, name))
    ids = frozenset((article_id, a.id) for article_id, items in found.items() for a in items)
    whose: dict[str, list[int]] = {}
    spelled = first_spellings(a.annotator for a in anns)
    for a in anns:
        counts = whose.setdefault(spelled[annotator_key(a.annotator)], [0, 0])
        counts[0] += 1
        counts[1] += _left_empty(a, name)
    by_annotator = tuple((who, n, d) for who, (n, d) in sorted(whose.items()))
    return DeletePreview(len(anns), deleted, ids, by_annotator)


def _check_expected(
    name: str,
    found: dict[str, list[Annotation]],
    expected: DeletePreview | None,
    ids_only: bool = False,
) -> None:
    # ``found`` is read in the caller's transaction, and is what it then
    # writes: what is compared is what gets written.
    # A delete compares the whole preview, not only the ids: a note added
    # meanwhile changes which annotations it would remove. A merge removes none.
    if expected is None:
        return
    now = _preview(found, name)
    if (now.ids != expected.ids) if ids_only else (now != expected):
        raise TagUsesChangedError(name, now)


def _left_empty(ann: Annotation, name: str) -> bool:
    return not [t for t in ann.tags if t != name] and not ann.note.strip()


def delete_tag(library: Library, name: str, expected: DeletePreview | None = None) -> TagOpResult:
    """Remove the tag from every annotation and from the tags table.

    An annotation left with no tag and no note would be an invisible mark, so
    it is deleted; the returned changes (and undo) bring it back.

    ``expected``: the preview the user confirmed; if the annotations carrying
    the tag differ by now (another annotator tagged more meanwhile), raises
    TagUsesChangedError and deletes nothing: a delete may not take work the
    user was never asked about.
    """
    with library.transaction():
        found = _with_tag(library, name)
        _check_expected(name, found, expected)
        tag = _require(library, name)
        changes: list[Change] = []
        for article_id, anns in found.items():
            for ann in anns:
                if _left_empty(ann, name):
                    changes.append(Change(article_id, ann, None))
                else:
                    # ``updated`` stays, as for a rename: stamped, a teammate's
                    # copy edited before the deletion looked older than the
                    # library's and import-annotations dropped the tags she
                    # had added. The tombstone keeps the name from coming back.
                    kept = [t for t in ann.tags if t != name]
                    changes.append(Change(article_id, ann, replace(ann, tags=kept)))
        _write(library, changes)
        # Undo saves the tag back and forgets the tombstone (storage.history).
        tombstone = replace(tag or Tag(name=name), deleted=now_iso())
        library.apply_tag_changes(save=[tombstone])
    return TagOpResult(f"delete tag {name!r}", changes, [tag] if tag else [], [tombstone])


def recolour_tag(library: Library, name: str, color: str) -> TagOpResult:
    """Set a tag's colour (validated by the caller: storage does not know Rich)."""
    with library.transaction():
        tag = _require(library, name) or Tag(name=name)
        before = _stored(library, tag)
        new = replace(tag, color=color.strip())
        library.apply_tag_changes(save=[new])
    return TagOpResult(f"recolour tag {name!r}", [], before, [new])


def describe_tag(library: Library, name: str, description: str) -> TagOpResult:
    """Set a tag's one-line description (shown in the tag manager)."""
    with library.transaction():
        tag = _require(library, name) or Tag(name=name)
        before = _stored(library, tag)
        new = replace(tag, description=" ".join(description.split()))
        library.apply_tag_changes(save=[new])
    return TagOpResult(f"describe tag {name!r}", [], before, [new])


def set_tag_key(library: Library, name: str, key: str) -> TagOpResult:
    """Give a tag quick key 1-9 ("" clears it); a tag that held that key loses it."""
    key = key.strip()
    if not _KEY_RE.match(key):
        raise LibraryError(f"a quick key is a digit 1-9, not {key!r}")
    with library.transaction():
        tag = _require(library, name) or Tag(name=name)
        before = _stored(library, tag)
        after = [replace(tag, key=key)]
        if key:
            for other in library.tags():
                if other.name != name and other.key == key:
                    before.append(other)
                    after.append(replace(other, key=""))
        library.apply_tag_changes(save=after)
    label = f"set key {key or 'none'} for tag {name!r}"
    # Said, not done quietly: the other tag's digit stops working in the reader.
    taken = [t.name for t in after[1:]]
    if taken:
        label += f" (taken from {', '.join(repr(n) for n in taken)})"
    return TagOpResult(label, [], before, after)
