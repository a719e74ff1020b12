"""Passives that ascribe a view to an unnamed source ("X is expected to win").

Or to the work their "in" phrase names: "as stated in the report".
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from newsread.analysis.attributions.tokens import (
    _cue_range,
    _edge_trim,
    _long_enough,
    _subtree_range,
)
from newsread.analysis.attributions.words import _SOURCE_NOUNS, DOCUMENT_NOUNS
from newsread.analysis.records import Attribution

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


# Verbs whose passive ascribes a view of its subject to an unnamed source:
# "X is expected to win", "X was accused of fraud", "X is seen as weak",
# "X was treated as an accident", "X were rated as false" (spaCy's lemma of
# "rated" is "rat").
_PASSIVE_STANCE_WORDS = """
    expect accuse criticize criticise consider say report believe think
    allege suspect see view regard describe call label deem praise blame charge
    predict project forecast estimate rumor rumour brand dub hail condemn fault
    credit tout rank know rate rat treat
"""
_PASSIVE_STANCE_VERBS = frozenset(_PASSIVE_STANCE_WORDS.split())
_PASSIVE_COMPLEMENTS = frozenset({"of", "for", "as"})
_AS_ONLY_VERBS = frozenset({"see", "view", "regard", "know", "treat", "rate", "rat"})


def _passive_stance(verb: Token) -> Attribution | None:
    """ "The bill is expected to pass", "X was accused of Y": with no agent the
    source is unnamed and the content is the subject with its complement."""
    if verb.tag_ != "VBN" or verb.lemma_ not in _PASSIVE_STANCE_VERBS:
        return None
    kids = list(verb.children)
    if any(c.dep_ == "agent" for c in kids):
        return None
    subj = [c for c in kids if c.dep_ == "nsubjpass"]
    if not subj and verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN"):
        # "a bill, known as X", "the rules considered the strictest": the
        # participle hangs on the noun it describes.
        subj = [verb.head]
    if not subj or subj[0].lower_ == "it":
        return None
    comps = [
        c
        for c in kids
        if c.i > verb.i
        and (
            c.dep_ in ("xcomp", "oprd", "ccomp")
            or (c.dep_ == "prep" and c.lower_ in _PASSIVE_COMPLEMENTS)
        )
    ]
    if verb.lemma_ in _AS_ONLY_VERBS:
        # "X is seen as weak" ascribes a view; "X was seen leaving" is sight,
        # "X was treated for an infection" care, "X is rated for 400 miles" a
        # specification. "Rated as mostly true": "as" opens the complement.
        comps = [c for c in comps if c.lower_ == "as" or c.left_edge.lower_ == "as"]
    if not comps:
        return None
    doc = verb.doc
    content = _long_enough(doc, subj[0].left_edge.i, comps[-1].right_edge.i + 1, 3)
    if content is None:
        return None
    return Attribution(_cue_range(verb), None, content, verb.sent.start)


# Verbs of saying whose object is the thing said ("announced a curfew",
# "confirmed the diagnosis", "debated the merits of X"): in the passive with
# no agent that thing is reported by someone unnamed, complement or none.
# Not the verbs of telling, whose passive subject is the one told ("was
# asked", "were told").
_PASSIVE_REPORT_WORDS = """
    announce confirm report mention debate discuss document disclose
"""
_PASSIVE_REPORT_VERBS = frozenset(_PASSIVE_REPORT_WORDS.split())


def _passive_report(verb: Token) -> Attribution | None:
    """ "A curfew was announced from midnight", "the merits of the plan are
    being debated again": the subject, with what the verb takes after it, is
    what an unnamed source reports."""
    if verb.tag_ != "VBN" or verb.lemma_ not in _PASSIVE_REPORT_VERBS:
        return None
    kids = list(verb.children)
    if any(c.dep_ == "agent" for c in kids) or not any(c.dep_ == "auxpass" for c in kids):
        return None
    subj = [c for c in kids if c.dep_ == "nsubjpass"]
    if not subj or subj[0].lower_ in ("it", "what"):
        return None  # "it was announced that X" is the clause's; "what was said" names nothing
    after = [c for c in kids if c.i > verb.i and not (c.is_punct or c.dep_ in ("cc", "conj"))]
    end = max([verb.i, *(c.right_edge.i for c in after)]) + 1
    content = _long_enough(verb.doc, subj[0].left_edge.i, end, 2)
    if content is None:
        return None
    return Attribution(_cue_range(verb), None, content, verb.sent.start)


# Works that say something on their own: with a passive cue, "in" one of
# them names where it is said ("as stated in the report", "is documented in
# the film").
_WORK_WORDS = """
    film documentary commentary interview speech book article filing filings
    testimony transcript footage record records
"""
_WORK_NOUNS = DOCUMENT_NOUNS | _SOURCE_NOUNS | frozenset(_WORK_WORDS.split())


def in_a_work(verb: Token) -> tuple[int, int] | None:
    """ "All of this is documented in the film", "as stated in Hale's column":
    a passive (or an "as" clause) with no agent whose "in" phrase names a work
    has that work for its source."""
    if verb.tag_ != "VBN":
        return None
    kids = list(verb.children)
    if any(c.dep_ in ("nsubj", "agent") for c in kids):
        return None  # "Hale has argued in her column": Hale speaks
    if not any(c.dep_ == "auxpass" or (c.dep_ == "mark" and c.lower_ == "as") for c in kids):
        return None
    for prep in kids:
        if prep.dep_ != "prep" or prep.lower_ != "in" or prep.i < verb.i:
            continue
        objs = [c for c in prep.children if c.dep_ == "pobj"]
        if objs and objs[0].lemma_.lower() in _WORK_NOUNS:
            return _edge_trim(verb.doc, *_subtree_range(objs[0]))
    return None


def with_works(doc: Doc, found: list[Attribution]) -> list[Attribution]:
    """Give a passive cue with no speaker the work its "in" phrase names."""
    out = []
    for att in found:
        if att.speaker is None:
            source = in_a_work(doc[att.cue[0] : att.cue[1]].root)
            if source is not None:
                att = replace(att, speaker=source)
        out.append(att)
    return out
