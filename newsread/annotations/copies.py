"""Two copies of one annotation (same id, or same passage and annotator) made one.

A teammate's export holds copies of annotations the library may hold too,
changed on either side since they parted. Neither copy knows what the other
started from, so the rule goes by what each records:

* tags a library merged or renamed into another tag are read under the new
  name in a copy made before that merge or rename (the target tag remembers
  when: ``Tag.merged``), and tags it deleted are left out of a copy made
  before the deletion (the tombstone remembers when: ``Tag.deleted``);
* the copy changed last (``updated``) wins the tags and ``data`` both hold
  differently: a newer copy adds its tags and its values to the library's, an
  older one changes neither (it never undoes a later change);
* a note is text someone wrote and is never cut: one contained in the other
  gives the longer; two changed apart are both kept, theirs (the file's) first
  and yours after a ``---`` line, as the reader keeps two writers' notes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from newsread.model import Annotation, Tag
from newsread.stamps import moment

#: the line between two notes changed apart, by the reader's two writers
#: (storage.edits) and by an import's two copies alike
NOTE_SEPARATOR = "\n---\n"


def last_change(ann: Annotation) -> datetime | None:
    return moment(ann.updated) or moment(ann.created)


@dataclass(frozen=True)
class Renames:
    """Tag names the library merged or renamed away: old name -> (new name, when);
    and those it deleted: name -> when."""

    moved: Mapping[str, tuple[str, datetime | None]]
    deleted: Mapping[str, datetime | None] = field(default_factory=dict)

    @classmethod
    def of(cls, tags: Iterable[Tag], tombstones: Iterable[Tag] = ()) -> Renames:
        deleted = {t.name: moment(t.deleted) for t in tombstones if t.deleted}
        moved: dict[str, tuple[str, datetime | None]] = {}
        for tag in tags:
            for old, when in tag.merged.items():
                at = moment(when)
                earlier = moved.get(old)
                # A name merged away, made again and merged elsewhere: the last
                # merge is what the name meant most recently.
                if old != tag.name and (earlier is None or _after(at, earlier[1])):
                    moved[old] = (tag.name, at)
        return cls(moved, deleted)

    def applied(self, names: Sequence[str], made: datetime | None) -> list[str]:
        """``names`` as the library calls them now, for a copy last changed at
        ``made`` (None: unknown, older than any rename)."""
        out: list[str] = []
        for name in names:
            seen = {name}
            while name in self.moved:
                new, when = self.moved[name]
                if made is not None and (when is None or made >= when):
                    break  # the copy is as new as the rename: its name is meant
                if new in seen:
                    break  # renamed back and forth: the last one read stands
                seen.add(new)
                name = new
            if name not in out:
                out.append(name)
        return out

    def kept(self, names: Sequence[str], made: datetime | None) -> list[str]:
        """``names`` without the tags the library deleted after ``made`` (None:
        unknown, older than any deletion): the library took them off every
        annotation then, and an older copy does not put them back."""
        return [name for name in names if not self._deleted_after(name, made)]

    def _deleted_after(self, name: str, made: datetime | None) -> bool:
        if name not in self.deleted:
            return False
        when = self.deleted[name]
        return made is None or when is None or made < when


def merged_note(yours: str, theirs: str) -> str:
    """The library's note (``yours``) with the file's (``theirs``) merged in,
    no text twice: each part (notes kept apart before are split at the ``---``
    line) contained in another is dropped; what remains is theirs first."""
    mine_parts = _parts(yours)
    their_parts = _parts(theirs)
    if all(_within(p, mine_parts) for p in their_parts):
        return yours
    if all(_within(p, their_parts) for p in mine_parts):
        return theirs
    kept: list[str] = []
    candidates = their_parts + mine_parts
    for n, part in enumerate(candidates):
        others = candidates[:n] + candidates[n + 1 :]
        longer = [o for o in others if part in o and o != part]
        if longer or part in kept:
            continue
        kept.append(part)
    return NOTE_SEPARATOR.join(kept)


def _parts(note: str) -> list[str]:
    return [p.strip() for p in note.split(NOTE_SEPARATOR) if p.strip()]


def _within(part: str, parts: list[str]) -> bool:
    return any(part in other for other in parts)


@dataclass(frozen=True)
class Merge:
    """What the two copies made: the library's copy to store (None: it stays as
    it was) and whether the file's copy was older and lost tags or data."""

    result: Annotation | None
    kept_newer: bool
    #: both notes changed apart, both kept (theirs first, ``---``, yours)
    notes_both: bool = False


def merge_copies(stored: Annotation, incoming: Annotation) -> Merge:
    """``stored`` (the library's copy) with ``incoming`` (the file's, its tags
    already under the library's names) merged in by the rule above."""
    ours, theirs = last_change(stored), last_change(incoming)
    if theirs is not None and (ours is None or theirs > ours):
        tags = union(stored.tags, incoming.tags)
        data = {**stored.data, **incoming.data}
        updated = incoming.updated or incoming.created
        kept_newer = False
    elif ours is not None and (theirs is None or theirs < ours):
        tags, data, updated = list(stored.tags), dict(stored.data), stored.updated
        kept_newer = bool(set(incoming.tags) - set(tags)) or any(
            data.get(k) != v for k, v in incoming.data.items()
        )
    else:
        # As new as each other (changed in the same second, or neither dated):
        # nothing tells which is later, so nothing of either is dropped.
        tags = union(stored.tags, incoming.tags)
        data = {**incoming.data, **stored.data}
        updated = stored.updated or incoming.updated
        kept_newer = False
    note = merged_note(stored.note, incoming.note)
    merged = replace(
        stored, tags=tags, data=data, note=note, annotator=stored.annotator or incoming.annotator
    )
    both = note not in (stored.note, incoming.note)
    if merged == stored:
        return Merge(None, kept_newer, both)
    # The time of the newest change it holds: a merge is no edit of its own,
    # and stamped "now" the library's copy would pass for newer than a
    # teammate's later edit of it.
    stamp = max(stored.updated, updated, key=_sort_key)
    return Merge(replace(merged, updated=stamp), kept_newer, both)


def _after(one: datetime | None, other: datetime | None) -> bool:
    return other is None or (one is not None and one > other)


def _sort_key(stamp: str) -> datetime:
    return moment(stamp) or datetime.min.replace(tzinfo=UTC)


def union(first: Sequence[str], more: Iterable[str]) -> list[str]:
    """``first`` without repeats, then what ``more`` adds, in order."""
    out = list(dict.fromkeys(first))
    out += [name for name in more if name not in out]
    return out
