"""Moving an article's annotations onto its new text, in the caller's transaction.

Its own module because both a re-import (storage.imports) and a correction of
what cleaning cut (storage.corrections) change a body, and imports re-applies
corrections: neither may import the other.
"""

from __future__ import annotations

from newsread.annotations.anchoring import Selector, reanchor_all
from newsread.model import Annotation, Article
from storage.library import Library


def move_annotations(library: Library, article: Article, old_length: int | None) -> int:
    """Re-anchor the article's stored annotations on ``article.body`` (position,
    then quote with context, then fuzzy) and save them; return how many could
    not be placed (kept as orphans)."""
    anns = library.annotations(article.id)
    if not anns:
        return 0
    selectors = [Selector(a.quote, a.prefix, a.suffix, a.start, a.end) for a in anns]
    anchors = reanchor_all(selectors, article.body, old_length=old_length)
    orphans = 0
    moved: list[Annotation] = []
    for ann, anchor in zip(anns, anchors, strict=True):
        if anchor is None:
            ann.orphan = True
            orphans += 1
        else:
            ann = ann.placed_at(article.body, anchor.start, anchor.end)
        moved.append(ann)
    library.save_annotations(article.id, moved)
    return orphans
