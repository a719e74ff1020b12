"""Counts and quotes in words, shared by the command line and the screens."""

from __future__ import annotations


def plural(n: int, word: str, many: str | None = None) -> str:
    """``1 article``, ``2 articles``; ``many`` for irregular plurals (copy, copies)."""
    return f"{n} {word if n == 1 else many or word + 's'}"


def short(text: str, limit: int = 60) -> str:
    """``text`` on one line, cut to ``limit`` characters with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
