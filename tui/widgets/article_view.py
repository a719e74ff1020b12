"""The article body: wrapped text with highlight layers, a cursor and a selection.

Rendered with Textual's line API so long articles cost only the visible rows.
Where the cursor is and how it moves is the ``TextCursor`` model's business;
this widget turns its moves into scrolling, drawing and ``CursorMoved``.

A one-column margin on the left carries marks for whole passages
(``set_marks``): check-worthy sentences, drawn heavier the higher they score,
without covering the text itself.

The lines cleaning cut can be drawn in place (``set_cuts``): dimmed and struck
through, each after its reason, as ghost rows that take none of the body's
offsets, so highlights, the cursor and the mouse keep working on the body.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.events import MouseDown, MouseMove, MouseUp, Resize
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from newsread.model import Cut
from newsread.sanitize import visible
from tui.models.cursor import Span, TextCursor
from tui.models.cuts import label
from tui.widgets.layout import BodyLayout, Ghost, GhostRow


@dataclass(frozen=True)
class Highlight:
    start: int
    end: int
    style: Style
    layer: str  # "entity", "claim", "tag": each layer can be hidden on its own


@dataclass(frozen=True)
class Mark:
    """A margin mark beside the rows of body[start:end]; ``level`` 0 (faint) to 2 (strong)."""

    start: int
    end: int
    level: int
    layer: str = "claim"


#: The margin's glyphs and colours by level: heavier and brighter for a higher score.
MARK_GLYPHS = ("╎", "│", "┃")
MARK_STYLES = (
    Style(color="#7a6a4f"),
    Style(color="#c0945a"),
    Style(color="#ffb86c", bold=True),
)
GUTTER = 1  # columns of margin before the text


class ArticleView(ScrollView, can_focus=True, inherit_bindings=False):
    """Shows one body; all positions are character offsets into it.

    None of Textual's scrolling keys: the reader binds every key (each with
    an id), so that no key scrolls the text away from the cursor that ``t``
    tags (end once scrolled to the last line, the cursor left on the first
    sentence). The mouse wheel still scrolls: ``show_target`` brings the
    cursor back before a key acts on it."""

    DEFAULT_CSS = """
    ArticleView {
        background: $surface;
        /* The left column is the margin for marks, drawn by render_line. */
        padding: 0 1 0 0;
    }
    ArticleView:focus {
        background-tint: $foreground 3%;
    }
    """

    CURSOR_STYLE = Style(bgcolor="#3a3f4b", bold=True)
    SELECTION_STYLE = Style(bgcolor="#2f5f8f", color="#ffffff")
    CUT_LABEL_STYLE = Style(dim=True, italic=True, color="#e5c07b")
    CUT_TEXT_STYLE = Style(dim=True, strike=True)

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

    def __init__(
        self,
        body: str,
        *,
        cursor: TextCursor | None = None,
        id: str | None = None,
        max_width: int = 0,
    ) -> None:
        super().__init__(id=id)
        #: the longest line of text in columns (0: the widget's width)
        self.max_width = max_width
        # Where the cursor is and what is selected: the reader's model shares it.
        self.model = cursor if cursor is not None else TextCursor(body)
        self.drawn = _drawn(body)
        self.ghosts: list[Ghost] = []
        self._label_ends: list[int] = []  # where each ghost's reason ends in its text
        self.highlights: list[Highlight] = []
        self.marks: list[Mark] = []
        self._mark_starts: list[int] = []
        self.hidden_layers: set[str] = set()
        self._layout: BodyLayout | None = None
        self._hl_starts: list[int] = []
        self._mouse_from: int | None = None

    # -- the model's state, as the screen and tests read it ------------------------------

    @property
    def body(self) -> str:
        return self.model.body

    @property
    def units(self) -> dict[str, list[Span]]:
        return self.model.units

    @property
    def cursor(self) -> Span | None:
        return self.model.span

    @property
    def anchor(self) -> Span | None:
        return self.model.anchor

    @property
    def free_span(self) -> Span | None:
        return self.model.free_span

    @property
    def selection(self) -> Span | None:
        """The selected span, or None when nothing is selected."""
        return self.model.selection

    @property
    def target(self) -> Span | None:
        """What an action applies to: the selection, else the cursor's unit."""
        return self.model.target

    def unit_index(self, name: str) -> tuple[int, int] | None:
        return self.model.unit_index(name)

    # -- content -------------------------------------------------------------------

    def set_units(self, name: str, units: list[Span]) -> None:
        """Register the spans of one unit kind; sentences also place the cursor."""
        if self.model.set_units(name, units):
            self.cursor_changed(scroll=False)

    def set_body(self, body: str) -> None:
        """Draw another body (a line put back or cut); the cursor model was reset
        to it by the reader's model."""
        self.drawn = _drawn(body)
        self.highlights, self._hl_starts = [], []
        self.marks, self._mark_starts = [], []
        self._relayout()
        self.refresh()

    def set_cuts(self, cuts: list[Cut]) -> None:
        """Draw these cut lines in place ([] hides them); index k is ``cuts[k]``."""
        labels = [label(c) for c in cuts]
        self.ghosts = [
            Ghost(c.position, c.inline, _drawn(text + c.text))
            for c, text in zip(cuts, labels, strict=True)
        ]
        self._label_ends = [len(text) for text in labels]
        if self.is_mounted:
            self._relayout()
        self.refresh()

    def set_highlights(self, highlights: list[Highlight]) -> None:
        self.highlights = sorted(highlights, key=lambda h: (h.start, h.end))
        self._hl_starts = [h.start for h in self.highlights]
        self.refresh()

    def set_marks(self, marks: list[Mark]) -> None:
        self.marks = sorted(marks, key=lambda m: (m.start, m.end))
        self._mark_starts = [m.start for m in self.marks]
        self.refresh()

    def mark_level(self, start: int, end: int) -> int | None:
        """The strongest shown mark on body[start:end], or None."""
        stop = bisect_left(self._mark_starts, end)
        levels = [
            m.level
            for m in self.marks[:stop]
            if start < m.end and m.layer not in self.hidden_layers
        ]
        return max(levels) if levels else None

    def toggle_layer(self, layer: str) -> bool:
        """Hide or show a highlight layer; returns True when it is now shown."""
        if layer in self.hidden_layers:
            self.hidden_layers.discard(layer)
        else:
            self.hidden_layers.add(layer)
        self.refresh()
        return layer not in self.hidden_layers

    # -- cursor and selection: the model moves, the view follows ----------------------

    def move(self, unit: str, delta: int) -> bool:
        """Move to the next (delta > 0) or previous unit of that kind; False when
        there is none. With a selection anchored, the move extends it."""
        if not self.model.move(unit, delta):
            return False
        self.cursor_changed()
        return True

    def move_to_span(self, span: Span, unit: str) -> None:
        self.model.move_to_span(span, unit)
        self.cursor_changed()

    def move_to_offset(self, offset: int) -> None:
        """Put the cursor on the sentence (or word) containing ``offset``."""
        found = self.model.unit_at(offset)
        if found is not None:
            self.move_to_span(*found)

    def start_selection(self) -> bool:
        """Anchor a selection at the cursor; a second press clears it. True when active."""
        if self.model.toggle_selection():
            self.cursor_changed()
        return self.model.anchor is not None

    def clear_selection(self) -> None:
        self.model.clear_selection()
        self.cursor_changed()

    def select_span(self, start: int, end: int) -> None:
        """Select an arbitrary span (from the mouse)."""
        self.model.select_span(start, end)
        self.cursor_changed()

    def page(self, unit: str, delta: int) -> bool:
        """Scroll a screenful down (``delta`` > 0) or up and put the cursor on
        the first ``unit`` that starts in the new view; at the end (or the
        start) already, on the last (first) one. False when nothing moved."""
        units = self.model.units.get(unit, [])
        layout = self._layout
        if not units or layout is None:
            return False
        height = max(1, self.scrollable_content_region.height)
        top = round(self.scroll_y)
        new_top = max(0, min(top + height * (1 if delta > 0 else -1), round(self.max_scroll_y)))
        here = self.model.span
        if new_top == top:
            target = units[-1] if delta > 0 else units[0]
        else:
            first = next(
                (u for u in units if new_top <= layout.row_of(u[0]) < new_top + height), None
            )
            target = first or self._unit_over_row(units, new_top)
            # Never back against the key: the cursor low in the old view may be
            # in the new one below its first sentence already.
            if (
                here is not None
                and (target[0] - here[0]) * delta < 0
                and new_top <= layout.row_of(here[0]) < new_top + height
            ):
                target = here
            self.scroll_to(y=new_top, animate=False, immediate=True)
        if target == here and self.model.unit == unit:
            return False
        self.move_to_span(target, unit)
        return True

    def edge(self, unit: str, delta: int) -> bool:
        """The cursor to the last ``unit`` (``delta`` > 0) or the first one."""
        units = self.model.units.get(unit, [])
        if not units:
            return False
        self.move_to_span(units[-1] if delta > 0 else units[0], unit)
        return True

    def _unit_over_row(self, units: list[Span], row: int) -> Span:
        """The unit holding the first character shown at or after ``row`` (one
        sentence taller than the view starts above it)."""
        layout = self._layout
        offset = len(self.body)
        if layout is not None:
            shown = (r for r in layout.rows[row:] if r is not None and not isinstance(r, GhostRow))
            line = next(shown, None)
            offset = line.start if line is not None else offset
        starts = [u[0] for u in units]
        return units[max(0, bisect_left(starts, offset + 1) - 1)]

    def show_target(self) -> None:
        """Scroll back to what a key acts on (the selection, else the cursor)
        when the mouse wheel took the view away from it."""
        if self.model.cut is not None and self.selection is None:
            self.scroll_to_cut(self.model.cut)
        else:
            self.scroll_to_span(self.target)

    def cursor_changed(self, scroll: bool = True) -> None:
        """Show the model's new cursor or selection, and tell the screen."""
        if scroll and self.model.cut is not None:
            self.scroll_to_cut(self.model.cut)
        elif scroll:
            self.scroll_to_span(self.cursor)
        self.refresh()
        self.post_message(self.CursorMoved(self))

    def scroll_to_cut(self, index: int) -> None:
        rows = self._layout.ghost_rows.get(index) if self._layout else None
        if rows is not None:
            self._scroll_to_rows(*rows)

    def scroll_to_span(self, span: tuple[int, int] | None) -> None:
        layout = self._layout
        if span is None or layout is None:
            return
        self._scroll_to_rows(layout.row_of(span[0]), layout.row_of(max(span[0], span[1] - 1)))

    def _scroll_to_rows(self, top: int, bottom: int) -> None:
        height = bottom - top + 1
        self.scroll_to_region(
            Region(0, top, 1, min(height, max(1, self.scrollable_content_region.height))),
            animate=False,
            spacing=None,
        )

    # -- layout and rendering ------------------------------------------------------------

    def _text_width(self) -> int:
        room = self.scrollable_content_region.width - GUTTER
        return max(8, min(room, self.max_width) if self.max_width else room)

    def _relayout(self) -> None:
        self._layout = BodyLayout(self.drawn, self._text_width(), self.ghosts)
        self.virtual_size = Size(self._text_width(), len(self._layout.rows))

    def on_mount(self) -> None:
        self._relayout()

    def on_resize(self, event: Resize) -> None:
        self._relayout()

    def watch_show_vertical_scrollbar(self, shown: bool) -> None:
        # The scrollbar takes columns from the text without resizing the
        # widget (no Resize): a body that grew past the height (C's cut lines)
        # would keep its old wrap, its ends under the bar. After this layout
        # pass, not inside it. Wrapping narrower only adds rows, so the bar
        # it brought stays: no back and forth.
        self.call_after_refresh(self._rewrap)

    def _rewrap(self) -> None:
        if self._layout is not None and self._layout.width != self._text_width():
            self._relayout()
            self.refresh()
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
        if isinstance(line, GhostRow):
            return self._gutter(None, base) + self._render_cut(line, width - GUTTER, base)
        text = Text(self.drawn[line.start : line.end], style=base, no_wrap=True, end="")
        for style, span in self._line_styles(line.start, line.end):
            # Clamped to this line: Rich would count a negative end from the line's
            # end and paint a span that stopped on an earlier row onto this one.
            cut = _clamp(span, line.start, line.end)
            if cut is not None:
                text.stylize(style, *cut)
        segments = list(text.render(self.app.console))
        inner = width - GUTTER
        strip = Strip(segments).crop_extend(0, inner, base)
        return (self._gutter(self.mark_level(line.start, line.end), base) + strip).simplify()

    def _gutter(self, level: int | None, base: Style) -> Strip:
        if level is None:
            return Strip.blank(GUTTER, base)
        return Strip([Segment(MARK_GLYPHS[level], base + MARK_STYLES[level])], GUTTER)

    def _render_cut(self, row: GhostRow, width: int, base: Style) -> Strip:
        """A row of a cut line: its reason, then its text struck through."""
        ghost = self.ghosts[row.ghost]
        text = Text(ghost.text[row.start : row.end], style=base, no_wrap=True, end="")
        label_end = self._label_ends[row.ghost] - row.start
        text.stylize(self.CUT_LABEL_STYLE, 0, max(0, label_end))
        text.stylize(self.CUT_TEXT_STYLE, max(0, label_end), len(text))
        if self.model.cut == row.ghost:
            text.stylize(self.CURSOR_STYLE)
        return Strip(list(text.render(self.app.console))).crop_extend(0, width, base)

    def _line_styles(self, start: int, end: int) -> list[tuple[Style, tuple[int, int]]]:
        """The styles to lay over body[start:end], bottom layer first: highlights,
        then the cursor (when nothing is selected), then the selection."""
        styles = [
            (hl.style, (hl.start, hl.end))
            for hl in self._spans_over(start, end)
            if hl.layer not in self.hidden_layers
        ]
        selection = self.selection
        if self.cursor and selection is None and self.model.cut is None:
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
            self.model.free_span = self.model.dragged(self._mouse_from, here)
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
        span = self.model.released(origin, here)
        if span is not None:
            self.select_span(*span)
            self.post_message(self.MouseSelected(self, *span))


def _drawn(text: str) -> str:
    # What is drawn: the stored text keeps what was imported, the screen gets
    # visible stand-ins, one character for one so every offset still holds. A tab
    # would jump to the terminal's next tab stop while the layout counts it as no
    # cell at all: it is drawn as one space.
    return visible(text).replace("\t", " ")


def _clamp(span: tuple[int, int], start: int, end: int) -> tuple[int, int] | None:
    """``span`` cut to the line body[start:end], relative to the line; None when
    they do not overlap."""
    lo, hi = max(span[0], start) - start, min(span[1], end) - start
    return (lo, hi) if lo < hi else None
