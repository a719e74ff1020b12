"""Places told by the words around them: where a named thing is, a venue, a town's bodies.

The small model reads an unfamiliar place name by its look: "Grünstadt"
becomes an ORG, "the Café Müller" a WORK_OF_ART, and "The Lindenport
harbour council" no name at all. The phrase around the name says what it is:

- a name after "in" that follows another name ("the Café Müller in
  Grünstadt", "Siemens in Munich") is where that thing is, a GPE;
- a name opened by a venue's word ("Café", "Hotel", "Restaurant") is the
  building, a FAC;
- an unlabelled capitalised word between "The" and a town's body ("The
  Lindenport harbour council", "the Marlow zoo") is the town, a GPE.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from newsread.analysis.doc_cache import lowers_of, tokens_of
from newsread.analysis.entities.mentions import NAME_LABELS, Mention, covered

if TYPE_CHECKING:
    from spacy.tokens import Doc


# Labels the model gives an unfamiliar town that "X in Y" shows is a place.
_PLACE_MISREAD = frozenset({"ORG", "PERSON", "NORP", "WORK_OF_ART"})


def _place_after_name_cue(doc: Doc, m: Mention, names: set[int]) -> str | None:
    """GPE for a one-word name the model calls an ORG or a PERSON after "in"
    right after another name: "the Café Müller in Grünstadt". ``names`` holds
    the token indexes where a name ends (exclusive). "Shares in Ajax" has no
    name before "in", and "Siemens in Munich" the model already reads."""
    if m.label not in _PLACE_MISREAD or m.end - m.start != 1 or m.start < 2:
        return None
    tok = doc[m.start]
    if doc[m.start - 1].lower_ != "in" or not tok.is_title or not tok.is_alpha:
        return None
    if m.start - 1 not in names:
        return None
    if m.end < len(doc) and (doc[m.end].text[:1].isupper() or doc[m.end].text in {"'s", "’s"}):
        return None  # "in Grünstadt Mayor ...", "in Grünstadt's": more than a place
    return "GPE"


# First words of a venue's name: the building where people eat, drink or stay.
_VENUE_WORDS = frozenset(
    {"café", "cafe", "restaurant", "hotel", "inn", "pub", "bar", "bistro", "tavern"}
)
# Labels the model gives a venue's name that are no building.
_VENUE_MISREAD = frozenset({"WORK_OF_ART", "PRODUCT", "PERSON", "EVENT"})


def _venue_cue(doc: Doc, m: Mention) -> str | None:
    """FAC for a name opened by a venue's word the model calls a work, a
    product or a person: "the Café Müller", "Hotel Astoria". A building in
    OntoNotes' terms; an ORG label (the business) is left alone."""
    if m.label not in _VENUE_MISREAD or m.end - m.start < 2:
        return None
    start = m.start + (doc[m.start].lower_ == "the")
    if start >= m.end - 1:
        return None
    first = doc[start]
    return "FAC" if first.is_title and first.lower_ in _VENUE_WORDS else None


# A town's bodies and its public places, after the town's name: "The
# Lindenport harbour council", "the Marlow zoo", "the Kessing public library".
_TOWN_BODIES = frozenset(
    {
        "council",
        "councils",
        "councillors",
        "government",
        "authorities",
        "police",
        "mayor",
        "zoo",
        "library",
        "museum",
        "hospital",
        "harbour",
        "harbor",
        "port",
        "airport",
        "municipality",
        "townhall",
    }
)
_TOWN_BODY_REACH = 3  # lower-case words between the name and the body: "harbour", "public"


def _town_body_after(doc: Doc, i: int) -> bool:
    """Whether a town's body follows token ``i``, within a few lower-case words
    that form one noun phrase with it: "Lindenport harbour council"."""
    n = len(doc)
    for j in range(i + 1, min(n, i + 1 + _TOWN_BODY_REACH)):
        tok = doc[j]
        # A lower-case word the tagger calls a proper noun ("harbour") is still a noun.
        if not (tok.is_alpha and tok.is_lower) or tok.pos_ not in {"NOUN", "PROPN", "ADJ"}:
            return False
        if tok.lower_ in _TOWN_BODIES and doc[i].head.i == j:
            return True
    return False


def civic_places(doc: Doc, names: list[Mention], others: list[Mention]) -> list[Mention]:
    """Add the town the model left unlabelled before its council, zoo or
    library: "The Lindenport harbour council postponed ...". A capitalised
    word after "the" that modifies such a body is where the body is; a
    company's board or an office holder's administration ("The Microsoft
    board") has no such noun after it."""
    taken = covered(len(doc), names, others)
    lowers = lowers_of(doc)
    added = []
    for i, tok in enumerate(tokens_of(doc)):
        if (
            taken[i]
            or i == 0
            or lowers[i - 1] != "the"
            or not tok.is_title
            or not tok.is_alpha
            or tok.tag_ != "NNP"
            or tok.dep_ not in {"compound", "nmod"}
        ):
            continue
        if _town_body_after(doc, i):
            added.append(Mention(i, i + 1, "GPE", cue_label="GPE"))
    if not added:
        return names
    return sorted(names + added, key=lambda m: m.start)


def name_ends(names: list[Mention]) -> set[int]:
    """Token indexes right after each name: where "in" follows a name."""
    return {m.end for m in names if m.label in NAME_LABELS}
