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
