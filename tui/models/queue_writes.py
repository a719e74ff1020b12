"""What the queue's decisions write, run in the app's writer thread, in order.

An accept goes through ``storage.edits.apply_edits`` with the reader's label,
unreject and undo journal, a reject through ``save_rejection``: the very calls
the reader's ``a`` and ``r`` make. Undoing takes back exactly that change, and
says whether there was still anything to take back: another annotator (or
window) may have deleted the accepted annotation or the rejection meanwhile.
"""

from __future__ import annotations

from typing import Any

from newsread.annotations.rejections import RejectionKey, applies_to, forgets
from newsread.model import Annotation, Tag
from storage.edits import apply_edits, save_rejection
from storage.history import Group, History
from storage.library import Library
from tui.models.queue import Decision, QueueItem
from tui.models.reader import rejection_key
from tui.wording import short


def accept_label(item: QueueItem, annotation: Annotation) -> str:
    """The undo journal's label, as the reader words an accept."""
    return f"accepted {item.kind} {item.label}: “{short(annotation.quote, 40)}”"


def save_accept(
    library: Library,
    history: History,
    decision: Decision,
    annotation: Annotation,
    unreject: list[RejectionKey],
    tags: list[Tag],
    annotator: str = "",
) -> None:
    """``annotator``: whose rejections of the suggestion the accept takes back
    (theirs and those naming nobody; a teammate's stays)."""
    item = decision.item
    result = apply_edits(
        library,
        history,
        item.article.id,
        accept_label(item, annotation),
        [(None, annotation)],
        body_hash=item.article.content_hash,
        tags=tags,
        unreject=unreject,
        annotator=annotator,
    )
    decision.annotation = annotation
    decision.group = result.group


def save_reject(library: Library, decision: Decision, record: dict[str, Any]) -> None:
    """Refused (StaleArticleError) when a re-import replaced the text the
    suggestion was on: its offsets would now name other words."""
    item = decision.item
    save_rejection(library, item.article.id, record, item.article.content_hash)
    decision.record = record


def take_back_accept(library: Library, history: History, decision: Decision) -> bool:
    """Undo the accept's journal step when it is still the last one; after
    another change (another window, the CLI) only this accept is taken back,
    as a step of its own, and the later change stays. False when there was
    nothing left to take back: what the accept stored was deleted meanwhile."""
    group: Group | None = decision.group
    if group is None:
        return True  # nothing was stored, or nothing needed to change
    with library.transaction():
        article_id = decision.item.article.id
        if not accept_on_disk(library, decision):
            return False
        last = history.last_done()
        if last is not None and last.to_dict() == group.to_dict():
            history.undo()
            return True
        edits = [(c.after, c.before) for c in reversed(group.changes) if c.article_id == article_id]
        apply_edits(
            library,
            history,
            article_id,
            f"undo {group.label}",
            edits,
            body_hash=group.changes[0].body_hash or None,
        )
    return True


def accept_on_disk(library: Library, decision: Decision) -> bool:
    """Whether what an accept stored is still on disk: an annotation it made
    or tagged still carries the tags it gave. An undo elsewhere (u in the
    annotations list) takes it back; the annotation may stay, without them,
    when the accept had tagged one already there. True when it stored
    nothing (not saved yet, or nothing needed to change)."""
    group: Group | None = decision.group
    if group is None:
        return True
    article_id = decision.item.article.id
    stored = {a.id: a for a in library.annotations(article_id)}
    for change in group.changes:
        if change.article_id != article_id or change.after is None:
            continue
        now = stored.get(change.after.id)
        given = set(change.after.tags) - set(change.before.tags if change.before else ())
        if now is not None and given <= set(now.tags):
            return True
    return False


def reject_on_disk(library: Library, decision: Decision, annotator: str = "") -> bool:
    """Whether ``annotator``'s rejection the decision stored is still on disk
    (True when it stored none yet)."""
    if decision.record is None:
        return True
    item = decision.item
    key = rejection_key(item.kind, item.suggestion)
    return any(
        applies_to(r, annotator) and forgets(r, key) for r in library.rejected(item.article.id)
    )


def still_stored(library: Library, decision: Decision, annotator: str = "") -> bool:
    """Whether what ``decision`` stored is still on disk: False when another
    screen or window took it back meanwhile."""
    if decision.action == "accept":
        return accept_on_disk(library, decision)
    if decision.action == "reject":
        return reject_on_disk(library, decision, annotator)
    return True


def take_back_reject(library: Library, decision: Decision, annotator: str = "") -> bool:
    """Forget ``annotator``'s rejection; False when it was gone already
    (taken back in another window meanwhile)."""
    item = decision.item
    key = rejection_key(item.kind, item.suggestion)
    return library.unreject(item.article.id, [key], annotator) > 0
