"""The statistics screen's chart: counts are whole numbers, and so are the
labels of its count axis."""

from __future__ import annotations

import re
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from textual_plotext import PlotextPlot

from storage.stats import Bucket, LibraryStats
from tui.screens.stats import draw_timeline, whole_ticks

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def count_labels(steps: int, top: int) -> list[str]:
    start = date(2026, 1, 1)
    stats = LibraryStats(grain="day")
    stats.timeline = [
        Bucket(start + timedelta(days=i), f"d{i}", articles=(i * 7) % (top + 1), annotations=top)
        for i in range(steps)
    ]
    plot = PlotextPlot()
    draw_timeline(SimpleNamespace(plt=plot.plt, refresh=lambda: None), stats)
    plot.plt.plotsize(100, 24)
    drawn = ANSI.sub("", plot.plt.build())
    return re.findall(r"^\s*(\S+)┤", drawn, re.MULTILINE)


@pytest.mark.parametrize(("steps", "top"), [(5, 11), (5, 3), (30, 13), (40, 1234), (3, 1)])
def test_the_count_axis_is_labelled_in_whole_numbers(steps, top):
    labels = count_labels(steps, top)
    assert labels and all(label.isdigit() for label in labels), labels
    assert int(labels[0]) >= top  # the tallest count is on the axis


def test_whole_ticks_are_round_steps_up_to_the_top():
    assert whole_ticks(0) == [0, 1]
    assert whole_ticks(5) == [0, 1, 2, 3, 4, 5]
    assert whole_ticks(11) == [0, 5, 10, 15]
    assert whole_ticks(99) == [0, 20, 40, 60, 80, 100]
    for top in range(0, 3000, 7):
        ticks = whole_ticks(top)
        assert len(ticks) <= 6 and ticks[-1] >= top and ticks[0] == 0


def date_labels(steps: int, width: int, given_width: bool = True) -> tuple[list[str], list[str]]:
    """The month labels under a chart ``width`` cells wide, and every month's."""
    stats = LibraryStats(grain="month")
    stats.timeline = [
        Bucket(date(2025 + m // 12, 1 + m % 12, 1), f"{2025 + m // 12}-{1 + m % 12:02d}", m, 1)
        for m in range(steps)
    ]
    plot = PlotextPlot()
    chart = SimpleNamespace(plt=plot.plt, refresh=lambda: None)
    draw_timeline(chart, stats, width if given_width else 0)
    # As the widget sizes it (plotext alone keeps to the terminal's width).
    plot.plt.plotsize(width, 16)
    plot.plt._set_size(width, 16)
    drawn = ANSI.sub("", plot.plt.build()).rstrip("\n").split("\n")
    return drawn[-1].split(), [b.label for b in stats.timeline]


def evenly_stepped(shown: list[str], every: list[str]) -> int:
    """The one step between the labels shown, which start at the first step."""
    at = [every.index(label) for label in shown]
    steps = {b - a for a, b in zip(at, at[1:], strict=False)}
    assert at and at[0] == 0 and len(steps) <= 1, shown
    return steps.pop() if steps else len(every)


@pytest.mark.parametrize("width", [44, 60, 80, 100, 116, 140, 170])
@pytest.mark.parametrize("steps", [4, 8, 12, 16, 24, 36])
def test_the_date_axis_labels_every_nth_step_evenly_by_what_fits(steps, width):
    shown, every = date_labels(steps, width)
    step = evenly_stepped(shown, every)
    # None of the labels asked for was dropped for want of room.
    assert len(shown) == -(-steps // step), (steps, width, shown)


def test_a_year_of_months_is_labelled_every_month_when_wide_and_evenly_when_not():
    shown, every = date_labels(12, 170)
    assert shown == every
    shown, every = date_labels(12, 80)
    assert evenly_stepped(shown, every) == 2
    # The width not known yet: at most MOST_TICKS labels, evenly all the same.
    shown, every = date_labels(12, 80, given_width=False)
    assert evenly_stepped(shown, every) == 2 and len(shown) == 6


def bars_and_ticks(steps: int, width: int) -> tuple[list[tuple[int, int]], list[int]]:
    """The columns of each bar (first, last) on the chart's bottom row and of
    each date tick (``┬``), for weekly counts with no annotations yet."""
    stats = LibraryStats(grain="week")
    stats.timeline = [
        Bucket(date(2026, 9, 28) + timedelta(weeks=w), f"2026-W{40 + w}", 1 + w % 3, 0)
        for w in range(steps)
    ]
    plot = PlotextPlot()
    draw_timeline(SimpleNamespace(plt=plot.plt, refresh=lambda: None), stats, width)
    plot.plt.plotsize(width, 20)
    plot.plt._set_size(width, 20)
    drawn = ANSI.sub("", plot.plt.build()).rstrip("\n").split("\n")
    axis = next(i for i, line in enumerate(drawn) if "└" in line)
    bottom = drawn[axis - 1]
    runs = [(m.start(), m.end() - 1) for m in re.finditer("█+", bottom)]
    ticks = [i for i, ch in enumerate(drawn[axis]) if ch == "┬"]
    return runs, ticks


@pytest.mark.parametrize("width", [80, 100, 120])
def test_each_date_tick_is_under_its_bars_centre(width):
    # Without annotations the article bars stood left of their ticks (half a
    # bar off: the empty annotations series took the right half of each step).
    runs, ticks = bars_and_ticks(6, width)
    assert len(runs) == 6 and ticks, (runs, ticks)
    for tick in ticks:
        first, last = min(runs, key=lambda run: abs((run[0] + run[1]) / 2 - tick))
        assert first <= tick <= last and abs((first + last) / 2 - tick) <= 1, (tick, runs)
