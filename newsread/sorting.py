"""The key titles are ordered by, wherever a list orders them: the library's
title and source sorts and the search's tied hits, which must agree."""

from __future__ import annotations


def title_key(title: str) -> str:
    """``title`` as compared for order: case ignored (``alpha`` before ``Mid``);
    accents are not folded, so ``Éclair`` sorts after ``Zeta``."""
    return title.casefold()
