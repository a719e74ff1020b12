"""The lines that sum a command up: the refresh's feeds and articles, each
counted as what it is; an analysis's rate only from a time long enough to
measure one."""

from __future__ import annotations

from types import SimpleNamespace

from storage.entries import FeedReport
from storage.refresh import RefreshSummary
from tui.cli import analysis_commands
from tui.cli.analysis_commands import PlainProgress, RateColumn
from tui.cli.refresh_command import print_summary


def test_the_refresh_summary_counts_feeds_and_articles_apart(capsys):
    summary = RefreshSummary(
        feeds=[
            FeedReport("Valley", "https://a.example/feed", "new", added=["a1"], updated=["u1"]),
            FeedReport("Harbour", "https://b.example/feed", "updated", updated=["u2", "u3"]),
            FeedReport("Quiet", "https://c.example/feed", "not modified"),
        ]
    )
    print_summary(summary)
    assert capsys.readouterr().out.splitlines()[0] == (
        "3 feeds: 1 with new articles, 1 with updates only, 1 unchanged, 0 failed; "
        "articles: 1 new, 3 updated"
    )


class _Clock:
    def __init__(self, *times: float) -> None:
        self.times = list(times)

    def __call__(self) -> float:
        return self.times.pop(0)


def test_an_analysis_too_short_to_time_prints_no_rate(capsys, monkeypatch):
    monkeypatch.setattr(analysis_commands.time, "monotonic", _Clock(100.0, 100.001))
    plain = PlainProgress("analysing", 5)
    plain.done = 5
    plain.finish()
    assert capsys.readouterr().err == "analysing: 5/5 articles, under 0.1 s\n"


def test_an_analysis_long_enough_prints_its_rate(capsys, monkeypatch):
    monkeypatch.setattr(analysis_commands.time, "monotonic", _Clock(100.0, 104.0))
    plain = PlainProgress("analysing", 8)
    plain.done = 8
    plain.finish()
    assert capsys.readouterr().err == "analysing: 8/8 articles, 2.0/s, 4.0 s\n"


def test_the_progress_bar_shows_no_rate_before_a_second_has_passed():
    def task(elapsed: float) -> SimpleNamespace:
        return SimpleNamespace(completed=49, finished=True, finished_time=elapsed, elapsed=elapsed)

    assert RateColumn().render(task(0.01)).plain == ""
    assert RateColumn().render(task(2.0)).plain == "24.5/s"
