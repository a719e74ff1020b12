"""The user's "no claim" (the reader's ``K``) as the exports read it.

A claim the user marked as none is an annotation tagged ``not-a-claim`` whose
``data["correction"]`` is ``{"kind": "claim", "wrong": true, "was": the
model's claim}`` (newsread.analysis.corrections makes it). The exports read
only its stored data: ``newsread.annotations`` imports nothing of the analysis.
"""

from __future__ import annotations

from typing import Any

NOT_A_CLAIM = "not-a-claim"


def wrong_claim_kind(data: Any) -> str | None:
    """The claim kind the model gave a claim the user marked as none; None for
    any other annotation, or a correction that does not keep the kind."""
    correction = data.get("correction") if isinstance(data, dict) else None
    if not isinstance(correction, dict) or correction.get("kind") != "claim":
        return None
    if not correction.get("wrong"):
        return None
    was = correction.get("was")
    kind = was.get("kind") if isinstance(was, dict) else None
    return kind if isinstance(kind, str) and kind else None
