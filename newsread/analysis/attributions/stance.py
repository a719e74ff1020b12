"""Stances, certainty and light verbs: "X is critical of Y", "she is sure that Z".

Also "X made the case that Y", the writer's hedge "X seems to Y" and what
stirs a feeling in its object ("the ruling angered farmers").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from newsread.analysis.attributions.subjects import _agent_like, _speaker_of
from newsread.analysis.attributions.tokens import (
    _cue_range,
    _edge_trim,
    _long_enough,
    _noun_phrase,
    _subtree_range,
)
from newsread.analysis.attributions.words import _CLAIM_NOUNS, _CUE_LEMMAS
from newsread.analysis.records import Attribution

if TYPE_CHECKING:
    from spacy.tokens import Token


# "X has been critical of Y", "X is a staunch opponent of Y", "X made no secret of Y".
# Also how openly someone speaks about a thing ("were coy about X", "has
# been vague about Y", "is vocal on Z") and a market view ("bearish on X").
_STANCE_ADJECTIVE_WORDS = """
    critical supportive skeptical sceptical wary opposed dismissive contemptuous
    worried concerned optimistic pessimistic passionate enthusiastic
    coy vague cagey evasive noncommittal candid frank vocal outspoken emphatic
    bearish bullish
"""
_STANCE_ADJECTIVES = frozenset(_STANCE_ADJECTIVE_WORDS.split())
_STANCE_NOUN_WORDS = """
    opponent critic supporter proponent advocate champion backer defender foe
"""
_STANCE_NOUNS = frozenset(_STANCE_NOUN_WORDS.split())


def _stance_phrase(verb: Token) -> Attribution | None:
    """A stance said with a copula or "make no secret": the object of its "of"
    (or "about") is the content, the agent-like subject the source."""
    doc = verb.doc
    speaker = _speaker_of(verb)
    if speaker is None or not _agent_like(doc, speaker):
        return None
    if verb.lemma_ == "be":
        heads = [
            c
            for c in verb.children
            if (c.dep_ == "acomp" and c.lemma_.lower() in _STANCE_ADJECTIVES)
            or (c.dep_ == "attr" and c.lemma_.lower() in _STANCE_NOUNS)
        ]
    else:
        heads = [c for c in verb.children if c.dep_ == "dobj" and c.lower_ == "secret"]
    if not heads:
        return None
    head = heads[0]
    # The parser hangs the preposition on the adjective or, after it, on the copula.
    preps = [
        c
        for c in (*head.children, *(c for c in verb.children if c.i > head.i))
        if c.dep_ == "prep" and c.lower_ in ("of", "about", "on")
    ]
    if not preps:
        return None
    pobj = [c for c in preps[0].children if c.dep_ in ("pobj", "pcomp")]
    if not pobj:
        return None
    if pobj[0].pos_ == "PRON" and pobj[0].left_edge == pobj[0].right_edge:
        return None  # "what he is passionate about", "worried about it"
    content = _long_enough(doc, *_subtree_range(pobj[0]), 1)
    if content is None:
        return None
    cue_start = _cue_range(verb)[0]
    return Attribution((cue_start, preps[0].i + 1), speaker, content, verb.sent.start)


# "She is sure that X", "it is clear that X", "X is likely to Y": a belief
# or a hedge said with an adjective and a clause.
_CERTAINTY_WORDS = """
    sure certain confident convinced determined clear likely unlikely aware
    afraid hopeful optimistic pessimistic eager willing adamant obvious apparent
    evident
