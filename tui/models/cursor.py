"""The reader's cursor: which unit of the body it is on, what it moves by, and
the selection it grows. No drawing here; the article view draws this state.

All positions are character offsets into the body. The cursor is a unit span
(a sentence by default, or a word, a paragraph, an entity or claim "mark");
``v`` anchors a selection that every later move extends, and a mouse drag
makes a free span that the next key move drops.

With the lines cleaning cut shown between the body's lines, the cursor can
also stand on one of them (``cut``: its index in the article's cuts). Those
lines are not in the body's coordinates, so while it stands there the body
span is kept aside and nothing in the body is the target of an action.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

Span = tuple[int, int]


class TextCursor:
    def __init__(self, body: str) -> None:
        self.reset(body)

    def reset(self, body: str) -> None:
        """Start over on ``body`` (also when a line put back or cut changed it):
        no units, no position, no selection."""
        self.body = body
        # Named unit lists (sentence, word, paragraph, mark...) the cursor can move by.
        self.units: dict[str, list[Span]] = {}
        self._starts: dict[str, list[int]] = {}
        self.span: Span | None = None
        self.unit = "sentence"
        self.anchor: Span | None = None
        self.free_span: Span | None = None  # a mouse selection
        self.cut: int | None = None  # on a shown cut line: its index

    # -- units -----------------------------------------------------------------------

    def set_units(self, name: str, units: list[Span]) -> bool:
        """Register the spans of one unit kind. The first sentences also place the
        cursor (the text is shown before the analysis finds them): True then."""
        self.units[name] = sorted(units)
        # Kept beside the spans: every cursor move bisects them.
        self._starts[name] = [start for start, _ in self.units[name]]
        if name == "sentence" and units and self.span is None:
            self.span = self.units[name][0]
            self.unit = name
            return True
        return False

    def unit_index(self, name: str) -> tuple[int, int] | None:
        """(1-based index, count) of the cursor within unit kind ``name``."""
        units = self.units.get(name, [])
        if self.span is None or not units:
            return None
        return max(1, bisect_right(self._starts[name], self.span[0])), len(units)

    def unit_holding(self, name: str, span: Span) -> Span | None:
        """The unit of kind ``name`` that holds all of ``span``; None when none does."""
        units = self.units.get(name, [])
        at = bisect_right(self._starts.get(name, []), span[0]) - 1
        if at >= 0 and span[1] <= units[at][1]:
            return units[at]
        return None

    # -- selection -------------------------------------------------------------------

    @property
    def selection(self) -> Span | None:
        """The selected span, or None when nothing is selected."""
        if self.free_span is not None:
            return self.free_span
        if self.anchor is None or self.span is None:
            return None
        # Anchored: from the anchor's unit to the cursor's, whichever comes first.
        return min(self.anchor[0], self.span[0]), max(self.anchor[1], self.span[1])

    @property
    def target(self) -> Span | None:
        """What an action applies to: the selection, else the cursor's unit
        (nothing while the cursor is on a cut line)."""
        if self.cut is not None:
            return self.selection
        return self.selection or self.span

    @property
    def has_selection(self) -> bool:
        return self.anchor is not None or self.free_span is not None

    def toggle_selection(self) -> bool:
        """Anchor a selection at the cursor; with one already there, drop it.
        True when something changed (nothing does without a cursor)."""
        if self.has_selection:
            self.clear_selection()
            return True
        if self.span is None or self.cut is not None:
            return False
        self.anchor = self.span
        return True

    def clear_selection(self) -> None:
        self.anchor = None
        self.free_span = None

    def select_span(self, start: int, end: int) -> None:
        """Select an arbitrary span (a mouse drag, a find match)."""
        self.anchor = None
        self.free_span = (start, end)
        self.cut = None

    # -- moving ----------------------------------------------------------------------

    def move(self, unit: str, delta: int) -> bool:
        """Move to the next (delta > 0) or previous unit of that kind.

        Returns False when there is no such unit in that direction. A free span
        is dropped; an anchored selection stays and so grows with the move.
        A move from a free span (a search's or find's match, a mouse
        selection) starts at it, not at the sentence the cursor stands on
        around it.
        """
        units = self.units.get(unit, [])
        if not units:
            return False
        free, self.free_span = self.free_span, None
        if free is not None:
            return self._move_from(free, unit, delta)
        here = self.span[0] if self.span else -1
        starts = self._starts[unit]
        if delta > 0:
            # From another unit kind, a unit starting right at the cursor comes next.
            same_kind = unit == self.unit
            index = bisect_right(starts, here) if same_kind else bisect_left(starts, here)
            while index < len(units) and units[index] == self.span:
                index += 1
            if index >= len(units):
                return False
        else:
            index = bisect_left(starts, here) - 1
            if index < 0:
                return False
        self.span = units[index]
        self.unit = unit
        self.cut = None
        return True

    def _move_from(self, free: Span, unit: str, delta: int) -> bool:
        """To the first ``unit`` starting at or after the end of ``free``
        (delta > 0), or the last one starting before its start, passing over
        the one the cursor stands on (k from a match goes to the sentence
        before the match's)."""
        units, starts = self.units[unit], self._starts[unit]
        if delta > 0:
            index = bisect_left(starts, free[1])
            if index >= len(units):
                return False
        else:
            index = bisect_left(starts, free[0]) - 1
            if index >= 0 and unit == self.unit and units[index] == self.span:
                index -= 1
            if index < 0:
                return False
        self.span = units[index]
        self.unit = unit
        self.cut = None
        return True

    def move_to_span(self, span: Span, unit: str) -> None:
        self.free_span = None
        self.cut = None
        self.span = span
        self.unit = unit

    def move_to_cut(self, index: int) -> None:
        """Stand on a shown cut line; the body span stays for coming back."""
        self.free_span = None
        self.anchor = None
        self.cut = index

    def unit_at(self, offset: int) -> tuple[Span, str] | None:
        """The sentence containing ``offset``, else the word; None between them."""
        for unit in ("sentence", "word"):
            for span in self.units.get(unit, []):
                if span[0] <= offset < span[1]:
                    return span, unit
        return None

    # -- the mouse -------------------------------------------------------------------

    @staticmethod
    def dragged(origin: int, here: int) -> Span:
        """The span a drag from ``origin`` to ``here`` covers, both characters in."""
        lo, hi = sorted((origin, here))
        return lo, hi + 1

    def released(self, origin: int, here: int) -> Span | None:
        """The span a finished drag selects: without the white space at its ends;
        None when only white space was covered."""
        start, end = self.dragged(origin, here)
        while start < end and self.body[start].isspace():
            start += 1
        while end > start and self.body[end - 1].isspace():
            end -= 1
        return (start, end) if end > start else None
