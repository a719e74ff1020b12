"""Phrasal verbs that put forward or attack: "laid out her plan", "has gone after X".

The verb alone says nothing ("laid the table", "has gone home"); with its
particle or preposition it reports, and what follows is the content.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from newsread.analysis.attributions.subjects import _agent_like, _antecedent, _speaker_of
from newsread.analysis.attributions.tokens import _cue_range, _long_enough
from newsread.analysis.records import Attribution

if TYPE_CHECKING:
    from spacy.tokens import Token

# Putting forward what the object holds: "laid out her proposals", "set out
# the terms".
_OBJECT_PHRASALS = frozenset({("lay", "out"), ("set", "out")})
# Attacking or insisting on what the preposition brings, with the particle
# the verb needs for that sense (None: no particle): "has gone after his
# rival", "is doubling down on his attacks", "lashed out at the board".
_PREP_PHRASALS: dict[tuple[str, str | None], frozenset[str]] = {
    ("go", None): frozenset({"after"}),
    ("double", "down"): frozenset({"on"}),
    ("lash", "out"): frozenset({"at", "against"}),
    ("hit", "back"): frozenset({"at"}),
    ("fire", "back"): frozenset({"at"}),
}
# The tagger often reads "lay" as the past of "lie" ("lay out actual policies").
PHRASAL_LEMMAS = (
    frozenset(v for v, _ in _OBJECT_PHRASALS) | frozenset(v for v, _ in _PREP_PHRASALS) | {"lie"}
)


def _phrasal_cue(verb: Token) -> Attribution | None:
    """A phrasal verb of putting forward or attacking with an agent-like subject."""
    lemma = "lay" if verb.lower_ == "lay" else verb.lemma_
    right = [c for c in verb.children if c.i > verb.i]
    particles = [c for c in right if c.dep_ == "prt"]
    particle = particles[0].lower_ if particles else None
    doc = verb.doc
    if (lemma, particle) in _OBJECT_PHRASALS:
        objs = [c for c in right if c.dep_ == "dobj"]
        if not objs or objs[0].pos_ == "PRON":
            return None
        start, last = objs[0].left_edge.i, objs[0]
        cue_end = particles[0].i + 1
    else:
        preps = _PREP_PHRASALS.get((lemma, particle))
        opening = [c for c in right if c.dep_ == "prep" and c.lower_ in (preps or ())]
        pobj = [c for p in opening[:1] for c in p.children if c.dep_ == "pobj"]
        if not pobj:
            return None
        if particle is None and not _agent_like(doc, (pobj[0].i, pobj[0].i + 1)):
            return None  # "went after the meeting", "going after the votes": time or pursuit
        start, last = pobj[0].left_edge.i, pobj[0]
        cue_end = opening[0].i + 1
    # "has gone after his rival as a crook": the view of the target goes with it.
    views = [c for c in right if c.dep_ == "prep" and c.lower_ in ("as", "for") and c.i > last.i]
    end = max([last.right_edge.i, *(c.right_edge.i for c in views)]) + 1
    speaker = _speaker_of(verb)
    resolved = _antecedent(verb, speaker)
    if speaker is None or not _agent_like(doc, resolved or speaker):
        return None
    content = _long_enough(doc, start, end, 1)
    if content is None:
        return None
    cue = (_cue_range(verb)[0], cue_end)
    return Attribution(cue, speaker, content, verb.sent.start, resolved)
