"""newsread doctor's check and repair of the spans an annotation holds in its
data (a corrected claim's speaker, cue and content, …) whose text is no longer
the article's at their offsets.

A re-import once moved a correction without the spans it holds: a content
whose words changed kept offsets that now name other words. Such a span is
placed on its words again as a re-import now places it (inside its
annotation when it lay there); when they are gone, the annotation becomes an
orphan, listed and re-attachable like any other. The annotation itself
matches its text (else its file is damaged, and a backup puts it back).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from newsread.annotations.held_spans import place_held_spans, stale_spans
from storage.article_repairs import repair_each
from storage.library import Library

#: the most of a span's text a doctor line quotes
_SHOWN = 40


def _named(path: tuple[Any, ...]) -> str:
    """``content`` or ``correction.was.cue`` for a doctor line."""
    return ".".join(str(p) for p in path)


def stale_held_reasons(docs: Iterable[Mapping[str, Any]], body: str) -> list[str]:
    """One reason per placed annotation (as stored) holding a span whose text
    is not the body's at its offsets."""
    reasons = []
    for doc in docs:
        data = doc.get("data")
        if doc.get("orphan") or not isinstance(data, dict):
            continue
        found = stale_spans(data, body)
        if not found:
            continue
        path, span = found[0]
        text = span["text"]
        if len(text) > _SHOWN:
            text = text[: _SHOWN - 1] + "…"
        more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
        reasons.append(
            f"annotation {doc.get('id')}: its {_named(path)} {text!r} does not match the "
            f"text at {span['start']}-{span['end']}{more}"
        )
    return reasons


def place_stale_held(root: Path, article_ids: Iterable[str]) -> list[str]:
    """Place each article's stale held spans on their words again, making the
    annotations whose words are gone orphans, one article per transaction.
    One line per article changed, or why none could be."""
    return repair_each(
        root,
        article_ids,
        _place_held,
        what="annotations",
        not_done="annotations' spans not placed",
    )


def _place_held(library: Library, article_id: str) -> list[str]:
    body = library.get_article(article_id).body
    placed = orphaned = 0
    out = []
    for ann in library.annotations(article_id):
        if ann.orphan or not stale_spans(ann.data, body):
            out.append(ann)
            continue
        where = (ann.start, ann.end)
        data = place_held_spans(ann.data, where, where, body)
        if data is None:
            orphaned += 1
            out.append(replace(ann, orphan=True))
        else:
            placed += 1
            out.append(replace(ann, data=data))
    if not (placed or orphaned):
        return []
    library.save_annotations(article_id, out)
    parts = []
    if placed:
        parts.append(f"placed the spans of {placed} on their words again")
    if orphaned:
        parts.append(f"made {orphaned} whose words are gone orphans (o re-attaches)")
    return parts
