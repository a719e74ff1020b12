"""Organisations named as a person's employer: "Mitchell Etkin of Match Auto says".

A news story introduces a source by name and affiliation, "<person> of
<organisation>". The small model tags the person and often leaves an
unfamiliar firm after "of" untagged ("Match Auto"). An untagged run of two to
four capitalised words right after a person and "of" is that person's
organisation. A one-word run is left alone: it is as often a town ("Jane Doe
of Keldale"), and a place the model tags itself. So is a run holding a
country's or a city's name: "Gold Fields of South Africa Ltd" is one firm the
model misread as a person, not a person of "South Africa Ltd".
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from newsread.analysis.entities.lexicon import CITIES, COUNTRIES
from newsread.analysis.entities.mentions import Mention, _key, covered, untagged_name_word

if TYPE_CHECKING:
    from spacy.tokens import Doc


def affiliations(doc: Doc, names: list[Mention], others: list[Mention]) -> list[Mention]:
    """``names`` with an ORG added for each untagged "<PERSON> of X Y"."""
    n = len(doc)
    taken = covered(n, names, others)

    word = untagged_name_word(doc, taken)

    added: list[Mention] = []
    for m in names:
        start = m.end + 1
        if m.label != "PERSON" or start >= n or doc[m.end].lower_ != "of":
            continue
        end = start
        while end < n and end - start < 5 and word(end):
            end += 1
        if (
            2 <= end - start <= 4
            and not (end < n and word(end))
            and not _names_a_place(doc, start, end)
        ):
            added.append(Mention(start, end, "ORG"))
    if not added:
        return names
    return sorted(names + added, key=lambda m: m.start)


def _names_a_place(doc: Doc, start: int, end: int) -> bool:
    """Some run of the words from ``start`` to ``end`` is a country or a city."""
    return any(
        _key(doc, i, j) in COUNTRIES or _key(doc, i, j) in CITIES
        for i in range(start, end)
        for j in range(i + 1, end + 1)
    )
