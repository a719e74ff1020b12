"""What u and ctrl+r say in the annotations list and the tag manager, where any
step of the shared journal can be taken back: which article it touched and,
when another window, annotator or the command line took it, that it was not
this window's own (the reader refuses those and sends the user here)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from storage.errors import LibraryError
from tui.wording import plural, short, step_taken

if TYPE_CHECKING:
    from storage.history import Group, History
    from storage.library import Library


def article_title(library: Library, article_id: str) -> str:
    """The article's title as a step names it; "" when it cannot be read."""
    try:
        return short(library.get_meta(article_id).get("title") or "", 40)
    except LibraryError:
        return ""


def _where(library: Library, group: Group) -> str:
    """`` in “title”`` (and how many other articles) of the articles a step touched."""
    if not group.article_ids:
        return ""
    title = article_title(library, group.article_ids[0])
    if not title:
        return ""
    more = len(group.article_ids) - 1
    return f" in “{title}”" + (f" and {plural(more, 'other article')}" if more else "")


def step_question(
    library: Library, undo: bool, group: Group, who: list[str], again: bool = False
) -> str:
    """What u (ctrl+r) asks before it takes back (redoes) a step that changes
    other annotators' annotations: whose, and what the step was. ``again``:
    asked anew, because another step took the asked one's place meanwhile."""
    verb = "Undo" if undo else "Redo"
    whose = " and ".join(who) if len(who) < 3 else ", ".join(who[:-1]) + f" and {who[-1]}"
    step = f"{verb} the step on {whose}'s annotations: {group.label}{_where(library, group)}?"
    changed = f"The next step to {verb.lower()} changed meanwhile. " if again else ""
    return changed + step


def step_note(library: Library, history: History, verb: str, group: Group) -> str:
    said = step_taken(verb, group.label, len(group.changes), group.skipped)
    if group.skipped >= len(group.changes) > 0:
        return said  # nothing was changed: where it was matters no more
    where = _where(library, group)
    elsewhere = bool(group.origin) and group.origin != history.origin
    return (
        said
        + where
        + (" (a step made in another window or by the command line)" if elsewhere else "")
    )
