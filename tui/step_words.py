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


def step_note(library: Library, history: History, verb: str, group: Group) -> str:
    said = step_taken(verb, group.label, len(group.changes), group.skipped)
    if group.skipped >= len(group.changes) > 0:
        return said  # nothing was changed: where it was matters no more
    where = ""
    if group.article_ids:
        title = article_title(library, group.article_ids[0])
        if title:
            more = len(group.article_ids) - 1
            where = f" in “{title}”" + (f" and {plural(more, 'other article')}" if more else "")
    elsewhere = bool(group.origin) and group.origin != history.origin
    return (
        said
        + where
        + (" (a step made in another window or by the command line)" if elsewhere else "")
    )
