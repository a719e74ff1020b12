"""Source phrases: "according to X", "in a new poll, ...", "by one estimate, ..."."""

from __future__ import annotations

from typing import TYPE_CHECKING

from newsread.analysis.attributions.tokens import (
    _edge_trim,
    _long_enough,
    _noun_phrase,
    _subtree_range,
)
from newsread.analysis.attributions.words import _CUE_LEMMAS, _SOURCE_NOUNS, _SPOKEN_SOURCES
from newsread.analysis.records import Attribution

if TYPE_CHECKING:
    from spacy.tokens import Token


def _according_to(tok: Token) -> Attribution | None:
    """ "..., according to X" / "According to X, ...": speaker X, content the clause."""
    doc = tok.doc
    if tok.i + 1 >= len(doc) or doc[tok.i + 1].lower_ != "to":
        return None
    to = doc[tok.i + 1]
    # "according to show insiders": a misparse makes the source a clause.
    pobj = [c for c in to.children if c.dep_ in ("pobj", "pcomp")]
    if not pobj:
        return None
    speaker = _noun_phrase(doc, _edge_trim(doc, *_subtree_range(pobj[0])))
    sent = tok.sent
    phrase_start, phrase_end = tok.i, pobj[0].right_edge.i + 1
    # Content: the rest of the sentence on the larger side of the phrase.
    before = (sent.start, phrase_start)
    after = (phrase_end, sent.end)
    side = before if before[1] - before[0] >= after[1] - after[0] else after
    content = _edge_trim(doc, *side)
    if content is None:
        # "According to X, the move reeks of Y" parsed as one long noun
        # phrase: the comma after the source ends the phrase.
        commas = [t.i for t in doc[to.i + 1 : phrase_end] if t.text == ","]
        if commas:
            speaker = _noun_phrase(doc, _edge_trim(doc, to.i + 1, commas[0]))
            content = _edge_trim(doc, commas[0] + 1, sent.end)
    if content is None:
        return None
    return Attribution((tok.i, tok.i + 2), speaker, content, sent.start)


def _source_phrase(prep: Token) -> Attribution | None:
    """ "In a new poll, X leads"; "by one estimate, X": the phrase's noun is the source."""
    doc = prep.doc
    head = prep.head
    if head.pos_ not in ("VERB", "AUX") or head.lemma_ in _CUE_LEMMAS:
        return None
    if head.lemma_ == "put" and any(c.lower_ == "it" for c in head.children):
        return None  # "as X put it in a statement": the cue is "put it"
    pobj = [c for c in prep.children if c.dep_ == "pobj"]
    if not pobj or pobj[0].lemma_.lower() not in _SOURCE_NOUNS:
        return None
    if prep.lower_ == "by" and pobj[0].lemma_.lower() not in ("estimate", "account", "measure"):
        return None
    noun = pobj[0]
    if any(c.dep_ == "prep" and c.lower_ == "of" for c in noun.children):
        return None  # "in the case of", "in the report of the committee": not a source
    speaker = _edge_trim(doc, *_subtree_range(noun))
    if noun.lemma_.lower() in _SPOKEN_SOURCES:
        # "In a statement, Smith ...": the statement is Smith's.
        subj = [c for c in head.children if c.dep_ == "nsubj"]
        if subj:
            speaker = _edge_trim(doc, *_subtree_range(subj[0]))
    lo, hi = _subtree_range(head)
    p_lo, p_hi = _subtree_range(prep)
    sides = [r for r in (_edge_trim(doc, lo, p_lo), _edge_trim(doc, p_hi, hi)) if r is not None]
    if not sides:
        return None
    best = max(sides, key=lambda r: r[1] - r[0])
    content = _long_enough(doc, *best, 4)
    if content is None:
        return None
    return Attribution((prep.i, prep.i + 1), speaker, content, prep.sent.start)
