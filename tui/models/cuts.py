"""The lines cleaning cut, shown in place between the body's lines: what each
one says and how the cursor steps onto them, without Textual.

A cut line is not part of the body: it stands at a body offset (``Cut.position``)
and is drawn there, but takes no room in the body's coordinates. In reading
order, a cut at offset ``p`` comes after every unit starting before ``p`` and
before the unit starting at ``p``; the cursor reaches it by sentence or by
paragraph (whole-line steps), while word and entity steps stay in the body.
"""

from __future__ import annotations

from collections.abc import Sequence

from newsread.model import Cut
from tui.models.cursor import Span, TextCursor

MARK = "✂"
LINE_UNITS = ("sentence", "paragraph")

# Reading-order keys: (offset, 0 for a cut line / 1 for a body unit, tie-break).
_Key = tuple[int, int, int]


def label(cut: Cut) -> str:
    """The dim prefix a cut line is drawn with: "✂ share bar: "."""
    where = ", inside the paragraph" if cut.inline else ""
    return f"{MARK} {cut.reason or 'cut'}{where}: "


def step(cursor: TextCursor, cuts: Sequence[Cut], unit: str, delta: int) -> bool:
    """Move by ``unit`` through the body and the cut lines shown, in reading
    order; False when there is nothing further that way."""
    lines = list(cuts) if unit in LINE_UNITS and cursor.anchor is None else []
    if cursor.cut is None and not lines:
        return cursor.move(unit, delta)
    here = _here(cursor, cuts)
    body = _body_neighbour(cursor, unit, delta, here)
    line = _line_neighbour(lines, delta, here)
    if body is None and line is None:
        return False
    body_key = (body[0], 1, 0) if body is not None else None
    if line is not None and (
        body_key is None or (line[0] < body_key if delta > 0 else line[0] > body_key)
    ):
        cursor.move_to_cut(line[1])
    elif body is not None:
        cursor.move_to_span(body, unit)
    return True


def _here(cursor: TextCursor, cuts: Sequence[Cut]) -> _Key:
    if cursor.cut is not None and cursor.cut < len(cuts):
        return (cuts[cursor.cut].position, 0, cursor.cut)
    return (cursor.span[0], 1, 0) if cursor.span else (-1, 1, 0)


def _body_neighbour(cursor: TextCursor, unit: str, delta: int, here: _Key) -> Span | None:
    if cursor.cut is None:
        # From a body unit the cursor's own rules apply (moving between unit kinds).
        saved = (cursor.span, cursor.unit, cursor.free_span)
        moved = cursor.span if cursor.move(unit, delta) else None
        cursor.span, cursor.unit, cursor.free_span = saved
        return moved
    units = cursor.units.get(unit, [])
    # From a cut line at offset p: the first unit starting at p or later, or the
    # last one starting before it.
    after = [u for u in units if u[0] >= here[0]]
    before = [u for u in units if u[0] < here[0]]
    if delta > 0:
        return after[0] if after else None
    return before[-1] if before else None


def _line_neighbour(cuts: Sequence[Cut], delta: int, here: _Key) -> tuple[_Key, int] | None:
    keys = [((c.position, 0, k), k) for k, c in enumerate(cuts)]
    if delta > 0:
        return next((item for item in keys if item[0] > here), None)
    earlier = [item for item in keys if item[0] < here]
    return earlier[-1] if earlier else None


def paragraph_at(cursor: TextCursor) -> Span | None:
    """The paragraph under the cursor (none while it stands on a cut line)."""
    if cursor.cut is not None or cursor.span is None:
        return None
    at = cursor.span[0]
    return next((p for p in cursor.units.get("paragraph", []) if p[0] <= at < p[1]), None)
