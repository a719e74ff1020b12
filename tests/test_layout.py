"""Wrapping keeps offsets: every character of a paragraph is on exactly one row."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from newsread.annotations.textspans import paragraph_spans
from tui.widgets.layout import BodyLayout

words = st.text(alphabet="abcdefghij klmnop.,\u201c\u201d\u00e9\u4e2d", min_size=1, max_size=30)
bodies = st.lists(words, min_size=1, max_size=8).map("\n\n".join)


@settings(max_examples=200, derandomize=True, deadline=None, database=None)
@given(body=bodies, width=st.integers(min_value=8, max_value=60))
def test_rows_cover_each_paragraph_once_and_map_back(body, width):
    layout = BodyLayout(body, width)
    rows = [r for r in layout.rows if r is not None]
    for start, end in paragraph_spans(body):
        covered = [(r.start, r.end) for r in rows if r.start < end and start < r.end]
        # consecutive rows tile the paragraph without gaps or overlaps
        assert covered[0][0] == start and covered[-1][1] == end
        for (_, e1), (s2, _) in zip(covered, covered[1:], strict=False):
            assert e1 == s2
        for offset in range(start, end):
            row = layout.rows[layout.row_of(offset)]
            assert row is not None and row.start <= offset < row.end


def test_offset_at_a_screen_cell_is_the_character_drawn_there():
    body = "alpha beta gamma delta"
    layout = BodyLayout(body, 11)
    assert [body[r.start : r.end] for r in layout.rows] == ["alpha beta ", "gamma delta"]
    assert layout.offset_at(1, 0, body) == body.index("gamma")
    assert layout.offset_at(1, 6, body) == body.index("delta")
    assert layout.offset_at(5, 0, body) is None


def test_an_overlong_word_of_wide_characters_splits_by_cells():
    body = "aaaaaaaaa\u4e2d\u4e2d"  # 9 narrow + 2 wide characters: 13 cells
    layout = BodyLayout(body, 12)
    assert [body[r.start : r.end] for r in layout.rows] == ["aaaaaaaaa\u4e2d", "\u4e2d"]
