"""Cues that hand a quotation or a line its speaker: "X continued: '...'", "WALLACE: ...",
"Advice from X: '...'".

A name opening a line with a colon, a clause or a noun phrase ending in a
colon before a quotation, and verbs of voicing ("She shouted, '...'").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from newsread.analysis.attributions.subjects import _agent_like, _antecedent, _speaker_of
from newsread.analysis.attributions.tokens import _cue_range, _edge_trim, _line_of, _long_enough
from newsread.analysis.attributions.words import _CUE_LEMMAS
from newsread.analysis.doc_cache import text_of
from newsread.analysis.records import Attribution

if TYPE_CHECKING:
    from spacy.tokens import Span, Token


# "The Latest: ...", "UPDATE: ...": labels, not speakers.
_NOT_SPEAKER_LABELS = frozenset(
    {"latest", "update", "editor", "note", "watch", "read", "related"}
    | {"updated", "updates", "correction", "corrected", "clarification", "developing"}
    | {"breaking", "exclusive", "urgent", "analysis", "opinion", "video", "photos", "listen"}
)
_LABEL_SOURCES = frozenset({"poll", "survey", "study", "report"})


def _label_colon(colon: Token) -> Attribution | None:
    """ "Pence: Gennifer Flowers Won't Be at Debate" and "WALLACE: ...": a name
    opening a line with a colon is the speaker of the rest of the line."""
    doc = colon.doc
    start = colon.i
    while start > 0 and not doc[start - 1].is_space and "\n" not in doc[start - 1].text:
        start -= 1
    # A transcript pasted as one quotation per turn: '"WALLACE: ...'.
    if start < colon.i and doc[start].text in _OPENING_MARKS:
        start += 1
    if (
        start > 0
        and "\n" not in doc[start - 1].text_with_ws
        and not (doc[start - 1].text in _OPENING_MARKS and _opens_line(doc[start - 1]))
    ):
        return None
    if start == colon.i or colon.i - start > 4:
        return None
    words = doc[start : colon.i]
    if any(t.lower_ in _NOT_SPEAKER_LABELS for t in words):
        return None
    named = all(t.ent_type_ in ("PERSON", "ORG") for t in words) or _named_elsewhere(words)
    shouted = all(t.is_upper and t.is_alpha and len(t) > 1 for t in words)
    source = len(words) == 1 and words[0].lemma_.lower() in _LABEL_SOURCES
    if not (named or shouted or source):
        return None
    lo, hi = _line_of(doc, colon)
    span = doc.char_span(colon.idx + 1, hi, alignment_mode="contract")
    if span is None:
        return None
    content = _long_enough(doc, span.start, span.end, 3)
    if content is None:
        return None
    if len(words) > 1 and words[0].lower_ in _SAYING_FIRST:
        # "Said Ellis: '…'": the verb leads, the name is the speaker.
        return Attribution((start, start + 1), (start + 1, colon.i), content, start)
    return Attribution((colon.i, colon.i + 1), (start, colon.i), content, start)


#: a verb of saying put before the name in a line's label ("Said Ellis: …")
_SAYING_FIRST = frozenset({"said", "says", "asked", "asks", "added", "adds"})


def _opens_line(tok: Token) -> bool:
    return tok.i == 0 or "\n" in tok.doc[tok.i - 1].text_with_ws


def _named_elsewhere(words: Span) -> bool:
    """ "Sanders: Clinton needs to ...": a headline's label that the tagger
    misses (a lone surname, a site's name) is a name when the article names
    it as a person or an organisation elsewhere."""
    if not all(t.is_title and t.is_alpha for t in words):
        return False
    label = words.text
    return any(
        e.label_ in ("PERSON", "ORG") and label in e.text and e.start >= words.end
        for e in words.doc.ents
    )


_OPENING_MARKS = "\"“‘'"


def _colon_speaker(colon: Token, verb: Token | None = None) -> Attribution | None:
    """ "Councillor Brandt continued: '...'": any verb whose agent-like subject
    ends its clause with a colon before a quotation (or the paragraph end)
    introduces what follows; a cue without content, for the quote to take."""
    doc = colon.doc
    verb = colon.head if verb is None else verb
    if verb.pos_ not in ("VERB", "AUX") or verb.lemma_ in _CUE_LEMMAS or verb.i > colon.i:
        return None
    if any(t.pos_ in ("VERB", "AUX") and t.dep_ != "aux" for t in doc[verb.i + 1 : colon.i]):
        return None  # the colon closes another clause than the verb's own
    rest = text_of(doc)[colon.idx + 1 : colon.idx + 40].lstrip(" \t\xa0")
    if rest and rest[0] not in _OPENING_MARKS + "\n":
        return None
    speaker = _speaker_of(verb)
    if speaker is None or not _agent_like(doc, speaker):
        return None
    resolved = _antecedent(verb, speaker)
    return Attribution(_cue_range(verb), speaker, None, verb.sent.start, resolved)


# Verbs of voicing that introduce a quotation after a comma or full stop too:
# "She continued, '...'", "Protesters chanted. '...'".
_VOICE_WORDS = "continue shout yell scream chant read exclaim whisper cry"
_VOICE_VERBS = frozenset(_VOICE_WORDS.split())


def _voice_speaker(verb: Token) -> Attribution | None:
    """ "She continued, '...'": a verb of voicing whose clause ends right
    before a quotation in the same paragraph gives that quote its speaker."""
    doc = verb.doc
    for tok in doc[verb.i + 1 : verb.i + 12]:
        if tok.text in (":", ",", "."):
            break
        if tok.pos_ in ("VERB", "AUX") or "\n" in tok.text_with_ws:
            return None
    else:
        return None
    rest = text_of(doc)[tok.idx + 1 : tok.idx + 8].lstrip(" \t\xa0")
    if not rest or rest[0] not in _OPENING_MARKS:
        return None
    return _colon_speaker(tok, verb)


def _named_before_colon(colon: Token) -> Attribution | None:
    """ "Advice from Councillor Okoro: 'Read every line twice'", "the last
    word went to the harbour master: 'Stay off the pier'": a noun phrase
    ending right at a colon that opens a quotation is where the quotation
    comes from. A clause before the colon ("She added: '...'") is read by
    ``_colon_speaker``."""
    doc = colon.doc
    rest = text_of(doc)[colon.idx + 1 : colon.idx + 40].lstrip(" \t\xa0")
    if not rest or rest[0] not in _OPENING_MARKS:
        return None
    noun = doc[colon.i - 1]
    if noun.pos_ not in ("NOUN", "PROPN") or "\n" in noun.text_with_ws:
        return None
    if _reported_by_cue(noun, colon):
        return None
    speaker = _edge_trim(doc, noun.left_edge.i, noun.i + 1)
    if speaker is None:
        return None
    span = doc.char_span(colon.idx + 1, _quotation_end(colon), alignment_mode="contract")
    if span is None:
        return None
    content = _long_enough(doc, span.start, span.end, 3)
    if content is None:
        return None
    return Attribution((colon.i, colon.i + 1), speaker, content, colon.sent.start)


_CLOSING_OF = {"“": "”", "‘": "’", '"': '"', "'": "'"}


def _quotation_end(colon: Token) -> int:
    """Where the quotation opening after ``colon`` closes (its line's end when
    it runs on), so the words after it stay out of what was said."""
    doc = colon.doc
    text = text_of(doc)
    line_end = _line_of(doc, colon)[1]
    start = colon.idx + 1
    while start < line_end and text[start] in " \t\xa0":
        start += 1
    opening = text[start]
    mark = "''" if text.startswith("''", start) else opening
    close = text.find(mark if mark == "''" else _CLOSING_OF[opening], start + len(mark), line_end)
    while (
        opening == "'" and mark != "''" and 0 < close < line_end - 1 and text[close + 1].isalpha()
    ):
        close = text.find("'", close + 1, line_end)  # an apostrophe: "people's"
    return line_end if close == -1 else close + len(mark)


def _reported_by_cue(noun: Token, colon: Token) -> bool:
    """ "admonishing the client: '...'", "said she is fit for the job: '...'":
    a noun whose clause is a cue verb's, or what a cue verb reports, is whom
    it addresses or part of what it says, not the quotation's source."""
    verb = next((a for a in noun.ancestors if a.pos_ in ("VERB", "AUX")), None)
    if verb is None or verb.i > colon.i:
        return False
    if verb.lemma_ in _CUE_LEMMAS:
        return True
    head = verb.head
    return verb.dep_ in ("ccomp", "xcomp") and head.i < colon.i and head.lemma_ in _CUE_LEMMAS
