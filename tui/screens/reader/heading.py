"""The reader's heading (the title and the line of source, byline and date)
kept as stored: a feed refresh or a re-import may change them with or
without the text, and the reader once kept the old title over a new text."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from newsread.model import REQUOTED_FROM, Annotation, Article
from tui.wording import plural, short

#: The article's fields the heading shows (see ReaderScreen.compose and meta_line).
HEADING_FIELDS = ("title", "source", "byline", "dateline", "published", "url_or_path")


def heading_of(article: Article) -> tuple[Any, ...]:
    return tuple(getattr(article, name) for name in HEADING_FIELDS)


def with_heading(article: Article, meta: dict[str, Any]) -> Article | None:
    """``article`` with the heading fields ``meta`` (its index entry) stores,
    or None when they are those it has already."""
    stored = {name: meta[name] for name in HEADING_FIELDS if isinstance(meta.get(name), str)}
    changed = replace(article, **stored)
    return changed if heading_of(changed) != heading_of(article) else None


def title_note(old: Article, new: Article) -> str:
    """What the notice says of a changed title: "" when it is the same."""
    if new.title == old.title:
        return ""
    return f"its title changed: “{short(new.title, 80)}” (was “{short(old.title, 50)}”)"


def lost_note(before: list[Annotation], after: list[Annotation], reattach_key: str) -> str:
    """How many annotations placed before the text changed are orphans now
    (the side panel lists them; the notice said nothing of them)."""
    placed = {a.id for a in before if not a.orphan}
    lost = sum(1 for a in after if a.orphan and a.id in placed)
    if not lost:
        return ""
    again = f" ({reattach_key} re-attaches one to the selection)" if reattach_key else ""
    return f"{plural(lost, 'annotation')} could not be placed in the new text{again}"


def requoted_note(before: list[Annotation], after: list[Annotation], confirm_key: str = "") -> str:
    """How many annotations the re-import placed on changed words (their old
    words shown under them in the side panel), counted on ``after``, the
    library's annotations read with the new text: one the screen had not
    shown yet (tagged on the command line a moment before the re-import) or
    showed as an orphan is counted too, as the import counted it. One the
    screen showed on the same words was told of before."""
    was = {a.id: a.quote for a in before if not a.orphan}
    moved = sum(
        1 for a in after if not a.orphan and a.data.get(REQUOTED_FROM) and a.quote != was.get(a.id)
    )
    if not moved:
        return ""
    under = "it" if moved == 1 else "each"
    confirm = f"; {confirm_key} on one confirms or moves it" if confirm_key else ""
    return (
        f"{plural(moved, 'annotation')} placed on changed words (the panel shows the words "
        f"first tagged under {under}{confirm})"
    )