"""
_CERTAINTY_ADJECTIVES = frozenset(_CERTAINTY_WORDS.split())


def _certainty(verb: Token) -> Attribution | None:
    doc = verb.doc
    adjs = [
        c
        for c in verb.children
        if c.dep_ == "acomp" and c.lemma_.lower() in _CERTAINTY_ADJECTIVES and c.i > verb.i
    ]
    if not adjs:
        return None
    adj = adjs[0]
    clauses = [
        c for c in (*adj.children, *verb.children) if c.dep_ in ("ccomp", "xcomp") and c.i > adj.i
    ]
    if not clauses:
        return None
    clause = min(clauses, key=lambda c: c.i)
    subj = [c for c in verb.children if c.dep_ == "nsubj"]
    speaker = None
    if subj and subj[0].lower_ != "it":
        speaker = _noun_phrase(doc, _edge_trim(doc, *_subtree_range(subj[0])))
        if clause.dep_ == "xcomp" and not _agent_like(doc, speaker):
            # "The bill is likely to pass": the writer's hedge on the subject.
            content = _long_enough(doc, subj[0].left_edge.i, clause.right_edge.i + 1, 3)
            if content is None:
                return None
            return Attribution((verb.i, adj.i + 1), None, content, verb.sent.start)
    content = _long_enough(doc, *_subtree_range(clause), 2)
    if content is None:
        return None
    return Attribution((verb.i, adj.i + 1), speaker, content, verb.sent.start)


# Nouns that with "make" say what a verb would: "made the case that X".
_LIGHT_WORDS = "case reference condemnation determination point speech appeal plea"
_LIGHT_NOUNS = _CLAIM_NOUNS | frozenset(_LIGHT_WORDS.split())


def _light_verb(verb: Token) -> Attribution | None:
    """ "X made the case that Y", "X made a strong condemnation of Y": a
    statement noun as the object of "make" reports like its verb."""
    doc = verb.doc
    objs = [c for c in verb.children if c.dep_ == "dobj" and c.lemma_.lower() in _LIGHT_NOUNS]
    if not objs:
        return None
    noun = objs[0]
    speaker = _speaker_of(verb)
    if speaker is None or not _agent_like(doc, speaker):
        return None
    content = None
    clauses = [
        c
        for c in (*verb.children, *noun.children)
        if c.i > noun.i
        and (
            c.dep_ == "ccomp"
            or (c.dep_ == "acl" and any(m.lower_ == "that" for m in c.children if m.dep_ == "mark"))
        )
    ]
    if clauses:
        content = _long_enough(doc, *_subtree_range(clauses[0]), 3)
    else:
        # "the case for X" on the noun; on the verb "on" would bring a date.
        preps = [
            c
            for c in noun.children
            if c.dep_ == "prep" and c.lower_ in ("of", "for", "on", "about", "against")
        ] + [
            c
            for c in verb.children
            if c.dep_ == "prep" and c.i > noun.i and c.lower_ in ("of", "for", "about", "against")
        ]
        pobj = [c for p in preps[:1] for c in p.children if c.dep_ in ("pobj", "pcomp")]
        if pobj:
            content = _long_enough(doc, *_subtree_range(pobj[0]), 1)
    if content is None:
        return None
    cue = (_cue_range(verb)[0], noun.i + 1)
    return Attribution(cue, speaker, content, verb.sent.start)


_SEEM_VERBS = frozenset({"seem", "appear"})


def _seems(verb: Token) -> Attribution | None:
    """ "Republicans seem confident ...", "it appears that X": the writer's
    hedged impression, an attribution with no named source (as annotated)."""
    doc = verb.doc
    comps = [
        c for c in verb.children if c.dep_ in ("xcomp", "acomp", "oprd", "ccomp") and c.i > verb.i
    ]
    if not comps:
        return None
    comp = comps[0]
    if comp.pos_ == "VERB" and comp.lemma_ in _CUE_LEMMAS:
        return None  # "he appeared to suggest that ...": that cue reports itself
    subj = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    if comp.dep_ == "ccomp" or not subj or subj[0].lower_ == "it":
        if comp.dep_ != "ccomp" or not any(c.dep_ == "mark" for c in comp.children):
            return None
        content = _long_enough(doc, *_subtree_range(comp), 3)
    else:
        content = _long_enough(doc, subj[0].left_edge.i, comp.right_edge.i + 1, 3)
    if content is None:
        return None
    return Attribution(_cue_range(verb), None, content, verb.sent.start)


# Verbs whose object feels what their subject stirs (the "amuse" verbs of
# Levin 1993, 31.1): "the ruling angered farmers" says where farmers stand
# on the ruling, as "farmers resent the ruling" does.
_STIRRING_WORDS = """
    worry concern alarm trouble bother frustrate anger enrage infuriate upset
    disturb dismay disappoint outrage annoy irritate offend please delight
    reassure hearten frighten scare
"""
STIRRING_VERBS = frozenset(_STIRRING_WORDS.split())


def _stirs(verb: Token) -> Attribution | None:
    """ "The plan worries residents", "a delay that angered the union": the
    agent-like object is the source, what stirs it (the subject, or the noun a
    relative clause hangs on) the content. Only a finite verb: "a worrying
    sign" and "hoping to please voters" say nothing of anyone's stance."""
    if verb.tag_ not in ("VBZ", "VBD", "VBP", "VBN") or verb.dep_ in ("xcomp", "amod", "acl"):
        return None
    if any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
        return None  # "residents were worried": a stance adjective's business
    doc = verb.doc
    objs = [c for c in verb.children if c.dep_ == "dobj"]
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    if not objs or not subjects or (objs[0].pos_ == "PRON" and objs[0].lower_ == "it"):
        return None  # "it angered me to see X": the clause after is what stirs
    speaker = _noun_phrase(doc, _edge_trim(doc, *_subtree_range(objs[0])))
    if speaker is None or not _agent_like(doc, speaker):
        return None
    stimulus = subjects[0]
    if stimulus.tag_ == "WDT" and verb.dep_ == "relcl":
        # "a delay that angered the union": the delay stirs it.
        content = _edge_trim(doc, verb.head.left_edge.i, verb.head.i + 1)
    else:
        content = _edge_trim(doc, *_subtree_range(stimulus))
    if content is None:
        return None
    return Attribution(_cue_range(verb), speaker, content, verb.sent.start)
