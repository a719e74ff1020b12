"""A persistent undo/redo journal of annotation (and tag) changes.

``history.json`` in the library folder holds the change groups and a cursor:
groups before the cursor are done (undo walks back), groups from the cursor on
were undone (redo walks forward); recording a new group drops that redo tail.

Each change stores whole before/after states, not deltas, so applying one is
idempotent: if the app dies between changing the library and moving the
cursor, undoing or redoing that group again lands in the same state.

The whole journal is one TinyDB document, and every step (record, undo, redo)
runs in a library transaction together with the changes it makes, so the
cursor can never disagree with the annotations on disk. A second process (the
CLI, another app) sees and continues the same history.

Each group also keeps which History recorded it (``origin``, one per
process run) and its place in the order of recording (``seq``): a reader's u
takes back only its own article's steps, and of those not a step another
process (the CLI, another window) took while this one was open, nor one that
changed another annotator's annotations (see ``undo``'s ``annotator``).

The journal also keeps its latest steps (MAX_STEPS: record, undo, redo),
numbered, each with who took it and the tags it left on the annotations it
touched (``Step``): an open reader names the teammates whose steps since its
last look took its annotator's tags, though a later step dropped the group.

Offsets in a change are offsets into one version of the article's text, whose
hash the change keeps. When a re-import has replaced that text since, undo and
redo re-anchor the annotation onto the current text (position, quote, fuzzy,
as a re-import does) instead of restoring offsets that now cover other words.
"""

from __future__ import annotations

import threading
import uuid
from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import Any

from tinydb.table import Document

from newsread.annotations.anchoring import Selector, reanchor_all
from newsread.annotations.held_spans import placed_with_spans
from newsread.model import Annotation, Tag, now_iso, same_hand
from storage.body_integrity import DamagedBodyError
from storage.library import Library, NotFoundError

MAX_GROUPS = 1000
#: the latest steps (record, undo, redo) the journal keeps with who took
#: each: an open reader names the teammates whose steps since its last look
#: took its annotator's tags (History.steps_since)
MAX_STEPS = 50
JOURNAL_VERSION = 1
_DOC_ID = 1


@dataclass
class Change:
    """One annotation going from ``before`` to ``after`` (None: did not / no longer exists)."""

    article_id: str
    before: Annotation | None
    after: Annotation | None
    #: hash and length of the body both states' offsets point into ("" before
    #: record() fills it in, and in journals written by older versions)
    body_hash: str = ""
    body_length: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "article_id": self.article_id,
            "before": None if self.before is None else self.before.to_dict(),
            "after": None if self.after is None else self.after.to_dict(),
            "body_hash": self.body_hash,
            "body_length": self.body_length,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Change:
        before, after = data.get("before"), data.get("after")
        return cls(
            article_id=data["article_id"],
            before=None if before is None else Annotation.from_dict(before),
            after=None if after is None else Annotation.from_dict(after),
            body_hash=str(data.get("body_hash", "")),
            body_length=int(data.get("body_length", 0) or 0),
        )


