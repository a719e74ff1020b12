"""The library screen loads the library once when the app opens, and again
when the screen comes back: its first resume comes with its mount, and a
second load beside the first parsed a changed index twice at once (two child
processes of ~270 MB each at 100,000 articles)."""

from __future__ import annotations

import threading

from newsread.config import Config
from storage import catalog
from tests.pilot_helpers import SIZE, library_ready, make_library, open_first_reader, wait_until
from tui.app import NewsreadApp
from tui.screens.library import LibraryScreen


async def test_the_app_loads_the_library_once_and_again_on_return(tmp_path, monkeypatch, pipeline):
    loads: list[str] = []
    guard = threading.Lock()
    load = catalog.load

    def counted(root, lean=False):
        with guard:
            loads.append(str(root))
        return load(root, lean)

    monkeypatch.setattr(catalog, "load", counted)
    trace = tmp_path / "keys.trace"
    monkeypatch.setenv("NEWSREAD_TRACE_KEYS", str(trace))
    app = NewsreadApp(make_library(tmp_path / "lib"), Config())
    async with app.run_test(size=SIZE) as pilot:
        await library_ready(pilot, app)
        await app.workers.wait_for_complete()
        assert len(loads) == 1

        def loaded() -> int:
            return trace.read_text(encoding="utf-8").count("library loaded")

        assert loaded() == 1
        await open_first_reader(pilot, app)
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, LibraryScreen))
        # Back from the reader, the screen looks again (another process may have written).
        await wait_until(pilot, lambda: loaded() == 2)


async def test_loads_asked_one_after_another_run_one_at_a_time(tmp_path, monkeypatch, pipeline):
    import time

    from newsread.model import Article
    from storage.library import Library

    running: list[int] = []
    most = [0]
    guard = threading.Lock()
    load = catalog.load

    def slow(root, lean=False):
        with guard:
            running.append(1)
            most[0] = max(most[0], len(running))
        try:
            time.sleep(0.3)  # a large index: the next load is asked meanwhile
            return load(root, lean)
        finally:
            with guard:
                running.pop()

    root = tmp_path / "lib"
    app = NewsreadApp(make_library(root), Config())
    async with app.run_test(size=SIZE) as pilot:
        await library_ready(pilot, app)
        await app.workers.wait_for_complete()
        monkeypatch.setattr(catalog, "load", slow)
        # Another process adds an article: the next loads read the index again.
        Library(root).save_articles([Article(id="late0003", title="Late story", body="Late.")])
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        screen.reload()
        await pilot.pause(0.1)
        screen.reload()
        await wait_until(pilot, lambda: screen.table.row_count == 3)
        await app.workers.wait_for_complete()
        assert most[0] == 1
