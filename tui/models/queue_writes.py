"""What the queue's decisions write, run in the app's writer thread, in order.

An accept goes through ``storage.edits.apply_edits`` with the reader's label,
unreject and undo journal, a reject through ``save_rejected``: the very calls
the reader's ``a`` and ``r`` make. Undoing takes back exactly that change.
"""

from __future__ import annotations

from typing import Any

from newsread.annotations.rejections import RejectionKey
from newsread.model import Annotation, Tag
from storage.edits import apply_edits
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
) -> None:
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
    )
    decision.annotation = annotation
    decision.group = result.group


def save_reject(library: Library, decision: Decision, record: dict[str, Any]) -> None:
    library.save_rejected(decision.item.article.id, record)
    decision.record = record


def take_back_accept(library: Library, history: History, decision: Decision) -> None:
    """Undo the accept's journal step when it is still the last one; after
    another change (another window, the CLI) only this accept is taken back,
    as a step of its own, and the later change stays."""
    group: Group | None = decision.group
    if group is None:
        return  # nothing was stored, or nothing needed to change
    with library.transaction():
        last = history.last_done()
        if last is not None and last.to_dict() == group.to_dict():
            history.undo()
            return
        article_id = decision.item.article.id
        edits = [(c.after, c.before) for c in reversed(group.changes) if c.article_id == article_id]
        apply_edits(
            library,
            history,
            article_id,
            f"undo {group.label}",
            edits,
            body_hash=group.changes[0].body_hash or None,
        )


def take_back_reject(library: Library, decision: Decision) -> None:
    item = decision.item
    library.unreject(item.article.id, [rejection_key(item.kind, item.suggestion)])
