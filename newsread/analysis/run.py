"""Article analysis: sentences, named entities and claims, as offset spans.

Every span is a (start, end) pair of character offsets into the analysed text.
``analyze_texts`` runs spaCy in batches with ``nlp.pipe`` and then applies the
project's own article-level rules (entity consistency, claim detection).
A text longer than spaCy accepts is parsed in pieces that are joined back into
one Doc, so offsets and the entity rules still cover the whole text.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from newsread.analysis.checkworthy_choice import model_suffix
from newsread.analysis.doc_cache import lowers_of, release, text_of, tokens_of
from newsread.analysis.records import Analysis, Claim, Entity, Span

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from newsread.analysis.pipeline import LoadedPipeline

# Bump when the rules applied after spaCy change, so cached analyses are redone.
RULES_VERSION = "108"

#: The size of the pieces a text over the pipeline's ``max_length`` is parsed in.
#: spaCy's parser and NER need about 1 GB of temporary memory per 100,000
#: characters and ``nlp.pipe`` parses a batch of 32 pieces at once, so 20,000
#: keeps a batch near one text at the 1,000,000 default; the claim rules, which
#: are quadratic within a piece, stay fast too (a 1M-character text: 15 s of
#: rules in 20,000-character pieces, 32 s in 100,000, 73 s whole).
CHUNK_CHARS = 20_000

# The end of a sentence, and the white space after it, to cut a long paragraph at.
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s+")
_WHITE = re.compile(r"\s+")
# "No. 2", "Nos. 3 and 4": a number's abbreviation, which the parser takes
# for the word "No" opening a sentence.
_NUMBER_MARK = re.compile(r"Nos?\.\s?\d")


def rules_version() -> str:
    """Our rules' version with the check-worthiness model chosen in this process."""
    return RULES_VERSION + model_suffix()


def pipeline_version(loaded: LoadedPipeline) -> str:
    """The version that cache keys use: the model's and our own rules' together."""
    return f"{loaded.version}+rules.{rules_version()}"


def sentence_spans(doc: Doc) -> list[tuple[int, int]]:
    """spaCy's sentences, cut again at line breaks and trimmed of white space.

    Scraped text keeps one paragraph per line; a sentence never crosses a
    paragraph, but the parser occasionally joins a heading to the next line.
    """
    from newsread.analysis.entities.spans import CLOCK_MARKS, sentence_starts_after_clock

    text = text_of(doc)
    tokens = tokens_of(doc)
    lowers = lowers_of(doc)
    spans: list[tuple[int, int]] = []
    for sent in doc.sents:
        # The parser reads "after 9 p.m. Visitor numbers" as one sentence.
        # Only a token after "a.m."/"p.m." can start one; the cheap test first.
        cuts = [
            tokens[i].idx
            for i in range(sent.start + 1, sent.end)
            if lowers[i - 1] in CLOCK_MARKS and sentence_starts_after_clock(doc, i)
        ]
        for lo, hi in zip([sent.start_char, *cuts], [*cuts, sent.end_char], strict=True):
            start = lo
            for piece in text[lo:hi].split("\n"):
                end = start + len(piece)
                lead = len(piece) - len(piece.lstrip())
                trail = len(piece) - len(piece.rstrip())
                if end - trail > start + lead:
                    spans.append((start + lead, end - trail))
                start = end + 1
    return _mend_splits(text, spans)


