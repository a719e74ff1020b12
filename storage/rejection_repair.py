"""newsread doctor's check and repair of rejected suggestions whose text is no
longer the article's at their offsets.

A rejection hides the suggestion on its span; one whose words moved (a body
edited by hand, a hand-edited record) hides suggestions on words nobody
rejected. Annotations that disagree with their text make their file damaged
(a backup puts it back); a stale rejection is placed on its words again, as a
re-import places it, because putting back a whole file for one would lose the
annotations made since its backup.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from storage.article_repairs import repair_each
from storage.library import Library
from storage.reanchor import place_rejections, stale

#: the most of a rejection's text a doctor line quotes
_SHOWN = 40


def rejections_in(tables: Mapping[str, dict[str, dict[str, Any]]]) -> list[dict[str, Any]]:
    """The rejected suggestions of an annotation file's checked tables."""
    return [dict(d) for d in tables.get("rejected", {}).values()]


def describe(record: Mapping[str, Any]) -> str:
    """``rejected claim 'The mayor said…' at 10-52`` for a doctor line."""
    text = str(record.get("text", ""))
    if len(text) > _SHOWN:
        text = text[: _SHOWN - 1] + "…"
    kind = record.get("kind")
    what = f"rejected {kind} suggestion" if isinstance(kind, str) else "rejected suggestion"
    return f"{what} {text!r} at {record.get('start')}-{record.get('end')}"


def stale_reasons(records: Iterable[dict[str, Any]], body: str) -> list[str]:
    """One reason per rejection whose text is not the body's at its offsets."""
    return [f"{describe(r)} does not match the text there" for r in records if stale(r, body)]


def place_stale(root: Path, article_ids: Iterable[str]) -> list[str]:
    """Place each article's stale rejections on their words again, dropping
    those whose words are gone, one article per transaction. One line per
    article changed, or why none could be."""
    return repair_each(
        root,
        article_ids,
        _place_rejections,
        what="rejected suggestions",
        not_done="rejected suggestions not placed",
    )


def _place_rejections(library: Library, article_id: str) -> list[str]:
    body = library.get_article(article_id).body
    records = library.rejected(article_id)
    moved = sum(1 for r in records if stale(r, body))
    if not moved:
        return []
    result = place_rejections(records, body, stale_only=True)
    library.replace_rejected(article_id, result.kept)
    parts = []
    if moved - result.dropped:
        parts.append(f"placed {moved - result.dropped} on their words again")
    if result.dropped:
        parts.append(f"dropped {result.dropped} whose words are gone")
    return parts
