"""The statistics screen driven by Pilot: opened with % from the library and the
reader, the figures counted off the event loop, the time line drawn as a
chart, escape and q back to where it was opened."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

from rich.console import Console
from textual.widgets import Static

from newsread.config import Config
from storage.analyses import analyze_missing
from storage.library import Library
from tests.pilot_helpers import SIZE, library_ready, open_article, tagged_library, wait_until
from tui.app import NewsreadApp
from tui.screens.stats import StatsScreen


def build(root: Path, pipeline) -> Library:
    """tagged_library's four annotations, dated, over two dated, analysed articles."""
    library = tagged_library(root)
    dated = []
    for article_id, day in (("harbour01", "2026-11-02"), ("second002", "2026-11-20")):
        article = library.get_article(article_id)
        article.published = day
        dated.append(article)
    library.save_articles(dated)
    for article_id in ("harbour01", "second002"):
        library.apply_annotation_changes(
            article_id,
            save=[
                replace(a, created="2026-11-21T09:30:00+00:00")
                for a in library.annotations(article_id)
            ],
        )
    analyze_missing(library, dated, pipeline)
    return library


async def open_stats(pilot, app) -> StatsScreen:
    await pilot.press("percent_sign")
    await wait_until(pilot, lambda: isinstance(app.screen, StatsScreen) and app.screen.loaded)
    return app.screen


def screen_text(screen: StatsScreen) -> str:
    """What the screen's text widgets hold, rendered at the test's width (the
    tables run below the visible part: they are scrolled to)."""
    console = Console(width=SIZE[0], record=True, file=io.StringIO())
    for widget in screen.query(Static):
        if widget.display:
            console.print(widget.content)
    return console.export_text()


async def test_library_percent_opens_the_figures_and_escape_closes(tmp_path, pipeline):
    app = NewsreadApp(build(tmp_path / "lib", pipeline), Config())
    async with app.run_test(size=SIZE) as pilot:
        await library_ready(pilot, app)
        library_screen = app.screen
        screen = await open_stats(pilot, app)
        stats = screen.stats
        assert stats is not None and not screen.error
        assert (stats.articles, stats.annotated_articles, stats.annotations) == (2, 2, 4)
        assert dict(stats.per_tag) == {"verify": 3, "follow-up": 2, "quote": 0}
        assert stats.per_annotator == [("unknown", 4)]
        assert stats.analysed_articles == 2
        assert stats.grain == "day" and len(stats.timeline) == 20
        assert [(b.label, b.articles, b.annotations) for b in stats.timeline if b.articles] == [
            ("2026-11-02", 1, 0),
            ("2026-11-20", 1, 0),
        ]
        assert stats.timeline[-1].annotations == 4
        names = {r.text for r in stats.top_entities}
        assert "Mara Quist" in names
        assert "union leader Mara Quist" in {r.text for r in stats.top_speakers}
        # The chart is drawn, and the tables are on the screen.
        chart = screen.query_one("#stats-chart")
        assert chart.display and "articles" in str(chart.render())
        text = screen_text(screen)
        for heading in ("2 articles", "Annotations per tag", "Top entities", "Claims by kind"):
            assert heading in text
        assert "verify" in text and "Mara Quist" in text
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is library_screen)


async def test_reader_percent_opens_it_and_q_goes_back_to_the_reader(tmp_path, pipeline):
    app = NewsreadApp(build(tmp_path / "lib", pipeline), Config())
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_article(pilot, app)
        screen = await open_stats(pilot, app)
        assert screen.stats is not None and screen.stats.articles == 2
        # % again does not stack a second statistics screen.
        await pilot.press("percent_sign")
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("q")
        await wait_until(pilot, lambda: app.screen is reader)
        assert app.is_running  # q closed the screen, it did not quit the app


async def test_reload_counts_what_changed_meanwhile(tmp_path, pipeline):
    library = build(tmp_path / "lib", pipeline)
    app = NewsreadApp(library, Config())
    async with app.run_test(size=SIZE) as pilot:
        await library_ready(pilot, app)
        screen = await open_stats(pilot, app)
        first = screen.stats
        assert first is not None and first.annotations == 4
        library.delete_annotation("harbour01", "a1")
        await pilot.press("R")
        await wait_until(pilot, lambda: screen.stats is not first)
        assert screen.stats is not None and screen.stats.annotations == 3


async def test_the_key_is_listed_and_can_be_remapped(tmp_path, pipeline):
    assert "app.stats" in NewsreadApp.known_bindings()
    assert StatsScreen in NewsreadApp.screen_classes()
    app = NewsreadApp(build(tmp_path / "lib", pipeline), Config(keys={"app.stats": "f7"}))
    async with app.run_test(size=SIZE) as pilot:
        await library_ready(pilot, app)
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "HelpScreen")
        assert any(row[2] == "app.stats" and row[0] == "f7" for row in app.screen.rows)
        await pilot.press("escape")
        await library_ready(pilot, app)
        await pilot.press("f7")
        await wait_until(pilot, lambda: isinstance(app.screen, StatsScreen) and app.screen.loaded)


async def test_an_empty_library_says_so(tmp_path):
    app = NewsreadApp(Library(tmp_path / "lib"), Config())
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: type(app.screen).__name__ == "LibraryScreen")
        screen = await open_stats(pilot, app)
        assert screen.stats is not None and screen.stats.articles == 0
        assert not screen.query_one("#stats-chart").display
        assert "0 articles" in screen_text(screen)


async def test_an_unanalysed_library_says_why_no_names_are_listed(tmp_path):
    app = NewsreadApp(tagged_library(tmp_path / "lib"), Config())
    async with app.run_test(size=SIZE) as pilot:
        await library_ready(pilot, app)
        screen = await open_stats(pilot, app)
        assert screen.stats is not None and screen.stats.analysed_articles == 0
        text = screen_text(screen)
        assert "No article has a current analysis yet" in text
        assert "Annotations per tag" in text and "Top entities" not in text
