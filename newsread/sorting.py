"""The key titles are ordered by, wherever a list orders them: the library's
title and source sorts and the search's tied hits, which must agree."""

from __future__ import annotations

from newsread.search.matching import fold


def title_key(title: str) -> str:
    """``title`` as compared for order: case and accents ignored (``alpha``
    before ``Mid``, ``Éclair`` beside ``Eclair``, not after ``Zebra``), as
    search folds words."""
    return fold(title.casefold())
