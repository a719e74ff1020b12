"""Doctor's hints about annotations placed by similarity on changed words
whose span starts or ends off its words (" million pounds" for a tag first
made on "48 million pounds"): what re-imports before word-aligned placing
could leave. A hint, not a problem: the file is whole and the annotation is
where it was put; only the user can say which words it should cover."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from newsread.annotations.token_edges import cut_edge
from newsread.model import REQUOTED_FROM


def cut_placements(annotations: Iterable[dict[str, Any]], body: str) -> list[str]:
    """One line for each placed annotation whose edge a move put off its words."""
    out = []
    for doc in annotations:
        data = doc.get("data")
        first = data.get(REQUOTED_FROM) if isinstance(data, dict) else None
        start, end = doc.get("start"), doc.get("end")
        if doc.get("orphan") or not isinstance(first, str):
            continue
        if type(start) is not int or type(end) is not int:
            continue
        reason = cut_edge(body, start, end, first)
        if reason is not None:
            out.append(
                f"annotation {doc.get('id')} on {body[start:end]!r} {reason} (moved there "
                f"from {first!r} by similarity; check it in the reader and tag the words "
                "it should cover again)"
            )
    return out
