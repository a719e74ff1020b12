"""Spans looked up by bisection: which of an article's sentences or paragraphs
overlap a stretch of its text.

The queue asks this once per suggestion; scanning every sentence each time
made an article of 60,000 sentences (one 3 MB line) take an hour to gather.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence

from tui.models.cursor import Span


class OrderedSpans:
    """Spans sorted by start; overlapping ones (none come from the pipeline or
    ``paragraph_spans``) have no order of ends to bisect, and are scanned."""

    def __init__(self, spans: Sequence[Span]) -> None:
        self.spans: list[Span] = sorted(spans)
        self.starts = [s[0] for s in self.spans]
        self.ends = [s[1] for s in self.spans]
        self.disjoint = all(a <= b for a, b in zip(self.ends, self.starts[1:], strict=False))

    def __len__(self) -> int:
        return len(self.spans)

    def overlapping(self, lo: int, hi: int) -> Sequence[int]:
        """The indices, in order, of the spans with ``start < hi`` and ``lo < end``."""
        if not self.disjoint:
            return [i for i, (a, b) in enumerate(self.spans) if a < hi and lo < b]
        return range(bisect_right(self.ends, lo), bisect_left(self.starts, hi))

    def holding(self, at: int) -> Span | None:
        """The first span with ``start <= at < end``, or None."""
        if not self.disjoint:
            return next(((a, b) for a, b in self.spans if a <= at < b), None)
        i = bisect_right(self.starts, at) - 1
        return self.spans[i] if i >= 0 and at < self.ends[i] else None
