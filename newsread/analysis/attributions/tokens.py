"""Token ranges cut from the parse: trimming edges, subtrees, noun phrases, cues, lines.

Every range is a (start, end) pair of token indexes, end exclusive.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from newsread.analysis.clock import opens_line_with_clock
from newsread.analysis.doc_cache import DocData, doc_data, line_breaks_at, text_of

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


def _edge_trim(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    """Drop punctuation (except quote marks that belong to a quote) at both
    edges, and a live blog's timestamp opening the line ("10:02 The minister")."""
    # Read from the Doc's columns, without a Token object for each edge word.
    data = doc_data(doc)
    texts, is_space, is_punct = data.texts, data.is_space, data.is_punct

    def junk_at_start(i: int) -> bool:
        return (
            is_space[i]
            or (is_punct[i] and texts[i] not in "“‘\"'")
            or (i + 1 < end and opens_line_with_clock(doc, i))
        )

    def junk_at_end(i: int) -> bool:
        # A clause cut before its conjunct keeps no dangling "but"/"and".
        text = texts[i]
        return (
            is_space[i]
            or data.pos[i] == "CCONJ"
            or text in ".,;:"
            or (is_punct[i] and text not in "”’\"'.?!" and not _unit_sign_at(data, i))
        )

    while start < end and junk_at_start(start):
        start += 1
    while end > start and junk_at_end(end - 1):
        end -= 1
    return (start, end) if end > start else None


def _unit_sign_at(data: DocData, i: int) -> bool:
    """Whether token ``i`` is a per-cent (or degree) sign after a number: it
    belongs to the figure, though spaCy calls it punctuation."""
    return data.texts[i] in "%‰°" and i > 0 and data.like_num[i - 1]


def _subtree_range(tok: Token) -> tuple[int, int]:
    return tok.left_edge.i, tok.right_edge.i + 1


def _noun_phrase(doc: Doc, rng: tuple[int, int] | None) -> tuple[int, int] | None:
    """A speaker span the way news annotation marks it: the whole noun phrase
    with its apposition and the punctuation that closes it ("Sen. Tim Kaine,
    D-Va.,"; "Sen. Ted Cruz (R-Tex.)"; "Quina Jones, 25,"), no leading "But"."""
    if rng is None:
        return None
    start, end = rng
    data = doc_data(doc)
    pos, texts = data.pos, data.texts
    while end - start > 1 and pos[start] == "CCONJ":
        start += 1
    if end >= len(texts):
        return start, end
    words = texts[start:end]
    nxt = texts[end]
    closes_bracket = nxt == ")" and words.count("(") > words.count(")")
    closes_dash = nxt in ("--", "—", "–") and nxt in words
    closes_apposition = (
        nxt == "," and "," in words and end + 1 < len(texts) and not data.is_punct[end + 1]
    )
    return start, end + (closes_bracket or closes_dash or closes_apposition)


def _cue_range(verb: Token) -> tuple[int, int]:
    """The verb with its auxiliaries and particles: "has said", "pointed out"."""
    doc = verb.doc
    aux = {c.i for c in verb.children if c.dep_ in ("aux", "auxpass", "neg") and c.i < verb.i}
    end = verb.i
    for child in verb.children:
        if child.dep_ == "prt" and child.i > verb.i:
            end = max(end, child.i)
    # Keep the cue contiguous: walk left over the verb's auxiliaries and its
    # adverbs ("has also said"); anything else ends it. A misparse hangs a
    # quote's "not" or "will" on the "said" after it ('... not," Ms. Lund
    # said'): those are cut off by the quote and the speaker.
    start = j = verb.i
    walked = {verb.i}
    while j > 0:
        j -= 1
        tok = doc[j]
        if j in aux:
            start = j
        elif not (tok.is_space or (tok.dep_ == "advmod" and tok.head.i in walked)):
            break
        walked.add(j)
    return start, end + 1


def _same_line(doc: Doc, a: Token, b: Token) -> bool:
    lo, hi = sorted((a.i, b.i))
    return not any(line_breaks_at(doc)[lo:hi])


def _line_of(doc: Doc, tok: Token) -> tuple[int, int]:
    """Character offsets of the line (paragraph) holding ``tok``."""
    text = text_of(doc)
    start = text.rfind("\n", 0, tok.idx) + 1
    end = text.find("\n", tok.idx)
    return start, len(text) if end == -1 else end


def _long_enough(doc: Doc, start: int, end: int, words: int) -> tuple[int, int] | None:
    trimmed = _edge_trim(doc, start, end)
    if trimmed is None:
        return None
    n = doc_data(doc).is_punct[trimmed[0] : trimmed[1]].count(False)
    return trimmed if n >= words else None
