"""``resolve_entities``: the steps in order, from spaCy's entities to consistent ones."""

from __future__ import annotations

from typing import TYPE_CHECKING

from newsread.analysis.entities.consistency import _context_cue, _propagate, _vote
from newsread.analysis.entities.mentions import NAME_LABELS, Mention, _key
from newsread.analysis.entities.spans import (
    _chars,
    _dateline,
    _has_capital,
    _headline_fragments,
    _law_names,
    _numeric_fixes,
    _split_colon,
    _split_internal_possessive,
    _split_ranges,
    _trim,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc


def resolve_entities(doc: Doc) -> list[tuple[int, int, str]]:
    """Consistent entities as (start_char, end_char, label), in text order."""
    raw = _numeric_fixes(doc, [Mention(e.start, e.end, e.label_) for e in doc.ents])
    raw = _split_ranges(doc, raw)
    names: list[Mention] = []
    others: list[Mention] = []
    datelines = _dateline(doc)
    covered = {i for d in datelines for i in range(d.start, d.end)}
    for m in raw:
        if covered and any(i in covered for i in range(m.start, m.end)):
            continue
        if m.label not in NAME_LABELS:
            others.append(m)
            continue
        trimmed = _trim(doc, m)
        if trimmed is not None and _has_capital(doc, trimmed):
            names.append(_split_colon(doc, trimmed))
    names = _law_names(doc, names + datelines)
    names = _headline_fragments(doc, names)
    known = {_key(doc, m.start, m.end) for m in names}
    names = [_split_internal_possessive(doc, m, known) for m in names]
    for m in names:
        m.cue_label = _context_cue(doc, m) or m.cue_label
    _vote(doc, names)
    names = _propagate(doc, names, others)
    merged = sorted(names + others, key=lambda m: m.start)
    text = doc.text  # built anew on every access: once only
    return [_chars(doc, text, m) for m in merged]
