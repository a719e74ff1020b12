"""What the queue's decisions write, run in the app's writer thread, in order.

An accept goes through ``storage.edits.apply_edits`` with the reader's label,
unreject and undo journal, a reject through ``save_rejection``: the very calls
the reader's ``a`` and ``r`` make. Undoing takes back exactly that change, and
says whether there was still anything to take back: another annotator (or
window) may have deleted the accepted annotation or the rejection meanwhile.
"""

from __future__ import annotations

from typing import Any

from newsread.annotations.rejections import RejectionKey
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
        made = {c.after.id for c in group.changes if c.after is not None}
        if made and made.isdisjoint(a.id for a in library.annotations(article_id)):
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


def take_back_reject(library: Library, decision: Decision, annotator: str = "") -> bool:
    """Forget ``annotator``'s rejection; False when it was gone already
    (taken back in another window meanwhile)."""
    item = decision.item
    key = rejection_key(item.kind, item.suggestion)
    return library.unreject(item.article.id, [key], annotator) > 0
