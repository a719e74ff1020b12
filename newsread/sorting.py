"""The key titles are ordered by, wherever a list orders them: the library's
title and source sorts and the search's tied hits, which must agree."""

from __future__ import annotations

import unicodedata


def title_key(title: str) -> str:
    """``title`` as compared for order: case and accents ignored (``alpha``
    before ``Mid``, ``Éclair`` beside ``Eclair``, not after ``Zebra``)."""
    folded = title.casefold()
    if folded.isascii():
        return folded  # most titles: no marks to drop, and 100,000 are keyed at a load
    # NFKD parts an accented letter into its base and combining marks (and
    # a ligature or full-width letter into plain ones); the marks are dropped.
    return "".join(c for c in unicodedata.normalize("NFKD", folded) if not unicodedata.combining(c))
