"""The key titles are ordered by, wherever a list orders them: the library's
title and source sorts and the search's tied hits, which must agree."""

from __future__ import annotations

from newsread.textfold import fold


def title_key(title: str) -> str:
    """``title`` as compared for order: case and accents ignored (``alpha``
    before ``Mid``, ``Éclair`` beside ``Eclair``, not after ``Zebra``), as
    search folds words; casefold first, which also parts a ligature (``ﬁne``
    among the f's) and ``ß`` (``ss``)."""
    return fold(title.casefold())
