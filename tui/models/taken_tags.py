"""What a change made elsewhere took from the reader's annotator: their tags
removed, or renamed, on the annotations an open reader shows, worded with who
took them when the journal says so ("bo removed 'claim' from “the board”")."""

from __future__ import annotations

from dataclasses import dataclass

from newsread.model import Annotation, same_hand
from newsread.sanitize import visible_line
from tui.wording import ELSEWHERE, short


@dataclass(frozen=True)
class Taken:
    #: the annotation as the reader showed it
    shown: Annotation
    #: as it is stored now; None: deleted
    stored: Annotation | None
    lost: tuple[str, ...]
    gained: tuple[str, ...]


def taken_tags(shown: list[Annotation], stored: list[Annotation], annotator: str) -> list[Taken]:
    """``annotator``'s annotations (and those naming nobody) that lost a tag
    between ``shown`` and ``stored``, in the order shown."""
    now = {a.id: a for a in stored}
    taken: list[Taken] = []
    for ann in shown:
        if not same_hand(ann, annotator):
            continue
        after = now.get(ann.id)
        kept = set(after.tags) if after is not None else set()
        lost = tuple(t for t in ann.tags if t not in kept)
        if not lost:
            continue
        had = set(ann.tags)
        gained = tuple(t for t in after.tags if t not in had) if after is not None else ()
        taken.append(Taken(ann, after, lost, gained))
    return taken


def _names(tags: tuple[str, ...]) -> str:
    return ", ".join(repr(visible_line(t)) for t in tags)


def taken_words(taken: list[Taken], who: str | None, how: str = "") -> str:
    """The status line for ``taken`` (not empty): the first annotation's tags,
    who took them (``who``; None: not known, said as "elsewhere") and ``how``
    (the step, e.g. "undid: tagged [claim]"), and how many more lost one."""
    first = taken[0]
    quote = f"“{short(visible_line(first.shown.quote), 40)}”"
    if first.gained and first.stored is not None:
        what = f"changed {_names(first.lost)} to {_names(first.gained)} on {quote}"
    else:
        what = f"removed {_names(first.lost)} from {quote}"
    said = f"{visible_line(who)} {what}" if who else f"{what} {ELSEWHERE}"
    if how:
        said += f" ({how})"
    if len(taken) > 1:
        said += f" · and from {len(taken) - 1} more of yours"
    return said
