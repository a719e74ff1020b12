"""What a change made elsewhere took from the reader's annotator: their tags
removed, or renamed, on the annotations an open reader shows, worded with who
took them when the journal says so ("bo removed 'claim' from “the board”"),
several teammates' steps since the reader's last look named together ("ana and
2 others removed …")."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from newsread.annotators import annotator_key, same_annotator
from newsread.model import Annotation, same_hand
from newsread.sanitize import visible_line
from tui.wording import ELSEWHERE, short

if TYPE_CHECKING:
    from storage.history import Step

#: names said before "and N others"
NAMES_SHOWN = 2


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


def who_took(
    taken: list[Taken], steps: Sequence[Step], article_id: str, me: str
) -> tuple[str, str] | None:
    """(who, how) for ``taken`` (not empty) from the journal's ``steps`` since
    the reader's last look (oldest first): the teammates whose steps changed
    those annotations, and the step when one alone did ("undid: tagged
    [claim]"). None when the steps do not explain what is stored (a later
    change the journal does not hold) or name nobody but ``me``."""
    from storage.history import REDID, UNDID

    touching: list[Step] = []
    for item in taken:
        explained, left = False, None
        for step in steps:
            changed, tags = step.leaves_tags(article_id, item.shown.id)
            if changed:
                explained, left = True, tags
                if not any(s is step for s in touching):
                    touching.append(step)
        now = None if item.stored is None else item.stored.tags
        if not explained or left != now:
            return None
    names: dict[str, str] = {}
    unnamed = 0
    for step in touching:
        if not step.by or same_annotator(step.by, me):
            unnamed += 1  # another window of one's own, or an older newsread
        else:
            names.setdefault(annotator_key(step.by), step.by)
    if not names:
        return None
    if len(touching) == 1:
        [step] = touching
        verb = {UNDID: "undid: ", REDID: "redid: "}.get(step.did, "")
        return step.by, verb + step.label
    return named_with_others(list(names.values()), unnamed), ""


def named_with_others(names: list[str], unnamed: int = 0) -> str:
    """ "ana", "ana and bo", else "ana and 2 others" (``unnamed``, steps that
    name nobody else, counted among the others): one or two names, however
    many took part."""
    if not unnamed and len(names) <= NAMES_SHOWN:
        return " and ".join(names)
    others = len(names) - 1 + unnamed
    return f"{names[0]} and {others} {'other' if others == 1 else 'others'}"
