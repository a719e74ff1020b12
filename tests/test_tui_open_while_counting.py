"""An article opened while the library still counts its annotations (a large
library, a loaded machine) opens: the first screen's counts are what start
spaCy's warm-up, so here the reader's own worker starts it, from its thread."""

from __future__ import annotations

import threading

import pytest

from newsread.config import Config
from storage.shard_counts import ShardCounter
from tests.pilot_helpers import SIZE, make_library, wait_until
from tui.app import NewsreadApp
from tui.screens.library import LibraryScreen
from tui.screens.reader import ReaderScreen


@pytest.fixture
def counting_held(monkeypatch):
    """The annotation count waits until the test lets it go."""
    go = threading.Event()
    report = ShardCounter.report

    def held(self):
        go.wait(timeout=30)
        return report(self)

    monkeypatch.setattr(ShardCounter, "report", held)
    yield go
    go.set()


async def test_enter_before_the_counts_come_opens_the_article(tmp_path, counting_held, pipeline):
    app = NewsreadApp(make_library(tmp_path / "lib"), Config())
    async with app.run_test(size=SIZE) as pilot:

        def titles_listed() -> bool:
            screen = app.screen
            return isinstance(screen, LibraryScreen) and screen.table.row_count == 2

        await wait_until(pilot, titles_listed)
        library = app.screen
        assert isinstance(library, LibraryScreen) and not library.model.counted
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ReaderScreen), timeout=20)
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        await wait_until(pilot, lambda: reader.view.cursor is not None)
        assert not library.model.counted  # it really was opened before the counts
        counting_held.set()
