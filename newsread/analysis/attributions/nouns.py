"""Noun cues: "the claim that X", "Trump's comments about Y", "the decision to Z",
"faced criticism for W".

The owner of the noun (its possessor, or the subject of the verb that
voices it) is the speaker.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from newsread.analysis.attributions.subjects import _agent_like, _speaker_of
from newsread.analysis.attributions.tokens import _edge_trim, _long_enough, _subtree_range
from newsread.analysis.attributions.words import _NOUN_CONTENT_PREPS, _UNOWNED_CLAIM_NOUNS
from newsread.analysis.records import Attribution

if TYPE_CHECKING:
    from spacy.tokens import Token


def _possessor(noun: Token) -> tuple[int, int] | None:
    """Who owns a claim noun: "Trump's claim", "his comments", "the claim by X"."""
    doc = noun.doc
    for child in noun.children:
        if child.dep_ == "poss":
            return _edge_trim(doc, *_subtree_range(child))
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ in ("by", "from") and child.i > noun.i:
            pobj = [c for c in child.children if c.dep_ == "pobj"]
            if pobj:
                return _edge_trim(doc, *_subtree_range(pobj[0]))
    names = [c for c in noun.children if c.dep_ == "compound" and c.pos_ == "PROPN"]
    if names:
        # "a New York Times report that ...": the name modifying the noun.
        return _edge_trim(doc, noun.left_edge.i, noun.i)
    return None


# Verbs by which a subject voices a claim noun of its own: "X raised questions about Y".
_VOICING_WORDS = "have raise express voice share offer issue pose repeat reiterate echo air"
_VOICING_VERBS = frozenset(_VOICING_WORDS.split())


def _holder(noun: Token) -> tuple[int, int] | None:
    """The agent-like subject of the verb that voices the noun: "the agency has
    questions about X", "she expressed the hope that Y"."""
    verb = noun.head
    if noun.dep_ != "dobj" or verb.lemma_ not in _VOICING_VERBS:
        return None
    speaker = _speaker_of(verb)
    if speaker is None or not _agent_like(noun.doc, speaker):
        return None
    return speaker


def _noun_cue(noun: Token) -> Attribution | None:
    """Noun cues: "the claim that X", "Trump's claim that X", "his comments about X".

    A that-clause is content whoever owns the noun; a prepositional object
    ("his remarks on X") only with an agent-like owner.
    """
    doc = noun.doc
    speaker = _possessor(noun) or _holder(noun)
    for child in noun.children:
        if child.i < noun.i:
            continue
        if child.dep_ in ("acl", "ccomp", "relcl") and any(
            c.dep_ == "mark" and c.lower_ == "that" for c in child.children
        ):
            content = _long_enough(doc, *_subtree_range(child), 3)
            if content is not None:
                return Attribution((noun.i, noun.i + 1), speaker, content, noun.sent.start)
    if speaker is not None and not _agent_like(doc, speaker):
        return None
    if speaker is None and noun.lemma_ not in _UNOWNED_CLAIM_NOUNS:
        return None
    for child in noun.children:
        if child.dep_ == "prep" and child.i > noun.i and child.lower_ in _NOUN_CONTENT_PREPS:
            pobj = [c for c in child.children if c.dep_ in ("pobj", "pcomp")]
            if pobj:
                content = _long_enough(doc, *_subtree_range(pobj[0]), 2)
                if content is not None:
                    return Attribution((noun.i, child.i + 1), speaker, content, noun.sent.start)
    return None


# Nouns of intent whose infinitive is the content: "the mayor's decision to X".
# Not "request", "attempt" or "effort": an effort to X is something done, and
# a request to a court is a filing; news annotation reports neither.
_INTENT_WORDS = """
    plan decision promise pledge vow threat call bid push proposal
    refusal intention intent determination commitment offer demand
    agreement
"""
_INTENT_NOUNS = frozenset(_INTENT_WORDS.split())


def _intent_noun(noun: Token) -> Attribution | None:
    """ "Britain's decision to leave the EU", "the union's call to strike":
    an agent-like owner and an infinitive after the noun."""
    doc = noun.doc
    speaker = _possessor(noun)
    if speaker is None or not _agent_like(doc, speaker):
        return None
    for child in noun.children:
        if (
            child.dep_ in ("acl", "relcl")
            and child.i > noun.i
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in child.children)
        ):
            content = _long_enough(doc, *_subtree_range(child), 2)
            if content is not None:
                return Attribution((noun.i, noun.i + 1), speaker, content, noun.sent.start)
    return None


# Criticism that someone is on the receiving end of: "faced harsh criticism
# for X", "came under blistering criticism", "took heat for X".
_RECEIVED_WORDS = "criticism ridicule condemnation derision mockery scorn censure heat"
RECEIVED_NOUNS = frozenset(_RECEIVED_WORDS.split())
_RECEIVING_VERBS = frozenset({"face", "draw", "receive", "attract", "earn", "take"})


def _criticism_received(noun: Token) -> Attribution | None:
    """ "The mayor faced harsh criticism from residents for X": the critics
    (after "from", often unnamed) judge X ("for" or "over" X), or, with no
    reason given, the one criticised. "Heat" only in "took heat"."""
    head = noun.head
    if noun.dep_ == "dobj" and head.lemma_ in _RECEIVING_VERBS:
        verb = head
    elif noun.dep_ == "dobj" and head.dep_ == "pcomp" and head.head.lower_ == "under":
        verb = head.head.head  # "came under blistering criticism"
    elif noun.dep_ == "pobj" and head.lower_ == "under":
        verb = head.head  # "came under criticism"
    else:
        return None
    if noun.lemma_ == "heat" and (
        verb.lemma_ != "take" or any(c.dep_ == "det" for c in noun.children)
    ):
        return None  # "took the heat off the pan" is cooking
    if verb.lemma_ == "take" and noun.lemma_ != "heat":
        return None
    doc = noun.doc
    preps = [c for c in (*noun.children, *head.children) if c.dep_ == "prep" and c.i > noun.i]
    froms = [o for p in preps if p.lower_ == "from" for o in p.children if o.dep_ == "pobj"]
    speaker = _edge_trim(doc, *_subtree_range(froms[0])) if froms else None
    reasons = [
        o
        for p in preps
        if p.lower_ in ("for", "over")
        for o in p.children
        if o.dep_ in ("pobj", "pcomp")
    ]
    if reasons:
        content = _long_enough(doc, *_subtree_range(reasons[0]), 1)
    else:
        subj = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        content = _edge_trim(doc, *_subtree_range(subj[0])) if subj else None
    if content is None:
        return None
    return Attribution((noun.i, noun.i + 1), speaker, content, noun.sent.start)
