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
