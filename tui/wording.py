"""Counts in words, shared by the command line and the screens."""

from __future__ import annotations


def plural(n: int, word: str, many: str | None = None) -> str:
    """``1 article``, ``2 articles``; ``many`` for irregular plurals (copy, copies)."""
    return f"{n} {word if n == 1 else many or word + 's'}"
