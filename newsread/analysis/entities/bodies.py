"""Organisations the phrase around a name gives away: bands, orders, newspapers.

The small model has no idea what an unknown name is and guesses from its
words: "the Harbour Lights" reads like a law, "the Order of Valdmere" like a
person's title, "the Echo" like a place. The sentence says otherwise: a place
does not play a set, nobody tells a place anything, and an order of chivalry
is a body one is appointed to. Each cue marks the name an ORG; the name is
then an ORG in every mention, after the vote, because the cue is said once
and the name repeated bare (as ``shapes._media_names`` does for "the daily X").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from newsread.analysis.doc_cache import lowers_of, tokens_of
from newsread.analysis.entities.lexicon import COUNTRIES, DEMONYMS
from newsread.analysis.entities.mentions import _DETERMINERS, Mention, _key

if TYPE_CHECKING:
    from spacy.tokens import Doc


# Labels no band, order or paper cue overrides: a country "played" (its
# team, a place in OntoNotes' and CoNLL's reading) or a nationality.
_PLACE_KEEPS = frozenset({"GPE", "NORP"})

# Participles whose agent after "by" is a performer: "played by the X".
_PERFORMED = frozenset({"played", "performed", "sung", "recorded", "headlined"})
# Verbs after a performer's name: "the X played to 3,000 people".
_PERFORMS = frozenset({"played", "performed", "sang", "headlined", "toured"})
# Lower-case kinds of ensemble right before its name: "the band Harbour Lights".
_ENSEMBLES = frozenset({"band", "orchestra", "choir", "ensemble"})


def _the_start(doc: Doc, m: Mention) -> int | None:
    """Index of the "the" that opens ``m`` (inside or right before it), if any."""
    lowers = lowers_of(doc)
    if lowers[m.start] == "the":
        return m.start
    if m.start > 0 and lowers[m.start - 1] == "the":
        return m.start - 1
    return None


def _excluded(doc: Doc, m: Mention) -> bool:
    key = _key(doc, m.start, m.end)
    return m.label in _PLACE_KEEPS or key in COUNTRIES or key in DEMONYMS


def band_cue(doc: Doc, m: Mention) -> bool:
    """ "played by the Harbour Lights", "the Harbour Lights performed", "the
    band Harbour Lights": a performer named with "the" is a band, not a law
    or a thing (a person's name takes no "the"); a name after a lower-case
    ensemble word is that ensemble."""
    if _excluded(doc, m):
        return False
    tokens, lowers = tokens_of(doc), lowers_of(doc)
    first = m.start + 1 if lowers[m.start] in _DETERMINERS else m.start
    if first >= m.end or not tokens[first].text[:1].isupper():
        return False
    if first > 0 and tokens[first - 1].is_lower and lowers[first - 1] in _ENSEMBLES:
        return True
    the = _the_start(doc, m)
    if the is None:
        return False
    if the > 1 and lowers[the - 1] == "by" and lowers[the - 2] in _PERFORMED:
        return True
    return m.end < len(doc) and lowers[m.end] in _PERFORMS


def order_cue(doc: Doc, m: Mention) -> bool:
    """ "the Order of Valdmere": an order (of chivalry, of merit, a religious
    order) is a body, whatever its "of" part names."""
    tokens, lowers = tokens_of(doc), lowers_of(doc)
    first = m.start + 1 if lowers[m.start] in _DETERMINERS else m.start
    if first + 2 >= m.end or lowers[first] != "order" or not tokens[first].is_title:
        return False
    # "the Order of the Bath": a capital after "of", past a determiner.
    return lowers[first + 1] == "of" and any(
        tokens[i].text[:1].isupper() for i in range(first + 2, m.end)
    )


# Verbs a publication does after its name: "the Echo reported".
_PUBLISHES = frozenset({"reported", "quoted", "wrote", "published", "reports", "quotes"})
_COMMON_NOUN_TAGS = frozenset({"NN", "NNS"})
# Model labels for a paper that "said" something: no place says anything,
# and the model calls an unknown title a place or a thing ("the Echo said").
_SAYS_FROM = frozenset({"LOC", "PRODUCT", "WORK_OF_ART", "LAW"})


def paper_cue(doc: Doc, m: Mention) -> bool:
    """ "told the Echo", "the Echo reported": one is told things by people or
    bodies, never a place, and a name with "the" that reports or quotes is a
    publication (a person's name takes no "the")."""
    if _excluded(doc, m):
        return False
    the = _the_start(doc, m)
    if the is None:
        return False
    lowers = lowers_of(doc)
    if the > 0 and lowers[the - 1] == "told":
        # "told the Gulf audience": the name only modifies what was told.
        return m.end >= len(doc) or tokens_of(doc)[m.end].tag_ not in _COMMON_NOUN_TAGS
    if m.end >= len(doc):
        return False
    after = lowers[m.end]
    return after in _PUBLISHES or (after == "said" and m.label in _SAYS_FROM)


def bodies_after_vote(doc: Doc, names: list[Mention], cued: set[str]) -> None:
    """Every mention of a name one cue made a band, order or paper is an ORG
    (``cued`` holds their vote keys)."""
    if not cued:
        return
    for m in names:
        if _key(doc, m.start, m.end) in cued:
            m.label = "ORG"
