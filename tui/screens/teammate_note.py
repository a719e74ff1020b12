"""n on another annotator's annotation (the reader, the annotations list):
asked first, as x is, since a note edited silently would stay under their name
as if they had written it. The user picks: a note of their own on the same
words (first, the safe choice), or editing the teammate's note knowingly."""

from __future__ import annotations

from tui.screens.dialogs import Chooser
from tui.wording import short

#: Chooser ids
OWN_NOTE = "own"
THEIR_NOTE = "theirs"


def whose_note(annotator: str, quote: str) -> Chooser:
    """The question n asks on ``annotator``'s annotation of ``quote``."""
    return Chooser(
        f"“{short(quote, 40)}” is {annotator}'s annotation:",
        [
            (OWN_NOTE, "Write a note of your own on these words"),
            (THEIR_NOTE, f"Edit {annotator}'s note (it stays under {annotator}'s name)"),
        ],
    )
