"""Moving an article's annotations and rejected suggestions onto its new text,
in the caller's transaction.

Its own module because both a re-import (storage.imports) and a correction of
what cleaning cut (storage.corrections) change a body, and imports re-applies
corrections: neither may import the other.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from newsread.annotations.anchoring import Anchor, Selector, make_selector, reanchor_all
from newsread.annotations.first_words import first_words_kept, on_first_words
from newsread.annotations.held_spans import placed_with_spans
from newsread.annotations.rejections import placed, same_rejection
from newsread.annotators import annotator_key
from newsread.model import Annotation, Article
from storage.library import Library

# Which step placed an annotation, most trusted first (see _one_per_hand).
_TRUST = {"position": 0, "quote": 1, "fuzzy": 2}


@dataclass(frozen=True)
class Moved:
    """What moving an article's marks onto its new text could not keep as it
    was: annotations it could not place or placed on changed words, and
    rejections it dropped."""

    #: annotations this move made orphans (those already orphans before it are
    #: not counted again: each refresh said them anew, as if just lost)
    orphans: int = 0
    #: rejected suggestions dropped, their words gone
    rejections_dropped: int = 0
    #: annotations this move placed on words that differ from theirs (found
    #: by similarity): said, and their old words kept, as a fact-checker must
    #: see that a tag now sits on changed words ("12 million" become "14")
    requoted: int = 0


def move_annotations(
    library: Library, article: Article, old_length: int | None, old_body: str | None = None
) -> Moved:
    """Re-anchor the article's stored annotations on ``article.body`` (position,
    then quote with context, then fuzzy) and save them; say how many that were
    placed could not be placed now (kept as orphans). Its rejected suggestions
    move the same way, and how many of them were dropped is said too: they were
    silently lost before.

    ``old_body``: the text they were placed on, when the caller still has it;
    it keeps a repeated quote off its other copies (see reanchor) and gives
    rejections, which store no context, the context to be found by.
    """
    dropped = _move_rejections(library, article, old_length, old_body)
    anns = library.annotations(article.id)
    if not anns:
        return Moved(0, dropped)
    selectors = [Selector(a.quote, a.prefix, a.suffix, a.start, a.end, a.orphan) for a in anns]
    anchors = reanchor_all(selectors, article.body, old_length=old_length, old_body=old_body)
    for i, (ann, anchor) in enumerate(zip(anns, anchors, strict=True)):
        first = ann.first_tagged
        if anchor is None and first is not None:
            # Its grown words are gone: the text may have changed back.
            anchors[i] = on_first_words(selectors[i], first, article.body, old_length, old_body)
    anchors = _one_per_hand(anns, anchors, old_length, len(article.body))
    orphans = requoted = 0
    placed: list[Annotation] = []
    for ann, anchor in zip(anns, anchors, strict=True):
        # The spans its data holds (a claim's roles) must be placed too, or
        # it is an orphan as well (see newsread.annotations.held_spans).
        moved = (
            None
            if anchor is None
            else placed_with_spans(ann, article.body, anchor.start, anchor.end, old_body)
        )
        if moved is None or moved.orphan:
            if not ann.orphan:
                orphans += 1
            ann = replace(ann, orphan=True)
        else:
            ann, changed = first_words_kept(ann, moved)
            requoted += changed
        placed.append(ann)
    library.save_annotations(article.id, placed)
    return Moved(orphans, dropped, requoted)


def _one_per_hand(
    anns: Sequence[Annotation],
    anchors: list[Anchor | None],
    old_length: int | None,
    new_length: int,
) -> list[Anchor | None]:
    """Never two annotations of one annotator with the same tags made to share
    a span by re-anchoring: the later ones would be the same mark twice, one of
    them taken off a passage that is gone. The best placed (kept where it was,
    else found by quote before fuzzily, else nearest its old place) stays; the
    others become orphans. Two that already shared the span keep it."""
    groups: dict[tuple[Any, ...], list[int]] = {}
    for i, (ann, anchor) in enumerate(zip(anns, anchors, strict=True)):
        if anchor is not None:
            key = (
                annotator_key(ann.annotator),
                tuple(sorted(set(ann.tags))),
                anchor.start,
                anchor.end,
            )
            groups.setdefault(key, []).append(i)
    out = list(anchors)
    scale = new_length / old_length if old_length else 1.0
    for members in groups.values():
        if len(members) < 2:
            continue

        def rank(i: int) -> tuple[int, float]:
            anchor = anchors[i]
            assert anchor is not None
            return (_TRUST.get(anchor.method, 3), abs(anns[i].start * scale - anchor.start))

        best = anns[min(members, key=rank)]
        kept = {
            i
            for i in members
            if anns[i] is best
            or (anns[i].start, anns[i].end, anns[i].orphan) == (best.start, best.end, False)
        }
        for i in members:
            if i not in kept:
                out[i] = None
    return out


def _move_rejections(
    library: Library, article: Article, old_length: int | None, old_body: str | None
) -> int:
    """Place the article's rejections on its new text as annotations are placed;
    return how many were dropped, their words gone.

    A rejection whose words cannot be found again is dropped, as an imported
    rejection that cannot be placed is never stored (storage.annotation_import):
    it rejects a suggestion on words that are gone, and kept at its old
    offsets it would hide whatever suggestion later falls on them. One of a
    malformed shape is left as it is: not ours to judge.
    """
    records = library.rejected(article.id)
    if not records:
        return 0
    result = place_rejections(records, article.body, old_length, old_body)
    if result.kept != records:
        library.replace_rejected(article.id, result.kept)
    return result.dropped


@dataclass(frozen=True)
class PlacedRejections:
    #: the rejections to store, in their order
    kept: list[dict[str, Any]]
    #: how many were dropped because their words are not in the text
    dropped: int


def place_rejections(
    records: list[dict[str, Any]],
    body: str,
    old_length: int | None = None,
    old_body: str | None = None,
    stale_only: bool = False,
) -> PlacedRejections:
    """``records`` re-anchored on ``body``: each on its words (by position, then
    text, then fuzzily), or dropped when they are gone. Two that become the
    same rejection are kept once. ``stale_only``: only those whose text no
    longer matches the body at their offsets move (newsread doctor); the
    others stay exactly as stored.
    """
    placeable = [
        i for i, r in enumerate(records) if (stale(r, body) if stale_only else well_formed(r))
    ]
    selectors = [_selector(records[i], old_body) for i in placeable]
    anchors = reanchor_all(selectors, body, old_length=old_length, old_body=old_body)
    found = dict(zip(placeable, anchors, strict=True))
    kept: list[dict[str, Any]] = []
    dropped = 0
    for i, record in enumerate(records):
        if i in found:
            anchor = found[i]
            if anchor is None:
                dropped += 1
                continue
            record = placed(record, body, anchor.start, anchor.end)
            # Two rejections of one suggestion after the move: one says it.
            if any(same_rejection(record, other) for other in kept):
                continue
        kept.append(record)
    return PlacedRejections(kept, dropped)


def matches_text(record: dict[str, Any], body: str) -> bool:
    """Whether a well-formed rejection's text is the body's at its offsets."""
    start, end = record["start"], record["end"]
    return 0 <= start < end <= len(body) and body[start:end] == record["text"]


def stale(record: dict[str, Any], body: str) -> bool:
    """Whether a rejection has offsets and text, and its text is not the body's
    there (the body was edited by hand, or the record was): it hides the
    suggestions on words it never rejected. One whose offsets span more or
    fewer characters than its text counts, as a hand edit may leave it."""
    start, end, text = record.get("start"), record.get("end"), record.get("text")
    if type(start) is not int or type(end) is not int or not isinstance(text, str) or not text:
        return False
    return not matches_text(record, body)


def well_formed(record: dict[str, Any]) -> bool:
    """Whether a rejection has the offsets and text it can be placed by."""
    start, end, text = record.get("start"), record.get("end"), record.get("text")
    return (
        isinstance(start, int)
        and isinstance(end, int)
        and isinstance(text, str)
        and bool(text)
        and end - start == len(text)
    )


def _selector(record: dict[str, Any], old_body: str | None) -> Selector:
    start, end, text = record["start"], record["end"], record["text"]
    if old_body is not None and matches_text(record, old_body):
        # The context it had, from the text it was made on.
        return make_selector(old_body, start, end)
    return Selector(text, "", "", start, end)
