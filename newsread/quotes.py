"""TextQuoteSelector context: the exact text plus a little context each side."""

from __future__ import annotations

CONTEXT_CHARS = 32


def quote_context(body: str, start: int, end: int, width: int = CONTEXT_CHARS) -> tuple[str, str]:
    """Return (prefix, suffix): up to ``width`` characters before ``start`` and after ``end``."""
    return body[max(0, start - width) : start], body[end : end + width]
