"""The article body: wrapped text with highlight layers, a cursor and a selection.

Rendered with Textual's line API so long articles cost only the visible rows.
The cursor is a unit span (a sentence by default); ``v`` anchors a selection
that every further move extends.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.events import MouseDown, MouseMove, MouseUp, Resize
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from newsread.sanitize import visible
from tui.widgets.layout import BodyLayout


@dataclass(frozen=True)
class Highlight:
    start: int
    end: int
    style: Style
    layer: str  # "entity", "claim", "tag": each layer can be hidden on its own


class ArticleView(ScrollView, can_focus=True):
    """Shows one body; all positions are character offsets into it."""

    DEFAULT_CSS = """
    ArticleView {
        background: $surface;
        padding: 0 1;
    }
    ArticleView:focus {
        background-tint: $foreground 3%;
    }
    """

    CURSOR_STYLE = Style(bgcolor="#3a3f4b", bold=True)
    SELECTION_STYLE = Style(bgcolor="#2f5f8f", color="#ffffff")

    class CursorMoved(Message):
        """The cursor or the selection changed."""

        def __init__(self, view: ArticleView) -> None:
            super().__init__()
            self.view = view

    class MouseSelected(Message):
        """The user dragged over text with the mouse."""

        def __init__(self, view: ArticleView, start: int, end: int) -> None:
            super().__init__()
            self.view = view
            self.start = start
            self.end = end

    def __init__(self, body: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.body = body
        # What is drawn: the stored body keeps what was imported, the screen gets
        # visible stand-ins, one character for one so every offset still holds. A
        # tab would jump to the terminal's next tab stop while the layout counts it
        # as no cell at all: it is drawn as one space.
        self.drawn = visible(body).replace("\t", " ")
        # Named unit lists (sentence, word, paragraph, mark...) the cursor can move by.
        self.units: dict[str, list[tuple[int, int]]] = {}
        self._starts: dict[str, list[int]] = {}
        self.cursor: tuple[int, int] | None = None
        self.cursor_unit = "sentence"
        self.anchor: tuple[int, int] | None = None
        self.free_span: tuple[int, int] | None = None  # a mouse selection
        self.highlights: list[Highlight] = []
        self.hidden_layers: set[str] = set()
        self._layout: BodyLayout | None = None
        self._hl_starts: list[int] = []
        self._mouse_from: int | None = None

    # -- content -------------------------------------------------------------------

    def set_units(self, name: str, units: list[tuple[int, int]]) -> None:
        """Register the spans of one unit kind; sentences also place the cursor."""
        self.units[name] = sorted(units)
        # Kept beside the spans: every cursor move bisects them.
        self._starts[name] = [start for start, _ in self.units[name]]
        if name == "sentence" and units and self.cursor is None:
            self.cursor = self.units[name][0]
            self.cursor_unit = name
            self._changed(scroll=False)

    def unit_index(self, name: str) -> tuple[int, int] | None:
        """(1-based index, count) of the cursor within unit kind ``name``."""
        units = self.units.get(name, [])
        if self.cursor is None or not units:
            return None
        return max(1, bisect_right(self._starts[name], self.cursor[0])), len(units)

    def set_highlights(self, highlights: list[Highlight]) -> None:
        self.highlights = sorted(highlights, key=lambda h: (h.start, h.end))
        self._hl_starts = [h.start for h in self.highlights]
        self.refresh()

    def toggle_layer(self, layer: str) -> bool:
        """Hide or show a highlight layer; returns True when it is now shown."""
        if layer in self.hidden_layers:
            self.hidden_layers.discard(layer)
        else:
            self.hidden_layers.add(layer)
        self.refresh()
        return layer not in self.hidden_layers

    # -- cursor and selection ---------------------------------------------------------

    @property
    def selection(self) -> tuple[int, int] | None:
        """The selected span, or None when nothing is selected."""
        if self.free_span is not None:
            return self.free_span
        if self.anchor is None or self.cursor is None:
            return None
        return min(self.anchor[0], self.cursor[0]), max(self.anchor[1], self.cursor[1])

    @property
    def target(self) -> tuple[int, int] | None:
        """What an action applies to: the selection, else the cursor's unit."""
        return self.selection or self.cursor

    def move(self, unit: str, delta: int) -> bool:
        """Move the cursor to the next (delta > 0) or previous unit of that kind.

        Returns False when there is no such unit in that direction. With a
        selection anchored, the move extends the selection.
        """
        units = self.units.get(unit, [])
        if not units:
            return False
        self.free_span = None
        here = self.cursor[0] if self.cursor else -1
        starts = self._starts[unit]
        if delta > 0:
            # From another unit kind, a unit starting right at the cursor comes next.
            same_kind = unit == self.cursor_unit
            index = bisect_right(starts, here) if same_kind else bisect_left(starts, here)
            while index < len(units) and units[index] == self.cursor:
                index += 1
            if index >= len(units):
                return False
        else:
            index = bisect_left(starts, here) - 1
            if index < 0:
                return False
        self.cursor = units[index]
        self.cursor_unit = unit
        self._changed()
        return True

    def move_to_span(self, span: tuple[int, int], unit: str) -> None:
        self.free_span = None
        self.cursor = span
        self.cursor_unit = unit
        self._changed()

    def move_to_offset(self, offset: int) -> None:
        """Put the cursor on the sentence (or word) containing ``offset``."""
        for unit in ("sentence", "word"):
            for span in self.units.get(unit, []):
                if span[0] <= offset < span[1]:
                    self.move_to_span(span, unit)
                    return

    def start_selection(self) -> bool:
        """Anchor a selection at the cursor; a second press clears it. True when active."""
        if self.anchor is not None or self.free_span is not None:
            self.clear_selection()
            return False
        if self.cursor is None:
            return False
        self.anchor = self.cursor
        self._changed()
        return True

    def clear_selection(self) -> None:
        self.anchor = None
        self.free_span = None
        self._changed()

    def select_span(self, start: int, end: int) -> None:
        """Select an arbitrary span (from the mouse)."""
        self.anchor = None
        self.free_span = (start, end)
        self._changed()

    def _changed(self, scroll: bool = True) -> None:
        if scroll:
            self.scroll_to_span(self.cursor)
        self.refresh()
        self.post_message(self.CursorMoved(self))

    def scroll_to_span(self, span: tuple[int, int] | None) -> None:
        layout = self._layout
        if span is None or layout is None:
            return
        top = layout.row_of(span[0])
        bottom = layout.row_of(max(span[0], span[1] - 1))
        height = bottom - top + 1
        self.scroll_to_region(
            Region(0, top, 1, min(height, max(1, self.scrollable_content_region.height))),
            animate=False,
            spacing=None,
        )

    # -- layout and rendering ------------------------------------------------------------

    def _text_width(self) -> int:
        return max(8, self.scrollable_content_region.width)

    def _relayout(self) -> None:
        self._layout = BodyLayout(self.drawn, self._text_width())
        self.virtual_size = Size(self._text_width(), len(self._layout.rows))

    def on_mount(self) -> None:
        self._relayout()

    def on_resize(self, event: Resize) -> None:
        self._relayout()
        self.scroll_to_span(self.cursor)
        self.refresh()

    def _spans_over(self, start: int, end: int) -> list[Highlight]:
        # Highlights are sorted by start; only those starting before ``end`` can overlap.
        stop = bisect_left(self._hl_starts, end)
        return [h for h in self.highlights[:stop] if h.end > start]

    def render_line(self, y: int) -> Strip:
        layout = self._layout
        width = self.scrollable_content_region.width
        base = self.rich_style
        row = y + self.scroll_offset.y
        if layout is None or row >= len(layout.rows) or layout.rows[row] is None:
            return Strip.blank(width, base)
        line = layout.rows[row]
        assert line is not None
        text = Text(self.drawn[line.start : line.end], style=base, no_wrap=True, end="")
        for style, span in self._line_styles(line.start, line.end):
            # Clamped to this line: Rich would count a negative end from the line's
            # end and paint a span that stopped on an earlier row onto this one.
            cut = _clamp(span, line.start, line.end)
            if cut is not None:
                text.stylize(style, *cut)
        segments = list(text.render(self.app.console))
        strip = Strip(segments).crop_extend(0, width, base)
        return strip.simplify() if segments else Strip([Segment(" " * width, base)])

    def _line_styles(self, start: int, end: int) -> list[tuple[Style, tuple[int, int]]]:
        """The styles to lay over body[start:end], bottom layer first: highlights,
        then the cursor (when nothing is selected), then the selection."""
        styles = [
            (hl.style, (hl.start, hl.end))
            for hl in self._spans_over(start, end)
            if hl.layer not in self.hidden_layers
        ]
        selection = self.selection
        if self.cursor and selection is None:
            styles.append((self.CURSOR_STYLE, self.cursor))
        if selection:
            styles.append((self.SELECTION_STYLE, selection))
        return styles

    # -- mouse selection -----------------------------------------------------------------

    def _offset_at_event(self, x: int, y: int) -> int | None:
        if self._layout is None:
            return None
        row = y + self.scroll_offset.y
        return self._layout.offset_at(row, max(0, x - 1), self.drawn)

    def on_mouse_down(self, event: MouseDown) -> None:
        self._mouse_from = self._offset_at_event(event.x, event.y)
        if self._mouse_from is not None:
            self.capture_mouse()

    def on_mouse_move(self, event: MouseMove) -> None:
        if self._mouse_from is None or not event.button:
            return
        here = self._offset_at_event(event.x, event.y)
        if here is not None:
            lo, hi = sorted((self._mouse_from, here))
            self.free_span = (lo, hi + 1)
            self.refresh()

    def on_mouse_up(self, event: MouseUp) -> None:
        self.release_mouse()
        origin, self._mouse_from = self._mouse_from, None
        here = self._offset_at_event(event.x, event.y)
        if origin is None or here is None:
            return
        if here == origin:
            self.move_to_offset(here)
            return
        lo, hi = sorted((origin, here))
        start, end = _trim(self.body, lo, hi + 1)
        if end > start:
            self.select_span(start, end)
            self.post_message(self.MouseSelected(self, start, end))


def _clamp(span: tuple[int, int], start: int, end: int) -> tuple[int, int] | None:
    """``span`` cut to the line body[start:end], relative to the line; None when
    they do not overlap."""
    lo, hi = max(span[0], start) - start, min(span[1], end) - start
    return (lo, hi) if lo < hi else None


def _trim(body: str, start: int, end: int) -> tuple[int, int]:
    while start < end and body[start].isspace():
        start += 1
    while end > start and body[end - 1].isspace():
        end -= 1
    return start, end
