"""What the analysis tests share: one text analysed, the claim holding a
fragment, and the (speaker, cue, content) of each claim with a cue."""

from __future__ import annotations

from collections.abc import Callable

from newsread.analysis import Analysis, Claim, analyze_texts


def analyse(pipeline, text: str) -> Analysis:
    return next(analyze_texts([text], pipeline))


def claim_with(analysis: Analysis, fragment: str) -> Claim:
    for claim in analysis.claims:
        if claim.content and fragment in claim.content.text:
            return claim
    raise AssertionError(f"no claim whose content holds {fragment!r}")


def cued_claims(pipeline, text: str) -> list[tuple[str | None, str, str | None]]:
    """(speaker, cue, content) texts of each claim of ``text`` that has a cue."""
    return [
        (c.speaker and c.speaker.text, c.cue.text, c.content and c.content.text)
        for c in analyse(pipeline, text).claims
        if c.cue is not None
    ]


def claims_scored_by(pipeline, text: str, score: Callable[[str, object], float]) -> list[Claim]:
    """The claims of ``text``, each sentence scored by ``score(sentence,
    span)`` in place of the check-worthiness model."""
    from newsread.analysis.claims import find_claims
    from newsread.analysis.entities import resolve_entities
    from newsread.analysis.records import Entity
    from newsread.analysis.run import sentence_spans

    doc = pipeline.nlp(text)
    entities = [Entity(s, e, label, text[s:e]) for s, e, label in resolve_entities(doc)]
    return find_claims(doc, sentence_spans(doc), entities, score)