def _mend_splits(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Fold into the sentence before it on the same line a "sentence" with
    no letters or digits (a closing quote mark the parser split off, say),
    and one the parser opened at a number's "No." although the sentence
    before has not ended ("the shafts of Federal mine | No. 2 last spring.")."""
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        same_line = bool(merged) and "\n" not in text[merged[-1][1] : start]
        bare = not any(ch.isalnum() for ch in text[start:end])
        number = (
            same_line
            and _NUMBER_MARK.match(text, start) is not None
            and (text[merged[-1][1] - 1].isalnum() or text[merged[-1][1] - 1] == ",")
        )
        if same_line and (bare or number):
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def analyze_doc(doc: Doc, loaded: LoadedPipeline) -> Analysis:
    """The project's rules on one parsed Doc: cheap linear passes, no second parse."""
    # Imported here so that importing this module stays free of spaCy-sized costs.
    from newsread.analysis.claims import find_claims
    from newsread.analysis.entities import resolve_entities

    try:
        text = text_of(doc)
        entities = [Entity(s, e, label, text[s:e]) for s, e, label in resolve_entities(doc)]
        sentences = sentence_spans(doc)
        return Analysis(
            pipeline_name=loaded.name,
            pipeline_version=pipeline_version(loaded),
            sentences=sentences,
            entities=entities,
            claims=find_claims(doc, sentences, entities),
        )
    finally:
        release(doc)


def split_for_pipeline(text: str, size: int) -> list[str]:
    """Cut ``text`` into consecutive pieces of at most ``size`` characters.

    The pieces join back into exactly ``text``. Each cut is the last paragraph
    break in the second half of a piece, else its last line break, then the
    end of a sentence, then any white space, and only as a last resort a hard
    cut (a single 100,000-character "word" has nothing better).
    """
    if size < 1:
        raise ValueError("size must be at least 1")
    pieces: list[str] = []
    start = 0
    while len(text) - start > size:
        end = _cut(text, start + size // 2, start + size)
        pieces.append(text[start:end])
        start = end
    pieces.append(text[start:])
    return pieces


def _cut(text: str, lo: int, hi: int) -> int:
    """Where to end a piece: after a break between ``lo`` and ``hi``, or at ``hi``."""
    for sep in ("\n\n", "\n"):
        i = text.rfind(sep, lo, hi)
        if i != -1:
            return i + len(sep)
    for pattern in (_SENTENCE_END, _WHITE):
        last = deque(pattern.finditer(text, lo, hi), maxlen=1)
        if last:
            return last[0].end()
    return hi


def analyze_texts(
    texts: Iterable[str],
    loaded: LoadedPipeline,
    batch_size: int = 32,
    max_length: int | None = None,
    chunk_chars: int = CHUNK_CHARS,
) -> Iterator[Analysis]:
    """Analyse many texts with one pass of ``nlp.pipe``, yielding in input order.

    A text longer than ``max_length`` (the pipeline's own ``nlp.max_length``
    unless given) is parsed in pieces of at most ``chunk_chars`` characters;
    shorter texts are parsed whole, exactly as before.
    """
    nlp = loaded.nlp
    limit = nlp.max_length if max_length is None else max_length
    size = max(1, min(chunk_chars, limit))
    counts: deque[int] = deque()

    def pieces() -> Iterator[str]:
        for text in texts:
            parts = split_for_pipeline(text, size) if len(text) > limit else [text]
            # Appended before the pieces go out, so it is there when their Docs come back.
            counts.append(len(parts))
            yield from parts

    docs = nlp.pipe(pieces(), batch_size=batch_size)
    for first in docs:
        n = counts.popleft()
        if n == 1:
            yield analyze_doc(first, loaded)
        else:
            chunks = [first, *(next(docs) for _ in range(n - 1))]
            yield analyze_chunks(chunks, loaded)


def analyze_chunks(chunks: list[Doc], loaded: LoadedPipeline) -> Analysis:
    """The rules on a text that spaCy parsed in consecutive pieces.

    Entities are resolved on the pieces joined into one Doc, so the
    article-level consistency rules see every mention. Claims are found piece
    by piece with the article's entities: their rules compare quotes with
    attributions pairwise, which over a whole long text is quadratic, and a
    quote or a pronoun's speaker rarely reaches across a cut made at a
    paragraph break.
    """
    from spacy.tokens import Doc

    from newsread.analysis.claims import find_claims
    from newsread.analysis.entities import resolve_entities

    # No whitespace added between pieces: the joined Doc's text is the original text.
    doc = Doc.from_docs(chunks, ensure_whitespace=False)
    text = text_of(doc)
    entities = [Entity(s, e, label, text[s:e]) for s, e, label in resolve_entities(doc)]
    sentences = sentence_spans(doc)
    claims: list[Claim] = []
    offset = 0
    for chunk in chunks:
        end = offset + len(chunk.text)
        # Clipped: a stray closing mark at the start of a piece joins the sentence before it.
        own_sentences = [
            (s - offset, min(e, end) - offset) for s, e in sentences if offset <= s < end
        ]
        own_entities = [
            Entity(e.start - offset, e.end - offset, e.label, e.text)
            for e in entities
            if offset <= e.start and e.end <= end
        ]
        claims += [_shifted(c, offset) for c in find_claims(chunk, own_sentences, own_entities)]
        release(chunk)
        offset = end
    release(doc)
    return Analysis(
        pipeline_name=loaded.name,
        pipeline_version=pipeline_version(loaded),
        sentences=sentences,
        entities=entities,
        claims=claims,
    )


def _shifted(claim: Claim, offset: int) -> Claim:
    def move(span: Span | None) -> Span | None:
        return None if span is None else Span(span.start + offset, span.end + offset, span.text)

    return Claim(
        start=claim.start + offset,
        end=claim.end + offset,
        kind=claim.kind,
        score=claim.score,
        speaker=move(claim.speaker),
        cue=move(claim.cue),
        content=move(claim.content),
        speaker_resolved=move(claim.speaker_resolved),
        content_parts=None
        if claim.content_parts is None
        else [Span(p.start + offset, p.end + offset, p.text) for p in claim.content_parts],
    )
