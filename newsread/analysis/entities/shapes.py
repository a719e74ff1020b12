"""Labels a name's own shape asks for, whatever the model says.

Some names say what they are in their last word or their form: a "... Cup"
is a competition, "Yorkshire" is a county and never a person, "R. Croft" is a
person. The small model still calls "Fed Cup" an ORG and "Derbyshire" a
PERSON when the sentence reads that way ("Derbyshire kept up the hunt"), so
these cues vote against it. Each rule has its own name in ``resolve.STEPS``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from newsread.analysis.entities.mentions import Mention

if TYPE_CHECKING:
    from spacy.tokens import Doc


def _cup_cue(doc: Doc, m: Mention) -> str | None:
    """EVENT for "UEFA Cup", "Fed Cup": a cup is a competition, as in OntoNotes
    ("the World Cup"), not the body that runs it."""
    if m.label == "ORG" and doc[m.end - 1].lower_ == "cup" and m.end - m.start > 1:
        return "EVENT"
    return None


# Words before a place that make it where something happens, not who plays.
_PLACE_BEFORE = frozenset({"in", "at", "from", "near", "across", "around", "to"})


def _shire_cue(doc: Doc, m: Mention, sports: bool) -> str | None:
    """A one-word "...shire" (Derbyshire, Lancashire) is a county, never a
    person: in a sports article its team (ORG) unless a preposition makes it
    the place, elsewhere the county (GPE)."""
    word = doc[m.start]
    if m.label != "PERSON" or m.end - m.start != 1 or not word.lower_.endswith("shire"):
        return None
    if not word.text[:1].isupper() or len(word.text) <= len("shire"):
        return None
    place = m.start > 0 and doc[m.start - 1].lower_ in _PLACE_BEFORE
    return "ORG" if sports and not place else "GPE"


_INITIAL = re.compile(r"[A-Z]\.")


def _initial_cue(doc: Doc, m: Mention) -> str | None:
    """PERSON for "D. Fleming", "K. Evans" called ORG: one initial and one
    capitalised word is how a scorecard, a results list or a byline names a
    person (firms named so, "J. Crew", are rare next to them)."""
    if m.label != "ORG" or m.end - m.start != 2:
        return None
    initial, name = doc[m.start], doc[m.start + 1]
    if not _INITIAL.fullmatch(initial.text) or not initial.whitespace_:
        return None
    if name.is_alpha and name.text[:1].isupper() and not name.is_upper:
        return "PERSON"
    return None
