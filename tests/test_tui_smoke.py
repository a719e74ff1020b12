"""Open every article of the demo library (and of the seeds, when present) in the
reader and walk its entities, claims and side lists: nothing may crash."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsread.config import Config
from newsread.ingest.demo import write_demo_sources
from storage.analyses import analyze_missing
from storage.imports import import_paths
from storage.library import Library
from tests.pilot_helpers import SIZE, library_ready, wait_until
from tui.app import NewsreadApp
from tui.screens.library import LibraryScreen
from tui.screens.reader import ReaderScreen


async def walk_every_article(library: Library) -> int:
    app = NewsreadApp(library, Config())
    opened = 0
    async with app.run_test(size=SIZE) as pilot:
        await library_ready(pilot, app)
        rows = app.screen.query_one("#articles").row_count
        for row in range(rows):
            app.screen.query_one("#articles").move_cursor(row=row)
            await pilot.press("enter")
            await wait_until(
                pilot,
                lambda: isinstance(app.screen, ReaderScreen) and app.screen.analysis is not None,
            )
            reader = app.screen
            marks = len(reader.view.units.get("mark", []))
            for _ in range(min(marks, 3)):
                await pilot.press("right_square_bracket")
            await pilot.press("left_square_bracket")
            await pilot.press("tab", "enter", "tab", "enter")
            opened += 1
            await pilot.press("escape", "escape")
            await wait_until(pilot, lambda: isinstance(app.screen, LibraryScreen))
    assert app.return_code in (None, 0)
    return opened


async def test_every_demo_article_opens_and_walks(tmp_path: Path, pipeline):
    library = Library(tmp_path / "lib")
    sources = write_demo_sources(tmp_path / "sources")
    _, fresh = import_paths(library, [str(p) for p in sources])
    analyze_missing(library, fresh, pipeline)
    assert await walk_every_article(library) == len(fresh)


async def test_every_seed_article_opens_and_walks(tmp_path: Path, pipeline, seeds_dir):
    library = Library(tmp_path / "lib")
    _, fresh = import_paths(library, [str(seeds_dir)])
    if not fresh:
        pytest.fail("the seeds gave no articles")
    analyze_missing(library, fresh, pipeline)
    assert await walk_every_article(library) == len(fresh)
