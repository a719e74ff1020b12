"""Rejected suggestions: which entity or claim a stored rejection hides.

A rejection is stored as ``{"kind", "label", "start", "end", "text",
"rejected"}``. Two claims can share one span (a sentence with two reporting
cues, a quote that is its whole sentence beside a report in it), so a claim's
rejection also keeps the claim's ``"cue"`` (``{"start", "end", "text"}``, or
None for a claim without one): rejecting one of them must not hide the other.
A claim's rejection stored before it had a cue cannot tell them apart and
hides every claim on its span, as it always did.

Cues are compared by overlap, not exact offsets: an analysis made again
(another pipeline, new rules) may cut the same cue a word wider.

A rejection also keeps who made it (``"annotator"``): annotators sharing a
library decide independently, so one annotator's rejection hides the
suggestion from that annotator only, and accepting it takes back only the
accepting annotator's own rejection. A rejection stored before annotators
were recorded names none and counts as everyone's (as annotations without
one do, ``newsread.model.same_hand``): it hides the suggestion from every
annotator, and any annotator's accept takes it back, as the one user's did.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from newsread.annotators import same_annotator

CLAIM = "claim"
ANNOTATOR = "annotator"
#: A claim's cue as offsets, or None for a claim without a cue.
CueKey = tuple[int, int] | None
#: Which suggestions to forget the rejection of: (kind, start, end) for every
#: one of that kind on the span, (kind, start, end, cue) for one claim.
RejectionKey = tuple[str, int, int] | tuple[str, int, int, CueKey]


def cue_key(span: Any) -> CueKey:
    """A cue (a Span, its stored dict, or None) as offsets."""
    if span is None:
        return None
    if isinstance(span, Mapping):
        try:
            return int(span["start"]), int(span["end"])
        except (KeyError, TypeError, ValueError):
            return None
    return int(span.start), int(span.end)


def same_cue(a: CueKey, b: CueKey) -> bool:
    """Both claims without a cue, or with overlapping cues."""
    if a is None or b is None:
        return a is None and b is None
    return min(a[1], b[1]) > max(a[0], b[0])


def names_its_claim(record: Mapping[str, Any]) -> bool:
    """Whether a claim's rejection says which of the span's claims it is."""
    return record.get("kind") == CLAIM and "cue" in record


def rejected_by(record: Mapping[str, Any]) -> str:
    """Who made the rejection; "" for one stored before annotators were recorded."""
    found = record.get(ANNOTATOR)
    return found if isinstance(found, str) else ""


def applies_to(record: Mapping[str, Any], annotator: str) -> bool:
    """Whether ``record`` is ``annotator``'s to act on: their own, or one that
    names nobody (everyone's); every rejection for ``annotator`` "" (one user)."""
    by = rejected_by(record)
    return not by.strip() or not annotator.strip() or same_annotator(by, annotator)


def _where(record: Mapping[str, Any]) -> tuple[Any, Any, Any]:
    return record.get("kind"), record.get("start"), record.get("end")


def hides(record: Mapping[str, Any], kind: str, start: int, end: int, cue: CueKey) -> bool:
    """Whether ``record`` rejects the suggestion of ``kind`` on ``start``-``end``
    (a claim's: with ``cue``)."""
    if _where(record) != (kind, start, end):
        return False
    return not names_its_claim(record) or same_cue(cue_key(record["cue"]), cue)


def forgets(record: Mapping[str, Any], key: RejectionKey) -> bool:
    """Whether accepting (or taking back the rejection of) ``key`` removes ``record``."""
    if len(key) == 3:
        return _where(record) == key
    kind, start, end, cue = key  # type: ignore[misc]
    return hides(record, kind, start, end, cue)


def same_rejection(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    """Whether two records are the same annotator's rejection of the same
    suggestion (a new one replaces the old, an imported one is already there);
    two annotators' rejections of one suggestion are two."""
    if _where(a) != _where(b) or rejected_by(a) != rejected_by(b):
        return False
    if names_its_claim(a) != names_its_claim(b):
        return False
    return not names_its_claim(a) or same_cue(cue_key(a["cue"]), cue_key(b["cue"]))


def moved(record: dict[str, Any], start: int) -> dict[str, Any]:
    """``record`` placed at ``start`` on a changed text: its claim's cue moves
    with it."""
    shift = start - int(record["start"])
    cue = record.get("cue")
    if shift and isinstance(cue, Mapping) and cue_key(cue) is not None:
        lo, hi = cue["start"] + shift, cue["end"] + shift
        record = {**record, "cue": {**cue, "start": lo, "end": hi}}
    return record


def placed(record: dict[str, Any], body: str, start: int, end: int) -> dict[str, Any]:
    """``record`` re-anchored on ``body[start:end]``: its span and text are
    those words', and its claim's cue moves with it."""
    return {**moved(record, start), "start": start, "end": end, "text": body[start:end]}