@dataclass
class Group:
    """What one user action changed: undone and redone as a unit.

    ``tags_before``/``tags_after`` list only the tags the action touched (a
    rename: the old tag before, the new one after), so undoing a merge restores
    the merged-away tag without clobbering tags created since.
    """

    label: str
    changes: list[Change] = field(default_factory=list)
    at: str = ""
    tags_before: list[Tag] = field(default_factory=list)
    tags_after: list[Tag] = field(default_factory=list)
    #: the History (one per process run) that recorded it; "" in older journals
    origin: str = ""
    #: its place in the journal's order of recording; 0 in older journals
    seq: int = 0
    #: set by undo and redo, never stored: how many of its changes were left
    #: out because their article has been removed since
    skipped: int = field(default=0, compare=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "changes": [c.to_dict() for c in self.changes],
            "at": self.at,
            "tags_before": [t.to_dict() for t in self.tags_before],
            "tags_after": [t.to_dict() for t in self.tags_after],
            "origin": self.origin,
            "seq": self.seq,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Group:
        return cls(
            label=data.get("label", ""),
            changes=[Change.from_dict(c) for c in data.get("changes", [])],
            at=data.get("at", ""),
            tags_before=[Tag.from_dict(t) for t in data.get("tags_before", [])],
            tags_after=[Tag.from_dict(t) for t in data.get("tags_after", [])],
            origin=str(data.get("origin", "")),
            seq=int(data.get("seq", 0) or 0),
        )

    @property
    def changes_tags(self) -> bool:
        """Whether it changed the tags themselves (a tag manager step: rename,
        merge, delete, colour, key), whichever annotations it changed with them."""
        return bool(self.tags_before or self.tags_after)

    @property
    def article_ids(self) -> list[str]:
        """The articles this group touches, in first-seen order (for refreshing views)."""
        return list(dict.fromkeys(c.article_id for c in self.changes))


#: why a group is out of sight (OutOfSight.reason)
ELSEWHERE = "elsewhere"
ANOTHER_PROCESS = "another process"
ANOTHER_ANNOTATOR = "another annotator"

#: why redo would not take the step a caller promised (History.redo_moved)
REDONE = "redone"
DROPPED = "dropped"
BEHIND = "behind"


class OutOfSight(Exception):
    """The group an undo or redo would apply is not wholly the article in
    view's, as its reader made it: a reader's u must not take back a change it
    cannot show (a tag made in another article, a change to the tags, an import
    that touched other articles too), nor one someone else made there (another
    process while this one was open, another annotator's annotations)."""

    def __init__(
        self,
        group: Group,
        reason: str = ELSEWHERE,
        who: list[str] | None = None,
        within: str | None = None,
    ) -> None:
        super().__init__(group.label)
        self.group = group
        self.reason = reason
        #: the article the undo was asked for
        self.within = within
        #: the other annotators, for ANOTHER_ANNOTATOR
        self.who = list(who or [])


@dataclass
class LastStep:
    """The journal's last step and who took it: an open reader names them
    when a change made elsewhere took one of its annotator's tags."""

    #: RECORDED, UNDID or REDID
    did: str
    group: Group
    #: the annotator of the History that took it ("" when it named none)
    by: str

    def leaves(self, article_id: str, ann_id: str) -> tuple[bool, Annotation | None]:
        """Whether this step changed that annotation, and what it left of it."""
        for change in self.group.changes:
            if change.article_id != article_id:
                continue
            for ann in (change.before, change.after):
                if ann is not None and ann.id == ann_id:
                    return True, change.before if self.did == UNDID else change.after
        return False, None


#: what the journal's last step did (LastStep.did)
RECORDED = "recorded"
UNDID = "undid"
REDID = "redid"

#: a step touching more annotations keeps none of them (Step.left): an
#: import of thousands would swell the journal the steps are kept in
MAX_LEFT = 200


@dataclass
class Step:
    """One of the journal's latest steps (History.steps_since), kept apart
    from the groups: a step recorded after an undo drops the undone group,
    yet a reader still names who undid it."""

    #: RECORDED, UNDID or REDID
    did: str
    #: the annotator of the History that took it ("" when it named none)
    by: str
    #: the group's label ("tagged [claim]")
    label: str
    #: (article id, annotation id) -> the tags the step left on it (None:
    #: deleted); None when it touched more than MAX_LEFT
    left: dict[tuple[str, str], list[str] | None] | None

    @classmethod
    def of(cls, did: str, group: Group, by: str) -> Step:
        left: dict[tuple[str, str], list[str] | None] = {}
        # Undone, a group leaves each annotation as its first change found it.
        ordered = reversed(group.changes) if did == UNDID else group.changes
        for change in ordered:
            state = change.before if did == UNDID else change.after
            ann = change.after or change.before
            if ann is not None:
                left[(change.article_id, ann.id)] = None if state is None else list(state.tags)
        return cls(did, by, group.label, left if len(left) <= MAX_LEFT else None)

    def leaves_tags(self, article_id: str, ann_id: str) -> tuple[bool, list[str] | None]:
        """Whether this step changed that annotation, and the tags it left
        on it (None: it deleted it, or is not known to have changed it)."""
        if self.left is None or (article_id, ann_id) not in self.left:
            return False, None
        return True, self.left[(article_id, ann_id)]

    def to_dict(self, number: int) -> dict[str, Any]:
        return {
            "n": number,
            "did": self.did,
            "by": self.by,
            "label": self.label,
            "left": None
            if self.left is None
            else [[article, ident, tags] for (article, ident), tags in self.left.items()],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Step:
        found = data.get("left")
        left = None
        if isinstance(found, list):
            left = {
                (item[0], item[1]): (list(item[2]) if isinstance(item[2], list) else None)
                for item in found
                if isinstance(item, list) and len(item) == 3
            }
        return cls(data["did"], str(data.get("by", "")), str(data.get("label", "")), left)


class History:
    def __init__(self, library: Library, max_groups: int = MAX_GROUPS, by: str = "") -> None:
        self.library = library
        self.max_groups = max_groups
        #: who takes the steps this History records, undoes and redoes (the
        #: app's annotator, a command's --annotator); kept with the last step
        self.by = by
        self._db = library.open_db(library.root / "history.json")
        self._table = self._db.table("journal")
        # TinyDB is not thread-safe and the UI may peek (a status line, a worker)
        # while the writer thread records; this guards only the journal object,
        # so a peek never waits for a long undo holding the library lock.
        self._db_lock = threading.RLock()
        #: this run's mark on the groups it records
        self.origin = uuid.uuid4().hex[:12]
        # Groups numbered from here on were recorded after this History opened:
        # by this run, or by another process while it ran.
        self.opened_seq = self.next_seq()

    # -- journal document ---------------------------------------------------------

    def _load(self) -> tuple[list[dict[str, Any]], int]:
        with self._db_lock:
            doc = self._table.get(doc_id=_DOC_ID)
        if doc is None:
            return [], 0
        groups = list(doc.get("groups", []))
        cursor = max(0, min(int(doc.get("cursor", len(groups))), len(groups)))
        return groups, cursor

    def next_seq(self) -> int:
        """The number the next recorded group gets: a reader notes it when it
        opens, and takes no later group of another process's back."""
        with self._db_lock:
            doc = self._table.get(doc_id=_DOC_ID)
        if doc is None:
            return 1
        seqs = [int(g.get("seq", 0) or 0) for g in doc.get("groups", [])]
        # Kept apart from the groups: undone and dropped groups leave no gap to reuse.
        return max([int(doc.get("next_seq", 1) or 1), *(n + 1 for n in seqs)])

    def _store(
        self,
        groups: list[dict[str, Any]],
        cursor: int,
        did: tuple[str, Group],
        next_seq: int | None = None,
    ) -> None:
        """``did``: the step taken (RECORDED, UNDID or REDID) and its group."""
        seq = self.next_seq() if next_seq is None else next_seq
        doc = {"version": JOURNAL_VERSION, "cursor": cursor, "groups": groups, "next_seq": seq}
        kind, group = did
        doc["last"] = {"did": kind, "seq": group.seq, "by": self.by}
        with self._db_lock:
            steps = _steps_of(self._table.get(doc_id=_DOC_ID))
            # Numbered on: a reader keeps the number it last looked at.
            number = (steps[-1]["n"] if steps else 0) + 1
            step = Step.of(kind, group, self.by).to_dict(number)
            doc["steps"] = [*steps, step][-MAX_STEPS:]
            self._table.upsert(Document(doc, doc_id=_DOC_ID))

    def _in_sight(
        self, group: Group, within: str | None, annotator: str | None, since: int | None
    ) -> None:
        """Raise OutOfSight unless a reader of ``within`` (as ``annotator``,
        open since group ``since``) may take ``group`` back: see OutOfSight."""
        if within is None:
            return
        if within not in group.article_ids or any(a != within for a in group.article_ids):
            raise OutOfSight(group, within=within)
        if group.changes_tags:
            # A tag deleted (or merged away) that only this article used
            # touches this article alone, yet it is the tag manager's step:
            # taken back by the reader it came back unasked and unseen there.
            raise OutOfSight(group, within=within)
        if group.origin == self.origin:
            return  # this run's own step (x on a teammate's annotation included)
        if group.origin and group.seq >= (self.opened_seq if since is None else since):
            raise OutOfSight(group, ANOTHER_PROCESS, within=within)
        if annotator is None:
            return
        others = self.others_changed(group, annotator)
        if others:
            raise OutOfSight(group, ANOTHER_ANNOTATOR, others, within)

    def others_changed(self, group: Group, annotator: str) -> list[str]:
        """The annotators other than ``annotator`` whose annotations ``group``
        changes, unless this run recorded it (x on a teammate's annotation,
        asked then, is one's own step): those a window that can take any step
        asks about first, so a u does not silently undo a teammate's work."""
        if group.origin and group.origin == self.origin:
            return []
        return sorted(
            {
                ann.annotator
                for change in group.changes
                for ann in (change.before, change.after)
                if ann is not None and not same_hand(ann, annotator)
            }
        )

    def destroys_others(self, group: Group, annotator: str, undo: bool) -> list[str]:
        """The annotators other than ``annotator`` whose work undoing (redoing)
        ``group`` takes away: it deletes one of their annotations (taking back
        its creation included), leaves one with fewer tags, or drops its note
        text. Such a question takes only y, as x on a teammate's annotation
        does; a step that brings their work back, or renames a tag on it, may
        be answered with enter (the count of tags, not their names: a rename
        keeps it). This run's own steps count too: x on a teammate's
        annotation was asked once, but redone after an undo it deletes that
        annotation again."""
        harmed: set[str] = set()
        for change in group.changes:
            now, then = (change.after, change.before) if undo else (change.before, change.after)
            if now is None or same_hand(now, annotator):
                continue
            lost_note = bool(now.note.strip()) and now.note != (then.note if then else "")
            if then is None or len(set(then.tags)) < len(set(now.tags)) or lost_note:
                harmed.add(now.annotator)
        return sorted(harmed)

    def undone_elsewhere(self, promised: Group | None) -> bool:
        """Whether ``promised`` (a step a caller told its user ``undo`` takes
        next) was undone since by someone else: the last done step is older
        than it, and ``undo`` would take back the step before it instead. Call
        it in the transaction that undoes."""
        if promised is None or not promised.seq:
            return False  # nothing promised, or a journal without numbers
        top = self.last_done()
        return top is None or top.seq < promised.seq

    def redo_moved(self, promised: Group | None) -> str | None:
        """Why ``redo`` would not take ``promised`` (a step a caller told its
        user ``redo`` takes next): REDONE, someone redid it since; DROPPED, a
        step recorded since ended the redo steps (or the journal let it go);
        BEHIND, someone undid an earlier step since, which redo takes first.
        None: it is next, or nothing was promised. Call it in the transaction
        that redoes."""
        if promised is None or not promised.seq:
            return None
        groups, cursor = self._load()
        seqs = [int(g.get("seq", 0) or 0) for g in groups]
        if promised.seq not in seqs:
            return DROPPED
        at = seqs.index(promised.seq)
        if at < cursor:
            return REDONE
        return BEHIND if at > cursor else None

    def refusal(
        self,
        group: Group,
        within: str | None,
        annotator: str | None = None,
        since: int | None = None,
    ) -> OutOfSight | None:
        """Why ``undo``/``redo`` with these arguments would refuse ``group``
        (None: they would take it), for a caller that names the step u takes next."""
        try:
            self._in_sight(group, within, annotator, since)
        except OutOfSight as away:
            return away
        return None

    # -- public API -------------------------------------------------------------------

    def record(
        self,
        label: str,
        changes: list[Change],
        tags_before: list[Tag] | None = None,
        tags_after: list[Tag] | None = None,
    ) -> Group | None:
        """Journal a change the caller has already applied; drops the redo tail.

        A group that changes nothing is not recorded (undoing it would look like
        a key press that did nothing).
        """
        changes = [c for c in changes if c.before != c.after]
        tags_before, tags_after = list(tags_before or []), list(tags_after or [])
        if not changes and tags_before == tags_after:
            return None
        with self.library.transaction():
            # One read and hash of each article's text, however many of its
            # annotations the group changes (an import may change thousands).
            texts: dict[str, tuple[str, int] | None] = {}
            for change in changes:
                if not change.body_hash:
                    # Recorded right after the change was applied, inside the
                    # same transaction: this is the text its offsets refer to.
                    if change.article_id not in texts:
                        texts[change.article_id] = self._text_of(change.article_id)
                    known = texts[change.article_id]
                    if known is not None:
                        change.body_hash, change.body_length = known
            seq = self.next_seq()
            group = Group(label, changes, now_iso(), tags_before, tags_after, self.origin, seq)
            groups, cursor = self._load()
            groups = groups[:cursor] + [group.to_dict()]
            groups = groups[-self.max_groups :]
            self._store(groups, len(groups), (RECORDED, group), seq + 1)
        return group

    def undo(
        self, within: str | None = None, annotator: str | None = None, since: int | None = None
    ) -> Group | None:
        """Put the library back as it was before the last done group; None if
        none. ``within``: only if that group touches this article alone and
        was not recorded by another process since group number ``since`` (by
        default: since this History opened), else OutOfSight (decided in the
        same transaction as the undo); with ``annotator``, and, when another
        run recorded it, changed only that annotator's annotations."""
        with self.library.transaction():
            groups, cursor = self._load()
            if cursor == 0:
                return None
            group = Group.from_dict(groups[cursor - 1])
            self._in_sight(group, within, annotator, since)
            group.skipped = self._apply(group, forward=False, verb="undone")
            self._store(groups, cursor - 1, (UNDID, group))
        return group

    def redo(
        self, within: str | None = None, annotator: str | None = None, since: int | None = None
    ) -> Group | None:
        """Apply the next undone group again; None if nothing was undone.
        ``within``, ``annotator``, ``since``: as for ``undo``."""
        with self.library.transaction():
            groups, cursor = self._load()
            if cursor >= len(groups):
                return None
            group = Group.from_dict(groups[cursor])
            self._in_sight(group, within, annotator, since)
            group.skipped = self._apply(group, forward=True, verb="redone")
            self._store(groups, cursor + 1, (REDID, group))
        return group

    def can_undo(self) -> bool:
        _, cursor = self._load()
        return cursor > 0

    def can_redo(self) -> bool:
        groups, cursor = self._load()
        return cursor < len(groups)

    def peek_undo(self) -> str | None:
        """Label of the group ``undo`` would undo (for a status line)."""
        groups, cursor = self._load()
        return groups[cursor - 1].get("label") if cursor else None

    def last_done(self) -> Group | None:
        """The group ``undo`` would undo: a caller taking back one change of its
        own checks, in its transaction, that nothing was recorded after it."""
        groups, cursor = self._load()
        return Group.from_dict(groups[cursor - 1]) if cursor else None

    def next_undone(self) -> Group | None:
        """The group ``redo`` would apply: what a caller that just undid a step
        tells its user ``redo`` takes back next."""
        groups, cursor = self._load()
        return Group.from_dict(groups[cursor]) if cursor < len(groups) else None

    def last_step(self) -> LastStep | None:
        """The last step taken on the journal, by anyone: None in a journal
        without one noted (older versions), or when its group is gone."""
        with self._db_lock:
            doc = self._table.get(doc_id=_DOC_ID)
        last = doc.get("last") if doc is not None else None
        if not isinstance(last, dict) or last.get("did") not in (RECORDED, UNDID, REDID):
            return None
        seq = int(last.get("seq", 0) or 0)
        found = next((g for g in doc.get("groups", []) if int(g.get("seq", 0) or 0) == seq), None)
        if not seq or found is None:
            return None
        return LastStep(last["did"], Group.from_dict(found), str(last.get("by", "")))

    def step_mark(self) -> int:
        """The number of the journal's latest step (0: none noted): what a
        reader keeps to ask ``steps_since`` at its next look."""
        with self._db_lock:
            steps = _steps_of(self._table.get(doc_id=_DOC_ID))
        return steps[-1]["n"] if steps else 0

    def steps_since(self, mark: int) -> list[Step]:
        """The steps taken after step number ``mark`` (step_mark), oldest
        first, those the journal still keeps (MAX_STEPS). A journal whose
        numbers went back (rewritten by an older newsread, which keeps no
        steps) gives every step it keeps."""
        with self._db_lock:
            steps = _steps_of(self._table.get(doc_id=_DOC_ID))
        if steps and steps[-1]["n"] < mark:
            mark = 0
        return [Step.from_dict(step) for step in steps if step["n"] > mark]

    def peek_redo(self) -> str | None:
        groups, cursor = self._load()
        return groups[cursor].get("label") if cursor < len(groups) else None

    def __len__(self) -> int:
        return len(self._load()[0])

    def close(self) -> None:
        with self._db_lock:
            self._db.close()

    # -- applying -----------------------------------------------------------------------

    def _text_of(self, article_id: str) -> tuple[str, int] | None:
        """The hash and length of an article's text as stored (checked whole);
        None when the article is gone."""
        try:
            meta = self.library.get_meta(article_id)
            return meta["content_hash"], len(self.library.checked_body(article_id, meta))
        except NotFoundError:
            return None

    def _checked_bodies(self, group: Group, live: set[str], verb: str) -> dict[str, str]:
        """The current text of every live article ``group`` touches, each hashed
        once against the index: a body damaged on disk would have the step put
        (or re-anchor) annotations on other words, so it is refused whole,
        before anything is staged."""
        bodies: dict[str, str] = {}
        for article_id in group.article_ids:
            if article_id not in live:
                continue
            try:
                bodies[article_id] = self.library.checked_body(article_id)
            except DamagedBodyError as exc:
                raise DamagedBodyError(f"{exc}; nothing {verb}") from exc
        return bodies

    def _on_current_text(self, change: Change, ann: Annotation, body: str) -> Annotation:
        """``ann`` placed on the article's text as it is now (see module doc)."""
        meta = self.library.get_meta(change.article_id)
        if not change.body_hash or meta["content_hash"] == change.body_hash:
            return ann
        selector = Selector(ann.quote, ann.prefix, ann.suffix, ann.start, ann.end)
        anchor = reanchor_all([selector], body, old_length=change.body_length or None)[0]
        if anchor is None:
            return replace(ann, orphan=True)
        return placed_with_spans(ann, body, anchor.start, anchor.end)

    def _apply(self, group: Group, forward: bool, verb: str = "changed") -> int:
        """Move every touched annotation and tag to its after (redo) or before (undo) state.

        One write per touched article file plus at most one for the tags table.
        Returns how many changes were left out because their article is gone.
        """
        skipped = 0
        saves: dict[str, dict[str, Annotation]] = defaultdict(dict)
        deletes: dict[str, set[str]] = defaultdict(set)
        # Later changes of the same annotation win when redoing, earlier ones
        # when undoing: walk the group in the direction of travel.
        ordered = group.changes if forward else list(reversed(group.changes))
        live = self.library.article_ids()
        bodies = self._checked_bodies(group, live, verb)
        for change in ordered:
            if change.article_id not in live:
                skipped += 1  # the article was removed since: nothing to put back
                continue
            target = change.after if forward else change.before
            source = change.before if forward else change.after
            if target is not None:
                target = self._on_current_text(change, target, bodies[change.article_id])
                saves[change.article_id][target.id] = target
                deletes[change.article_id].discard(target.id)
            elif source is not None:
                deletes[change.article_id].add(source.id)
                saves[change.article_id].pop(source.id, None)
        for article_id in dict.fromkeys([*saves, *deletes]):
            self.library.apply_annotation_changes(
                article_id,
                save=saves[article_id].values(),
                delete=deletes[article_id],
                # A redo deletes again what the user deleted: remembered, so that
                # a teammate's older copy does not bring it back. An undo only
                # takes back (an undone import may be imported again).
                remember=forward,
            )
        new_tags = group.tags_after if forward else group.tags_before
        old_tags = group.tags_before if forward else group.tags_after
        keep = {t.name for t in new_tags}
        buried = {t.name for t in new_tags if t.deleted}
        self.library.apply_tag_changes(
            save=new_tags,
            delete=[t.name for t in old_tags if t.name not in keep],
            # A deletion taken back never happened: its tombstone goes with it.
            forget=[t.name for t in old_tags if t.deleted and t.name not in buried],
        )
        return skipped


def _steps_of(doc: Any) -> list[dict[str, Any]]:
    """The journal document's numbered steps, well formed ones only."""
    found = doc.get("steps") if isinstance(doc, dict) else None
    if not isinstance(found, list):
        return []
    steps = []
    for step in found:
        if (
            isinstance(step, dict)
            and step.get("did") in (RECORDED, UNDID, REDID)
            and isinstance(step.get("n"), int)
        ):
            steps.append({**step, "by": str(step.get("by", ""))})
    return steps
