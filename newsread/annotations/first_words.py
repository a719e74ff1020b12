"""Finding an annotation again on the words it was first tagged on.

A tag widened onto a word that grew ("120" become "1,120") keeps its first
words (``requoted_from``). When the text changes back, the grown quote is gone
and too long for the fuzzy step's length rule to match the shorter words, so
it would be lost as an orphan although its first words stand where they were.
"""

from __future__ import annotations

from dataclasses import replace

from rapidfuzz import fuzz

from newsread.annotations.anchoring import Anchor, Selector, reanchor
from newsread.model import REQUOTED_FROM, Annotation

# How alike (rapidfuzz.fuzz.ratio) the text beside the first words must be to
# the stored context on at least one side: short first words ("120") occur
# all over a text, and only their passage may take the tag.
_CONTEXT_MIN_SCORE = 80


def first_words_kept(was: Annotation, moved: Annotation) -> tuple[Annotation, bool]:
    """``moved`` (``was`` placed on a text) keeping, when it now sits on other
    words, the words ``was`` was first tagged on (``requoted_from``), and
    whether it sits on changed words. Every placement on another text does
    this, a re-import's and an imported colleague's copy's alike: a tag on
    "40%" that now sits on "45%" must be seen, never taken for one made there.
    """
    if moved.orphan or moved.quote == was.quote:
        return moved, False
    # The words it was first made on stay, through later moves.
    first = was.data.get(REQUOTED_FROM) or was.quote
    if moved.quote == first:
        # Back on the words first tagged (a figure changed and changed back):
        # nothing of its words differs any more.
        return moved.placement_confirmed(), False
    return replace(moved, data={**moved.data, REQUOTED_FROM: first}), True


def on_first_words(
    sel: Selector,
    first: str,
    body: str,
    old_length: int | None = None,
    old_body: str | None = None,
) -> Anchor | None:
    """Where ``first`` (the words ``sel`` was first tagged on) stands exactly
    in ``body`` in ``sel``'s passage, or None. ``sel`` is the annotation as
    stored: its context surrounds the grown words, which held the first ones."""
    if not first or first == sel.exact:
        return None
    inside = sel.exact.find(first)
    start = sel.start + max(inside, 0)
    guess = Selector(first, sel.prefix, sel.suffix, start, start + len(first))
    anchor = reanchor(guess, body, old_length, old_body)
    if anchor is None or body[anchor.start : anchor.end] != first:
        return None
    if not _in_context(sel, body, anchor.start, anchor.end):
        return None
    return Anchor(anchor.start, anchor.end, "quote")


def _in_context(sel: Selector, body: str, start: int, end: int) -> bool:
    sides = []
    if sel.prefix:
        sides.append(fuzz.ratio(sel.prefix, body[max(0, start - len(sel.prefix)) : start]))
    if sel.suffix:
        sides.append(fuzz.ratio(sel.suffix, body[end : end + len(sel.suffix)]))
    return not sides or max(sides) >= _CONTEXT_MIN_SCORE
